"""Alerts (PRODUCT §5): the scan, acknowledgement and escalation; their queue in `queue`.

The scan brings every alert up to date with the clock; moves settle their own incident's
alerts as they are made (data.incidents.trail, by the rules in data.incidents.alert_rules).
A duty officer acknowledges an alert, or escalates it by hand. Every change is an event in
the incident's trail; nothing here commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, case, func, or_, select, update
from sqlalchemy.orm import Session

from data.domain import AlertKind
from data.incidents import alert_rules as rules
from data.incidents import trail
from data.incidents.trail import Actor, MoveError
from data.models import Alert, Incident

CHUNK = 1000  # ids per IN list


@dataclass(frozen=True)
class Policy:
    """How long an overdue alert may wait unacknowledged before it is escalated, and how long
    an acknowledgement holds while the incident is still due before the alert is raised again."""

    escalate_after: timedelta = timedelta(minutes=15)
    reraise_after: timedelta = timedelta(hours=24)


class AlertError(MoveError):
    """An action on an alert was refused; nothing was written."""


class AlertNotFound(AlertError):
    """No alert has the id."""

    def __init__(self, alert_id: int) -> None:
        super().__init__(f"no alert {alert_id}")
        self.alert_id = alert_id


class AlertCleared(AlertError):
    """The alert has cleared: its incident moved past it."""

    def __init__(self, alert: Alert, action: str) -> None:
        super().__init__(f"cannot {action} alert {alert.id} ({alert.kind} on "
                         f"{alert.incident.code}): it cleared at {alert.cleared_at.isoformat()}")
        self.alert_id, self.cleared_at = alert.id, alert.cleared_at


class AlreadyAcknowledged(AlertError):
    """Someone acknowledged the alert first; `by` and `at` say who and when."""

    def __init__(self, alert: Alert) -> None:
        super().__init__(f"alert {alert.id} ({alert.kind} on {alert.incident.code}) was already "
                         f"acknowledged by {alert.acknowledged_by} "
                         f"at {alert.acknowledged_at.isoformat()}")
        self.alert_id, self.by, self.at = alert.id, alert.acknowledged_by, alert.acknowledged_at


class AlreadyAtTop(AlertError):
    """The alert is already at the highest level; there is nobody above to escalate to."""

    def __init__(self, alert: Alert) -> None:
        super().__init__(f"cannot escalate alert {alert.id} ({alert.kind} on "
                         f"{alert.incident.code}): it is already at the top level, "
                         f"{rules.LEVELS[alert.level]}")
        self.alert_id, self.level = alert.id, alert.level


def scan(session: Session, now: datetime, policy: Policy) -> int:
    """Bring every alert up to date at `now`; return how many changes the trail records.

    Clears what no longer stands, raises what has fallen due, raises again what stayed due
    too long after its acknowledgement, and escalates overdue alerts nobody acknowledged.
    """
    now = trail.moment(now)
    changes = [*_clear_stale(session, now), *_raise_due(session, now),
               *_reraise(session, now, policy), *_escalate(session, now, policy)]
    for change in changes:
        trail.append(session, change.incident, change.event, trail.ALERT_ENGINE, now,
                     data=change.data())
    return len(changes)


def acknowledge(session: Session, alert_id: int, actor: Actor, note: str | None = None,
                at: datetime | None = None) -> Alert:
    """Acknowledge a standing alert (确认); exactly one of several at once succeeds.

    The others are refused with `AlreadyAcknowledged`, naming who was first and when.
    Acknowledged is not resolved: the incident stays due until it moves.
    """
    at, name = trail.moment(at), trail.required_text("actor", actor.name, 100)
    note = trail.optional_text("note", note)
    # One conditional update: the database lets exactly one acknowledgement through.
    done = session.execute(
        update(Alert).where(Alert.id == alert_id, Alert.acknowledged_at.is_(None),
                            Alert.cleared_at.is_(None))
        .values(acknowledged_at=at, acknowledged_by=name, ack_note=note)).rowcount
    alert = _fresh(session, alert_id)
    if not done:
        raise (AlertCleared(alert, "acknowledge") if alert.cleared_at is not None
               else AlreadyAcknowledged(alert))
    trail.append(session, alert.incident, rules.ACKNOWLEDGE, actor, at, note=note,
                 data=rules.facts(alert))
    return alert


def escalate(session: Session, alert_id: int, actor: Actor, at: datetime | None = None,
             note: str | None = None) -> Alert:
    """Escalate a standing alert one level by hand (street leader → district leader)."""
    at, _ = trail.moment(at), trail.required_text("actor", actor.name, 100)
    note = trail.optional_text("note", note)
    done = session.execute(
        update(Alert).where(Alert.id == alert_id, Alert.cleared_at.is_(None),
                            Alert.level < rules.TOP_LEVEL)
        .values(level=Alert.level + 1, escalated_at=at)).rowcount
    alert = _fresh(session, alert_id)
    if not done:
        raise (AlertCleared(alert, "escalate") if alert.cleared_at is not None
               else AlreadyAtTop(alert))
    trail.append(session, alert.incident, rules.ESCALATE, actor, at, note=note,
                 data={**rules.facts(alert), "from_level": alert.level - 1, "by": "hand"})
    return alert


def _fresh(session: Session, alert_id: int) -> Alert:
    alert = session.get(Alert, alert_id, populate_existing=True)
    if alert is None:
        raise AlertNotFound(alert_id)
    return alert


def _clear_stale(session: Session, now: datetime) -> list[rules.Change]:
    """Clear standing alerts whose incident is no longer due them (time or another writer)."""
    still_due = or_(*(and_(Alert.kind == kind, rules.due(kind, now)) for kind in AlertKind))
    stale = session.execute(
        select(Alert, Incident).join(Incident, Alert.incident_id == Incident.id)
        # Through CASE, so that a deadline missing (NULL) counts as not due, not as unknown.
        .where(Alert.cleared_at.is_(None), case((still_due, 1), else_=0) == 0))
    return [rules.clear(incident, alert, now)
            for alert, incident in sorted(stale, key=lambda row: row[0].id)]


def _raise_due(session: Session, now: datetime) -> list[rules.Change]:
    """Raise what has fallen due: incidents due a kind with no standing alert of it.

    Each kind is found through its indexed condition on incidents, anti-joined against its
    alerts; the outer join hands back a cleared row to reuse, if the incident has one.
    (No ORDER BY: SQLite would rather walk every incident in id order than use the index.)
    A new row a move inserts meanwhile is left out: the move raised it.
    """
    again, new = [], []
    for kind in rules.SEVERITY:
        found = session.execute(
            select(Incident, Alert)
            .outerjoin(Alert, (Alert.incident_id == Incident.id) & (Alert.kind == kind))
            .where(rules.due(kind, now), or_(Alert.id.is_(None), Alert.cleared_at.is_not(None))))
        for incident, alert in sorted(found, key=lambda row: row[0].id):
            if alert is None:
                new.append((incident, kind))
            else:
                again.append(rules.raise_(incident, alert, now))
    return again + rules.raise_new(session, new, now)


def _reraise(session: Session, now: datetime, policy: Policy) -> list[rules.Change]:
    """Raise again the alerts acknowledged `reraise_after` ago whose incident is still due."""
    held = (Alert.cleared_at.is_(None), Alert.acknowledged_at <= now - policy.reraise_after)
    before = {row.id: row for row in session.execute(
        select(Alert.id, Alert.acknowledged_at, Alert.acknowledged_by).where(*held))}
    if not before:
        return []
    # Conditional, like an acknowledgement: one made meanwhile is not undone unrecorded.
    raised = session.execute(
        update(Alert).where(*held)
        .values(acknowledged_at=None, acknowledged_by=None, ack_note=None, reraised_at=now,
                raise_count=Alert.raise_count + 1)
        .returning(Alert.id, Alert.incident_id, Alert.kind, Alert.level, Alert.raise_count)).all()
    incidents = _incidents(session, {row.incident_id for row in raised})
    changes = []
    for row in sorted(raised, key=lambda row: row.id):
        was = before.get(row.id)  # absent only for an acknowledgement made just now
        changes.append(rules.Change(incidents[row.incident_id], rules.RERAISE, None, {
            **rules.facts(row), "raise": row.raise_count,
            "acknowledged_by": was.acknowledged_by if was else None,
            "acknowledged_at": was.acknowledged_at.isoformat() if was else None}))
    return changes


def _escalate(session: Session, now: datetime, policy: Policy) -> list[rules.Change]:
    """Escalate overdue alerts left unacknowledged `escalate_after` since their latest raise."""
    # One conditional update: an acknowledgement or a hand escalation made meanwhile wins.
    escalated = session.execute(
        update(Alert).where(
            Alert.kind == AlertKind.OVERDUE, Alert.cleared_at.is_(None),
            Alert.acknowledged_at.is_(None), Alert.level < rules.TOP_LEVEL,
            func.coalesce(Alert.reraised_at, Alert.raised_at) <= now - policy.escalate_after)
        .values(level=Alert.level + 1, escalated_at=now)
        .returning(Alert.id, Alert.incident_id, Alert.kind, Alert.level)).all()
    incidents = _incidents(session, {row.incident_id for row in escalated})
    return [rules.Change(incidents[row.incident_id], rules.ESCALATE, None, {
        **rules.facts(row), "from_level": row.level - 1, "by": "policy"})
        for row in sorted(escalated, key=lambda row: row.id)]


def _incidents(session: Session, ids: set[int]) -> dict[int, Incident]:
    """The incidents with these ids, read in chunks that stay within any database's limits."""
    found: dict[int, Incident] = {}
    ordered = sorted(ids)
    for start in range(0, len(ordered), CHUNK):
        found.update((incident.id, incident) for incident in session.scalars(
            select(Incident).where(Incident.id.in_(ordered[start:start + CHUNK]))))
    return found
