"""When the reports of a generated history come in, and who reports what, where."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np

from bench import cast as casting
from bench.cast import Cast
from bench.workclock import epoch
from data.demo.story import DETAILS, HOURLY, PRIORITIES, SOURCES

DUPLICATE_SHARE = 0.025  # a second report of the problem just reported, merged into it


@dataclass(frozen=True)
class Day:
    """One local day of reports: its code prefix, and when each report came in."""

    code: str  # YYYYMMDD
    reported: np.ndarray  # sorted epoch seconds


def days_of_reports(rng: np.random.Generator, incidents: int, days: int, now: datetime,
                    zone: ZoneInfo) -> list[Day]:
    """Spread exactly `incidents` reports over the local days ending now, by hour of day."""
    today = now.astimezone(zone).date()
    starts = [datetime.combine(today - timedelta(days=n), datetime.min.time(), zone)
              for n in range(days - 1, -1, -1)]
    # A busier or quieter day, fewer at weekends, and daytime peaks (as the demo's history).
    day_factor = rng.uniform(150, 400, days) * [0.8 if s.weekday() >= 5 else 1.0 for s in starts]
    hour_start = np.array([[epoch(s) + 3600 * h for h in range(24)] for s in starts])
    share = np.clip((epoch(now) - hour_start) / 3600, 0, 1)  # none after now
    weight = day_factor[:, None] * np.array(HOURLY)[None, :] * share
    counts = rng.multinomial(incidents, (weight / weight.sum()).ravel()).reshape(days, 24)
    result = []
    for n, start in enumerate(starts):
        seconds = [hour_start[n, h] + rng.uniform(0, 3600 * share[n, h], counts[n, h])
                   for h in range(24)]
        reported = np.sort(np.concatenate(seconds)).astype(np.int64)
        result.append(Day(start.strftime("%Y%m%d"), np.minimum(reported, epoch(now))))
    return result


@dataclass
class Reports:
    """A run of consecutive reports (whole days), positions 0..n-1, ids from `first_id`."""

    first_id: int
    reported: np.ndarray
    codes: list[str]
    grid: np.ndarray
    item: np.ndarray
    source: np.ndarray
    priority: np.ndarray
    point: np.ndarray  # (n, 2) lon, lat
    reporter: np.ndarray  # position in cast.people
    contact: np.ndarray  # the reporter's masked phone number
    detail: np.ndarray  # position in data.demo.story.DETAILS
    target: np.ndarray  # for a duplicate, the position it repeats; else -1

    @property
    def n(self) -> int:
        return len(self.reported)

    @property
    def merged(self) -> np.ndarray:
        return self.target >= 0


def draw(rng: np.random.Generator, cast: Cast, days: list[Day], first_id: int) -> Reports:
    """Who reports what, where, for each report of `days`."""
    reported = np.concatenate([d.reported for d in days])
    codes = [f"{d.code}{seq:05d}" for d in days for seq in range(1, len(d.reported) + 1)]
    n = len(reported)
    grid = rng.choice(len(cast.grid_ids), n, p=cast.grid_weights)
    item = rng.choice(len(cast.item_ids), n, p=cast.item_weights)
    source = rng.choice(len(SOURCES), n, p=casting.weights(SOURCES))
    point = cast.grid_points[grid, rng.integers(0, casting.POINTS_PER_GRID, n)]
    # A duplicate repeats the report just before it, made within the hour, and not itself one.
    duplicate = rng.random(n) < DUPLICATE_SHARE
    duplicate[0] = False
    duplicate[1:] &= np.diff(reported) < 3600
    duplicate[1:] &= ~duplicate[:-1]
    target = np.where(duplicate, np.arange(n) - 1, -1)
    rows = np.flatnonzero(duplicate)
    grid[rows], item[rows], point[rows] = grid[rows - 1], item[rows - 1], point[rows - 1]
    source[rows] = casting.RESIDENT
    return Reports(
        first_id=first_id, reported=reported, codes=codes, grid=grid, item=item,
        source=source, priority=rng.choice(len(PRIORITIES), n, p=casting.weights(PRIORITIES)),
        point=point, reporter=rng.integers(0, len(cast.people), n),
        contact="1" + rng.integers(30, 90, n).astype(str).astype(object) + "****"
        + rng.integers(1000, 10000, n).astype(str).astype(object),
        detail=rng.integers(0, len(DETAILS), n), target=target,
    )


def runs(days: list[Day], per_run: int) -> Iterator[list[Day]]:
    """Consecutive whole days holding about `per_run` reports each."""
    run: list[Day] = []
    held = 0
    for day in days:
        run.append(day)
        held += len(day.reported)
        if held >= per_run:
            yield run
            run, held = [], 0
    if run:
        yield run
