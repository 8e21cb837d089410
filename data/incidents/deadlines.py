"""Deadlines from a limit and a priority."""

from __future__ import annotations

from datetime import datetime

from data.domain import LimitUnit, Priority
from data.incidents.workdays import WorkCalendar

# The whistle list sets limits for an ordinary case; an urgent or high-priority incident
# (a leader's instruction, a danger to people) must be handled within a fraction of them.
PRIORITY_FACTORS: dict[Priority, float] = {
    Priority.URGENT: 0.5,
    Priority.HIGH: 0.75,
    Priority.NORMAL: 1.0,
}

# 黄色预警: warn once this much of the limit has passed.
DUE_SOON_FRACTION = 0.8


def scaled_limit(amount: float, priority: Priority) -> float:
    """Return the limit amount shortened by the priority factor."""
    return amount * PRIORITY_FACTORS[priority]


def deadline(
    calendar: WorkCalendar,
    start: datetime,
    amount: float,
    unit: LimitUnit,
    priority: Priority,
) -> datetime:
    """Return the UTC deadline of a limit counted from start, shortened by priority."""
    return calendar.add_limit(start, scaled_limit(amount, priority), unit)


def due_soon_at(
    calendar: WorkCalendar,
    start: datetime,
    amount: float,
    unit: LimitUnit,
    priority: Priority,
    fraction: float = DUE_SOON_FRACTION,
) -> datetime:
    """Return the UTC moment when fraction of the scaled limit has passed."""
    if not 0 <= fraction <= 1:
        raise ValueError(f"due-soon fraction must lie in [0, 1], got {fraction}")
    # Measured in the limit's own unit, as elapsed_fraction measures it, so both agree.
    return calendar.add_limit(start, scaled_limit(amount, priority) * fraction, unit)


def extend(calendar: WorkCalendar, deadline: datetime, amount: float, unit: LimitUnit) -> datetime:
    """Return the resolution deadline moved on by a granted extension (延期)."""
    # The priority already shaped the original deadline; an extension is granted as asked.
    return calendar.add_limit(deadline, amount, unit)


def due_soon_between(
    calendar: WorkCalendar,
    start: datetime,
    end: datetime,
    unit: LimitUnit,
    fraction: float = DUE_SOON_FRACTION,
) -> datetime:
    """Return when `fraction` of the time from start to a (moved) deadline has passed."""
    if unit == LimitUnit.HOURS:
        return start + (end - start) * fraction
    return calendar.add_work_minutes(start, calendar.work_minutes_between(start, end) * fraction)
