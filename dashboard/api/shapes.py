"""Incidents and events as the API shows them, from the store's rows."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from dashboard.api import schemas
from data.domain import CLOCK_STATES
from data.models import Department, Event, Incident


def incident(session: Session, row: Incident, now: datetime) -> schemas.IncidentOut:
    """The incident's facts, place, departments, deadlines and marks."""
    return schemas.IncidentOut(**fields(session, row, now))


def fields(session: Session, row: Incident, now: datetime) -> dict:
    """What every shape of an incident shows."""
    running = row.state in CLOCK_STATES
    deadline, soon = row.resolution_deadline, row.due_soon_at
    merged = session.get(Incident, row.merged_into_id) if row.merged_into_id else None
    return dict(
        code=row.code, title=row.title, description=row.description, state=row.state,
        priority=row.priority, source=row.source, source_system=row.source_system,
        source_ref=row.source_ref, item=row.item.code, grid=row.grid.code, lon=row.lon,
        lat=row.lat, address=row.address, reported_at=row.reported_at,
        updated_at=row.updated_at, lead_department=department(row.lead_department),
        co_departments=[department(d) for d in row.co_departments],
        deadlines=schemas.Deadlines(response=row.response_deadline, due_soon=soon,
                                    resolution=deadline),
        overdue=bool(running and deadline and deadline <= now),
        due_soon=bool(running and soon and deadline and soon <= now < deadline),
        pending_extension=row.pending_extension,
        merged_into=merged.code if merged else None)


def department(row: Department | None) -> schemas.Department | None:
    """A department by code and name."""
    return schemas.Department(code=row.code, name=row.name) if row else None


def event(row: Event, code: str, department_code: str | None) -> schemas.EventOut:
    """One move of the trail."""
    return schemas.EventOut(id=row.id, incident=code, kind=row.kind, from_state=row.from_state,
                            to_state=row.to_state, at=row.at, actor=row.actor,
                            actor_kind=row.actor_kind.value, department=department_code,
                            note=row.note, data=row.data)
