"""The frame's router: the page for the address, in the language the address asks for."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import parse_qs

from dash import Dash, Input, Output, html

from dashboard import wiring
from data.domain import Role
from layouts import ids, status, wall
from layouts.text import language


@dataclass(frozen=True)
class Request:
    """What a page's layout may know of the address that asked for it."""

    path: str
    query: dict[str, list[str]]
    lang: str
    rest: str = ""  # what follows a prefix route's path, e.g. the code of /incidents/<code>


@dataclass(frozen=True)
class Route:
    """A page: its path, the least role that may open it, and its layout."""

    path: str
    role: Role
    layout: Callable[[Request], object]
    prefix: bool = False  # the path is followed by a parameter: /incidents/<code>


def _wall(request: Request) -> object:
    settings = wiring.current().settings
    return wall.layout(request.lang, settings.timezone, settings.tick_seconds)


def _status(_request: Request) -> object:
    return status.layout()


ROUTES: tuple[Route, ...] = (
    Route("/wall", Role.DISPLAY, _wall),
    Route("/", Role.LEADER, _status),
)


def route_for(path: str) -> tuple[Route, str] | None:
    """The route serving `path`, and what follows a prefix route's path."""
    path = path.rstrip("/") or "/"
    for route in ROUTES:
        if route.prefix and path.startswith(route.path.rstrip("/") + "/"):
            return route, path[len(route.path.rstrip("/")) + 1:]
        if not route.prefix and path == route.path:
            return route, ""
    return None


def page(pathname: str | None, search: str | None) -> object:
    """The layout of the page at `pathname`."""
    query = parse_qs((search or "").lstrip("?"))
    found = route_for(pathname or "/")
    if found is None:
        return html.H1("404", className="not-found")
    route, rest = found
    lang = language(query.get("lang", [None])[0])
    return route.layout(Request(pathname or "/", query, lang, rest))


def register(app: Dash) -> None:
    """Attach the router to `app`."""
    app.callback(Output(ids.APP_PAGE, "children"), Input(ids.APP_URL, "pathname"),
                 Input(ids.APP_URL, "search"))(page)
