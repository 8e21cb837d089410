"""The desks' part of the snapshot: each department's incidents being handled, for its
liaisons' desks (PRODUCT §7, Desks), read once for every desk in a few queries.

    "desks": {department code: {"to_sign": rows, "in_progress": rows, "returned": rows,
              "extension": rows, "co_handling": rows,
              "counts": {"to_sign": int, "signed": int, "co_handling": int},
              "complete": bool}} for every active department

A row is {"code", "title", "priority", "state", "item", "grid", "response_deadline",
"resolution_deadline" (ISO UTC), "returns", "supervised",
"extension": {"amount", "unit", "reason"} or None}. To sign: dispatched, not yet signed (a
request for time waiting too). Waiting on an extension: signed, a request waiting. Returned:
signed and sent back to work after a resolution. In progress: the rest that are signed.
Co-handling (协办): another department leads, this one was named to help; its liaisons read
these and make no move on them. Each list is most urgent first: at most DESK_LENGTH of a
department's in each state (and of its co-handled) are read. "counts" are every one, counted
in the store by state (to sign: dispatched; signed: in progress, the three lists of the
signed together) and co-handled; "complete" says whether the lists hold all of them.
"""

from __future__ import annotations

import functools
from typing import Any

from sqlalchemy import String, func, literal, or_, select, text, type_coerce, union_all
from sqlalchemy.orm import Session

from data.domain import CLOCK_STATES, State
from data.incidents import supervision
from data.live.parts import Clock
from data.models import Department, Grid, Incident, IncidentCoDepartment, Item
from data.models.incident import STILL_OPEN

DESK_LENGTH = 50  # of each state, a department: a desk is worked from its head
GROUPS = ("to_sign", "in_progress", "returned", "extension")
LISTS = (*GROUPS, "co_handling")
SIGNED = ("in_progress", "returned", "extension")  # the lists of the signed, in progress
COUNTS = ("to_sign", "signed", "co_handling")
COUNTED = {State.DISPATCHED.value: "to_sign", State.IN_PROGRESS.value: "signed"}
HANDLED = (STILL_OPEN, Incident.state.in_(sorted(CLOCK_STATES)))


def desks(session: Session, clock: Clock) -> dict[str, dict[str, Any]]:
    """Every active department's desk: its lead and co-handled incidents being handled."""
    departments = {department_id: code for department_id, code in session.execute(
        select(Department.id, Department.code).where(Department.active))}
    found: dict[str, dict[str, Any]] = {
        code: {**{name: [] for name in LISTS}, "counts": dict.fromkeys(COUNTS, 0),
               "complete": True}
        for code in departments.values()}
    if not departments:
        return found
    for department, name, count in session.execute(_counts()):
        if department in departments:
            found[departments[department]]["counts"][COUNTED.get(name, name)] = count
    for department, row in _lead_rows(session, departments):
        found[department][_group(row)].append(row)
    for department, row in _co_rows(session):
        if department in found:
            found[department]["co_handling"].append(row)
    for desk in found.values():  # to sign: the response deadline is the one that presses
        desk["to_sign"].sort(key=lambda row: (row["response_deadline"] or "", row["code"]))
        desk["complete"] = (
            len(desk["to_sign"]) == desk["counts"]["to_sign"]
            and sum(len(desk[name]) for name in SIGNED) == desk["counts"]["signed"]
            and len(desk["co_handling"]) == desk["counts"]["co_handling"])
    return found


def _counts() -> Any:
    """How many of each department's are in each state, and co-handled: one grouped count,
    read from the open incidents' covering index and the co-handlers' key alone."""
    state = type_coerce(Incident.state, String)  # its values, alongside "co_handling"
    lead = (select(Incident.lead_department_id, state, func.count()).where(*HANDLED)
            .group_by(Incident.lead_department_id, Incident.state))
    co = (select(IncidentCoDepartment.department_id, literal("co_handling", String),
                 func.count())
          .join(Incident, Incident.id == IncidentCoDepartment.incident_id).where(*HANDLED)
          .group_by(IncidentCoDepartment.department_id))
    return union_all(lead, co)


def _lead_rows(session: Session, departments: dict[int, str]) -> list[tuple[str, dict]]:
    # PostgreSQL planned this statement afresh each time it ran, even once prepared: a custom
    # plan of three subqueries a department costs it five times what running one does, and
    # the plan differs by no value. On PostgreSQL the prepared plan is kept.
    generic = session.get_bind().dialect.name == "postgresql"
    if generic:
        session.execute(GENERIC_PLANS)
    try:
        return [(department, _row(values)) for department, *values in session.execute(
            _lead_statement(tuple(departments), DESK_LENGTH))]
    finally:
        if generic:
            session.execute(CUSTOM_PLANS)


# For the statement prepared by psycopg (after its fifth run on a connection); till the end of
# the transaction at most, and undone as soon as it has run.
GENERIC_PLANS = text("SET LOCAL plan_cache_mode = force_generic_plan")
CUSTOM_PLANS = text("SET LOCAL plan_cache_mode = DEFAULT")


@functools.lru_cache(maxsize=8)
def _lead_statement(departments: tuple[int, ...], length: int) -> Any:
    """The `length` most urgent lead rows of `departments` in each state, made once for each
    set of active departments rather than on every build: three subqueries a department,
    and SQLAlchemy's walk of them for its cache key, cost more Python than their rows."""
    # The most urgent of each department's in each state, each read from the head of the open
    # incidents' own index (lead department, state, resolution deadline): a long list costs
    # no more than a short one.
    heads = [select(Incident.id).where(STILL_OPEN, Incident.lead_department_id == department,
                                       Incident.state == state)
             .order_by(Incident.resolution_deadline, Incident.id).limit(length)
             .subquery() for department in departments for state in sorted(CLOCK_STATES)]
    # SQLite joins at most 500 selects in one compound: a large district's in several.
    kept = or_(*(Incident.id.in_(union_all(*(select(head.c.id) for head in heads[at:at + 400])))
                 for at in range(0, len(heads), 400)))
    return (_columns(Department.code)
            .join(Department, Incident.lead_department_id == Department.id)
            .where(kept).order_by(Incident.resolution_deadline, Incident.id))


def _co_rows(session: Session) -> list[tuple[str, dict]]:
    # Few incidents are co-handled at once, and only those being handled are read: from the
    # handled incidents to their co-handlers by the co-handlers' key, never the whole history.
    rank = func.row_number().over(partition_by=IncidentCoDepartment.department_id,
                                  order_by=(Incident.resolution_deadline, Incident.id))
    ranked = (select(IncidentCoDepartment.department_id, Incident.id, rank.label("rank"))
              .join(Incident, Incident.id == IncidentCoDepartment.incident_id).where(*HANDLED)
              .subquery())
    return [(department, _row(values)) for department, *values in session.execute(
        _columns(Department.code).join(ranked, ranked.c.id == Incident.id)
        .join(Department, Department.id == ranked.c.department_id)
        .where(ranked.c.rank <= DESK_LENGTH)
        .order_by(Incident.resolution_deadline, Incident.id))]


def _columns(department: Any) -> Any:
    return (select(department, Incident.code, Incident.title, Incident.priority,
                   Incident.state, Item.name, Grid.name, Incident.response_deadline,
                   Incident.resolution_deadline, Incident.return_count,
                   Incident.pending_extension, supervision.supervised(Incident.id))
            .join(Item, Incident.item_id == Item.id).join(Grid, Incident.grid_id == Grid.id))


def _row(values: list[Any]) -> dict[str, Any]:
    (code, title, priority, state, item, grid, response, resolution, returns, pending,
     supervised) = values
    return {"code": code, "title": title, "priority": priority.value, "state": state.value,
            "item": item, "grid": grid, "response_deadline": _iso(response),
            "resolution_deadline": _iso(resolution), "returns": returns,
            "supervised": bool(supervised),
            "extension": {key: pending.get(key) for key in ("amount", "unit", "reason")}
            if pending else None}


def _group(row: dict[str, Any]) -> str:
    if row["state"] == State.DISPATCHED.value:
        return "to_sign"
    if row["extension"]:
        return "extension"
    return "returned" if row["returns"] else "in_progress"


def _iso(moment: Any) -> str | None:
    return moment.isoformat() if moment is not None else None
