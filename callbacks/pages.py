"""The frame's router: the page for the address, in the language the address asks for."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import parse_qs, unquote

from dash import Dash, Input, Output, html

from dashboard import auth, wiring
from data.domain import Role
from layouts import (
    admin,
    admin_district,
    admin_grids,
    admin_items,
    denied,
    duty,
    ids,
    incident,
    overview,
    scorecards,
    status,
    wall,
)
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


def _admin(request: Request) -> object:
    return admin.layout(request.lang)


def _admin_district(request: Request) -> object:
    return admin_district.layout(request.lang)


def _admin_items(request: Request) -> object:
    return admin_items.layout(request.lang)


def _admin_grids(request: Request) -> object:
    return admin_grids.layout(request.lang)


def _overview(request: Request) -> object:
    settings = wiring.current().settings
    return overview.layout(overview.state(request.query, request.lang), settings.tick_seconds)


def _incident(request: Request) -> object:
    return incident.layout(unquote(request.rest), request.lang)


def _duty(request: Request) -> object:
    settings = wiring.current().settings
    return duty.layout(duty.request(request.query, request.lang), settings.timezone,
                       settings.tick_seconds)


def _scorecards(request: Request) -> object:
    return scorecards.layout((request.query.get("period") or ["month"])[0], request.lang)


ROUTES: tuple[Route, ...] = (
    Route("/wall", Role.DISPLAY, _wall),
    Route("/", Role.LEADER, _overview),
    Route("/incidents", Role.LEADER, _incident, prefix=True),
    Route("/scorecards", Role.LEADER, _scorecards),
    Route("/duty", Role.DUTY, _duty),
    Route("/status", Role.ADMIN, _status),
    Route("/admin", Role.ADMIN, _admin),
    Route("/admin/district", Role.ADMIN, _admin_district),
    Route("/admin/items", Role.ADMIN, _admin_items),
    Route("/admin/grids", Role.ADMIN, _admin_grids),
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
    principal = auth.current()
    if principal is None or not auth.allowed(route.role):
        # The server refuses the address too; this covers a page reached without a reload.
        return denied.layout(lang, principal and principal.name, principal and principal.role,
                             route.role)
    return route.layout(Request(pathname or "/", query, lang, rest))


def register(app: Dash) -> None:
    """Attach the router to `app`."""
    auth.callback(app, Role.DISPLAY, Output(ids.APP_PAGE, "children"),
                  Input(ids.APP_URL, "pathname"), Input(ids.APP_URL, "search"))(page)
