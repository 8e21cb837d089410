"""The frame's router: the page for the address, in the language the address asks for."""

from __future__ import annotations

from urllib.parse import parse_qs

from dash import Dash, Input, Output, html

from dashboard import wiring
from layouts import ids, status, wall
from layouts.text import language


def page(pathname: str | None, search: str | None) -> object:
    """The layout of the page at `pathname`."""
    lang = language(parse_qs((search or "").lstrip("?")).get("lang", [None])[0])
    settings = wiring.current().settings
    if pathname in ("/wall", "/wall/"):
        return wall.layout(lang, settings.timezone, settings.tick_seconds)
    if pathname in ("/", "", None):
        return status.layout()
    return html.H1("404", className="not-found")


def register(app: Dash) -> None:
    """Attach the router to `app`."""
    app.callback(Output(ids.APP_PAGE, "children"), Input(ids.APP_URL, "pathname"),
                 Input(ids.APP_URL, "search"))(page)
