"""From the cohorts' counts to the figures: which counts each figure needs, and its sum."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from typing import Any

from sqlalchemy.orm import Session

from data.figures import cohorts
from data.figures import weights as scoring
from data.figures.frame import Cohort, Counts, Frame
from data.figures.rate import Rate

NAMES = ("reported", "accepted", "acceptance_rate", "dispatched", "response_rate", "due",
         "closure_rate", "on_time_rate", "solved_rate", "satisfaction_rate", "rework_rate",
         "extension_rate", "local_rate", "mean_handling_hours", "open_now", "due_soon_now",
         "overdue_now", "parked_now", "composite_score")
NOW = ("open_now", "due_soon_now", "overdue_now", "parked_now")
BEFORE_DISPATCH = ("reported", "accepted", "acceptance_rate")  # no department yet
DUE = ("due", "closure_rate", "on_time_rate")

# Which cohorts each figure is counted from.
PARTS: dict[Callable[[Frame], Cohort], tuple[str, ...]] = {
    cohorts.reports: BEFORE_DISPATCH,
    cohorts.dispatches: ("dispatched", "extension_rate"),
    cohorts.signs_on_time: ("response_rate",),
    cohorts.responses_missed: ("response_rate",),
    cohorts.resolutions: ("rework_rate", "local_rate", "mean_handling_hours"),
    cohorts.closures: ("solved_rate", "satisfaction_rate"),
    cohorts.due_resolved: DUE,
    cohorts.deadlines: DUE,
    cohorts.current: NOW,
}


def wanted(only: Collection[str] | None, weights: Mapping[str, float]) -> tuple[str, ...]:
    """The figures asked for, in NAMES order; the composite brings the rates it weighs."""
    if only is None:
        return NAMES
    unknown = sorted(set(only) - set(NAMES))
    if unknown:
        raise ValueError(f"no figure named {', '.join(unknown)}; figures: {', '.join(NAMES)}")
    asked = set(only)
    if "composite_score" in asked:
        asked |= {name for name, weight in weights.items() if weight > 0}
    return tuple(name for name in NAMES if name in asked)


def count(session: Session, frame: Frame, names: Collection[str]) -> Counts:
    """Count every cohort the figures need, in one grouped statement, per unit."""
    needed = [part(frame) for part, gives in PARTS.items()
              if set(gives) & set(names)
              # Reports come before any department is named.
              and not (part is cohorts.reports and frame.by_department)]
    return frame.count(session, needed) if needed else {}


def figures(raw: Mapping[str, Any], names: Collection[str], *, department: bool,
            local: bool, weights: Mapping[str, float], minimum: int = 1) -> dict[str, Any]:
    """One unit's figures from its counts (a count not there is 0), in NAMES order."""
    def n(name: str) -> int:
        return int(raw.get(name) or 0)

    # Due when resolved on time; otherwise when the deadline fell (see cohorts.deadlines).
    due = n("due_on_time") + n("deadlines") - n("met_on_time")
    hours = raw.get("handling_hours")
    every: dict[str, Any] = {
        "reported": n("reported"), "accepted": n("accepted"),
        # Of the reports decided in the period, accepted: its numerator is `accepted`.
        "acceptance_rate": Rate(n("accepted"), n("report_decided")),
        "dispatched": n("dispatched"),
        # Decided when signed on time, or when the deadline passed without (cohorts).
        "response_rate": Rate(n("responded_on_time"),
                              n("responded_on_time") + n("response_missed")),
        "due": due,
        "closure_rate": Rate(n("due_on_time") + n("met_late"), due),
        "on_time_rate": Rate(n("due_on_time"), due),
        "solved_rate": Rate(n("solved"), n("callbacks")),
        "satisfaction_rate": Rate(n("satisfied"), n("rated")),
        "rework_rate": Rate(n("returned"), n("resolved")),
        "extension_rate": Rate(n("extended"), n("dispatched")),
        "local_rate": Rate(n("local"), n("resolved")) if local and not department else None,
        "mean_handling_hours": None if hours is None else float(hours),
        **{name: n(name) for name in NOW},
    }
    if department:
        every.update(dict.fromkeys(BEFORE_DISPATCH))
    every["composite_score"] = scoring.composite(
        {name: value for name, value in every.items() if isinstance(value, Rate)}, weights,
        minimum)
    return {name: every[name] for name in NAMES if name in names}
