"""The views a wall rotates through: the district's and its streets', at a set interval.

A view is the code of a street, or DISTRICT for the district's wall. A wall's token may
rotate through the views an administrator lists, or, listing none, through the district's
and then every street's.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from data.domain import Role
from data.models import Street
from data.people.access import AccessError

DISTRICT = "district"  # the view of the whole district, as an administrator writes it
SHORTEST, LONGEST = 3, 3600  # seconds a view stays up
DEFAULT_SECONDS = 30
MOST_VIEWS = 50


@dataclass(frozen=True)
class Rotation:
    """What a token's wall rotates through: the views in order (None: the district, then
    every street) and the seconds each stays up."""

    views: tuple[str, ...] | None
    seconds: int

    def stored(self) -> str | None:
        """The views as the token keeps them."""
        return ",".join(self.views) if self.views is not None else None


def parse(text: str | Sequence[str] | None) -> tuple[str, ...] | None:
    """The views written as "district,S01,S02" (or a list of them); None when none."""
    parts = text.split(",") if isinstance(text, str) else list(text or [])
    views = tuple(part.strip() for part in parts if part.strip())
    return views or None


def checked(session: Session, role: Role, street: str | None, views: str | Sequence[str] | None,
            seconds: int | str | None) -> Rotation | None:
    """The rotation a token of `role` (bound to `street`, if any) is given, or None when it
    names neither views nor an interval; refused with the field named when wrong."""
    listed = parse(views)
    if listed is None and seconds in (None, ""):
        return None
    if role is not Role.DISPLAY:
        raise AccessError("rotation_not_display", f"only a wall's ({Role.DISPLAY}) token "
                          f"rotates, not a {role} token", role=role.value)
    if street:
        raise AccessError("rotation_street", "a token bound to one street does not rotate; "
                          "list the street among the views instead")
    every = interval(seconds)
    if listed is not None:
        _check_views(session, listed)
    return Rotation(listed, every)


def interval(seconds: int | str | None) -> int:
    """The seconds a view stays up: a whole number from SHORTEST to LONGEST; the default
    when none is given."""
    if seconds in (None, ""):
        return DEFAULT_SECONDS
    try:
        every = int(str(seconds).strip())
    except ValueError:
        every = None
    if every is None or not SHORTEST <= every <= LONGEST:
        raise AccessError("rotation_seconds", f"rotation interval {seconds!r}: whole seconds "
                          f"from {SHORTEST} to {LONGEST}", shortest=SHORTEST, longest=LONGEST)
    return every


def _check_views(session: Session, views: tuple[str, ...]) -> None:
    if len(views) < 2 or len(views) > MOST_VIEWS:
        raise AccessError("rotation_views", f"rotation views: from 2 to {MOST_VIEWS} views, "
                          f"not {len(views)}", most=MOST_VIEWS)
    twice = sorted({view for view in views if views.count(view) > 1})
    if twice:
        raise AccessError("rotation_twice", f"rotation views: {', '.join(twice)} listed twice",
                          views=", ".join(twice))
    known = set(session.scalars(select(Street.code).where(Street.active)))
    unknown = [view for view in views if view != DISTRICT and view not in known]
    if unknown:
        raise AccessError("rotation_unknown", f"rotation views: no active street "
                          f"{', '.join(unknown)} (a street's code, or {DISTRICT})",
                          views=", ".join(unknown))


def views_of(rotation: tuple[str, ...] | None, streets: Sequence[str]) -> list[str | None]:
    """The views in order, None for the district's: the listed ones, or the district's and
    then every street's of `streets`."""
    listed = rotation if rotation is not None else (DISTRICT, *streets)
    return [None if view == DISTRICT else view for view in listed]


def may_see(rotation: tuple[str, ...] | None, street: str | None) -> bool:
    """Whether a wall rotating through `rotation` may show the view of `street` (None: the
    district's)."""
    return rotation is None or (street or DISTRICT) in rotation
