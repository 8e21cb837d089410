"""Webhook deliveries as an outbox: owed in the move's transaction, sent and retried apart.

A move's event is matched to the webhooks that asked for it and a delivery row is written
beside it, so a change is owed exactly when it is committed and survives any restart. A
sender claims due deliveries with a conditional update (one claim wins however many senders
ask), posts them outside any transaction, and settles each: delivered, or due again after a
backoff that doubles from `base` up to two hours, for a day; then failed. Nothing commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session

from data import clock
from data.incidents import alert_rules
from data.models import Delivery, Event, Incident, SourceSystem, Webhook

CAP = timedelta(hours=2)  # the longest wait between two tries
TRIES_FOR = timedelta(days=1)  # after this, a delivery that still fails is given up
QUIET = frozenset({"report"})  # a source knows what it reported; nobody else asks for it
ASKED = "outbox.any_webhook"  # the session's transaction, and whether it found a webhook


def owe(session: Session, incident: Incident, event: Event) -> None:
    """Write a delivery of `event` to every webhook that asked for it.

    Its reads flush nothing: the move's own writes go to the store when they would have
    without webhooks, so its locks are taken no earlier.
    """
    with session.no_autoflush:
        _owe(session, incident, event)


def _owe(session: Session, incident: Incident, event: Event) -> None:
    if event.kind in QUIET or not _any_webhook(session):
        return
    departments = {d for d in (event.department_id, incident.lead_department_id) if d}
    concerned = [SourceSystem.name == incident.source_system] if incident.source_system else []
    if departments:
        concerned.append(SourceSystem.department_id.in_(departments))
    if not concerned:
        return
    rows = session.execute(select(Webhook.id, Webhook.topics, SourceSystem.name,
                                  SourceSystem.department_id)
                           .join(SourceSystem, SourceSystem.id == Webhook.source_id)
                           .where(SourceSystem.active, or_(*concerned))).all()
    now = clock.now()  # owed from now, whenever the move says it happened
    for webhook_id, topics, name, department_id in rows:
        topic = _topic(event, incident, topics.split(","), name, department_id)
        if topic is not None:
            session.add(Delivery(webhook_id=webhook_id, event=event, topic=topic,
                                 status="pending", attempts=0, created_at=now, next_at=now))


def _any_webhook(session: Session) -> bool:
    """Whether any webhook is registered, asked once a transaction: most moves of a store
    without webhooks (a demo's history, a benchmark's millions) then cost nothing more."""
    transaction = session.get_transaction()
    asked = session.info.get(ASKED)
    if asked is None or asked[0] is not transaction:
        asked = (transaction, session.scalar(select(Webhook.id).limit(1)) is not None)
        session.info[ASKED] = asked
    return asked[1]


def _topic(event: Event, incident: Incident, topics: list[str], name: str,
           department_id: int | None) -> str | None:
    reported = incident.source_system == name
    ours = department_id is not None and department_id in (event.department_id,
                                                           incident.lead_department_id)
    if "dispatch" in topics and event.kind == "dispatch" and ours:
        return "dispatch"
    if event.kind in alert_rules.EVENTS:
        return "alerts" if "alerts" in topics and (reported or ours) else None
    if "moves" in topics and reported:
        return "moves"
    return None


@dataclass(frozen=True)
class Claimed:
    """A delivery a sender holds: where it goes, signed with what, and what it says."""

    id: int
    webhook_id: int
    url: str
    secret: str
    body: dict[str, Any]


def claim(session: Session, now: datetime, lease: timedelta, most: int,
          busy: set[int]) -> list[Claimed]:
    """Claim up to `most` due deliveries, the oldest of each webhook not `busy`."""
    # The oldest due delivery of each webhook: a receiver's backlog never fills the round.
    query = (select(func.min(Delivery.id))
             .join(Webhook, Webhook.id == Delivery.webhook_id)
             .where(Delivery.status == "pending", Delivery.next_at <= now,
                    or_(Delivery.lease_until.is_(None), Delivery.lease_until < now))
             .group_by(Delivery.webhook_id).order_by(func.min(Delivery.id)).limit(most))
    if busy:
        query = query.where(Delivery.webhook_id.not_in(sorted(busy)))
    chosen = session.scalars(query).all()
    claimed = []
    for delivery_id in chosen:
        won = session.execute(update(Delivery).where(
            Delivery.id == delivery_id, Delivery.status == "pending",
            or_(Delivery.lease_until.is_(None), Delivery.lease_until < now))
            .values(lease_until=now + lease).execution_options(synchronize_session=False))
        if won.rowcount == 1:
            claimed.append(_claimed(session, delivery_id))
    return claimed


def _claimed(session: Session, delivery_id: int) -> Claimed:
    delivery, webhook, event, incident = session.execute(
        select(Delivery, Webhook, Event, Incident)
        .join(Webhook, Webhook.id == Delivery.webhook_id)
        .join(Event, Event.id == Delivery.event_id)
        .join(Incident, Incident.id == Event.incident_id)
        .where(Delivery.id == delivery_id)).one()
    return Claimed(delivery.id, webhook.id, webhook.url, webhook.secret,
                   body(delivery, event, incident))


def body(delivery: Delivery, event: Event, incident: Incident) -> dict[str, Any]:
    """What the receiver is told: the delivery, the change, and the incident it moved."""
    lead = incident.lead_department
    return {
        "delivery": delivery.id, "topic": delivery.topic,
        "event": {"id": event.id, "kind": event.kind, "from_state": event.from_state,
                  "to_state": event.to_state, "at": event.at.isoformat(), "actor": event.actor,
                  "note": event.note, "data": event.data},
        "incident": {"code": incident.code, "title": incident.title,
                     "state": incident.state.value, "item": incident.item.code,
                     "lead_department": lead.code if lead else None,
                     "resolution_deadline": (incident.resolution_deadline.isoformat()
                                             if incident.resolution_deadline else None)},
    }


def settle(session: Session, delivery_id: int, now: datetime, *, status: int | None,
           error: str | None, base: timedelta) -> Delivery | None:
    """Record one try: delivered on a 2xx, else due again after the backoff, or failed."""
    row = session.get(Delivery, delivery_id)
    if row is None:
        return None  # its webhook was removed meanwhile
    row.attempts += 1
    row.last_at, row.last_status, row.last_error = now, status, (error or None) and error[:200]
    row.lease_until = None
    if status is not None and 200 <= status < 300:
        row.status, row.delivered_at = "delivered", now
        return row
    wait = min(base * 2 ** (row.attempts - 1), CAP)
    if now + wait > row.created_at + TRIES_FOR:
        row.status = "failed"
    else:
        row.next_at = now + wait
    return row


def resend(session: Session, delivery_id: int, now: datetime) -> Delivery | None:
    """Send a delivery again at once, whatever became of it."""
    row = session.get(Delivery, delivery_id)
    if row is not None:
        row.status, row.next_at, row.lease_until = "pending", now, None
        row.created_at = now  # a day of tries again from now
    return row


def log(session: Session, *, source_id: int | None = None, most: int = 50) -> list[Delivery]:
    """The latest deliveries, newest first: of one source's webhook, or of every one."""
    query = select(Delivery).join(Webhook, Webhook.id == Delivery.webhook_id)
    if source_id is not None:
        query = query.where(Webhook.source_id == source_id)
    return list(session.scalars(query.order_by(Delivery.id.desc()).limit(most)))
