"""Periods as the district counts them: its days, Monday weeks and months, in its own zone."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from data.figures import periods
from tests.factories import SHANGHAI, local


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def test_today_just_before_midnight_in_shanghai_is_the_local_day_not_the_utc_one():
    now = local(2025, 11, 30, 23, 30)  # 15:30 UTC, still the 30th in both
    today = periods.parse("today", now, SHANGHAI)
    assert (today.start, today.end, today.label) == (
        utc(2025, 11, 29, 16), utc(2025, 11, 30, 16), "2025-11-30")


def test_today_just_after_midnight_in_shanghai_is_already_the_next_day_though_utc_is_not():
    now = local(2025, 12, 1, 0, 30)  # 16:30 UTC on 30 November
    today = periods.parse("today", now, SHANGHAI)
    assert (today.start, today.end, today.label) == (
        utc(2025, 11, 30, 16), utc(2025, 12, 1, 16), "2025-12-01")
    month = periods.parse("month", now, SHANGHAI)
    assert (month.start, month.end, month.label) == (
        utc(2025, 11, 30, 16), utc(2025, 12, 31, 16), "2025-12")


def test_week_starts_on_monday_and_a_sunday_evening_is_its_last_day():
    week = periods.parse("week", local(2025, 11, 30, 21, 0), SHANGHAI)  # a Sunday
    assert (week.start, week.end, week.label) == (
        utc(2025, 11, 23, 16), utc(2025, 11, 30, 16), "2025-11-24..2025-11-30")
    monday = periods.parse("week", local(2025, 12, 1, 0, 5), "Asia/Shanghai")
    assert monday.start == utc(2025, 11, 30, 16)


def test_december_runs_into_the_new_year():
    month = periods.parse("month", local(2025, 12, 31, 23, 59), SHANGHAI)
    assert (month.start, month.end) == (utc(2025, 11, 30, 16), utc(2025, 12, 31, 16))


def test_a_range_includes_both_dates_and_one_day_is_named_by_its_date():
    both = periods.parse("2025-11-01..2025-11-30", local(2026, 1, 1), SHANGHAI)
    assert (both.start, both.end, both.label) == (
        utc(2025, 10, 31, 16), utc(2025, 11, 30, 16), "2025-11-01..2025-11-30")
    one = periods.parse(" 2025-11-05..2025-11-05 ", local(2026, 1, 1), SHANGHAI)
    assert (one.start, one.end, one.label) == (
        utc(2025, 11, 4, 16), utc(2025, 11, 5, 16), "2025-11-05")


def test_a_day_is_the_zones_own_day_elsewhere_too():
    zone = ZoneInfo("Europe/Berlin")  # 25 hours on the day clocks go back
    day = periods.parse("2025-10-26..2025-10-26", local(2026, 1, 1), zone)
    assert (day.end - day.start).total_seconds() == 25 * 3600


@pytest.mark.parametrize(("text", "named"), [
    ("yesterday", "unknown period 'yesterday'"),
    ("2025-11-30..2025-11-01", "ends on 2025-11-01 before it starts on 2025-11-30"),
    ("2025-02-30..2025-03-01", "'2025-02-30' is not a date"),
    ("2025-11-01", "unknown period"),
    ("2025/11/01..2025/11/30", "unknown period"),
    ("", "unknown period"),
])
def test_bad_text_is_refused_naming_what_is_wrong(text, named):
    with pytest.raises(ValueError, match=named):
        periods.parse(text, local(2025, 11, 15), SHANGHAI)


def test_a_naive_now_and_an_unknown_zone_are_refused():
    with pytest.raises(ValueError, match="naive time"):
        periods.parse("today", datetime(2025, 11, 15), SHANGHAI)
    with pytest.raises(ValueError, match="unknown time zone 'Mars/Olympus'"):
        periods.parse("today", local(2025, 11, 15), "Mars/Olympus")
