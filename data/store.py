"""Engines and sessions for the incident store (SQLite embedded, PostgreSQL in production)."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, make_url, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

log = logging.getLogger(__name__)


def make_engine(url: str, **options: Any) -> Engine:
    """Create an engine for the store at `url`, tuned for its database."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        options.setdefault("connect_args", {"check_same_thread": False, "timeout": 30})
        engine = create_engine(url, **options)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    options.setdefault("pool_pre_ping", True)
    _keep_long_statements_parsed()
    return create_engine(url, **options)


# psycopg turns a statement's placeholders into PostgreSQL's in Python, and keeps the result
# only for statements under 4 KiB with at most 50 parameters. A batch of reports writes its
# incidents and events, and reads their likely duplicates, with statements of hundreds of
# parameters: parsed again on every batch, they cost a fifth of its time (9 ms each on the
# shared machine). Their texts come from SQLAlchemy's compiled cache, so they repeat: keep
# them too, in psycopg's own cache of the 128 latest.
LONG_STATEMENT_CHARS, LONG_STATEMENT_PARAMETERS = 1_000_000, 65_535


def _keep_long_statements_parsed() -> None:
    from psycopg import _queries  # the limits are module constants, read on every statement

    _queries.MAX_CACHED_STATEMENT_LENGTH = LONG_STATEMENT_CHARS
    _queries.MAX_CACHED_STATEMENT_PARAMS = LONG_STATEMENT_PARAMETERS


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # Foreign keys are off by default in SQLite; WAL lets the screens read while writers write.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.execute("PRAGMA busy_timeout = 30000")
    cursor.close()


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    """Return the one session factory for `engine`; callers open, commit and close sessions."""
    return sessionmaker(engine, expire_on_commit=False)


# The district's places: tables too small for PostgreSQL's autovacuum ever to count (under 50
# rows changed), yet the planner joins them to millions of incidents, and without their
# statistics it may choose a plan thousands of times slower.
PLACES = ("streets", "communities", "grids", "departments")
# Every table the figures and the snapshot read. After a bulk load (the demo, a district, a
# generated bench store) autovacuum has not yet counted the trail either, and a planner
# without statistics reads a month's figures in 20 s rather than 2 s.
COUNTED = (*PLACES, "districts", "items", "item_classes", "incidents", "events",
           "incident_co_departments", "alerts", "score_weight_sets", "score_weights")


def analyze(engine: Engine, tables: tuple[str, ...] = COUNTED) -> None:
    """Count `tables` afresh for the query planner, after they were filled or changed."""
    with engine.begin() as connection:
        for table in tables:
            connection.execute(text(f"ANALYZE {table}"))  # names from COUNTED, never input


def safe_url(engine: Engine) -> str:
    """The engine's URL without its password, fit for logs and /healthz."""
    return engine.url.render_as_string(hide_password=True)


def wait_until_up(engine: Engine, *, first: float = 1.0, longest: float = 30.0,
                  sleep: Callable[[float], None] = time.sleep) -> int:
    """Return once the store answers, saying what it waits for meanwhile; the tries it took.

    After a host's reboot the dashboard may start before its database: it waits, trying
    again after 1, 2, 4 … and at most `longest` seconds, rather than leave every wall dark.
    """
    wait, tries = first, 1
    while True:
        try:
            with engine.connect() as connection:
                connection.execute(text("SELECT 1"))
            if tries > 1:
                log.warning("the store at %s answers; going on", safe_url(engine))
            return tries
        except OperationalError as error:
            reason = str(error.orig or error).strip().splitlines()[0]
            log.warning("waiting for the store at %s (%s); trying again in %g s",
                        safe_url(engine), reason, wait)
        sleep(wait)
        wait, tries = min(wait * 2, longest), tries + 1
