"""A liaison's desk: take each push of its department's desk, draw the lists when they change,
tick the countdowns and say how fresh the data is."""

from __future__ import annotations

from dash import ClientsideFunction, Dash, Input, Output, State

from callbacks import heal
from dashboard import auth, wiring
from data import clock
from data.domain import Role
from layouts import desk, ids


def draw(part: dict | None, labels: dict) -> tuple[object, object]:
    """The counts and the four lists of the pushed desk."""
    if part is None:
        return [], desk.groups({}, labels["lang"], labels["zone"], clock.now())
    zone = wiring.current().zone
    return (desk.counts(part, labels["lang"]),
            desk.groups(part, labels["lang"], zone, clock.now()))


def register(app: Dash) -> None:
    """Attach the desk's callbacks to `app`."""
    labels = State(ids.DESK_LABELS, "data")
    # Each push: hand the desk on only when it changed; sound once for a new dispatch.
    auth.clientside_callback(
        app, Role.DEPARTMENT, ClientsideFunction("desk", "receive"),
        Output(ids.DESK_PART, "data"), Output(ids.DESK_DATA_TIME, "data"),
        Output(ids.DESK_ARRIVALS, "data"),
        Input(ids.DESK_SOCKET, f"data-{ids.SNAPSHOT_EVENT}"), State(ids.DESK_PART, "data"),
        State(ids.DESK_ARRIVALS, "data"), prevent_initial_call=True)
    heal.register(app, Role.DEPARTMENT, ids.DESK_SOCKET, ids.DESK_TICK)
    auth.clientside_callback(
        app, Role.DEPARTMENT, ClientsideFunction("desk", "tick"),
        Output(ids.DESK_STATUS, "children"), Output(ids.DESK_STATUS, "className"),
        Input(ids.DESK_TICK, "n_intervals"), Input(ids.DESK_SOCKET, "connected"),
        Input(ids.DESK_DATA_TIME, "data"), labels)
    auth.callback(app, Role.DEPARTMENT, Output(ids.DESK_COUNTS, "children"),
                  Output(ids.DESK_GROUPS, "children"), Input(ids.DESK_PART, "data"),
                  labels, prevent_initial_call=True)(draw)
