"""The snapshot's duty part: the duty consoles' whole queue, whose head is the wall's ticker."""

from __future__ import annotations

from datetime import timedelta

from data import alerts
from data.live import parts, snapshot
from tests.factories import SHANGHAI, handled, local, standing_overdue, town

NOW = local(2026, 3, 3, 11)


def test_the_duty_part_holds_every_standing_alert_with_its_grid_and_says_it_is_whole(
        session, rules):
    place = town(session)
    first = standing_overdue(session, rules, place, at=NOW)
    handled(session, rules, place, NOW - timedelta(hours=30), grid=2,
            signed=timedelta(minutes=5))
    alerts.scan(session, NOW, alerts.Policy())
    built = snapshot.build(session, NOW, SHANGHAI)
    queue = built["duty"]["alerts"]
    assert built["duty"]["complete"] is True
    assert len(queue) == 2 and queue[1]["id"] == first.id  # 1 h overdue, after the 6 h one
    assert {row["grid_code"] for row in queue} == {place.grids[0].code, place.grids[2].code}
    assert built["ticker"] == queue[:parts.TICKER_LENGTH]


def test_a_queue_longer_than_the_duty_part_keeps_the_most_severe_and_says_so(
        session, rules, monkeypatch):
    place = town(session)
    for hours in (30, 40, 50):
        handled(session, rules, place, NOW - timedelta(hours=hours), signed=timedelta(minutes=5))
    alerts.scan(session, NOW, alerts.Policy())
    monkeypatch.setattr(parts, "DUTY_LENGTH", 2)
    built = snapshot.build(session, NOW, SHANGHAI)
    assert built["duty"]["complete"] is False
    assert [row["minutes"] for row in built["duty"]["alerts"]] == sorted(
        (row["minutes"] for row in built["duty"]["alerts"]), reverse=True)
    assert len(built["duty"]["alerts"]) == 2
    assert built["duty"]["alerts"][0]["minutes"] > 25 * 60  # the 50-hour-old flood first
