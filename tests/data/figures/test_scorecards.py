"""Scorecard rows: each unit's figures as plain JSON, its composite score and its rank."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest

from data.domain import Rating
from data.figures import Rate, scorecards, weights
from data.incidents import moves
from tests.factories import CENTRE, DEPARTMENT, SHANGHAI, handled, local, town


def counted(response: Rate, solved: Rate, satisfaction: Rate) -> dict:
    rates = {"response_rate": response, "solved_rate": solved, "satisfaction_rate": satisfaction}
    return {"dispatched": response.denominator, **rates, "mean_handling_hours": None,
            "composite_score": weights.composite(rates, weights.DEFAULTS)}


FIGURES = {
    "D01": counted(Rate(9, 10), Rate(8, 10), Rate(9, 10)),
    "D02": counted(Rate(9, 10), Rate(9, 10), Rate(8, 10)),  # the same score as D01
    "D03": counted(Rate(10, 10), Rate(10, 10), Rate(10, 10)),
    "D04": counted(Rate(0, 0), Rate(0, 0), Rate(0, 0)),  # nothing counted
    "D05": counted(Rate(5, 10), Rate(5, 10), Rate(5, 10)),
}
NAMES = {"D01": "区城市管理局", "D02": "公安分局", "D03": "区水利局", "D04": "区民政局",
         "D05": "区卫健委"}
MINUTE = timedelta(minutes=1)


def test_units_with_the_same_score_share_a_rank_and_the_next_skips_it():
    rows = scorecards.rows(FIGURES, NAMES)
    assert [(row["code"], row["rank"]) for row in rows] == [
        ("D03", 1), ("D01", 2), ("D02", 2), ("D05", 4), ("D04", None)]


def test_a_unit_below_the_minimum_sample_is_listed_as_too_few_and_not_ranked():
    def scored(response: Rate, solved: Rate, satisfaction: Rate) -> dict:
        rates = {"response_rate": response, "solved_rate": solved,
                 "satisfaction_rate": satisfaction}
        return {**rates, "composite_score": weights.composite(rates, weights.DEFAULTS, 10)}

    rows = scorecards.rows({
        "D01": scored(Rate(1, 1), Rate(1, 1), Rate(1, 1)),  # one lucky incident
        "D02": scored(Rate(140, 150), Rate(120, 150), Rate(9, 9)),  # too few rated
        "D03": scored(Rate(150, 150), Rate(100, 150), Rate(80, 100)),
    }, NAMES)
    assert [(row["code"], row["rank"], row["too_few"]) for row in rows] == [
        ("D02", 1, False), ("D03", 2, False), ("D01", None, True)]
    # The satisfaction of 9 ratings is left out as if nothing were counted.
    assert rows[0]["composite_score"] == pytest.approx(
        100 * (0.30 * 140 / 150 + 0.35 * 120 / 150) / 0.65)


def test_scores_equal_to_one_decimal_tie_as_they_are_shown():
    rows = scorecards.rank([{"code": "A", "composite_score": 87.26},
                            {"code": "B", "composite_score": 87.34},
                            {"code": "C", "composite_score": 87.36}])
    assert [(row["code"], row["rank"]) for row in rows] == [("C", 1), ("A", 2), ("B", 2)]


def test_a_unit_that_counted_nothing_has_no_score_and_no_rank():
    rows = {row["code"]: row for row in scorecards.rows(FIGURES, NAMES)}
    assert rows["D04"]["composite_score"] is None
    assert rows["D04"]["rank"] is None
    assert rows["D03"]["composite_score"] == pytest.approx(100.0)


def test_rows_are_plain_json_with_rates_as_their_parts():
    rows = scorecards.rows(FIGURES, NAMES)
    assert json.loads(json.dumps(rows)) == rows
    assert rows[0]["name"] == "区水利局"
    assert rows[0]["response_rate"] == {"numerator": 10, "denominator": 10}


def test_last_month_is_the_whole_previous_calendar_month_of_the_district():
    now = datetime(2026, 3, 1, 1, 0, tzinfo=SHANGHAI).astimezone(UTC)  # Feb 28th 17:00 UTC
    span = scorecards.period("last-month", now, SHANGHAI)
    assert scorecards.local_days(span, SHANGHAI) == (date(2026, 2, 1), date(2026, 2, 28))
    month = scorecards.period("month", now, SHANGHAI)
    assert scorecards.local_days(month, SHANGHAI) == (date(2026, 3, 1), date(2026, 3, 31))
    with pytest.raises(ValueError, match="unknown period"):
        scorecards.period("last-year", now, SHANGHAI)


def test_every_department_is_on_its_scorecard_named_and_ranked_by_the_weights_in_force(
        session, rules):
    place = town(session)
    signed_late = handled(session, rules, place, local(2025, 11, 3, 10), signed=60 * MINUTE)
    moves.resolve(session, signed_late, DEPARTMENT, at=local(2025, 11, 3, 20))
    moves.verify(session, signed_late, CENTRE, at=local(2025, 11, 4, 9))
    moves.close(session, signed_late, CENTRE, at=local(2025, 11, 4, 10),
                callback=moves.Callback(True, True, Rating.SATISFIED))
    handled(session, rules, place, local(2025, 11, 5, 10), item="street", signed=10 * MINUTE)
    session.commit()
    november = scorecards.period("2025-11-01..2025-11-30", local(2025, 12, 2, 9), SHANGHAI)

    # With the default minimum sample (10 decided cases), one incident ranks nobody.
    rows = scorecards.build(session, "department", november, local(2025, 12, 2, 9))
    assert [(row["code"], row["rank"], row["too_few"], row["composite_score"])
            for row in rows] == [("D01", None, True, None), ("D02", None, True, None),
                                 ("D03", None, True, None)]

    weights.set(session, weights.DEFAULTS, "管理员 赵敏", local(2025, 12, 2, 7), minimum=1)
    rows = scorecards.build(session, "department", november, local(2025, 12, 2, 9))
    assert [(row["code"], row["name"], row["rank"]) for row in rows] == [
        ("D01", "区城市管理局", 1), ("D03", "区水利局", 2), ("D02", "公安分局", None)]
    assert rows[0]["composite_score"] == pytest.approx(100.0)  # only its response counted
    assert rows[1]["response_rate"] == {"numerator": 0, "denominator": 1}
    assert rows[1]["composite_score"] == pytest.approx(70.0)  # 35 solved + 35 satisfied

    weights.set(session, {"satisfaction_rate": 1.0}, "管理员 赵敏", local(2025, 12, 2, 8),
                minimum=1)
    rows = scorecards.build(session, "department", november, local(2025, 12, 2, 9))
    assert [(row["code"], row["rank"], row["composite_score"]) for row in rows] == [
        ("D03", 1, 100.0), ("D01", None, None), ("D02", None, None)]
