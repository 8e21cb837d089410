"""The store's tables; import models from here."""

from data.models.access import DisplayToken, SourceSystem, User
from data.models.alert import Alert
from data.models.base import Base
from data.models.catalog import Department, Item, ItemClass
from data.models.district import Community, District, Grid, Street
from data.models.incident import Counter, Event, Incident, IncidentCoDepartment

__all__ = [
    "Alert",
    "Base",
    "Community",
    "Counter",
    "Department",
    "DisplayToken",
    "District",
    "Event",
    "Grid",
    "Incident",
    "IncidentCoDepartment",
    "Item",
    "ItemClass",
    "SourceSystem",
    "Street",
    "User",
]
