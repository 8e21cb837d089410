"""The state machine of an incident's life (PRODUCT §4): every move, checked and recorded.

Each function refuses a move the state does not allow, or bad input, with a named error
before it writes anything; otherwise it changes the incident and appends its event. None
commits: the caller owns the transaction, so a move and its event land together or not at all.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from data.domain import Level, Rating
from data.incidents import deadlines
from data.incidents.trail import (
    Actor,
    InvalidMove,
    check,
    judged_deadline,
    moment,
    record,
    required_text,
)
from data.incidents.workdays import WorkCalendar
from data.models import Department, Incident


@dataclass(frozen=True)
class Callback:
    """The reporter's callback (回访) at closing: reached or not, solved, rating."""

    reached: bool
    solved: bool | None = None
    rating: Rating | None = None

    def __post_init__(self) -> None:
        if self.rating is not None and not isinstance(self.rating, Rating):
            try:
                object.__setattr__(self, "rating", Rating(self.rating))
            except ValueError:
                options = ", ".join(r.value for r in Rating)
                raise InvalidMove("callback.rating",
                                  f"unknown rating {self.rating!r}; one of {options}") from None

    def validate(self) -> None:
        """Refuse a callback that contradicts itself."""
        if not self.reached and (self.solved is not None or self.rating is not None):
            raise InvalidMove("callback", "a reporter who was not reached gave no answer")
        if self.reached and self.solved is None:
            raise InvalidMove("callback.solved", "say whether the reporter's problem was solved")


@dataclass(frozen=True)
class Rules:
    """What the moves need to know about the district: its calendar, what counts as a repeat."""

    calendar: WorkCalendar
    duplicate_radius_m: float = 50.0
    duplicate_window: timedelta = timedelta(hours=24)


def accept(session: Session, incident: Incident, actor: Actor, *, at: datetime | None = None,
           note: str | None = None) -> None:
    """Accept a report as an incident (立案)."""
    at = moment(at)
    check("accept", incident, actor, at)
    incident.accepted_at = at
    record(session, incident, "accept", actor, at, note=note)


def reject(session: Session, incident: Incident, actor: Actor, *, reason: str,
           at: datetime | None = None) -> None:
    """Reject a report that is not a matter for the command centre."""
    at = moment(at)
    check("reject", incident, actor, at)
    reason = required_text("reason", reason)
    record(session, incident, "reject", actor, at, note=reason)


@dataclass(frozen=True)
class Deadlines:
    """The moments a dispatch sets: to sign by, to resolve by, and the yellow warning."""

    response: datetime
    resolution: datetime
    due_soon: datetime


def dispatch_deadlines(incident: Incident, rules: Rules, at: datetime) -> Deadlines:
    """The deadlines a dispatch of `incident` at `at` sets, from its item and priority.

    A form shows them before the dispatch is confirmed; the dispatch sets these very ones.
    """
    item, priority, calendar = incident.item, incident.priority, rules.calendar
    return Deadlines(
        deadlines.deadline(calendar, at, item.response_amount, item.response_unit, priority),
        deadlines.deadline(calendar, at, item.resolution_amount, item.resolution_unit, priority),
        deadlines.due_soon_at(calendar, at, item.resolution_amount, item.resolution_unit,
                              priority))


def dispatch(session: Session, incident: Incident, actor: Actor, rules: Rules, *,
             lead: Department, co: Sequence[Department] = (), at: datetime | None = None,
             note: str | None = None) -> None:
    """Dispatch to a lead department and optional co-handlers (吹哨); start both clocks."""
    at = moment(at)
    check("dispatch", incident, actor, at)
    if not lead.active:
        raise InvalidMove("lead", f"department {lead.code} is not active")
    if any(d.id == lead.id for d in co):
        raise InvalidMove("co", f"department {lead.code} is already the lead")
    if len({d.id for d in co}) != len(co):
        raise InvalidMove("co", "a co-handling department is named twice")
    incident.lead_department = lead
    incident.lead_department_id = lead.id  # read by the next move, even before a flush
    incident.co_departments = list(co)
    incident.dispatched_at = at
    incident.signed_at = None
    set_by = dispatch_deadlines(incident, rules, at)
    incident.response_deadline = set_by.response
    incident.resolution_deadline = set_by.resolution
    incident.due_soon_at = set_by.due_soon
    record(session, incident, "dispatch", actor, at, note=note, department_id=lead.id, data={
        "lead": lead.code,
        "co": [d.code for d in co],
        "response_deadline": incident.response_deadline.isoformat(),
        "resolution_deadline": incident.resolution_deadline.isoformat(),
        "due_soon_at": incident.due_soon_at.isoformat(),
    })


def sign(session: Session, incident: Incident, actor: Actor, *, at: datetime | None = None,
         note: str | None = None) -> None:
    """The lead department signs for the incident (签收 / 报到)."""
    at = moment(at)
    check("sign", incident, actor, at)
    incident.signed_at = at
    on_time = at <= incident.response_deadline
    record(session, incident, "sign", actor, at, note=note,
           department_id=incident.lead_department_id, data={"on_time": on_time})


def send_back(session: Session, incident: Incident, actor: Actor, *, reason: str,
              at: datetime | None = None) -> None:
    """The department sends the incident back as not theirs (退单); it awaits dispatch again."""
    at = moment(at)
    check("send_back", incident, actor, at)
    reason = required_text("reason", reason)
    department_id = incident.lead_department_id
    incident.lead_department = None
    incident.lead_department_id = None
    incident.co_departments = []
    incident.dispatched_at = incident.signed_at = None
    incident.response_deadline = incident.resolution_deadline = incident.due_soon_at = None
    incident.pending_extension = None
    incident.send_back_count += 1
    record(session, incident, "send_back", actor, at, note=reason, department_id=department_id)


def resolve(session: Session, incident: Incident, actor: Actor, *, at: datetime | None = None,
            note: str | None = None, level: Level = Level.DISTRICT) -> None:
    """The department reports the problem handled (处置完毕)."""
    at = moment(at)
    check("resolve", incident, actor, at)
    _resolved(incident, at, level)
    record(session, incident, "resolve", actor, at, note=note,
           department_id=incident.lead_department_id,
           data=_resolution_data(incident, at, judged_deadline(session, incident)))


def self_handle(session: Session, incident: Incident, actor: Actor, *, level: Level,
                at: datetime | None = None, note: str | None = None) -> None:
    """Resolve a small matter on the spot, without dispatch (就地处置, 小事不出格)."""
    at = moment(at)
    check("self_handle", incident, actor, at)
    try:
        level = Level(level)
    except ValueError:
        options = ", ".join(v.value for v in Level)
        raise InvalidMove("level", f"unknown level {level!r}; one of {options}") from None
    if level == Level.DISTRICT:
        raise InvalidMove("level", "a matter handled on the spot is resolved below the district")
    _resolved(incident, at, level)
    record(session, incident, "self_handle", actor, at, note=note,
           data={"level": level.value, "returns": incident.return_count})


def rework(session: Session, incident: Incident, actor: Actor, *, reason: str,
           at: datetime | None = None) -> None:
    """Return a resolved incident that is not fixed to its handler (返工)."""
    at = moment(at)
    check("return", incident, actor, at)
    reason = required_text("reason", reason)
    incident.resolved_at = None
    incident.resolution_level = None
    incident.return_count += 1
    # Self-handled matters go back to whoever handled them: still no department.
    record(session, incident, "return", actor, at, note=reason,
           department_id=incident.lead_department_id)


def verify(session: Session, incident: Incident, actor: Actor, *, at: datetime | None = None,
           note: str | None = None) -> None:
    """Confirm on site that the problem is fixed (核查通过)."""
    at = moment(at)
    check("verify", incident, actor, at)
    incident.verified_at = at
    record(session, incident, "verify", actor, at, note=note)


def close(session: Session, incident: Incident, actor: Actor, *, callback: Callback,
          at: datetime | None = None, note: str | None = None) -> None:
    """Close the incident with the reporter's callback (结案)."""
    at = moment(at)
    check("close", incident, actor, at)
    callback.validate()
    incident.closed_at = at
    incident.callback_reached = callback.reached
    incident.callback_solved = callback.solved
    incident.rating = callback.rating
    # The lead (none for a matter handled on the spot), so the callback counts for it.
    record(session, incident, "close", actor, at, note=note,
           department_id=incident.lead_department_id, data={
               "reached": callback.reached,
               "solved": callback.solved,
               "rating": callback.rating.value if callback.rating else None,
           })


def _resolved(incident: Incident, at: datetime, level: Level) -> None:
    incident.resolved_at = at
    incident.resolution_level = level
    incident.pending_extension = None


def _resolution_data(incident: Incident, at: datetime,
                     deadline: datetime | None) -> dict[str, object]:
    # What the figures measure a resolution by: the deadline it is judged by (not one a late
    # extension moved), its dispatch, its returns.
    dispatched = incident.dispatched_at
    return {
        "level": incident.resolution_level.value,
        "resolution_deadline": deadline.isoformat() if deadline else None,
        "on_time": deadline is None or at <= deadline,
        "dispatched_at": dispatched.isoformat() if dispatched else None,
        "returns": incident.return_count,
    }
