"""Bulk loads: COPY on PostgreSQL, large executemany batches on SQLite, one commit per batch."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Engine

# The tables a history fills; their secondary indexes and foreign keys are built after the
# load on PostgreSQL, which is several times faster than keeping them up to date row by row.
LOADED = ("incidents", "events", "incident_co_departments")


class Writer:
    """A raw connection to the store that takes rows table by table."""

    def __init__(self, engine: Engine) -> None:
        self.raw = engine.raw_connection()
        self.connection: Any = self.raw.driver_connection
        self.dialect = engine.dialect.name

    def begin(self) -> None:
        """Make the store ready to take rows fast."""

    def write(self, table: str, columns: Sequence[str], rows: Iterable[tuple]) -> None:
        raise NotImplementedError

    def commit(self) -> None:
        self.connection.commit()

    def finish(self) -> None:
        """Restore what begin() took away, bring the planner's statistics up to date, close."""

    def close(self) -> None:
        self.raw.close()


class SqliteWriter(Writer):
    def begin(self) -> None:
        # A benchmark fixture: if the machine stops mid-load, the load is simply run again.
        self.connection.execute("PRAGMA synchronous = OFF")
        self.connection.execute("PRAGMA cache_size = -1000000")  # 1 GB of pages
        self.connection.execute("PRAGMA foreign_keys = OFF")  # checked once, after the load
        marks = ", ".join("?" * len(LOADED))
        self.indexes = self.connection.execute(
            f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
            f"AND tbl_name IN ({marks})", LOADED).fetchall()
        for name, _ in self.indexes:
            self.connection.execute(f'DROP INDEX "{name}"')
        self.connection.commit()

    def write(self, table: str, columns: Sequence[str], rows: Iterable[tuple]) -> None:
        marks = ", ".join("?" * len(columns))
        self.connection.executemany(
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)

    def finish(self) -> None:
        for _, definition in self.indexes:
            self.connection.execute(definition)
        self.connection.execute("ANALYZE")
        self.connection.commit()
        broken = self.connection.execute("PRAGMA foreign_key_check").fetchone()
        if broken:
            raise RuntimeError(f"the generated rows break a foreign key: {broken}")
        self.connection.execute("PRAGMA foreign_keys = ON")
        self.connection.execute("PRAGMA synchronous = NORMAL")
        self.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")


class PostgresWriter(Writer):
    def begin(self) -> None:
        with self.connection.cursor() as cursor:
            cursor.execute("SET synchronous_commit = off")
            cursor.execute("SET maintenance_work_mem = '1GB'")
            self.keys = cursor.execute(
                "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
                "FROM pg_constraint WHERE contype = 'f' AND conrelid = ANY(%s::regclass[])",
                [list(LOADED)]).fetchall()
            self.indexes = cursor.execute(
                "SELECT indexname, indexdef FROM pg_indexes "
                "WHERE schemaname = current_schema() AND tablename = ANY(%s) AND indexname "
                "NOT IN (SELECT conname FROM pg_constraint WHERE contype IN ('p', 'u'))",
                [list(LOADED)]).fetchall()
            for table, name, _ in self.keys:
                cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
            for name, _ in self.indexes:
                cursor.execute(f'DROP INDEX "{name}"')
        self.connection.commit()

    def write(self, table: str, columns: Sequence[str], rows: Iterable[tuple]) -> None:
        with (self.connection.cursor() as cursor,
              cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy):
            for row in rows:
                copy.write_row(row)

    def finish(self) -> None:
        with self.connection.cursor() as cursor:
            for _, definition in self.indexes:
                cursor.execute(definition)
            for table, name, definition in self.keys:
                cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
            for table in ("incidents", "events"):
                cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                               f"coalesce(max(id), 0) + 1, false) FROM {table}")
            self.connection.commit()
            self.connection.autocommit = True  # VACUUM runs outside a transaction
            # VACUUM sets the visibility map, so counts can use index-only scans at once.
            cursor.execute("VACUUM (ANALYZE) incidents, events, incident_co_departments, counters")
            self.connection.autocommit = False


def writer(engine: Engine) -> Writer:
    """The bulk writer for the engine's database."""
    return PostgresWriter(engine) if engine.dialect.name == "postgresql" else SqliteWriter(engine)
