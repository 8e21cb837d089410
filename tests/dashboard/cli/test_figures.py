"""`python -m dashboard figures`: the figures as an operator reads them, and as JSON."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import Engine

from dashboard.cli import main
from tests.data.figures.copies import published_month

AT = "2025-12-10T12:00+08:00"
NOVEMBER = "2025-11-01..2025-11-30"


def figures(engine: Engine, *args: str) -> Result:
    """Run the figures command against the test's store."""
    url = engine.url.render_as_string(hide_password=False)
    return CliRunner().invoke(main, ["figures", *args],
                              env={"DASHBOARD_DATABASE_URL": url, "DASHBOARD_LOG_LEVEL": "WARNING"})


@pytest.fixture
def published(engine, session, rules) -> Engine:
    published_month(session, rules)
    return engine


def rows(result: Result) -> dict[str, list[str]]:
    """The table's rows by their Chinese name: the rest of each row, split on spaces."""
    assert result.exit_code == 0, result.output
    found = {}
    for line in result.output.splitlines():
        words = line.split()
        if words and ":" not in line:
            found[words[0]] = words[1:]
    return found


def test_the_table_shows_each_rate_in_percent_with_its_parts_and_dash_for_nothing(published):
    table = rows(figures(published, "--period", NOVEMBER, "--at", AT))
    assert table["应结案数"] == ["Due", "972"]
    assert table["结案率"] == ["Closure", "rate", "93.72%", "911", "/", "972"]
    assert table["按期结案率"] == ["On-time", "rate", "75.82%", "737", "/", "972"]
    assert table["响应率"] == ["Response", "rate", "100.00%", "972", "/", "972"]
    assert table["满意率"] == ["Satisfaction", "rate", "—", "0", "/", "0"]  # nothing rated
    assert table["当前红色超期"] == ["Overdue", "now", "61"]
    assert table["平均处置时长（小时）"][-1] == "15.64"  # (737 × 8 h + 174 × 48 h) / 911
    assert len(table) == 1 + 19  # the heading, then every figure


def test_the_heading_names_the_scope_the_period_and_the_moment(published):
    result = figures(published, "--period", NOVEMBER, "--at", AT, "--scope", "street:330100001")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[:3] == [
        "范围 Scope: street:330100001",
        "统计周期 Period: 2025-11-01..2025-11-30 [2025-11-01 00:00, 2025-12-01 00:00) "
        "Asia/Shanghai",
        "截至 As of: 2025-12-10 12:00 Asia/Shanghai"]


def test_json_gives_each_rate_its_parts_and_value_and_counts_as_numbers(published):
    result = figures(published, "--period", NOVEMBER, "--at", AT, "--json")
    assert result.exit_code == 0, result.output
    got = json.loads(result.output)
    assert got["closure_rate"] == {"numerator": 911, "denominator": 972, "value": 911 / 972}
    assert got["satisfaction_rate"] == {"numerator": 0, "denominator": 0, "value": None}
    assert (got["due"], got["reported"], got["overdue_now"]) == (972, 972, 61)
    assert got["composite_score"] == pytest.approx(100.0)  # only the response was measured


def test_a_department_shows_what_does_not_apply_to_it(published):
    result = figures(published, "--period", NOVEMBER, "--at", AT, "--scope", "department:D03")
    table = rows(result)
    assert table["上报数"] == ["Reported", "不适用", "n/a"]
    assert table["结案率"][-3:] == ["911", "/", "972"]
    assert json.loads(figures(published, "--period", NOVEMBER, "--at", AT, "--json",
                              "--scope", "department:D01").output)["reported"] is None


@pytest.mark.parametrize(("args", "named"), [
    (["--scope", "town:330100001"], "unknown scope 'town:330100001'"),
    (["--scope", "street:330100009"], "no street with code 330100009"),
    (["--period", "2025-11-31..2025-12-01"], "'2025-11-31' is not a date"),
    (["--period", "last-month"], "unknown period 'last-month'"),
    (["--at", "tomorrow"], "'tomorrow' is not an ISO time"),
])
def test_a_bad_scope_or_period_is_a_usage_error_naming_it(engine, session, rules, args, named):
    published_month(session, rules)
    result = figures(engine, *args)
    assert result.exit_code == 2
    assert named in result.output
