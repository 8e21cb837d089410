"""The overview's tiles and tables: a unit's figures, its units' figures, a grid's incidents.

Every rate shows its numerator and denominator on hover, and on a tap (a tablet has no
hover): the rate is focusable and its parts show while it has the focus.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from dash import dcc, html

from layouts.formats import local_time
from layouts.text import t
from layouts.wall_panels import count_text, rate_text

COUNTS = ("reported", "open_now", "due_soon_now", "overdue_now")
RATES = ("response_rate", "closure_rate", "on_time_rate", "satisfaction_rate")
TONES = {"due_soon_now": "warn", "overdue_now": "bad"}
COLUMNS = ("reported", "open_now", "overdue_now", *RATES)


def rate(value: dict | None) -> html.Span:
    """A rate as "93.7%", its parts on hover or tap; "—" when nothing was counted."""
    text, parts = rate_text(value)
    return html.Span([text, html.Span(parts, className="ov-parts")], className="ov-rate",
                     title=parts or None, tabIndex="0")


def kpis(values: dict[str, Any], lang: str) -> list:
    """The unit's tiles: the period's reports, the counts of now and the period's rates."""
    tiles = []
    for name in COUNTS:
        value = values.get(name)
        tone = TONES.get(name, "") if value else ""
        tiles.append(html.Div(className=f"ov-kpi {tone}".strip(), children=[
            html.Div(t(f"ov_kpi_{name}", lang), className="ov-kpi-label"),
            html.Div(count_text(value), className="ov-kpi-value")]))
    for name in RATES:
        tiles.append(html.Div(className="ov-kpi rate", children=[
            html.Div(t(f"ov_kpi_{name}", lang), className="ov-kpi-label"),
            html.Div(rate(values.get(name)), className="ov-kpi-value")]))
    return tiles


def units(rows: list[dict[str, Any]], unit: str, link: Callable[[str], str],
          lang: str) -> list:
    """The units one level down ranked, most overdue first; each name leads one level further."""
    head = html.Thead(html.Tr([html.Th("#", className="rank"),
                               html.Th(t("ov_col_name", lang), className="name"),
                               *[html.Th(t(f"ov_col_{name}", lang)) for name in COLUMNS]]))
    if not rows:
        return [_empty(head, len(COLUMNS) + 2, lang)]
    body = [html.Tr(className=f"ov-unit ov-{unit}", children=[
        html.Td(str(index + 1), className="rank"),
        html.Td(dcc.Link(row["name"], href=link(row["code"]), title=row["name"]),
                className="name"),
        *[_cell(row.get("figures") or {}, name) for name in COLUMNS]])
        for index, row in enumerate(ranked(rows))]
    return [html.Table([head, html.Tbody(body)], className="ov-table")]


def ranked(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Units most overdue first, then most open, then in code order."""
    def key(row: dict[str, Any]) -> tuple:
        values = row.get("figures") or {}
        return (-(values.get("overdue_now") or 0), -(values.get("open_now") or 0), row["code"])
    return sorted(rows, key=key)


def _cell(values: dict[str, Any], name: str) -> html.Td:
    if name in RATES:
        return html.Td(rate(values.get(name)), className="num")
    value = values.get(name)
    tone = "bad" if name == "overdue_now" and value else ""
    return html.Td(count_text(value), className=f"num {tone}".strip())


def incidents(rows: list[dict[str, Any]], total: int, link: Callable[[str], str], lang: str,
              zone: str) -> list:
    """A grid's incidents, overdue first, each code leading to its page by `link`."""
    names = ("code", "title", "state", "priority", "deadline", "marks")
    head = html.Thead(html.Tr([html.Th(t(f"ov_col_{name}", lang), className=name)
                               for name in names]))
    if not rows:
        return [_empty(head, len(names), lang)]
    body = [html.Tr(className="ov-incident" + (" overdue" if row["overdue"] else ""), children=[
        html.Td(dcc.Link(row["code"], href=link(row["code"])), className="code"),
        html.Td(row["title"], className="title", title=row["title"]),
        html.Td(t(f"state_{row['state']}", lang), className="state"),
        html.Td(t(f"priority_{row['priority']}", lang),
                className=f"priority {row['priority']}"),
        html.Td(local_time(row["deadline"], zone), className="deadline"),
        html.Td(_marks(row, lang), className="marks")]) for row in rows]
    shown = [html.Table([head, html.Tbody(body)], className="ov-table ov-incidents")]
    if total > len(rows):
        more = t("ov_incidents_more", lang).format(count=f"{total - len(rows):,}")
        shown.append(html.P(more, className="ov-more"))
    return shown


def _marks(row: dict[str, Any], lang: str) -> list:
    marks = []
    if row.get("overdue"):
        marks.append(html.Span(t("wall_kind_overdue", lang), className="ov-mark overdue"))
    if row.get("supervised"):
        marks.append(html.Span(t("wall_supervised", lang), className="ov-mark supervised"))
    return marks


def _empty(head: html.Thead, width: int, lang: str) -> html.Table:
    cell = html.Td(t("wall_none", lang), colSpan=width, className="ov-empty")
    return html.Table([head, html.Tbody(html.Tr(cell))], className="ov-table")
