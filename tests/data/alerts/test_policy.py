"""Acknowledging and escalating alerts, by hand and by the policy (PRODUCT §5)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from data import alerts
from data.incidents import moves
from data.incidents.trail import Actor, InvalidMove
from data.models import Alert, Event
from tests.factories import DEPARTMENT, local, standing_overdue, town

RAISED = local(2026, 3, 3, 11)
POLICY = alerts.Policy(escalate_after=timedelta(minutes=10), reraise_after=timedelta(hours=2))
ZHANG = Actor.person("值班员 张三")
LI = Actor.person("值班员 李四")


@pytest.fixture
def overdue(session: Session, rules) -> Alert:
    return standing_overdue(session, rules, town(session), at=RAISED)


def events(session: Session, kind: str) -> list[Event]:
    session.flush()
    return list(session.scalars(select(Event).where(Event.kind == kind).order_by(Event.id)))


def written(session: Session) -> tuple[int, tuple]:
    """The trail's length and the alerts' rows: what a refused action must leave alone."""
    session.flush()
    rows = session.execute(select(Alert.id, Alert.level, Alert.acknowledged_by,
                                  Alert.cleared_at).order_by(Alert.id)).all()
    return session.scalar(select(func.count()).select_from(Event)), tuple(rows)


def test_an_overdue_alert_is_escalated_exactly_when_unacknowledged_for_n_minutes(
        session, overdue):
    assert alerts.scan(session, RAISED + timedelta(minutes=9), POLICY) == 0
    assert alerts.scan(session, RAISED + timedelta(minutes=10) - timedelta(seconds=1),
                       POLICY) == 0
    assert overdue.level == 0
    assert alerts.scan(session, RAISED + timedelta(minutes=10), POLICY) == 1
    session.refresh(overdue)
    assert (overdue.level, overdue.escalated_at) == (1, RAISED + timedelta(minutes=10))
    [escalation] = events(session, "alert_escalate")
    assert (escalation.actor, escalation.data) == ("alerts", {
        "alert": overdue.id, "kind": "overdue", "level": 1, "from_level": 0, "by": "policy"})
    # The district leader is the top: later scans escalate nothing more.
    assert alerts.scan(session, RAISED + timedelta(hours=1), POLICY) == 0


def test_an_acknowledged_alert_is_not_escalated(session, overdue):
    alerts.acknowledge(session, overdue.id, ZHANG, at=RAISED + timedelta(minutes=9))
    assert alerts.scan(session, RAISED + timedelta(minutes=30), POLICY) == 0
    session.refresh(overdue)
    assert overdue.level == 0


def test_the_default_policy_escalates_after_fifteen_minutes(session, overdue):
    assert alerts.scan(session, RAISED + timedelta(minutes=14), alerts.Policy()) == 0
    assert alerts.scan(session, RAISED + timedelta(minutes=15), alerts.Policy()) == 1


def test_an_acknowledged_alert_still_overdue_m_hours_later_is_raised_again(session, overdue):
    acknowledged = RAISED + timedelta(minutes=5)
    alerts.acknowledge(session, overdue.id, ZHANG, note="已电话催办", at=acknowledged)
    alerts.scan(session, acknowledged + timedelta(hours=2) - timedelta(seconds=1), POLICY)
    session.refresh(overdue)
    assert overdue.acknowledged_by == "值班员 张三"
    assert alerts.scan(session, acknowledged + timedelta(hours=2), POLICY) == 1
    session.refresh(overdue)
    assert (overdue.acknowledged_at, overdue.acknowledged_by, overdue.ack_note) == (
        None, None, None)
    assert (overdue.reraised_at, overdue.raise_count, overdue.cleared_at) == (
        acknowledged + timedelta(hours=2), 2, None)
    [again] = events(session, "alert_reraise")
    assert again.data == {"alert": overdue.id, "kind": "overdue", "level": 0, "raise": 2,
                          "acknowledged_by": "值班员 张三",
                          "acknowledged_at": acknowledged.astimezone(again.at.tzinfo).isoformat()}
    # Raised again, it waits N minutes for a new acknowledgement before it is escalated.
    assert alerts.scan(session, again.at + timedelta(minutes=9), POLICY) == 0
    assert alerts.scan(session, again.at + timedelta(minutes=10), POLICY) == 1


def test_acknowledging_records_who_when_and_the_note_and_leaves_the_incident_overdue(
        session, overdue):
    at = RAISED + timedelta(minutes=3)
    acknowledged = alerts.acknowledge(session, overdue.id, ZHANG, note=" 已通知街道 ", at=at)
    assert (acknowledged.acknowledged_by, acknowledged.acknowledged_at, acknowledged.ack_note) \
        == ("值班员 张三", at, "已通知街道")
    assert acknowledged.cleared_at is None  # acknowledged is not resolved
    [event] = events(session, "alert_acknowledge")
    assert (event.actor, event.note, event.at, event.data) == (
        "值班员 张三", "已通知街道", at, {"alert": overdue.id, "kind": "overdue", "level": 0})
    assert event.from_state == event.to_state == "in_progress"


def test_a_second_acknowledgement_is_refused_naming_who_was_first(session, overdue):
    alerts.acknowledge(session, overdue.id, ZHANG, at=RAISED + timedelta(minutes=3))
    before = written(session)
    with pytest.raises(alerts.AlreadyAcknowledged, match="值班员 张三") as refused:
        alerts.acknowledge(session, overdue.id, LI, at=RAISED + timedelta(minutes=4))
    assert (refused.value.by, refused.value.at) == ("值班员 张三", RAISED + timedelta(minutes=3))
    assert written(session) == before


def test_acknowledging_or_escalating_a_cleared_alert_is_refused_and_writes_nothing(
        session, overdue):
    moves.resolve(session, overdue.incident, DEPARTMENT, at=RAISED + timedelta(minutes=1))
    before = written(session)
    with pytest.raises(alerts.AlertCleared, match="cleared"):
        alerts.acknowledge(session, overdue.id, ZHANG, at=RAISED + timedelta(minutes=2))
    with pytest.raises(alerts.AlertCleared, match="cleared"):
        alerts.escalate(session, overdue.id, ZHANG, at=RAISED + timedelta(minutes=2))
    assert written(session) == before


def test_an_unknown_alert_or_a_nameless_officer_is_refused(session, overdue):
    before = written(session)
    with pytest.raises(alerts.AlertNotFound, match="no alert 999"):
        alerts.acknowledge(session, 999, ZHANG, at=RAISED)
    with pytest.raises(InvalidMove, match="actor"):
        alerts.acknowledge(session, overdue.id, Actor.person("  "), at=RAISED)
    with pytest.raises(InvalidMove, match="note"):
        alerts.acknowledge(session, overdue.id, ZHANG, note="长" * 2001, at=RAISED)
    assert written(session) == before


def test_an_officer_escalates_by_hand_once_then_is_told_it_is_at_the_top(session, overdue):
    at = RAISED + timedelta(minutes=2)
    escalated = alerts.escalate(session, overdue.id, LI, at=at, note="群众反映强烈")
    assert (escalated.level, escalated.escalated_at) == (1, at)
    [event] = events(session, "alert_escalate")
    assert (event.actor, event.note, event.data["by"], event.data["level"]) == (
        "值班员 李四", "群众反映强烈", "hand", 1)
    before = written(session)
    with pytest.raises(alerts.AlreadyAtTop, match="top level, district"):
        alerts.escalate(session, overdue.id, ZHANG, at=at)
    assert written(session) == before
    # Escalated by hand, the policy has nothing left to do.
    assert alerts.scan(session, RAISED + timedelta(hours=1), POLICY) == 0
