"""The store's tables; import models from here."""

from data.models.access import DisplayToken, FailedSignIn, SourceSystem, User
from data.models.alert import Alert, SupervisionOrder
from data.models.base import Base
from data.models.catalog import Department, Item, ItemClass
from data.models.district import Community, District, Grid, Street
from data.models.hooks import Delivery, Webhook
from data.models.incident import Counter, Event, Incident, IncidentCoDepartment
from data.models.settings import CalendarDay, CatalogChange, ScoreWeight, ScoreWeightSet

__all__ = [
    "Alert",
    "CalendarDay",
    "CatalogChange",
    "Base",
    "Community",
    "Counter",
    "Delivery",
    "Department",
    "DisplayToken",
    "District",
    "Event",
    "FailedSignIn",
    "Grid",
    "Incident",
    "IncidentCoDepartment",
    "Item",
    "ItemClass",
    "ScoreWeight",
    "ScoreWeightSet",
    "SourceSystem",
    "Street",
    "SupervisionOrder",
    "User",
    "Webhook",
]
