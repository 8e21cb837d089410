"""The light maps of the overview and the incident page, drawn from the store's polygons alone.

Like the wall's map they need no tiles: a geo chart with every base layer hidden, fitted to
the polygons it draws, with Plotly's topojson served by the app (see `MAP_CONFIG`). Names
and titles from outside are HTML-escaped, as Plotly's labels understand a few tags.
"""

from __future__ import annotations

from html import escape
from typing import Any

import plotly.graph_objects as go

from layouts import geo
from layouts.charts import CALM_TOP, FONT, TRANSPARENT
from layouts.text import t

MAP_CONFIG = {"displayModeBar": False, "topojsonURL": "/assets/topojson/", "scrollZoom": False}
# A click names a unit (drill down) or an incident; the units' names are written on them.
UNIT_TRACE, INCIDENT_TRACE, LABEL_TRACE = 0, 1, 2
TEXT_SIZE = 14  # the map's own text, as the page's
INK = "#1f2d3d"
EDGE = "#ffffff"
# Few reports stay pale; many turn blue, then amber, then red.
SCALE = [[0.0, "#eef3f9"], [0.2, "#9cc3ef"], [0.55, "#f3b23c"], [1.0, "#d9363e"]]
PLACE_FILL = "#cfe0f5"
MARKS = {"overdue": "#d9363e", "open": "#2f6fce", "done": "#8a97a8"}


def _layout(drawn: dict[str, Any] | None = None, **extra: Any) -> dict[str, Any]:
    """The map's layout, its view the bounds of the `drawn` polygons (as large as the
    panel allows, as on the wall)."""
    view = {"bgcolor": TRANSPARENT, **geo.view(drawn or {})}
    return {"template": "none", "paper_bgcolor": TRANSPARENT, "plot_bgcolor": TRANSPARENT,
            "font": {"family": FONT, "size": TEXT_SIZE, "color": INK},
            "margin": {"l": 0, "r": 0, "t": 0, "b": 0, "pad": 0}, "showlegend": False,
            "autosize": True, "geo": view,
            "hoverlabel": {"font": {"family": FONT, "size": TEXT_SIZE}},
            **extra}


def _features(shapes: list[dict[str, Any]]) -> dict[str, Any]:
    return {"type": "FeatureCollection", "features": [
        {"type": "Feature", "id": shape["code"], "properties": {"code": shape["code"]},
         "geometry": shape["boundary"]} for shape in shapes]}


def empty(lang: str) -> go.Figure:
    """A map with nothing to draw, saying so."""
    figure = go.Figure(layout=_layout(xaxis={"visible": False}, yaxis={"visible": False}))
    figure.add_annotation(text=t("ov_map_none", lang), showarrow=False, x=0.5, y=0.5,
                          xref="paper", yref="paper", font={"size": 16, "color": "#4a5868"})
    return figure


def units_map(units: list[dict[str, Any]], lang: str) -> go.Figure:
    """The units one level down, coloured by what was reported in the period; click to drill."""
    drawn = [unit for unit in units if unit.get("boundary")]
    if not drawn:
        return empty(lang)
    hover = t("ov_map_hover", lang)
    labels = [escape(unit["name"]) + "<br>" + hover.format(
        reported=_count(unit, "reported"), open=_count(unit, "open_now"),
        overdue=_count(unit, "overdue_now")) for unit in drawn]
    z = [_count(unit, "reported") for unit in drawn]
    # From 0 to the most reported, but at least CALM_TOP: a quiet period reads pale, with no
    # scale when nothing was reported at all.
    shapes = _features(drawn)
    choropleth = go.Choropleth(
        geojson=shapes, featureidkey="properties.code",
        locations=[unit["code"] for unit in drawn], z=z, colorscale=SCALE,
        zmin=0, zmax=max([CALM_TOP, *z]), showscale=any(z),
        marker={"line": {"color": EDGE, "width": 1.2}},
        text=labels, hovertemplate="%{text}<extra></extra>",
        colorbar={"title": {"text": t("ov_map_reported", lang), "font": {"size": TEXT_SIZE},
                            "side": "top"},
                  "orientation": "h", "thickness": 10, "len": 0.4, "x": 0, "xanchor": "left",
                  "y": 0, "yanchor": "bottom", "tickfont": {"size": TEXT_SIZE},
                  "outlinewidth": 0})
    middles = [(unit, geo.centre(unit["boundary"])) for unit in drawn]
    middles = [(unit, middle) for unit, middle in middles if middle]
    names = go.Scattergeo(
        lon=[middle[0] for _, middle in middles], lat=[middle[1] for _, middle in middles],
        text=[escape(unit["name"]) for unit, _ in middles], mode="text", hoverinfo="skip",
        textfont={"family": FONT, "size": TEXT_SIZE, "color": INK})
    figure = go.Figure([choropleth, _points([]), names], layout=_layout(shapes))
    figure.update_geos(domain={"x": [0, 1], "y": [0.14, 1]})  # the scale sits below the map
    return figure


def place_map(code: str, boundary: dict[str, Any] | None, incidents: list[dict[str, Any]],
              lang: str) -> go.Figure:
    """One grid and its incidents as points, each marked overdue, open or done."""
    if not boundary:
        return empty(lang)
    shape = _features([{"code": code, "boundary": boundary}])
    place = go.Choropleth(
        geojson=shape, featureidkey="properties.code", locations=[code], z=[1], zmin=0, zmax=1,
        colorscale=[[0, PLACE_FILL], [1, PLACE_FILL]], showscale=False,
        marker={"line": {"color": "#2f6fce", "width": 2}}, hoverinfo="skip")
    # A little room, so the grid's edge is not cut by the chart's own.
    margin = {"l": 8, "r": 8, "t": 8, "b": 8, "pad": 0}
    return go.Figure([place, _points(incidents)], layout=_layout(shape, margin=margin))


def _points(incidents: list[dict[str, Any]]) -> go.Scattergeo:
    located = [item for item in incidents
               if item.get("lon") is not None and item.get("lat") is not None]
    colours = [MARKS[_mark(item)] for item in located]
    return go.Scattergeo(
        lon=[item["lon"] for item in located], lat=[item["lat"] for item in located],
        customdata=[[item["code"], escape(item.get("title") or "")] for item in located],
        mode="markers", hovertemplate="%{customdata[0]}<br>%{customdata[1]}<extra></extra>",
        marker={"size": 11, "color": colours, "line": {"color": EDGE, "width": 1.5}})


def _mark(incident: dict[str, Any]) -> str:
    if incident.get("overdue"):
        return "overdue"
    return "open" if incident.get("open", True) else "done"


def _count(unit: dict[str, Any], name: str) -> int:
    return int((unit.get("figures") or {}).get(name) or 0)
