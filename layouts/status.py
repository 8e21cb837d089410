"""The store's status page: what the district holds, at a glance."""

from __future__ import annotations

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
         other_language_href: str) -> list:
    """The status table for `counts`, in `lang`."""
    header = [html.H1(t("title", lang)),
              html.A(t("language", lang), href=other_language_href, className="lang")]
    if district is None:
        return [*header, html.P(t("empty", lang))]
    rows = [html.Tr([html.Th(t("district", lang)), html.Td(district)])]
    rows += [html.Tr([html.Th(t(key, lang)), html.Td(f"{counts[key]:,}")]) for key in ROWS]
    rows.append(html.Tr([html.Th(t("last_event", lang)), html.Td(last_event or "—")]))
    return [*header, html.H2(t("store", lang)), html.Table(rows)]
