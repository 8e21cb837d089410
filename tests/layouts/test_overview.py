"""The overview's address, tiles, tables and map, drawn from plain drill views."""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import parse_qs, urlsplit

from dash import dcc
from dash.development.base_component import Component

from layouts import ids, maps, overview
from tests.layouts.components import texts, walk

ZONE = "Asia/Shanghai"
STREET, COMMUNITY, GRID = "330100001", "330100001002", "330100001002003"
SQUARE = {"type": "Polygon", "coordinates": [[[120, 30], [120.01, 30], [120.01, 30.01],
                                              [120, 30]]]}


def rate(numerator: int, denominator: int) -> dict[str, int]:
    return {"numerator": numerator, "denominator": denominator}


def figures(**changes: object) -> dict:
    values = {"reported": 1234, "open_now": 56, "due_soon_now": 7, "overdue_now": 3,
              "response_rate": rate(911, 972), "closure_rate": rate(0, 0),
              "on_time_rate": rate(45, 50), "satisfaction_rate": rate(1, 3)}
    values.update(changes)
    return values


def at_state(**codes: str | None) -> dict:
    return overview.state({key: [value] for key, value in codes.items() if value}, "zh")


def query(href: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(href).query)


PERIOD = {"start": datetime(2025, 10, 31, 16, tzinfo=UTC),
          "end": datetime(2025, 11, 30, 16, tzinfo=UTC)}
PATH = [{"level": "district", "code": "330100", "name": "测试区"},
        {"level": "street", "code": STREET, "name": "望江街道"}]


def street_view() -> dict:
    return {"level": "street", "path": PATH, "period": PERIOD, "figures": figures(),
            "boundary": SQUARE, "incidents": [], "total": 0, "units": [
                {"code": f"{STREET}001", "name": "翠苑社区", "boundary": SQUARE,
                 "figures": figures(reported=9, overdue_now=0)},
                {"code": COMMUNITY, "name": "石桥社区", "boundary": SQUARE,
                 "figures": figures(reported=4, overdue_now=2)}]}


def incident_row(code: str, **changes: object) -> dict:
    row = {"code": code, "title": "路面积水", "state": "in_progress", "priority": "normal",
           "reported_at": datetime(2025, 11, 20, 2, tzinfo=UTC),
           "deadline": datetime(2025, 11, 21, 6, 30, tzinfo=UTC), "lon": 120.005, "lat": 30.005,
           "overdue": False, "open": True, "supervised": False}
    row.update(changes)
    return row


def test_the_address_carries_the_period_the_place_and_the_language() -> None:
    state = overview.state({"period": ["week"], "street": [STREET], "lang": ["en"]}, "en")
    assert state == {"period": "week", "street": STREET, "community": None, "grid": None,
                     "lang": "en"}
    assert overview.href(state) == f"/?period=week&street={STREET}&lang=en"
    assert overview.state({}, "zh")["period"] == "month"  # the month unless asked otherwise
    assert overview.level(state) == "street" and overview.level(at_state()) == "district"


def test_drilling_down_keeps_the_period_and_adds_the_unit_one_level_below() -> None:
    state = at_state(period="2025-11-01..2025-11-15", street=STREET)
    assert query(overview.down(state, COMMUNITY)) == {
        "period": ["2025-11-01..2025-11-15"], "street": [STREET], "community": [COMMUNITY]}
    deep = at_state(street=STREET, community=COMMUNITY, grid=GRID)
    assert query(overview.up_to(deep, "street")) == {"period": ["month"], "street": [STREET]}
    assert query(overview.up_to(deep, "district")) == {"period": ["month"]}


def test_a_map_click_drills_into_the_unit_or_opens_the_incident() -> None:
    state = at_state(street=STREET)
    click = {"points": [{"curveNumber": maps.UNIT_TRACE, "location": COMMUNITY}]}
    assert query(overview.clicked(state, click))["community"] == [COMMUNITY]
    on_point = {"points": [{"curveNumber": maps.INCIDENT_TRACE,
                            "customdata": ["E20251121-0001", "路面积水"]}]}
    grid = at_state(street=STREET, community=COMMUNITY, grid=GRID)
    assert overview.clicked(grid, on_point) == "/incidents/E20251121-0001"
    assert overview.clicked({**grid, "lang": "en"}, on_point).endswith("?lang=en")
    on_grid = {"points": [{"curveNumber": maps.UNIT_TRACE, "location": GRID}]}
    assert overview.clicked(grid, on_grid) is None  # nothing lies below a grid
    assert overview.clicked(state, None) is None and overview.clicked(state, {"points": []}) is None


def test_picking_a_period_sets_it_and_half_a_range_waits() -> None:
    state = at_state(street=STREET)
    assert query(overview.chosen(state, "today", None, None, False))["period"] == ["today"]
    assert overview.chosen(state, "month", None, None, False) is None  # already shown
    assert overview.chosen(state, None, "2025-11-01", None, True) is None
    picked = overview.chosen(state, "month", "2025-11-01", "2025-11-09T00:00:00", True)
    assert query(picked) == {"period": ["2025-11-01..2025-11-09"], "street": [STREET]}


def test_tiles_show_counts_and_rates_with_their_parts_and_a_dash_for_nothing() -> None:
    tiles = overview.kpis(figures(), "zh")
    assert len(tiles) == 8
    shown = texts(tiles)
    for label, value in [("上报数", "1,234"), ("在办事件", "56"), ("黄色预警", "7"),
                         ("红色超期", "3"), ("响应率", "93.7%"), ("结案率", "—"),
                         ("按期结案率", "90.0%"), ("满意率", "33.3%")]:
        assert shown[shown.index(label) + 1] == value
    titles = [item.title for item in walk(tiles)
              if isinstance(item, Component) and getattr(item, "title", None)]
    assert titles == ["911 / 972", "0 / 0", "45 / 50", "1 / 3"]
    assert "911 / 972" in shown  # the parts are there to show on a tap, too
    rates = [item for item in walk(tiles) if getattr(item, "className", None) == "ov-rate"]
    assert all(item.tabIndex == "0" for item in rates)


def test_street_level_ranks_its_communities_each_leading_one_level_down() -> None:
    state = at_state(street=STREET)
    crumbs, tiles, figure, table = overview.render(street_view(), state, ZONE)
    links = [item for item in walk(crumbs) if isinstance(item, dcc.Link)]
    assert [(link.children, link.href) for link in links] == [("测试区", "/?period=month")]
    assert texts(crumbs)[-1] == "望江街道"
    assert texts(table)[0] == "各社区（村） · 2025-11-01 至 2025-11-30"
    rows = [item for item in walk(table) if "ov-unit" in (getattr(item, "className", "") or "")]
    # ranked: the most overdue first
    assert [texts(row)[:5] for row in rows] == [["1", "石桥社区", "4", "56", "2"],
                                                ["2", "翠苑社区", "9", "56", "0"]]
    names = [item for item in walk(table) if isinstance(item, dcc.Link)]
    assert query(names[0].href)["community"] == [COMMUNITY]
    assert list(figure.data[0].locations) == [f"{STREET}001", COMMUNITY]
    assert list(figure.data[0].z) == [9, 4]


def test_grid_level_lists_its_incidents_overdue_and_supervised_marked() -> None:
    state = at_state(street=STREET, community=COMMUNITY, grid=GRID)
    view = {**street_view(), "level": "grid", "units": [], "total": 203, "incidents": [
        incident_row("E1", overdue=True, supervised=True, priority="urgent"),
        incident_row("E2", state="closed", open=False, deadline=None)]}
    _, _, figure, table = overview.render(view, {**state, "lang": "en"}, ZONE)
    rows = [item for item in walk(table)
            if "ov-incident" in (getattr(item, "className", "") or "").split()]
    assert texts(rows[0]) == ["E1", "路面积水", "In progress", "Urgent", "2025-11-21 14:30",
                              "Overdue", "Supervised"]
    assert texts(rows[1]) == ["E2", "路面积水", "Closed", "Normal", "—"]
    assert "overdue" in rows[0].className and "overdue" not in rows[1].className
    links = [item.href for item in walk(table) if isinstance(item, dcc.Link)]
    assert links == ["/incidents/E1?lang=en", "/incidents/E2?lang=en"]
    assert "201 more not listed" in texts(table)
    assert list(figure.data[maps.INCIDENT_TRACE].customdata[0]) == ["E1", "路面积水"]


def test_an_unknown_unit_or_period_is_said_plainly_with_a_way_back() -> None:
    crumbs, tiles, figure, table = overview.missing(at_state(street="330100999"), "330100999")
    assert texts(table) == ["辖区内没有这个单元：330100999"]
    assert crumbs[0].href == "/?period=month" and tiles == []
    assert texts(overview.missing(at_state(), None)[3]) == ["尚未导入辖区数据"]
    assert "Unknown period" in texts(overview.bad_period({**at_state(), "lang": "en"},
                                                         "no such period")[3])[0]


def test_layout_holds_every_overview_id_once_and_shows_a_custom_range() -> None:
    state = at_state(period="2025-11-01..2025-11-15", street=STREET)
    found = [getattr(item, "id", None) for item in walk(overview.layout(state))]
    for name, value in vars(ids).items():
        if name.startswith("OVERVIEW_"):
            assert found.count(value) == 1, name
    parts = {getattr(item, "id", None): item for item in walk(overview.layout(state))}
    assert parts[ids.OVERVIEW_PERIOD].value is None
    assert (parts[ids.OVERVIEW_RANGE].start_date, parts[ids.OVERVIEW_RANGE].end_date) == (
        "2025-11-01", "2025-11-15")
    assert parts[ids.OVERVIEW_NAV].refresh == "callback-nav"
    assert parts[ids.OVERVIEW_STATE].data == state
    english = [item for item in walk(overview.layout(state)) if getattr(item, "href", None)]
    assert english[0].href.endswith("&lang=en")


def test_a_period_with_nothing_reported_reads_pale_and_shows_no_scale() -> None:
    units = [{"code": code, "name": code, "boundary": SQUARE,
              "figures": figures(reported=0, open_now=0, overdue_now=0)} for code in "AB"]
    unit_trace = maps.units_map(units, "zh").data[maps.UNIT_TRACE]
    assert (unit_trace.zmin, unit_trace.zmax, unit_trace.showscale) == (0, maps.CALM_TOP, False)


def test_the_map_draws_units_with_a_boundary_and_escapes_their_names() -> None:
    units = [{"code": "A", "name": "<b>甲</b>", "boundary": SQUARE,
              "figures": figures(reported=2, open_now=1, overdue_now=0)},
             {"code": "B", "name": "乙", "boundary": None, "figures": {}}]
    figure = maps.units_map(units, "zh")
    assert list(figure.data[maps.UNIT_TRACE].locations) == ["A"]
    hover = figure.data[maps.UNIT_TRACE].text[0]
    assert hover == "&lt;b&gt;甲&lt;/b&gt;<br>上报 2 · 在办 1 · 超期 0"
    assert list(figure.data[maps.LABEL_TRACE].text) == ["&lt;b&gt;甲&lt;/b&gt;"]  # named on it
    assert maps.units_map(units[1:], "zh").layout.annotations[0].text == "暂无边界数据"
    assert maps.place_map(GRID, None, [], "en").layout.annotations[0].text == "No boundaries"
