"""The moments tests live at, whatever day the suite runs.

The whole run lives at one moment: ANCHOR (a Thursday in the middle of a month, in office
hours, in a year the working calendar knows), or the moment DASHBOARD_TEST_NOW names
(ISO 8601 with its zone), to prove the suite passes on any day: a weekend, a month's first
day, a year's last, a holiday. Stores whose assertions need a particular kind of day (the
browser tests' served demo) live at a moment of their own, whatever the run's.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from data import clock

SHANGHAI = ZoneInfo("Asia/Shanghai")
ANCHOR = datetime(2026, 11, 19, 10, 30, tzinfo=SHANGHAI)
CHOSEN = "DASHBOARD_TEST_NOW"
SHIFT = "DASHBOARD_CLOCK_SHIFT"  # what processes the tests start read (dashboard.config)


def chosen() -> datetime:
    """The moment this run lives at."""
    raw = os.environ.get(CHOSEN, "").strip()
    if not raw:
        return ANCHOR
    moment = datetime.fromisoformat(raw)
    if moment.tzinfo is None:
        raise ValueError(f"{CHOSEN}={raw!r}: give a time zone, e.g. {ANCHOR.isoformat()}")
    return moment


@contextmanager
def living_at(moment: datetime) -> Iterator[timedelta]:
    """Run this process, and the processes it starts meanwhile, on a clock reading `moment`."""
    before, environ = clock.shift(), os.environ.get(SHIFT)
    shift = clock.shift_to(moment)
    os.environ[SHIFT] = repr(shift.total_seconds())
    try:
        yield shift
    finally:
        clock.set_shift(before)
        if environ is None:
            os.environ.pop(SHIFT, None)
        else:
            os.environ[SHIFT] = environ
