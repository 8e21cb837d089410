"""A source's webhook: the receiver's address, the kinds of change it wants, its secret."""

from __future__ import annotations

import secrets
from datetime import datetime
from urllib.parse import urlsplit

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from data.models import Delivery, SourceSystem, Webhook

# dispatch: a dispatch to the source's department; moves: any move on an incident it
# reported; alerts: alerts raised, cleared, escalated or acknowledged on either.
TOPICS = ("dispatch", "moves", "alerts")


class WebhookRefused(ValueError):
    """A registration that cannot be kept; `field` names what is wrong."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field


def register(session: Session, source: SourceSystem, url: str, topics: list[str], by: str,
             at: datetime) -> tuple[Webhook, str | None]:
    """Set the source's webhook; a new one gets a secret, returned once (None when kept)."""
    url = (url or "").strip()
    parts = urlsplit(url) if len(url) <= 500 else None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
        raise WebhookRefused("url", "give an http:// or https:// address, 500 characters at most")
    unknown = sorted(set(topics) - set(TOPICS))
    if unknown or not topics:
        raise WebhookRefused("topics", f"choose from {', '.join(TOPICS)}")
    if "dispatch" in topics and source.department_id is None:
        raise WebhookRefused("topics", "dispatch needs a department's source")
    row = of_source(session, source.id)
    secret = None
    if row is None:
        secret = secrets.token_hex(32)
        row = Webhook(source=source, secret=secret, created_at=at)
        session.add(row)
    row.url, row.topics, row.created_by = url, ",".join(t for t in TOPICS if t in topics), by
    session.flush()
    return row, secret


def of_source(session: Session, source_id: int) -> Webhook | None:
    """The source's webhook, if it has one."""
    return session.scalar(select(Webhook).where(Webhook.source_id == source_id))


def remove(session: Session, source_id: int) -> bool:
    """Stop posting to the source; its deliveries' log goes with it. Whether there was one."""
    row = of_source(session, source_id)
    if row is not None:
        session.execute(delete(Delivery).where(Delivery.webhook_id == row.id))
        session.delete(row)
        session.flush()
    return row is not None
