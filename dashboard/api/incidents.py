"""Reporting, finding and reading incidents through the API (PRODUCT §11)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from dashboard import wiring
from dashboard.api import filing, permits, schemas, shapes
from dashboard.api.errors import ApiError
from data import clock
from data.incidents import detail, listing, supervision
from data.models import Department, Event, Incident


def report(body: schemas.ReportIn) -> tuple[schemas.ReportOut, int]:
    """Report an incident; the same `source_ref` again answers the same incident."""
    return filing.file(wiring.current(), permits.reporter(), body)


def report_batch(body: schemas.BatchIn) -> schemas.BatchOut:
    """Report several incidents; each is idempotent and answered on its own."""
    answers = filing.file_many(wiring.current(), permits.reporter(), body.reports)
    return schemas.BatchOut(results=[
        schemas.BatchItemOut(status=a.status, error=a.error, message=a.message, field=a.field)
        if isinstance(a, ApiError) else schemas.BatchItemOut(status=a[1], incident=a[0])
        for a in answers])


def find(query: schemas.ListQuery) -> schemas.IncidentPage:
    """The incidents that match the filters, newest first, a page at a time."""
    now = clock.now()
    filters = listing.Filters(**query.model_dump(exclude={"cursor", "limit"}))
    with wiring.current().sessions() as db:
        rows, after = listing.page(db, filters, permits.reader(db), now,
                                   after=int(query.cursor) if query.cursor else None,
                                   limit=query.limit)
        return schemas.IncidentPage(incidents=[shapes.incident(db, r, now) for r in rows],
                                    next=str(after) if after is not None else None)


def one(code: str) -> schemas.IncidentDetail:
    """The incident, its deadlines, alerts and trail."""
    now = clock.now()
    with wiring.current().sessions() as db:
        row = visible(db, code, permits.reader(db))
        return schemas.IncidentDetail(
            **shapes.fields(db, row, now),
            supervised=bool(supervision.orders(db, row.id)), media_url=row.media_url,
            alerts=[schemas.AlertOut(**alert) for alert in detail.alerts(db, row.id)],
            trail=trail(db, row))


def visible(db: Session, code: str, seen: listing.Visible) -> Incident:
    """The incident with `code` if the caller may see it; else 404 (as if there were none)."""
    row = by_code(db, code)
    if row is None or not listing.visible_to(row, seen):
        raise ApiError(404, "not_found", f"no incident {code} that you may see", "code")
    return row


def by_code(db: Session, code: str, *, for_update: bool = False) -> Incident | None:
    """The incident with `code`, locked for a move; codes are digits, anything else finds none."""
    found = detail.by_code(db, code)
    if found is not None and for_update:
        db.refresh(found, with_for_update=True)  # one move at a time on one incident
    return found


def trail(db: Session, row: Incident) -> list[schemas.EventOut]:
    """The incident's whole trail, oldest first."""
    rows = db.execute(select(Event, Department.code)
                      .outerjoin(Department, Event.department_id == Department.id)
                      .where(Event.incident_id == row.id).order_by(Event.id))
    return [shapes.event(event, row.code, department) for event, department in rows]
