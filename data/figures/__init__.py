"""The product's figures (PRODUCT §6), counted from the trail for any period and scope.

Every figure of a period is counted in SQL from the `events` table alone, as the trail stood
at the period's end, or at `now` while it runs (data.figures.cohorts says which events each
counts): nothing after a period's end changes its figures. Only the counts of now read the
incidents' current state, the projection each move writes with its event. A place counts
the incidents of its grids (an incident's grid is set by its report and never moves). A rate
is kept as its numerator and denominator (`Rate`); with nothing to count it has no value.

| figure | counted |
|---|---|
| reported, accepted | report, accept events in the period |
| acceptance_rate | of the reports decided in the period (accepted, or rejected or merged |
|     | before), the accepted: its numerator is `accepted` |
| dispatched | incidents whose standing dispatch (not sent back) is in the period |
| response_rate | of the responses decided in the period (an on-time sign, or a response |
|     | deadline passed without one), the on-time signs |
| due | resolved in the period before their deadline, or their deadline fell in the |
|     | period and they were not resolved before it: each incident once |
| closure_rate, on_time_rate | of the due, resolved by the end; resolved by their deadline |
| solved_rate | of the reporters reached at closings in the period, "solved" |
| satisfaction_rate | of those who gave a rating, satisfied or basically satisfied |
| rework_rate | of the incidents resolved in the period (standing), returned before |
| extension_rate | of the dispatched, granted an extension by the end |
| local_rate | of the resolved, at grid or community level (district and streets) |
| mean_handling_hours | resolved − dispatched over the resolved in the period that had |
|     | been dispatched, in hours, parked time included |
| open_now, due_soon_now, overdue_now, parked_now | the incidents as they stand now |
| composite_score | data.figures.weights.composite of the rates, 0–100, by the weights given, |
|     | leaving out rates with fewer decided cases than `minimum` |

Departments are counted as lead (主办) only: a department's figures are those of the
incidents it was dispatched as lead, and a co-handling department (协办) counts nothing for
the incidents it helps with. The trail has no move of a co-handler's own — the lead signs,
resolves and answers for the deadlines — so a co-handler's figures would be the lead's work
under another name, and the district's sum over departments would count incidents twice.
For a department, reported, accepted and acceptance_rate are None (they come before any
dispatch) and so is local_rate, which PRODUCT §6 gives for the district and streets only.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import UTC, datetime
from typing import Any, Protocol

from sqlalchemy.orm import Session

from data.figures import tally
from data.figures import weights as scoring
from data.figures.frame import Frame
from data.figures.rate import NOTHING, Rate
from data.places import scopes
from data.places.scopes import DISTRICT, Scope, Unit

NAMES = tally.NAMES
UNITS = scopes.UNITS

__all__ = ["NAMES", "NOTHING", "UNITS", "Rate", "as_json", "compute", "compute_by"]


class Span(Protocol):
    """A period: [start, end) in aware UTC (data.figures.periods.Period)."""

    start: datetime
    end: datetime


def compute(session: Session, scope: Scope, period: Span, now: datetime,
            weights: Mapping[str, float] | None = None, *,
            only: Collection[str] | None = None, minimum: int = 1) -> dict[str, Any]:
    """Every figure (or those named in `only`) of `scope` over `period`, as it was at `now`.

    The composite leaves out rates with fewer decided cases than `minimum` (the scorecards'
    minimum sample, data.figures.weights).

    An unknown street, community, grid or department is refused (scopes.UnknownScope).
    """
    weights = _weights(weights)
    names = tally.wanted(only, weights)
    frame = Frame(period.start, period.end, _aware(now), scope, scopes.resolve(session, scope))
    raw = tally.count(session, frame, names).get(None, {})
    return tally.figures(raw, names, department=frame.by_department,
                         local=scope.kind in ("district", "street"), weights=weights,
                         minimum=minimum)


def compute_by(session: Session, unit: Unit, period: Span, now: datetime,
               within: Scope | None = None, weights: Mapping[str, float] | None = None, *,
               only: Collection[str] | None = None,
               minimum: int = 1) -> dict[str, dict[str, Any]]:
    """The figures of every street, community, grid or department within `within`, by code.

    Every unit is there, with zeros when nothing was counted; each part of the figures is
    one grouped query for all of them, however many they are.
    """
    weights = _weights(weights)
    names = tally.wanted(only, weights)
    within = within or DISTRICT
    listed = scopes.units(session, unit, within)
    frame = Frame(period.start, period.end, _aware(now), within,
                  scopes.resolve(session, within), unit)
    counted = tally.count(session, frame, names)
    return {code: tally.figures(counted.get(unit_id, {}), names,
                                department=frame.by_department, local=unit == "street",
                                weights=weights, minimum=minimum)
            for unit_id, code in listed.items()}


def _weights(weights: Mapping[str, float] | None) -> Mapping[str, float]:
    """The weights given, checked as the administrator's are; the defaults when none."""
    if weights is None:
        return scoring.DEFAULTS
    scoring.check(weights)
    return weights


def _aware(now: datetime) -> datetime:
    if now.tzinfo is None:
        raise ValueError(f"naive time {now.isoformat()}: give now with a time zone")
    return now.astimezone(UTC)


def as_json(counted: dict[str, Any]) -> dict[str, Any]:
    """The figures as JSON: a rate as its parts and value (null when nothing was counted).

    What `figures --json` prints and the API's /figures answers.
    """
    return {name: {**value.as_dict(), "value": value.value} if isinstance(value, Rate) else value
            for name, value in counted.items()}
