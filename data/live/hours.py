"""The day's moves on the trail, counted by hour and by day: the 24-hour trend and what was
resolved today and yesterday until the same time (parts of the snapshot, see data.live.snapshot).

Hours and days are compared with their bounds in SQL: no date functions, which differ between
databases and know nothing of the district's zone.
"""

from __future__ import annotations

import functools
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement, and_, case, func, literal, select, union_all
from sqlalchemy.orm import Session

from data.figures.trail import RESOLVING
from data.models import Event, Incident

if TYPE_CHECKING:
    from data.live.parts import Clock

TREND_HOURS = 24


def resolved_today(session: Session, clock: Clock) -> dict[int, tuple[int, int]]:
    """How many incidents were resolved today, and yesterday until the same time, in each
    grid with any: (today, yesterday)."""
    grid = _grid_of_event().label("grid_id")
    return {grid_id: (today, before) for grid_id, today, before in session.execute(
        select(grid, *two_days(Event.at, clock))
        .where(Event.kind.in_(RESOLVING), during(Event.at, (clock.yesterday[0], clock.today[1])))
        .group_by(grid))}


def _grid_of_event() -> ColumnElement[int]:
    """The grid of the event's incident, looked up by its key for each event read.

    A join let the planner hash every incident for the few resolutions of a day on a small
    store (it cannot tell how few a kind has in an hour's span); these are looked up one by
    one, as a large store's plan does anyway.
    """
    return (select(Incident.grid_id).where(Incident.id == Event.incident_id)
            .scalar_subquery())


def two_days(column: ColumnElement[datetime], clock: Clock) -> tuple[ColumnElement[int], ...]:
    """Counted of rows from yesterday's start to today's end: today's, and yesterday's until
    the same time of day."""
    return (func.count().filter(during(column, clock.today)),
            func.count().filter(during(column, clock.yesterday)))


def trend_counts(session: Session, clock: Clock, reports: bool = True
                 ) -> list[tuple[tuple[int, str], int, int]]:
    """((hour, kind), grid id, count) of reports and resolutions in the last 24 local hours;
    of resolutions alone when not `reports` (a tally counts them, data.live.tally)."""
    return [((n, kind), grid_id, count) for n, kind, grid_id, count in session.execute(
        _trend_statement(tuple(clock.hours), reports))]


@functools.lru_cache(maxsize=8)
def _trend_statement(starts: tuple[datetime, ...], reports: bool = True) -> Any:
    """The trend's count for the hours beginning at `starts`, made once an hour rather than
    on every build: its 47 cases, and SQLAlchemy's walk of them for its cache key, were
    Python work on every commit.

    The reports are counted from the incidents themselves, through their reported_at index:
    each incident has one report, moved at its reported_at, and joining a day of reports to
    their incidents for the grid was most of the snapshot's time under a stream of them.
    Only the resolutions, a few of the day's moves, are read from the trail.
    """
    window = (starts[0], starts[-1])
    reported = (select(_hour_of(Incident.reported_at, list(starts), 0, TREND_HOURS).label("hour"),
                      literal("report").label("kind"), Incident.grid_id)
               .where(during(Incident.reported_at, window)))
    resolutions = (select(_hour_of(Event.at, list(starts), 0, TREND_HOURS).label("hour"),
                          Event.kind, _grid_of_event().label("grid_id"))
                   .where(Event.kind.in_(RESOLVING), during(Event.at, window)))
    moves = (union_all(reported, resolutions) if reports else resolutions).subquery()
    return (select(moves.c.hour, moves.c.kind, moves.c.grid_id, func.count())
            .group_by(moves.c.hour, moves.c.kind, moves.c.grid_id))


def _hour_of(at: ColumnElement[datetime], starts: list[datetime], first: int, end: int
             ) -> ColumnElement[int]:
    """Which of hours first..end-1 the moment `at` is in, by halving: five comparisons, not 23.

    The hour is found in SQL by comparing with its bounds: no date functions, which differ
    between databases and know nothing of the district's zone.
    """
    if end - first == 1:
        return literal(first)
    middle = (first + end) // 2
    return case((at < starts[middle], _hour_of(at, starts, first, middle)),
                else_=_hour_of(at, starts, middle, end))


def during(column: ColumnElement[datetime], span: tuple[datetime, datetime]
            ) -> ColumnElement[bool]:
    return and_(column >= span[0], column < span[1])
