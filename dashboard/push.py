"""The Socket.IO server: the only code that emits to screens."""

from __future__ import annotations

from flask import Flask
from flask_socketio import SocketIO

from dashboard.config import Settings

socketio = SocketIO()


def init_app(server: Flask, settings: Settings) -> None:
    """Bind Socket.IO to the server; with Redis configured, several processes share pushes."""
    socketio.init_app(
        server,
        async_mode="threading",  # plain threads with simple-websocket; no monkey-patching
        message_queue=settings.redis_url or None,
        cors_allowed_origins=[],  # same origin only
    )
