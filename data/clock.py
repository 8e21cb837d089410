"""The product's one clock: UTC now, moved by a set shift for rehearsals and tests.

Every "now" in the product comes from here, so a process started with a shift (the setting
DASHBOARD_CLOCK_SHIFT) lives on a chosen day — a weekend, a holiday, the last day of a
year — while its clock still runs. Processes that share a store share one shift.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

# Process-wide, set once when a process starts (the command line, the test session).
_shift = timedelta(0)


def now() -> datetime:
    """The current moment, aware, in UTC."""
    return datetime.now(UTC) + _shift


def shift() -> timedelta:
    """How far this process's clock stands from the real one."""
    return _shift


def set_shift(amount: timedelta) -> None:
    """Move this process's clock `amount` away from the real one (negative: into the past)."""
    global _shift
    _shift = amount


def shift_to(moment: datetime) -> timedelta:
    """Set the clock so that it reads `moment` now; return the shift that takes."""
    if moment.tzinfo is None:
        raise ValueError(f"naive datetime {moment.isoformat()}: give a time zone")
    set_shift(moment - datetime.now(UTC))
    return _shift
