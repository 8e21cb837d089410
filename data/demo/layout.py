"""Lay out the demo district's streets, communities and grids as floating-point cells."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field

from shapely.geometry.base import BaseGeometry

from data.demo import tessellate

CENTER = (120.2, 30.2)
# About 12 km east-west and 10 km north-south at latitude 30.2°.
WIDTH = 12.0 / (111.32 * math.cos(math.radians(CENTER[1])))
HEIGHT = 10.0 / 110.85
STREETS = 7
COMMUNITIES = (46, 54)
GRIDS = (490, 570)
# Rural units are larger: a town gets fewer communities, a village fewer grids, per area.
TOWN_DENSITY = 0.55
VILLAGE_DENSITY = 0.45


@dataclass
class Draft:
    """A street, community or grid laid out before its cell is snapped to the grid."""

    kind: str  # street, town, community, village or grid
    cell: BaseGeometry
    children: list[Draft] = field(default_factory=list)


def lay_out(rng: random.Random) -> list[Draft]:
    """Return the streets with their communities and grids, each list in numbering order."""
    boundary = tessellate.outline(rng, CENTER, WIDTH, HEIGHT)
    cells = tessellate.partition(boundary, STREETS, rng)
    # The core streets come first; the outermost one or two are rural towns.
    middle = boundary.centroid
    cells.sort(key=lambda cell: cell.centroid.distance(middle))
    towns = rng.choice((1, 2))
    streets = [
        Draft("town" if i >= STREETS - towns else "street", cell) for i, cell in enumerate(cells)
    ]
    weights = [s.cell.area * (TOWN_DENSITY if s.kind == "town" else 1.0) for s in streets]
    counts = _allocate(rng.randint(*COMMUNITIES), weights, rng, minimum=3)
    for street, count in zip(streets, counts, strict=True):
        street.children = _communities(street, tessellate.partition(street.cell, count, rng))
    communities = [c for street in streets for c in street.children]
    weights = [c.cell.area * (VILLAGE_DENSITY if c.kind == "village" else 1.0) for c in communities]
    counts = _allocate(rng.randint(*GRIDS), weights, rng, minimum=4)
    for community, count in zip(communities, counts, strict=True):
        parts = tessellate.partition(community.cell, count, rng)
        community.children = [Draft("grid", part) for part in _reading_order(parts)]
    return streets


def _communities(street: Draft, parts: list[BaseGeometry]) -> list[Draft]:
    """Return a street's communities, villages after them, each in reading order."""
    if street.kind != "town":
        return [Draft("community", part) for part in _reading_order(parts)]
    # A town's seat, the part nearest its middle, is a community; the rest are villages.
    seat = min(parts, key=lambda cell: cell.centroid.distance(street.cell.centroid))
    villages = [part for part in parts if part is not seat]
    return [Draft("community", seat)] + [Draft("village", v) for v in _reading_order(villages)]


def _allocate(total: int, weights: list[float], rng: random.Random, minimum: int) -> list[int]:
    """Split total into counts of at least minimum, roughly proportional to jittered weights."""
    jittered = [w * rng.uniform(0.85, 1.15) for w in weights]
    spare = total - minimum * len(weights)
    shares = [spare * w / sum(jittered) for w in jittered]
    counts = [minimum + int(share) for share in shares]
    # Largest remainders first, so that the counts add up to total exactly.
    by_remainder = sorted(range(len(shares)), key=lambda i: int(shares[i]) - shares[i])
    for i in by_remainder[: total - sum(counts)]:
        counts[i] += 1
    return counts


def _reading_order(cells: list[BaseGeometry]) -> list[BaseGeometry]:
    """Return cells from north-west to south-east, as a map is read."""
    # Rows about 100 m high, so that cells side by side are read west to east.
    return sorted(cells, key=lambda cell: (-round(cell.centroid.y, 3), cell.centroid.x))
