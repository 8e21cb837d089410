"""Every move the state machine allows, and every one it refuses, with the trail after each."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from data.domain import State
from data.incidents.trail import TRANSITIONS, MoveRefused
from data.models import Event, Incident
from tests.data.lifecycle import MOVES, incident_in
from tests.factories import CENTRE, local, town

START = local(2026, 11, 16, 10, 0)  # a Monday morning
NEEDS_PENDING = {"grant_extension", "refuse_extension"}

ALLOWED = [(move, state) for move, (froms, _) in TRANSITIONS.items() for state in sorted(froms)]
REFUSED = [(move, state) for move, (froms, _) in TRANSITIONS.items()
           for state in State if state not in froms]


def trail(session: Session, incident: Incident) -> list[tuple[str, str | None, str]]:
    """The incident's trail as (move, from, to), read afresh from the store."""
    session.expire_all()
    rows = session.execute(select(Event.kind, Event.from_state, Event.to_state)
                           .where(Event.incident_id == incident.id).order_by(Event.id))
    return [tuple(row) for row in rows]


@pytest.mark.parametrize(("move", "state"), ALLOWED, ids=[f"{m}-from-{s}" for m, s in ALLOWED])
def test_allowed_move_changes_state_and_appends_its_event(session, rules, move, state):
    place = town(session)
    incident = incident_in(state, session, rules, place, START,
                           extension_pending=move in NEEDS_PENDING)
    before = trail(session, incident)

    MOVES[move](session, incident, rules, place, START + timedelta(hours=1))
    session.commit()

    # Resume goes back to the state the incident was parked from.
    expected = State.IN_PROGRESS if move == "resume" else TRANSITIONS[move][1] or state
    after = trail(session, incident)
    assert after[:-1] == before
    assert after[-1] == (move, state.value, expected.value)
    assert session.get(Incident, incident.id).state == expected
    last = session.scalars(select(Event).where(Event.incident_id == incident.id)
                           .order_by(Event.id.desc()).limit(1)).one()
    assert last.actor and last.at == START + timedelta(hours=1)


@pytest.mark.parametrize(("move", "state"), REFUSED, ids=[f"{m}-from-{s}" for m, s in REFUSED])
def test_refused_move_names_the_state_and_writes_nothing(session, rules, move, state):
    place = town(session)
    incident = incident_in(state, session, rules, place, START)
    before = trail(session, incident)
    events_before = session.scalar(select(func.count(Event.id)))

    with pytest.raises(MoveRefused) as refused:
        MOVES[move](session, incident, rules, place, START + timedelta(hours=1))
    session.commit()  # even a careless caller that commits writes nothing

    assert f"it is {state.value}" in str(refused.value)
    assert incident.code in str(refused.value)
    assert trail(session, incident) == before
    assert session.get(Incident, incident.id).state == state
    assert session.scalar(select(func.count(Event.id))) == events_before


def test_every_state_is_reachable_and_every_move_is_exercised():
    reached = {state for move, state in ALLOWED} | {t for _, t in TRANSITIONS.values() if t}
    assert reached | {State.REPORTED} == set(State)
    assert set(MOVES) == set(TRANSITIONS)


def test_full_life_leaves_a_readable_trail(session, rules):
    place = town(session)
    incident = incident_in(State.CLOSED, session, rules, place, START)
    assert trail(session, incident) == [
        ("report", None, "reported"),
        ("accept", "reported", "accepted"),
        ("dispatch", "accepted", "dispatched"),
        ("sign", "dispatched", "in_progress"),
        ("resolve", "in_progress", "resolved"),
        ("verify", "resolved", "verified"),
        ("close", "verified", "closed"),
    ]
    actors = session.scalars(select(Event.actor).where(Event.incident_id == incident.id)).all()
    assert CENTRE.name in actors and "dept-system" in actors
