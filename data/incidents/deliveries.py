"""The webhooks' log as an administrator reads it: each source's receiver, how its latest
delivery went and how many failed; the latest deliveries; a resend, kept with who asked."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from data.incidents import outbox
from data.models import CatalogChange, Delivery, Event, Incident, SourceSystem, Webhook

SUBJECT = "delivery"  # a resend is kept as a change to the delivery, by its id


def receivers(session: Session) -> list[dict[str, Any]]:
    """Every webhook: its source, address, topics, its latest try and how many failed."""
    counts = (select(Delivery.webhook_id,
                     func.sum(case((Delivery.status == "failed", 1), else_=0)).label("failed"),
                     func.sum(case(((Delivery.status == "pending") & (Delivery.attempts > 0),
                                    1), else_=0)).label("retrying"),
                     func.max(Delivery.last_at).label("last_at"))
              .group_by(Delivery.webhook_id).subquery())
    rows = session.execute(
        select(Webhook, SourceSystem.code, SourceSystem.name, counts.c.failed,
               counts.c.retrying, counts.c.last_at)
        .join(SourceSystem, SourceSystem.id == Webhook.source_id)
        .outerjoin(counts, counts.c.webhook_id == Webhook.id)
        .order_by(SourceSystem.name)).all()
    found = []
    for hook, code, source, failed, retrying, last_at in rows:
        last = session.scalar(select(Delivery).where(Delivery.webhook_id == hook.id,
                                                     Delivery.last_at == last_at)
                              .order_by(Delivery.id.desc()).limit(1)) if last_at else None
        found.append({"id": hook.id, "code": code, "source": source, "url": hook.url,
                      "topics": hook.topics.split(","), "created_by": hook.created_by,
                      "last_at": last_at, "last_answer": answer(last) if last else None,
                      "last_ok": bool(last and last.status == "delivered"),
                      "failed": int(failed or 0), "retrying": int(retrying or 0)})
    return found


STATUSES = ("all", "failing", "delivered")  # the log's filter: failing is failed or retrying


def recent(session: Session, most: int = 50, source: str | None = None, status: str = "all",
           before: int | None = None) -> tuple[list[dict[str, Any]], bool]:
    """The latest deliveries, newest first, with the latest resend of each, and whether older
    ones remain: of one source (its code) or all, failing (failed or being retried),
    delivered or all, and only those older than delivery `before` when given (a page)."""
    query = (select(Delivery, SourceSystem.name, Event.kind, Incident.code)
             .join(Webhook, Webhook.id == Delivery.webhook_id)
             .join(SourceSystem, SourceSystem.id == Webhook.source_id)
             .join(Event, Event.id == Delivery.event_id)
             .join(Incident, Incident.id == Event.incident_id))
    if source is not None:
        query = query.where(SourceSystem.code == source)
    if status == "failing":
        query = query.where((Delivery.status == "failed")
                            | ((Delivery.status == "pending") & (Delivery.attempts > 0)))
    elif status == "delivered":
        query = query.where(Delivery.status == "delivered")
    elif status != "all":
        raise ValueError(f"status: not one of {', '.join(STATUSES)}")
    if before is not None:
        query = query.where(Delivery.id < before)
    rows = session.execute(query.order_by(Delivery.id.desc()).limit(most + 1)).all()
    more = len(rows) > most
    rows = rows[:most]
    resent = _resends(session, [row[0].id for row in rows])
    return [{"id": d.id, "source": name, "event": kind, "incident": code, "topic": d.topic,
             "status": d.status, "attempts": d.attempts, "created_at": d.created_at,
             "last_at": d.last_at, "last_status": d.last_status, "answer": answer(d),
             "next_at": d.next_at if d.status == "pending" else None,
             "resendable": d.status == "failed" or (d.status == "pending" and d.attempts > 0),
             "resent": resent.get(d.id)} for d, name, kind, code in rows], more


def answer(row: Delivery) -> str | None:
    """What the receiver last said: its HTTP status, or why nothing came back."""
    if row.last_error and row.last_status is None:
        return row.last_error
    return f"HTTP {row.last_status}" if row.last_status is not None else None


def resend(session: Session, delivery_id: int, by: str, at: datetime) -> Delivery | None:
    """Send a delivery again at once, keeping who asked and what it was before."""
    row = session.get(Delivery, delivery_id)
    if row is None:
        return None
    before = row.status
    outbox.resend(session, delivery_id, at)
    session.add(CatalogChange(subject=SUBJECT, code=str(delivery_id), field="resend",
                              before=before, after=row.status, changed_by=by, changed_at=at))
    session.flush()
    return row


def _resends(session: Session, delivery_ids: list[int]) -> dict[int, dict[str, Any]]:
    if not delivery_ids:
        return {}
    found: dict[int, dict[str, Any]] = {}
    for change in session.scalars(
            select(CatalogChange).where(CatalogChange.subject == SUBJECT,
                                        CatalogChange.code.in_([str(i) for i in delivery_ids]))
            .order_by(CatalogChange.changed_at, CatalogChange.id)):
        found[int(change.code)] = {"by": change.changed_by, "at": change.changed_at}
    return found
