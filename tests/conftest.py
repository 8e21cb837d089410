"""Fixtures: a fresh, migrated store per test, on SQLite and on PostgreSQL."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

from data import schema, store
from data.models import Base
from data.moves import Rules
from data.workdays import OfficeHours, WorkCalendar

POSTGRES_URL = os.environ.get(
    "DASHBOARD_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
OFFICE_HOURS = "09:00-12:00,13:30-17:30"


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite store, copied for each test."""
    path = tmp_path_factory.mktemp("template") / "store.db"
    engine = store.make_engine(f"sqlite:///{path}")
    schema.upgrade(engine)
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def postgres_engine() -> Iterator[Engine]:
    """A migrated PostgreSQL schema of its own, dropped after the run."""
    name = f"test_{uuid.uuid4().hex[:12]}"
    admin = store.make_engine(POSTGRES_URL)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{name}"'))
    engine = store.make_engine(
        POSTGRES_URL, connect_args={"options": f"-csearch_path={name}"}, pool_size=10
    )
    schema.upgrade(engine)
    yield engine
    engine.dispose()
    with admin.begin() as connection:
        connection.execute(text(f'DROP SCHEMA "{name}" CASCADE'))
    admin.dispose()


def _truncate(engine: Engine) -> None:
    tables = list(Base.metadata.tables)
    with engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """A fresh, migrated, empty store: each test runs on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        path = tmp_path / "store.db"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
        engine = store.make_engine(f"sqlite:///{path}")
        yield engine
        engine.dispose()
    else:
        engine = request.getfixturevalue("postgres_engine")
        _truncate(engine)
        yield engine


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    """A session on the test's store; the test commits what it wants kept."""
    with store.make_sessionmaker(engine)() as session:
        yield session


@pytest.fixture
def rules() -> Rules:
    """The district's rules with Asia/Shanghai and 7 office hours a day."""
    return Rules(WorkCalendar("Asia/Shanghai", OfficeHours.parse(OFFICE_HOURS)))
