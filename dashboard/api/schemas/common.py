"""The shapes every request shares: codes, notes, ISO times, and bodies that refuse extras."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from pydantic import AwareDatetime, BaseModel, BeforeValidator, ConfigDict, Field

Code = Annotated[str, Field(min_length=1, max_length=20, pattern=r"^[0-9A-Za-z_-]+$")]
GridCode = Annotated[str, Field(pattern=r"^[0-9]{15}$", description="the 15-digit grid code")]
# A photo or video of the problem where the reporter's system keeps it: linked on screens.
# Printable ASCII only, as RFC 3986 writes an address (anything else percent-encoded).
MediaUrl = Annotated[str, Field(max_length=500,
                                pattern=r"^https?://[A-Za-z0-9.:\[\]_~%-]+([/?#][!-~]*)?$",
                                description="an http:// or https:// address of a photo or "
                                            "video of the problem (printable ASCII; "
                                            "percent-encode anything else)")]
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


def in_range(cls: type, value: datetime | None) -> datetime | None:
    """A time a store can keep, from 2000 on (a validator of the models' time fields)."""
    if value is not None:
        try:
            value.astimezone(UTC)
        except OverflowError:
            raise ValueError("is outside the years a store can keep") from None
        if value.year < 2000:
            raise ValueError("is before 2000")
    return value
