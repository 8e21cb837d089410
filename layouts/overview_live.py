"""The overview's live strip: the wall's tiles, by push, above the period's figures.

The strip is drawn from the pushed snapshot alone, with its connection and data freshness
said beside it as on the wall. The period's view below it is a drill-down read from the
store; the pushes only say when the trail has moved since it was read, and it is read again
at most every `REFRESH_SECONDS`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from dash import dcc, html
from dash.development.base_component import Component
from dash_socketio import DashSocketIO

from layouts import ids
from layouts.overview_tables import rate
from layouts.text import t
from layouts.wall_panels import COUNT_TILES, RATE_TILES, count_text

REFRESH_SECONDS = 30  # the period's view is read again this often at most, when the trail moved
TICK_MS = 5_000  # how often the freshness line looks at the data's age
WATCH_MS = 1_000  # how often the page looks whether its socket needs opening anew
STALE_TICKS = 3  # data older than this many scheduler ticks is shown as stale, as on the wall


def labels(lang: str, tick_seconds: float) -> dict[str, Any]:
    """What the browser's own code needs: the freshness texts, the heartbeat, the refresh."""
    keys = ("wall_connecting", "wall_waiting", "wall_disconnected", "wall_live", "wall_stale")
    return {**{key: t(key, lang) for key in keys}, "tickSeconds": tick_seconds,
            "staleTicks": STALE_TICKS, "refreshSeconds": REFRESH_SECONDS}


def strip(lang: str, tick_seconds: float = 15.0) -> Component:
    """The strip's frame: its socket and stores, its freshness line, and "—" until a push."""
    return html.Section(className="ov-live", children=[
        html.Div(className="ov-live-hidden", children=[
            DashSocketIO(id=ids.OVERVIEW_SOCKET,
                         eventNames=[ids.SNAPSHOT_EVENT, ids.STORE_EVENT],
                         options={"auth": {"room": ids.ROOM_OVERVIEW}}),
            dcc.Store(id=ids.OVERVIEW_LABELS, data=labels(lang, tick_seconds)),
            dcc.Store(id=ids.OVERVIEW_META), dcc.Store(id=ids.OVERVIEW_LIVE_PART),
            dcc.Store(id=ids.OVERVIEW_DRAWN), dcc.Store(id=ids.OVERVIEW_REDRAW),
            dcc.Interval(id=ids.OVERVIEW_TICK, interval=TICK_MS),
            dcc.Interval(id=ids.OVERVIEW_WATCH, interval=WATCH_MS),
        ]),
        html.Div(className="ov-live-head", children=[
            html.H2(t("ov_live_title", lang), className="ov-live-title"),
            html.Div(t("wall_connecting", lang), id=ids.OVERVIEW_STATUS,
                     className="ov-status stale"),
        ]),
        html.Div(tiles(None, lang), id=ids.OVERVIEW_LIVE, className="ov-live-tiles"),
    ])


def tiles(part: dict[str, Any] | None, lang: str) -> list:
    """The wall's tiles: today's counts, the open picture, and the month's four rates.

    Each rate shows its numerator and denominator on hover or tap, and "—" for nothing.
    """
    part = part or {}
    shown = [_tile(t(label, lang), count_text(part.get(key)), tone if part.get(key) else "")
             for key, label, tone in COUNT_TILES]
    shown += [_tile(t(label, lang), rate(part[key]) if part.get(key) else "—", "rate")
              for key, label in RATE_TILES]
    return shown


def drawn(cursor: int, now: datetime) -> dict[str, Any]:
    """What the period's view was read at: the trail's cursor, and the time (UTC)."""
    return {"cursor": cursor, "at": now.isoformat()}


def _tile(label: str, value: Component | str, tone: str) -> html.Div:
    return html.Div(className=f"ov-live-kpi {tone}".strip(), children=[
        html.Div(label, className="ov-live-label"),
        html.Div(value, className="ov-live-value"),
    ])
