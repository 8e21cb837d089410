"""The overview draws itself from the address, and every click sets the address."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from dash import Dash, Input, Output, State, ctx, no_update

from dashboard import auth, wiring
from data import drill, periods
from data.domain import Role
from layouts import ids, overview


def render(current: dict) -> tuple:
    """Read the drill's place and period from the store and draw them."""
    wired = wiring.current()
    zone, now = wired.settings.timezone, datetime.now(UTC)
    try:
        period = periods.parse(current["period"], now, ZoneInfo(zone))
    except ValueError as error:
        return overview.bad_period(current, str(error))
    with wired.sessions() as session:
        at = drill.place(session, current["street"], current["community"], current["grid"])
        if at is None:
            named = current["grid"] or current["community"] or current["street"]
            return overview.missing(current, named)
        shown = drill.view(session, at, period, now)
    return overview.render(shown, current, zone)


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
    current = State(ids.OVERVIEW_STATE, "data")
    auth.callback(app, Role.LEADER, Output(ids.OVERVIEW_CRUMBS, "children"),
                  Output(ids.OVERVIEW_KPIS, "children"), Output(ids.OVERVIEW_MAP, "figure"),
                  Output(ids.OVERVIEW_TABLE, "children"), Input(ids.OVERVIEW_STATE, "data"))(render)
    auth.callback(app, Role.LEADER, Output(ids.OVERVIEW_NAV, "href"),
                  Input(ids.OVERVIEW_MAP, "clickData"), current,
                  prevent_initial_call=True)(go_to_clicked)
    auth.callback(app, Role.LEADER, Output(ids.OVERVIEW_NAV, "href", allow_duplicate=True),
                  Input(ids.OVERVIEW_PERIOD, "value"), Input(ids.OVERVIEW_RANGE, "start_date"),
                  Input(ids.OVERVIEW_RANGE, "end_date"), current,
                  prevent_initial_call=True)(go_to_period)
