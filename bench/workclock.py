"""The district's working calendar over arrays of times: deadlines for a million at once.

It computes what `data.incidents.workdays.WorkCalendar` and `data.incidents.deadlines`
compute, one incident at a time, but over numpy arrays of UTC epoch seconds, by laying every
office interval of the period end to end: `worked(t)` is the working time before `t`,
`at_worked(w)` the moment that much working time has passed.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np

from data.incidents.deadlines import DUE_SOON_FRACTION
from data.incidents.workdays import WorkCalendar


class WorkClock:
    """Working time between `start` and `end` (aware datetimes), vectorised."""

    def __init__(self, calendar: WorkCalendar, start: datetime, end: datetime) -> None:
        self.calendar = calendar
        self.day_seconds = calendar.office_hours.minutes_per_day * 60
        opens, closes = [], []
        day = start.astimezone(calendar.zone).date() - timedelta(days=1)
        last = end.astimezone(calendar.zone).date() + timedelta(days=1)
        while day <= last:
            if calendar.is_workday(day):
                for open_at, close_at in calendar.office_hours.intervals:
                    # Through the zone, as WorkCalendar does, so a DST day keeps its length.
                    opens.append(datetime.combine(day, open_at, calendar.zone).timestamp())
                    closes.append(datetime.combine(day, close_at, calendar.zone).timestamp())
            day += timedelta(days=1)
        self.opens = np.array(opens, dtype=np.float64)
        lengths = np.array(closes, dtype=np.float64) - self.opens
        self.lengths = lengths
        self.before = np.concatenate([[0.0], np.cumsum(lengths)[:-1]])  # worked before each
        self.until = self.before + lengths  # worked at each close
        self.last = closes[-1]

    def worked(self, t: np.ndarray) -> np.ndarray:
        """Working seconds from the start of the period to each time in `t`."""
        k = np.searchsorted(self.opens, t, side="right") - 1
        if (k < 0).any() or (t > self.last).any():
            raise ValueError("a time lies outside the work clock's period")
        return self.before[k] + np.minimum(t - self.opens[k], self.lengths[k])

    def at_worked(self, w: np.ndarray) -> np.ndarray:
        """The first moment at which `w` working seconds have passed (as add_work_minutes)."""
        k = np.searchsorted(self.until, w, side="left")
        if (k >= len(self.until)).any():
            raise ValueError("a deadline lies beyond the work clock's period")
        return self.opens[k] + (w - self.before[k])

    def add(self, start: np.ndarray, seconds: np.ndarray, natural: np.ndarray) -> np.ndarray:
        """`start` plus a limit: natural seconds where `natural`, else working seconds."""
        worked = self.at_worked(self.worked(start) + seconds)
        # A working limit counted from closed time starts at the next opening, never before.
        return _whole(np.where(natural, start + seconds, np.maximum(worked, start)))

    def point(self, start: np.ndarray, end: np.ndarray, natural: np.ndarray,
              fraction: np.ndarray | float) -> np.ndarray:
        """The moment `fraction` of the time from start to end has passed, in the limit's unit."""
        w0 = self.worked(start)
        worked = self.at_worked(w0 + (self.worked(end) - w0) * fraction)
        return _whole(np.where(natural, start + (end - start) * fraction,
                               np.maximum(worked, start)))

    def due_soon(self, start: np.ndarray, end: np.ndarray, natural: np.ndarray) -> np.ndarray:
        """When the yellow warning falls between dispatch and a deadline."""
        return self.point(start, end, natural, DUE_SOON_FRACTION)

    def shift(self, deadline: np.ndarray, start: np.ndarray, end: np.ndarray,
              natural: np.ndarray) -> np.ndarray:
        """`deadline` moved on by the time from start to end, counted in its own unit."""
        worked = self.at_worked(self.worked(deadline) + self.worked(end) - self.worked(start))
        return _whole(np.where(natural, deadline + (end - start), worked))


def epoch(moment: datetime) -> int:
    """A datetime as whole UTC epoch seconds."""
    return int(moment.astimezone(UTC).timestamp())


def _whole(seconds: np.ndarray) -> np.ndarray:
    return np.rint(seconds).astype(np.int64)
