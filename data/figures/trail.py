"""Reading the trail in SQL: an event's place in its incident's life, and what its data says.

Within an incident, event ids follow time (no move may be dated before the one it follows),
so "after" and "before" are by id. Everything is read as it stood at `now`: an event later
than `now` has not happened yet.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, Float, Subquery, case, func, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import aliased
from sqlalchemy.orm.util import AliasedClass
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

from data.incidents import trail as moves_trail
from data.models import Event
from data.models.incident import event_deadline, event_response_deadline

Rows = AliasedClass[Event]

RESOLVING = ("resolve", "self_handle")
# The events that set an incident's resolution deadline: a dispatch, a granted extension
# (延期, unless granted late: see `timely`), a resume from parking (挂账). A send-back (退单)
# voids the dispatch's.
DEADLINE_SETTING = moves_trail.DEADLINE_SETTING


def rows() -> Rows:
    """A fresh name for the events table, for one role in a query."""
    return aliased(Event)


def latest(kinds: Iterable[str], start: Any, now: datetime, *also: Any,
           apart: Mapping[str, Iterable[str]] | None = None) -> Subquery:
    """Each incident's latest event of `kinds` from `start` to `now`: (incident_id, last),
    and, for each name in `apart`, the latest of the kinds it names (a column of that name).

    Joined to events of the period, it tells whether one was followed by such an event:
    anything after an event of the period is itself from the period on. The kinds asked
    for this way are few in a period (a return, a send-back), or wanted once per incident.
    """
    other = rows()
    columns = [func.max(other.id).label("last")]
    columns += [func.max(case((other.kind.in_(list(named)), other.id))).label(name)
                for name, named in (apart or {}).items()]
    return (select(other.incident_id, *columns)
            .where(other.kind.in_(list(kinds)), other.at >= start, other.at <= now,
                   *(condition(other) for condition in also))
            .group_by(other.incident_id).subquery())


def timely(event: Rows) -> ColumnElement[bool]:
    """Whether the event is not an extension granted after its deadline had passed: one
    that moves no deadline the figures judge by (data.incidents.holds)."""
    return flag(event, "late").is_not(True)


def followed(event: Rows, last: ColumnElement[int]) -> ColumnElement[bool]:
    """Whether the event was followed by the one `last` names (joined on its incident)."""
    return last > event.id


def standing(event: Rows, last: ColumnElement[int]) -> ColumnElement[bool]:
    """Whether the event was not followed by the one `last` names (nor is itself it)."""
    return last.is_(None) | (last <= event.id)


def joined(event: Rows, by: Subquery) -> tuple[Subquery, ColumnElement[bool]]:
    """The outer join of `latest`'s subquery to the event's incident."""
    return by, by.c.incident_id == event.incident_id


def flag(event: Rows, key: str) -> ColumnElement[bool]:
    """A true/false the move wrote into the event's data (null when it wrote none)."""
    return event.data[key].as_boolean()


def text(event: Rows, key: str) -> ColumnElement[str]:
    """A text the move wrote into the event's data."""
    return event.data[key].as_string()


def deadline(event: Rows) -> ColumnElement[str]:
    """The resolution deadline the event names, as ISO UTC text (indexed, see the model)."""
    return event_deadline(event.data)


def response_deadline(event: Rows) -> ColumnElement[str]:
    """The response deadline a dispatch names, as ISO UTC text (indexed, see the model)."""
    return event_response_deadline(event.data)


def iso(moment: datetime) -> str:
    """A moment as the ISO UTC text the moves write deadlines in, to compare with them."""
    return moment.astimezone(UTC).isoformat()


def within(column: ColumnElement[Any], start: Any, end: Any) -> ColumnElement[bool]:
    """start <= column < end."""
    return (column >= start) & (column < end)


class Hours(FunctionElement[float]):
    """The hours from one time to another (a time column, or ISO text a move wrote)."""

    type = Float()
    name = "hours_between"
    inherit_cache = True


@compiles(Hours)
@compiles(Hours, "sqlite")
def _hours_sqlite(element: Hours, compiler: SQLCompiler, **kw: Any) -> str:
    start, end = (compiler.process(clause, **kw) for clause in element.clauses)
    return f"((julianday({end}) - julianday({start})) * 24.0)"


@compiles(Hours, "postgresql")
def _hours_postgresql(element: Hours, compiler: SQLCompiler, **kw: Any) -> str:
    start, end = (compiler.process(clause, **kw) for clause in element.clauses)
    # Either end may be a column or ISO text from an event's data.
    return (f"(EXTRACT(EPOCH FROM (CAST({end} AS TIMESTAMP WITH TIME ZONE) "
            f"- CAST({start} AS TIMESTAMP WITH TIME ZONE))) / 3600.0)")
