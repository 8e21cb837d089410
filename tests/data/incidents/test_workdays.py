"""Working days, working hours and limits on the official calendar."""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from data.domain import LimitUnit
from data.incidents.workdays import OfficeHours, WorkCalendar

SHANGHAI = ZoneInfo("Asia/Shanghai")
OFFICE_HOURS = "09:00-12:00,13:30-17:30"


@pytest.fixture
def calendar() -> WorkCalendar:
    return WorkCalendar("Asia/Shanghai", OfficeHours.parse(OFFICE_HOURS))


def sh(month: int, day: int, hour: int, minute: int = 0, year: int = 2026) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


def test_office_hours_parse_into_sorted_intervals_of_seven_hours() -> None:
    hours = OfficeHours.parse(OFFICE_HOURS)
    assert hours.intervals == ((time(9), time(12)), (time(13, 30), time(17, 30)))
    assert hours.minutes_per_day == 420


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("25:00-12:00", "'25:00-12:00'"),
        ("09:00-12:00,nine to five", "'nine to five'"),
        ("12:00-09:00", "'12:00-09:00'"),
        ("09:00-12:00,11:00-13:00", "'11:00-13:00'"),
        ("", "''"),
    ],
)
def test_bad_office_hours_are_refused_with_the_bad_part_named(text: str, named: str) -> None:
    with pytest.raises(ValueError, match=f"office hours {named}"):
        OfficeHours.parse(text)


def test_national_day_is_a_holiday_and_its_adjusted_saturday_a_workday(
    calendar: WorkCalendar,
) -> None:
    assert not calendar.is_workday(date(2026, 10, 1))
    assert not calendar.is_workday(date(2026, 10, 7))
    assert calendar.is_workday(date(2026, 10, 8))
    assert calendar.is_workday(date(2026, 10, 10))  # Saturday, 调休
    assert not calendar.is_workday(date(2026, 10, 11))


def test_mid_autumn_is_a_holiday_and_its_adjusted_sunday_a_workday(
    calendar: WorkCalendar,
) -> None:
    assert calendar.is_workday(date(2026, 9, 20))  # Sunday, 调休
    assert not calendar.is_workday(date(2026, 9, 25))
    assert not calendar.is_workday(date(2026, 9, 27))


def test_natural_hours_run_across_midnight(calendar: WorkCalendar) -> None:
    result = calendar.add_limit(sh(6, 15, 20), 6, LimitUnit.HOURS)
    assert result == sh(6, 16, 2)
    assert result.tzinfo is UTC


def test_natural_hours_run_through_weekends_and_holidays(calendar: WorkCalendar) -> None:
    assert calendar.add_limit(sh(9, 30, 18), 24, LimitUnit.HOURS) == sh(10, 1, 18)


def test_working_hours_skip_the_lunch_break(calendar: WorkCalendar) -> None:
    assert calendar.add_limit(sh(6, 16, 11), 2, LimitUnit.WORK_HOURS) == sh(6, 16, 14, 30)


def test_working_hours_carry_over_the_evening_into_the_next_morning(
    calendar: WorkCalendar,
) -> None:
    assert calendar.add_limit(sh(6, 16, 16, 30), 2, LimitUnit.WORK_HOURS) == sh(6, 17, 10)


def test_working_hours_started_in_the_evening_begin_next_morning(
    calendar: WorkCalendar,
) -> None:
    assert calendar.add_limit(sh(6, 16, 23, 30), 1, LimitUnit.WORK_HOURS) == sh(6, 17, 10)


def test_working_hours_started_at_lunch_begin_after_lunch(calendar: WorkCalendar) -> None:
    assert calendar.add_work_minutes(sh(6, 16, 12, 30), 60) == sh(6, 16, 14, 30)


def test_working_hours_started_on_a_saturday_begin_on_monday(calendar: WorkCalendar) -> None:
    assert calendar.add_limit(sh(6, 13, 10), 2, LimitUnit.WORK_HOURS) == sh(6, 15, 11)


def test_adding_no_working_time_leaves_the_start_unchanged(calendar: WorkCalendar) -> None:
    assert calendar.add_work_minutes(sh(6, 13, 22), 0) == sh(6, 13, 22)


def test_a_full_working_day_ends_at_closing_time_not_next_morning(
    calendar: WorkCalendar,
) -> None:
    assert calendar.add_limit(sh(6, 15, 9), 1, LimitUnit.WORK_DAYS) == sh(6, 15, 17, 30)


def test_three_working_days_from_monday_morning_end_thursday_morning(
    calendar: WorkCalendar,
) -> None:
    assert calendar.add_limit(sh(6, 15, 10), 3, LimitUnit.WORK_DAYS) == sh(6, 18, 10)


def test_three_working_days_skip_the_national_day_holiday(calendar: WorkCalendar) -> None:
    # Sep 30 gives 6 hours, Oct 1-7 none, Oct 8 and 9 seven each, Saturday Oct 10 (调休) one.
    assert calendar.add_limit(sh(9, 30, 10), 3, LimitUnit.WORK_DAYS) == sh(10, 10, 10)


def test_two_working_days_skip_the_mid_autumn_holiday(calendar: WorkCalendar) -> None:
    assert calendar.add_limit(sh(9, 24, 10), 2, LimitUnit.WORK_DAYS) == sh(9, 29, 10)


def test_an_adjusted_working_sunday_counts_as_a_workday(calendar: WorkCalendar) -> None:
    assert calendar.add_limit(sh(9, 19, 10), 1, LimitUnit.WORK_HOURS) == sh(9, 20, 10)


def test_fifteen_working_days_for_illegal_construction_span_mid_autumn(
    calendar: WorkCalendar,
) -> None:
    # Sep 7 (6 h), Sep 8-11, 14-18, Sunday 20, 21-24 (14 days), then 1 h on Sep 28.
    assert calendar.add_limit(sh(9, 7, 10), 15, LimitUnit.WORK_DAYS) == sh(9, 28, 10)


def test_working_minutes_between_count_only_office_time(calendar: WorkCalendar) -> None:
    assert calendar.work_minutes_between(sh(6, 15, 10), sh(6, 18, 10)) == 1260
    assert calendar.work_minutes_between(sh(9, 30, 17), sh(10, 8, 9, 30)) == 60
    assert calendar.work_minutes_between(sh(6, 13, 0), sh(6, 14, 23)) == 0


def test_working_minutes_between_are_zero_when_end_is_not_after_start(
    calendar: WorkCalendar,
) -> None:
    assert calendar.work_minutes_between(sh(6, 16, 11), sh(6, 16, 11)) == 0
    assert calendar.work_minutes_between(sh(6, 16, 11), sh(6, 16, 10)) == 0


def test_working_minutes_between_undo_adding_working_minutes(calendar: WorkCalendar) -> None:
    start = sh(9, 7, 10, 17)
    for minutes in (0, 1, 59.5, 420, 2000, 6300):
        end = calendar.add_work_minutes(start, minutes)
        assert calendar.work_minutes_between(start, end) == pytest.approx(minutes)


def test_elapsed_fraction_of_natural_hours_follows_the_clock(calendar: WorkCalendar) -> None:
    start, deadline = sh(6, 13, 8), sh(6, 14, 8)
    assert calendar.elapsed_fraction(start, deadline, sh(6, 13, 20), LimitUnit.HOURS) == 0.5
    assert calendar.elapsed_fraction(start, deadline, sh(6, 14, 20), LimitUnit.HOURS) == 1.5


def test_elapsed_fraction_of_working_time_stands_still_over_the_weekend(
    calendar: WorkCalendar,
) -> None:
    start = sh(6, 12, 16, 30)
    deadline = calendar.add_limit(start, 2, LimitUnit.WORK_HOURS)
    assert deadline == sh(6, 15, 10)
    for now in (sh(6, 12, 18), sh(6, 13, 12), sh(6, 15, 9)):
        assert calendar.elapsed_fraction(start, deadline, now, LimitUnit.WORK_HOURS) == 0.5


def test_elapsed_fraction_before_the_start_is_zero(calendar: WorkCalendar) -> None:
    start, deadline = sh(6, 15, 10), sh(6, 18, 10)
    assert calendar.elapsed_fraction(start, deadline, sh(6, 14, 10), LimitUnit.WORK_DAYS) == 0
    assert calendar.elapsed_fraction(start, deadline, sh(6, 14, 10), LimitUnit.HOURS) == 0


def test_a_year_outside_the_official_calendar_falls_back_to_monday_to_friday(
    calendar: WorkCalendar, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="data.incidents.workdays"):
        assert calendar.is_workday(date(2027, 1, 8))  # Friday
        assert not calendar.is_workday(date(2027, 1, 9))  # Saturday
        friday_evening = sh(1, 8, 17, year=2027)
        result = calendar.add_limit(friday_evening, 1, LimitUnit.WORK_HOURS)
    assert result == sh(1, 11, 9, 30, year=2027)
    warnings = [record for record in caplog.records if record.levelno == logging.WARNING]
    assert len(warnings) == 1
    assert "2027" in warnings[0].getMessage()


def test_a_deadline_crossing_into_an_uncovered_year_still_computes(
    calendar: WorkCalendar,
) -> None:
    # Dec 31 2026 is a Thursday workday; 2027 has no official data, but its statutory New
    # Year's Day (Friday 1 January) is still a holiday: the hour runs on into Monday.
    assert calendar.add_limit(sh(12, 31, 17), 1, LimitUnit.WORK_HOURS) == sh(1, 4, 9, 30, year=2027)


def test_a_start_in_another_zone_is_counted_on_the_district_clock(
    calendar: WorkCalendar,
) -> None:
    start_utc = datetime(2026, 6, 16, 3, 0, tzinfo=UTC)  # 11:00 in Shanghai
    assert calendar.add_limit(start_utc, 2, LimitUnit.WORK_HOURS) == sh(6, 16, 14, 30)


def test_working_time_keeps_real_length_across_a_dst_change() -> None:
    new_york = ZoneInfo("America/New_York")
    calendar = WorkCalendar(new_york, OfficeHours.parse(OFFICE_HOURS))
    # Clocks spring forward on Sunday 8 March 2026; Friday is EST, Monday EDT.
    friday = datetime(2026, 3, 6, 16, 30, tzinfo=new_york)
    result = calendar.add_limit(friday, 2, LimitUnit.WORK_HOURS)
    assert result == datetime(2026, 3, 9, 14, 0, tzinfo=UTC)


def test_natural_hours_keep_real_length_across_a_dst_change() -> None:
    new_york = ZoneInfo("America/New_York")
    calendar = WorkCalendar(new_york, OfficeHours.parse(OFFICE_HOURS))
    start = datetime(2026, 3, 7, 12, 0, tzinfo=new_york)
    assert calendar.add_limit(start, 24, LimitUnit.HOURS) == datetime(
        2026, 3, 8, 13, 0, tzinfo=new_york
    )


def test_naive_datetimes_are_refused(calendar: WorkCalendar) -> None:
    naive = datetime(2026, 6, 15, 10)
    with pytest.raises(ValueError, match="timezone-aware"):
        calendar.add_work_minutes(naive, 60)
    with pytest.raises(ValueError, match="timezone-aware"):
        calendar.add_limit(naive, 1, LimitUnit.HOURS)
    with pytest.raises(ValueError, match="timezone-aware"):
        calendar.work_minutes_between(sh(6, 15, 10), naive)


def test_negative_working_time_is_refused(calendar: WorkCalendar) -> None:
    with pytest.raises(ValueError, match="non-negative"):
        calendar.add_work_minutes(sh(6, 15, 10), -1)
