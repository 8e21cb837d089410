"""The reports of today and yesterday, counted as they arrive and kept between builds.

A report's grid, source, item and time never change once it is written. The counts the walls
show of them (today's and yesterday's until the same time by grid, today's by source and by
item, the trend's reports by hour) can therefore be kept from build to build and added to,
where reading them again made every build grow with the day: with 30,000 reported today,
70 ms of a 145 ms build. A tally reads only the reports newer than those it holds.

"Newer" is by id, and ids are not committed in order: a report can commit after one with a
higher id has been read. So the tally folds in a report only once every report with a lower
id has surely been read, or will never be (its transaction rolled back):

- on PostgreSQL, when every transaction that was running at the build that first saw the
  higher id has ended (its snapshot's xmax is below a later snapshot's xmin), and at least
  SETTLE_S later; until then the newer reports are read again at each build;
- on SQLite, writers take turns, and a committed id has no uncommitted one below it.

The tally starts over when the grids move between streets, when the store holds fewer
incidents than it counted (another store), and every RECOUNT_S in any case.
"""

from __future__ import annotations

import bisect
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from data.live.hours import TREND_HOURS
from data.live.parts import Clock, Place, ReportCounts
from data.models import Incident, Item

SETTLE_S = 0.5
RECOUNT_S = 3600.0
HOUR = timedelta(hours=1)
Fact = tuple[int, datetime, int, str, int]  # id, reported_at, grid id, source, item id


@dataclass
class _Hour:
    """The reports of one local hour: by grid, by source and by item in each street, by
    street, and each one's moment and grid (to cut the hour at a time within it)."""

    grids: Counter[int] = field(default_factory=Counter)
    sources: Counter[tuple[str, int | None]] = field(default_factory=Counter)
    items: Counter[tuple[int, int | None]] = field(default_factory=Counter)
    streets: Counter[int | None] = field(default_factory=Counter)
    moments: list[tuple[datetime, int]] = field(default_factory=list)

    def add(self, fact: Fact, street: int | None) -> None:
        _, at, grid_id, source, item_id = fact
        self.grids[grid_id] += 1
        self.sources[source, street] += 1
        self.items[item_id, street] += 1
        self.streets[street] += 1
        self.moments.append((at, grid_id))


class Tally:
    """The day's reports, counted once each; one per builder, kept between its builds."""

    def __init__(self) -> None:
        self._hours: dict[datetime, _Hour] = {}  # by the local hour's start, in UTC
        self._upto = 0  # every report with an id up to this one is in _hours (if in the window)
        self._seen: list[tuple[int, int, float]] = []  # (newest id, xmax, when) of past builds
        self._ready = 0  # the newest id of those, every lower one read at the build before
        self._start: datetime | None = None  # the window's start: yesterday's local midnight
        self._zone: ZoneInfo | None = None
        self._street_of: dict[int, int] = {}
        self._counted_at = 0.0

    def counts(self, session: Session, clock: Clock, places: dict[int, Place]
               ) -> ReportCounts | None:
        """The counts of the reports in the window of `clock`, as `parts.reported` and the
        trend's reports read them, from what is kept and what is new since; None while the
        tally has counted nothing yet, and the caller counts as a build without one does."""
        street_of = {grid_id: place.street_id for grid_id, place in places.items()}
        newest, xmin, xmax = _horizon(session)
        if (street_of != self._street_of or clock.zone != self._zone or newest < self._upto
                or self._start is None or clock.yesterday[0] < self._start
                or time.monotonic() - self._counted_at > RECOUNT_S):
            self._recount(street_of, clock.zone)
        self._start = clock.yesterday[0]
        for hour in [hour for hour in self._hours if hour < self._start]:
            del self._hours[hour]  # a day gone by
        if xmax is not None and not self._upto and not self._ready:
            # Nothing counted yet, and nothing can be folded in until the ids read now have
            # settled: the caller reads this build's reports in one pass, rather than the
            # tally reading every one of them at each build until then.
            self._settle(newest, xmin, xmax)
            return None
        facts = _facts(session, self._upto, self._start)
        if xmax is None:  # SQLite: nothing below what was read is still to come
            self._fold(facts, newest)
            facts = []
        else:
            if self._ready:
                folded = [fact for fact in facts if fact[0] <= self._ready]
                facts = [fact for fact in facts if fact[0] > self._ready]
                self._fold(folded, self._ready)
            self._settle(newest, xmin, xmax)
        fresh: dict[datetime, _Hour] = {}
        for fact in facts:
            self._hour_of(fresh, fact[1]).add(fact, self._street_of.get(fact[2]))
        return _counted(session, clock, [self._hours, fresh])

    def _recount(self, street_of: dict[int, int], zone: ZoneInfo) -> None:
        self._hours, self._upto, self._seen, self._ready = {}, 0, [], 0
        self._street_of, self._zone, self._start = street_of, zone, None
        self._counted_at = time.monotonic()

    def _fold(self, facts: list[Fact], upto: int) -> None:
        for fact in facts:
            self._hour_of(self._hours, fact[1]).add(fact, self._street_of.get(fact[2]))
        self._upto = max(self._upto, upto)

    def _settle(self, newest: int, xmin: int | None, xmax: int) -> None:
        """Mark ready the newest id of an earlier build whose running transactions have all
        ended since, SETTLE_S ago at least: the next build folds in the reports up to it."""
        now = time.monotonic()
        ended = [seen for seen in self._seen
                 if xmin is not None and xmin >= seen[1] and now - seen[2] >= SETTLE_S]
        if ended:
            self._ready = max(self._ready, max(seen[0] for seen in ended))
        self._seen = [seen for seen in self._seen if seen[0] > self._ready]
        if not self._seen or self._seen[-1][0] < newest:
            self._seen.append((newest, xmax, now))

    def _hour_of(self, hours: dict[datetime, _Hour], at: datetime) -> _Hour:
        assert self._zone is not None  # set by _recount before anything is added
        start = _hour_start(at, self._zone)
        if start not in hours:
            hours[start] = _Hour()
        return hours[start]


def _horizon(session: Session) -> tuple[int, int | None, int | None]:
    """The newest incident's id this build sees, and on PostgreSQL its snapshot's xmin and
    xmax: every transaction below xmin has ended, none at or above xmax had begun."""
    newest = session.scalar(select(func.coalesce(func.max(Incident.id), 0))) or 0
    if session.get_bind().dialect.name != "postgresql":
        return newest, None, None
    xmin, xmax = session.execute(text(
        "SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint, "
        "pg_snapshot_xmax(pg_current_snapshot())::text::bigint")).one()
    return newest, xmin, xmax


def _facts(session: Session, after: int, start: datetime) -> list[Fact]:
    return [(incident_id, at, grid_id, source.value, item_id)
            for incident_id, at, grid_id, source, item_id in session.execute(
                select(Incident.id, Incident.reported_at, Incident.grid_id, Incident.source,
                       Incident.item_id)
                .where(Incident.id > after, Incident.reported_at >= start))]


def _counted(session: Session, clock: Clock, kept: list[dict[datetime, _Hour]]
             ) -> ReportCounts:
    today, yesterday = clock.today, clock.yesterday
    cut = _hour_start(yesterday[1], clock.zone)  # the hour of the same time yesterday
    days: dict[int, list[int]] = {}
    sources: Counter[tuple[str, int | None]] = Counter()
    items: Counter[tuple[int, int | None]] = Counter()
    trend: Counter[tuple[int, int | None]] = Counter()
    for part in kept:
        for start, hour in part.items():
            if today[0] <= start < today[1]:
                for grid_id, count in hour.grids.items():
                    days.setdefault(grid_id, [0, 0])[0] += count
                sources.update(hour.sources)
                items.update(hour.items)
            elif yesterday[0] <= start < cut:
                for grid_id, count in hour.grids.items():
                    days.setdefault(grid_id, [0, 0])[1] += count
            elif start == cut:
                for at, grid_id in hour.moments:
                    if at < yesterday[1]:
                        days.setdefault(grid_id, [0, 0])[1] += 1
            n = bisect.bisect_right(clock.hours, start) - 1
            if 0 <= n < TREND_HOURS:
                for street, count in hour.streets.items():
                    trend[n, street] += count
    names = {item_id: (code, name)
             for item_id, code, name in session.execute(select(Item.id, Item.code, Item.name))}
    return ReportCounts(
        days={grid_id: (today_count, before) for grid_id, (today_count, before) in days.items()},
        sources=[(source, street, count) for (source, street), count in sources.items() if count],
        categories=[(names[item_id], street, count)
                    for (item_id, street), count in items.items() if count],
        trend=[((n, "report"), street, count) for (n, street), count in trend.items()])


def _hour_start(at: datetime, zone: ZoneInfo) -> datetime:
    return at.astimezone(zone).replace(minute=0, second=0, microsecond=0).astimezone(UTC)
