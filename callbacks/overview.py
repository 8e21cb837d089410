"""The overview draws its view from the address, and its live strip from the pushes.

Every click sets the address. The view is read from the store when the address changes,
and again when the pushes show the trail has moved since (at most every
`overview_live.REFRESH_SECONDS`); the live strip never reads the store.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from dash import ClientsideFunction, Dash, Input, Output, State, ctx, no_update

from callbacks import heal
from dashboard import auth, wiring
from data import clock, queries
from data.domain import Role
from data.figures import drill, periods
from layouts import ids, overview, overview_live


def render(current: dict, _asked: dict | None) -> tuple:
    """Read the drill's place and period from the store and draw them, and the cursor read at."""
    wired = wiring.current()
    zone, now = wired.zone, clock.now()
    try:
        period = periods.parse(current["period"], now, ZoneInfo(zone))
    except ValueError as error:
        return (*overview.bad_period(current, str(error)), None)
    with wired.sessions() as session:
        # The cursor first: a move committed while the view is read is then read again.
        read = overview_live.drawn(queries.cursor(session), now)
        at = drill.place(session, current["street"], current["community"], current["grid"])
        if at is None:
            named = current["grid"] or current["community"] or current["street"]
            return (*overview.missing(current, named), read)
        shown = drill.view(session, at, period, now)
    return (*overview.render(shown, current, zone), read)


def live(part: dict | None, current: dict) -> list:
    """Draw the wall's live tiles from the pushed kpis part."""
    return overview_live.tiles(part, current["lang"])


def go_to_clicked(click: dict | None, current: dict) -> object:
    """Drill into the unit, or open the incident, that was clicked on the map."""
    target = overview.clicked(current, click)
    return no_update if target is None else target


def go_to_period(preset: str | None, start: str | None, end: str | None,
                 current: dict) -> object:
    """Show the period picked from the presets or the range of days."""
    by_range = ctx.triggered_id == ids.OVERVIEW_RANGE
    target = overview.chosen(current, preset, start, end, by_range)
    return no_update if target is None else target


def register(app: Dash) -> None:
    """Attach the overview's callbacks to `app`."""
    current, labels = State(ids.OVERVIEW_STATE, "data"), State(ids.OVERVIEW_LABELS, "data")
    auth.callback(app, Role.LEADER, Output(ids.OVERVIEW_CRUMBS, "children"),
                  Output(ids.OVERVIEW_KPIS, "children"), Output(ids.OVERVIEW_MAP, "figure"),
                  Output(ids.OVERVIEW_TABLE, "children"), Output(ids.OVERVIEW_DRAWN, "data"),
                  Input(ids.OVERVIEW_STATE, "data"), Input(ids.OVERVIEW_REDRAW, "data"))(render)
    # Each push: the tiles' part only when it changed, and the meta for the freshness line.
    auth.clientside_callback(
        app, Role.LEADER, ClientsideFunction("overview", "receive"),
        Output(ids.OVERVIEW_LIVE_PART, "data"), Output(ids.OVERVIEW_META, "data"),
        Input(ids.OVERVIEW_SOCKET, f"data-{ids.SNAPSHOT_EVENT}"),
        State(ids.OVERVIEW_LIVE_PART, "data"), prevent_initial_call=True)
    auth.callback(app, Role.LEADER, Output(ids.OVERVIEW_LIVE, "children"),
                  Input(ids.OVERVIEW_LIVE_PART, "data"), current,
                  prevent_initial_call=True)(live)
    heal.register(app, Role.LEADER, ids.OVERVIEW_SOCKET, ids.OVERVIEW_WATCH)
    auth.clientside_callback(
        app, Role.LEADER, ClientsideFunction("overview", "status"),
        Output(ids.OVERVIEW_STATUS, "children"), Output(ids.OVERVIEW_STATUS, "className"),
        Input(ids.OVERVIEW_TICK, "n_intervals"), Input(ids.OVERVIEW_SOCKET, "connected"),
        Input(ids.OVERVIEW_META, "data"), labels)
    # The pushes say when the trail has moved past the view; the view is then read again.
    auth.clientside_callback(
        app, Role.LEADER, ClientsideFunction("overview", "due"),
        Output(ids.OVERVIEW_REDRAW, "data"), Input(ids.OVERVIEW_META, "data"),
        State(ids.OVERVIEW_DRAWN, "data"), State(ids.OVERVIEW_REDRAW, "data"), labels,
        prevent_initial_call=True)
    auth.callback(app, Role.LEADER, Output(ids.OVERVIEW_NAV, "href"),
                  Input(ids.OVERVIEW_MAP, "clickData"), current,
                  prevent_initial_call=True)(go_to_clicked)
    auth.callback(app, Role.LEADER, Output(ids.OVERVIEW_NAV, "href", allow_duplicate=True),
                  Input(ids.OVERVIEW_PERIOD, "value"), Input(ids.OVERVIEW_RANGE, "start_date"),
                  Input(ids.OVERVIEW_RANGE, "end_date"), current,
                  prevent_initial_call=True)(go_to_period)
