"""Incidents and their append-only trail of events (PRODUCT §4)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    ForeignKey,
    Index,
    String,
    Text,
    TextClause,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from data.domain import OPEN_STATES, ActorKind, Level, Priority, Rating, Source, State
from data.models.base import Base, BigId, Json, json_text, str_enum
from data.models.catalog import Department, Item
from data.models.district import Grid


def _state_in(states: frozenset[State]) -> TextClause:
    return text("state IN ({})".format(", ".join(f"'{state}'" for state in sorted(states))))


# What the live indexes hold: the incidents still there (open or parked), or the open ones.
# SQLite uses a partial index only for a query that states its very condition, text for
# text, so the queries take these same clauses.
STILL_THERE = _state_in(OPEN_STATES | {State.PARKED})
STILL_OPEN = _state_in(OPEN_STATES)


class Incident(Base):
    """One reported problem; its columns are the current projection of its trail."""

    __tablename__ = "incidents"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    item_id: Mapped[int] = mapped_column(ForeignKey("items.id"), index=True)
    grid_id: Mapped[int] = mapped_column(ForeignKey("grids.id"), index=True)
    lon: Mapped[float]
    lat: Mapped[float]
    source: Mapped[Source] = mapped_column(str_enum(Source))
    priority: Mapped[Priority] = mapped_column(str_enum(Priority))
    reporter: Mapped[str | None] = mapped_column(String(100))
    reporter_contact: Mapped[str | None] = mapped_column(String(100))
    address: Mapped[str | None] = mapped_column(String(200))  # as the reporter gave it
    # A photo or video of it, where the reporter's system keeps it (http or https).
    media_url: Mapped[str | None] = mapped_column(String(500))
    # The source system's own reference makes its creation idempotent.
    source_system: Mapped[str | None] = mapped_column(String(50))
    source_ref: Mapped[str | None] = mapped_column(String(100))
    # A hash of the request that created it: the same ref with another body is refused.
    request_hash: Mapped[str | None] = mapped_column(String(64))
    state: Mapped[State] = mapped_column(str_enum(State), index=True)
    lead_department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"), index=True)

    reported_at: Mapped[datetime] = mapped_column(index=True)
    accepted_at: Mapped[datetime | None]
    dispatched_at: Mapped[datetime | None]
    signed_at: Mapped[datetime | None]
    resolved_at: Mapped[datetime | None]
    verified_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    parked_at: Mapped[datetime | None]
    updated_at: Mapped[datetime]  # the time of the latest move; no move may be dated before it

    response_deadline: Mapped[datetime | None]
    resolution_deadline: Mapped[datetime | None]
    due_soon_at: Mapped[datetime | None]  # 80 % of the resolution limit gone

    resolution_level: Mapped[Level | None] = mapped_column(str_enum(Level))
    callback_reached: Mapped[bool | None]
    callback_solved: Mapped[bool | None]
    rating: Mapped[Rating | None] = mapped_column(str_enum(Rating))

    extension_count: Mapped[int] = mapped_column(default=0)
    return_count: Mapped[int] = mapped_column(default=0)
    send_back_count: Mapped[int] = mapped_column(default=0)
    # A department's request for more time, until the command centre decides.
    pending_extension: Mapped[dict[str, Any] | None] = mapped_column(Json)
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("incidents.id"))

    item: Mapped[Item] = relationship()
    grid: Mapped[Grid] = relationship()
    lead_department: Mapped[Department | None] = relationship()
    co_departments: Mapped[list[Department]] = relationship(
        secondary="incident_co_departments", order_by="Department.code"
    )
    # Read the trail from here; write it only through data.incidents.trail.record.
    events: Mapped[list[Event]] = relationship(order_by="Event.id", viewonly=True)

    __table_args__ = (
        UniqueConstraint("source_system", "source_ref", name="uq_incidents_source_ref"),
        Index("ix_incidents_state_resolution_deadline", "state", "resolution_deadline"),
        Index("ix_incidents_item_reported", "item_id", "reported_at"),
        # A report's likely duplicates: its item's incidents near its point (migration 0019).
        Index("ix_incidents_item_lat", "item_id", "lat"),
        # The month's figures count from these (migration 0002).
        Index("ix_incidents_dispatched_at", "dispatched_at"),
        Index("ix_incidents_resolution_deadline", "resolution_deadline"),
        Index("ix_incidents_resolved_at", "resolved_at"),
        Index("ix_incidents_closed_at", "closed_at"),
        # The live incidents alone, in the order the snapshot counts them, with every column
        # it reads: counted from these small indexes however long the history (migration 0006).
        Index("ix_incidents_live_grid", "grid_id", "state", "resolution_deadline",
              "due_soon_at", "response_deadline", "reported_at",
              postgresql_where=STILL_THERE, sqlite_where=STILL_THERE),  # 0024: reported_at
        Index("ix_incidents_open_department", "lead_department_id", "state",
              "resolution_deadline", postgresql_where=STILL_OPEN, sqlite_where=STILL_OPEN),
    )


class IncidentCoDepartment(Base):
    """A co-handling department (协办) named at dispatch."""

    __tablename__ = "incident_co_departments"

    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id"), primary_key=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"), primary_key=True)

    # A liaison's list finds what its department co-handles from the department's side.
    __table_args__ = (Index("ix_incident_co_departments_department", "department_id",
                            "incident_id"),)


class Event(Base):
    """One move in an incident's trail: who, when, from what state to what, and why."""

    __tablename__ = "events"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id"))
    kind: Mapped[str] = mapped_column(String(32))
    from_state: Mapped[str | None] = mapped_column(String(24))
    to_state: Mapped[str | None] = mapped_column(String(24))
    at: Mapped[datetime]
    actor_kind: Mapped[ActorKind] = mapped_column(str_enum(ActorKind))
    actor: Mapped[str] = mapped_column(String(100))
    # The department the move concerns: dispatched to, signed by, resolved by.
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"))
    note: Mapped[str | None] = mapped_column(Text)
    data: Mapped[dict[str, Any] | None] = mapped_column(Json)

    incident: Mapped[Incident] = relationship()

    __table_args__ = (
        Index("ix_events_incident_id", "incident_id", "id"),
        # The figures count a period's events of a kind by their incident and department
        # from this index alone (migration 0007 added the last two).
        Index("ix_events_kind_at", "kind", "at", "incident_id", "department_id"),
    )


def event_deadline(data: ColumnElement[Any]) -> ColumnElement[str]:
    """The resolution deadline an event's data names, as the ISO UTC text the move wrote.

    A dispatch and a resume set it as `resolution_deadline`, a granted extension as `to`;
    a resolve records the one it was measured against. ISO texts in UTC sort as times do.
    """
    return func.coalesce(json_text(data, "to"), json_text(data, "resolution_deadline"))


def event_due_soon(data: ColumnElement[Any]) -> ColumnElement[str]:
    """The yellow warning's moment an event that set a resolution deadline set with it, as
    ISO UTC text (null in events written before the moves recorded it)."""
    return json_text(data, "due_soon_at")


def event_response_deadline(data: ColumnElement[Any]) -> ColumnElement[str]:
    """The response deadline a dispatch's data names, as the ISO UTC text the move wrote."""
    return json_text(data, "response_deadline")


# The figures find the deadlines that fell in a period through these indexes (migrations
# 0007 and 0020).
_deadline = event_deadline(Event.__table__.c.data)
Index("ix_events_deadline", _deadline, sqlite_where=_deadline.is_not(None),
      postgresql_where=_deadline.is_not(None))
_response = event_response_deadline(Event.__table__.c.data)
Index("ix_events_response_deadline", _response, sqlite_where=_response.is_not(None),
      postgresql_where=_response.is_not(None))


class Counter(Base):
    """A named counter, for incident codes numbered per day."""

    __tablename__ = "counters"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger)
