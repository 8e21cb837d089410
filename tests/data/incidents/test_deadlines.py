"""Deadlines, due-soon warnings and extensions from limits and priorities."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from data.domain import LimitUnit, Priority
from data.incidents import deadlines
from data.incidents.workdays import OfficeHours, WorkCalendar

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def calendar() -> WorkCalendar:
    return WorkCalendar(SHANGHAI, OfficeHours.parse("09:00-12:00,13:30-17:30"))


def sh(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=SHANGHAI)


def test_a_normal_limit_is_not_shortened(calendar: WorkCalendar) -> None:
    result = deadlines.deadline(calendar, sh(6, 15, 10), 3, LimitUnit.WORK_DAYS, Priority.NORMAL)
    assert result == sh(6, 18, 10)


def test_urgent_priority_halves_a_24_hour_limit(calendar: WorkCalendar) -> None:
    result = deadlines.deadline(calendar, sh(6, 13, 8), 24, LimitUnit.HOURS, Priority.URGENT)
    assert result == sh(6, 13, 20)


def test_high_priority_takes_three_quarters_of_a_working_hour_limit(
    calendar: WorkCalendar,
) -> None:
    # 4 working hours become 3: 09:00-12:00 on Monday.
    result = deadlines.deadline(calendar, sh(6, 15, 9), 4, LimitUnit.WORK_HOURS, Priority.HIGH)
    assert result == sh(6, 15, 12)


def test_urgent_priority_halves_working_days_across_a_holiday(calendar: WorkCalendar) -> None:
    # 3 working days become 10.5 hours: 6 on Sep 30, then 4.5 on Oct 8 (09:00-12:00, 13:30-15:00).
    result = deadlines.deadline(calendar, sh(9, 30, 10), 3, LimitUnit.WORK_DAYS, Priority.URGENT)
    assert result == sh(10, 8, 15)


def test_due_soon_comes_at_eighty_percent_of_working_hours(calendar: WorkCalendar) -> None:
    # 80 % of 5 working hours is 4: 09:00-12:00 and 13:30-14:30.
    start = sh(6, 15, 9)
    warn_at = deadlines.due_soon_at(calendar, start, 5, LimitUnit.WORK_HOURS, Priority.NORMAL)
    due = deadlines.deadline(calendar, start, 5, LimitUnit.WORK_HOURS, Priority.NORMAL)
    assert warn_at == sh(6, 15, 14, 30)
    assert due == sh(6, 15, 15, 30)
    fraction = calendar.elapsed_fraction(start, due, warn_at, LimitUnit.WORK_HOURS)
    assert fraction == pytest.approx(0.8)


def test_due_soon_comes_at_eighty_percent_of_an_urgent_natural_limit(
    calendar: WorkCalendar,
) -> None:
    # Urgent 24 hours become 12; 80 % of 12 is 9 h 36 min.
    warn_at = deadlines.due_soon_at(calendar, sh(6, 13, 8), 24, LimitUnit.HOURS, Priority.URGENT)
    assert warn_at == sh(6, 13, 17, 36)


def test_due_soon_fraction_outside_zero_to_one_is_refused(calendar: WorkCalendar) -> None:
    with pytest.raises(ValueError, match="fraction"):
        deadlines.due_soon_at(
            calendar, sh(6, 15, 9), 5, LimitUnit.WORK_HOURS, Priority.NORMAL, fraction=1.2
        )


def test_an_extension_of_one_working_day_skips_the_national_day_holiday(
    calendar: WorkCalendar,
) -> None:
    extended = deadlines.extend(calendar, sh(9, 30, 17, 30), 1, LimitUnit.WORK_DAYS)
    assert extended == sh(10, 8, 17, 30)


def test_an_extension_is_not_shortened_by_priority(calendar: WorkCalendar) -> None:
    due = deadlines.deadline(calendar, sh(6, 15, 9), 4, LimitUnit.WORK_HOURS, Priority.URGENT)
    assert due == sh(6, 15, 11)
    assert deadlines.extend(calendar, due, 2, LimitUnit.WORK_HOURS) == sh(6, 15, 14, 30)


def test_priority_factors_shorten_only_urgent_and_high() -> None:
    assert deadlines.PRIORITY_FACTORS == {
        Priority.URGENT: 0.5,
        Priority.HIGH: 0.75,
        Priority.NORMAL: 1.0,
    }
