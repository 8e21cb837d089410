"""The monthly scorecards (月度通报): each department's or street's figures, score and rank.

A row is plain JSON, so a screen can keep it and a file can be written from it: the unit's
code and name, its figures (a rate as {"numerator", "denominator"}), its composite score
(0–100, None when nothing weighted was counted; see data.figures.weights) and its rank. Units are
ranked on the score as shown, to one decimal: two units showing 87.3 share a rank and the
next one skips it (1, 2, 2, 4). A unit without a score — no weighted rate with the minimum
sample of decided cases — is marked `too_few` (样本不足), has no rank and comes last.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta
from typing import Any, Literal
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from data import figures
from data.figures import periods, weights
from data.models import Department, Street

Unit = Literal["department", "street"]
UNITS: tuple[Unit, ...] = ("department", "street")
LAST_MONTH = "last-month"  # besides data.figures.periods' own: the bulletin's usual month


def period(text: str, now: datetime, zone: ZoneInfo) -> periods.Period:
    """The period `text` names, "last-month" too; ValueError says what is wrong."""
    if (text or "").strip().lower() != LAST_MONTH:
        return periods.parse(text, now, zone)
    last = now.astimezone(zone).date().replace(day=1) - timedelta(days=1)
    return periods.days(last.replace(day=1), last, zone)


def local_days(span: periods.Period, zone: ZoneInfo) -> tuple[date, date]:
    """The first and the last local day of `span` (its end is excluded)."""
    return (span.start.astimezone(zone).date(),
            (span.end - timedelta(microseconds=1)).astimezone(zone).date())


def build(session: Session, unit: Unit, span: periods.Period, now: datetime) -> list[dict]:
    """Return the ranked rows of every department or street for `span`."""
    counted = figures.compute_by(session, unit, span, now, weights=weights.current(session),
                                 minimum=weights.minimum(session))
    return rows(counted, unit_names(session, unit))


def unit_names(session: Session, unit: Unit) -> dict[str, str]:
    """Return the name of each department or street by its code."""
    model = Department if unit == "department" else Street
    return dict(session.execute(select(model.code, model.name).order_by(model.code)).all())


def rows(counted: Mapping[str, Mapping[str, Any]], names: Mapping[str, str]) -> list[dict]:
    """Return one ranked row per unit from its figures, best score first."""
    made = []
    for code, values in counted.items():
        row: dict[str, Any] = {"code": code, "name": names.get(code, code)}
        row.update({name: _plain(value) for name, value in values.items()})
        row["too_few"] = row.get("composite_score") is None
        made.append(row)
    return rank(made)


def rank(made: list[dict]) -> list[dict]:
    """Rank rows by their score to one decimal, ties sharing a rank; unscored rows last."""
    def shown(row: dict) -> float | None:
        score = row.get("composite_score")
        return None if score is None else round(score, 1)

    ordered = sorted(made, key=lambda row: (shown(row) is None, -(shown(row) or 0), row["code"]))
    for place, row in enumerate(ordered):
        score = shown(row)
        if score is None:
            row["rank"] = None
        elif place and shown(ordered[place - 1]) == score:
            row["rank"] = ordered[place - 1]["rank"]
        else:
            row["rank"] = place + 1
    return ordered


def _plain(value: Any) -> Any:
    """A figure as JSON: a rate as its parts, everything else as it is."""
    return value.as_dict() if isinstance(value, figures.Rate) else value
