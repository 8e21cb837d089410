"""The periods figures are counted over: today, this week, this month, or a range of dates.

Days, weeks and months are the district's (its time zone); a period is held as aware UTC
moments [start, end), the end excluded, so that periods laid end to end count everything
once. A week starts on Monday. A range "2025-11-01..2025-11-30" includes both dates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

NAMED = ("today", "week", "month")
RANGE = re.compile(r"^([0-9]{4}-[0-9]{2}-[0-9]{2})\.\.([0-9]{4}-[0-9]{2}-[0-9]{2})$")
FORMS = "today, week, month or YYYY-MM-DD..YYYY-MM-DD"


@dataclass(frozen=True)
class Period:
    """A span of time, [start, end) in aware UTC, and how to name it."""

    start: datetime
    end: datetime
    label: str

    def __post_init__(self) -> None:
        if self.start.tzinfo is None or self.end.tzinfo is None:
            raise ValueError("a period's start and end must be aware times")
        if self.end <= self.start:
            raise ValueError(f"a period must end after it starts: {self.label}")


def parse(text: str, now: datetime, zone: ZoneInfo | str) -> Period:
    """The period `text` names, as seen at `now` in `zone`; ValueError says what is wrong."""
    zone = _zone(zone)
    if now.tzinfo is None:
        raise ValueError(f"naive time {now.isoformat()}: give now with a time zone")
    wanted = (text or "").strip().lower()
    today = now.astimezone(zone).date()
    if wanted == "today":
        return days(today, today, zone)
    if wanted == "week":
        monday = today - timedelta(days=today.weekday())
        return days(monday, monday + timedelta(days=6), zone)
    if wanted == "month":
        first = today.replace(day=1)
        return _between(first, _next_month(first), zone, first.strftime("%Y-%m"))
    found = RANGE.match(wanted)
    if found is None:
        raise ValueError(f"unknown period {text!r}: give {FORMS}")
    first, last = (_date(part) for part in found.groups())
    if last < first:
        raise ValueError(f"period {text!r} ends on {last} before it starts on {first}")
    return days(first, last, zone)


def days(first: date, last: date, zone: ZoneInfo | str) -> Period:
    """The local days from `first` to `last`, both included."""
    label = first.isoformat() if first == last else f"{first.isoformat()}..{last.isoformat()}"
    return _between(first, last + timedelta(days=1), _zone(zone), label)


def _between(first: date, after: date, zone: ZoneInfo, label: str) -> Period:
    return Period(_midnight(first, zone), _midnight(after, zone), label)


def _midnight(day: date, zone: ZoneInfo) -> datetime:
    # Through the zone: a day's length follows its own offset, across a change of it too.
    return datetime.combine(day, time(), zone).astimezone(UTC)


def _next_month(first: date) -> date:
    return date(first.year + first.month // 12, first.month % 12 + 1, 1)


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def _zone(zone: ZoneInfo | str) -> ZoneInfo:
    if isinstance(zone, ZoneInfo):
        return zone
    try:
        return ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown time zone {zone!r}") from None
