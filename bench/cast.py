"""Who and what a generated history draws from: the store's grids, items and departments."""

from __future__ import annotations

import random
from dataclasses import dataclass

import numpy as np
import shapely
from shapely.geometry import shape
from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from data.demo import catalog, names
from data.demo.story import PRIORITIES, SOURCES, SYSTEMS
from data.domain import LimitUnit, Priority, Source
from data.incidents import deadlines
from data.models import Department, Grid, Item

POINTS_PER_GRID = 64
SOURCE_VALUES = [s.value for s in SOURCES]
PRIORITY_VALUES = [p.value for p in PRIORITIES]
PRIORITY_FACTOR = np.array([deadlines.PRIORITY_FACTORS[Priority(p)] for p in PRIORITY_VALUES])
SYSTEM_OF = [SYSTEMS.get(s) for s in SOURCES]  # the source system's name, or None
PATROL, RESIDENT = SOURCE_VALUES.index(Source.PATROL), SOURCE_VALUES.index(Source.RESIDENT)


@dataclass
class Cast:
    """Everything a life is drawn from, as arrays indexed by position."""

    grid_ids: np.ndarray
    grid_codes: list[str]
    grid_names: list[str]
    grid_communities: list[str]
    grid_weights: np.ndarray
    grid_workers: list[list[str]]
    grid_points: np.ndarray  # (grids, POINTS_PER_GRID, 2) lon/lat inside each grid
    item_ids: np.ndarray
    item_codes: list[str]
    item_names: list[str]
    item_weights: np.ndarray
    item_lead: np.ndarray  # position of the lead department
    item_limits: dict[str, np.ndarray]  # response/resolution: seconds, and natural or working
    department_ids: np.ndarray
    department_codes: list[str]
    department_shorts: list[str]
    people: list[str]
    officers: list[str]

    @classmethod
    def from_store(cls, session: Session, seed: int, minutes_per_day: float) -> Cast:
        """Read the grids, active items and departments; draw names and points from `seed`."""
        rng = random.Random(seed)
        grids = list(session.scalars(select(Grid).options(joinedload(Grid.community))
                                     .order_by(Grid.code)))
        items = list(session.scalars(select(Item).where(Item.active).order_by(Item.code)))
        departments = list(session.scalars(select(Department).where(Department.active)
                                           .order_by(Department.code)))
        position = {d.id: n for n, d in enumerate(departments)}
        weight = {plan.code: plan.weight for plan in catalog.ITEMS}
        limits = {}
        for name in ("response", "resolution"):
            units = [getattr(i, f"{name}_unit") for i in items]
            amounts = np.array([getattr(i, f"{name}_amount") for i in items])
            per_unit = {LimitUnit.HOURS: 3600, LimitUnit.WORK_HOURS: 3600,
                        LimitUnit.WORK_DAYS: minutes_per_day * 60}
            limits[name] = amounts * np.array([per_unit[u] for u in units])
            limits[f"{name}_natural"] = np.array([u == LimitUnit.HOURS for u in units])
        return cls(
            grid_ids=np.array([g.id for g in grids]),
            grid_codes=[g.code for g in grids],
            grid_names=[g.name for g in grids],
            grid_communities=[g.community.name for g in grids],
            grid_weights=_normal([g.residents for g in grids]),
            grid_workers=[list(g.workers) or [g.head or "网格员"] for g in grids],
            grid_points=np.stack([_points(g.boundary, rng) for g in grids]),
            item_ids=np.array([i.id for i in items]),
            item_codes=[i.code for i in items],
            item_names=[i.name for i in items],
            item_weights=_normal([weight.get(i.code, 1.0) for i in items]),
            item_lead=np.array([position[i.lead_department_id] for i in items]),
            item_limits=limits,
            department_ids=np.array([d.id for d in departments]),
            department_codes=[d.code for d in departments],
            department_shorts=[d.short_name for d in departments],
            people=names.people(rng, 2000),
            officers=[f"值班员 {name}" for name in names.people(rng, 6)],
        )


def weights(table: dict) -> np.ndarray:
    """The relative weights of a demo table, as probabilities."""
    return _normal(list(table.values()))


def _normal(values: list[float]) -> np.ndarray:
    array = np.asarray(values, dtype=np.float64)
    return array / array.sum()


def _points(boundary: dict, rng: random.Random) -> np.ndarray:
    """POINTS_PER_GRID uniformly random points inside a grid, by rejection."""
    polygon = shape(boundary)
    shapely.prepare(polygon)
    minx, miny, maxx, maxy = polygon.bounds
    found: list[tuple[float, float]] = []
    while len(found) < POINTS_PER_GRID:
        xs = [rng.uniform(minx, maxx) for _ in range(POINTS_PER_GRID * 2)]
        ys = [rng.uniform(miny, maxy) for _ in range(POINTS_PER_GRID * 2)]
        inside = shapely.contains_xy(polygon, xs, ys)
        found += [(round(x, 6), round(y, 6)) for x, y, ok in zip(xs, ys, inside, strict=True) if ok]
    return np.array(found[:POINTS_PER_GRID])
