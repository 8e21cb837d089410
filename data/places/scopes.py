"""What a figure is counted for: the district, one street, community or grid, or a department.

A scope is written as `district`, `street:CODE`, `community:CODE`, `grid:CODE` or
`department:CODE`. Places nest by their codes (PRODUCT §2): a street's code has 9 digits, a
community's 12 beginning with its street's, a grid's 15 beginning with its community's. An
incident belongs to the places of its grid. It belongs to a department when that department
is its lead (主办); a co-handling department (协办) is not counted (see data.figures).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from data.models import Community, Department, Grid, Street

Kind = Literal["district", "street", "community", "grid", "department"]
Unit = Literal["street", "community", "grid", "department"]
AREAS: tuple[str, ...] = ("district", "street", "community", "grid")  # largest first
UNITS: tuple[Unit, ...] = ("street", "community", "grid", "department")
DIGITS = {"street": 9, "community": 12, "grid": 15}
MODELS = {"street": Street, "community": Community, "grid": Grid, "department": Department}
FORMS = "district, street:CODE, community:CODE, grid:CODE or department:CODE"


class UnknownScope(ValueError):
    """The scope names a street, community, grid or department the store does not hold."""


@dataclass(frozen=True)
class Scope:
    """A place or a department, by its kind and its code (None for the district)."""

    kind: Kind
    code: str | None = None

    def __str__(self) -> str:
        return self.kind if self.code is None else f"{self.kind}:{self.code}"

    @property
    def is_area(self) -> bool:
        """Whether the scope is a place (the district, a street, community or grid)."""
        return self.kind in AREAS


DISTRICT = Scope("district")


def parse(text: str) -> Scope:
    """The scope `text` names; ValueError says what is wrong with it."""
    kind, colon, code = (text or "").strip().partition(":")
    kind, code = kind.strip().lower(), code.strip()
    if kind == "district":
        if colon:
            raise ValueError(f"scope {text!r}: the district takes no code; write district")
        return DISTRICT
    if kind not in MODELS:
        raise ValueError(f"unknown scope {text!r}: give {FORMS}")
    if not code:
        raise ValueError(f"scope {text!r}: give the {kind}'s code, as {kind}:CODE")
    if kind in DIGITS and (not code.isascii() or not code.isdigit()
                           or len(code) != DIGITS[kind]):
        raise ValueError(f"scope {text!r}: a {kind} code has {DIGITS[kind]} digits")
    if kind == "department" and (len(code) > 16 or not code.isprintable() or " " in code):
        raise ValueError(f"scope {text!r}: a department code is up to 16 characters, no spaces")
    return Scope(kind, code)  # type: ignore[arg-type]


def resolve(session: Session, scope: Scope) -> int | None:
    """The id of the scope's unit (None for the district); UnknownScope if there is none."""
    if scope.kind == "district":
        return None
    model = MODELS[scope.kind]
    found = session.scalar(select(model.id).where(model.code == scope.code))
    if found is None:
        raise UnknownScope(f"no {scope.kind} with code {scope.code} in the store")
    return found


def units(session: Session, unit: Unit, within: Scope = DISTRICT) -> dict[int, str]:
    """Every street, community, grid or department within `within`: id -> code, by code.

    Places are listed within a larger place; departments are all listed whatever the place,
    and so are places within a department.
    """
    if unit not in MODELS:
        raise ValueError(f"figures are given by {', '.join(UNITS)}, not by {unit!r}")
    model = MODELS[unit]
    query = select(model.id, model.code).order_by(model.code)
    if unit != "department" and within.kind not in ("district", "department"):
        if AREAS.index(within.kind) >= AREAS.index(unit):
            raise ValueError(f"a {within.kind} holds no {unit}; give a larger place")
        parent = resolve(session, within)
        if unit == "community":
            query = query.where(Community.street_id == parent)
        elif within.kind == "street":
            query = query.join(Community, Grid.community_id == Community.id).where(
                Community.street_id == parent)
        else:
            query = query.where(Grid.community_id == parent)
    else:
        resolve(session, within)  # an unknown scope is refused, not counted as empty
    return dict(session.execute(query).all())
