"""What an incident's page offers a person: the moves they may make, and what each form says
before it is sent (the likely duplicates at acceptance, the item's lead department, the
deadlines a dispatch would set now, the request for more time waiting)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from data.domain import Role
from data.incidents import desk, moves, reports
from data.models import Department, Incident


def offers(session: Session, incident: Incident, role: Role, department: str | None,
           rules: moves.Rules, now: datetime) -> dict[str, Any]:
    """The moves `role` may make on `incident` at `now`, with what their forms need."""
    offered = desk.offered(incident, role, department)
    found: dict[str, Any] = {"moves": offered, "seen": incident.updated_at.isoformat(),
                             "state": incident.state.value}
    if "accept" in offered or "merge" in offered:
        found["duplicates"] = [
            {"code": other.code, "title": other.title, "state": other.state.value,
             "metres": round(metres)}
            for other, metres in reports.duplicates_of(session, rules, incident)]
    if "dispatch" in offered:
        lead = incident.item.lead_department
        set_by = moves.dispatch_deadlines(incident, rules, now)
        found["departments"] = [
            {"code": code, "name": name} for code, name in session.execute(
                select(Department.code, Department.name).where(Department.active)
                .order_by(Department.code))]
        found["lead"] = lead.code if lead is not None and lead.active else None
        found["deadlines"] = {"response": set_by.response, "resolution": set_by.resolution}
    if incident.pending_extension is not None:
        found["extension"] = dict(incident.pending_extension)
    return found


def incident_for(session: Session, code: str, lock: bool = False) -> Incident | None:
    """The incident with `code`; with `lock`, held until the transaction ends (PostgreSQL)."""
    query = select(Incident).where(Incident.code == code.strip())
    return session.scalar(query.with_for_update() if lock else query)
