"""The wall reacts to pushes: each part of the snapshot updates only its own region."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from dash import ClientsideFunction, Dash, Input, Output, State

from callbacks import heal
from dashboard import auth, wiring
from data.domain import Role
from data.people import access, rotation
from layouts import charts, ids, wall
from layouts.text import t


def _part(name: str) -> Input:
    return Input(ids.WALL_PART[name], "data")


def rotation_for(query: dict[str, list[str]], lang: str) -> dict | None:
    """What the wall asked for by `query` rotates through, or None when it stays on one view.

    A rotating token's wall rotates through its views; a person's through the district's
    and every street's, every `?rotate=` seconds. A street's token never rotates.
    """
    principal = auth.current()
    if principal is None or principal.street:
        return None
    every, listed = principal.every, principal.views
    if every is None and "rotate" in query:
        try:
            every = rotation.interval(query["rotate"][0])
        except access.AccessError:
            return None  # the guard has refused the address already
    if every is None:
        return None
    with wiring.current().sessions() as db:
        names = dict(access.streets(db))
    views = [view for view in rotation.views_of(listed, list(names))
             if view is None or view in names]
    if not views:
        return None  # every street it lists was closed since
    return {"views": views, "every": every,
            "names": [names[view] if view else t("wall_view_district", lang) for view in views]}


def geometry(value: dict | None, scale: float | None, lang: str) -> object:
    """Draw the whole map once (and again when the screen's size changes): polygons, borders,
    and the values that came with them."""
    if not value or not value.get("grids"):
        return charts.blank(scale or 1.0)
    figure = charts.grid_map(value, value["values"]["open"], lang, scale or 1.0)
    urgent = charts.urgent_points(value["urgent"], lang)
    figure.update_traces(selector=charts.URGENT_TRACE, **urgent)
    return figure


def drawn(chart: Callable[..., object]) -> Callable[..., object]:
    """`chart` drawn for the screen's size, once its part has come (blank until then)."""
    def draw(part: object, scale: float | None, lang: str) -> object:
        if part is None:
            return charts.blank(scale or 1.0)
        return chart(part, lang, scale or 1.0)
    return draw


def ticker(part: list | None, kpis: dict | None, meta: dict | None, lang: str) -> list:
    """The ticker's rows, the count of every standing alert the kpis carry, and which alerts
    are new at the snapshot's time."""
    stamp = (meta or {}).get("data_time")
    now = datetime.fromisoformat(stamp) if stamp else None
    return wall.ticker(part or [], lang, (kpis or {}).get("alerts"), now)


def streets(part: list | None, lang: str, meta: dict | None) -> tuple[list, str]:
    """The ranking of the wall's streets, or of a street's wall's communities, under its
    heading: drawn in one go, so a turned wall never ranks one view under the other's."""
    ranked = "community" if (meta or {}).get("street_code") else "street"
    return (wall.streets(part or [], lang, ranked),
            t("wall_communities" if ranked == "community" else "wall_streets", lang))


def headline(part: dict | None, lang: str, meta: dict | None) -> tuple[list, str]:
    """The tiles and the title naming their view's place, drawn in one go: a rotating wall
    that turns never names one view over the other's numbers."""
    place = " ".join(name for name in ((meta or {}).get("district"),
                                       (meta or {}).get("street")) if name)
    title = f"{place} · {t('title', lang)}" if place else t("title", lang)
    return wall.kpis(part or {}, lang), title


def register(app: Dash) -> None:
    """Attach the wall's callbacks to `app`."""
    labels, lang = State(ids.WALL_LABELS, "data"), State(ids.WALL_LANG, "data")
    pushed = f"data-{ids.SNAPSHOT_EVENT}"
    opened = f"data-{ids.OPENING_EVENT}"
    held = [State(store, "data") for store in ids.WALL_PART.values()]
    # One push, one event: the browser hands each part that differs from its store to it.
    auth.clientside_callback(
        app, Role.DISPLAY,
        ClientsideFunction("wall", "parts"),
        *(Output(store, "data") for store in ids.WALL_PART.values()),
        Input(ids.WALL_SOCKET, pushed), Input(ids.WALL_SOCKET, opened), labels, *held,
        prevent_initial_call=True,
    )
    # Dash may drop a hand-over when pushes follow closely; the clock's second repeats it.
    auth.clientside_callback(
        app, Role.DISPLAY,
        ClientsideFunction("wall", "again"),
        *(Output(store, "data", allow_duplicate=True) for store in ids.WALL_PART.values()),
        Input(ids.WALL_CLOCK_TICK, "n_intervals"), State(ids.WALL_SOCKET, pushed),
        State(ids.WALL_SOCKET, opened), State(ids.WALL_MAP, "figure"), labels, *held,
        prevent_initial_call=True,
    )
    heal.register(app, Role.DISPLAY, ids.WALL_SOCKET, ids.WALL_CLOCK_TICK)
    auth.clientside_callback(
        app, Role.DISPLAY,
        ClientsideFunction("wall", "tick"),
        Output(ids.WALL_CLOCK, "children"), Output(ids.WALL_STATUS, "children"),
        Output(ids.WALL_STATUS, "className"),
        Input(ids.WALL_CLOCK_TICK, "n_intervals"), Input(ids.WALL_SOCKET, "connected"),
        Input(ids.WALL_DATA_TIME, "data"), labels,
    )
    auth.clientside_callback(
        app, Role.DISPLAY,
        ClientsideFunction("wall", "meta"),
        Output(ids.WALL_DATA_TIME, "data"), _part("meta"), labels,
    )
    # A rotating wall asks for its next view over its socket when its time comes.
    auth.clientside_callback(
        app, Role.DISPLAY,
        ClientsideFunction("rotation", "turn"),
        Output(ids.WALL_VIEW, "children"),
        Input(ids.WALL_CLOCK_TICK, "n_intervals"), Input(ids.WALL_SOCKET, "connected"),
        labels,
    )
    # The screen's size, read on load and every second after: charts are drawn for it.
    auth.clientside_callback(
        app, Role.DISPLAY,
        ClientsideFunction("wall", "scale"),
        Output(ids.WALL_SCALE, "data"),
        Input(ids.WALL_CLOCK_TICK, "n_intervals"), State(ids.WALL_SCALE, "data"),
    )
    scale = Input(ids.WALL_SCALE, "data")
    auth.callback(app, Role.DISPLAY, Output(ids.WALL_MAP, "figure"), _part(ids.GEOMETRY),
                  scale, lang, prevent_initial_call=True)(geometry)
    # Once drawn, the map changes by patches made in the browser: no request, no redraw of
    # the shapes, only the values.
    for name in ("map", "urgent"):
        auth.clientside_callback(
            app, Role.DISPLAY,
            ClientsideFunction("wall", name),
            Output(ids.WALL_MAP, "figure", allow_duplicate=True), _part(name), labels,
            State(ids.WALL_PART[ids.GEOMETRY], "data"), State(ids.WALL_MAP, "figure"),
            prevent_initial_call=True)
    auth.clientside_callback(
        app, Role.DISPLAY,
        ClientsideFunction("wall", "heal"),
        Output(ids.WALL_MAP, "figure", allow_duplicate=True),
        Input(ids.WALL_CLOCK_TICK, "n_intervals"), State(ids.WALL_PART["map"], "data"),
        State(ids.WALL_PART["urgent"], "data"), State(ids.WALL_PART[ids.GEOMETRY], "data"),
        State(ids.WALL_MAP, "figure"), labels,
        prevent_initial_call=True)
    meta = State(ids.WALL_PART["meta"], "data")
    auth.callback(app, Role.DISPLAY, Output(ids.WALL_KPIS, "children"),
                  Output(ids.WALL_TITLE, "children"), _part("kpis"), lang, meta,
                  prevent_initial_call=True)(headline)
    auth.callback(app, Role.DISPLAY, Output(ids.WALL_DEPARTMENTS, "children"),
                  _part("departments"), lang, prevent_initial_call=True)(wall.departments)
    auth.callback(app, Role.DISPLAY, Output(ids.WALL_STREETS, "children"),
                  Output(ids.WALL_STREETS_TITLE, "children"), _part("streets"), lang, meta,
                  prevent_initial_call=True)(streets)
    auth.callback(app, Role.DISPLAY, Output(ids.WALL_TICKER, "children"), _part("ticker"),
                  _part("kpis"), State(ids.WALL_PART["meta"], "data"), lang,
                  prevent_initial_call=True)(ticker)
    for graph, name, chart in (
        (ids.WALL_SOURCES, "sources", charts.sources),
        (ids.WALL_CATEGORIES, "categories", charts.categories),
        (ids.WALL_TREND, "trend", charts.trend),
    ):
        auth.callback(app, Role.DISPLAY, Output(graph, "figure"), _part(name), scale, lang,
                      prevent_initial_call=True)(drawn(chart))
