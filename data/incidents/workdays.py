"""The official Chinese working calendar with the district's office hours."""

from __future__ import annotations

import functools
import logging
import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import chinese_calendar
import holidays

from data.domain import LimitUnit

logger = logging.getLogger(__name__)

Interval = tuple[datetime, datetime]

# Where a year's working days come from, best first.
ENTERED = "entered"  # the official schedule, entered by an administrator
PACKAGE = "package"  # chinese_calendar, with its holidays and adjusted weekends
STATUTORY = "statutory"  # the statutory holidays alone: the adjusted weekends are missing


@dataclass(frozen=True)
class OfficeHours:
    """The office intervals of one working day, sorted and non-overlapping."""

    intervals: tuple[tuple[time, time], ...]

    def __post_init__(self) -> None:
        if not self.intervals:
            raise ValueError("office hours: at least one interval is needed")
        previous_end: time | None = None
        for start, end in self.intervals:
            named = f"office hours '{start:%H:%M}-{end:%H:%M}'"
            if start.tzinfo is not None or end.tzinfo is not None:
                raise ValueError(f"{named}: give local times without a zone")
            if start >= end:
                raise ValueError(f"{named}: start is not before end")
            if previous_end is not None and start < previous_end:
                raise ValueError(f"{named}: overlaps or precedes the interval before")
            previous_end = end

    @classmethod
    def parse(cls, text: str) -> OfficeHours:
        """Parse 'HH:MM-HH:MM,HH:MM-HH:MM' into office hours, naming any bad part."""
        intervals = []
        for part in text.split(","):
            try:
                start_text, end_text = part.strip().split("-")
                interval = (time.fromisoformat(start_text), time.fromisoformat(end_text))
            except ValueError as error:
                raise ValueError(
                    f"office hours {part.strip()!r}: expected HH:MM-HH:MM ({error})"
                ) from None
            intervals.append(interval)
        try:
            return cls(tuple(intervals))
        except ValueError as error:
            raise ValueError(f"{error} (in {text!r})") from None

    @property
    def minutes_per_day(self) -> float:
        """Return the office minutes of one ordinary working day."""
        return sum(_minutes_of_day(end) - _minutes_of_day(start) for start, end in self.intervals)


class WorkCalendar:
    """Working days from the official calendar, working time from the office hours."""

    def __init__(self, tz: str | ZoneInfo, office_hours: OfficeHours,
                 entered: Mapping[date, str] | None = None) -> None:
        self.zone = tz if isinstance(tz, ZoneInfo) else ZoneInfo(tz)
        self.office_hours = office_hours
        # What the settings give, for a district that names no zone or hours of its own.
        self.defaults = (self.zone, office_hours)
        self._warned_years: set[int] = set()
        self.use_entered(entered or {})

    def use_district(self, tz: str | None, office_hours: str | None) -> None:
        """Count in the district's own zone and office hours, each falling back to the
        settings' when absent or unreadable; forget cached days if either changed."""
        zone, hours = self.defaults
        try:
            zone = ZoneInfo(tz) if tz else zone
        except (ValueError, KeyError) as error:  # ZoneInfoNotFoundError is a KeyError
            logger.warning("the district's time zone %r is unknown (%s): using %s",
                           tz, error, zone.key)
        try:
            hours = OfficeHours.parse(office_hours) if office_hours else hours
        except ValueError as error:
            logger.warning("the district's office hours are unreadable (%s): using the "
                           "settings'", error)
        if (zone, hours) != (self.zone, self.office_hours):
            self.zone, self.office_hours = zone, hours
            self._office_day = functools.lru_cache(maxsize=4096)(self._build_office_day)

    def use_entered(self, entered: Mapping[date, str]) -> None:
        """Count the entered days (off or work) first from now on; forget cached days."""
        days = {day: kind == "work" for day, kind in entered.items()}
        years = frozenset(day.year for day in days)
        # Per instance, so two calendars never share cached days; a few thousand dates
        # cover every deadline in play, and each day's intervals are computed once. Swapped
        # whole, so a thread counting a deadline meanwhile sees the old days or the new.
        self._entered, self._entered_years = days, years
        self._office_day = functools.lru_cache(maxsize=4096)(self._build_office_day)

    def source(self, year: int) -> str:
        """Where the year's working days come from: entered, package or statutory."""
        if year in self._entered_years:
            return ENTERED
        return PACKAGE if _package_knows(year) else STATUTORY

    def is_workday(self, day: date) -> bool:
        """Return whether the day is a working day, counting adjusted weekends (调休)."""
        entered = self._entered.get(day)
        if entered is not None:
            return entered
        try:
            return chinese_calendar.is_workday(day)
        except NotImplementedError:
            # The package ships one year at a time; deadlines must still compute past it.
            if day.year not in self._warned_years:
                self._warned_years.add(day.year)
                logger.warning(
                    "No official schedule for %d: counting its statutory holidays only, "
                    "without the adjusted working weekends", day.year)
            return day.weekday() < 5 and day not in statutory_holidays(day.year)

    def add_work_minutes(self, start: datetime, minutes: float) -> datetime:
        """Return the UTC moment after the given working minutes from start."""
        _require_aware(start)
        remaining = _duration(minutes)
        moment = start.astimezone(UTC)
        if not remaining:
            return moment
        day = moment.astimezone(self.zone).date()
        while True:
            intervals, total = self._office_day(day)
            # A whole day that cannot hold the rest is skipped at once.
            if intervals and (moment > intervals[0][0] or remaining <= total):
                for open_at, close_at in intervals:
                    if close_at <= moment:
                        continue
                    begin = max(open_at, moment)
                    if remaining <= close_at - begin:
                        return begin + remaining
                    remaining -= close_at - begin
            else:
                remaining -= total
            day += timedelta(days=1)

    def work_minutes_between(self, start: datetime, end: datetime) -> float:
        """Return the working minutes in [start, end)."""
        _require_aware(start)
        _require_aware(end)
        start, end = start.astimezone(UTC), end.astimezone(UTC)
        if end <= start:
            return 0.0
        worked = timedelta()
        day = start.astimezone(self.zone).date()
        last = end.astimezone(self.zone).date()
        while day <= last:
            intervals, total = self._office_day(day)
            if intervals and start <= intervals[0][0] and intervals[-1][1] <= end:
                worked += total
            else:
                for open_at, close_at in intervals:
                    overlap = min(close_at, end) - max(open_at, start)
                    if overlap > timedelta():
                        worked += overlap
            day += timedelta(days=1)
        return worked / timedelta(minutes=1)

    def add_limit(self, start: datetime, amount: float, unit: LimitUnit) -> datetime:
        """Return the UTC moment a limit of amount in unit runs out, counted from start."""
        _require_aware(start)
        if unit == LimitUnit.HOURS:
            # Add in UTC: aware local arithmetic would follow the wall clock across DST.
            return start.astimezone(UTC) + _duration(amount * 60)
        return self.add_work_minutes(start, self._work_minutes(amount, unit))

    def elapsed_fraction(
        self, start: datetime, deadline: datetime, now: datetime, unit: LimitUnit
    ) -> float:
        """Return the fraction of the limit passed at now, in the limit's own unit."""
        for moment in (start, deadline, now):
            _require_aware(moment)
        if unit == LimitUnit.HOURS:
            passed = (now - start) / timedelta(minutes=1)
            limit = (deadline - start) / timedelta(minutes=1)
        else:
            passed = self.work_minutes_between(start, now)
            limit = self.work_minutes_between(start, deadline)
        if limit <= 0:
            # A zero limit is all used up the moment its deadline comes.
            return 1.0 if now >= deadline else 0.0
        return max(0.0, passed / limit)

    def _work_minutes(self, amount: float, unit: LimitUnit) -> float:
        if unit == LimitUnit.WORK_HOURS:
            return amount * 60
        if unit == LimitUnit.WORK_DAYS:
            return amount * self.office_hours.minutes_per_day
        raise ValueError(f"not a working-time unit: {unit!r}")

    def _build_office_day(self, day: date) -> tuple[tuple[Interval, ...], timedelta]:
        if not self.is_workday(day):
            return (), timedelta()
        intervals = []
        for open_at, close_at in self.office_hours.intervals:
            # Through zoneinfo, so an interval spanning a DST change keeps its real length.
            begin = datetime.combine(day, open_at, tzinfo=self.zone).astimezone(UTC)
            end = datetime.combine(day, close_at, tzinfo=self.zone).astimezone(UTC)
            if begin < end:
                intervals.append((begin, end))
        total = sum((end - begin for begin, end in intervals), timedelta())
        return tuple(intervals), total


@functools.cache
def statutory_holidays(year: int) -> frozenset[date]:
    """The statutory public holidays of a year, as the holidays package computes them."""
    return frozenset(holidays.China(years=year))


@functools.cache
def _package_knows(year: int) -> bool:
    try:
        chinese_calendar.is_workday(date(year, 6, 1))
    except NotImplementedError:
        return False
    return True


def _minutes_of_day(moment: time) -> float:
    return moment.hour * 60 + moment.minute + moment.second / 60


def _require_aware(moment: datetime) -> None:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"datetime must be timezone-aware, got naive {moment.isoformat()}")


def _duration(minutes: float) -> timedelta:
    if not math.isfinite(minutes) or minutes < 0:
        raise ValueError(f"duration must be a finite non-negative number of minutes: {minutes}")
    return timedelta(minutes=minutes)
