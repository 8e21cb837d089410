"""The Socket.IO server: the only code that emits to screens."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from flask import Flask, current_app, request
from flask_socketio import SocketIO, emit, join_room, leave_room, rooms
from sqlalchemy.exc import SQLAlchemyError

from dashboard import auth, metrics, screens
from dashboard.config import Settings
from data.domain import Role
from data.people import access, rotation
from data.places import geometry
from layouts import ids

socketio = SocketIO()
Opening = Callable[[], dict[str, Any]]
# The least role that may join each room. A screen names the room it shows when it connects
# ({"room": "duty"}); one that names none is a wall.
ROOM_ROLES: dict[str, Role] = {ids.ROOM_WALL: Role.DISPLAY, ids.ROOM_DUTY: Role.DUTY,
                               ids.ROOM_OVERVIEW: Role.LEADER, ids.ROOM_DESK: Role.DEPARTMENT,
                               ids.ROOM_STREET: Role.DISPLAY}
# The parts each room is sent. The wall's room is sent every part but those kept for other
# rooms alone (the duty queue): the parts it shows itself, other rooms may be sent too.
ROOM_PARTS: dict[str, tuple[str, ...]] = {ids.ROOM_DUTY: ("meta", ids.DUTY),
                                          ids.ROOM_OVERVIEW: ("meta", "kpis"),
                                          ids.ROOM_DESK: ("meta", ids.DESKS)}
KEPT = (frozenset(name for names in ROOM_PARTS.values() for name in names) - set(ids.PARTS)
        | {ids.STREET_WALLS})
# The rooms whose screens each join a room of their own: a desk its department's, a street's
# wall its street's.
OWN_ROOMS = frozenset({ids.ROOM_DESK, ids.ROOM_STREET})
WALL_ROOMS = frozenset({ids.ROOM_WALL, ids.ROOM_STREET})  # a wall may move between their views


def init_app(server: Flask, settings: Settings, opening: Opening) -> None:
    """Bind Socket.IO to the server; with Redis configured, several processes share pushes.

    `opening` gives the parts a screen receives as soon as it connects.
    """
    server.extensions["push.opening"] = opening
    screens.init_app(server, store_state)
    socketio.init_app(
        server,
        async_mode="threading",  # plain threads with simple-websocket; no monkey-patching
        message_queue=settings.redis_url or None,
        channel=settings.redis_channel,  # what another process's emitter must publish on
        cors_allowed_origins=[],  # same origin only
    )
    metrics.count_rooms(room_sizes)


def room_sizes() -> dict[str, int]:
    """How many screens this process holds in each room (a department's desks as desk)."""
    sizes = dict.fromkeys(ROOM_ROLES, 0)
    rooms = socketio.server.manager.rooms.get("/", {}) if socketio.server else {}
    for name, members in list(rooms.items()):
        kind = name.split(":")[0] if isinstance(name, str) else None
        if kind in sizes:
            sizes[kind] += len(members)
    return sizes


def publish(parts: dict[str, Any]) -> None:
    """Send the parts to the rooms that show them: one event per room, with what it shows."""
    for room in ROOM_ROLES:
        if room in OWN_ROOMS:
            continue  # no screen is in it: each is in a room of its own
        sent = parts_for(room, parts)
        if sent:
            # One event, encoded once: a change costs one message per screen.
            socketio.emit(ids.SNAPSHOT_EVENT, sent, to=room)
            metrics.PUSHES.labels(room=room).inc()
    for department in parts.get(ids.DESKS) or {}:
        socketio.emit(ids.SNAPSHOT_EVENT, desk_parts(department, parts),
                      to=desk_room(department))
        metrics.PUSHES.labels(room=ids.ROOM_DESK).inc()
    for street in parts.get(ids.STREET_WALLS) or {}:
        socketio.emit(ids.SNAPSHOT_EVENT, street_parts(street, parts), to=street_room(street))
        metrics.PUSHES.labels(room=ids.ROOM_STREET).inc()


def desk_room(department: str) -> str:
    """The room of the desks of `department`'s liaisons."""
    return f"{ids.ROOM_DESK}:{department}"


def desk_parts(department: str, parts: dict[str, Any]) -> dict[str, Any]:
    """What a desk of `department` is sent: the meta, and its own department's desk alone."""
    sent = {"meta": parts["meta"]} if "meta" in parts else {}
    desks = parts.get(ids.DESKS) or {}
    if department in desks:
        sent[ids.DESK] = desks[department]
    return sent


def street_room(street: str) -> str:
    """The room of the walls of the street whose code is `street`."""
    return f"{ids.ROOM_STREET}:{street}"


def street_parts(street: str, parts: dict[str, Any]) -> dict[str, Any]:
    """What a wall of `street` is sent: the wall's parts cut to the street, the meta naming
    it, and in an opening the street's own map."""
    wall = (parts.get(ids.STREET_WALLS) or {}).get(street)
    if wall is None:
        return {}
    sent: dict[str, Any] = {name: value for name, value in wall.items() if name in ids.PARTS}
    if "meta" in parts:
        sent["meta"] = {**parts["meta"], "street": wall["street"]["name"],
                        "street_code": street}
    if ids.GEOMETRY in parts:
        shapes = parts[ids.GEOMETRY]
        sent[ids.GEOMETRY] = {**(geometry.of_street(shapes, street) if shapes.get("grids")
                                 else shapes),
                              "values": wall["map"], "urgent": wall["urgent"]}
        sent.pop("map", None)
        sent.pop("urgent", None)
    return sent


def parts_for(room: str, parts: dict[str, Any]) -> dict[str, Any]:
    """The parts of `parts` the screens in `room` are sent."""
    if room in ROOM_PARTS:
        return {name: parts[name] for name in ROOM_PARTS[room] if name in parts}
    return {name: value for name, value in parts.items() if name not in KEPT}


def store_state(up: bool, sids: list[str]) -> None:
    """Tell the screens `sids` whether their server can read the store."""
    said = {"up": up, "at": time.time()}
    for sid in sids:
        socketio.emit(ids.STORE_EVENT, said, to=sid)


@socketio.on("connect")
def _connected(payload: Any = None) -> None:
    try:
        _admit(payload)
    except SQLAlchemyError as error:
        # Refused, not left hanging: the page tries again until the store answers.
        raise ConnectionRefusedError("the store is unavailable; try again") from error


def _admit(payload: Any) -> None:
    # The session signed in by the page, or a token in the connect payload: {"token": "..."}.
    payload = payload if isinstance(payload, dict) else {}
    secret = payload.get("token") if isinstance(payload.get("token"), str) else None
    principal = auth.token_named(secret) if secret else auth.session_principal()
    if principal is None:
        raise ConnectionRefusedError("sign in, or connect with auth={'token': <display token>}")
    room = payload.get("room", ids.ROOM_WALL)
    if not isinstance(room, str) or room not in ROOM_ROLES:
        raise ConnectionRefusedError(f"no room {room!r}; one of {', '.join(ROOM_ROLES)}")
    if not access.includes(principal.role, ROOM_ROLES[room]):
        raise ConnectionRefusedError(f"the {room} room needs the role {ROOM_ROLES[room]} or "
                                     f"above; {principal.name} has {principal.role}")
    if room == ids.ROOM_DESK and not principal.department:
        raise ConnectionRefusedError(f"{principal.name} is bound to no department")
    street = payload.get("street") if room == ids.ROOM_STREET else None
    if room == ids.ROOM_STREET and (not isinstance(street, str) or not street):
        raise ConnectionRefusedError("name the street: {'room': 'street', 'street': <code>}")
    refusal = street_refusal(principal, street)
    if refusal:
        raise ConnectionRefusedError(refusal)
    opening = current_app.extensions["push.opening"]()
    if street is not None and street not in (opening.get(ids.STREET_WALLS) or {}):
        raise ConnectionRefusedError(f"no street {street!r} in the district")
    if room == ids.ROOM_DESK:
        joined, sent = desk_room(principal.department), desk_parts(principal.department, opening)
    elif room in WALL_ROOMS:
        joined, sent = wall_view(street, opening)
    else:
        joined, sent = room, parts_for(room, opening)
    join_room(joined)
    screens.hold(current_app._get_current_object(), socketio, request.sid, principal)
    # A screen that connects or reconnects gets the whole current picture at once.
    event = ids.OPENING_EVENT if room in WALL_ROOMS else ids.SNAPSHOT_EVENT
    emit(event, sent)


def wall_view(street: str | None, opening: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """The room of the wall of `street` (None: the district's), and what it opens with."""
    if street is None:
        return ids.ROOM_WALL, parts_for(ids.ROOM_WALL, opening)
    return street_room(street), street_parts(street, opening)


def street_refusal(principal: auth.Principal, street: str | None) -> str | None:
    """Why `principal` may not watch the wall of `street` (None: the district's), or None."""
    asked = f"street {street}" if street else "the district"
    if principal.street and street != principal.street:
        return (f"{principal.name} opens the wall of street {principal.street} only, "
                f"not the wall of {asked}")
    if principal.every is not None and not rotation.may_see(principal.views, street):
        return (f"{principal.name} rotates through {', '.join(principal.views or ())} only, "
                f"not the wall of {asked}")
    return None


@socketio.on(ids.VIEW_EVENT)
def _viewed(payload: Any = None) -> dict[str, Any]:
    """A wall asks to show another view ({"street": <code>}, or null for the district's):
    it leaves its room for the view's and is sent the view's opening. The answer is the view
    shown, or why not."""
    try:
        return _switch(payload)
    except SQLAlchemyError:
        return {"error": "the store is unavailable; try again"}


def _switch(payload: Any) -> dict[str, Any]:
    street = payload.get("street") if isinstance(payload, dict) else None
    if not isinstance(payload, dict) or street is not None and (
            not isinstance(street, str) or not street):
        return {"error": "street: a street's code, or null for the district's wall"}
    principal = screens.held(current_app._get_current_object(), request.sid)
    left = [room for room in rooms() if room == ids.ROOM_WALL
            or isinstance(room, str) and room.startswith(street_room(""))]
    if principal is None or not left:
        return {"error": "only a wall changes its view"}
    refusal = street_refusal(principal, street)
    if refusal:
        return {"error": refusal}
    opening = current_app.extensions["push.opening"]()
    if street is not None and street not in (opening.get(ids.STREET_WALLS) or {}):
        return {"error": f"street: no street {street!r} in the district"}
    joined, sent = wall_view(street, opening)
    for room in left:
        if room != joined:
            leave_room(room)
    join_room(joined)
    emit(ids.OPENING_EVENT, sent)
    return {"street": street}


@socketio.on("disconnect")
def _disconnected(reason: Any = None) -> None:
    screens.drop(current_app._get_current_object(), request.sid)
