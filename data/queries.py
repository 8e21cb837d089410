"""Read-only questions about the store that several callers ask."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from data.domain import OPEN_STATES
from data.models import (
    Community,
    Department,
    District,
    Event,
    Grid,
    Incident,
    Item,
    Street,
)


def store_counts(session: Session) -> dict[str, int]:
    """How many of each thing the store holds, for health checks and the command line."""
    counted = {"districts": District.id, "streets": Street.id, "communities": Community.id,
               "grids": Grid.id, "departments": Department.id, "items": Item.id,
               "incidents": Incident.id, "events": Event.id}
    counts = {name: session.scalar(select(func.count(column))) for name, column in counted.items()}
    counts["open"] = session.scalar(
        select(func.count(Incident.id)).where(Incident.state.in_([*OPEN_STATES])))
    return counts


def incidents_by_state(session: Session) -> dict[str, int]:
    """How many incidents are in each state now."""
    rows = session.execute(select(Incident.state, func.count(Incident.id))
                           .group_by(Incident.state))
    return {state.value: count for state, count in rows}


def last_event_at(session: Session) -> datetime | None:
    """When the newest move in the trail was made."""
    return session.scalar(select(Event.at).order_by(Event.id.desc()).limit(1))


def cursor(session: Session) -> int:
    """The id of the trail's newest event (0 when none): how far a reading has seen."""
    return session.scalar(select(func.coalesce(func.max(Event.id), 0)))


def district_name(session: Session) -> str | None:
    """The name of the district the store holds, if any."""
    return session.scalar(select(District.name).limit(1))


def busiest_department(session: Session) -> str | None:
    """The code of the active department leading the most whistle-list items, if any."""
    return session.scalar(
        select(Department.code).join(Item, Item.lead_department_id == Department.id)
        .where(Department.active).group_by(Department.id, Department.code)
        .order_by(func.count().desc(), Department.code).limit(1))
