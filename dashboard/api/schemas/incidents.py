"""An incident as the API shows it: its facts, deadlines, alerts and trail; and how to find it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field, field_validator

from dashboard.api.schemas.common import Code, GridCode, In, IsoTime, in_range
from data.domain import Priority, Source, State


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
    media_url: str | None = Field(description="a photo or video of the problem, as reported")
    alerts: list[AlertOut]
    trail: list[EventOut]


class IncidentPage(BaseModel):
    """A page of incidents, newest first; `next` is the cursor of the next page."""

    incidents: list[IncidentOut]
    next: str | None


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

    _years = field_validator("reported_from", "reported_to")(in_range)
