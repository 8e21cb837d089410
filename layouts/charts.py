"""Plotly chart builders: dark, large type, local fonts only, no modebar.

Text from outside (grid, category and incident names) is HTML-escaped before it reaches
Plotly, whose labels understand a few tags of their own.
"""

from __future__ import annotations

from datetime import datetime
from html import escape
from typing import Any

import plotly.graph_objects as go

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
MAP_TRACE, STREET_TRACE, URGENT_TRACE = 0, 1, 2  # the callbacks patch these by index
URGENT_SYMBOLS = {False: "circle", True: "star"}  # a supervised (督办) urgent incident: a star
HIDDEN_LAYERS = ("showcoastlines", "showland", "showocean", "showlakes", "showrivers",
                 "showcountries", "showsubunits", "showframe")


def _layout(**extra: Any) -> dict[str, Any]:
    layout: dict[str, Any] = {
        "template": "none",  # the default template would switch the geo base map back on
        "paper_bgcolor": TRANSPARENT, "plot_bgcolor": TRANSPARENT,
        "font": {"family": FONT, "size": 18, "color": TEXT},
        "margin": {"l": 0, "r": 0, "t": 0, "b": 0, "pad": 0},
        "showlegend": False, "autosize": True, "uirevision": "wall",
        "hoverlabel": {"font": {"family": FONT, "size": 18}},
    }
    layout.update(extra)
    return layout


def blank() -> go.Figure:
    """An empty, invisible chart: what a region shows before its first push."""
    return go.Figure(layout=_layout(xaxis={"visible": False}, yaxis={"visible": False}))


def grid_map(geometry: dict, values: dict[str, int], lang: str) -> go.Figure:
    """The grid map: grids coloured by `values`, street borders, and urgent markers (empty)."""
    grids = geometry.get("grids") or {"type": "FeatureCollection", "features": []}
    features = grids.get("features") or []
    names = [escape(str(feature["properties"].get("name") or "")) for feature in features]
    codes = [feature["properties"]["code"] for feature in features]
    choropleth = go.Choropleth(
        geojson=grids, featureidkey="properties.code", locations=codes,
        z=map_values(codes, values), customdata=names,
        colorscale=MAP_SCALE, marker={"line": {"color": "#0b1726", "width": 0.6}},
        hovertemplate="%{customdata}<br>" + t("wall_map_scale", lang) + " %{z}<extra></extra>",
        colorbar={"title": {"text": t("wall_map_scale", lang), "font": {"size": 16}},
                  "thickness": 14, "len": 0.5, "x": 0.98, "xanchor": "right",
                  "tickfont": {"size": 16, "color": MUTED}, "outlinewidth": 0},
    )
    lon, lat = _street_borders(geometry.get("streets") or {})
    borders = go.Scattergeo(lon=lon, lat=lat, mode="lines", hoverinfo="skip",
                            line={"color": "rgba(200,225,250,0.9)", "width": 1.8})
    urgent = go.Scattergeo(lon=[], lat=[], text=[], mode="markers",
                           hovertemplate="%{text}<extra></extra>",
                           marker={"size": 18, "color": RED, "symbol": "circle",
                                   "line": {"color": "#ffffff", "width": 2.5}})
    geo = {"fitbounds": "locations", "visible": False, "projection_type": "mercator",
           "bgcolor": TRANSPARENT, **dict.fromkeys(HIDDEN_LAYERS, False)}
    return go.Figure([choropleth, borders, urgent], layout=_layout(geo=geo))


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


def trend(part: dict, lang: str) -> go.Figure:
    """Reported (bars) and resolved (line) per local hour over the last 24 hours."""
    hours = [_hour_label(hour) for hour in part.get("hours") or []]
    reported = go.Bar(x=hours, y=part.get("reported") or [], name=t("wall_reported", lang),
                      marker={"color": BLUE}, hovertemplate="%{x} %{y}<extra></extra>")
    resolved = go.Scatter(x=hours, y=part.get("resolved") or [], name=t("wall_resolved", lang),
                          mode="lines+markers", line={"color": GREEN, "width": 3},
                          marker={"size": 7}, hovertemplate="%{x} %{y}<extra></extra>")
    axis = {"color": MUTED, "gridcolor": GRID_LINE, "zeroline": False, "tickfont": {"size": 16}}
    return go.Figure([reported, resolved], layout=_layout(
        showlegend=True, bargap=0.25,
        legend={"orientation": "h", "x": 1, "xanchor": "right", "y": 1.02, "yanchor": "bottom",
                "font": {"size": 16}},
        margin={"l": 44, "r": 8, "t": 30, "b": 30},
        xaxis={**axis, "type": "category", "nticks": 8, "tickangle": 0, "showgrid": False},
        yaxis={**axis, "rangemode": "tozero", "nticks": 5},
    ))


def _hour_label(hour: str) -> str:
    try:
        return datetime.fromisoformat(hour).strftime("%H:00")
    except ValueError:
        return hour


def sources(part: dict, lang: str) -> go.Figure:
    """Today's reports by source, in a fixed order so the bars never jump."""
    keys = [*SOURCE_ORDER, *sorted(key for key in part if key not in SOURCE_ORDER)]
    labels = [t(f"source_{key}", lang) if key in SOURCE_ORDER else escape(key) for key in keys]
    colours = [SOURCE_COLOURS[i % len(SOURCE_COLOURS)] for i in range(len(keys))]
    return _bars(labels, [int(part.get(key, 0)) for key in keys], colours)


def categories(part: list, lang: str) -> go.Figure:
    """The ten matters reported most today, the most at the top."""
    top = part[:10]
    labels = [escape(str(item.get("name") or item.get("code") or "")) for item in top]
    if not top:
        return _empty(lang)
    return _bars(labels, [int(item.get("count") or 0) for item in top], [AMBER] * len(top))


def _bars(labels: list[str], counts: list[int], colours: list[str]) -> go.Figure:
    """Horizontal bars with their counts written beside them; no value axis to read."""
    positions = list(range(len(labels)))
    bars = go.Bar(x=counts, y=positions, orientation="h", marker={"color": colours},
                  text=[f"{count:,}" for count in counts], textposition="outside",
                  cliponaxis=False, textfont={"size": 18, "color": TEXT},
                  customdata=labels, hovertemplate="%{customdata} %{x}<extra></extra>")
    top = max(counts, default=0)
    return go.Figure([bars], layout=_layout(
        bargap=0.25, margin={"l": 8, "r": 8, "t": 4, "b": 4},
        uniformtext={"minsize": 16, "mode": "show"},  # never shrink the counts to fit a bar
        xaxis={"visible": False, "range": [0, max(top, 1) * 1.18]},
        yaxis={"tickvals": positions, "ticktext": labels, "autorange": "reversed",
               "automargin": True, "ticks": "", "showgrid": False, "zeroline": False,
               "tickfont": {"size": 16, "color": TEXT}, "ticksuffix": " "},
    ))


def _empty(lang: str) -> go.Figure:
    figure = blank()
    figure.add_annotation(text=t("wall_none", lang), showarrow=False, x=0.5, y=0.5,
                          xref="paper", yref="paper", font={"size": 20, "color": MUTED})
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
        font={"family": FONT, "size": 12, "color": "#1f2d3d"}, uirevision="preview",
        xaxis={"visible": False}, yaxis={"visible": False, "scaleanchor": "x"}))
