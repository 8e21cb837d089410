"""Finding incidents: the filters of the /incidents page, paged in the store by a cursor."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, and_, or_, select
from sqlalchemy.orm import Session, joinedload, selectinload

from data.domain import CLOCK_STATES, Priority, Source, State
from data.incidents import supervision
from data.models import Department, Grid, Incident, Item


@dataclass(frozen=True)
class Filters:
    """What to look for; every filter left None looks at everything."""

    q: str | None = None  # a code, or words of the title
    state: State | None = None
    street: str | None = None  # codes: a grid's code starts with its community's and street's
    community: str | None = None
    grid: str | None = None
    department: str | None = None  # the lead department
    item: str | None = None
    source: Source | None = None
    priority: Priority | None = None
    reported_from: datetime | None = None
    reported_to: datetime | None = None
    overdue: bool | None = None
    due_soon: bool | None = None
    parked: bool | None = None
    supervised: bool | None = None


@dataclass(frozen=True)
class Visible:
    """Whose incidents a caller may see: all, or those a source reported or its department's."""

    everything: bool = True
    reported_by: str | None = None
    department_id: int | None = None


def page(session: Session, filters: Filters, visible: Visible, now: datetime, *,
         after: int | None = None, limit: int = 50) -> tuple[list[Incident], int | None]:
    """The incidents that match, newest first, from after the cursor; and the next cursor."""
    query = _visible(_filtered(select(Incident), filters, now), visible)
    if after is not None:
        query = query.where(Incident.id < after)
    rows = list(session.scalars(
        query.order_by(Incident.id.desc()).limit(limit + 1)
        .options(joinedload(Incident.item), joinedload(Incident.grid),
                 joinedload(Incident.lead_department), selectinload(Incident.co_departments))))
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, (rows[-1].id if more and rows else None)


def visible_to(incident: Incident, visible: Visible) -> bool:
    """Whether the caller may see this incident."""
    if visible.everything:
        return True
    return ((visible.reported_by is not None and incident.source_system == visible.reported_by)
            or (visible.department_id is not None
                and incident.lead_department_id == visible.department_id))


def _visible(query: Select, visible: Visible) -> Select:
    if visible.everything:
        return query
    seen = [Incident.source_system == visible.reported_by] if visible.reported_by else []
    if visible.department_id is not None:
        seen.append(Incident.lead_department_id == visible.department_id)
    return query.where(or_(*seen)) if seen else query.where(False)


def _filtered(query: Select, f: Filters, now: datetime) -> Select:
    conditions = []
    if f.q:
        words = f.q.strip()
        conditions.append(or_(Incident.code == words,
                              Incident.title.contains(words, autoescape=True)))
    for column, value in ((Incident.state, f.state), (Incident.source, f.source),
                          (Incident.priority, f.priority)):
        if value is not None:
            conditions.append(column == value)
    place = f.grid or f.community or f.street
    if place:
        query = query.join(Grid, Grid.id == Incident.grid_id)
        conditions.append(Grid.code == place if f.grid else Grid.code.startswith(place,
                                                                                 autoescape=True))
    if f.department:
        query = query.join(Department, Department.id == Incident.lead_department_id)
        conditions.append(Department.code == f.department)
    if f.item:
        query = query.join(Item, Item.id == Incident.item_id)
        conditions.append(Item.code == f.item)
    if f.reported_from is not None:
        conditions.append(Incident.reported_at >= f.reported_from)
    if f.reported_to is not None:
        conditions.append(Incident.reported_at < f.reported_to)
    conditions += _marks(f, now)
    return query.where(and_(*conditions)) if conditions else query


def _marks(f: Filters, now: datetime) -> Sequence:
    running = Incident.state.in_(sorted(CLOCK_STATES))
    overdue = and_(running, Incident.resolution_deadline <= now)
    soon = and_(running, Incident.due_soon_at <= now, Incident.resolution_deadline > now)
    marks = ((f.overdue, overdue), (f.due_soon, soon),
             (f.parked, Incident.state == State.PARKED),
             (f.supervised, supervision.supervised(Incident.id)))
    return [condition if wanted else ~condition for wanted, condition in marks
            if wanted is not None]


def chosen(session: Session, visible: Visible, *, codes: Sequence[str] = (),
           items: Sequence[str] = (), states: Sequence[State] = (),
           reported_from: datetime | None = None, reported_to: datetime | None = None,
           limit: int = 1000) -> list[Incident]:
    """The visible incidents of these codes, items and states reported in the window, newest
    first, at most `limit`; an empty list of codes, items or states chooses every one."""
    query = _visible(select(Incident), visible)
    if codes:
        query = query.where(Incident.code.in_(list(codes)))
    if items:
        query = query.join(Item, Item.id == Incident.item_id).where(Item.code.in_(list(items)))
    if states:
        query = query.where(Incident.state.in_(list(states)))
    if reported_from is not None:
        query = query.where(Incident.reported_at >= reported_from)
    if reported_to is not None:
        query = query.where(Incident.reported_at <= reported_to)
    return list(session.scalars(
        query.order_by(Incident.id.desc()).limit(limit)
        .options(joinedload(Incident.item), joinedload(Incident.lead_department))))
