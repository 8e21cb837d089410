"""The figures counted from the trail agree with the incidents' own columns, on a played history.

The demo history plays every incident through the real moves; its incidents' columns are the
projection those moves kept. Counted here one incident at a time in Python, the projection
must give every figure the trail gives, for each period, department and street.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from datetime import datetime

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from data import figures, store
from data.demo import load
from data.domain import CLOCK_STATES, LOCAL_LEVELS, OPEN_STATES, Rating, State
from data.figures import Rate, periods
from data.models import Community, Grid, Incident
from data.places import scopes
from tests import stores
from tests.factories import SHANGHAI, local

# Ten days up to a Thursday afternoon after National Day: the holiday's last days and the
# adjusted working Saturday (10-11) are in the history.
NOW = local(2026, 10, 15, 15, 30)
PERIODS = ("today", "week", "month", "2026-10-06..2026-10-15")


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def played(request: pytest.FixtureRequest, sqlite_template, tmp_path_factory,
           rules) -> Iterator[Session]:
    """A store with the demo district and ten days of history, shared by this module."""
    if request.param == "sqlite":
        opened = stores.sqlite_copy(sqlite_template, tmp_path_factory.mktemp("played") / "d.db")
    else:
        opened = stores.postgres_schema()
    with opened as engine, store.make_sessionmaker(engine)() as session:
        load.load_demo(session, rules, seed=11, days=10, now=NOW)
        yield session


def projected(incidents: list[Incident], period: periods.Period, now: datetime,
              local_rate: bool) -> dict[str, object]:
    """Every figure of `incidents`, from their columns."""
    c: Counter[str] = Counter()
    hours: list[float] = []

    def during(moment: datetime | None) -> bool:
        return moment is not None and period.start <= moment < period.end and moment <= now

    for i in incidents:
        c["reported"] += during(i.reported_at)
        c["accepted"] += during(i.accepted_at)
        # A report is decided when accepted, or rejected or merged before it was.
        c["report_decided"] += during(i.accepted_at) or (
            i.accepted_at is None and i.state in (State.REJECTED, State.MERGED)
            and during(i.events[-1].at))
        if i.dispatched_at is not None:
            # A resume moves the response deadline even after signing; the sign kept its
            # own verdict, and the dispatch its own deadline.
            signs = [event for event in i.events if event.kind == "sign"]
            on_time = i.signed_at is not None and signs[-1].data["on_time"]
            dispatch = [event for event in i.events if event.kind == "dispatch"][-1]
            response_deadline = datetime.fromisoformat(dispatch.data["response_deadline"])
            c["responded_on_time"] += on_time and during(i.signed_at)
            c["response_missed"] += not on_time and during(response_deadline)
        if during(i.dispatched_at):
            c["dispatched"] += 1
            c["extended"] += i.extension_count > 0
        if during(i.resolved_at):
            c["resolved"] += 1
            c["returned"] += i.return_count > 0
            c["local"] += i.resolution_level in LOCAL_LEVELS
            if i.dispatched_at is not None:
                hours.append((i.resolved_at - i.dispatched_at).total_seconds() / 3600)
        if during(i.closed_at):
            c["callbacks"] += i.callback_solved is not None
            c["solved"] += bool(i.callback_solved)
            c["rated"] += i.rating is not None
            c["satisfied"] += i.rating in (Rating.SATISFIED, Rating.BASIC)
        deadline, resolved = i.resolution_deadline, i.resolved_at
        if i.dispatched_at is not None:
            on_time = resolved is not None and resolved <= deadline
            if during(resolved) if on_time else during(deadline):
                c["due"] += 1
                c["closed"] += resolved is not None
                c["on_time"] += on_time
        # A matter handled on the spot and returned is in progress with no deadline at all.
        running = i.state in CLOCK_STATES and deadline is not None
        c["open_now"] += i.state in OPEN_STATES
        c["due_soon_now"] += running and i.due_soon_at <= now < deadline
        c["overdue_now"] += running and deadline <= now
        c["parked_now"] += i.state == State.PARKED
    return {
        "reported": c["reported"], "accepted": c["accepted"],
        "acceptance_rate": Rate(c["accepted"], c["report_decided"]),
        "dispatched": c["dispatched"],
        "response_rate": Rate(c["responded_on_time"],
                              c["responded_on_time"] + c["response_missed"]),
        "due": c["due"], "closure_rate": Rate(c["closed"], c["due"]),
        "on_time_rate": Rate(c["on_time"], c["due"]),
        "solved_rate": Rate(c["solved"], c["callbacks"]),
        "satisfaction_rate": Rate(c["satisfied"], c["rated"]),
        "rework_rate": Rate(c["returned"], c["resolved"]),
        "extension_rate": Rate(c["extended"], c["dispatched"]),
        "local_rate": Rate(c["local"], c["resolved"]) if local_rate else None,
        "mean_handling_hours": pytest.approx(sum(hours) / len(hours)) if hours else None,
        **{name: c[name] for name in ("open_now", "due_soon_now", "overdue_now", "parked_now")},
    }


def counted(got: dict[str, object]) -> dict[str, object]:
    """The figures the projection can be held to: all but those counted before a dispatch
    (for departments) and the composite, which is a sum of the others."""
    return {name: value for name, value in got.items() if name != "composite_score"}


@pytest.fixture(scope="module")
def incidents(played: Session) -> list[Incident]:
    return list(played.scalars(select(Incident).options(selectinload(Incident.events))))


@pytest.mark.parametrize("text", PERIODS)
def test_the_district_counted_from_the_trail_is_what_its_incidents_say(played, incidents, text):
    period = periods.parse(text, NOW, SHANGHAI)
    got = figures.compute(played, scopes.DISTRICT, period, NOW)
    assert got["reported"] > 0 and got["due"] > 0
    assert counted(got) == projected(incidents, period, NOW, local_rate=True)


@pytest.mark.parametrize("text", PERIODS)
def test_each_department_and_street_is_what_its_incidents_say(played, incidents, text):
    period = periods.parse(text, NOW, SHANGHAI)
    by_lead: defaultdict[int | None, list[Incident]] = defaultdict(list)
    by_street: defaultdict[int, list[Incident]] = defaultdict(list)
    streets = dict(played.execute(select(Grid.id, Community.street_id)
                                  .join(Community, Grid.community_id == Community.id)).all())
    for incident in incidents:
        by_lead[incident.lead_department_id].append(incident)
        by_street[streets[incident.grid_id]].append(incident)
    for unit, grouped in (("department", by_lead), ("street", by_street)):
        ids = {code: unit_id for unit_id, code in scopes.units(played, unit).items()}
        for code, got in figures.compute_by(played, unit, period, NOW).items():
            want = projected(grouped[ids[code]], period, NOW, local_rate=unit == "street")
            if unit == "department":
                want.update(reported=None, accepted=None, acceptance_rate=None)
            assert counted(got) == want, (unit, code)
