"""Alerts raised on incidents, and supervision orders (督办单) on them (PRODUCT §5)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from data.domain import AlertKind
from data.models.base import Base, BigId, str_enum
from data.models.incident import Incident

# The alerts that stand: the condition of their partial index, which SQLite uses only for
# a query that states it.
STANDING = text("cleared_at IS NULL")


class Alert(Base):
    """One alert per incident and kind, reused when it is raised again; its history is the trail.

    `cleared_at` NULL means the alert stands. `raised_at` is the first raise; `reraised_at`
    the latest raise since (after clearing, or while still due long after an acknowledgement),
    and the escalation clock runs from the later of the two.
    """

    __tablename__ = "alerts"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id"), index=True)
    kind: Mapped[AlertKind] = mapped_column(str_enum(AlertKind))
    raised_at: Mapped[datetime]
    cleared_at: Mapped[datetime | None] = mapped_column(index=True)
    level: Mapped[int] = mapped_column(default=0)  # 0 street, 1 district leader
    escalated_at: Mapped[datetime | None]
    acknowledged_at: Mapped[datetime | None]
    acknowledged_by: Mapped[str | None] = mapped_column(String(100))
    ack_note: Mapped[str | None] = mapped_column(Text)
    reraised_at: Mapped[datetime | None]
    raise_count: Mapped[int] = mapped_column(default=1)
    # The response deadline of a response-overdue alert, the resolution deadline of the
    # others: a copy of the incident's, set on each raise and each move
    # (data.incidents.alert_rules), so the standing alerts are put in order without reading
    # every incident they are on.
    deadline: Mapped[datetime | None]

    incident: Mapped[Incident] = relationship()

    __table_args__ = (UniqueConstraint("incident_id", "kind", name="uq_alerts_incident_kind"),)


# The standing alerts alone, each kind in the queue's order (migration 0009): the queue reads
# the head of each kind and no more.
Index("ix_alerts_standing", Alert.kind, Alert.level.desc(), Alert.deadline, Alert.id,
      postgresql_where=STANDING, sqlite_where=STANDING)


class SupervisionOrder(Base):
    """A duty officer's supervision order (督办单) on an incident: who, when and why."""

    __tablename__ = "supervision_orders"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id"), index=True)
    ordered_by: Mapped[str] = mapped_column(String(100))
    ordered_at: Mapped[datetime]
    note: Mapped[str | None] = mapped_column(Text)

    incident: Mapped[Incident] = relationship()
