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


def digest(body: schemas.ReportIn) -> str:
    """The hash a repeat of this report must match: of the report as checked, canonically."""
    return hashlib.sha256(body.model_dump_json().encode()).hexdigest()


def repeated(earlier: Incident, body: schemas.ReportIn, hashed: str) -> Incident:
    """The incident a repeat answers; a different body under the same ref is refused."""
    if earlier.request_hash != hashed:
        raise ApiError(409, "idempotency_conflict", f"source_ref {body.source_ref!r} was "
                       f"reported as {earlier.code} with another body", "source_ref",
                       incident=earlier.code)
    return earlier


def content_of(principal: auth.Principal, body: schemas.ReportIn, item: Item, grid: Grid,
               hashed: str) -> reports.Report:
    """The report as the data layer takes it."""
    reporter = body.reporter or schemas.Reporter()
    return reports.Report(
        title=body.title, item=item, grid=grid, source=principal.source,
        priority=body.priority, description=body.description,
        lon=body.location.lon if body.location else None,
        lat=body.location.lat if body.location else None,
        reporter=reporter.name, reporter_contact=reporter.contact,
        source_system=principal.name, source_ref=body.source_ref, address=body.address,
        request_hash=hashed)


def checked_time(body: schemas.ReportIn, now: datetime) -> datetime:
    """When the report says it was seen, refused if in the future; now if it does not say."""
    at = body.reported_at or now
    if at > now + CLOCK_SLACK:
        raise ApiError(422, "invalid", "reported_at is in the future", "reported_at")
    return at


def refusal(bad: InvalidMove) -> ApiError:
    """A refusal of the data layer, naming the field as the API calls it."""
    return ApiError(422, "invalid", str(bad), FIELDS.get(bad.field, bad.field))


def _file(db: Session, wired: wiring.Wiring, principal: auth.Principal,
          body: schemas.ReportIn, known: dict[str, Item | None]) -> Filed:
    hashed = digest(body)
    now = clock.now()
    earlier = db.scalar(select(Incident).where(Incident.source_system == principal.name,
                                               Incident.source_ref == body.source_ref))
    if earlier is not None:
        return answer(db, wired, repeated(earlier, body, hashed), now), 200
    if body.item not in known:
        known[body.item] = db.scalar(select(Item).where(Item.code == body.item,
                                                        Item.active.is_(True)))
    item = known[body.item]
    if item is None:
        raise ApiError(422, "invalid", f"no active whistle-list item {body.item}", "item")
    at = checked_time(body, now)
    content = content_of(principal, body, item, _grid(db, wired, body), hashed)
    try:
        incident = reports.report(db, wired.rules, content, permits.actor(principal), at=at,
                                  code=codes(db, wired, at, 1)[0])
        db.flush()
    except InvalidMove as bad:
        raise refusal(bad) from None
    return answer(db, wired, incident, now), 201


def answer(db: Session, wired: wiring.Wiring, incident: Incident,
           now: datetime) -> schemas.ReportOut:
    """The incident and its likely duplicates, nearest first."""
    duplicates = [schemas.Duplicate(code=other.code, title=other.title, state=other.state,
                                    distance_m=round(distance, 1))
                  for other, distance in reports.duplicates_of(db, wired.rules, incident)]
    return schemas.ReportOut(**shapes.fields(db, incident, now), duplicates=duplicates)


def codes(db: Session, wired: wiring.Wiring, at: datetime, count: int) -> list[str]:
    """The codes of `count` reports of the day of `at`; on PostgreSQL taken apart.

    The day's counter is one row: taken inside the report's transaction, its lock would be
    held until that commits and every concurrent report would wait in line. Taken apart, a
    report refused afterwards leaves a gap in the day's numbers, as a sequence does. SQLite
    has one writer at a time anyway, so there the report's transaction takes it.
    """
    if wired.numbering is None:
        return reports.next_codes(db, wired.rules, at, count)
    with Session(wired.numbering) as apart:
        return reports.next_codes(apart, wired.rules, at, count)


def _grid(db: Session, wired: wiring.Wiring, body: schemas.ReportIn) -> Grid:
    return db.get(Grid, grid_id(db, wired, body))


def grid_id(db: Session, wired: wiring.Wiring, body: schemas.ReportIn) -> int:
    """The id of the report's grid: by its code, or by the grid polygon holding its point."""
    if body.grid is not None:
        found = db.scalar(select(Grid.id).where(Grid.code == body.grid, Grid.active))
        if found is None:
            raise ApiError(422, "invalid", f"no grid {body.grid}", "grid")
        return found
    if body.location is None:
        raise ApiError(422, "invalid", "give location {lon, lat} or a grid code", "location")
    found = wired.locator.grid_id(db, body.location.lon, body.location.lat)
    if found is None:
        raise ApiError(422, "invalid", f"({body.location.lon}, {body.location.lat}) is outside "
                       "the district's grids", "location")
    return found
