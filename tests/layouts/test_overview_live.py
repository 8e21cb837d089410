"""The overview's live strip: the wall's tiles from the pushed part, and what the browser needs."""

from __future__ import annotations

from datetime import UTC, datetime

from dash.development.base_component import Component
from dash_socketio import DashSocketIO

from layouts import ids, overview, overview_live
from tests.layouts.components import texts, walk

PART = {"today_reported": 1234, "today_resolved": 98, "open": 56, "due_soon": 0, "overdue": 3,
        "response_overdue": 2, "parked": 1,
        "month_response": {"numerator": 911, "denominator": 972},
        "month_closure": {"numerator": 0, "denominator": 0},
        "month_on_time": {"numerator": 45, "denominator": 50},
        "month_satisfaction": {"numerator": 1, "denominator": 3}}


def shown(tiles: list) -> dict[str, str]:
    """Each tile's label and the value it shows."""
    return {texts(tile)[0]: texts(tile)[1] for tile in tiles}


def test_live_tiles_show_todays_counts_the_open_picture_and_the_months_rates() -> None:
    tiles = overview_live.tiles(PART, "zh")
    assert shown(tiles) == {"今日上报": "1,234", "今日办结": "98", "在办事件": "56",
                            "黄色预警": "0", "红色超期": "3", "本月响应率": "93.7%",
                            "本月结案率": "—", "本月按期结案率": "90.0%", "本月满意率": "33.3%"}
    tones = [tile.className for tile in tiles]
    assert tones[:5] == ["ov-live-kpi", "ov-live-kpi good", "ov-live-kpi", "ov-live-kpi",
                         "ov-live-kpi bad"]  # no amber for no due-soon incident


def test_a_live_rate_shows_its_parts_on_hover_or_tap_and_a_dash_for_nothing_counted() -> None:
    tiles = overview_live.tiles(PART, "zh")
    rates = [item for item in walk(tiles) if getattr(item, "className", None) == "ov-rate"]
    assert [item.title for item in rates] == ["911 / 972", "0 / 0", "45 / 50", "1 / 3"]
    assert all(item.tabIndex == "0" for item in rates)  # a tap gives it the focus
    assert "—" in texts(rates[1]) and "0 / 0" in texts(rates[1])


def test_before_the_first_push_every_live_tile_says_it_has_no_number_yet() -> None:
    assert set(shown(overview_live.tiles(None, "zh")).values()) == {"—"}


def test_live_tiles_speak_english_when_asked() -> None:
    assert list(shown(overview_live.tiles(PART, "en"))) == [
        "Reported today", "Resolved today", "Open", "Due soon", "Overdue", "Response, month",
        "Closure, month", "On time, month", "Satisfied, month"]


def test_the_strip_joins_the_overview_room_and_says_it_is_connecting_until_a_push() -> None:
    strip = overview_live.strip("zh", tick_seconds=2)
    parts = {getattr(item, "id", None): item for item in walk(strip)}
    socket = parts[ids.OVERVIEW_SOCKET]
    assert isinstance(socket, DashSocketIO)
    assert socket.options == {"auth": {"room": ids.ROOM_OVERVIEW}}
    assert socket.eventNames == [ids.SNAPSHOT_EVENT, ids.STORE_EVENT]
    assert parts[ids.OVERVIEW_STATUS].children == "正在连接…"
    assert "stale" in parts[ids.OVERVIEW_STATUS].className
    labels = parts[ids.OVERVIEW_LABELS].data
    assert labels["refreshSeconds"] == overview_live.REFRESH_SECONDS == 30
    assert (labels["tickSeconds"], labels["wall_stale"]) == (2, "数据中断 · 自 {time} 起")
    assert overview_live.labels("en", 15)["wall_stale"] == "Data stale since {time}"


def test_the_strip_stands_above_the_period_figures_in_the_frame_of_every_view() -> None:
    # The frame is the same at every level and period; only the view below is drawn again.
    for codes in ({}, {"street": ["330100001"]}, {"period": ["today"], "grid": ["1"]}):
        page = overview.layout(overview.state(codes, "zh"), tick_seconds=2)
        order = [item.className for item in walk(page) if isinstance(item, Component)
                 and getattr(item, "className", None) in ("ov-live", "ov-crumbs", "ov-kpis",
                                                          "ov-main")]
        assert order == ["ov-live", "ov-crumbs", "ov-kpis", "ov-main"]


def test_the_view_is_noted_with_the_cursor_and_the_time_it_was_read_at() -> None:
    at = datetime(2025, 11, 20, 2, 30, tzinfo=UTC)
    assert overview_live.drawn(4711, at) == {"cursor": 4711, "at": "2025-11-20T02:30:00+00:00"}
