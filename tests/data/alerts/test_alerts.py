"""Alerts fall due on the working calendar, and moves raise and clear them (PRODUCT §5)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from data import alerts
from data.alerts import queue
from data.domain import AlertKind, LimitUnit
from data.incidents import holds, moves
from data.incidents.trail import InvalidMove
from data.models import Alert, Event, Incident
from tests.factories import (
    CENTRE,
    DEPARTMENT,
    dispatched,
    handled,
    item_with_limits,
    local,
    town,
)

SECOND = timedelta(seconds=1)
POLICY = alerts.Policy()
K = AlertKind


def standing(session: Session, incident: Incident) -> set[AlertKind]:
    """The kinds of the incident's alerts that stand now."""
    session.flush()
    return {AlertKind(alert.kind) for alert in queue.of_incident(session, incident.id)
            if alert.cleared_at is None}


def alert(session: Session, incident: Incident, kind: AlertKind) -> Alert:
    return session.scalars(select(Alert).where(Alert.incident_id == incident.id,
                                               Alert.kind == kind)).one()


def trail(session: Session, incident: Incident) -> list[tuple[str, str | None]]:
    """The incident's alert events in order: (event kind, alert kind)."""
    session.flush()
    events = session.scalars(select(Event).where(Event.incident_id == incident.id,
                                                 Event.kind.like("alert_%")).order_by(Event.id))
    return [(event.kind, (event.data or {}).get("kind")) for event in events]


def first_raised(session: Session, incident: Incident, kind: AlertKind,
                 moment: datetime) -> None:
    """A scan a second before `moment` raises no `kind`; a scan at it does, dated then."""
    alerts.scan(session, moment - SECOND, POLICY)
    assert kind not in standing(session, incident)
    alerts.scan(session, moment, POLICY)
    assert kind in standing(session, incident)
    raised = alert(session, incident, kind)
    assert (raised.reraised_at or raised.raised_at) == moment


@pytest.fixture
def place(session, rules):
    place = town(session)
    item_with_limits(session, place, "days", response=(1, LimitUnit.WORK_DAYS),
                     resolution=(3, LimitUnit.WORK_DAYS))
    return place


def test_work_days_count_past_the_national_day_holiday_and_its_working_saturday(
        session, rules, place):
    # Wednesday 30 September, 15:30: two office hours left, then 1–7 October are holidays.
    incident = dispatched(session, rules, place, at=local(2026, 9, 30, 15, 30), item="days")
    alerts.scan(session, local(2026, 10, 7, 23, 59), POLICY)
    assert standing(session, incident) == set()
    # One working day to sign: 2 h on the 30th and 5 h on Thursday 8 October.
    first_raised(session, incident, K.RESPONSE_OVERDUE, local(2026, 10, 8, 15, 30))
    moves.sign(session, incident, DEPARTMENT, at=local(2026, 10, 8, 16))
    # 80 % of three working days is 16.8 h: 2 + 7 (8th) + 7 (9th) + 0.8 on Saturday the 10th,
    # a working day in exchange for the holiday (调休).
    first_raised(session, incident, K.DUE_SOON, local(2026, 10, 10, 9, 48))
    first_raised(session, incident, K.OVERDUE, local(2026, 10, 10, 15, 30))
    assert standing(session, incident) == {K.OVERDUE}  # due soon cleared as it went overdue
    assert trail(session, incident) == [
        ("alert_raise", "response_overdue"), ("alert_clear", "response_overdue"),
        ("alert_raise", "due_soon"), ("alert_clear", "due_soon"), ("alert_raise", "overdue")]


def test_an_adjusted_working_sunday_counts_towards_the_response_limit(session, rules, place):
    # Friday 18 September 2026, 16:30; Sunday the 20th is a working day (调休).
    incident = dispatched(session, rules, place, at=local(2026, 9, 18, 16, 30), item="days")
    first_raised(session, incident, K.RESPONSE_OVERDUE, local(2026, 9, 20, 16, 30))
    first_raised(session, incident, K.DUE_SOON, local(2026, 9, 22, 10, 48))


def test_work_hours_dispatched_late_afternoon_fall_due_soon_next_morning(session, rules, place):
    # Five working hours from Tuesday 16:00: 1.5 h today, the rest tomorrow.
    incident = dispatched(session, rules, place, at=local(2026, 9, 15, 16), item="street")
    first_raised(session, incident, K.RESPONSE_OVERDUE, local(2026, 9, 15, 17))
    alerts.scan(session, local(2026, 9, 16, 9), POLICY)  # nothing in the night
    assert standing(session, incident) == {K.RESPONSE_OVERDUE}
    first_raised(session, incident, K.DUE_SOON, local(2026, 9, 16, 11, 30))
    first_raised(session, incident, K.OVERDUE, local(2026, 9, 16, 14))
    assert standing(session, incident) == {K.OVERDUE, K.RESPONSE_OVERDUE}


def test_response_overdue_is_raised_by_the_scan_and_cleared_by_signing(session, rules):
    place = town(session)
    start = local(2026, 3, 2, 10)
    incident = handled(session, rules, place, start)  # a flood: sign within 30 minutes
    assert alerts.scan(session, start + timedelta(minutes=31), POLICY) == 1
    moves.sign(session, incident, DEPARTMENT, at=start + timedelta(minutes=40))
    cleared = alert(session, incident, K.RESPONSE_OVERDUE)
    assert cleared.cleared_at == start + timedelta(minutes=40)
    assert standing(session, incident) == set()
    assert trail(session, incident) == [("alert_raise", "response_overdue"),
                                        ("alert_clear", "response_overdue")]
    events = session.scalars(select(Event).where(Event.incident_id == incident.id)
                             .order_by(Event.id)).all()
    assert [e.kind for e in events][-2:] == ["sign", "alert_clear"]  # in the move's transaction
    assert (events[-1].actor, events[-1].data) == (
        "alerts", {"alert": cleared.id, "kind": "response_overdue", "level": 0})


@pytest.mark.parametrize("move", ["resolve", "park"])
def test_overdue_is_cleared_by_resolving_and_by_parking(session, rules, move):
    place = town(session)
    start = local(2026, 3, 2, 10)
    incident = handled(session, rules, place, start, signed=timedelta(minutes=10))
    alerts.scan(session, start + timedelta(hours=25), POLICY)
    assert standing(session, incident) == {K.OVERDUE}
    at = start + timedelta(hours=26)
    if move == "resolve":
        moves.resolve(session, incident, DEPARTMENT, at=at)
    else:
        holds.park(session, incident, CENTRE, reason="需财政立项", at=at)
    assert standing(session, incident) == set()
    assert alert(session, incident, K.OVERDUE).cleared_at == at
    # Later scans raise nothing for it: a parked incident is due nothing.
    assert alerts.scan(session, start + timedelta(days=5), POLICY) == 0
    assert trail(session, incident) == [("alert_raise", "overdue"), ("alert_clear", "overdue")]


def test_rework_raises_the_same_alert_again_as_a_new_episode(session, rules):
    place = town(session)
    start = local(2026, 3, 2, 10)
    incident = handled(session, rules, place, start, signed=timedelta(minutes=10))
    alerts.scan(session, start + timedelta(hours=25), POLICY)
    first = alert(session, incident, K.OVERDUE)
    alerts.acknowledge(session, first.id, CENTRE, at=start + timedelta(hours=25, minutes=5))
    moves.resolve(session, incident, DEPARTMENT, at=start + timedelta(hours=26))
    returned = start + timedelta(hours=27)
    moves.rework(session, incident, CENTRE, reason="现场仍有积水", at=returned)
    again = alert(session, incident, K.OVERDUE)
    assert again.id == first.id  # one row per incident and kind
    assert (again.cleared_at, again.raised_at, again.reraised_at, again.raise_count) == (
        None, start + timedelta(hours=25), returned, 2)
    assert again.acknowledged_by is None  # the new episode waits for its own acknowledgement
    assert trail(session, incident) == [
        ("alert_raise", "overdue"), ("alert_acknowledge", "overdue"),
        ("alert_clear", "overdue"), ("alert_raise", "overdue")]


def test_a_granted_extension_clears_due_soon_until_the_new_limit_nears(session, rules):
    place = town(session)
    start = local(2026, 3, 2, 10)
    incident = handled(session, rules, place, start, signed=timedelta(minutes=10))
    alerts.scan(session, start + timedelta(hours=20), POLICY)  # 80 % of 24 h: 19:12 in
    assert standing(session, incident) == {K.DUE_SOON}
    holds.request_extension(session, incident, DEPARTMENT, amount=24, unit="hours",
                            reason="需调度抽水泵", at=start + timedelta(hours=21))
    holds.grant_extension(session, incident, CENTRE, rules, at=start + timedelta(hours=22))
    assert standing(session, incident) == set()
    first_raised(session, incident, K.DUE_SOON, start + timedelta(hours=38, minutes=24))


def test_a_parked_incident_resumed_after_its_deadline_is_overdue_at_once(session, rules):
    place = town(session)
    start = local(2026, 3, 2, 10)
    incident = handled(session, rules, place, start, signed=timedelta(minutes=10))
    alerts.scan(session, start + timedelta(hours=25), POLICY)
    holds.park(session, incident, CENTRE, reason="需财政立项", at=start + timedelta(hours=26))
    holds.resume(session, incident, CENTRE, rules, at=start + timedelta(days=10))
    # The clock stood still while parked: the deadline moved on, and it is still past.
    assert standing(session, incident) == {K.OVERDUE}
    assert alert(session, incident, K.OVERDUE).raise_count == 2


def test_sending_back_clears_every_standing_alert(session, rules):
    place = town(session)
    start = local(2026, 3, 2, 10)
    incident = handled(session, rules, place, start)
    alerts.scan(session, start + timedelta(hours=25), POLICY)
    assert standing(session, incident) == {K.OVERDUE, K.RESPONSE_OVERDUE}
    moves.send_back(session, incident, DEPARTMENT, reason="不属于本部门职责",
                    at=start + timedelta(hours=26))
    assert standing(session, incident) == set()


def test_a_scan_with_nothing_new_writes_nothing(session, rules):
    place = town(session)
    start = local(2026, 3, 2, 10)
    handled(session, rules, place, start)
    assert alerts.scan(session, start + timedelta(hours=25), POLICY) == 2
    session.commit()
    count = session.scalar(select(Event.id).order_by(Event.id.desc()).limit(1))
    assert alerts.scan(session, start + timedelta(hours=25, minutes=1), POLICY) == 0
    assert session.scalar(select(Event.id).order_by(Event.id.desc()).limit(1)) == count


def test_an_alert_standing_without_its_deadline_is_cleared_by_the_scan(session, rules):
    place = town(session)
    start = local(2026, 3, 2, 10)
    incident = handled(session, rules, place, start, signed=timedelta(minutes=10))
    alerts.scan(session, start + timedelta(hours=25), POLICY)
    # Another system writing to the store withdrew the deadline without a move.
    incident.resolution_deadline = incident.due_soon_at = None
    session.flush()
    alerts.scan(session, start + timedelta(hours=26), POLICY)
    assert standing(session, incident) == set()


def test_the_scan_refuses_a_time_without_a_zone(session):
    with pytest.raises(InvalidMove, match="naive"):
        alerts.scan(session, datetime(2026, 3, 2, 10), POLICY)
