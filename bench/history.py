"""Large, realistic incident histories for benchmarks, written straight into the tables.

A benchmark fixture, not product data: the rows are drawn in bulk with numpy and loaded by
COPY (PostgreSQL) or executemany (SQLite), not played through the moves. They hold what the
moves would have written: each incident's columns are the projection of its trail, the trail
starts with `report` and ends in the incident's state, the deadlines are those the work
calendar gives, and the event ids follow the events' times across the whole store.
"""

from __future__ import annotations

import time
from datetime import datetime, timedelta

import numpy as np
from sqlalchemy import Engine
from sqlalchemy.orm import Session
from tqdm import tqdm

from bench import reports, rows, writers
from bench.cast import Cast
from bench.lives import Lives
from bench.trail import Events, settle
from bench.workclock import WorkClock, epoch
from dashboard import wiring
from dashboard.config import Settings
from data import schema, store
from data.demo import geography, load
from data.incidents.moves import Rules

PER_RUN = 60_000  # incidents drawn at once: whole days, memory stays flat


def generate(engine: Engine, incidents: int, *, seed: int = 1, days: int = 365, now: datetime,
             rules: Rules | None = None, progress: bool = True) -> float:
    """Fill a new store with `incidents` incidents over the `days` days before `now`.

    Return the seconds taken. The store is migrated here; it must hold no district yet.
    """
    if incidents < 1 or days < 1:
        raise ValueError("a history needs at least one incident and one day")
    started = time.perf_counter()
    calendar = (rules or wiring.rules_from(Settings())).calendar
    schema.upgrade(engine)
    with Session(engine) as session:
        if not load.store_is_empty(session):
            raise ValueError("the store already holds a district; generate into an empty one")
        load.load_district(session, geography.plan_district(seed))
        load.load_catalog(session)
        session.commit()
        cast = Cast.from_store(session, seed, calendar.office_hours.minutes_per_day)
    rng = np.random.default_rng(seed)
    all_days = reports.days_of_reports(rng, incidents, days, now, calendar.zone)
    clock = WorkClock(calendar, now - timedelta(days=days + 1), now + timedelta(days=120))
    runs = list(reports.runs(all_days, PER_RUN))
    # Each run's events later than the next run's first report wait for it, so that event
    # ids follow the events' times across the whole store, as they do in a live one.
    starts = [int(np.concatenate([d.reported for d in run]).min()) for run in runs[1:]]
    writer = writers.writer(engine)
    bar = tqdm(total=incidents, unit=" incidents", disable=not progress, unit_scale=True)
    carried, first_id, first_event = _no_events(), 1, 1
    try:
        writer.begin()
        for run, until in zip(runs, [*starts, np.iinfo(np.int64).max], strict=True):
            drawn = reports.draw(rng, cast, run, first_id)
            lives = Lives(rng, cast, clock, drawn, epoch(now)).draw()
            columns, events = settle(drawn.n, drawn.reported, lives, epoch(now))
            events.incident += first_id
            ready, carried = _due(Events.concat([carried, events]), until)
            _write(writer, cast, drawn, columns, ready, first_event)
            first_id, first_event = first_id + drawn.n, first_event + len(ready)
            bar.update(drawn.n)
            bar.set_postfix(events=f"{first_event - 1:,}")
        writer.write("counters", ("name", "value"),
                     [(f"incident:{d.code}", len(d.reported)) for d in all_days if len(d.reported)])
        writer.commit()
        bar.set_postfix_str("building indexes and statistics")
        writer.finish()
    finally:
        bar.close()
        writer.close()
    store.analyze(engine)  # the places too, loaded apart from the writer
    took = time.perf_counter() - started
    if progress:
        print(f"generated {incidents:,} incidents and {first_event - 1:,} events "
              f"({writer.dialect}) in {took:.1f} s", flush=True)
    return took


def _due(pending: Events, until: int) -> tuple[Events, Events]:
    """The pending events before `until`, in time order, and those that must wait."""
    pending = pending.take(np.argsort(pending.at, kind="stable"))
    cut = int(np.searchsorted(pending.at, until))
    return pending.take(np.arange(cut)), pending.take(np.arange(cut, len(pending)))


def _write(writer: writers.Writer, cast: Cast, drawn: reports.Reports,
           columns: dict[str, np.ndarray], ready: Events, first_event: int) -> None:
    """One run's incidents, then the events now due, in one transaction."""
    dialect = writer.dialect
    writer.write("incidents", rows.INCIDENT_COLUMNS, rows.incidents(drawn, columns, cast, dialect))
    writer.write("incident_co_departments", rows.CO_COLUMNS,
                 rows.co_departments(drawn, columns, cast))
    writer.write("events", rows.EVENT_COLUMNS, rows.events(ready, first_event, cast, dialect))
    writer.commit()


def _no_events() -> Events:
    empty = np.empty(0, object)
    return Events(incident=np.empty(0, np.int64), at=np.empty(0, np.int64), kind=empty,
                  from_state=empty, to_state=empty, system=np.empty(0, bool), actor=empty,
                  department=np.empty(0, np.int64), note=empty, data=empty)
