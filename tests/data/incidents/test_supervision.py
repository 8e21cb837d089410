"""Supervision orders (督办单) on incidents, and the marks they leave (PRODUCT §5)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from data.domain import State
from data.incidents import supervision
from data.incidents.trail import Actor, InvalidMove
from data.live import snapshot
from data.models import Event, SupervisionOrder
from tests.data.lifecycle import incident_in
from tests.factories import SHANGHAI, local, standing_overdue, town

RAISED = local(2026, 3, 3, 11)
ZHAO = Actor.person("值班长 赵敏")


def counts(session) -> tuple[int, int]:
    session.flush()
    return (session.scalar(select(func.count()).select_from(Event)),
            session.scalar(select(func.count()).select_from(SupervisionOrder)))


def test_a_supervision_order_records_who_when_and_why_and_marks_the_ticker(session, rules):
    alert = standing_overdue(session, rules, town(session), at=RAISED)
    at = RAISED + timedelta(minutes=20)
    note = "请区城管局今日办结"
    order = supervision.supervise(session, alert.incident, ZHAO, note=note, at=at)
    assert (order.ordered_by, order.ordered_at, order.note) == ("值班长 赵敏", at, note)
    [event] = session.scalars(select(Event).where(Event.kind == "supervise")).all()
    assert (event.incident_id, event.actor, event.at, event.note, event.data) == (
        alert.incident_id, "值班长 赵敏", at, note, {"order": order.id})
    assert event.from_state == event.to_state == "in_progress"
    [row] = snapshot.build(session, at, SHANGHAI)["ticker"]
    assert (row["id"], row["supervised"]) == (alert.id, True)
    assert supervision.orders(session, alert.incident_id) == [order]


def test_a_second_order_on_the_same_incident_is_its_own_row_and_event(session, rules):
    alert = standing_overdue(session, rules, town(session), at=RAISED)
    supervision.supervise(session, alert.incident, ZHAO, at=RAISED)
    supervision.supervise(session, alert.incident, Actor.person("副区长 钱进"), note="再次督办",
                          at=RAISED + timedelta(days=1))
    assert [o.ordered_by for o in supervision.orders(session, alert.incident_id)] == [
        "值班长 赵敏", "副区长 钱进"]


@pytest.mark.parametrize("state", [State.REPORTED, State.ACCEPTED, State.PARKED,
                                   State.RESOLVED, State.VERIFIED])
def test_any_incident_not_final_may_be_supervised(session, rules, state):
    incident = incident_in(state, session, rules, town(session), RAISED)
    supervision.supervise(session, incident, ZHAO, at=RAISED + timedelta(hours=1))
    assert len(supervision.orders(session, incident.id)) == 1


@pytest.mark.parametrize("state", [State.CLOSED, State.REJECTED, State.MERGED])
def test_supervising_a_final_incident_is_refused_and_writes_nothing(session, rules, state):
    incident = incident_in(state, session, rules, town(session), RAISED)
    before = counts(session)
    with pytest.raises(supervision.SupervisionRefused, match=f"it is {state.value}"):
        supervision.supervise(session, incident, ZHAO, at=RAISED + timedelta(hours=1))
    with pytest.raises(InvalidMove, match="actor"):
        supervision.supervise(session, incident, Actor.person(""), at=RAISED)
    assert counts(session) == before
