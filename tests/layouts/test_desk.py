"""A liaison's desk drawn: the four lists, each row's countdown, late ones marked."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from layouts import desk

NOW = datetime(2026, 11, 12, 8, 0, tzinfo=UTC)


def row(code: str, response: timedelta, resolution: timedelta, **more) -> dict:
    return {"code": code, "title": "路面积水", "priority": "normal", "state": "dispatched",
            "item": "积水内涝", "grid": "第1网格", "dispatched_at": NOW.isoformat(),
            "response_deadline": (NOW + response).isoformat(),
            "resolution_deadline": (NOW + resolution).isoformat(), "returns": 0,
            "supervised": False, "extension": None, **more}


def test_a_countdown_says_the_time_left_or_how_late():
    soon = (NOW + timedelta(hours=2, minutes=5)).isoformat()
    assert desk.countdown(soon, NOW, "en") == "2 h 05 min left"
    assert desk.countdown((NOW - timedelta(seconds=75)).isoformat(), NOW, "zh") == (
        "已超时 1 min 15 s")
    assert desk.countdown(None, NOW, "en") == "—"


def test_to_sign_counts_down_to_the_response_and_the_rest_to_the_resolution():
    part = {"to_sign": [row("A", timedelta(minutes=30), timedelta(hours=24))],
            "in_progress": [row("B", timedelta(minutes=-30), timedelta(hours=-1))],
            "returned": [], "extension": [row("C", timedelta(0), timedelta(hours=3),
                                                extension={"amount": 2, "unit": "work_days",
                                                           "reason": "需协调物业"})],
            "complete": True}
    sections = desk.groups(part, "en", "Asia/Shanghai", NOW)
    to_sign, in_progress, returned, extension = sections
    first = to_sign.children[1].children[0]
    assert first.children[0].children == "A"
    countdown = next(c for c in first.children if getattr(c, "className", "") ==
                     "desk-countdown")
    assert countdown.children == "30 min 00 s left"
    late = in_progress.children[1].children[0]
    assert "late" in late.className
    assert returned.children[1].children == "None"
    asked = extension.children[1].children[0].children[-1]
    assert asked.children == "asked for 2 working days: 需协调物业"
    assert [c.children for c in desk.counts(part, "en")] == [
        "To sign 1", "In progress 1", "Returned 0", "Waiting on an extension 1"]
