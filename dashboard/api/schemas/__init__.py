"""What the incident API takes and answers, declared once: these models check the requests
and are the OpenAPI document's schemas (PRODUCT §11). Lengths are the columns' lengths.

`common` holds the shapes every request shares; `reports` what a report takes and answers;
`incidents` an incident as shown and found; `reading` the feed, the figures and the catalog.
"""

from dashboard.api.schemas.common import (
    Code,
    GridCode,
    In,
    IsoTime,
    Note,
)
from dashboard.api.schemas.incidents import (
    AlertOut,
    Deadlines,
    Department,
    EventOut,
    IncidentDetail,
    IncidentOut,
    IncidentPage,
    ListQuery,
)
from dashboard.api.schemas.reading import (
    CatalogOut,
    EventPage,
    EventsQuery,
    FiguresOut,
    FiguresQuery,
    GridOut,
    ItemOut,
    Named,
)
from dashboard.api.schemas.reports import (
    BatchIn,
    BatchItemOut,
    BatchOut,
    Duplicate,
    Location,
    Reporter,
    ReportIn,
    ReportOut,
)

__all__ = [
    "AlertOut",
    "BatchIn",
    "BatchItemOut",
    "BatchOut",
    "CatalogOut",
    "Code",
    "Deadlines",
    "Department",
    "Duplicate",
    "EventOut",
    "EventPage",
    "EventsQuery",
    "FiguresOut",
    "FiguresQuery",
    "GridCode",
    "GridOut",
    "In",
    "IncidentDetail",
    "IncidentOut",
    "IncidentPage",
    "IsoTime",
    "ItemOut",
    "ListQuery",
    "Location",
    "Named",
    "Note",
    "ReportIn",
    "ReportOut",
    "Reporter",
]
