"""The duty officers' queue of standing alerts, and an incident's alerts (PRODUCT §5, §7)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from alembic import command

from data import alerts, schema
from data.alerts import queue
from data.incidents import holds, moves
from data.incidents.trail import InvalidMove
from data.models import Community, Grid, Street
from tests.factories import CENTRE, DEPARTMENT, handled, local, square, town

NOW = local(2026, 3, 4, 15)  # a Wednesday afternoon


@pytest.fixture
def hall(session, rules):
    """A flood never signed for, a dirty street in another street overdue, a flood due soon."""
    place = town(session)
    other = Street(district=place.district, code="330100002", name="江南街道", kind="street")
    community = Community(street=other, code="330100002001", name="江南社区", kind="community")
    place.grids.append(Grid(community=community, code="330100002001001", name="江南第1网格",
                            boundary=square(120.03, 30.0), lon=120.035, lat=30.005,
                            households=300, residents=800, head="周杰", workers=["吴磊"]))
    session.add(other)
    session.flush()
    found = {
        "flood": handled(session, rules, place, NOW - timedelta(hours=25)),
        "street": handled(session, rules, place, local(2026, 3, 3, 9), item="street", grid=3,
                          signed=timedelta(minutes=30)),
        "soon": handled(session, rules, place, NOW - timedelta(hours=20), grid=1,
                        signed=timedelta(minutes=5)),
    }
    alerts.scan(session, NOW, alerts.Policy())
    session.commit()
    return found


def listed(rows: list[dict]) -> list[tuple[str, str]]:
    return [(row["code"], row["kind"]) for row in rows]


def test_the_queue_lists_every_standing_alert_most_severe_first(session, hall):
    flood, street, soon = hall["flood"].code, hall["street"].code, hall["soon"].code
    rows = queue.queue(session, NOW)
    assert listed(rows) == [(street, "overdue"), (flood, "overdue"),
                            (flood, "response_overdue"), (soon, "due_soon")]
    assert [row["minutes"] for row in rows] == [23 * 60 + 30, 60, 24 * 60 + 30, 4 * 60]
    assert (rows[0]["street_code"], rows[0]["department_code"]) == ("330100002", "D01")


def test_the_queue_filters_by_kind_street_and_department(session, hall):
    flood, street, soon = hall["flood"].code, hall["street"].code, hall["soon"].code
    assert listed(queue.queue(session, NOW, kind="overdue")) == [
        (street, "overdue"), (flood, "overdue")]
    assert listed(queue.queue(session, NOW, street="330100002")) == [(street, "overdue")]
    assert listed(queue.queue(session, NOW, department="D03")) == [
        (flood, "overdue"), (flood, "response_overdue"), (soon, "due_soon")]
    assert queue.queue(session, NOW, kind="due_soon", department="D01") == []
    assert listed(queue.queue(session, NOW, limit=1)) == [(street, "overdue")]


def test_the_queue_refuses_an_unknown_kind_naming_it(session, hall):
    with pytest.raises(ValueError, match="kind: unknown alert kind 'late'"):
        queue.queue(session, NOW, kind="late")


def test_an_incidents_alerts_include_the_cleared_ones(session, hall):
    moves.sign(session, hall["flood"], DEPARTMENT, at=NOW + timedelta(minutes=5))
    found = queue.of_incident(session, hall["flood"].id)
    assert [(alert.kind, alert.cleared_at) for alert in found] == [
        ("overdue", None), ("response_overdue", NOW + timedelta(minutes=5))]
    assert listed(queue.queue(session, NOW, department="D03"))[:2] == [
        (hall["flood"].code, "overdue"), (hall["soon"].code, "due_soon")]


@pytest.fixture
def floods(session, rules):
    """Two floods signed for and overdue since 3 and 2 hours before NOW, raised an hour
    and a half before NOW."""
    place = town(session)
    found = [handled(session, rules, place, NOW - timedelta(hours=hours),
                     signed=timedelta(minutes=10)) for hours in (27, 26)]
    alerts.scan(session, NOW - timedelta(minutes=90), alerts.Policy())
    session.commit()
    return found


def late(rows: list[dict]) -> list[tuple[str, int]]:
    return [(row["code"], row["minutes"]) for row in rows]


def test_the_queue_follows_a_deadline_extended_before_it_passed(session, rules, floods):
    first, second = floods
    assert late(queue.queue(session, NOW)) == [(first.code, 180), (second.code, 120)]
    # Asked for and granted before the deadline (NOW - 3 h): two hours more.
    holds.request_extension(session, first, DEPARTMENT, amount=2, unit="hours",
                            reason="需调度抽水泵", at=NOW - timedelta(minutes=200))
    holds.grant_extension(session, first, CENTRE, rules, at=NOW - timedelta(minutes=190))
    alerts.scan(session, NOW, alerts.Policy())  # the moved deadline has passed since
    session.commit()
    # Overdue again, an hour now, and the longer overdue comes first.
    assert late(queue.queue(session, NOW)) == [(second.code, 120), (first.code, 60)]
    assert late(queue.queue(session, NOW, limit=1)) == [(second.code, 120)]


def test_an_overdue_incident_is_not_extended_out_of_the_queue(session, rules, floods):
    first, second = floods
    with pytest.raises(InvalidMove, match="more time is asked for before the deadline"):
        holds.request_extension(session, first, DEPARTMENT, amount=2, unit="hours",
                                reason="需调度抽水泵", at=NOW - timedelta(minutes=30))
    session.rollback()
    assert late(queue.queue(session, NOW)) == [(first.code, 180), (second.code, 120)]


def test_the_queue_follows_a_deadline_moved_by_parking(session, rules, floods):
    first, second = floods
    holds.park(session, first, CENTRE, reason="需财政立项", at=NOW - timedelta(minutes=80))
    holds.resume(session, first, CENTRE, rules, at=NOW - timedelta(minutes=10))
    session.commit()
    # Raised again at once: the clock stood still for 70 minutes, and it is still past.
    assert late(queue.queue(session, NOW)) == [(second.code, 120), (first.code, 110)]


def test_a_store_upgraded_from_before_the_kept_deadlines_keeps_its_order(
        session, rules, floods):
    first, second = floods
    holds.request_extension(session, first, DEPARTMENT, amount=2, unit="hours",
                            reason="需调度抽水泵", at=NOW - timedelta(minutes=200))
    holds.grant_extension(session, first, CENTRE, rules, at=NOW - timedelta(minutes=190))
    alerts.scan(session, NOW, alerts.Policy())
    session.commit()
    session.close()
    engine = session.get_bind()
    command.downgrade(schema.alembic_config(engine), "0008")
    schema.upgrade(engine)
    assert late(queue.queue(session, NOW)) == [(second.code, 120), (first.code, 60)]
