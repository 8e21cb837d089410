"""A source's webhook as it registers and reads it."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from dashboard.api.schemas.common import In

Topic = Literal["dispatch", "moves", "alerts"]


class WebhookIn(In):
    """Where to post, and which changes: dispatch (to the source's department), moves (on
    incidents it reported), alerts (on either)."""

    url: str = Field(min_length=1, max_length=500, description="http:// or https://")
    topics: list[Topic] = Field(min_length=1, max_length=3)


class DeliveryOut(BaseModel):
    """One delivery: its event, whether it arrived, its tries and the receiver's last answer."""

    id: int
    event: int
    topic: str
    status: str
    attempts: int
    created_at: datetime
    next_at: datetime
    delivered_at: datetime | None
    last_status: int | None
    last_error: str | None


class WebhookOut(BaseModel):
    """The source's webhook; `secret` only in the answer that created it."""

    url: str
    topics: list[str]
    created_at: datetime
    secret: str | None = None
    deliveries: list[DeliveryOut] = []


class Removed(BaseModel):
    """The webhook was removed, with its deliveries' log."""

    removed: bool
