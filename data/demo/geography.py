"""Plan the demo district: streets, communities and grids with boundaries, codes and people."""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import shapely
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from data.demo import layout, names, tessellate
from data.places import polygons

DISTRICT_CODE = "330120"  # fictional: no real division uses it
DISTRICT_NAME = "望潮区"


@dataclass(frozen=True)
class GridPlan:
    """A grid (网格): the smallest unit of management."""

    code: str
    name: str
    geometry: dict
    centroid: tuple[float, float]
    households: int
    residents: int
    head: str
    workers: tuple[str, ...]


@dataclass(frozen=True)
class CommunityPlan:
    """A community (社区) or village (村) and its grids."""

    code: str
    name: str
    kind: str
    geometry: dict
    grids: tuple[GridPlan, ...]


@dataclass(frozen=True)
class StreetPlan:
    """A street (街道) or town (镇) and its communities."""

    code: str
    name: str
    kind: str
    geometry: dict
    communities: tuple[CommunityPlan, ...]


@dataclass(frozen=True)
class DistrictPlan:
    """The district (区) and its streets."""

    code: str
    name: str
    geometry: dict
    streets: tuple[StreetPlan, ...]


def plan_district(seed: int) -> DistrictPlan:
    """Return the demo district laid out from seed; the same seed gives the same plan."""
    rng = random.Random(seed)
    streets = layout.lay_out(rng)
    communities = [c for street in streets for c in street.children]
    # All grids are snapped together so that neighbours across community and street lines match.
    snapped = iter(tessellate.snap_coverage([g.cell for c in communities for g in c.children]))
    kinds = [s.kind for s in streets]
    street_names, town_names = names.street_names(rng, kinds.count("street"), kinds.count("town"))
    kinds = [c.kind for c in communities]
    community_names, village_names = names.community_names(
        rng, kinds.count("community"), kinds.count("village")
    )
    plans = []
    for number, street in _numbered(streets, "town", 101):
        code = f"{DISTRICT_CODE}{number:03d}"
        children = tuple(
            _community(
                rng,
                f"{code}{n:03d}",
                (village_names if c.kind == "village" else community_names).pop(0),
                c,
                snapped,
            )
            for n, c in _numbered(street.children, "village", 201)
        )
        name = (town_names if street.kind == "town" else street_names).pop(0)
        plans.append(StreetPlan(code, name, street.kind, _merged(children), children))
    return DistrictPlan(DISTRICT_CODE, DISTRICT_NAME, _merged(plans), tuple(plans))


def random_point(grid: GridPlan, rng: random.Random) -> tuple[float, float]:
    """Return a uniformly random (lon, lat) inside the grid."""
    polygon = shape(grid.geometry)
    shapely.prepare(polygon)
    minx, miny, maxx, maxy = polygon.bounds
    while True:
        x, y = rng.uniform(minx, maxx), rng.uniform(miny, maxy)
        if shapely.contains_xy(polygon, x, y):
            return (x, y)


def _numbered(drafts: list[layout.Draft], kind: str, start: int) -> list[tuple[int, layout.Draft]]:
    """Number drafts from 1, but those of kind from start (towns 101.., villages 201..)."""
    # Villages take 201.. as GB/T 10114 numbers 村委会 apart from 居委会.
    following = {False: 1, True: start}
    numbered = []
    for draft in drafts:
        numbered.append((following[draft.kind == kind], draft))
        following[draft.kind == kind] += 1
    return numbered


def _community(
    rng: random.Random, code: str, name: str, draft: layout.Draft, snapped: Iterator[BaseGeometry]
) -> CommunityPlan:
    """Return a community with its grids, taking their geometries from snapped."""
    grids = tuple(
        _grid(rng, f"{code}{seq:03d}", f"{name}第{seq}网格", next(snapped))
        for seq in range(1, len(draft.children) + 1)
    )
    return CommunityPlan(code, name, draft.kind, _merged(grids), grids)


def _grid(rng: random.Random, code: str, name: str, geometry: BaseGeometry) -> GridPlan:
    """Return a grid with its people and counts."""
    households = rng.randint(300, 1500)
    staff = names.people(rng, 1 + rng.randint(2, 4))
    return GridPlan(
        code=code,
        name=name,
        geometry=polygons.to_geojson(geometry),
        centroid=tessellate.label_point(geometry),
        households=households,
        residents=round(households * rng.uniform(2.45, 2.75)),
        head=staff[0],
        workers=tuple(staff[1:]),
    )


def _merged(children: Sequence[GridPlan | CommunityPlan | StreetPlan]) -> dict:
    """Return the GeoJSON of the union of children, which tile it exactly."""
    return polygons.to_geojson(tessellate.merge([shape(c.geometry) for c in children]))
