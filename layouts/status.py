"""The store's status page: what the district holds, at a glance."""

from __future__ import annotations

from collections.abc import Sequence

from dash import dcc, html

from layouts import ids
from layouts.text import t

ROWS = ("streets", "communities", "grids", "departments", "items", "incidents", "open", "events")


def layout() -> html.Div:
    """The page frame; its body arrives through a callback."""
    return html.Div(className="status", children=[
        dcc.Location(id=ids.STATUS_URL),
        dcc.Interval(id=ids.STATUS_TICK, interval=10_000),
        html.Div(id=ids.STATUS_BODY),
    ])


def body(lang: str, district: str | None, counts: dict[str, int], last_event: str | None,
         other_language_href: str, calendar: Sequence[tuple[int, str]] = ()) -> list:
    """The status table for `counts`, in `lang`, and where each year's calendar comes from."""
    header = [html.H1(t("title", lang)),
              html.A(t("language", lang), href=other_language_href, className="lang")]
    if district is None:
        return [*header, html.P(t("empty", lang)), *calendar_sources(calendar, lang)]
    rows = [html.Tr([html.Th(t("district", lang)), html.Td(district)])]
    rows += [html.Tr([html.Th(t(key, lang)), html.Td(f"{counts[key]:,}")]) for key in ROWS]
    rows.append(html.Tr([html.Th(t("last_event", lang)), html.Td(last_event or "—")]))
    return [*header, html.H2(t("store", lang)), html.Table(rows),
            *calendar_sources(calendar, lang)]


def calendar_sources(calendar: Sequence[tuple[int, str]], lang: str) -> list:
    """Each year's working calendar and where it comes from; a warning where weekends lack."""
    if not calendar:
        return []
    rows = [html.Tr([html.Th(str(year)), html.Td(t(f"calendar_{source}", lang))],
                    className="calendar-warning" if source == "statutory" else None)
            for year, source in calendar]
    warnings = [html.P(t("calendar_missing", lang).format(year=year), className="admin-error")
                for year, source in calendar if source == "statutory"]
    return [html.H2(t("calendar_title", lang)), html.Table(rows, id=ids.CALENDAR_SOURCES),
            *warnings]
