"""The wall reacts to pushes: each part of the snapshot updates only its own region."""

from __future__ import annotations

from dash import ClientsideFunction, Dash, Input, Output, Patch, State

from dashboard import live
from layouts import charts, ids, wall

SOCKET = ids.WALL_SOCKET


def _part(name: str) -> Input:
    return Input(SOCKET, f"data-{name}")


def geometry(value: dict | None, lang: str) -> object:
    """Draw the whole map once: polygons, borders, and the values that came with them."""
    if not value or not value.get("grids"):
        return charts.blank()
    figure = charts.grid_map(value, value["values"]["open"], lang)
    figure.update_traces(selector=2, **charts.urgent_points(value["urgent"]))
    return figure


def map_values(part: dict) -> Patch:
    """Recolour the map: only the values travel, in the geometry's order."""
    patch = Patch()
    patch["data"][0]["z"] = charts.map_values(live.current().grid_codes, part["open"])
    return patch


def urgent(part: list) -> Patch:
    """Mark new urgent incidents on the map."""
    points = charts.urgent_points(part)
    patch = Patch()
    for key in ("lon", "lat", "text"):
        patch["data"][2][key] = points[key]
    return patch


def register(app: Dash) -> None:
    """Attach the wall's callbacks to `app`."""
    lang = State(ids.WALL_LANG, "data")
    app.clientside_callback(
        ClientsideFunction("wall", "tick"),
        Output(ids.WALL_CLOCK, "children"), Output(ids.WALL_STATUS, "children"),
        Output(ids.WALL_STATUS, "className"),
        Input(ids.WALL_CLOCK_TICK, "n_intervals"), Input(SOCKET, "connected"),
        Input(ids.WALL_DATA_TIME, "data"), State(ids.WALL_LABELS, "data"),
    )
    app.clientside_callback(
        ClientsideFunction("wall", "meta"),
        Output(ids.WALL_DATA_TIME, "data"), Output(ids.WALL_TITLE, "children"),
        _part("meta"), State(ids.WALL_LABELS, "data"),
    )
    app.callback(Output(ids.WALL_MAP, "figure"), Input(SOCKET, f"data-{ids.GEOMETRY_EVENT}"),
                 lang, prevent_initial_call=True)(geometry)
    app.callback(Output(ids.WALL_MAP, "figure", allow_duplicate=True), _part("map"),
                 prevent_initial_call=True)(map_values)
    app.callback(Output(ids.WALL_MAP, "figure", allow_duplicate=True), _part("urgent"),
                 prevent_initial_call=True)(urgent)
    for region, name, render in (
        (ids.WALL_KPIS, "kpis", wall.kpis),
        (ids.WALL_TICKER, "ticker", wall.ticker),
        (ids.WALL_DEPARTMENTS, "departments", wall.departments),
        (ids.WALL_STREETS, "streets", wall.streets),
    ):
        app.callback(Output(region, "children"), _part(name), lang,
                     prevent_initial_call=True)(render)
    for graph, name, chart in (
        (ids.WALL_SOURCES, "sources", charts.sources),
        (ids.WALL_CATEGORIES, "categories", charts.categories),
        (ids.WALL_TREND, "trend", charts.trend),
    ):
        app.callback(Output(graph, "figure"), _part(name), lang,
                     prevent_initial_call=True)(chart)
