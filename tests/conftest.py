"""Fixtures: one chosen moment for the whole run, and a fresh, migrated store per test, on
SQLite and on PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

from data import store
from data.incidents.moves import Rules
from data.incidents.workdays import OfficeHours, WorkCalendar
from data.models import Base
from tests import clocks, stores

OFFICE_HOURS = "09:00-12:00,13:30-17:30"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Give each generated API test an address of its own, naming its operation.

    schemathesis names its tests `test_…[GET /api/v1/incidents]` but pytest builds their
    address from the function's name alone, so the 26 operations' tests shared one address,
    and `pytest -n` (which hands a module's tests out by address) ran the first operation 26
    times and the other 25 never.
    """
    for item in items:
        base = getattr(item, "originalname", item.name)
        operation = item.name.removeprefix(base)
        if item.nodeid.rpartition("::")[2] != item.name and operation.startswith("["):
            item._id = item.parent.id.child(base).with_params(operation[1:-1])


@pytest.fixture(scope="session", autouse=True)
def anchored_clock() -> Iterator[datetime]:
    """Live the whole run at one chosen moment (tests/clocks.py), not on the day it runs."""
    with clocks.living_at(clocks.chosen()):
        yield clocks.chosen()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite store, copied for each test."""
    return stores.migrated_sqlite(tmp_path_factory.mktemp("template") / "store.db")


@pytest.fixture(scope="session")
def postgres_engine() -> Iterator[Engine]:
    """A migrated PostgreSQL schema of this run's own, emptied before each test."""
    with stores.postgres_schema(pool_size=10) as engine:
        yield engine


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """A fresh, migrated, empty store: each test runs on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        with stores.sqlite_copy(request.getfixturevalue("sqlite_template"),
                                tmp_path / "store.db") as engine:
            yield engine
    else:
        engine = request.getfixturevalue("postgres_engine")
        with engine.begin() as connection:
            connection.execute(text(f"TRUNCATE {', '.join(Base.metadata.tables)} "
                                    "RESTART IDENTITY CASCADE"))
        yield engine


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    """A session on the test's store; the test commits what it wants kept."""
    with store.make_sessionmaker(engine)() as session:
        yield session


@pytest.fixture(scope="session")
def rules() -> Rules:
    """The district's rules with Asia/Shanghai and 7 office hours a day."""
    return Rules(WorkCalendar("Asia/Shanghai", OfficeHours.parse(OFFICE_HOURS)))
