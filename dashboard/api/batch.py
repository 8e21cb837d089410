"""A batch of reports, as an IoT platform sends them: one transaction, one commit, and a
few statements for the whole batch where one report would take each of them alone.

Each report is still answered on its own: refused, repeated (200, the same incident) or
made (201). A report refused before anything is written leaves the others; a store error
on the batch (the same ref raced in from another request) files the batch again, when the
raced report is found as a repeat.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from dashboard import auth, wiring
from dashboard.api import permits, reporting, schemas
from dashboard.api.errors import ApiError
from data import clock
from data.incidents import reports
from data.incidents.trail import InvalidMove
from data.models import Grid, Incident, Item

Answer = reporting.Filed | ApiError


def file_many(wired: wiring.Wiring, principal: auth.Principal,
              bodies: list[schemas.ReportIn]) -> list[Answer]:
    """File every report of the batch; answer each on its own, in the order sent."""
    for _ in range(2):
        try:
            with wired.sessions.begin() as db:
                return _file_many(db, wired, principal, bodies)
        except IntegrityError:
            continue
    return [ApiError(409, "idempotency_conflict", *reporting.RACED) for _ in bodies]


def _file_many(db: Session, wired: wiring.Wiring, principal: auth.Principal,
               bodies: list[schemas.ReportIn]) -> list[Answer]:
    now = clock.now()
    answers: list[Answer | None] = [None] * len(bodies)
    made: dict[int, Incident] = {}  # by the report's place in the batch
    repeats: dict[int, Incident | int] = {}  # an earlier incident, or a report of this batch
    first_of: dict[str, tuple[int, str]] = {}  # a ref made in this batch: where, its hash
    earlier = {row.source_ref: row for row in db.scalars(select(Incident).where(
        Incident.source_system == principal.name,
        Incident.source_ref.in_({body.source_ref for body in bodies})))}
    items = {row.code: row for row in db.scalars(select(Item).where(
        Item.code.in_({body.item for body in bodies}), Item.active.is_(True)))}
    planned: list[tuple[int, str, Item, int, datetime]] = []
    for n, body in enumerate(bodies):
        hashed = reporting.digest(body)
        try:
            if body.source_ref in earlier:
                repeats[n] = reporting.repeated(earlier[body.source_ref], body, hashed)
            elif body.source_ref in first_of:
                where, first_hash = first_of[body.source_ref]
                if first_hash != hashed:
                    raise ApiError(409, "idempotency_conflict", f"source_ref "
                                   f"{body.source_ref!r} is in this batch with another body",
                                   "source_ref")
                repeats[n] = where
            else:
                item = items.get(body.item)
                if item is None:
                    raise ApiError(422, "invalid", f"no active whistle-list item {body.item}",
                                   "item")
                at = reporting.checked_time(body, now)
                planned.append((n, hashed, item, reporting.grid_id(db, wired, body), at))
                first_of[body.source_ref] = (n, hashed)
        except ApiError as refusal:
            answers[n] = refusal
    _make(db, wired, principal, bodies, planned, made, answers)
    db.flush()
    for n, incident in made.items():
        answers[n] = (reporting.answer(db, wired, incident, now), 201)
    for n, repeat in repeats.items():
        incident = repeat if isinstance(repeat, Incident) else made.get(repeat)
        answers[n] = ((reporting.answer(db, wired, incident, now), 200) if incident is not None
                      else answers[repeat])
    return answers


def _make(db: Session, wired: wiring.Wiring, principal: auth.Principal,
          bodies: list[schemas.ReportIn], planned: list, made: dict[int, Incident],
          answers: list) -> None:
    grids = {grid.id: grid for grid in db.scalars(select(Grid).where(
        Grid.id.in_({grid_id for _, _, _, grid_id, _ in planned})))}
    by_day: dict[str, list] = defaultdict(list)
    for plan in planned:
        by_day[plan[4].astimezone(wired.rules.calendar.zone).strftime("%Y%m%d")].append(plan)
    actor = permits.actor(principal)
    for plans in by_day.values():
        numbers = reporting.codes(db, wired, plans[0][4], len(plans))
        for (n, hashed, item, grid_id, at), code in zip(plans, numbers, strict=True):
            content = reporting.content_of(principal, bodies[n], item, grids[grid_id], hashed)
            try:
                made[n] = reports.report(db, wired.rules, content, actor, at=at, code=code)
            except InvalidMove as bad:  # refused before it wrote anything
                answers[n] = reporting.refusal(bad)
