"""The status page says where each year's working calendar comes from, and warns when the
adjusted working weekends are missing."""

from __future__ import annotations

from layouts import status
from tests.layouts.components import texts

COUNTS = dict.fromkeys(status.ROWS, 0)


def test_a_year_on_statutory_holidays_alone_is_warned_about():
    shown = " ".join(texts(status.body("en", "测试区", COUNTS, None, "?lang=zh",
                                       [(2026, "package"), (2027, "statutory")])))
    assert "Calendar package (with adjusted working weekends)" in shown
    assert "No official schedule for 2027 yet" in shown
    assert "No official schedule for 2026" not in shown


def test_an_entered_schedule_is_named_and_not_warned_about():
    shown = " ".join(texts(status.body("zh", "测试区", COUNTS, None, "?lang=en",
                                       [(2026, "package"), (2027, "entered")])))
    assert "管理员录入的国务院放假安排" in shown and "尚无国务院放假安排" not in shown
