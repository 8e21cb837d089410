"""What a report takes and answers, one at a time or in a batch."""

from __future__ import annotations

from pydantic import BaseModel, Field, field_validator

from dashboard.api.schemas.common import Code, GridCode, In, IsoTime, MediaUrl, in_range
from dashboard.api.schemas.incidents import IncidentOut
from data.domain import Priority, State


class Location(In):
    """A WGS-84 point."""

    lon: float = Field(ge=-180, le=180)
    lat: float = Field(ge=-90, le=90)


class Reporter(In):
    """Who reported it and how to reach them for the callback."""

    name: str | None = Field(default=None, max_length=100)
    contact: str | None = Field(default=None, max_length=100)


class ReportIn(In):
    """A new report: located by `location` (a point) or by `grid` (a code)."""

    source_ref: str = Field(min_length=1, max_length=100,
                            description="the source's own id: reports are idempotent by it")
    item: Code = Field(description="a whistle-list item code, from the catalog")
    title: str = Field(min_length=1, max_length=200)
    description: str = Field(default="", max_length=5000)
    priority: Priority = Priority.NORMAL
    location: Location | None = None
    grid: GridCode | None = None
    address: str | None = Field(default=None, max_length=200)
    reporter: Reporter | None = None
    media_url: MediaUrl | None = None
    reported_at: IsoTime | None = Field(default=None,
                                              description="when it was seen; now when absent")

    _years = field_validator("reported_at")(in_range)


class BatchIn(In):
    """Several reports at once; each is answered on its own."""

    reports: list[ReportIn] = Field(min_length=1, max_length=100)


class Duplicate(BaseModel):
    """An open incident a report likely repeats (PRODUCT §4)."""

    code: str
    title: str
    state: State
    distance_m: float


class ReportOut(IncidentOut):
    """The incident a report made (201) or made before with the same `source_ref` (200)."""

    duplicates: list[Duplicate]


class BatchItemOut(BaseModel):
    """One report of a batch: its status and the incident, or its refusal."""

    status: int
    incident: ReportOut | None = None
    error: str | None = None
    message: str | None = None
    field: str | None = None


class BatchOut(BaseModel):
    """Each report of the batch, answered on its own, in the order sent."""

    results: list[BatchItemOut]
