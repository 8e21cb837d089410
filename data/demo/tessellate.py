"""Draw a smooth outline and cut polygons into even cells that tile them exactly."""

from __future__ import annotations

import math
import random
from collections.abc import Sequence

import numpy as np
import shapely
from shapely.geometry import MultiPoint, Polygon
from shapely.geometry.base import BaseGeometry

# GeoJSON is written with 6 decimals (about 0.1 m); every vertex sits on that grid.
from data.places.polygons import DECIMALS, GRID_SIZE


def outline(
    rng: random.Random, center: tuple[float, float], width: float, height: float
) -> Polygon:
    """Return a smooth, irregular, simple outline spanning width × height degrees."""
    # A radius made of a few low harmonics is star-shaped, hence always a simple ring.
    harmonics = [
        (k, rng.uniform(0.02, 0.08) / k**0.7, rng.uniform(0.0, 2 * math.pi)) for k in range(2, 12)
    ]
    angles = np.linspace(0.0, 2 * math.pi, 240, endpoint=False)
    radius = 1.0 + sum(a * np.cos(k * angles + phase) for k, a, phase in harmonics)
    x, y = radius * np.cos(angles), radius * np.sin(angles)
    x = (x - x.min()) / (x.max() - x.min()) * width + center[0] - width / 2
    y = (y - y.min()) / (y.max() - y.min()) * height + center[1] - height / 2
    return Polygon(np.column_stack([x, y]))


def partition(
    parent: BaseGeometry, count: int, rng: random.Random, rounds: int = 12
) -> list[BaseGeometry]:
    """Cut parent into count cells of similar size by Lloyd-relaxed Voronoi, in site order."""
    if count == 1:
        return [parent]
    shapely.prepare(parent)
    sites = _sample(parent, count, rng)
    for _ in range(rounds):
        cells = _cells(parent, sites)
        centroids = shapely.centroid(cells)
        # A centroid can fall outside a concave parent; its site must stay inside.
        inside = shapely.contains(parent, centroids)
        sites = np.where(inside, centroids, shapely.point_on_surface(cells))
    return list(_cells(parent, sites))


def _sample(parent: BaseGeometry, count: int, rng: random.Random) -> np.ndarray:
    """Return count random points inside parent."""
    minx, miny, maxx, maxy = parent.bounds
    points = []
    while len(points) < count:
        x, y = rng.uniform(minx, maxx), rng.uniform(miny, maxy)
        if shapely.contains_xy(parent, x, y):
            points.append(shapely.Point(x, y))
    return np.array(points, dtype=object)


def _cells(parent: BaseGeometry, sites: np.ndarray) -> np.ndarray:
    """Return the Voronoi cells of sites clipped to parent, in the order of sites."""
    diagram = shapely.voronoi_polygons(MultiPoint(list(sites)), extend_to=parent, ordered=True)
    return shapely.intersection(shapely.get_parts(diagram), parent)


def snap_coverage(cells: Sequence[BaseGeometry]) -> list[BaseGeometry]:
    """Return cells moved onto the grid so that they tile their union with no gap or overlap."""
    # Snap-rounding all boundaries together nodes them once, so neighbours share every vertex;
    # snapping each cell on its own would open slivers where one cell has a vertex the other
    # lacks.
    lines = shapely.union_all(shapely.boundary(np.array(cells, dtype=object)), grid_size=GRID_SIZE)
    faces = shapely.get_parts(shapely.polygonize(shapely.get_parts(lines)))
    faces = faces[shapely.area(faces) > 0]
    tree = shapely.STRtree(cells)
    owners = tree.query_nearest(shapely.point_on_surface(faces), all_matches=False)[1]
    snapped = []
    for index in range(len(cells)):
        mine = faces[owners == index]
        snapped.append(shapely.union_all(mine, grid_size=GRID_SIZE))
    return snapped


def merge(parts: Sequence[BaseGeometry]) -> BaseGeometry:
    """Return the union of snapped cells, still on the grid."""
    return shapely.union_all(np.array(parts, dtype=object), grid_size=GRID_SIZE)


def label_point(geometry: BaseGeometry) -> tuple[float, float]:
    """Return the centroid, or a point inside when the centroid falls outside the shape."""
    point = geometry.centroid
    if not geometry.contains(point):
        point = geometry.point_on_surface()
    return (round(point.x, DECIMALS), round(point.y, DECIMALS))
