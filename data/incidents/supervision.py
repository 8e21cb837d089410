"""Supervision orders (督办单): a duty officer puts an incident under supervision (PRODUCT §5).

An incident with any order stays supervised, and is marked so wherever it appears, until it
is final. Any number of orders may be raised on one incident; each is its own row and event.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, exists, select
from sqlalchemy.orm import Session

from data.domain import FINAL_STATES
from data.incidents import trail
from data.incidents.trail import Actor, MoveError
from data.models import Incident, SupervisionOrder

SUPERVISE = "supervise"  # the order's event in the trail


class SupervisionRefused(MoveError):
    """The incident is final: there is nothing left to supervise."""

    def __init__(self, incident: Incident) -> None:
        super().__init__(f"cannot supervise incident {incident.code}: it is {incident.state}, "
                         "and supervision orders are for incidents not yet final")
        self.code, self.state = incident.code, incident.state


def supervise(session: Session, incident: Incident, actor: Actor, note: str | None = None,
              at: datetime | None = None) -> SupervisionOrder:
    """Raise a supervision order (督办) on an incident that is not final; record who and why."""
    at, name = trail.moment(at), trail.required_text("actor", actor.name, 100)
    note = trail.optional_text("note", note)
    if incident.state in FINAL_STATES:
        raise SupervisionRefused(incident)
    order = SupervisionOrder(incident=incident, ordered_by=name, ordered_at=at, note=note)
    session.add(order)
    session.flush()  # the trail names the order by its id
    trail.append(session, incident, SUPERVISE, actor, at, note=note, data={"order": order.id})
    return order


def orders(session: Session, incident_id: int) -> list[SupervisionOrder]:
    """The incident's supervision orders, oldest first."""
    return list(session.scalars(select(SupervisionOrder).where(
        SupervisionOrder.incident_id == incident_id).order_by(SupervisionOrder.id)))


def supervised(incident_id: ColumnElement[int]) -> ColumnElement[bool]:
    """Whether the incident `incident_id` refers to has any supervision order, in SQL."""
    return exists().where(SupervisionOrder.incident_id == incident_id)
