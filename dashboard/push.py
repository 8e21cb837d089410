"""The Socket.IO server: the only code that emits to screens."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask, current_app
from flask_socketio import SocketIO, emit, join_room

from dashboard.config import Settings
from layouts import ids

socketio = SocketIO()
Opening = Callable[[], dict[str, Any]]


def init_app(server: Flask, settings: Settings, opening: Opening) -> None:
    """Bind Socket.IO to the server; with Redis configured, several processes share pushes.

    `opening` gives the parts a screen receives as soon as it connects.
    """
    server.extensions["push.opening"] = opening
    socketio.init_app(
        server,
        async_mode="threading",  # plain threads with simple-websocket; no monkey-patching
        message_queue=settings.redis_url or None,
        cors_allowed_origins=[],  # same origin only
    )


def publish(parts: dict[str, Any], room: str = ids.ROOM_WALL) -> None:
    """Send each part as its own event to every screen in `room`."""
    for name, value in parts.items():
        socketio.emit(name, value, to=room)


@socketio.on("connect")
def _connected(_auth: Any = None) -> None:
    # A screen that connects or reconnects gets the whole current picture at once.
    join_room(ids.ROOM_WALL)
    for name, value in current_app.extensions["push.opening"]().items():
        emit(name, value)
