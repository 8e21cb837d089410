"""When an alert is due, and how its one row per incident and kind is raised and cleared.

The same rules are written twice, once as SQL for the scan and once in Python for a single
incident after a move; both say exactly what the snapshot's counts of now say (PRODUCT §5):

- due soon: the clock runs, 80 % of the resolution limit is gone, the deadline is not;
- response overdue: dispatched and not signed for by the response deadline;
- overdue: the clock runs and the resolution deadline has passed.

A parked, resolved or final incident is due nothing, so its alerts clear.

An alert row is never deleted. When its incident falls due again after the alert cleared (a
rework, a resume from parking), the same row is raised again as a new episode: `cleared_at`
back to NULL, `reraised_at` set, `raise_count` up by one, the level back to the street and
the old acknowledgement gone; the earlier episode stays in the trail.

The scan and a move, each in its own transaction, may raise the same new row at once. New
rows are inserted with ON CONFLICT DO NOTHING, so the second insert waits for the first
transaction and, once that commits, leaves its row out instead of failing: the alert stands
once, with one raise in the trail, and the move or the scan around it commits.

Nothing here writes the trail: each change is handed back as a `Change`, which the caller
records (data.incidents.trail records those of a move, data.alerts those of the scan).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from data.domain import CLOCK_STATES, AlertKind, State
from data.models import Alert, Incident

K = AlertKind
SEVERITY = (K.OVERDUE, K.RESPONSE_OVERDUE, K.DUE_SOON)  # most severe first
LEVELS = ("street", "district")  # who answers for an alert at each level
TOP_LEVEL = len(LEVELS) - 1
CLOCK = sorted(CLOCK_STATES)

# The events an alert leaves in the trail.
RAISE, CLEAR, ESCALATE, RERAISE, ACKNOWLEDGE = (
    "alert_raise", "alert_clear", "alert_escalate", "alert_reraise", "alert_acknowledge")
EVENTS = (RAISE, CLEAR, ESCALATE, RERAISE, ACKNOWLEDGE)


@dataclass(frozen=True)
class Change:
    """One change to an alert, as the trail will record it: its event kind and details."""

    incident: Incident
    event: str
    alert: Alert | None  # None when `details` already names the alert, its kind and level
    details: dict[str, Any] = field(default_factory=dict)

    def data(self) -> dict[str, Any]:
        """The event's data: the alert's facts, then the change's own details."""
        return self.details if self.alert is None else {**facts(self.alert), **self.details}


def due(kind: AlertKind, now: datetime) -> ColumnElement[bool]:
    """The SQL condition under which an incident is due an alert of `kind` at `now`."""
    running = Incident.state.in_(CLOCK)
    if kind == K.OVERDUE:
        return and_(running, Incident.resolution_deadline <= now)
    if kind == K.DUE_SOON:
        return and_(running, Incident.due_soon_at <= now, Incident.resolution_deadline > now)
    return and_(Incident.state == State.DISPATCHED, Incident.response_deadline <= now)


def due_kinds(incident: Incident, at: datetime) -> set[AlertKind]:
    """The kinds of alert `incident` is due at `at`, as `due` says in SQL."""
    if incident.state not in CLOCK_STATES:
        return set()
    kinds = set()
    deadline, soon = incident.resolution_deadline, incident.due_soon_at
    if deadline is not None and deadline <= at:
        kinds.add(K.OVERDUE)
    elif deadline is not None and soon is not None and soon <= at:
        kinds.add(K.DUE_SOON)
    response = incident.response_deadline
    if incident.state == State.DISPATCHED and response is not None and response <= at:
        kinds.add(K.RESPONSE_OVERDUE)
    return kinds


def due_at(incident: Incident, kind: AlertKind) -> datetime | None:
    """The moment the incident fell due for `kind`: the deadline the alert is about."""
    return {K.OVERDUE: incident.resolution_deadline, K.DUE_SOON: incident.due_soon_at,
            K.RESPONSE_OVERDUE: incident.response_deadline}[kind]


def deadline_of(incident: Incident, kind: AlertKind) -> datetime | None:
    """The deadline the queue orders an alert of `kind` by, kept on the alert: the response
    deadline for response overdue, the resolution deadline for the others."""
    if kind == K.RESPONSE_OVERDUE:
        return incident.response_deadline
    return incident.resolution_deadline


def settle(session: Session, incident: Incident, was: State | None,
           at: datetime) -> list[Change]:
    """Raise and clear the incident's alerts as its move at `at` (from state `was`) left it."""
    wanted = due_kinds(incident, at)
    # Alerts stand only while the clock runs, so a move from outside it has none to clear.
    if not wanted and was not in CLOCK_STATES:
        return []
    if incident.id is None:  # never written, so it has no alerts yet
        if not wanted:
            return []
        session.flush()
    # Without autoflush: a bulk writer's pending rows stay batched. No alert is ever left
    # pending (new rows are inserted at once), so none can be missed.
    with session.no_autoflush:
        rows = _rows(session, incident)
        changes = [clear(incident, alert, at) for kind, alert in rows.items()
                   if alert.cleared_at is None and kind not in wanted]
        new = [kind for kind in SEVERITY if kind in wanted and kind not in rows]
        raised = {change.alert.kind: change
                  for change in raise_new(session, [(incident, kind) for kind in new], at)}
        if len(raised) < len(new):  # another transaction raised one meanwhile: read it back
            rows = _rows(session, incident)
    for kind in SEVERITY:
        if kind in raised:
            changes.append(raised[kind])
        elif kind in wanted and rows[kind].cleared_at is not None:
            changes.append(raise_(incident, rows[kind], at))
        elif kind in wanted and rows[kind].deadline != deadline_of(incident, kind):
            rows[kind].deadline = deadline_of(incident, kind)  # still due: an extension moved it
    return changes


def _rows(session: Session, incident: Incident) -> dict[AlertKind, Alert]:
    """The incident's alert rows by kind."""
    return {alert.kind: alert for alert in session.scalars(
        select(Alert).where(Alert.incident_id == incident.id))}


def raise_new(session: Session, due: Sequence[tuple[Incident, AlertKind]],
              at: datetime) -> list[Change]:
    """Raise alerts that have no row yet, inserting their rows at once; return the raises.

    A row another transaction inserted meanwhile is left out: on PostgreSQL the insert waits
    for that transaction, and once it commits, its row and its raise stand (PRODUCT §5: one
    alert per incident and kind).
    """
    if not due:
        return []
    dialect = {"postgresql": postgresql, "sqlite": sqlite}[session.get_bind().dialect.name]
    inserted = {(alert.incident_id, alert.kind): alert for alert in session.scalars(
        dialect.insert(Alert).on_conflict_do_nothing(
            index_elements=[Alert.incident_id, Alert.kind]).returning(Alert),
        [{"incident_id": incident.id, "kind": kind, "raised_at": at, "level": 0,
          "raise_count": 1, "deadline": deadline_of(incident, kind)} for incident, kind in due])}
    return [_raised(incident, inserted[incident.id, kind]) for incident, kind in due
            if (incident.id, kind) in inserted]


def raise_(incident: Incident, alert: Alert, at: datetime) -> Change:
    """Raise the incident's cleared alert again, as a new episode."""
    alert.cleared_at = alert.escalated_at = None
    alert.acknowledged_at = alert.acknowledged_by = alert.ack_note = None
    alert.level, alert.reraised_at = 0, at
    alert.raise_count += 1
    alert.deadline = deadline_of(incident, alert.kind)
    return _raised(incident, alert)


def _raised(incident: Incident, alert: Alert) -> Change:
    deadline = due_at(incident, alert.kind)
    return Change(incident, RAISE, alert, {
        "raise": alert.raise_count, "due_at": deadline.isoformat() if deadline else None})


def clear(incident: Incident, alert: Alert, at: datetime) -> Change:
    """Clear a standing alert: its incident has moved past it."""
    alert.cleared_at = at
    return Change(incident, CLEAR, alert)


def facts(alert: Any) -> dict[str, Any]:
    """What every alert event carries: the alert, its kind and its level."""
    return {"alert": alert.id, "kind": AlertKind(alert.kind).value, "level": alert.level}
