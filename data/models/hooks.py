"""Webhooks: a source's receiver of the changes it asked for, and every delivery to it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from data.models.access import SourceSystem
from data.models.base import Base, BigId
from data.models.incident import Event


class Webhook(Base):
    """Where a source wants the changes of its kinds (`topics`) posted, and the secret they
    are signed with; one a source."""

    __tablename__ = "webhooks"

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("source_systems.id"), unique=True)
    url: Mapped[str] = mapped_column(String(500))
    topics: Mapped[str] = mapped_column(String(100))  # comma-separated: dispatch,moves,alerts
    # The receiver must hold it to check signatures, so the store keeps it as it is.
    secret: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime]
    created_by: Mapped[str] = mapped_column(String(100))

    source: Mapped[SourceSystem] = relationship()


class Delivery(Base):
    """One event owed to one webhook: written with the move, sent and retried apart from it."""

    __tablename__ = "webhook_deliveries"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    webhook_id: Mapped[int] = mapped_column(ForeignKey("webhooks.id", ondelete="CASCADE"))
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id"))
    topic: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(12), default="pending")  # delivered, failed
    attempts: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime]
    next_at: Mapped[datetime]  # not sent before this (the backoff)
    lease_until: Mapped[datetime | None]  # being sent by one sender until then
    delivered_at: Mapped[datetime | None]
    last_at: Mapped[datetime | None]
    last_status: Mapped[int | None]  # the receiver's HTTP status
    last_error: Mapped[str | None] = mapped_column(String(200))

    webhook: Mapped[Webhook] = relationship()
    event: Mapped[Event] = relationship()

    __table_args__ = (Index("ix_webhook_deliveries_due", "status", "next_at"),
                      Index("ix_webhook_deliveries_webhook", "webhook_id", "id"))
