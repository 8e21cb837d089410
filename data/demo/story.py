"""The demo's cast and what its people report: who, where, what, and how they rate it."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

import shapely
from shapely.geometry import shape
from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from data.demo import catalog, names
from data.domain import Level, Priority, Rating, Source
from data.incidents.moves import Callback
from data.incidents.reports import Report
from data.incidents.trail import Actor
from data.models import Department, Event, Grid, Incident, Item

SOURCES = {Source.PATROL: 40, Source.RESIDENT: 20, Source.HOTLINE: 25, Source.IOT: 10,
           Source.DEPARTMENT: 3, Source.LEADER: 2}
PRIORITIES = {Priority.NORMAL: 80, Priority.HIGH: 15, Priority.URGENT: 5}
# Reports an hour, relative: quiet nights, a morning and an afternoon peak, noisy evenings.
HOURLY = (2, 1, 1, 1, 1, 2, 4, 7, 10, 12, 12, 10, 7, 8, 11, 12, 11, 9, 7, 7, 6, 5, 4, 3)
SYSTEMS = {Source.HOTLINE: "12345热线", Source.IOT: "智能感知平台",
           Source.DEPARTMENT: "部门协同平台"}
# Where in the time allowed a dispatch is signed and an incident resolved, as a fraction of it:
# one dispatch in ten is signed late and about one incident in eight resolved late. The
# history and the simulator draw from the same shares, so a district goes on as it has been.
LATE_SIGN, LATE_RESOLUTION = 0.10, 0.13
DETAILS = ("现场情况较为严重，请尽快处理。", "已持续多日，居民反映强烈。", "影响居民正常出行。",
           "附近有学校，存在安全隐患。", "系统自动识别告警，已抓拍留证。", "")


def sign_fraction(rng: random.Random) -> float:
    """Where in its response window a dispatch is signed; past 1 is late."""
    return rng.uniform(1.1, 3) if rng.random() < LATE_SIGN else rng.uniform(0.1, 0.9)


def resolution_fraction(rng: random.Random) -> float:
    """Where in its resolution window an incident is resolved; past 1 is late."""
    late = rng.random() < LATE_RESOLUTION
    return rng.uniform(1.02, 2.5) if late else rng.uniform(0.15, 0.95)


@dataclass
class Cast:
    """The district's grids, items and departments, and the people who act in the demo."""

    grids: list[Grid]
    items: list[Item]
    weights: list[float]
    departments: list[Department]
    officers: list[str]
    rng: random.Random
    _shapes: dict[int, shapely.Geometry] = field(default_factory=dict)

    @classmethod
    def from_store(cls, session: Session, rng: random.Random) -> Cast:
        """Read the cast from the store: every grid, active item and department."""
        weight = {plan.code: plan.weight for plan in catalog.ITEMS}
        items = list(session.scalars(select(Item).where(Item.active).order_by(Item.code)))
        return cls(
            grids=list(session.scalars(select(Grid).options(joinedload(Grid.community))
                                       .where(Grid.active).order_by(Grid.code))),
            items=items,
            weights=[weight.get(item.code, 1.0) for item in items],
            departments=list(session.scalars(select(Department).where(Department.active)
                                             .order_by(Department.code))),
            officers=[f"值班员 {name}" for name in names.people(rng, 6)],
            rng=rng,
        )

    def pick(self, weights: dict) -> object:
        """One key of `weights`, drawn by weight."""
        return self.rng.choices(list(weights), weights=list(weights.values()))[0]

    def centre(self) -> Actor:
        """A duty officer of the command centre."""
        return Actor.person(self.rng.choice(self.officers))

    def department(self, department: Department | None) -> Actor:
        """A member of staff of the department."""
        short = department.short_name if department else "网格"
        return Actor.person(f"{short} {names.person(self.rng)}")

    def report(self, near: Report | None = None) -> tuple[Report, Actor]:
        """A new report of a plausible matter in a grid weighted by its residents."""
        rng = self.rng
        if near is not None:  # a second report of the same problem, a few metres away
            lon = near.lon + rng.uniform(-1e-4, 1e-4)
            lat = near.lat + rng.uniform(-1e-4, 1e-4)
            grid, item, source = near.grid, near.item, Source.RESIDENT
            lon, lat = (lon, lat) if self._inside(grid, lon, lat) else (near.lon, near.lat)
        else:
            grid = rng.choices(self.grids, weights=[g.residents for g in self.grids])[0]
            item = rng.choices(self.items, weights=self.weights)[0]
            source = self.pick(SOURCES)
            lon, lat = self.point(grid)
        reporter = names.person(rng)
        content = Report(
            title=f"{grid.name}{item.name}", item=item, grid=grid, source=source,
            priority=self.pick(PRIORITIES), lon=round(lon, 6), lat=round(lat, 6),
            description=f"{grid.community.name}附近{item.name}。{rng.choice(DETAILS)}",
            reporter=reporter,
            reporter_contact=f"1{rng.randint(30, 89)}****{rng.randint(1000, 9999)}",
        )
        if source in SYSTEMS:
            return content, Actor.system(SYSTEMS[source])
        if source == Source.PATROL:
            return content, Actor.person(f"网格员 {rng.choice(grid.workers or [reporter])}")
        return content, Actor.person(reporter)

    def point(self, grid: Grid) -> tuple[float, float]:
        """A uniformly random point inside the grid."""
        polygon = self._shape(grid)
        minx, miny, maxx, maxy = polygon.bounds
        while True:
            x, y = self.rng.uniform(minx, maxx), self.rng.uniform(miny, maxy)
            if shapely.contains_xy(polygon, x, y):
                return x, y

    def callback(self, returned: bool) -> Callback:
        """The reporter's answer at the callback; reworked cases are rated lower."""
        rng = self.rng
        if rng.random() < 0.07:
            return Callback(reached=False)
        solved = rng.random() < (0.75 if returned else 0.92)
        if not solved:
            rating = rng.choices([Rating.BASIC, Rating.DISSATISFIED], [35, 65])[0]
        else:
            rating = rng.choices([Rating.SATISFIED, Rating.BASIC, Rating.DISSATISFIED],
                                 [80, 16, 4])[0]
        return Callback(reached=True, solved=solved, rating=None if rng.random() < 0.03 else rating)

    def local_level(self) -> Level:
        """Where a matter fixed on the spot was fixed."""
        return self.rng.choices([Level.GRID, Level.COMMUNITY, Level.STREET], [65, 28, 7])[0]

    def level_of(self, incident: Incident) -> Level:
        """Where a reworked matter is fixed again: by its department, or on the spot."""
        return Level.DISTRICT if incident.lead_department_id else self.local_level()

    def forget_incidents(self, session: Session) -> None:
        """Let go of played incidents and events, keeping the cast: memory stays flat."""
        for instance in list(session.identity_map.values()):
            if isinstance(instance, (Incident, Event)):
                session.expunge(instance)

    def _inside(self, grid: Grid, lon: float, lat: float) -> bool:
        return bool(shapely.contains_xy(self._shape(grid), lon, lat))

    def _shape(self, grid: Grid) -> shapely.Geometry:
        if grid.id not in self._shapes:
            polygon = shape(grid.boundary)
            shapely.prepare(polygon)
            self._shapes[grid.id] = polygon
        return self._shapes[grid.id]
