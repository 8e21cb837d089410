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
