"""The month's figures (PRODUCT §6), counted from the trail: for the district, and for every
department and every street at once, at the store's own present.

They are counted on the demo store (the demo district's 90 days, played through the real
moves; loaded once into bench/out/demo.db with `python -m dashboard load-demo`) and on the
generated stores.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, func, select, text

from bench import stores
from bench.snapshot import counting
from bench.stores import OUT, Store
from dashboard.config import Settings
from data import figures, schema, store
from data.figures import periods
from data.models import Event, Incident
from data.places import scopes

RUNS, WARM_UPS = 5, 1
DEMO = OUT / "demo.db"
FRESH = "bench_fresh_demo"  # the PostgreSQL schema the demo is loaded into anew
PROJECT = Path(__file__).resolve().parent.parent


def month_figures(kept: Store) -> list[str]:
    """Time the month's figures on a generated store, at the end of its history."""
    return timed(kept.engine(), f"{kept.incidents:,} incidents ({kept.kind})", kept.now)


def demo_figures() -> list[str]:
    """Time the month's figures on the demo store, loading it first if it is not there."""
    if not DEMO.exists():
        _load_demo()
    engine = store.make_engine(f"sqlite:///{DEMO}")
    schema.upgrade(engine)  # a store kept from before a new migration catches up
    with engine.connect() as connection:
        now, incidents = connection.execute(
            select(func.max(Event.at), select(func.count(Incident.id)).scalar_subquery())).one()
    return timed(engine, f"demo store, {incidents:,} incidents (sqlite)", now)


def fresh_demo_figures(database: str) -> list[str]:
    """Time the month's figures on the demo loaded into a new PostgreSQL schema just now, the
    first count without a warm-up: the statistics `load-demo` leaves must do for the planner."""
    admin = store.make_engine(database)
    with admin.begin() as connection:
        connection.execute(text(f'DROP SCHEMA IF EXISTS "{FRESH}" CASCADE'))
        connection.execute(text(f'CREATE SCHEMA "{FRESH}"'))
    admin.dispose()
    url = stores.in_schema(database, FRESH)
    environ = {**os.environ, "DASHBOARD_DATABASE_URL": url, "DASHBOARD_LOG_LEVEL": "WARNING"}
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "dashboard", "load-demo"], cwd=PROJECT, env=environ,
                   check=True)
    loaded = time.perf_counter() - started
    engine = store.make_engine(url)
    with engine.connect() as connection:
        now, incidents = connection.execute(
            select(func.max(Event.at), select(func.count(Incident.id)).scalar_subquery())).one()
    return [f"demo store loaded into PostgreSQL schema {FRESH} in {loaded:.0f} s",
            *timed(engine, f"demo store just loaded, {incidents:,} incidents (postgresql)", now,
                   warm_ups=0)]


def timed(engine: Engine, label: str, now: Any, warm_ups: int = WARM_UPS) -> list[str]:
    """The month's figures for the district and every department and street, timed."""
    try:
        if not _indexed(engine):
            return [f"month's figures, {label}: not timed, the store lacks the index of "
                    "deadlines (made while migration 0007 was empty); generate it again"]
        sessions = store.make_sessionmaker(engine)
        month = periods.parse("month", now, Settings().timezone)

        def district() -> None:
            with sessions() as session:
                figures.compute(session, scopes.DISTRICT, month, now)

        def every(unit: scopes.Unit) -> Callable[[], None]:
            def count() -> None:
                with sessions() as session:
                    figures.compute_by(session, unit, month, now)
            return count

        with sessions() as session:
            units = {unit: len(scopes.units(session, unit)) for unit in ("department", "street")}
        return [_timed(engine, district, f"month's figures ({month.label}), the district, {label}",
                       warm_ups),
                *(_timed(engine, every(unit), f"month's figures ({month.label}), every {unit} "
                                              f"({units[unit]}) at once, {label}", warm_ups)
                  for unit in ("department", "street"))]
    finally:
        engine.dispose()


def _timed(engine: Engine, call: Callable[[], None], label: str, warm_ups: int) -> str:
    for _ in range(warm_ups):
        call()
    took = []
    with counting(engine) as count:
        for _ in range(RUNS):
            started = time.perf_counter()
            call()
            took.append((time.perf_counter() - started) * 1000)
    return (f"{label}: median {statistics.median(took):.0f} ms, min {min(took):.0f} ms, "
            f"max {max(took):.0f} ms, {count[0] / RUNS:g} statements")


def _indexed(engine: Engine) -> bool:
    """Whether the store has the index the figures find deadlines by (see migration 0007)."""
    query = ("SELECT 1 FROM pg_indexes WHERE schemaname = current_schema() AND indexname = :name"
             if engine.dialect.name == "postgresql" else
             "SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = :name")
    with engine.connect() as connection:
        return connection.execute(text(query), {"name": "ix_events_deadline"}).first() is not None


def _load_demo() -> None:
    """Load the demo district through the command line, as a user does, under a temporary
    name renamed when complete, so a stopped load never passes for a finished one."""
    part = DEMO.with_name(DEMO.name + ".part")
    for stale in (part, *(Path(f"{part}{suffix}") for suffix in ("-wal", "-shm"))):
        stale.unlink(missing_ok=True)
    environ = {**os.environ, "DASHBOARD_DATABASE_URL": f"sqlite:///{part}",
               "DASHBOARD_LOG_LEVEL": "WARNING"}
    print(f"loading the demo store into {DEMO} (a few minutes)", flush=True)
    subprocess.run([sys.executable, "-m", "dashboard", "load-demo"], cwd=PROJECT, env=environ,
                   check=True)
    engine = store.make_engine(f"sqlite:///{part}")
    with engine.connect() as connection:  # fold the write-ahead log in before renaming
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    part.rename(DEMO)
