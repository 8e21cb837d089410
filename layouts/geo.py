"""The polygons' geometry for the maps (the wall's, the overview's, the incident page's): a
Mercator view with no base map, fitted to the polygons drawn, and where to write their names.
The maps need no tiles: every base layer is hidden and the store's polygons are all they draw.
"""

from __future__ import annotations

from typing import Any

HIDDEN_LAYERS = ("showcoastlines", "showland", "showocean", "showlakes", "showrivers",
                 "showcountries", "showsubunits", "showframe")
MAP_PAD = 0.02  # the room round the polygons, as a share of their span


def view(*collections: dict) -> dict[str, Any]:
    """A geo layout with no base map, fitted to the polygons of `collections`."""
    return {"visible": False, "projection_type": "mercator",
            **dict.fromkeys(HIDDEN_LAYERS, False), **fitted(*collections)}


def fitted(*collections: dict) -> dict[str, Any]:
    """The geo view that draws the polygons of `collections` as large as their panel allows.

    Plotly's `fitbounds` fits them inside the frame of the whole world's Mercator map,
    a square, so a map on a wide panel drew no wider than the panel is high. Ranges round
    the polygons alone make the frame their own shape, which Plotly then fits to the panel.
    """
    points = [point for collection in collections
              for feature in collection.get("features") or []
              for point in geo_points((feature.get("geometry") or {}).get("coordinates") or [])]
    if not points:
        return {"fitbounds": "locations"}
    west, east = min(p[0] for p in points), max(p[0] for p in points)
    south, north = min(p[1] for p in points), max(p[1] for p in points)
    pad_lon, pad_lat = (east - west) * MAP_PAD or 0.01, (north - south) * MAP_PAD or 0.01
    return {"lonaxis": {"range": [west - pad_lon, east + pad_lon]},
            "lataxis": {"range": [south - pad_lat, north + pad_lat]}}


def geo_points(coordinates: list) -> list[list[float]]:
    """The positions of a GeoJSON geometry's nested coordinates."""
    if coordinates and isinstance(coordinates[0], int | float):
        return [coordinates]
    return [point for part in coordinates for point in geo_points(part)]


def centre(geometry: dict) -> tuple[float, float] | None:
    """Where to write a polygon's name: the middle of its largest ring's bounds."""
    polygons = geometry.get("coordinates") or []
    if geometry.get("type") == "Polygon":
        polygons = [polygons]
    rings = [polygon[0] for polygon in polygons if polygon and polygon[0]]
    if not rings:
        return None

    def bounds(ring: list) -> tuple[float, float, float, float]:
        xs, ys = [point[0] for point in ring], [point[1] for point in ring]
        return min(xs), min(ys), max(xs), max(ys)

    west, south, east, north = max(
        (bounds(ring) for ring in rings), key=lambda box: (box[2] - box[0]) * (box[3] - box[1]))
    return (west + east) / 2, (south + north) / 2
