"""Moves that stop or stretch the clock: extensions (延期) and parking (挂账)."""

from __future__ import annotations

import math
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from data.domain import LimitUnit, State
from data.incidents import deadlines
from data.incidents.moves import Rules
from data.incidents.trail import (
    Actor,
    InvalidMove,
    check,
    judged_deadline,
    moment,
    record,
    required_text,
)
from data.models import Event, Incident


def request_extension(session: Session, incident: Incident, actor: Actor, *, amount: float,
                      unit: LimitUnit | str, reason: str, at: datetime | None = None) -> None:
    """A department asks for more time, with a reason; the command centre decides."""
    at = moment(at)
    check("request_extension", incident, actor, at)
    if incident.pending_extension is not None:
        raise InvalidMove("extension", "a request is already waiting for a decision")
    if incident.resolution_deadline is None:
        raise InvalidMove("extension", "the incident has no resolution deadline to extend")
    if at > incident.resolution_deadline:
        raise InvalidMove("extension", "the resolution deadline passed at "
                          f"{incident.resolution_deadline.isoformat()}: more time is asked for "
                          "before the deadline")
    if not isinstance(amount, int | float) or not math.isfinite(amount) or amount <= 0:
        raise InvalidMove("amount", f"must be a positive number, got {amount!r}")
    try:
        unit = LimitUnit(unit)
    except ValueError:
        raise InvalidMove("unit", f"unknown unit {unit!r}; one of "
                          + ", ".join(u.value for u in LimitUnit)) from None
    reason = required_text("reason", reason)
    request = {"amount": amount, "unit": unit.value, "reason": reason,
               "requested_at": at.isoformat(), "requested_by": actor.name}
    incident.pending_extension = request
    record(session, incident, "request_extension", actor, at, note=reason,
           department_id=incident.lead_department_id, data={"amount": amount, "unit": unit.value})


def grant_extension(session: Session, incident: Incident, actor: Actor, rules: Rules, *,
                    at: datetime | None = None, note: str | None = None) -> None:
    """Grant the waiting request: the resolution deadline moves, and the grant is counted.

    A request made before the deadline may be granted after it has passed (PRODUCT §6): the
    deadline still moves and the extension counts, but the grant is marked late and the
    incident stays judged by the deadline it missed, so it is not on time for it.
    """
    at = moment(at)
    check("grant_extension", incident, actor, at)
    request = _pending(incident)
    judged = judged_deadline(session, incident)
    late = judged is not None and at > judged
    amount, unit = request["amount"], LimitUnit(request["unit"])
    before = incident.resolution_deadline
    incident.resolution_deadline = deadlines.extend(rules.calendar, before, amount, unit)
    # The yellow warning moves with the deadline: 80 % of the whole, longer limit.
    incident.due_soon_at = deadlines.due_soon_between(
        rules.calendar, incident.dispatched_at, incident.resolution_deadline,
        incident.item.resolution_unit)
    incident.extension_count += 1
    incident.pending_extension = None
    granted = {"amount": amount, "unit": unit.value, "from": before.isoformat(),
               "to": incident.resolution_deadline.isoformat(),
               "due_soon_at": incident.due_soon_at.isoformat()}
    if late:  # the deadline the figures judge it by stays the one it missed
        granted.update(late=True, judged=judged.isoformat())
    record(session, incident, "grant_extension", actor, at, note=note,
           department_id=incident.lead_department_id, data=granted)


def refuse_extension(session: Session, incident: Incident, actor: Actor, *, reason: str,
                     at: datetime | None = None) -> None:
    """Refuse the waiting request; the deadline stays."""
    at = moment(at)
    check("refuse_extension", incident, actor, at)
    _pending(incident)
    reason = required_text("reason", reason)
    incident.pending_extension = None
    record(session, incident, "refuse_extension", actor, at, note=reason,
           department_id=incident.lead_department_id)


def park(session: Session, incident: Incident, actor: Actor, *, reason: str,
         at: datetime | None = None) -> None:
    """Park a matter no limit can hold (it needs a budget or a project).

    A parked incident leaves the overdue count and is listed on its own.
    """
    at = moment(at)
    check("park", incident, actor, at)
    reason = required_text("reason", reason)
    incident.parked_at = at
    record(session, incident, "park", actor, at, note=reason,
           department_id=incident.lead_department_id)


def resume(session: Session, incident: Incident, actor: Actor, rules: Rules, *,
           at: datetime | None = None, note: str | None = None) -> None:
    """Take a parked matter up again, in the state it was parked from.

    The clock stood still while it was parked, so each deadline moves by the time parked,
    counted in its own unit: working time for working limits, natural time for hours.
    """
    at = moment(at)
    check("resume", incident, actor, at)
    session.flush()  # the park event may still be pending
    back_to = State(session.scalars(
        select(Event.from_state).where(Event.incident_id == incident.id, Event.kind == "park")
        .order_by(Event.id.desc()).limit(1)
    ).one())
    parked_at, item = incident.parked_at, incident.item
    for name, unit in (("response_deadline", item.response_unit),
                       ("resolution_deadline", item.resolution_unit),
                       ("due_soon_at", item.resolution_unit)):
        if getattr(incident, name) is not None:
            setattr(incident, name, _shifted(rules, getattr(incident, name), parked_at, at, unit))
    parked_for = at - parked_at
    incident.parked_at = None
    record(session, incident, "resume", actor, at, to_state=back_to, note=note,
           department_id=incident.lead_department_id, data={
               "parked_seconds": int(parked_for.total_seconds()),
               "resolution_deadline": _iso(incident.resolution_deadline),
               "due_soon_at": _iso(incident.due_soon_at)})


def _pending(incident: Incident) -> dict:
    if incident.pending_extension is None:
        raise InvalidMove("extension", "no request for more time is waiting")
    return incident.pending_extension


def _shifted(rules: Rules, deadline: datetime, start: datetime, end: datetime,
             unit: LimitUnit) -> datetime:
    """`deadline` moved on by the time between start and end, counted in `unit`."""
    if unit == LimitUnit.HOURS:
        return deadline + (end - start)
    calendar = rules.calendar
    return calendar.add_work_minutes(deadline, calendar.work_minutes_between(start, end))


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None
