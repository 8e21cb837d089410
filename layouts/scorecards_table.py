"""A scorecard's columns, cells and order: shared by the screen's tables and the bulletin's files.

Rows are the plain rows of the scorecards (a rate as {"numerator", "denominator"}). A rate
whose denominator is 0 is "—", never 0 % or 100 %; its parts are shown on hover or tap.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from dash import html

from layouts import ids
from layouts.text import TEXT, t
from layouts.wall_panels import rate_text

FIGURES = ("dispatched", "response_rate", "due", "closure_rate", "on_time_rate", "solved_rate",
           "satisfaction_rate", "rework_rate", "extension_rate")
COLUMNS: dict[str, tuple[str, ...]] = {
    "department": ("rank", "name", "composite_score", *FIGURES, "mean_handling_hours"),
    "street": ("rank", "name", "composite_score", *FIGURES, "local_rate", "mean_handling_hours"),
}
COUNTS = frozenset({"dispatched", "due"})
DEFAULT_SORT = {"column": "rank", "descending": False}
ARROWS = {False: " ▲", True: " ▼"}


def is_rate(column: str) -> bool:
    """Whether `column` is a rate, kept as its numerator and denominator."""
    return column.endswith("_rate")


def header(column: str, unit: str, lang: str) -> str:
    """The column's heading: the unit's own name for the name column."""
    return t(f"sc_col_{unit if column == 'name' else column}", lang)


def fraction(rate: dict | None) -> float | None:
    """A rate's value as a fraction, or None when its denominator is 0."""
    if not rate or not rate.get("denominator"):
        return None
    return rate["numerator"] / rate["denominator"]


def number_text(value: float | None) -> str:
    """A score or a mean to one decimal, or "—" when there is none."""
    return "—" if value is None else f"{value:.1f}"


def cell_text(row: dict, column: str, lang: str = "zh") -> str:
    """What a cell shows: rates as "93.7%", counts with separators, "—" for nothing, and in
    the rank of a unit below the minimum sample, "样本不足" (too few)."""
    value = row.get(column)
    if column == "rank" and row.get("too_few"):
        return t("sc_too_few", lang)
    if is_rate(column):
        return rate_text(value)[0]
    if column == "name":
        return value or row.get("code", "")
    if column == "rank" or column in COUNTS:
        return "—" if value is None else f"{value:,}"
    return number_text(value)


def sort_value(row: dict, column: str) -> Any:
    """What a column sorts by; None sorts last whichever way."""
    value = row.get(column)
    return fraction(value) if is_rate(column) else value


def sorted_rows(rows: list[dict], column: str, descending: bool) -> list[dict]:
    """`rows` ordered by `column`; rows without a value last, ties in rank order."""
    def tie(row: dict) -> tuple:
        rank = row.get("rank")
        return (rank is None, rank or 0, row.get("code", ""))

    present = [row for row in rows if sort_value(row, column) is not None]
    missing = sorted((row for row in rows if sort_value(row, column) is None), key=tie)
    if column == "name":
        present.sort(key=lambda row: (row["name"], row.get("code", "")), reverse=descending)
    else:
        sign = -1 if descending else 1
        present.sort(key=lambda row: (sign * sort_value(row, column), *tie(row)))
    return present + missing


def next_sort(current: dict, column: str) -> dict:
    """The order after a click on `column`: flip it, or start a new column best first."""
    if current.get("column") == column:
        return {"column": column, "descending": not current.get("descending")}
    return {"column": column, "descending": column not in ("rank", "name")}


def table(rows: list[dict], unit: str, order: dict, lang: str) -> html.Table:
    """The scorecard of `unit` as a table whose headings sort it."""
    columns = COLUMNS[unit]
    column, descending = order.get("column", "rank"), bool(order.get("descending"))
    head = html.Tr([_heading(name, unit, column, descending, lang) for name in columns])
    if not rows:
        body = [html.Tr(html.Td(t("sc_no_units", lang), colSpan=len(columns),
                                className="scorecards-empty"))]
    else:
        body = [html.Tr([_cell(row, name, lang) for name in columns],
                        **{"data-code": row["code"]})
                for row in sorted_rows(rows, column, descending)]
    return html.Table(className="scorecards-table", children=[html.Thead(head), html.Tbody(body)])


def _heading(column: str, unit: str, current: str, descending: bool, lang: str) -> html.Th:
    label = header(column, unit, lang) + (ARROWS[descending] if column == current else "")
    aria = ("descending" if descending else "ascending") if column == current else "none"
    button = html.Button(label, className="scorecards-sort", n_clicks=0,
                         id={"type": ids.SCORECARDS_SORT_BUTTON, "unit": unit, "column": column})
    hint = f"sc_hint_{column}"
    return html.Th(button, className=_kind(column), **{"aria-sort": aria},
                   **({"title": t(hint, lang)} if hint in TEXT else {}))


def _cell(row: dict, column: str, lang: str) -> html.Td:
    text = cell_text(row, column, lang)
    if not is_rate(column):
        too_few = " too-few" if column == "rank" and row.get("too_few") else ""
        return html.Td(text, className=_kind(column) + too_few)
    rate = row.get(column) or {"numerator": 0, "denominator": 0}
    parts = f"{rate['numerator']:,} / {rate['denominator']:,}"
    # tabIndex lets a tap focus the cell, which shows the parts on a tablet as hover does.
    return html.Td(tabIndex="0", className="num rate", children=[
        html.Span(text, className="scorecards-value"),
        html.Span(parts, className="scorecards-parts"),
    ])


def _kind(column: str) -> str:
    return {"name": "name", "rank": "rank"}.get(column, "num")


def period_text(first: date, last: date, lang: str) -> str:
    """A period as the bulletin names it: "2026年11月", "2026年11月3日", or a range."""
    whole_month = (first.day == 1 and _next_day(last).day == 1
                   and (first.year, first.month) == (last.year, last.month))
    if whole_month:
        return t("sc_month", lang).format(year=first.year, month=first.month)
    if first == last:
        return _day(first, lang)
    return t("sc_range", lang).format(first=_day(first, lang), last=_day(last, lang))


def _next_day(day: date) -> date:
    return date.fromordinal(day.toordinal() + 1)


def _day(day: date, lang: str) -> str:
    return t("sc_day", lang).format(year=day.year, month=day.month, day=day.day)
