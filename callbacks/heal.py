"""Every live screen's socket watched in the browser, so that the screen heals by itself."""

from __future__ import annotations

from dash import ClientsideFunction, Dash, Input, Output, State

from dashboard import auth
from data.people import access
from layouts import ids


def register(app: Dash, role: access.Need, socket: str, tick: str) -> None:
    """Open `socket` anew while it stays closed, on each second of `tick` (assets/heal.js),
    and hand what its server says of the store to the freshness line."""
    auth.clientside_callback(
        app, role, ClientsideFunction("heal", "watch"), Output(socket, "options"),
        Input(tick, "n_intervals"), Input(socket, "connected"),
        Input(socket, f"data-{ids.STORE_EVENT}"), State(socket, "options"),
        prevent_initial_call=True)
