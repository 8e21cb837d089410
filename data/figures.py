"""The product's rates (PRODUCT §6), each kept as its numerator and its denominator.

Every rate is counted by one SQL aggregate over the incident columns, the current projection
of the trail, for a period [start, end) of aware UTC datetimes. A rate can be narrowed to a
street, or to a department as lead (主办), or given for each street or department at once.
Callers see only these functions and `Rate`, so the counting can move to the trail itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from sqlalchemy import ColumnElement, Select, and_, case, func, or_, select
from sqlalchemy.orm import Session

from data.domain import Rating
from data.models import Community, Grid, Incident

By = Literal["street", "department"]


@dataclass(frozen=True)
class Rate:
    """A rate kept as its parts, so a screen can show both, and "—" when nothing was counted."""

    numerator: int
    denominator: int

    @property
    def value(self) -> float | None:
        """Return the rate as a fraction, or None when the denominator is 0."""
        return self.numerator / self.denominator if self.denominator else None

    def as_dict(self) -> dict[str, int]:
        """Return the rate's parts as plain JSON."""
        return {"numerator": self.numerator, "denominator": self.denominator}


NOTHING = Rate(0, 0)


@dataclass(frozen=True)
class _Definition:
    """Which incidents a rate counts (its denominator), and which of those succeed."""

    counted: ColumnElement[bool]
    succeeded: ColumnElement[bool]


def response_rate(session: Session, start: datetime, end: datetime, *,
                  street_id: int | None = None, department_id: int | None = None) -> Rate:
    """Return the response rate (响应率): dispatched in the period, signed within the limit."""
    return _total(session, _response(start, end), street_id, department_id)


def closure_rate(session: Session, start: datetime, end: datetime, *,
                 street_id: int | None = None, department_id: int | None = None) -> Rate:
    """Return the closure rate (结案率): of the due (应结案数), those resolved by now."""
    return _total(session, _closure(start, end), street_id, department_id)


def on_time_rate(session: Session, start: datetime, end: datetime, *,
                 street_id: int | None = None, department_id: int | None = None) -> Rate:
    """Return the on-time rate (按期结案率): of the due, those resolved by their deadline."""
    return _total(session, _on_time(start, end), street_id, department_id)


def satisfaction_rate(session: Session, start: datetime, end: datetime, *,
                      street_id: int | None = None, department_id: int | None = None) -> Rate:
    """Return the satisfaction rate (满意率) of the rated callbacks of incidents closed then."""
    return _total(session, _satisfaction(start, end), street_id, department_id)


def response_rates(session: Session, start: datetime, end: datetime, *,
                   by: By) -> dict[int, Rate]:
    """Return the response rate of each street or department id that has anything counted."""
    return _grouped(session, _response(start, end), by)


def closure_rates(session: Session, start: datetime, end: datetime, *,
                  by: By) -> dict[int, Rate]:
    """Return the closure rate of each street or department id that has anything due."""
    return _grouped(session, _closure(start, end), by)


def on_time_rates(session: Session, start: datetime, end: datetime, *,
                  by: By) -> dict[int, Rate]:
    """Return the on-time rate of each street or department id that has anything due."""
    return _grouped(session, _on_time(start, end), by)


def satisfaction_rates(session: Session, start: datetime, end: datetime, *,
                       by: By) -> dict[int, Rate]:
    """Return the satisfaction rate of each street or department id with a rated callback."""
    return _grouped(session, _satisfaction(start, end), by)


def _response(start: datetime, end: datetime) -> _Definition:
    signed, limit = Incident.signed_at, Incident.response_deadline
    return _Definition(_within(Incident.dispatched_at, start, end),
                       and_(signed.is_not(None), signed <= limit))


def _due(start: datetime, end: datetime) -> ColumnElement[bool]:
    """应结案数: deadline in the period, or resolved in the period before the deadline."""
    deadline, resolved = Incident.resolution_deadline, Incident.resolved_at
    # A parked incident whose deadline falls in the period is due like any other: its
    # deadline stands while it is parked and moves on only when it is resumed, so a later
    # count may find it due in a later period instead.
    return and_(Incident.dispatched_at.is_not(None),
                or_(_within(deadline, start, end),
                    and_(_within(resolved, start, end), resolved <= deadline)))


def _closure(start: datetime, end: datetime) -> _Definition:
    # resolved_at stays set through verify and close; only a return (返工) clears it.
    return _Definition(_due(start, end), Incident.resolved_at.is_not(None))


def _on_time(start: datetime, end: datetime) -> _Definition:
    return _Definition(_due(start, end), Incident.resolved_at <= Incident.resolution_deadline)


def _satisfaction(start: datetime, end: datetime) -> _Definition:
    return _Definition(and_(_within(Incident.closed_at, start, end), Incident.rating.is_not(None)),
                       Incident.rating.in_([Rating.SATISFIED, Rating.BASIC]))


def _within(column: ColumnElement[datetime], start: datetime,
            end: datetime) -> ColumnElement[bool]:
    return and_(column >= start, column < end)


def _counts(definition: _Definition, *keys: ColumnElement) -> Select:
    # count(CASE WHEN ... THEN 1 END) counts the matches alike on SQLite and PostgreSQL.
    return (select(*keys, func.count(), func.count(case((definition.succeeded, 1))))
            .select_from(Incident).where(definition.counted))


def _total(session: Session, definition: _Definition, street_id: int | None,
           department_id: int | None) -> Rate:
    query = _counts(definition)
    if street_id is not None:
        query = query.where(Incident.grid_id.in_(
            select(Grid.id).join(Community, Grid.community_id == Community.id)
            .where(Community.street_id == street_id)))
    if department_id is not None:
        query = query.where(Incident.lead_department_id == department_id)
    denominator, numerator = session.execute(query).one()
    return Rate(numerator, denominator)


def _grouped(session: Session, definition: _Definition, by: By) -> dict[int, Rate]:
    if by == "department":
        key = Incident.lead_department_id
        query = _counts(definition, key)
    elif by == "street":
        key = Community.street_id
        query = (_counts(definition, key).join(Grid, Incident.grid_id == Grid.id)
                 .join(Community, Grid.community_id == Community.id))
    else:
        raise ValueError(f"rates are given by street or by department, not by {by!r}")
    rows = session.execute(query.group_by(key))
    return {group: Rate(numerator, denominator)
            for group, denominator, numerator in rows if group is not None}
