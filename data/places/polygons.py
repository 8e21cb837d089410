"""Read, check and write the polygons of a grid layer in WGS-84 lon/lat."""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

import numpy as np
import shapely
from shapely.errors import ShapelyError
from shapely.geometry import Polygon, shape
from shapely.geometry.base import BaseGeometry
from shapely.validation import explain_validity

# Coordinates are kept to 6 decimals (about 0.1 m), as the demo writes them.
DECIMALS = 6
GRID_SIZE = 1e-6
AREAL = ("Polygon", "MultiPolygon")


def read_geometry(geometry: Any) -> tuple[BaseGeometry | None, str | None]:
    """Return a GeoJSON polygon as a rounded 2-D shape, or None and what is wrong with it."""
    if not geometry:
        return None, "has no geometry"
    kind = geometry.get("type") if isinstance(geometry, dict) else type(geometry).__name__
    if kind not in AREAL:
        return None, f"geometry is a {kind}, not a Polygon or MultiPolygon"
    try:
        # Heights are dropped: the map and the grids are flat.
        polygon = shapely.force_2d(shape(geometry))
    except (AttributeError, IndexError, KeyError, TypeError, ValueError, ShapelyError) as error:
        return None, f"geometry is malformed: {str(error).rstrip('.')}"
    if polygon.is_empty:
        return None, "geometry is empty"
    problem = _outside_wgs84(polygon)
    if problem:
        return None, problem
    if not polygon.is_valid:
        return None, f"geometry is not valid: {explain_validity(polygon)}"
    rounded = shapely.transform(polygon, lambda xy: np.round(xy, DECIMALS))
    if not rounded.is_valid:
        # A sliver thinner than 0.1 m folds onto itself once rounded.
        reason = explain_validity(rounded)
        return None, f"geometry is not valid once rounded to 6 decimals: {reason}"
    return rounded, None


def _outside_wgs84(polygon: BaseGeometry) -> str | None:
    """Say why the polygon's coordinates are not lon/lat, or None when they may be."""
    west, south, east, north = polygon.bounds
    if not all(math.isfinite(v) for v in (west, south, east, north)):
        return "coordinates are not all finite numbers"
    if -180 <= west and east <= 180 and -90 <= south and north <= 90:
        return None
    return (
        f"coordinates are not WGS-84 lon/lat (they span {west:g},{south:g} to {east:g},{north:g});"
        " projected metres?"
    )


def to_geojson(geometry: BaseGeometry) -> dict[str, Any]:
    """Return a Polygon or MultiPolygon as GeoJSON, exterior rings counter-clockwise."""
    # RFC 7946 wants exteriors counter-clockwise; the rounding keeps float noise out of files.
    geometry = shapely.orient_polygons(geometry, exterior_cw=False)
    if geometry.geom_type == "Polygon":
        return {"type": "Polygon", "coordinates": _rings(geometry)}
    polygons = [_rings(part) for part in geometry.geoms if part.geom_type == "Polygon"]
    return {"type": "MultiPolygon", "coordinates": polygons}


def _rings(polygon: Polygon) -> list[list[list[float]]]:
    """Return a polygon's rings as lists of [lon, lat] rounded to 6 decimals."""
    rings = [polygon.exterior, *polygon.interiors]
    return [[[round(x, DECIMALS), round(y, DECIMALS)] for x, y in ring.coords] for ring in rings]


def point_inside(geometry: BaseGeometry) -> tuple[float, float]:
    """Return a (lon, lat) inside the geometry, rounded to 6 decimals."""
    point = geometry.point_on_surface()
    return round(point.x, DECIMALS), round(point.y, DECIMALS)


def union(boundaries: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """Return the union of GeoJSON polygons as GeoJSON, its vertices on the 6-decimal grid."""
    parts = np.array([shape(boundary) for boundary in boundaries], dtype=object)
    # Snapping to the grid lets neighbours that share an edge merge without slivers.
    return to_geojson(shapely.union_all(parts, grid_size=GRID_SIZE))
