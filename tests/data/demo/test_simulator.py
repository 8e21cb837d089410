"""The simulator keeps the demo district as its history left it: steady, plausible, alive."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from data import alerts, store
from data.demo import load, simulator
from data.demo.story import Cast
from data.domain import OPEN_STATES, AlertKind, State
from data.models import Alert, Event, Incident
from tests import stores
from tests.factories import SHANGHAI, local

# Two weeks of history ending on a Tuesday morning, then two days of simulated life.
NOW = local(2026, 11, 17, 9, 0)
DAYS = 14
STEP = timedelta(minutes=15)
HOURS = 48


@dataclass
class Hour:
    """What the wall would show at the end of one simulated hour."""

    at: datetime
    open: int
    overdue: int
    red: int  # overdue alerts raised within the hour
    resolved: int


@dataclass
class Run:
    before: Hour
    hours: list[Hour] = field(default_factory=list)
    history_resolved: Counter = field(default_factory=Counter)  # resolutions per local hour


def _hour(session: Session, at: datetime, since: datetime) -> Hour:
    count = select(func.count(Incident.id))
    return Hour(
        at=at,
        open=session.scalar(count.where(Incident.state.in_([*OPEN_STATES]))),
        overdue=session.scalar(count.where(
            Incident.state.in_([State.DISPATCHED, State.IN_PROGRESS]),
            Incident.resolution_deadline < at)),
        red=session.scalar(select(func.count(Alert.id)).where(
            Alert.kind == AlertKind.OVERDUE, Alert.raised_at > since, Alert.raised_at <= at)),
        resolved=session.scalar(select(func.count(Event.id)).where(
            Event.kind == "resolve", Event.at > since, Event.at <= at)),
    )


@pytest.fixture(scope="module")
def run(sqlite_template, tmp_path_factory, rules) -> Iterator[Run]:
    """The demo with two weeks of history, then 48 hours of the simulator at its default rate,
    with the alert scan after each round, as the server runs them."""
    path = tmp_path_factory.mktemp("alive") / "d.db"
    with stores.sqlite_copy(sqlite_template, path) as engine, \
            store.make_sessionmaker(engine)() as session:
        load.load_demo(session, rules, seed=11, days=DAYS, now=NOW)
        alerts.scan(session, NOW, alerts.Policy())
        session.commit()
        resolves = session.scalars(select(Event.at).where(
            Event.kind == "resolve", Event.at > NOW - timedelta(days=7)))
        history = Counter(at.astimezone(SHANGHAI).replace(minute=0, second=0, microsecond=0)
                          for at in resolves)
        played = Run(before=_hour(session, NOW, NOW - timedelta(hours=1)),
                     history_resolved=history)
        sim = simulator.Simulator(rules, Cast.from_store(session, random.Random(3)),
                                  rate_per_hour=simulator.DEFAULT_RATE)
        at = NOW
        for _ in range(HOURS):
            since = at
            for _step in range(timedelta(hours=1) // STEP):
                at += STEP
                sim.step(session, at, STEP)
                alerts.scan(session, at, alerts.Policy())
                session.commit()
            played.hours.append(_hour(session, at, since))
            sim.cast.forget_incidents(session)
        yield played


def test_open_and_overdue_counts_stay_in_band_for_two_days(run):
    assert run.before.overdue >= 20  # the history leaves a district with late work
    for name in ("open", "overdue"):
        counts = [getattr(hour, name) for hour in run.hours]
        mean = sum(counts) / len(counts)
        first, second = (sum(counts[day * 24:day * 24 + 24]) / 24 for day in (0, 1))
        # Each day rises and falls with office hours, around a level that neither drains nor
        # swells, and is the level the history left.
        assert 0.65 * mean <= min(counts) <= max(counts) <= 1.35 * mean, (name, counts)
        assert abs(second - first) <= 0.15 * mean, (name, first, second)
        assert 0.7 * getattr(run.before, name) <= mean <= 1.3 * getattr(run.before, name), name


def test_new_red_alerts_arise_every_working_day(run):
    for day in (0, 1):
        office = [hour for hour in run.hours[24 * day:24 * day + 24]
                  if 9 <= hour.at.astimezone(SHANGHAI).hour <= 18]
        raised = sum(hour.red for hour in office)
        assert raised >= 10, f"day {day + 1}: {raised} overdue alerts raised in office hours"


def test_no_hour_resolves_more_than_the_history_ever_did(run):
    # A backlog cleared at once would spike the hourly trend and rescale the wall's chart.
    busiest = max(run.history_resolved.values())
    assert max(hour.resolved for hour in run.hours) <= 1.25 * busiest
