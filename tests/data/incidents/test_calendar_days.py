"""Next year's working calendar before any package has it: entered days, else the statutory
holidays with a warning that the adjusted weekends are missing."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from data.domain import LimitUnit
from data.incidents import calendar_days
from data.incidents.workdays import ENTERED, PACKAGE, STATUTORY, OfficeHours, WorkCalendar
from data.places import setup, workbook
from tests.clocks import SHANGHAI
from tests.data.places import workbooks

OFFICE = OfficeHours.parse("09:00-12:00,13:30-17:30")
# An official-looking schedule for the 2027 Spring Festival (Saturday 6 February): eight days
# off from the eve, made up on the Sunday before and the Saturday after.
SPRING_FESTIVAL_2027 = [
    *[[f"2027-02-{day:02d}", "休"] for day in range(5, 13)],
    ["2027-01-31", "班"], ["2027-02-20", "班"],
]
# Thursday 4 February 2027, 10:30: the last working day before the holiday.
START = datetime(2027, 2, 4, 10, 30, tzinfo=SHANGHAI)


def local(moment: datetime) -> datetime:
    return moment.astimezone(SHANGHAI)


def test_a_2027_deadline_runs_across_an_entered_spring_festival(session):
    setup.apply(session, workbook.read(workbooks.build(workbooks.tables(
        日历=SPRING_FESTIVAL_2027))), "王管理", START, "workbook 2027.xlsx")
    session.commit()
    calendar = WorkCalendar("Asia/Shanghai", OFFICE)
    assert calendar_days.Refresher(calendar).refresh(session)
    assert calendar.source(2027) == ENTERED
    # 3 working days of 7 hours: the rest of Thursday 4 Feb (5.5 h); 5–14 Feb off (the
    # holiday and a weekend); Monday 15 (7 h), Tuesday 16 (7 h), then 1.5 h on Wednesday 17.
    deadline = calendar.add_limit(START, 3, LimitUnit.WORK_DAYS)
    assert local(deadline) == datetime(2027, 2, 17, 10, 30, tzinfo=SHANGHAI)
    # The made-up Saturday 20 Feb is a working day: 3 working days on, it is the deadline.
    later = calendar.add_limit(deadline, 3, LimitUnit.WORK_DAYS)
    assert local(later) == datetime(2027, 2, 20, 10, 30, tzinfo=SHANGHAI)


def test_without_an_entered_schedule_2027_counts_the_statutory_holidays_and_says_so():
    calendar = WorkCalendar("Asia/Shanghai", OFFICE)
    assert calendar.source(2027) == STATUTORY and calendar.source(2026) == PACKAGE
    assert calendar_days.missing_schedules(calendar, date(2026, 12, 6)) == [2027]
    # Statutory: 5–10 February off (eve, festival, its observed days); 11 Feb is a Thursday:
    # 5.5 h on 4 Feb, 1.5 h on 11 Feb.
    deadline = calendar.add_limit(START, 1, LimitUnit.WORK_DAYS)
    assert local(deadline) == datetime(2027, 2, 11, 10, 30, tzinfo=SHANGHAI)
    # Not Monday to Friday alone: that would have put it on Friday 5 February.
    assert not calendar.is_workday(date(2027, 2, 8))


def test_days_entered_one_at_a_time_are_kept_with_who_and_reach_the_calendar(session):
    calendar = WorkCalendar("Asia/Shanghai", OFFICE)
    refresher = calendar_days.Refresher(calendar)
    refresher.refresh(session)
    assert calendar.is_workday(date(2027, 1, 29))  # a Friday
    calendar_days.enter(session, date(2027, 1, 29), "off", "王管理", START)
    session.commit()
    assert refresher.refresh(session) and not calendar.is_workday(date(2027, 1, 29))
    assert not refresher.refresh(session)  # nothing changed: nothing reloaded
    [row] = calendar_days.listed(session, 2027)
    assert (row.kind, row.entered_by, row.source) == ("off", "王管理", "admin screen")
    calendar_days.remove(session, date(2027, 1, 29), "王管理", START)
    session.commit()
    assert refresher.refresh(session) and calendar.is_workday(date(2027, 1, 29))
    assert calendar.source(2027) == STATUTORY


def test_a_bad_day_is_refused_naming_the_field(session):
    with pytest.raises(calendar_days.CalendarDayError, match="kind: 'holiday' is not one"):
        calendar_days.enter(session, date(2027, 1, 29), "holiday", "王管理", START)
    with pytest.raises(calendar_days.CalendarDayError, match="date: 2027-01-28 was not"):
        calendar_days.remove(session, date(2027, 1, 28), "王管理", START)
