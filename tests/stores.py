"""Fresh, migrated stores for tests: SQLite files and PostgreSQL schemas of their own."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, text

from data import schema, store

POSTGRES_URL = os.environ.get(
    "DASHBOARD_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


def migrated_sqlite(path: Path) -> Path:
    """Create a migrated SQLite store at `path`, ready to be copied."""
    engine = store.make_engine(f"sqlite:///{path}")
    schema.upgrade(engine)
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return path


@contextmanager
def sqlite_copy(template: Path, path: Path) -> Iterator[Engine]:
    """An engine on a copy of the migrated template."""
    shutil.copyfile(template, path)
    engine = store.make_engine(f"sqlite:///{path}")
    try:
        yield engine
    finally:
        engine.dispose()


@contextmanager
def postgres_schema(*, migrate: bool = True, **options: object) -> Iterator[Engine]:
    """An engine on a new PostgreSQL schema (migrated unless told not to), dropped afterwards."""
    name = f"test_{uuid.uuid4().hex[:12]}"
    admin = store.make_engine(POSTGRES_URL)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{name}"'))
    # The schema rides in the URL, so another process given the URL opens the same store.
    engine = store.make_engine(f"{POSTGRES_URL}?options=-csearch_path%3D{name}", **options)
    try:
        if migrate:
            schema.upgrade(engine)
        yield engine
    finally:
        engine.dispose()
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{name}" CASCADE'))
        admin.dispose()

