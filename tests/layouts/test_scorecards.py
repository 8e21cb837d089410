"""The scorecards' tables: what each cell shows, the "—" of nothing counted, and the order."""

from __future__ import annotations

from datetime import date

from dash import html
from dash.development.base_component import Component

from layouts import ids, scorecards, scorecards_table
from layouts.scorecards_table import COLUMNS, cell_text, next_sort, period_text, sorted_rows
from tests.layouts.components import walk


def rate(numerator: int, denominator: int) -> dict[str, int]:
    return {"numerator": numerator, "denominator": denominator}


def unit(code: str, name: str, rank: int | None, score: float | None, **figures) -> dict:
    row = {"code": code, "name": name, "rank": rank, "composite_score": score,
           "dispatched": 40, "response_rate": rate(37, 40), "due": 30, "closure_rate": rate(27, 30),
           "on_time_rate": rate(2, 3), "solved_rate": rate(9, 10),
           "satisfaction_rate": rate(0, 0), "rework_rate": rate(1, 27),
           "extension_rate": rate(0, 40), "local_rate": rate(5, 8), "mean_handling_hours": 7.25}
    row.update(figures)
    return row


ROWS = [
    unit("D01", "区城市管理局", 1, 91.04),
    unit("D02", "公安分局", 2, 88.96, response_rate=rate(1, 3), dispatched=1234),
    unit("D03", "区水利局", 2, 89.0, response_rate=rate(0, 0)),
    unit("D04", "区民政局", None, None, response_rate=rate(0, 0), dispatched=0),
]


def by_id(node: object, wanted: object) -> Component:
    return next(item for item in walk(node) if getattr(item, "id", None) == wanted)


def body_rows(table: html.Table) -> list[html.Tr]:
    return [node for node in walk(table.children[1]) if isinstance(node, html.Tr)]


def shown(cell: html.Td) -> str:
    """The cell's visible text: a rate's parts only appear on hover or tap."""
    if isinstance(cell.children, list):
        return cell.children[0].children
    return cell.children


def test_each_unit_is_a_row_with_its_figures_in_the_column_order():
    table = scorecards_table.table(ROWS, "department", {"column": "rank"}, "zh")
    rows = body_rows(table)
    assert [row.to_plotly_json()["props"]["data-code"] for row in rows] == [
        "D01", "D02", "D03", "D04"]
    first = [shown(cell) for cell in rows[0].children]
    assert first == ["1", "区城市管理局", "91.0", "40", "92.5%", "30", "90.0%", "66.7%",
                     "90.0%", "—", "3.7%", "0.0%", "7.2"]
    assert len(first) == len(COLUMNS["department"])


def test_streets_also_show_their_local_resolution_rate():
    table = scorecards_table.table(ROWS[:1], "street", {"column": "rank"}, "zh")
    headings = [cell.children.children for cell in table.children[0].children.children]
    assert "就地化解率" in headings[COLUMNS["street"].index("local_rate")]
    assert "就地化解率" not in " ".join(
        cell.children.children
        for cell in scorecards_table.table(ROWS[:1], "department", {}, "zh")
        .children[0].children.children)
    cells = body_rows(table)[0].children
    assert shown(cells[COLUMNS["street"].index("local_rate")]) == "62.5%"


def test_rates_are_percentages_with_one_decimal_and_their_parts_on_hover():
    row = ROWS[1]
    assert cell_text(row, "response_rate") == "33.3%"
    assert cell_text(row, "dispatched") == "1,234"
    cell = body_rows(scorecards_table.table([row], "department", {}, "zh"))[0].children[4]
    assert [part.children for part in cell.children] == ["33.3%", "1 / 3"]
    assert cell.tabIndex == "0"  # a tap focuses it, which shows the parts on a tablet


def test_a_rate_with_zero_denominator_is_shown_as_dash_never_as_a_percentage():
    row = ROWS[3]
    assert cell_text(row, "response_rate") == "—"
    assert cell_text(row, "extension_rate") == "0.0%"  # 0 of 40 is a real 0 %
    assert cell_text(row, "composite_score") == "—"
    assert cell_text(row, "rank") == "—"
    too_few = {**row, "too_few": True}
    assert (cell_text(too_few, "rank"), cell_text(too_few, "rank", "en")) == (
        "样本不足", "too few")
    assert cell_text({"code": "D09", "name": "x"}, "satisfaction_rate") == "—"


def test_sorting_a_rate_puts_the_units_without_one_last_either_way():
    down = sorted_rows(ROWS, "response_rate", descending=True)
    up = sorted_rows(ROWS, "response_rate", descending=False)
    assert [row["code"] for row in down] == ["D01", "D02", "D03", "D04"]
    assert [row["code"] for row in up] == ["D02", "D01", "D03", "D04"]


def test_sorting_by_count_and_by_name():
    assert [row["code"] for row in sorted_rows(ROWS, "dispatched", True)][:1] == ["D02"]
    assert [row["code"] for row in sorted_rows(ROWS, "dispatched", False)] == [
        "D04", "D01", "D03", "D02"]
    names = [row["name"] for row in sorted_rows(ROWS, "name", False)]
    assert names == sorted(names)


def test_clicking_a_heading_sorts_it_best_first_and_clicking_again_flips_it():
    start = {"column": "rank", "descending": False}
    assert next_sort(start, "rank") == {"column": "rank", "descending": True}
    assert next_sort(start, "response_rate") == {"column": "response_rate", "descending": True}
    assert next_sort(start, "name") == {"column": "name", "descending": False}


def test_the_sorted_column_is_marked_for_eyes_and_screen_readers():
    table = scorecards_table.table(ROWS, "department", {"column": "response_rate",
                                                        "descending": True}, "zh")
    headings = table.children[0].children.children
    marked = [cell for cell in headings if cell.to_plotly_json()["props"]["aria-sort"] != "none"]
    assert len(marked) == 1
    assert marked[0].children.children == "响应率 ▼"
    assert marked[0].children.id == {"type": ids.SCORECARDS_SORT_BUTTON, "unit": "department",
                                     "column": "response_rate"}


def test_an_empty_scorecard_says_so():
    table = scorecards_table.table([], "street", {}, "en")
    assert [node for node in walk(table) if node == "No units to score"]


def test_the_period_is_named_as_the_bulletin_names_it():
    assert period_text(date(2026, 11, 1), date(2026, 11, 30), "zh") == "2026年11月"
    assert period_text(date(2026, 2, 1), date(2026, 2, 28), "zh") == "2026年2月"
    assert period_text(date(2026, 11, 3), date(2026, 11, 3), "zh") == "2026年11月3日"
    assert period_text(date(2026, 11, 1), date(2026, 11, 12), "zh") == \
        "2026年11月1日至2026年11月12日"
    assert period_text(date(2026, 11, 1), date(2026, 11, 30), "en") == "2026-11"


def test_the_frame_carries_the_period_into_its_downloads_and_language_switch():
    frame = scorecards.layout("2026-11-01..2026-11-30", "zh")
    links = {node.href for node in walk(frame) if isinstance(node, html.A)}
    assert "/scorecards/export.xlsx?period=2026-11-01..2026-11-30&unit=department" in links
    assert "/scorecards/export.csv?period=2026-11-01..2026-11-30&unit=street" in links
    assert "?period=2026-11-01..2026-11-30&lang=en" in links
    picker = by_id(frame, ids.SCORECARDS_RANGE)
    assert (picker.start_date, picker.end_date) == ("2026-11-01", "2026-11-30")
    presets = by_id(frame, ids.SCORECARDS_PERIOD)
    assert presets.value is None  # a range is no preset
    assert scorecards.layout("week", "zh") is not None


def test_the_weights_editor_is_hidden_until_the_server_says_otherwise():
    frame = scorecards.layout("month", "zh")
    editor = by_id(frame, ids.SCORECARDS_WEIGHTS)
    assert editor.hidden is True


def test_the_weights_editor_shows_percent_fields_the_minimum_and_who_changed_them():
    fields = [node for node in walk(scorecards.weights_inputs(
        ("response_rate", "solved_rate"), {"response_rate": 0.3, "solved_rate": 0.7}, "zh", 12))
        if getattr(node, "type", None) == "number"]
    assert [(field.id.get("figure", field.id["type"]), field.value) for field in fields] == [
        ("response_rate", 30.0), ("solved_rate", 70.0), (ids.SCORECARDS_MINIMUM, 12)]
    changes = scorecards.weights_history(
        [("2026-11-03 09:30", "管理员 赵敏", {"response_rate": 0.3, "solved_rate": 0.7})], "zh")
    assert "2026-11-03 09:30 · 管理员 赵敏 · 响应率 30%，解决率 70%" in list(walk(changes))
    assert list(walk(scorecards.weights_history([], "zh")))[-1] == "默认权重（尚未修改）"


def test_picking_a_preset_or_both_days_of_a_range_leads_to_its_address():
    assert scorecards.chosen("month", "zh", "last-month", None, None, False) == \
        "/scorecards?period=last-month"
    assert scorecards.chosen("month", "en", "week", None, None, False) == \
        "/scorecards?period=week&lang=en"
    assert scorecards.chosen("month", "zh", None, "2026-11-01", "2026-11-15", True) == \
        "/scorecards?period=2026-11-01..2026-11-15"
    assert scorecards.chosen("month", "zh", None, "2026-11-01", None, True) is None
    assert scorecards.chosen("month", "zh", "month", None, None, False) is None


def test_the_dispatched_and_response_headings_say_why_their_counts_differ():
    table = scorecards_table.table(ROWS, "department", {}, "en")
    titles = {cell.children.id["column"]: getattr(cell, "title", None)
              for cell in table.children[0].children.children}
    assert "decided" in titles["response_rate"] and "decided" in titles["dispatched"]
    assert titles["due"] is None
