"""One incident as a screen shows it: its data, its place, its whole trail and its alerts.

Everything is handed back as plain values (str, int, bool, None, aware UTC datetimes, lists
and dicts), so any screen can render it without knowing the models.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, selectinload

from data.domain import CLOCK_STATES, OPEN_STATES, State
from data.incidents import supervision
from data.models import Alert, Community, Department, Event, Grid, Incident, Item

TIMES = ("reported_at", "accepted_at", "dispatched_at", "signed_at", "resolved_at",
         "verified_at", "closed_at", "parked_at", "updated_at")
DEADLINES = ("response_deadline", "due_soon_at", "resolution_deadline")
STILL_THERE = OPEN_STATES | {State.PARKED}  # the problem is not fixed yet


def detail(session: Session, code: str, now: datetime) -> dict[str, Any] | None:
    """Everything about the incident with `code` at `now`, or None when there is none."""
    if not plausible(code):
        return None
    incident = session.scalar(
        select(Incident).where(Incident.code == code.strip())
        .options(joinedload(Incident.item).joinedload(Item.item_class),
                 joinedload(Incident.grid).joinedload(Grid.community)
                 .joinedload(Community.street),
                 joinedload(Incident.lead_department),
                 selectinload(Incident.co_departments)))
    if incident is None:
        return None
    merged_into = (session.scalar(select(Incident.code)
                                  .where(Incident.id == incident.merged_into_id))
                   if incident.merged_into_id else None)
    return {
        **_facts(incident),
        **_place(incident),
        "times": {name: getattr(incident, name) for name in TIMES},
        "deadlines": {name: getattr(incident, name) for name in DEADLINES},
        **_marks(incident, now),
        "merged_into": merged_into,
        "supervision": supervision_orders(session, incident.id),
        "trail": events(session, incident.id),
        "alerts": alerts(session, incident.id),
    }


def by_code(session: Session, code: str) -> Incident | None:
    """The incident with `code`, or None when there is none (codes are digits alone)."""
    if not plausible(code):
        return None
    return session.scalar(select(Incident).where(Incident.code == code.strip()))


def plausible(code: str) -> bool:
    """Whether `code` could be an incident's: digits alone, within the column's length.

    Anything else (a NUL, a lone surrogate, 30 characters) is no incident, and is never
    sent to a store that might choke on it.
    """
    code = code.strip()
    return code.isascii() and code.isdigit() and len(code) <= 20


def events(session: Session, incident_id: int) -> list[dict[str, Any]]:
    """The incident's whole trail, oldest first, with each move's department by name."""
    rows = session.execute(
        select(Event, Department.name).outerjoin(Department, Event.department_id == Department.id)
        .where(Event.incident_id == incident_id).order_by(Event.id))
    return [{"at": event.at, "kind": event.kind, "from_state": event.from_state,
             "to_state": event.to_state, "actor": event.actor,
             "actor_kind": event.actor_kind.value, "department": department,
             "note": event.note,
             # An extension granted after its deadline: not on time for it (PRODUCT §6).
             "late": bool(event.kind == "grant_extension" and (event.data or {}).get("late"))}
            for event, department in rows]


def supervision_orders(session: Session, incident_id: int) -> list[dict[str, Any]]:
    """The supervision orders (督办单) on the incident, oldest first."""
    return [{"at": order.ordered_at, "by": order.ordered_by, "note": order.note}
            for order in supervision.orders(session, incident_id)]


def alerts(session: Session, incident_id: int) -> list[dict[str, Any]]:
    """The incident's alerts, in the order they were raised; cleared ones too."""
    rows = session.scalars(select(Alert).where(Alert.incident_id == incident_id)
                           .order_by(Alert.raised_at, Alert.id))
    return [{"kind": alert.kind.value, "raised_at": alert.raised_at,
             "cleared_at": alert.cleared_at, "level": alert.level,
             "escalated_at": alert.escalated_at, "acknowledged_at": alert.acknowledged_at,
             "acknowledged_by": alert.acknowledged_by, "ack_note": alert.ack_note,
             "reraised_at": alert.reraised_at, "raise_count": alert.raise_count}
            for alert in rows]


def _facts(incident: Incident) -> dict[str, Any]:
    item = incident.item
    return {
        "code": incident.code, "title": incident.title, "description": incident.description,
        "state": incident.state.value, "priority": incident.priority.value,
        "source": incident.source.value, "reporter": incident.reporter,
        "media_url": incident.media_url,
        "item": {"code": item.code, "name": item.name},
        "item_class": {"code": item.item_class.code, "name": item.item_class.name,
                       "kind": item.item_class.kind.value},
        "lead_department": _department(incident.lead_department),
        "co_departments": [_department(d) for d in incident.co_departments],
        "extension_count": incident.extension_count, "return_count": incident.return_count,
        "send_back_count": incident.send_back_count,
        "resolution_level": incident.resolution_level.value if incident.resolution_level
        else None,
        "callback": {"reached": incident.callback_reached, "solved": incident.callback_solved,
                     "rating": incident.rating.value if incident.rating else None},
    }


def _place(incident: Incident) -> dict[str, Any]:
    grid = incident.grid
    community = grid.community
    return {
        "lon": incident.lon, "lat": incident.lat,
        "grid": {"code": grid.code, "name": grid.name, "boundary": grid.boundary,
                 "head": grid.head},
        "community": {"code": community.code, "name": community.name},
        "street": {"code": community.street.code, "name": community.street.name},
    }


def _marks(incident: Incident, now: datetime) -> dict[str, bool]:
    running = incident.state in CLOCK_STATES
    deadline, soon = incident.resolution_deadline, incident.due_soon_at
    return {"open": incident.state in STILL_THERE,
            "overdue": bool(running and deadline and deadline <= now),
            "due_soon": bool(running and soon and deadline and soon <= now < deadline)}


def _department(department: Department | None) -> dict[str, str] | None:
    if department is None:
        return None
    return {"code": department.code, "name": department.name}
