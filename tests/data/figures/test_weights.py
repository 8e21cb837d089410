"""The composite score's weights: defaults, changes kept with who made them, refusals."""

from __future__ import annotations

import math

import pytest
from sqlalchemy import func, select

from data.figures import Rate, weights
from data.models import ScoreWeight, ScoreWeightSet
from tests.factories import local

AT = local(2026, 11, 3, 9, 30)


def stored(session) -> tuple[int, int]:
    """How many weight sets and weight rows the store holds."""
    return (session.scalar(select(func.count(ScoreWeightSet.id))),
            session.scalar(select(func.count()).select_from(ScoreWeight)))


def test_with_nothing_set_the_defaults_are_in_force(session):
    assert weights.current(session) == {"response_rate": 0.30, "solved_rate": 0.35,
                                        "satisfaction_rate": 0.35}


def test_weights_set_by_the_administrator_are_in_force_with_their_name(session):
    chosen = {"response_rate": 0.2, "on_time_rate": 0.3, "satisfaction_rate": 0.5}
    weights.set(session, chosen, "管理员 赵敏", AT)
    session.commit()
    assert weights.current(session) == chosen
    change = weights.history(session)[0]
    assert (change.set_by, change.set_at) == ("管理员 赵敏", AT)


def test_the_latest_set_wins_and_the_earlier_ones_are_kept(session):
    weights.set(session, {"response_rate": 1.0}, "管理员 赵敏", AT)
    weights.set(session, {"solved_rate": 0.5, "satisfaction_rate": 0.5}, "管理员 钱进", AT)
    session.commit()
    assert weights.current(session) == {"solved_rate": 0.5, "satisfaction_rate": 0.5}
    assert [(change.set_by, {w.figure: w.weight for w in change.weights})
            for change in weights.history(session)] == [
        ("管理员 钱进", {"solved_rate": 0.5, "satisfaction_rate": 0.5}),
        ("管理员 赵敏", {"response_rate": 1.0}),
    ]


def test_percent_inputs_that_sum_to_a_whole_in_floating_point_are_accepted(session):
    # 0.3 + 0.35 + 0.35 is 0.9999999999999999 in binary floating point.
    weights.set(session, {"response_rate": 0.3, "solved_rate": 0.35,
                          "satisfaction_rate": 0.35}, "管理员 赵敏", AT)
    assert stored(session) == (1, 3)


@pytest.mark.parametrize(("given", "refusal", "named"), [
    ({"response_rate": 0.5, "speed": 0.5}, weights.UnknownFigure, "speed"),
    ({"rework_rate": 1.0}, weights.UnknownFigure, "rework_rate"),
    ({"response_rate": 1.2, "solved_rate": -0.2}, weights.NegativeWeight, "solved_rate"),
    ({"response_rate": math.nan}, weights.NegativeWeight, "response_rate"),
    ({"response_rate": 0.3, "solved_rate": 0.35, "satisfaction_rate": 0.30},
     weights.WeightsNotWhole, "95 %"),
    ({}, weights.WeightsNotWhole, "0 %"),
])
def test_a_set_that_is_not_whole_is_refused_naming_why_and_writes_nothing(
        session, given, refusal, named):
    with pytest.raises(refusal, match=named):
        weights.set(session, given, "管理员 赵敏", AT)
    assert stored(session) == (0, 0)
    assert weights.current(session) == weights.DEFAULTS


def test_weights_set_by_nobody_are_refused(session):
    with pytest.raises(weights.WeightsRefused, match="named person"):
        weights.set(session, {"response_rate": 1.0}, "  ", AT)
    assert stored(session) == (0, 0)


def test_composite_is_the_weighted_sum_of_the_rates_out_of_100():
    rates = {"response_rate": Rate(9, 10), "solved_rate": Rate(4, 5),
             "satisfaction_rate": Rate(3, 4)}
    assert weights.composite(rates, weights.DEFAULTS) == pytest.approx(
        100 * (0.30 * 0.9 + 0.35 * 0.8 + 0.35 * 0.75))


def test_a_rate_that_counted_nothing_is_left_out_and_the_rest_reweighted():
    rates = {"response_rate": Rate(9, 10), "solved_rate": Rate(0, 0),
             "satisfaction_rate": Rate(3, 4)}
    assert weights.composite(rates, weights.DEFAULTS) == pytest.approx(
        100 * (0.30 * 0.9 + 0.35 * 0.75) / 0.65)


def test_with_no_weighted_rate_counted_there_is_no_composite():
    rates = {"response_rate": Rate(0, 0), "solved_rate": Rate(0, 0),
             "closure_rate": Rate(5, 5)}
    assert weights.composite(rates, weights.DEFAULTS) is None
    assert weights.composite({}, weights.DEFAULTS) is None


def test_the_minimum_sample_is_ten_until_the_administrator_sets_another(session):
    assert weights.minimum(session) == weights.MINIMUM_SAMPLE == 10
    weights.set(session, weights.DEFAULTS, "管理员 赵敏", AT, minimum=25)
    assert weights.minimum(session) == 25
    weights.set(session, weights.DEFAULTS, "管理员 钱进", AT)
    assert weights.minimum(session) == 10


@pytest.mark.parametrize("given", [0, -3, 2.5, float("nan"), True, "10"])
def test_a_minimum_sample_that_is_not_a_whole_number_of_one_or_more_is_refused(session, given):
    with pytest.raises(weights.BadMinimum, match="minimum sample"):
        weights.set(session, weights.DEFAULTS, "管理员 赵敏", AT, minimum=given)
    assert weights.history(session) == []


def test_a_rate_below_the_minimum_sample_is_left_out_like_one_that_counted_nothing():
    rates = {"response_rate": Rate(9, 10), "solved_rate": Rate(1, 1)}
    chosen = {"response_rate": 0.5, "solved_rate": 0.5}
    assert weights.composite(rates, chosen, 10) == pytest.approx(90.0)
    assert weights.composite(rates, chosen) == pytest.approx(95.0)
    assert weights.composite(rates, chosen, 11) is None
