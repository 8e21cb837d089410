"""A liaison's desk drawn: its five lists and their true counts, each row's countdown."""

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
    to_sign, in_progress, returned, extension, co_handling = sections
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
        "To sign 1", "Signed 2", "Co-handling 0"]


def test_a_long_list_counts_every_one_and_says_it_shows_the_most_urgent():
    part = {"to_sign": [row("A", timedelta(minutes=30), timedelta(hours=24))],
            "in_progress": [row("B", timedelta(0), timedelta(hours=2))],
            "returned": [row("C", timedelta(0), timedelta(hours=3), returns=1)],
            "counts": {"to_sign": 137, "signed": 60, "co_handling": 0}}
    to_sign, in_progress, returned, extension, _ = desk.groups(part, "en", "Asia/Shanghai",
                                                               NOW)
    assert to_sign.children[-1].children == "showing 1 of 137, most urgent first"
    assert in_progress.children[-1].children == "showing the most urgent 2 of 60 signed"
    assert returned.children[-1].children == in_progress.children[-1].children
    assert [c.children for c in desk.counts(part, "zh")] == ["待签收 137", "已签收 60", "协办 0"]


def test_a_co_handled_incident_is_marked_and_counts_down_to_its_resolution():
    helped = row("H", timedelta(minutes=-5), timedelta(hours=3), state="in_progress")
    part = {"co_handling": [helped], "counts": {"to_sign": 0, "signed": 0, "co_handling": 1}}
    co_handling = desk.groups(part, "zh", "Asia/Shanghai", NOW)[-1]
    assert co_handling.children[0].children == "协办"
    assert "主办部门" in co_handling.children[1].children
    drawn = co_handling.children[2].children[0]
    texts = [getattr(c, "children", None) for c in drawn.children]
    assert "协办" in texts and "处置中" in texts
    assert "剩余 3 h 00 min" in texts and "late" not in drawn.className
