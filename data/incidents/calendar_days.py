"""The official schedule's days entered by an administrator, kept and fed to the calendar with
the district's own time zone and office hours."""

from __future__ import annotations

import threading
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from data.incidents.workdays import STATUTORY, WorkCalendar
from data.models import CalendarDay, CatalogChange, District

KINDS = ("off", "work")  # 休, 班
Stamp = tuple[int, datetime | None, str | None, str | None]


class CalendarDayError(ValueError):
    """An entered day refused; `field` names what is wrong."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field


def entered(session: Session) -> dict[date, str]:
    """Every entered day and its kind."""
    return {day: kind for day, kind in session.execute(select(CalendarDay.day, CalendarDay.kind))}


def listed(session: Session, year: int | None = None) -> list[CalendarDay]:
    """The entered days, of one year or all, in date order."""
    query = select(CalendarDay).order_by(CalendarDay.day)
    if year is not None:
        query = query.where(CalendarDay.day.between(date(year, 1, 1), date(year, 12, 31)))
    return list(session.scalars(query))


def stamp(session: Session) -> Stamp:
    """A cheap sign of whether the calendar's inputs changed: the entered days' count and
    latest entry, and the district's time zone and office hours."""
    count, latest = session.execute(
        select(func.count(), func.max(CalendarDay.entered_at))).one()
    zone, hours = session.execute(
        select(District.timezone, District.office_hours).order_by(District.id).limit(1)
    ).one_or_none() or (None, None)
    return int(count), latest, zone, hours


def enter(session: Session, day: date, kind: str, actor: str, at: datetime,
          source: str = "admin screen") -> None:
    """Enter one day as off or work, replacing what was entered for it; no commit."""
    if kind not in KINDS:
        raise CalendarDayError("kind", f"{kind!r} is not one of off (休), work (班)")
    if not 2000 <= day.year <= 2100:
        raise CalendarDayError("date", f"{day} is outside 2000–2100")
    row = session.get(CalendarDay, day)
    before = row.kind if row is not None else None
    if row is None:
        row = CalendarDay(day=day)
        session.add(row)
    row.kind, row.source, row.entered_by, row.entered_at = kind, source, actor, at
    session.add(CatalogChange(subject="calendar", code=day.isoformat(), field="kind",
                              before=before, after=kind, changed_by=actor, changed_at=at))
    session.flush()


def remove(session: Session, day: date, actor: str, at: datetime) -> None:
    """Take an entered day back out, so the package or the statutory holidays count it."""
    row = session.get(CalendarDay, day)
    if row is None:
        raise CalendarDayError("date", f"{day} was not entered")
    session.add(CatalogChange(subject="calendar", code=day.isoformat(), field="kind",
                              before=row.kind, after=None, changed_by=actor, changed_at=at))
    session.delete(row)
    session.flush()


def missing_schedules(calendar: WorkCalendar, today: date) -> list[int]:
    """This year and next, where neither the package nor an entered schedule covers it."""
    return [year for year in (today.year, today.year + 1)
            if calendar.source(year) == STATUTORY]


class Refresher:
    """Keep a calendar's entered days, time zone and office hours in step with the store, by
    a cheap stamp check."""

    def __init__(self, calendar: WorkCalendar) -> None:
        self.calendar = calendar
        self._stamp: Stamp | None = None
        self._lock = threading.Lock()

    def refresh(self, session: Session) -> bool:
        """Reload the entered days and the district's zone and hours if they changed since
        last time; return whether they did."""
        now = stamp(session)
        with self._lock:
            if now == self._stamp:
                return False
            self.calendar.use_district(now[2], now[3])
            self.calendar.use_entered(entered(session))
            self._stamp = now
            return True
