"""The composite score's weights (综合得分权重), set by the administrator, and the score itself.

Weights are fractions of the composite, one per rate, and must sum to 1 (within 1e-9): a set
that sums to 95 % is refused, not quietly stretched, so the administrator sees the slip.
Only rates where a higher value is better may carry weight (`FIGURES`). Until an
administrator sets weights, the defaults of PRODUCT §6 apply: 30 % response, 35 % solved,
35 % satisfaction. Every change is a new set with who made it and when; nothing is
overwritten, and the latest set (the greatest id) wins.

A rate whose denominator is 0 measured nothing, so it is left out of the composite and the
weights of the rates that remain are scaled up to sum to 1 again (缺项不计, 权重按比例分配).
When no weighted rate has a denominator, there is no composite: None, shown as "—", unranked.
The composite is on a 0–100 scale.

Small samples are not scored (PRODUCT §6): a rate with fewer decided cases (its denominator)
than the minimum sample is left out the same way, so one lucky incident cannot make a score.
The administrator sets the minimum with the weights (样本量下限, default 10); a unit left with
no rate at the minimum has no score and is listed as too few (样本不足), unranked.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import datetime
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from data.models import ScoreWeight, ScoreWeightSet

# The rates a unit is scored on: each is better when higher.
FIGURES = ("response_rate", "closure_rate", "on_time_rate", "solved_rate",
           "satisfaction_rate", "local_rate")
DEFAULTS: dict[str, float] = {"response_rate": 0.30, "solved_rate": 0.35,
                              "satisfaction_rate": 0.35}
TOLERANCE = 1e-9
MINIMUM_SAMPLE = 10  # decided cases a rate needs to be scored, until an administrator says


class WeightsRefused(ValueError):
    """A set of weights that cannot be stored; nothing was written."""


class UnknownFigure(WeightsRefused):
    """A weight was given for something that is not a scored rate."""


class NegativeWeight(WeightsRefused):
    """A weight below zero (or not a number at all)."""


class WeightsNotWhole(WeightsRefused):
    """The weights do not sum to 100 %."""


class BadMinimum(WeightsRefused):
    """A minimum sample that is not a whole number of one or more."""


class Parts(Protocol):
    """A rate kept as its numerator and denominator."""

    numerator: int
    denominator: int


def current(session: Session) -> dict[str, float]:
    """Return the weights in force: the latest set, or the defaults when none was set."""
    latest = session.scalar(select(ScoreWeightSet).order_by(ScoreWeightSet.id.desc()).limit(1)
                            .options(selectinload(ScoreWeightSet.weights)))
    if latest is None:
        return dict(DEFAULTS)
    return {row.figure: row.weight for row in latest.weights}


def minimum(session: Session) -> int:
    """Return the minimum sample in force: the latest set's, or the default when none was set."""
    found = session.scalar(select(ScoreWeightSet.minimum_sample)
                           .order_by(ScoreWeightSet.id.desc()).limit(1))
    return MINIMUM_SAMPLE if found is None else found


def set(session: Session, weights: Mapping[str, float], by: str, at: datetime,
        minimum: int = MINIMUM_SAMPLE) -> ScoreWeightSet:
    """Record `weights` and the minimum sample as set by `by` at `at`; refuse a set that is
    not whole before writing."""
    check(weights)
    check_minimum(minimum)
    if not by.strip():
        raise WeightsRefused("weights must be set by a named person")
    if at.tzinfo is None:
        raise WeightsRefused(f"naive time {at!r}: weights are set at an aware time")
    change = ScoreWeightSet(set_by=by, set_at=at, minimum_sample=int(minimum), weights=[
        ScoreWeight(figure=figure, weight=float(weight)) for figure, weight in weights.items()])
    session.add(change)
    session.flush()
    return change


def check(weights: Mapping[str, float]) -> None:
    """Raise the named refusal for the first thing wrong with `weights`."""
    unknown = sorted(name for name in weights if name not in FIGURES)
    if unknown:
        raise UnknownFigure(f"not a scored rate: {', '.join(unknown)} "
                            f"(scored rates: {', '.join(FIGURES)})")
    for name, weight in weights.items():
        if not math.isfinite(weight) or weight < 0:
            raise NegativeWeight(f"the weight of {name} is {weight}; weights are 0 or more")
    total = sum(weights.values())
    if abs(total - 1.0) > TOLERANCE:
        raise WeightsNotWhole(f"the weights sum to {100 * total:g} %, not 100 %")


def check_minimum(minimum: object) -> None:
    """Raise BadMinimum unless `minimum` is a whole number from 1 to 10,000."""
    whole = isinstance(minimum, int) or (isinstance(minimum, float) and minimum.is_integer())
    if isinstance(minimum, bool) or not whole or not 1 <= minimum <= 10_000:
        raise BadMinimum(f"the minimum sample is {minimum!r}; give a whole number from 1 "
                         "to 10000 of decided cases")


def history(session: Session, limit: int = 20) -> list[ScoreWeightSet]:
    """Return the latest changes of the weights, newest first, with their weights loaded."""
    return list(session.scalars(select(ScoreWeightSet).order_by(ScoreWeightSet.id.desc())
                                .limit(limit).options(selectinload(ScoreWeightSet.weights))))


def composite(rates: Mapping[str, Parts | None], weights: Mapping[str, float],
              minimum: int = 1) -> float | None:
    """Return the composite score (0–100) of `rates`; rates that counted nothing, or fewer
    decided cases than `minimum`, are left out."""
    total = weighted = 0.0
    for name, weight in weights.items():
        rate = rates.get(name)
        if weight <= 0 or rate is None or not rate.denominator or rate.denominator < minimum:
            continue
        total += weight
        weighted += weight * rate.numerator / rate.denominator
    return 100 * weighted / total if total > 0 else None
