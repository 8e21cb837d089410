"""The feed of events, the figures and the catalog, as a source reads them."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator

from dashboard.api.schemas.common import In, IsoTime, in_range
from dashboard.api.schemas.incidents import EventOut


class EventPage(BaseModel):
    """Events after the cursor, oldest first; `next` is the cursor to ask from next time."""

    events: list[EventOut]
    next: int


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

    _years = field_validator("at")(in_range)


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
