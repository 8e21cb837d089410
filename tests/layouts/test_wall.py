"""The wall's frame and its HTML panels, rendered from snapshot parts."""

from __future__ import annotations

import ast
from datetime import UTC, datetime, timedelta
from pathlib import Path

from layouts import ids, wall
from tests.layouts.components import texts, walk

LAYOUTS = Path(__file__).resolve().parents[2] / "layouts"
NOW = datetime(2025, 11, 21, 5, 5, 9, tzinfo=UTC)  # 13:05:09 in Shanghai
ZONE = "Asia/Shanghai"


def rate(numerator: int, denominator: int) -> dict[str, int]:
    return {"numerator": numerator, "denominator": denominator}




def alert(**fields: object) -> dict:
    row = {"id": 7, "code": "E20251121-0001", "title": "消防通道堵塞", "kind": "overdue",
           "level": 0, "escalated": False, "escalated_at": None,
           "raised_at": "2025-11-21T01:45:00+00:00", "acknowledged_by": None,
           "acknowledged_at": None, "minutes": 200, "deadline": "2025-11-21T01:45:00+00:00",
           "priority": "normal", "street": "东华门街道", "street_code": "110101001",
           "department": "城管执法局", "department_code": "D01", "supervised": False}
    row.update(fields)
    return row


def ticker_rows(ticker: list) -> list:
    """The alert rows of a rendered ticker, in their order."""
    return [node for node in walk(ticker)
            if "wall-ticker-row" in (getattr(node, "className", "") or "").split()]


def test_rate_with_zero_denominator_is_shown_as_dash() -> None:
    assert wall.rate_text(rate(0, 0)) == ("—", "0 / 0")
    assert wall.rate_text(None)[0] == "—"


def test_rate_is_a_percentage_with_one_decimal_and_its_counts_on_hover() -> None:
    assert wall.rate_text(rate(911, 972)) == ("93.7%", "911 / 972")
    assert wall.rate_text(rate(737, 972)) == ("75.8%", "737 / 972")
    assert wall.rate_text(rate(972, 972))[0] == "100.0%"


def test_kpis_show_every_tile_with_its_number() -> None:
    part = {"today_reported": 1234, "today_resolved": 98, "open": 456, "due_soon": 7,
            "overdue": 3, "response_overdue": 2, "parked": 1,
            "month_response": rate(911, 972), "month_closure": rate(737, 972),
            "month_on_time": rate(0, 0), "month_satisfaction": rate(45, 50)}
    tiles = wall.kpis(part, "zh")
    assert len(tiles) == 9
    shown = texts(tiles)
    for label, value in [("今日上报", "1,234"), ("今日办结", "98"), ("在办事件", "456"),
                         ("黄色预警", "7"), ("红色超期", "3"), ("本月响应率", "93.7%"),
                         ("本月结案率", "75.8%"), ("本月按期结案率", "—"), ("本月满意率", "90.0%")]:
        assert label in shown and value in shown
    titles = [tile.title for tile in tiles]
    assert "911 / 972" in titles and "737 / 972" in titles
    assert "bad" in tiles[4].className


def test_ticker_names_each_kind_in_chinese_and_english() -> None:
    part = [alert(kind="overdue"), alert(kind="response_overdue", minutes=20),
            alert(kind="due_soon", minutes=45)]
    zh, en = texts(wall.ticker(part, "zh")), texts(wall.ticker(part, "en"))
    assert {"红色超期", "响应超时", "黄色预警"} <= set(zh)
    assert {"Overdue", "Response overdue", "Due soon"} <= set(en)
    assert {"超期 3小时20分", "超期 20分", "剩余 45分"} <= set(zh)
    assert {"Overdue 3 h 20 min", "45 min left"} <= set(en)


def test_ticker_shows_who_acknowledged_escalation_and_supervision() -> None:
    part = [alert(acknowledged_by="张三", acknowledged_at="2025-11-21T02:00:00+00:00",
                  supervised=True),
            alert(level=1, escalated=True, escalated_at="2025-11-21T02:00:00+00:00"), alert()]
    zh, en = texts(wall.ticker(part, "zh")), texts(wall.ticker(part, "en"))
    assert {"已确认 · 张三", "督办", "已升级 · 区领导", "待确认"} <= set(zh)
    assert {"Acknowledged · 张三", "Supervised", "Escalated · District",
            "Unacknowledged"} <= set(en)


def test_ticker_marks_each_row_with_only_its_own_state() -> None:
    rows = ticker_rows(wall.ticker([alert(acknowledged_by="张三"), alert(supervised=True)], "zh"))
    assert texts(rows[0]).count("已确认 · 张三") == 1 and "督办" not in texts(rows[0])
    assert "督办" in texts(rows[1]) and "待确认" in texts(rows[1])
    assert not any("已升级" in text for text in texts(rows))


def test_ticker_keeps_a_hostile_title_as_plain_text() -> None:
    hostile = "<script>alert(1)</script>"
    rows = wall.ticker([alert(title=hostile)], "zh")
    assert hostile in texts(rows)
    assert not any(type(item).__name__ in {"Script", "Markdown", "Iframe"} for item in walk(rows))


def test_todays_tiles_say_how_today_stands_against_yesterday_at_the_same_time() -> None:
    part = {"today_reported": 120, "today_resolved": 80, "open": 456,
            "yesterday": {"today_reported": 100, "today_resolved": 1085}}
    shown = texts(wall.kpis(part, "zh"))
    assert "较昨日同时 +20" in shown and "较昨日同时 −1,005" in shown
    assert "+20 on yesterday" in texts(wall.kpis(part, "en"))
    assert not any("昨日" in text for text in texts(wall.kpis({"open": 4}, "zh")))


def test_ticker_carries_every_row_it_has_and_counts_every_standing_alert() -> None:
    rows = wall.ticker([alert(id=i, code=f"E{i}") for i in range(30)], "zh", total=30)
    assert len(ticker_rows(rows)) == 30  # paged through in the browser, none left out
    assert "共 30 条" in texts(rows) and "另有" not in texts(rows)
    assert wall.ticker([], "en") and "No alerts" in texts(wall.ticker([], "en"))


def test_ticker_says_how_many_stand_beyond_the_rows_it_carries() -> None:
    rows = wall.ticker([alert(code=f"E{i}") for i in range(30)], "zh", total=151)
    assert "共 151 条" in texts(rows) and "另有 121 条见值班台" in texts(rows)


def test_a_new_or_escalated_alert_is_put_on_top_and_highlighted() -> None:
    old = alert(id=1, code="E1", raised_at="2025-11-21T01:00:00+00:00")
    raised = alert(id=2, code="E2", raised_at="2025-11-21T05:04:00+00:00")
    escalated = alert(id=3, code="E3", raised_at="2025-11-21T01:00:00+00:00",
                      escalated=True, level=1, escalated_at="2025-11-21T05:05:00+00:00")
    rows = wall.ticker([old, raised, escalated], "zh", 3, NOW)
    shown = ticker_rows(rows)
    assert [getattr(node, "data-alert") for node in shown] == ["3", "2", "1"]
    assert ["fresh" in node.className for node in shown] == [True, True, False]
    later = wall.ticker([old, raised, escalated], "zh", 3, NOW + timedelta(minutes=10))
    assert "fresh" not in str(later)  # after a while, back in the order of severity


def test_a_street_wall_joins_its_streets_room_and_ranks_its_communities() -> None:
    frame = wall.layout("zh", ZONE, 15.0, street="330100001")
    [socket] = [node for node in walk(frame) if getattr(node, "id", None) == ids.WALL_SOCKET]
    assert socket.options == {"auth": {"room": ids.ROOM_STREET, "street": "330100001"}}
    assert "社区排名" in texts(frame) and "街道排名" not in texts(frame)
    assert "街道排名" in texts(wall.layout("zh", ZONE, 15.0))
    rows = wall.streets([{"code": "1", "name": "东湖社区", "open": 2}], "en", "community")
    assert "Community" in texts(rows) and "东湖社区" in texts(rows)


def test_rankings_show_names_counts_and_rates() -> None:
    departments = [{"code": "D1", "name": "区城市管理综合行政执法局", "short_name": "城管执法局",
                    "open": 40, "overdue": 5, "response": rate(911, 972), "on_time": rate(0, 0)}]
    shown = texts(wall.departments(departments, "zh"))
    assert {"城管执法局", "40", "5", "93.7%", "—"} <= set(shown)
    streets = [{"code": "001", "name": "甲街道", "open": 3, "overdue": 0, "today_reported": 2,
                "closure": rate(1, 2)},
               {"code": "002", "name": "乙街道", "open": 9, "overdue": 4, "today_reported": 7,
                "closure": rate(0, 0)}]
    names = [item for item in texts(wall.streets(streets, "en")) if item.endswith("街道")]
    assert names == ["乙街道", "甲街道"]  # the most overdue first


def test_clock_and_status_texts_reach_the_browser_in_the_wall_language() -> None:
    zh, en = wall.labels("zh", ZONE, 15.0), wall.labels("en", ZONE, 15.0)
    assert zh["wall_stale"] == "数据中断 · 自 {time} 起" and en["wall_stale"].startswith("Data")
    assert zh["zone"] == ZONE and zh["tickSeconds"] == 15.0 and zh["staleTicks"] == 3
    assert zh["wall_weekdays"].split(",")[4] == "星期五"


def test_layout_holds_every_wall_id_exactly_once() -> None:
    wall_ids = [value for name, value in vars(ids).items()
                if name.startswith("WALL_") and isinstance(value, str)]
    found = [getattr(item, "id", None) for item in walk(wall.layout("zh"))]
    for wall_id in [*wall_ids, *ids.WALL_PART.values()]:
        assert found.count(wall_id) == 1, wall_id


def test_layout_listens_for_pushes_and_its_opening_and_keeps_a_store_for_every_part() -> None:
    found = {getattr(item, "id", None): item for item in walk(wall.layout("en"))}
    assert found[ids.WALL_SOCKET].eventNames == ["snapshot", "opening", "store"]
    parts = {"geometry", "meta", "kpis", "map", "urgent", "ticker", "departments", "streets",
             "sources", "categories", "trend"}
    assert set(ids.WALL_PART) == parts and set(ids.PARTS) | {ids.GEOMETRY} == parts
    assert all(store_id in found for store_id in ids.WALL_PART.values())
    assert wall.labels("zh", ZONE, 15.0)["parts"] == list(ids.WALL_PART)
    graph = next(item for item in walk(wall.layout()) if getattr(item, "id", None) == ids.WALL_MAP)
    assert graph.config == {"displayModeBar": False, "topojsonURL": "/assets/topojson/",
                            "staticPlot": False}
    assert not graph.figure.data


def test_layouts_never_import_data_nor_render_raw_html() -> None:
    for module in LAYOUTS.glob("*.py"):
        source = module.read_text(encoding="utf-8")
        assert "dangerously_allow_html" not in source, module.name
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            assert not any(name == "data" or name.startswith("data.") for name in names), (
                module.name)


def test_open_due_soon_and_overdue_tiles_stand_against_yesterday_at_the_same_time() -> None:
    part = {"open": 456, "due_soon": 7, "overdue": 3,
            "yesterday": {"open": 450, "due_soon": 4, "overdue": 5}}
    tiles = [texts(tile) for tile in wall.kpis(part, "zh")]
    assert ("较昨日同时 +6" in tiles[2] and "较昨日同时 +3" in tiles[3]
            and "较昨日同时 −2" in tiles[4])
