"""The drill-down: district → street → community → grid → incidents, for one period.

A unit's code starts with its parent's (PRODUCT §2), so a place is named by its deepest
code; the path above it is read back from the store to be sure every code is known.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import Session

from data import figures
from data.domain import CLOCK_STATES
from data.figures.periods import Period
from data.incidents import detail, supervision
from data.models import Community, District, Grid, Incident, Street
from data.places import scopes

LEVELS = ("district", "street", "community", "grid")
CHILD = {"district": "street", "street": "community", "community": "grid"}
MODELS = {"street": Street, "community": Community, "grid": Grid}
INCIDENT_ROWS = 200  # a grid's list stops here; the count says how many more there are
STILL_THERE = sorted(detail.STILL_THERE)
# A place's figures that are its units' added up. Means and scores are not, and the local
# resolution rate is not counted for communities and grids.
ADDITIVE = ("reported", "accepted", "dispatched", "due", "open_now", "due_soon_now",
            "overdue_now", "parked_now", "acceptance_rate", "response_rate", "closure_rate",
            "on_time_rate", "solved_rate", "satisfaction_rate", "rework_rate", "extension_rate")


@dataclass(frozen=True)
class Place:
    """Where the drill stands: its level and, from the district down, each unit's code and name."""

    level: str
    path: tuple[dict[str, str], ...]

    @property
    def code(self) -> str | None:
        """The code of the unit the drill stands on; None for the district."""
        return self.path[-1]["code"] if self.level != "district" else None

    @property
    def scope(self) -> scopes.Scope:
        """The unit as a scope the figures understand."""
        return scopes.parse("district" if self.code is None else f"{self.level}:{self.code}")


def place(session: Session, street: str | None = None, community: str | None = None,
          grid: str | None = None) -> Place | None:
    """The place the codes name, or None when the store does not know it or they disagree."""
    codes = {"street": street, "community": community, "grid": grid}
    deepest = next((level for level in reversed(LEVELS[1:]) if codes[level]), None)
    district = session.execute(select(District.code, District.name).limit(1)).first()
    if district is None:
        return None
    path = [{"level": "district", "code": district.code, "name": district.name}]
    if deepest is None:
        return Place("district", tuple(path))
    code = codes[deepest]
    for level in LEVELS[1:LEVELS.index(deepest) + 1]:
        wanted = code[:scopes.DIGITS[level]]
        if codes[level] and codes[level] != wanted:
            return None  # the address names a unit outside its parent
        model = MODELS[level]
        name = session.scalar(select(model.name).where(model.code == wanted))
        if name is None:
            return None
        path.append({"level": level, "code": wanted, "name": name})
    return Place(deepest, tuple(path))


def units(session: Session, at: Place) -> list[dict[str, Any]]:
    """The units one level below `at` with their boundaries, in code order."""
    level = CHILD.get(at.level)
    if level is None:
        return []
    model = MODELS[level]
    query = select(model.code, model.name, model.boundary).order_by(model.code)
    if at.code is not None:
        query = query.where(model.code.startswith(at.code, autoescape=True))
    return [{"code": code, "name": name, "boundary": boundary}
            for code, name, boundary in session.execute(query)]


def boundary(session: Session, at: Place) -> dict[str, Any] | None:
    """The boundary of the unit the drill stands on (the district's when at the top)."""
    if at.code is None:
        return session.scalar(select(District.boundary).limit(1))
    model = MODELS[at.level]
    return session.scalar(select(model.boundary).where(model.code == at.code))


def grid_incidents(session: Session, grid_code: str, start: datetime, end: datetime,
                   now: datetime, limit: int = INCIDENT_ROWS) -> tuple[list[dict[str, Any]], int]:
    """A grid's incidents reported in [start, end) or not yet fixed, and how many in all.

    Overdue first, then those not yet fixed, then the newest.
    """
    overdue = Incident.state.in_(sorted(CLOCK_STATES)) & (Incident.resolution_deadline <= now)
    supervised = supervision.supervised(Incident.id)
    wanted = (Incident.grid_id == select(Grid.id).where(Grid.code == grid_code)
              .scalar_subquery()) & or_(
        (Incident.reported_at >= start) & (Incident.reported_at < end),
        Incident.state.in_(STILL_THERE))
    total = session.scalar(select(func.count(Incident.id)).where(wanted))
    rows = session.execute(
        select(Incident.code, Incident.title, Incident.state, Incident.priority,
               Incident.reported_at, Incident.resolution_deadline, Incident.lon, Incident.lat,
               overdue.label("overdue"), supervised.label("supervised"))
        .where(wanted)
        .order_by(case((overdue, 0), else_=1),
                  case((Incident.state.in_(STILL_THERE), 0), else_=1),
                  Incident.reported_at.desc(), Incident.id.desc())
        .limit(limit))
    return [{"code": row.code, "title": row.title, "state": row.state.value,
             "priority": row.priority.value, "reported_at": row.reported_at,
             "deadline": row.resolution_deadline, "lon": row.lon, "lat": row.lat,
             "overdue": bool(row.overdue), "open": row.state in STILL_THERE,
             "supervised": bool(row.supervised)}
            for row in rows], total


def view(session: Session, at: Place, period: Period, now: datetime) -> dict[str, Any]:
    """What the overview shows at `at` for `period`: its figures, its units' and its incidents.

    Below the district, a street or a community it lists its units with their figures; at a
    grid, the grid's boundary and its incidents.
    """
    shown: dict[str, Any] = {
        "level": at.level, "path": list(at.path),
        "period": {"start": period.start, "end": period.end},
        "units": [], "boundary": None, "incidents": [], "total": 0,
    }
    child = CHILD.get(at.level)
    if child is not None:
        by_code = figures.compute_by(session, child, period, now, within=at.scope)
        shown["units"] = [{**unit, "figures": plain(by_code.get(unit["code"], {}))}
                          for unit in units(session, at)]
        # Every incident of a place is in exactly one of its units: its own figures are
        # theirs summed, with no second count of the trail.
        shown["figures"] = summed([unit["figures"] for unit in shown["units"]])
    else:
        shown["figures"] = plain(figures.compute(session, at.scope, period, now))
        shown["boundary"] = boundary(session, at)
        shown["incidents"], shown["total"] = grid_incidents(
            session, at.code or "", period.start, period.end, now)
    return shown


def summed(parts: list[dict[str, Any]]) -> dict[str, Any]:
    """The figures of a whole from its parts': counts added, rates by their parts added.

    Only what adds up is given: the counts of the period and of now, and every rate.
    """
    total: dict[str, Any] = {}
    for name in ADDITIVE:
        values = [part[name] for part in parts if part.get(name) is not None]
        if name.endswith("_rate"):
            total[name] = {"numerator": sum(value["numerator"] for value in values),
                           "denominator": sum(value["denominator"] for value in values)}
        else:
            total[name] = sum(values)
    return total


def plain(values: dict[str, Any]) -> dict[str, Any]:
    """Figures as plain JSON: every rate as its numerator and denominator."""
    return {name: value.as_dict() if isinstance(value, figures.Rate) else value
            for name, value in values.items()}
