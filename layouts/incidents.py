"""Incidents (/incidents): find any incident by code or words and filters, sorted and paged.

The filters live in the address, so a search can be bookmarked, shared and exported; the
sort headings, the pages and the export links are addresses built from it. The page's rows
arrive through a callback that reads one page from the store.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from dash import dcc, html
from dash.development.base_component import Component

from layouts import ids
from layouts.formats import local_time
from layouts.text import t

STATES = ("reported", "accepted", "dispatched", "in_progress", "resolved", "verified",
          "closed", "parked", "rejected", "merged")
SOURCES = ("patrol", "resident", "hotline", "iot", "department", "leader")
PRIORITIES = ("urgent", "high", "normal")
FLAGS = ("overdue", "due_soon", "parked", "supervised")
PLACES = ("street", "community", "grid", "department", "item")  # chosen from the store
FILTERS = ("state", *PLACES, "source", "priority", "flag")
SORTABLE = ("code", "reported", "deadline")
PATH = "/incidents"
EXPORT = "/incidents."  # + csv or xlsx


def asked(query: dict[str, list[str]]) -> dict[str, str]:
    """The address's query, one value a name, the language left out."""
    return {name: values[0] for name, values in query.items()
            if values and values[0] and name != "lang"}


def address(query: dict[str, str], lang: str, path: str = PATH, **changes: str | None) -> str:
    """The address of the list for `query` with `changes` (None removes a value)."""
    merged = {**query, **changes}
    if lang != "zh":
        merged["lang"] = lang
    kept = {name: value for name, value in merged.items() if value}
    return path + (f"?{urlencode(kept)}" if kept else "")


def layout(query: dict[str, str], lang: str = "zh") -> Component:
    """The page for `query`: the filters as asked, an empty table until its page is read."""
    def choice(name: str, values: tuple[str, ...] = (), prefix: str = "") -> dcc.Dropdown:
        return dcc.Dropdown(id={"type": ids.INCIDENTS_FILTER, "name": name},
                            options=[{"label": t(f"{prefix}{value}", lang), "value": value}
                                     for value in values],
                            value=query.get(name), placeholder=t(f"list_{name}", lang),
                            className=f"list-filter list-{name}")

    return html.Div(className="incidents", children=[
        dcc.Store(id=ids.INCIDENTS_REQUEST, data={"query": query, "lang": lang}),
        dcc.Location(id=ids.INCIDENTS_NAV, refresh="callback-nav"),
        html.H1(t("page_incidents", lang), className="list-title"),
        html.Div(className="list-filters", children=[
            dcc.Input(id=ids.INCIDENTS_TEXT, type="search", value=query.get("q", ""),
                      placeholder=t("list_q", lang), debounce=True, className="list-q"),
            choice("state", STATES, "state_"),
            *(choice(name) for name in PLACES),
            choice("source", SOURCES, "source_"), choice("priority", PRIORITIES, "priority_"),
            choice("flag", FLAGS, "list_flag_"),
            dcc.DatePickerRange(id=ids.INCIDENTS_RANGE, start_date=query.get("from"),
                                end_date=query.get("to"), display_format="YYYY-MM-DD",
                                clearable=True, className="list-range"),
            html.Button(t("list_apply", lang), id=ids.INCIDENTS_APPLY, className="list-apply"),
            html.A(t("list_clear", lang), href=address({}, lang), className="list-clear"),
        ]),
        html.Div(className="list-bar", children=[
            html.Span(id=ids.INCIDENTS_COUNT, className="list-count"),
            html.A(t("list_export_csv", lang), href=address(query, lang, EXPORT + "csv",
                                                             page=None),
                   className="list-export csv"),
            html.A(t("list_export_xlsx", lang), href=address(query, lang, EXPORT + "xlsx",
                                                              page=None),
                   className="list-export xlsx"),
        ]),
        html.Table(className="list-table", children=[
            html.Thead(html.Tr([_heading(column, query, lang) for column in COLUMNS])),
            html.Tbody(id=ids.INCIDENTS_TABLE),
        ]),
        html.Nav(id=ids.INCIDENTS_PAGER, className="list-pager"),
    ])


COLUMNS = ("code", "title", "state", "priority", "item", "place", "department", "reported",
           "deadline")


def _heading(column: str, query: dict[str, str], lang: str) -> html.Th:
    label = t(f"list_col_{column}", lang)
    if column not in SORTABLE:
        return html.Th(label)
    current = query.get("sort", "reported")
    descending = query.get("order", "desc") == "desc"
    arrow = (" ▼" if descending else " ▲") if current == column else ""
    # A second click on the sorted column turns its order; a new column starts newest first.
    order = "asc" if current == column and descending else None
    return html.Th(html.A(label + arrow, href=address(
        query, lang, sort=None if column == "reported" else column, order=order, page=None),
        className="list-sort"), className=f"list-col-{column}")


def rows(found: list[dict[str, Any]], lang: str, zone: str) -> list[html.Tr]:
    """The table's rows: each incident, its code a link to its page."""
    suffix = "?lang=en" if lang == "en" else ""
    drawn = []
    for row in found:
        marks = [html.Span(t(f"list_flag_{flag}", lang), className=f"list-mark {flag}")
                 for flag in ("overdue", "due_soon", "supervised") if row.get(flag)]
        drawn.append(html.Tr(className="list-row", children=[
            html.Td(html.A(row["code"], href=f"{PATH}/{row['code']}{suffix}",
                           className="list-code")),
            html.Td(row["title"], className="list-title-cell"),
            html.Td([t(f"state_{row['state']}", lang), *marks]),
            html.Td(t(f"priority_{row['priority']}", lang),
                    className=f"list-priority {row['priority']}"),
            html.Td(row["item"]),
            html.Td(f"{row['street']} / {row['community']} / {row['grid']}"),
            html.Td(row["department"] or "—"),
            html.Td(local_time(row["reported_at"], zone)),
            html.Td(local_time(row["resolution_deadline"], zone)),
        ]))
    return drawn


def count_line(total: int, capped: bool, page: int, size: int, shown: int, lang: str) -> str:
    """How many match, and which of them this page shows."""
    if not total:
        return t("list_none", lang)
    first = (page - 1) * size + 1
    return t("list_count_more" if capped else "list_count", lang).format(
        total=f"{total:,}", first=first, last=first + shown - 1)


def pager(query: dict[str, str], lang: str, page: int, more: bool) -> list[Component]:
    """Links to the pages before and after this one."""
    links = []
    if page > 1:
        links.append(html.A(t("list_previous", lang), className="list-previous",
                            href=address(query, lang, page=str(page - 1) if page > 2 else None)))
    links.append(html.Span(t("list_page", lang).format(page=page), className="list-page"))
    if more:
        links.append(html.A(t("list_next", lang), className="list-next",
                            href=address(query, lang, page=str(page + 1))))
    return links


def refused(message: str, lang: str) -> str:
    """What the count line says when the address asks for something wrong."""
    return t("list_refused", lang).format(reason=message)
