"""The standing alerts, most severe first: the wall's ticker and the duty officers' queue.

Most severe first means: overdue (escalated ones first), then response overdue, then due
soon; within each, the longest past its deadline first, or for due soon the least time left.
Each row is plain JSON:

{"id": alert id, "code", "title": the incident's, "kind", "level": 0 street | 1 district,
 "escalated": level above the street, "escalated_at", "raised_at": the latest raise,
 "acknowledged_by", "acknowledged_at" (None while nobody has), "minutes": past the deadline,
 or left before it for due soon, "deadline", "priority", "street", "street_code", "grid",
 "grid_code", "department", "department_code" (None before dispatch), "supervised": bool}
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import case, func, literal, select, union_all
from sqlalchemy.orm import Session

from data.domain import AlertKind
from data.incidents import supervision
from data.incidents.alert_rules import SEVERITY
from data.models import Alert, Community, Department, Grid, Incident, Street


def queue(session: Session, now: datetime, *, kind: AlertKind | str | None = None,
          street: str | None = None, department: str | None = None,
          limit: int | None = None) -> list[dict[str, Any]]:
    """The standing alerts at `now`, most severe first, optionally of one kind, one street
    (by code) or one lead department (by code); at most `limit` of them. One statement."""
    # The first `limit` of each kind, read in order from the standing alerts' index by the
    # deadline each alert keeps; the incident, its names and its supervision are read for
    # the rows chosen, not for every alert standing.
    parts = []
    for each in SEVERITY if kind is None else (_kind(kind),):
        part = (select(Alert.id, literal(SEVERITY.index(each)).label("severity"), Alert.level,
                       Alert.deadline)
                .where(Alert.cleared_at.is_(None), Alert.kind == each)
                .order_by(Alert.level.desc(), Alert.deadline, Alert.id).limit(limit))
        if street is not None or department is not None:
            part = part.join(Incident, Alert.incident_id == Incident.id)
        if street is not None:
            part = part.where(Incident.grid_id.in_(
                select(Grid.id).join(Community, Grid.community_id == Community.id)
                .join(Street, Community.street_id == Street.id).where(Street.code == street)))
        if department is not None:
            part = part.where(Incident.lead_department_id.in_(
                select(Department.id).where(Department.code == department)))
        # SQLite orders and limits the parts of a union only inside subqueries.
        parts.append(select(part.subquery()))
    heads = union_all(*parts).subquery("heads")
    top = (select(heads).order_by(heads.c.severity, heads.c.level.desc(), heads.c.deadline,
                                  heads.c.id).limit(limit).subquery("top"))
    deadline = case((Alert.kind == AlertKind.RESPONSE_OVERDUE, Incident.response_deadline),
                    else_=Incident.resolution_deadline).label("deadline")
    query = (
        select(Alert.id, Alert.kind, Alert.level, Alert.escalated_at,
               func.coalesce(Alert.reraised_at, Alert.raised_at).label("raised_at"),
               Alert.acknowledged_by, Alert.acknowledged_at, Incident.code, Incident.title,
               Incident.priority, deadline, Street.name.label("street"),
               Street.code.label("street_code"), Grid.name.label("grid"),
               Grid.code.label("grid_code"), Department.short_name.label("department"),
               Department.code.label("department_code"),
               supervision.supervised(Alert.incident_id).label("supervised"))
        .select_from(top)
        .join(Alert, Alert.id == top.c.id)
        .join(Incident, Alert.incident_id == Incident.id)
        .join(Grid, Incident.grid_id == Grid.id)
        .join(Community, Grid.community_id == Community.id)
        .join(Street, Community.street_id == Street.id)
        .outerjoin(Department, Incident.lead_department_id == Department.id)
        .order_by(top.c.severity, top.c.level.desc(), top.c.deadline, top.c.id)
    )
    return [_row(row, now) for row in session.execute(query)]


def of_incident(session: Session, incident_id: int) -> list[Alert]:
    """Every alert of an incident, standing or cleared, most severe kind first."""
    alerts = session.scalars(select(Alert).where(Alert.incident_id == incident_id))
    return sorted(alerts, key=lambda alert: SEVERITY.index(AlertKind(alert.kind)))


def _kind(value: AlertKind | str) -> AlertKind:
    try:
        return AlertKind(value)
    except ValueError:
        options = ", ".join(k.value for k in AlertKind)
        raise ValueError(f"kind: unknown alert kind {value!r}; one of {options}") from None


def _row(row: Any, now: datetime) -> dict[str, Any]:
    deadline = row.deadline or now  # a deadline withdrawn by another writer: cleared next scan
    late = (deadline - now) if row.kind == AlertKind.DUE_SOON else (now - deadline)
    return {"id": row.id, "code": row.code, "title": row.title, "kind": row.kind.value,
            "level": row.level, "escalated": row.level > 0,
            "escalated_at": _iso(row.escalated_at), "raised_at": _iso(row.raised_at),
            "acknowledged_by": row.acknowledged_by, "acknowledged_at": _iso(row.acknowledged_at),
            "minutes": int(late.total_seconds() // 60), "deadline": _iso(row.deadline),
            "priority": row.priority.value, "street": row.street, "street_code": row.street_code,
            "grid": row.grid, "grid_code": row.grid_code,
            "department": row.department, "department_code": row.department_code,
            "supervised": bool(row.supervised)}


def _iso(moment: datetime | None) -> str | None:
    return moment.astimezone(UTC).isoformat() if moment else None
