"""Plotly chart builders: dark, large type, local fonts only, no modebar.

Text from outside (grid, category and incident names) is HTML-escaped before it reaches
Plotly, whose labels understand a few tags of their own.
"""

from __future__ import annotations

from datetime import datetime
from html import escape
from typing import Any

import plotly.graph_objects as go

from layouts import geo
from layouts.text import t

FONT = '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif'
TEXT = "#e6edf5"
MUTED = "#8fa6bf"
GRID_LINE = "#1f3350"
BLUE = "#3d8bfd"
GREEN = "#2fcf7f"
AMBER = "#ffb020"
RED = "#ff4d4f"
TRANSPARENT = "rgba(0,0,0,0)"
# Few incidents stay in the navy of the wall; many burn amber, then red.
MAP_SCALE = [[0.0, "#123456"], [0.15, "#1d5b8f"], [0.5, AMBER], [1.0, RED]]
SOURCE_ORDER = ("patrol", "resident", "hotline", "iot", "department", "leader")
SOURCE_COLOURS = ("#3d8bfd", "#2fcf7f", "#ffb020", "#a880ff", "#3cc8e6", "#ff7a59")
# The map's traces, by index: the callbacks patch them so. The urgent markers come last (the
# stylesheet makes the last trace's points breathe).
MAP_TRACE, STREET_TRACE, LABEL_TRACE, CHANGED_TRACE, URGENT_TRACE = 0, 1, 2, 3, 4
# The colour scale reaches its red at this count at least: a grid with one or two open
# incidents is not painted alarming because the rest of the district is quiet.
CALM_TOP = 5
TOP_BARS = 6  # the bars a small panel holds in type read from 5 m
URGENT_SYMBOLS = {False: "circle", True: "star"}  # a supervised (督办) urgent incident: a star
# Text sizes at 1920×1080, read from 5 m; a bigger screen multiplies them by its height / 1080
# (the wall's `scale`), so 3840×2160 shows the same picture, only sharper.
TICK_SIZE = 22
NOTE_SIZE = 24



def _px(pixels: float, scale: float) -> int:
    """A size in pixels of the 1920×1080 design, on a screen `scale` times its height."""
    return round(pixels * scale)


def _layout(scale: float = 1.0, **extra: Any) -> dict[str, Any]:
    layout: dict[str, Any] = {
        "template": "none",  # the default template would switch the geo base map back on
        "paper_bgcolor": TRANSPARENT, "plot_bgcolor": TRANSPARENT,
        "font": {"family": FONT, "size": _px(TICK_SIZE, scale), "color": TEXT},
        "margin": {"l": 0, "r": 0, "t": 0, "b": 0, "pad": 0},
        "showlegend": False, "autosize": True, "uirevision": "wall",
        "hoverlabel": {"font": {"family": FONT, "size": _px(TICK_SIZE, scale)}},
    }
    layout.update(extra)
    return layout


def blank(scale: float = 1.0) -> go.Figure:
    """An empty, invisible chart: what a region shows before its first push."""
    return go.Figure(layout=_layout(scale, xaxis={"visible": False}, yaxis={"visible": False}))


def grid_map(geometry: dict, values: dict[str, int], lang: str,
             scale: float = 1.0) -> go.Figure:
    """The grid map: grids coloured by `values`, street borders and names, the grids that
    just changed (empty) and the urgent markers (empty)."""
    grids = geometry.get("grids") or {"type": "FeatureCollection", "features": []}
    features = grids.get("features") or []
    names = [escape(str(feature["properties"].get("name") or "")) for feature in features]
    codes = [feature["properties"]["code"] for feature in features]
    z = map_values(codes, values)
    size = _px(TICK_SIZE, scale)
    choropleth = go.Choropleth(
        geojson=grids, featureidkey="properties.code", locations=codes, z=z, customdata=names,
        colorscale=MAP_SCALE, marker={"line": {"color": "#0b1726", "width": 0.6}},
        hovertemplate="%{customdata}<br>" + t("wall_map_scale", lang) + " %{z}<extra></extra>",
        **map_range(z),
        colorbar={"title": {"text": t("wall_map_scale", lang),
                            "font": {"size": size, "color": TEXT}},
                  "thickness": _px(16, scale), "len": 0.5, "x": 1, "xanchor": "right",
                  "tickfont": {"size": size, "color": TEXT}, "outlinewidth": 0},
    )
    streets = geometry.get("streets") or {}
    lon, lat = _street_borders(streets)
    borders = go.Scattergeo(lon=lon, lat=lat, mode="lines", hoverinfo="skip",
                            line={"color": "rgba(200,225,250,0.9)", "width": 1.8 * scale})
    named = [(feature, geo.centre(feature.get("geometry") or {}))
             for feature in streets.get("features") or []]
    named = [(feature, middle) for feature, middle in named if middle]
    labels = go.Scattergeo(
        lon=[middle[0] for _, middle in named], lat=[middle[1] for _, middle in named],
        text=[escape(str(feature["properties"].get("name") or "")) for feature, _ in named],
        mode="text", hoverinfo="skip",
        textfont={"size": _px(NOTE_SIZE, scale), "color": "#ffffff", "family": FONT})
    changed = go.Scattergeo(lon=[], lat=[], mode="markers", hoverinfo="skip",
                            marker={"size": _px(30, scale), "color": TRANSPARENT,
                                    "symbol": "circle",
                                    "line": {"color": "#7fdcff", "width": 4 * scale}})
    urgent = go.Scattergeo(lon=[], lat=[], text=[], mode="markers",
                           hovertemplate="%{text}<extra></extra>",
                           marker={"size": _px(18, scale), "color": RED, "symbol": "circle",
                                   "line": {"color": "#ffffff", "width": 2.5 * scale}})
    view = {"bgcolor": TRANSPARENT, **geo.view(grids, streets)}
    return go.Figure([choropleth, borders, labels, changed, urgent],
                     layout=_layout(scale, geo=view))


def map_range(z: list[int]) -> dict[str, Any]:
    """The colour scale's span: from 0 to the most open in a grid, but at least `CALM_TOP`;
    with nothing open anywhere the map is all calm and shows no scale (assets/wall.js does
    the same when it recolours the map)."""
    return {"zmin": 0, "zmax": max([CALM_TOP, *z]), "showscale": any(z)}


def map_values(codes: list[str], values: dict[str, int]) -> list[int]:
    """The count for every grid in the map's order of `codes`, 0 where `values` has none."""
    return [int(values.get(code, 0)) for code in codes]


def urgent_points(part: list, lang: str) -> dict[str, Any]:
    """The urgent incidents as the lon, lat, hover text and symbol of the map's marker trace.

    An incident under a supervision order (督办) is a star, and its hover text says so.
    """
    located = [item for item in part if item.get("lon") is not None and item.get("lat") is not None]
    supervised = " · " + t("wall_supervised", lang)
    return {"lon": [item["lon"] for item in located],
            "lat": [item["lat"] for item in located],
            "text": [escape(f"{item.get('code', '')} {item.get('title', '')}")
                     + (supervised if item.get("supervised") else "") for item in located],
            "marker": {"symbol": [URGENT_SYMBOLS[bool(item.get("supervised"))]
                                  for item in located]}}


def _street_borders(streets: dict) -> tuple[list, list]:
    """Every street's exterior rings as one None-separated line."""
    lon: list[float | None] = []
    lat: list[float | None] = []
    for feature in streets.get("features") or []:
        geometry = feature.get("geometry") or {}
        polygons = geometry.get("coordinates") or []
        if geometry.get("type") == "Polygon":
            polygons = [polygons]
        for polygon in polygons:
            if polygon:
                lon += [point[0] for point in polygon[0]] + [None]
                lat += [point[1] for point in polygon[0]] + [None]
    return lon, lat


def trend(part: dict, lang: str, scale: float = 1.0) -> go.Figure:
    """Reported (bars) and resolved (line) per local hour over the last 24 hours."""
    hours = [_hour_label(hour) for hour in part.get("hours") or []]
    reported = go.Bar(x=hours, y=part.get("reported") or [], name=t("wall_reported", lang),
                      marker={"color": BLUE}, hovertemplate="%{x} %{y}<extra></extra>")
    resolved = go.Scatter(x=hours, y=part.get("resolved") or [], name=t("wall_resolved", lang),
                          mode="lines+markers", line={"color": GREEN, "width": _px(3, scale)},
                          marker={"size": _px(7, scale)},
                          hovertemplate="%{x} %{y}<extra></extra>")
    size = _px(TICK_SIZE, scale)
    axis = {"color": TEXT, "gridcolor": GRID_LINE, "zeroline": False,
            "tickfont": {"size": size, "color": TEXT}}
    return go.Figure([reported, resolved], layout=_layout(
        scale, showlegend=True, bargap=0.25,
        legend={"orientation": "h", "x": 1, "xanchor": "right", "y": 1.02, "yanchor": "bottom",
                "font": {"size": size}},
        margin={"l": _px(52, scale), "r": _px(8, scale), "t": _px(36, scale),
                "b": _px(36, scale)},
        xaxis={**axis, "type": "category", "nticks": 6, "tickangle": 0, "showgrid": False},
        yaxis={**axis, "rangemode": "tozero", "nticks": 5},
    ))


def _hour_label(hour: str) -> str:
    try:
        return datetime.fromisoformat(hour).strftime("%H:00")
    except ValueError:
        return hour


def sources(part: dict, lang: str, scale: float = 1.0) -> go.Figure:
    """Today's reports by source, the most at the top; each source keeps its own colour."""
    keys = [*SOURCE_ORDER, *sorted(key for key in part if key not in SOURCE_ORDER)]
    colour = {key: SOURCE_COLOURS[i % len(SOURCE_COLOURS)] for i, key in enumerate(keys)}
    keys.sort(key=lambda key: -int(part.get(key, 0)))  # stable: ties stay in the fixed order
    labels = [t(f"source_{key}", lang) if key in SOURCE_ORDER else escape(key) for key in keys]
    return _bars(labels, [int(part.get(key, 0)) for key in keys], [colour[key] for key in keys],
                 scale)


def categories(part: list, lang: str, scale: float = 1.0) -> go.Figure:
    """The matters reported most today, the most at the top: as many as the wall's panel
    shows in type read from 5 m."""
    top = part[:TOP_BARS]
    labels = [escape(str(item.get("name") or item.get("code") or "")) for item in top]
    if not top:
        return _empty(lang, scale)
    return _bars(labels, [int(item.get("count") or 0) for item in top], [AMBER] * len(top),
                 scale)


def _bars(labels: list[str], counts: list[int], colours: list[str],
          scale: float = 1.0) -> go.Figure:
    """Horizontal bars, the first at the top, with their counts written beside them.

    The order is in the bars' positions (the first is highest) and the axis range is fixed:
    an axis left to autorange "reversed" was drawn upside down whenever Plotly kept the
    autorange of a resize made while the chart was being drawn (its `uirevision` state).
    """
    positions = list(range(len(labels) - 1, -1, -1))
    size = _px(TICK_SIZE, scale)
    bars = go.Bar(x=counts, y=positions, orientation="h", marker={"color": colours},
                  text=[f"{count:,}" for count in counts], textposition="outside",
                  cliponaxis=False, textfont={"size": size, "color": TEXT},
                  customdata=labels, hovertemplate="%{customdata} %{x}<extra></extra>")
    top = max(counts, default=0)
    pad = _px(8, scale)
    return go.Figure([bars], layout=_layout(
        scale, uirevision=None, bargap=0.25,
        margin={"l": pad, "r": pad, "t": _px(4, scale), "b": _px(4, scale)},
        uniformtext={"minsize": size, "mode": "show"},  # never shrink the counts to fit a bar
        xaxis={"visible": False, "range": [0, max(top, 1) * 1.2], "autorange": False},
        yaxis={"tickvals": positions, "ticktext": labels, "autorange": False,
               "range": [-0.5, max(len(labels), 1) - 0.5],
               "automargin": True, "ticks": "", "showgrid": False, "zeroline": False,
               "tickfont": {"size": size, "color": TEXT}, "ticksuffix": " "},
    ))


def _empty(lang: str, scale: float = 1.0) -> go.Figure:
    figure = blank(scale)
    figure.add_annotation(text=t("wall_none", lang), showarrow=False, x=0.5, y=0.5,
                          xref="paper", yref="paper",
                          font={"size": _px(NOTE_SIZE, scale), "color": TEXT})
    return figure


def grid_outlines(grids: list[dict[str, Any]]) -> go.Figure:
    """A preview of a grid layer: each grid's outline, filled and labelled, on plain axes.

    Each grid has code, name and rings (lists of [lon, lat]); nothing is fetched from outside.
    """
    traces = []
    for grid in grids:
        label = escape(f"{grid['code']} {grid['name']}")
        for ring in grid["rings"]:
            traces.append(go.Scatter(x=[point[0] for point in ring], y=[point[1] for point in ring],
                                     mode="lines", fill="toself", line={"width": 1, "color": BLUE},
                                     fillcolor="rgba(61,139,253,0.25)", name=label,
                                     hoverinfo="name", hoveron="fills"))
    return go.Figure(data=traces, layout=_layout(
        1.0, font={"family": FONT, "size": 12, "color": "#1f2d3d"}, uirevision="preview",
        xaxis={"visible": False}, yaxis={"visible": False, "scaleanchor": "x"}))
