"""The desks' part of the snapshot: each department's incidents being handled, for its
liaisons' desks (PRODUCT §7, Desks), read once for every desk in one query.

    "desks": {department code: {"to_sign": rows, "in_progress": rows, "returned": rows,
              "extension": rows, "complete": bool}} for every active department

A row is {"code", "title", "priority", "state", "item", "grid", "response_deadline",
"resolution_deadline" (ISO UTC), "returns", "supervised",
"extension": {"amount", "unit", "reason"} or None}. To sign: dispatched, not yet signed (a
request for time waiting too). Waiting on an extension: signed, a request waiting. Returned:
signed and sent back to work after a resolution. In progress: the rest that are signed.
Each list is most urgent first: at most DESK_LENGTH of a department's in each state are read.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import or_, select, union_all
from sqlalchemy.orm import Session

from data.domain import CLOCK_STATES, State
from data.incidents import supervision
from data.live.parts import Clock
from data.models import Department, Grid, Incident, Item
from data.models.incident import STILL_OPEN

DESK_LENGTH = 50  # of each state, a department: a desk is worked from its head
GROUPS = ("to_sign", "in_progress", "returned", "extension")


def desks(session: Session, clock: Clock) -> dict[str, dict[str, Any]]:
    """Every active department's desk: its lead incidents in the clock's states, grouped."""
    departments = {department_id: code for department_id, code in session.execute(
        select(Department.id, Department.code).where(Department.active))}
    found: dict[str, dict[str, Any]] = {
        code: {**{group: [] for group in GROUPS}, "complete": True}
        for code in departments.values()}
    if not departments:
        return found
    # The most urgent of each department's in each state, each read from the head of the open
    # incidents' own index (lead department, state, resolution deadline): a long list costs
    # no more than a short one. One more than kept says a list is not complete.
    heads = [select(Incident.id).where(STILL_OPEN, Incident.lead_department_id == department,
                                       Incident.state == state)
             .order_by(Incident.resolution_deadline, Incident.id).limit(DESK_LENGTH + 1)
             .subquery() for department in departments for state in sorted(CLOCK_STATES)]
    # SQLite joins at most 500 selects in one compound: a large district's in several.
    kept = or_(*(Incident.id.in_(union_all(*(select(head.c.id) for head in heads[at:at + 400])))
                 for at in range(0, len(heads), 400)))
    rows = session.execute(
        select(Department.code, Incident.code, Incident.title, Incident.priority,
               Incident.state, Item.name, Grid.name, Incident.response_deadline,
               Incident.resolution_deadline, Incident.return_count, Incident.pending_extension,
               supervision.supervised(Incident.id))
        .join(Department, Incident.lead_department_id == Department.id)
        .join(Item, Incident.item_id == Item.id).join(Grid, Incident.grid_id == Grid.id)
        .where(kept).order_by(Incident.resolution_deadline, Incident.id))
    counted: dict[tuple[str, State], int] = {}
    for (department, code, title, priority, state, item, grid, response, resolution,
         returns, pending, supervised) in rows:
        desk = found[department]
        counted[department, state] = counted.get((department, state), 0) + 1
        if counted[department, state] > DESK_LENGTH:
            desk["complete"] = False
            continue
        desk[_group(state, returns, pending)].append({
            "code": code, "title": title, "priority": priority.value, "state": state.value,
            "item": item, "grid": grid, "response_deadline": _iso(response),
            "resolution_deadline": _iso(resolution),
            "returns": returns, "supervised": bool(supervised),
            "extension": {key: pending.get(key) for key in ("amount", "unit", "reason")}
            if pending else None})
    for desk in found.values():  # to sign: the response deadline is the one that presses
        desk["to_sign"].sort(key=lambda row: (row["response_deadline"] or "", row["code"]))
    return found


def _group(state: State, returns: int, pending: dict | None) -> str:
    if state == State.DISPATCHED:
        return "to_sign"
    if pending:
        return "extension"
    return "returned" if returns else "in_progress"


def _iso(moment: Any) -> str | None:
    return moment.isoformat() if moment is not None else None
