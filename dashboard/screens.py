"""The screens connected to this process, and who each speaks for.

A page or an API request is judged again on every request, but a socket stays open for days
on a wall. So every few seconds, while any screen is connected, the principals behind them
are looked up in the store, and a screen whose token was revoked or whose user was
deactivated is disconnected. Its reconnection is then refused like any other. Each process
watches its own screens: a token revoked from the command line or by another process is
seen all the same, because the store is what is read. The same look tells whether the store
can be read: while it cannot, the screens are told so every round, and shown stale.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from flask import Flask
from flask_socketio import SocketIO
from sqlalchemy.orm import Session

from dashboard import wiring
from dashboard.auth import Principal
from data.people import access

CHECK_SECONDS = 5.0
KEY = "screens"
Tell = Callable[[bool, list[str]], None]  # tells screens whether the store can be read


@dataclass
class Screens:
    """The sockets of this process by session id, with the principal each connected as."""

    tell: Tell
    held: dict[str, Principal] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)
    watching: bool = False
    store_down: bool = False  # the last look at the store failed


def init_app(server: Flask, tell: Tell) -> None:
    """Give the server its own register of connected screens, told about the store by `tell`."""
    server.extensions[KEY] = Screens(tell=tell)


def hold(server: Flask, socketio: SocketIO, sid: str, principal: Principal) -> None:
    """Remember a screen that has connected; watch the screens if nobody is yet."""
    screens: Screens = server.extensions[KEY]
    with screens.lock:
        screens.held[sid] = principal
        start, screens.watching = not screens.watching, True
    if start:
        socketio.start_background_task(_watch, server, socketio)


def held(server: Flask, sid: str) -> Principal | None:
    """The principal the screen `sid` connected as, if it is connected to this process."""
    screens: Screens = server.extensions[KEY]
    with screens.lock:
        return screens.held.get(sid)


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
        except Exception as error:  # a store that is briefly away: look again next round
            server.logger.warning("the store cannot be read (%s); %d screens are told",
                                  type(error).__name__, len(screens.held))
            screens.store_down = True
            # Said every round while it lasts: a screen that missed it, or joined since, hears.
            screens.tell(False, list(screens.held))
            continue
        if screens.store_down:
            screens.store_down = False
            screens.tell(True, list(screens.held))
            _fresh_picture(server)


def _fresh_picture(server: Flask) -> None:
    """Push a picture at once when the store is back, so screens need not wait for the clock."""
    picture = server.extensions.get("live")
    if picture is not None and picture.leading:
        try:
            picture.refresh()
        except Exception:
            server.logger.warning("the picture after the store returned failed", exc_info=True)
