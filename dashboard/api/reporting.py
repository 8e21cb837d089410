"""A source's report, filed once: located, checked, recorded, with its likely duplicates.

Creation is idempotent by (source, `source_ref`): the same request again answers the same
incident (200), the same reference with another body is refused (409).
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from dashboard import auth, wiring
from dashboard.api import permits, schemas, shapes
from dashboard.api.errors import ApiError
from data import clock
from data.incidents import reports
from data.incidents.trail import InvalidMove
from data.models import Grid, Incident, Item

CLOCK_SLACK = timedelta(minutes=5)  # a source's clock may run a little ahead of ours
# The data layer names a point's parts; the API calls the point `location`.
FIELDS = {"lon": "location", "lat": "location", "reporter_contact": "reporter.contact",
          "reporter": "reporter.name"}


RACED = ("the same source_ref is being filed by another request; send it again", "source_ref")
Filed = tuple[schemas.ReportOut, int]


def file(wired: wiring.Wiring, principal: auth.Principal, body: schemas.ReportIn) -> Filed:
    """Record the report in its own transaction, or answer the incident it made before."""
    for _ in range(2):
        try:
            with wired.sessions.begin() as db:
                return _file(db, wired, principal, body, {})
        except IntegrityError:
            continue  # the same report raced in from another request: answer that one
    raise ApiError(409, "idempotency_conflict", *RACED)


def file_many(wired: wiring.Wiring, principal: auth.Principal,
              bodies: list[schemas.ReportIn]) -> list[Filed | ApiError]:
    """Record several reports in one transaction, each in a savepoint of its own.

    Each is answered on its own: one refused leaves the others; all are committed at once,
    so a batch costs one commit, and the items and grids it names are looked up once.
    """
    answers: list[Filed | ApiError] = []
    with wired.sessions.begin() as db:
        known: dict[str, Item | None] = {}
        for body in bodies:
            try:
                with db.begin_nested():
                    answers.append(_file(db, wired, principal, body, known))
            except ApiError as refusal:
                answers.append(refusal)
            except IntegrityError:
                answers.append(ApiError(409, "idempotency_conflict", *RACED))
    return answers


def _file(db: Session, wired: wiring.Wiring, principal: auth.Principal,
          body: schemas.ReportIn, known: dict[str, Item | None]) -> Filed:
    digest = hashlib.sha256(body.model_dump_json().encode()).hexdigest()
    now = clock.now()
    earlier = db.scalar(select(Incident).where(Incident.source_system == principal.name,
                                               Incident.source_ref == body.source_ref))
    if earlier is not None:
        if earlier.request_hash != digest:
            raise ApiError(409, "idempotency_conflict", f"source_ref {body.source_ref!r} was "
                           f"reported as {earlier.code} with another body", "source_ref",
                           incident=earlier.code)
        return answer(db, wired, earlier, now), 200
    if body.item not in known:
        known[body.item] = db.scalar(select(Item).where(Item.code == body.item,
                                                        Item.active.is_(True)))
    item = known[body.item]
    if item is None:
        raise ApiError(422, "invalid", f"no active whistle-list item {body.item}", "item")
    at = body.reported_at or now
    if at > now + CLOCK_SLACK:
        raise ApiError(422, "invalid", "reported_at is in the future", "reported_at")
    reporter = body.reporter or schemas.Reporter()
    content = reports.Report(
        title=body.title, item=item, grid=_grid(db, wired, body), source=principal.source,
        priority=body.priority, description=body.description,
        lon=body.location.lon if body.location else None,
        lat=body.location.lat if body.location else None,
        reporter=reporter.name, reporter_contact=reporter.contact,
        source_system=principal.name, source_ref=body.source_ref, address=body.address,
        request_hash=digest)
    try:
        incident = reports.report(db, wired.rules, content, permits.actor(principal), at=at,
                                  code=_code(db, wired, at))
        db.flush()
    except InvalidMove as bad:
        field = FIELDS.get(bad.field, bad.field)
        raise ApiError(422, "invalid", str(bad), field) from None
    return answer(db, wired, incident, now), 201


def answer(db: Session, wired: wiring.Wiring, incident: Incident,
           now: datetime) -> schemas.ReportOut:
    """The incident and its likely duplicates, nearest first."""
    duplicates = [schemas.Duplicate(code=other.code, title=other.title, state=other.state,
                                    distance_m=round(distance, 1))
                  for other, distance in reports.duplicates_of(db, wired.rules, incident)]
    return schemas.ReportOut(**shapes.fields(db, incident, now), duplicates=duplicates)


def _code(db: Session, wired: wiring.Wiring, at: datetime) -> str | None:
    """On PostgreSQL, the report's code taken in a transaction of its own.

    The day's counter is one row: taken inside the report's transaction, its lock would be
    held until that commits and every concurrent report would wait in line. Taken apart, a
    report refused afterwards leaves a gap in the day's numbers, as a sequence does. SQLite
    has one writer at a time anyway, so there the report's transaction takes it.
    """
    if wired.numbering is None:
        return None
    with Session(wired.numbering) as apart:
        return reports.next_code(apart, wired.rules, at)


def _grid(db: Session, wired: wiring.Wiring, body: schemas.ReportIn) -> Grid:
    if body.grid is not None:
        grid = db.scalar(select(Grid).where(Grid.code == body.grid))
        if grid is None:
            raise ApiError(422, "invalid", f"no grid {body.grid}", "grid")
        return grid
    if body.location is None:
        raise ApiError(422, "invalid", "give location {lon, lat} or a grid code", "location")
    grid_id = wired.locator.grid_id(db, body.location.lon, body.location.lat)
    if grid_id is None:
        raise ApiError(422, "invalid", f"({body.location.lon}, {body.location.lat}) is outside "
                       "the district's grids", "location")
    return db.get(Grid, grid_id)
