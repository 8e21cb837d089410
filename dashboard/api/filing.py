"""Reports filed through the API: one report or a batch, both by the same set-based intake.

A batch is one transaction: each report is answered on its own (201 made, 200 the same
incident again, or its refusal), and a report refused before anything is written leaves
the others. A store error (the same ref raced in from another request) files the whole set
again, when the raced report is found as a repeat; nothing is ever half-written.
"""

from __future__ import annotations

import hashlib
from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from dashboard import auth, wiring
from dashboard.api import schemas, shapes
from dashboard.api.errors import ApiError
from data import clock
from data.incidents import intake
from data.incidents.trail import MoveError

# The data layer names a point's parts; the API calls the point `location`.
FIELDS = {"lon": "location", "lat": "location", "reporter_contact": "reporter.contact",
          "reporter": "reporter.name"}
RACED = ("the same source_ref is being filed by another request; send it again", "source_ref")
Filed = tuple[schemas.ReportOut, int]
Answer = Filed | ApiError


def file(wired: wiring.Wiring, principal: auth.Principal, body: schemas.ReportIn) -> Filed:
    """File one report: a batch of one, its refusal raised."""
    [answer] = file_many(wired, principal, [body])
    if isinstance(answer, ApiError):
        raise answer
    return answer


def file_many(wired: wiring.Wiring, principal: auth.Principal,
              bodies: list[schemas.ReportIn]) -> list[Answer]:
    """File every report in one transaction; answer each on its own, in the order sent."""
    sender = intake.Sender(principal.name, principal.source)
    for _ in range(2):
        now = clock.now()
        filings = [filing_of(body, now) for body in bodies]
        try:
            with wired.sessions.begin() as db:
                taken = intake.take(db, wired.rules, wired.locator, sender, filings, now,
                                    numbering=wired.numbering)
                return [answer(db, outcome, now) for outcome in taken]
        except IntegrityError:
            continue  # a report raced in from another request: answer it as a repeat
    return [ApiError(409, "idempotency_conflict", *RACED) for _ in bodies]


def digest(body: schemas.ReportIn) -> str:
    """The hash a repeat of this report must match: of the report as checked, canonically."""
    # A report without media hashes as it did before media_url was taken: its repeat still
    # matches the hash its incident keeps.
    unset = {"media_url"} if body.media_url is None else None
    return hashlib.sha256(body.model_dump_json(exclude=unset).encode()).hexdigest()


def filing_of(body: schemas.ReportIn, now: datetime) -> intake.Filing:
    """The report as the intake takes it."""
    reporter = body.reporter or schemas.Reporter()
    return intake.Filing(
        source_ref=body.source_ref, request_hash=digest(body), item=body.item,
        title=body.title, at=body.reported_at or now, description=body.description,
        priority=body.priority, grid=body.grid,
        lon=body.location.lon if body.location else None,
        lat=body.location.lat if body.location else None,
        reporter=reporter.name, reporter_contact=reporter.contact, address=body.address,
        media_url=body.media_url)


def answer(db: Session, outcome: intake.Outcome, now: datetime) -> Answer:
    """A report's answer: its incident and likely duplicates, or its refusal by name."""
    if isinstance(outcome, intake.RefConflict):
        extra = {"incident": outcome.code} if outcome.code else {}
        return ApiError(409, "idempotency_conflict", str(outcome), "source_ref", **extra)
    if isinstance(outcome, MoveError):
        field = getattr(outcome, "field", None)
        message = str(outcome).removeprefix(f"{field}: ")
        return ApiError(422, "invalid", message, FIELDS.get(field, field))
    duplicates = [schemas.Duplicate(code=other.code, title=other.title, state=other.state,
                                    distance_m=round(distance, 1))
                  for other, distance in outcome.duplicates]
    return (schemas.ReportOut(**shapes.fields(db, outcome.incident, now), duplicates=duplicates),
            201 if outcome.made else 200)
