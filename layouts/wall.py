"""The wall (/wall): the command hall's big screen, read from 5 m, nobody touches it.

The frame is static; every region is filled by a push (PRODUCT §8) through the render
functions here and in `layouts.charts`.
"""

from __future__ import annotations

from dash import dcc, html
from dash.development.base_component import Component
from dash_socketio import DashSocketIO

from layouts import charts, ids
from layouts.text import t
from layouts.wall_panels import departments, kpis, rate_text, streets
from layouts.wall_ticker import PAGE_SECONDS, ticker

__all__ = ["layout", "labels", "rate_text", "kpis", "ticker", "departments",
           "streets", "STALE_TICKS"]

STALE_TICKS = 3  # data older than this many scheduler ticks is shown as stale
GRAPH_CONFIG = {"displayModeBar": False, "staticPlot": False}
MAP_CONFIG = {**GRAPH_CONFIG, "topojsonURL": "/assets/topojson/"}


def labels(lang: str, zone: str, tick_seconds: float, street: str | None = None,
           rotation: dict | None = None) -> dict:
    """What the browser needs: texts, the zone, the heartbeat, the parts a push may carry,
    the view it opens on (a street's code, or None for the district's) and, rotating, the
    views it turns through (`rotation`: views, names, every).

    The clock and the stale check run in the browser (a wall must not ask the server every
    second); they read these texts so every string still comes from `layouts.text`.
    """
    keys = ("wall_connecting", "wall_waiting", "wall_disconnected", "wall_live", "wall_stale",
            "wall_clock", "wall_weekdays", "wall_supervised", "wall_view_next")
    return {**{key: t(key, lang) for key in keys}, "zone": zone,
            "tickSeconds": tick_seconds, "staleTicks": STALE_TICKS,
            "view": street, "rotation": rotation, "viewEvent": ids.VIEW_EVENT,
            "parts": list(ids.WALL_PART),  # the order of the part stores a push fills
            "mapId": ids.WALL_MAP,
            "traces": {"map": charts.MAP_TRACE, "urgent": charts.URGENT_TRACE,
                       "changed": charts.CHANGED_TRACE},
            "calmTop": charts.CALM_TOP,
            "symbols": {"plain": charts.URGENT_SYMBOLS[False],
                        "supervised": charts.URGENT_SYMBOLS[True]}}


def layout(lang: str = "zh", zone: str = "Asia/Shanghai", tick_seconds: float = 15.0,
           street: str | None = None, rotation: dict | None = None) -> Component:
    """The wall's frame: a 16:9 grid of regions, empty until the first push arrives.

    With a street's code, the wall of that street: its room, and its communities ranked.
    With a `rotation` (views, their names, the seconds each stays up), the wall turns
    through the views, opening on `street`'s when one of them is asked for, else the first.
    """
    if rotation is not None and (street is None or street not in rotation["views"]):
        street = rotation["views"][0]
    room = {"room": ids.ROOM_STREET, "street": street} if street else {"room": ids.ROOM_WALL}
    return html.Div(id=ids.WALL_ROOT, className="wall", lang=_html_lang(lang), children=[
        html.Div(className="wall-hidden", children=[  # no grid cell for what has no look
            DashSocketIO(id=ids.WALL_SOCKET, eventNames=[ids.SNAPSHOT_EVENT, ids.OPENING_EVENT,
                                                             ids.STORE_EVENT],
                         options={"auth": room}),
            *(dcc.Store(id=store_id, storage_type="memory") for store_id in ids.WALL_PART.values()),
            dcc.Store(id=ids.WALL_DATA_TIME, storage_type="memory"),
            dcc.Store(id=ids.WALL_SCALE, storage_type="memory"),
            dcc.Store(id=ids.WALL_LABELS, data=labels(lang, zone, tick_seconds, street, rotation)),
            dcc.Store(id=ids.WALL_LANG, data=lang),
            dcc.Interval(id=ids.WALL_CLOCK_TICK, interval=1_000),
        ]),
        html.Header(className="wall-header", children=[
            html.H1(t("title", lang), id=ids.WALL_TITLE, className="wall-title"),
            html.Div(id=ids.WALL_CLOCK, className="wall-clock"),
            html.Div(id=ids.WALL_VIEW, className="wall-view"),
            html.Div(t("wall_connecting", lang), id=ids.WALL_STATUS, className="stale"),
        ]),
        html.Section(kpis({}, lang), id=ids.WALL_KPIS, className="wall-kpis"),  # "—" until data
        _panel("wall-area-departments", "wall_departments", lang,
               html.Table(id=ids.WALL_DEPARTMENTS, className="wall-table")),
        _panel("wall-area-streets", "wall_communities" if street else "wall_streets", lang,
               html.Table(id=ids.WALL_STREETS, className="wall-table"),
               heading_id=ids.WALL_STREETS_TITLE),
        _panel("wall-area-map", "wall_map", lang, _graph(ids.WALL_MAP, MAP_CONFIG)),
        _panel("wall-area-ticker", "wall_ticker", lang,
               html.Div(id=ids.WALL_TICKER, className="wall-ticker",
                        **{"data-seconds": str(PAGE_SECONDS)})),
        _panel("wall-area-sources", "wall_sources", lang, _graph(ids.WALL_SOURCES)),
        _panel("wall-area-trend", "wall_trend", lang, _graph(ids.WALL_TREND)),
        _panel("wall-area-categories", "wall_categories", lang, _graph(ids.WALL_CATEGORIES)),
    ])


def _panel(area: str, heading: str, lang: str, body: Component,
           heading_id: str | None = None) -> html.Section:
    named = {"id": heading_id} if heading_id else {}
    return html.Section(className=f"wall-panel {area}", children=[
        html.H2(t(heading, lang), className="wall-panel-title", **named),
        html.Div(body, className="wall-panel-body"),
    ])


def _graph(graph_id: str, config: dict | None = None) -> dcc.Graph:
    return dcc.Graph(id=graph_id, figure=charts.blank(), config=config or GRAPH_CONFIG,
                     responsive=True, className="wall-graph")


def _html_lang(lang: str) -> str:
    return "en" if lang == "en" else "zh-CN"
