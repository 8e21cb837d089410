"""The demo district in the store: its history is real moves, and it looks like a real one."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from data import store
from data.demo import load, simulator
from data.demo.story import Cast
from data.domain import OPEN_STATES, Rating, Source, State
from data.figures.trail import DEADLINE_SETTING
from data.incidents import alert_rules
from data.live import parts, snapshot
from data.models import Community, District, Event, Grid, Incident, Item, Street
from tests import stores
from tests.factories import SHANGHAI, local

# Two weeks ending on a Friday afternoon after National Day: the holiday, the adjusted
# working Saturday (10-10) and ordinary weeks are all in the history.
NOW = local(2026, 10, 16, 15, 30)
DAYS = 16


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def demo(request: pytest.FixtureRequest, sqlite_template, tmp_path_factory,
         rules) -> Iterator[Session]:
    """A store with the demo district and 16 days of history, shared by this module's tests."""
    if request.param == "sqlite":
        opened = stores.sqlite_copy(sqlite_template, tmp_path_factory.mktemp("demo") / "d.db")
    else:
        opened = stores.postgres_schema()
    with opened as engine, store.make_sessionmaker(engine)() as session:
        load.load_demo(session, rules, seed=7, days=DAYS, now=NOW)
        yield session


def test_district_has_the_planned_hierarchy_and_codes(demo):
    district = demo.scalars(select(District)).one()
    streets = demo.scalars(select(Street)).all()
    grids = demo.scalars(select(Grid)).all()
    assert 6 <= len(streets) <= 8
    assert 40 <= demo.scalar(select(func.count(Community.id))) <= 60
    assert 450 <= len(grids) <= 600
    for grid in grids:
        assert grid.code.startswith(grid.community.code)
        assert grid.community.code.startswith(grid.community.street.code)
        assert grid.community.street.code.startswith(district.code)
    assert demo.scalar(select(func.count(Item.id))) == 36


def test_every_state_source_and_rating_is_present(demo):
    states = set(demo.scalars(select(Incident.state).distinct()))
    assert states == set(State)
    assert set(demo.scalars(select(Incident.source).distinct())) == set(Source)
    ratings = set(demo.scalars(select(Incident.rating).where(Incident.state == State.CLOSED)))
    assert set(Rating) <= ratings and None in ratings  # None: the reporter was not reached


def test_history_has_overdue_extended_parked_returned_and_sent_back_incidents(demo):
    overdue = demo.scalar(select(func.count(Incident.id)).where(
        Incident.state.in_([State.DISPATCHED, State.IN_PROGRESS]),
        Incident.resolution_deadline < NOW))
    assert overdue > 0
    assert demo.scalar(select(func.count(Incident.id)).where(Incident.extension_count > 0)) > 0
    assert demo.scalar(select(func.count(Incident.id)).where(Incident.return_count > 0)) > 0
    assert demo.scalar(select(func.count(Incident.id)).where(Incident.send_back_count > 0)) > 0


def test_each_full_day_has_150_to_400_reports_peaking_in_daytime(demo):
    reported = [at.astimezone(SHANGHAI) for at in demo.scalars(select(Incident.reported_at))]
    per_day = Counter(at.date() for at in reported)
    full_days = [day for day in per_day if day < NOW.date()]
    assert len(full_days) == DAYS - 1
    assert all(120 <= per_day[day] <= 400 for day in full_days)  # weekends are 20 % quieter
    hours = Counter(at.hour for at in reported)
    assert sum(hours[h] for h in range(9, 12)) > 3 * sum(hours[h] for h in range(0, 3))


def test_every_incident_state_is_the_end_of_its_trail(demo):
    last = (select(Event.incident_id, func.max(Event.id).label("id"))
            .group_by(Event.incident_id).subquery())
    rows = demo.execute(select(Incident.state, Event.to_state)
                        .join(last, last.c.incident_id == Incident.id)
                        .join(Event, Event.id == last.c.id)).all()
    assert rows and all(state.value == to_state for state, to_state in rows)
    firsts = demo.scalars(select(Event.kind).where(Event.id.in_(
        select(func.min(Event.id)).group_by(Event.incident_id)))).all()
    assert set(firsts) == {"report"}
    assert demo.scalar(select(func.max(Event.at))) <= NOW


def test_simulator_reports_new_incidents_and_moves_open_ones(demo, rules):
    cast = Cast.from_store(demo, random.Random(1))
    sim = simulator.Simulator(rules, cast, rate_per_hour=120)
    before = demo.scalar(select(func.count(Incident.id)))
    # Each move is one event; the alerts a move raises or clears leave theirs besides.
    moved_only = Event.kind.not_in(alert_rules.EVENTS)
    events_before = demo.scalar(select(func.count(Event.id)).where(moved_only))
    made = 0
    at = NOW
    for _ in range(6):
        at += timedelta(minutes=10)
        made += sim.step(demo, at, timedelta(minutes=10))
        demo.flush()
    assert demo.scalar(select(func.count(Incident.id))) > before
    assert demo.scalar(select(func.count(Event.id)).where(moved_only)) == events_before + made
    moved = set(demo.scalars(select(Event.kind).where(Event.at > NOW)))
    assert {"report", "accept", "dispatch", "sign", "resolve"} <= moved
    assert demo.scalar(select(func.count(Incident.id)).where(
        Incident.state.in_([*OPEN_STATES]))) > 0
    demo.rollback()


def test_what_stood_open_overdue_and_due_soon_yesterday_is_the_trail_replayed_then(demo):
    then = parts.clock(NOW, SHANGHAI).yesterday[1]
    state, deadline, warning = {}, {}, {}
    for incident, kind, to_state, at, data in demo.execute(
            select(Event.incident_id, Event.kind, Event.to_state, Event.at, Event.data)
            .order_by(Event.id)):
        if (at if at.tzinfo else at.replace(tzinfo=UTC)) > then:
            continue
        state[incident] = to_state
        if kind in DEADLINE_SETTING:
            deadline[incident], warning[incident] = (
                datetime.fromisoformat((data or {}).get("to")
                                       or (data or {}).get("resolution_deadline")),
                datetime.fromisoformat(data["due_soon_at"]))
    running = {State.DISPATCHED.value, State.IN_PROGRESS.value}
    replayed = {"open": sum(1 for stood in state.values() if stood in set(OPEN_STATES)),
                "overdue": sum(1 for incident, stood in state.items() if stood in running
                               and incident in deadline and deadline[incident] <= then),
                "due_soon": sum(1 for incident, stood in state.items() if stood in running
                                and incident in deadline
                                and warning[incident] <= then < deadline[incident])}
    yesterday = snapshot.build(demo, NOW, SHANGHAI)["kpis"]["yesterday"]
    assert {name: yesterday[name] for name in replayed} == replayed
    assert replayed["open"] and replayed["overdue"] and replayed["due_soon"]  # none zero
