"""The frame's router: the page for the address, in the language the address asks for."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import parse_qs, unquote

from dash import Dash, Input, Output, html

from callbacks import wall as wall_callbacks
from dashboard import auth, wiring
from data.domain import Role
from data.incidents import desk as desk_moves
from data.people import access
from layouts import (
    admin,
    admin_district,
    admin_grids,
    admin_items,
    admin_webhooks,
    denied,
    desk,
    duty,
    frame,
    ids,
    incident,
    incidents,
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
    """A page: its path, the least role (or roles) that may open it, its layout and title."""

    path: str
    role: access.Need
    layout: Callable[[Request], object]
    title: str  # the text key of its title, in the frame's links and the browser's tab
    prefix: bool = False  # the path is followed by a parameter: /incidents/<code>
    framed: bool = True  # the wall has no frame: nobody touches it


def _wall(request: Request) -> object:
    settings = wiring.current().settings
    return wall.layout(request.lang, wiring.current().zone, settings.tick_seconds,
                       (request.query.get("street") or [None])[0],
                       wall_callbacks.rotation_for(request.query, request.lang))


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


def _admin_webhooks(request: Request) -> object:
    return admin_webhooks.layout(request.lang)


def _overview(request: Request) -> object:
    settings = wiring.current().settings
    return overview.layout(overview.state(request.query, request.lang), settings.tick_seconds)


def _incident(request: Request) -> object:
    return incident.layout(unquote(request.rest), request.lang)


def _duty(request: Request) -> object:
    settings = wiring.current().settings
    return duty.layout(duty.request(request.query, request.lang), wiring.current().zone,
                       settings.tick_seconds)


def _incidents(request: Request) -> object:
    return incidents.layout(incidents.asked(request.query), request.lang)


def _desk(request: Request) -> object:
    settings = wiring.current().settings
    return desk.layout(request.lang, wiring.current().zone, settings.tick_seconds)


def _scorecards(request: Request) -> object:
    return scorecards.layout((request.query.get("period") or ["month"])[0], request.lang)


ROUTES: tuple[Route, ...] = (
    Route("/wall", Role.DISPLAY, _wall, "page_wall", framed=False),
    Route("/", Role.LEADER, _overview, "page_overview"),
    Route("/desk", Role.DEPARTMENT, _desk, "page_desk"),
    Route("/duty", Role.DUTY, _duty, "page_duty"),
    Route("/incidents", desk_moves.READERS, _incidents, "page_incidents"),
    Route("/incidents", desk_moves.READERS, _incident, "page_incident", prefix=True),
    Route("/scorecards", Role.LEADER, _scorecards, "page_scorecards"),
    Route("/admin", Role.ADMIN, _admin, "page_admin"),
    Route("/admin/district", Role.ADMIN, _admin_district, "page_admin_district"),
    Route("/admin/items", Role.ADMIN, _admin_items, "page_admin_items"),
    Route("/admin/grids", Role.ADMIN, _admin_grids, "page_admin_grids"),
    Route("/admin/webhooks", Role.ADMIN, _admin_webhooks, "page_admin_webhooks"),
    Route("/status", Role.ADMIN, _status, "page_status"),
)


def links(role: Role) -> list[tuple[str, str]]:
    """The pages `role` may open, as (path, title key), in the route table's order."""
    return [(route.path, route.title) for route in ROUTES
            if not route.prefix and access.admits(role, route.role)]


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
    if principal is None:
        return denied.layout(lang, None, None, [])
    if not auth.allowed(route.role):
        # The server refuses the address too; this covers a page reached without a reload.
        body = denied.layout(lang, principal.name, principal.role,
                             list(access.least_roles(route.role)))
    else:
        body = route.layout(Request(pathname or "/", query, lang, rest))
    if not route.framed:
        return body
    return frame.layout(links(principal.role), route.path, principal.name, principal.role,
                        lang, route.title, query, body)


def register(app: Dash) -> None:
    """Attach the router, and the frame's title for the browser's tab, to `app`."""
    auth.callback(app, Role.DISPLAY, Output(ids.APP_PAGE, "children"),
                  Input(ids.APP_URL, "pathname"), Input(ids.APP_URL, "search"))(page)
    auth.clientside_callback(
        app, Role.DISPLAY,
        "function (title) { if (title) { document.title = title; } return null; }",
        Output(ids.FRAME_TITLE_SET, "data"), Input(ids.FRAME_TITLE, "data"))
