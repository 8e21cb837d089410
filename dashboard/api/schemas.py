"""What the incident API takes and answers, declared once: these models check the requests
and are the OpenAPI document's schemas (PRODUCT §11). Lengths are the columns' lengths."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from pydantic import AwareDatetime, BaseModel, BeforeValidator, ConfigDict, Field, field_validator

from data.domain import Priority, Source, State

Code = Annotated[str, Field(min_length=1, max_length=20, pattern=r"^[0-9A-Za-z_-]+$")]
GridCode = Annotated[str, Field(pattern=r"^[0-9]{15}$", description="the 15-digit grid code")]
Note = Annotated[str | None, Field(default=None, max_length=2000)]


def _iso_only(value: object) -> object:
    """A time is ISO 8601 text, not a count of seconds that pydantic would also take."""
    if not isinstance(value, str) or value.strip().lstrip("+-").replace(".", "").isdigit():
        raise ValueError("give an ISO 8601 time with its zone, e.g. 2026-11-19T10:00:00+08:00")
    return value


IsoTime = Annotated[AwareDatetime, BeforeValidator(_iso_only)]


class In(BaseModel):
    """A request body: unknown fields are refused, not ignored."""

    model_config = ConfigDict(extra="forbid")


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
    reported_at: IsoTime | None = Field(default=None,
                                              description="when it was seen; now when absent")

    @field_validator("reported_at")
    @classmethod
    def _in_range(cls, value: datetime | None) -> datetime | None:
        if value is not None:
            try:
                value.astimezone(UTC)
            except OverflowError:
                raise ValueError("is outside the years a store can keep") from None
            if value.year < 2000:
                raise ValueError("is before 2000")
        return value


class BatchIn(In):
    """Several reports at once; each is answered on its own."""

    reports: list[ReportIn] = Field(min_length=1, max_length=100)


class Department(BaseModel):
    """A department by code and name."""

    code: str
    name: str


class Deadlines(BaseModel):
    """The incident's deadlines, once dispatched."""

    response: datetime | None
    due_soon: datetime | None
    resolution: datetime | None


class IncidentOut(BaseModel):
    """An incident as the API shows it."""

    code: str
    title: str
    description: str
    state: State
    priority: Priority
    source: Source
    source_system: str | None
    source_ref: str | None
    item: str
    grid: str
    lon: float
    lat: float
    address: str | None
    reported_at: datetime
    updated_at: datetime
    lead_department: Department | None
    co_departments: list[Department]
    deadlines: Deadlines
    overdue: bool
    due_soon: bool
    pending_extension: dict[str, Any] | None
    merged_into: str | None


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


class EventOut(BaseModel):
    """One move in the trail."""

    id: int
    incident: str
    kind: str
    from_state: str | None
    to_state: str | None
    at: datetime
    actor: str
    actor_kind: str
    department: str | None
    note: str | None
    data: dict[str, Any] | None


class AlertOut(BaseModel):
    """An alert on the incident, standing or cleared."""

    kind: str
    raised_at: datetime
    cleared_at: datetime | None
    level: int
    acknowledged_by: str | None
    acknowledged_at: datetime | None


class IncidentDetail(IncidentOut):
    """The incident, its deadlines, alerts and whole trail."""

    supervised: bool
    alerts: list[AlertOut]
    trail: list[EventOut]


class IncidentPage(BaseModel):
    """A page of incidents, newest first; `next` is the cursor of the next page."""

    incidents: list[IncidentOut]
    next: str | None


class EventPage(BaseModel):
    """Events after the cursor, oldest first; `next` is the cursor to ask from next time."""

    events: list[EventOut]
    next: int


class ListQuery(In):
    """The filters of the /incidents page."""

    q: str | None = Field(default=None, max_length=200, description="a code or title words")
    state: State | None = None
    street: str | None = Field(default=None, pattern=r"^[0-9]{9}$")
    community: str | None = Field(default=None, pattern=r"^[0-9]{12}$")
    grid: GridCode | None = None
    department: Code | None = None
    item: Code | None = None
    source: Source | None = None
    priority: Priority | None = None
    reported_from: IsoTime | None = None
    reported_to: IsoTime | None = None
    overdue: bool | None = None
    due_soon: bool | None = None
    parked: bool | None = None
    supervised: bool | None = None
    cursor: str | None = Field(default=None, pattern=r"^[0-9]{1,18}$")
    limit: int = Field(default=50, ge=1, le=200)

    _years = field_validator("reported_from", "reported_to")(ReportIn._in_range.__func__)


class EventsQuery(In):
    """Where the feed stands: events after this id."""

    after: int = Field(default=0, ge=0, le=2**63 - 1)
    limit: int = Field(default=200, ge=1, le=1000)


class FiguresQuery(In):
    """As the `figures` command takes them."""

    scope: str = Field(default="district", max_length=40,
                       description="district, street:CODE, community:CODE, grid:CODE or "
                                   "department:CODE")
    period: str = Field(default="month", max_length=40,
                        description="today, week, month or YYYY-MM-DD..YYYY-MM-DD")
    at: IsoTime | None = Field(default=None, description="count the trail as it stood")

    _years = field_validator("at")(ReportIn._in_range.__func__)


class FiguresOut(BaseModel):
    """Every figure of PRODUCT §6, as `figures --json` prints them."""

    model_config = ConfigDict(extra="allow")


class Named(BaseModel):
    """A code and its name."""

    code: str
    name: str


class ItemOut(Named):
    """A whistle-list item and its default lead department."""

    item_class: str
    lead_department: str | None


class GridOut(Named):
    """A grid, and the community it belongs to."""

    community: str


class CatalogOut(BaseModel):
    """What a source needs to speak: items, departments, streets, communities, grids."""

    items: list[ItemOut]
    departments: list[Named]
    streets: list[Named]
    communities: list[Named]
    grids: list[GridOut]
