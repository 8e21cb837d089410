"""A report's photo or video: the address the reporter's system keeps it at."""

from __future__ import annotations

from urllib.parse import urlsplit

from data.incidents.trail import InvalidMove, optional_text

LONGEST = 500  # the column's length (migration 0023)
SCHEMES = ("http", "https")


def checked(value: str | None) -> str | None:
    """`value` as kept: an http(s) address with a host, or None; else refused by name."""
    value = optional_text("media_url", value, LONGEST)
    if value is None:
        return None
    if not linkable(value):
        raise InvalidMove("media_url", "give an http:// or https:// address")
    return value


def linkable(value: str) -> bool:
    """Whether `value` is an http or https address with a host: one a screen may link to."""
    try:
        parts = urlsplit(value)
    except ValueError:  # a malformed port or IPv6 host
        return False
    return (parts.scheme.lower() in SCHEMES and bool(parts.hostname)
            and not any(ch.isspace() or ord(ch) < 32 for ch in value))
