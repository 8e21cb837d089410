"""One counting call's frame: the period, the moment, the scope, and the unit counted by.

A cohort is a set of events (one per incident counted) with a few facts about each; the frame
narrows it to the scope, keys each row by its unit, and adds the facts up per unit in SQL.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Float,
    Select,
    Subquery,
    case,
    func,
    literal,
    null,
    select,
    union_all,
)
from sqlalchemy.orm import Session

from data.figures.trail import Rows
from data.models import Community, Grid, Incident
from data.places.scopes import Scope, Unit

PLACES = ("street", "community", "grid")

Counts = dict[str | int | None, dict[str, Any]]


@dataclass
class Cohort:
    """The events a part of the figures counts, and what is counted of each.

    `department` is the lead department of each row's incident; `flags` are counted where
    true, `means` averaged where not null; `size` names the count of the rows themselves.
    `joins` are outer joins to what the conditions read of other events (see trail.latest).
    """

    size: str
    rows: Rows | type[Incident]  # events, or the incidents as they stand
    department: ColumnElement[Any]
    where: list[ColumnElement[bool]]
    joins: list[tuple[Subquery, ColumnElement[bool]]] = field(default_factory=list)
    flags: dict[str, ColumnElement[bool]] = field(default_factory=dict)
    means: dict[str, ColumnElement[Any]] = field(default_factory=dict)


@dataclass(frozen=True)
class Frame:
    """Count [start, end) as it stood at `now`, for `scope`, per `unit` (or all together)."""

    start: datetime
    end: datetime
    now: datetime
    scope: Scope
    scope_id: int | None
    unit: Unit | None = None

    @property
    def seen(self) -> datetime:
        """The moment the period's figures are counted at: its end, or now while it runs.

        Nothing after a period's end reaches back into it (PRODUCT §6), so a period that
        has ended gives the same figures whenever it is counted.
        """
        return min(self.now, self.end)

    @property
    def by_department(self) -> bool:
        """Whether an incident counts only through its lead department here."""
        return self.scope.kind == "department" or self.unit == "department"

    def count(self, session: Session, cohorts: list[Cohort]) -> Counts:
        """Add up the cohorts per unit, in one statement: {unit id or None: {name: number}}.

        Each cohort's rows carry a 1 in its own `size` column and its own facts; the others'
        columns are 0 (or null, for means), so one sum over all of them counts each apart.
        """
        sums = [name for cohort in cohorts for name in (cohort.size, *cohort.flags)]
        means = [name for cohort in cohorts for name in cohort.means]
        every = union_all(*(self._rows(cohort, sums, means) for cohort in cohorts)).subquery()
        columns = [func.coalesce(func.sum(every.c[name]), 0).label(name) for name in sums]
        columns += [func.avg(every.c[name]).label(name) for name in means]
        query = select(*columns)
        if self.unit is not None:
            query = query.add_columns(every.c.key).group_by(every.c.key)
        found: Counts = {}
        for row in session.execute(query).mappings():
            values = dict(row)
            found[values.pop("key", None)] = values
        return found

    def _rows(self, cohort: Cohort, sums: list[str], means: list[str]) -> Select[Any]:
        """One row per event of the cohort in the scope: its unit and its facts."""
        event = cohort.rows
        own = {cohort.size: literal(1), **{name: case((condition, 1), else_=0)
                                           for name, condition in cohort.flags.items()}}
        columns = [own.get(name, literal(0)).label(name) for name in sums]
        columns += [cohort.means.get(name, null()).cast(Float).label(name) for name in means]
        if self.unit is not None:
            columns.append(self._key(cohort.department).label("key"))
        query = select(*columns).select_from(event)
        for joined, onclause in cohort.joins:
            query = query.outerjoin(joined, onclause)
        if (self.scope.kind in PLACES or self.unit in PLACES) and event is not Incident:
            query = query.join(Incident, Incident.id == event.incident_id)
        if self.unit in ("street", "community"):
            query = query.join(Grid, Grid.id == _grid())
        if self.unit == "street":
            query = query.join(Community, Community.id == Grid.community_id)
        return self._narrowed(query.where(*cohort.where), cohort.department)

    def _narrowed(self, query: Select[Any], department: ColumnElement[Any]) -> Select[Any]:
        kind, unit_id = self.scope.kind, self.scope_id
        if kind == "department":
            return query.where(department == unit_id)
        if kind == "street":
            return query.where(_grid().in_(
                select(Grid.id).join(Community, Grid.community_id == Community.id)
                .where(Community.street_id == unit_id)))
        if kind == "community":
            return query.where(_grid().in_(select(Grid.id).where(Grid.community_id == unit_id)))
        if kind == "grid":
            return query.where(_grid() == unit_id)
        return query

    def _key(self, department: ColumnElement[Any]) -> ColumnElement[Any]:
        # `+ 0`: a key in an index's order would tempt SQLite to walk that index, every
        # community or every incident, and look up the period's events for each.
        return {"street": Community.street_id + 0, "community": Grid.community_id + 0,
                "grid": _grid(), "department": department}[self.unit]


def _grid() -> ColumnElement[int]:
    """An incident's grid, out of reach of the index on it: the counts start from the period's
    events (or the live incidents), never from every incident of a place, which through
    that index a planner would read whole."""
    return Incident.grid_id + 0
