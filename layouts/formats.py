"""Times as the district reads them: stored in UTC, shown in the district's zone."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo


def local_time(moment: datetime | None, zone: str) -> str:
    """A moment as local "YYYY-MM-DD HH:MM", or "—" when there is none."""
    if moment is None:
        return "—"
    return moment.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%d %H:%M")


def day(moment: datetime, zone: str, last: bool = False) -> str:
    """The local day of `moment`; with `last`, the last day before `moment` as an exclusive end."""
    if last:
        moment -= timedelta(microseconds=1)
    return moment.astimezone(ZoneInfo(zone)).date().isoformat()


def picked_period(preset: str | None, start: str | None, end: str | None, by_range: bool,
                  presets: tuple[str, ...]) -> str | None:
    """The period a picker gives: one of `presets`, or "YYYY-MM-DD..YYYY-MM-DD" from a range
    of days; None for half a range (wait for the other day) or an unknown preset."""
    if by_range:
        return f"{start[:10]}..{end[:10]}" if start and end else None
    return preset if preset in presets else None
