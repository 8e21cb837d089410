"""The wall's Plotly charts: the grid map and the small charts."""

from __future__ import annotations

import json
from pathlib import Path

import plotly.io

from layouts import charts

TOPOJSON = Path(__file__).resolve().parents[2] / "dashboard/assets/topojson/world_110m.json"


def square(code: str, name: str, x: float) -> dict:
    ring = [[x, 0.0], [x + 1, 0.0], [x + 1, 1.0], [x, 1.0], [x, 0.0]]
    return {"type": "Feature", "properties": {"code": code, "name": name},
            "geometry": {"type": "Polygon", "coordinates": [ring]}}


GEOMETRY = {
    "grids": {"type": "FeatureCollection",
              "features": [square("g3", "三号网格", 2), square("g1", "一号网格", 0),
                           square("g2", "二号网格", 1)]},
    "streets": {"type": "FeatureCollection", "features": [
        square("s1", "甲街道", 0),
        {"type": "Feature", "properties": {"code": "s2", "name": "乙街道"},
         "geometry": {"type": "MultiPolygon", "coordinates": [
             square("", "", 1)["geometry"]["coordinates"],
             square("", "", 2)["geometry"]["coordinates"]]}}]},
    "center": [1.5, 0.5],
}


def test_grid_map_has_one_location_per_grid_and_zero_where_nothing_is_open() -> None:
    figure = charts.grid_map(GEOMETRY, {"g1": 4, "g3": 1, "elsewhere": 9}, "zh")
    choropleth = figure.data[0]
    assert choropleth.type == "choropleth"
    assert list(choropleth.locations) == ["g3", "g1", "g2"]
    assert list(choropleth.z) == [1, 4, 0]
    assert choropleth.featureidkey == "properties.code"


def test_map_values_follow_geometry_order() -> None:
    values = {"g2": 7}
    codes = [feature["properties"]["code"] for feature in GEOMETRY["grids"]["features"]]
    assert charts.map_values(codes, values) == [0, 0, 7]
    assert charts.map_values(codes, values) == list(charts.grid_map(GEOMETRY, values,
                                                                   "en").data[0].z)


def test_grid_map_draws_street_borders_and_an_empty_urgent_trace() -> None:
    figure = charts.grid_map(GEOMETRY, {}, "zh")
    borders, urgent = figure.data[charts.STREET_TRACE], figure.data[charts.URGENT_TRACE]
    assert borders.type == urgent.type == "scattergeo"
    assert list(borders.lon).count(None) == 3  # one exterior ring per polygon
    assert list(urgent.lon) == [] and urgent.mode == "markers"


def test_grid_map_names_each_street_at_its_middle() -> None:
    labels = charts.grid_map(GEOMETRY, {}, "zh").data[charts.LABEL_TRACE]
    assert labels.mode == "text" and list(labels.text) == ["甲街道", "乙街道"]
    assert (labels.lon[0], labels.lat[0]) == (0.5, 0.5)


def test_a_district_with_nothing_open_is_calm_and_shows_no_scale() -> None:
    quiet = charts.grid_map(GEOMETRY, {}, "zh").data[charts.MAP_TRACE]
    assert (quiet.zmin, quiet.zmax, quiet.showscale) == (0, charts.CALM_TOP, False)
    assert quiet.colorscale[0][1] == charts.MAP_SCALE[0][1]  # zero is the calm navy
    busy = charts.grid_map(GEOMETRY, {"g1": 1, "g2": 12}, "zh").data[charts.MAP_TRACE]
    assert (busy.zmin, busy.zmax, busy.showscale) == (0, 12, True)
    one = charts.grid_map(GEOMETRY, {"g1": 1}, "zh").data[charts.MAP_TRACE]
    assert one.zmax == charts.CALM_TOP  # one open incident is not painted red


def test_grid_map_has_no_base_map_and_fits_the_grids() -> None:
    geo = json.loads(plotly.io.to_json(charts.grid_map(GEOMETRY, {}, "zh")))["layout"]["geo"]
    assert geo["visible"] is False and "fitbounds" not in geo
    points = [point for feature in GEOMETRY["grids"]["features"]
              for point in feature["geometry"]["coordinates"][0]]
    west, east = min(p[0] for p in points), max(p[0] for p in points)
    south, north = min(p[1] for p in points), max(p[1] for p in points)
    (left, right), (bottom, top) = geo["lonaxis"]["range"], geo["lataxis"]["range"]
    assert left < west and right > east and bottom < south and top > north  # all of them
    assert (right - left) < (east - west) * 1.1 and (top - bottom) < (north - south) * 1.1
    assert geo["projection"]["type"] == "mercator"
    assert not any(value for key, value in geo.items() if key.startswith("show"))


def test_urgent_points_give_lon_lat_and_escaped_text() -> None:
    points = charts.urgent_points([
        {"code": "E1", "title": "<b>燃气泄漏</b>", "lon": 116.4, "lat": 39.9,
         "reported_at": "2025-11-21T05:00:00+00:00", "grid": "g1", "supervised": False},
        {"code": "E2", "title": "无位置", "lon": None, "lat": None, "reported_at": "",
         "grid": "g2", "supervised": False},
    ], "zh")
    assert points == {"lon": [116.4], "lat": [39.9], "text": ["E1 &lt;b&gt;燃气泄漏&lt;/b&gt;"],
                      "marker": {"symbol": ["circle"]}}


def test_a_supervised_urgent_incident_is_a_star_and_says_so() -> None:
    part = [{"code": "E1", "title": "燃气泄漏", "lon": 116.4, "lat": 39.9, "supervised": True},
            {"code": "E2", "title": "井盖缺失", "lon": 116.5, "lat": 39.8, "supervised": False}]
    zh, en = charts.urgent_points(part, "zh"), charts.urgent_points(part, "en")
    assert zh["marker"]["symbol"] == ["star", "circle"]
    assert zh["text"] == ["E1 燃气泄漏 · 督办", "E2 井盖缺失"]
    assert en["text"][0] == "E1 燃气泄漏 · Supervised"


def test_trend_labels_local_hours() -> None:
    hours = [f"2025-11-21T{hour:02d}:00:00+08:00" for hour in range(24)]
    figure = charts.trend({"hours": hours, "reported": [1] * 24, "resolved": [2] * 24}, "zh")
    assert list(figure.data[0].x)[:2] == ["00:00", "01:00"]
    assert [trace.name for trace in figure.data] == ["上报", "办结"]


def test_sources_are_ranked_most_first_each_in_its_own_colour() -> None:
    figure = charts.sources({"hotline": 5, "patrol": 9, "iot": 5}, "zh")
    assert list(figure.data[0].customdata) == ["网格员巡查", "12345热线", "智能感知", "群众报事",
                                               "部门转办", "领导交办"]  # ties: fixed order
    assert list(figure.data[0].x) == [9, 5, 5, 0, 0, 0]
    colours = dict(zip(figure.data[0].customdata, figure.data[0].marker.color, strict=True))
    assert colours["12345热线"] == charts.sources({}, "zh").data[0].marker.color[2]


def test_the_first_bar_is_drawn_at_the_top_whatever_the_axis_remembers() -> None:
    figure = charts.categories([{"name": "甲", "count": 9}, {"name": "乙", "count": 4},
                                {"name": "丙", "count": 1}], "zh")
    y = figure.layout.yaxis
    assert list(figure.data[0].y) == [2, 1, 0]  # the highest position is the top
    assert y.autorange is False and tuple(y.range) == (-0.5, 2.5)
    assert figure.layout.uirevision is None  # nothing kept from an earlier drawing


def test_chart_text_grows_with_the_screen_and_is_never_small_at_1080p() -> None:
    trend = {"hours": ["2025-11-21T00:00:00+08:00"], "reported": [1], "resolved": [2]}
    for draw in (lambda scale: charts.sources({"hotline": 5}, "zh", scale),
                 lambda scale: charts.trend(trend, "zh", scale),
                 lambda scale: charts.grid_map(GEOMETRY, {"g1": 1}, "zh", scale)):
        full_hd, uhd = json.loads(plotly.io.to_json(draw(1.0))), json.loads(
            plotly.io.to_json(draw(2.0)))
        sizes, doubled = font_sizes(full_hd), font_sizes(uhd)
        assert sizes and min(sizes) >= 20
        assert doubled == [2 * size for size in sizes]


def font_sizes(node: object) -> list[int]:
    """Every font size a figure's JSON sets (font, tickfont, textfont ...), in order."""
    if isinstance(node, list):
        return [size for value in node for size in font_sizes(value)]
    if not isinstance(node, dict):
        return []
    found = []
    for key, value in node.items():
        if key.endswith("font") and isinstance(value, dict) and "size" in value:
            found.append(value["size"])
        found += font_sizes(value)
    return found


def test_charts_use_only_the_local_font_stack() -> None:
    empty_trend = {"hours": [], "reported": [], "resolved": []}
    for figure in (charts.blank(), charts.trend(empty_trend, "zh"),
                   charts.grid_map(GEOMETRY, {}, "zh")):
        assert figure.layout.font.family.startswith('"Noto Sans CJK SC"')
        assert "http" not in plotly.io.to_json(figure)


def test_the_served_world_outline_is_empty_but_has_every_layer_plotly_reads() -> None:
    topology = json.loads(TOPOJSON.read_text(encoding="utf-8"))
    assert topology["type"] == "Topology" and topology["arcs"] == []
    layers = {"coastlines", "land", "ocean", "lakes", "rivers", "countries", "subunits"}
    assert set(topology["objects"]) == layers
    for layer in topology["objects"].values():
        assert layer == {"type": "GeometryCollection", "geometries": []}
