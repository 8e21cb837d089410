"""The screens connected to this process, and who each speaks for.

A page or an API request is judged again on every request, but a socket stays open for days
on a wall. So every few seconds, while any screen is connected, the principals behind them
are looked up in the store, and a screen whose token was revoked or whose user was
deactivated is disconnected. Its reconnection is then refused like any other. Each process
watches its own screens: a token revoked from the command line or by another process is
seen all the same, because the store is what is read.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

from flask import Flask
from flask_socketio import SocketIO
from sqlalchemy.orm import Session

from dashboard import wiring
from dashboard.auth import Principal
from data.people import access

CHECK_SECONDS = 5.0
KEY = "screens"


@dataclass
class Screens:
    """The sockets of this process by session id, with the principal each connected as."""

    held: dict[str, Principal] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)
    watching: bool = False


def init_app(server: Flask) -> None:
    """Give the server its own register of connected screens."""
    server.extensions[KEY] = Screens()


def hold(server: Flask, socketio: SocketIO, sid: str, principal: Principal) -> None:
    """Remember a screen that has connected; watch the screens if nobody is yet."""
    screens: Screens = server.extensions[KEY]
    with screens.lock:
        screens.held[sid] = principal
        start, screens.watching = not screens.watching, True
    if start:
        socketio.start_background_task(_watch, server, socketio)


def drop(server: Flask, sid: str) -> None:
    """Forget a screen that has gone."""
    screens: Screens = server.extensions[KEY]
    with screens.lock:
        screens.held.pop(sid, None)


def cut_off(server: Flask, socketio: SocketIO) -> list[str]:
    """Disconnect every screen whose principal may no longer sign in; their session ids."""
    screens: Screens = server.extensions[KEY]
    with screens.lock:
        held = dict(screens.held)
    with server.app_context(), wiring.current().sessions() as db:
        gone = {principal for principal in set(held.values()) if not _usable(db, principal)}
    stale = [sid for sid, principal in held.items() if principal in gone]
    for sid in stale:
        drop(server, sid)
        socketio.server.disconnect(sid, namespace="/")
    return stale


def _usable(db: Session, principal: Principal) -> bool:
    if principal.kind == "token":
        return access.usable_token(db, principal.id) is not None
    return access.active_user(db, principal.id) is not None


def _watch(server: Flask, socketio: SocketIO) -> None:
    screens: Screens = server.extensions[KEY]
    while True:
        time.sleep(CHECK_SECONDS)
        with screens.lock:
            if not screens.held:
                screens.watching = False
                return
        try:
            cut_off(server, socketio)
        except Exception:  # a store that is briefly away: look again on the next round
            server.logger.exception("checking the connected screens failed")
