"""Set the district up from a checked workbook: create, update, deactivate, never delete."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from data.domain import ClassKind
from data.models import (
    CalendarDay,
    CatalogChange,
    Community,
    Department,
    District,
    Item,
    ItemClass,
    Street,
)
from data.places import checks
from data.places.sheets import WorkbookError
from data.places.workbook import Plan

# The class rows a store set up from a workbook gets, as the demo names them.
CLASS_ROWS = {ClassKind.ENFORCEMENT: ("ZF", "综合执法"), ClassKind.SERVICE: ("GL", "管理服务"),
              ClassKind.EMERGENCY: ("YJ", "应急处置")}
LIMIT_FIELDS = ("response_amount", "response_unit", "resolution_amount", "resolution_unit")


@dataclass(frozen=True)
class Change:
    """One change the workbook makes: to what, which field, from what to what."""

    subject: str
    code: str
    field: str
    before: str | None
    after: str | None

    def line(self) -> str:
        """The change as one line for a person."""
        if self.field == "created":
            return f"{self.subject} {self.code}: new ({self.after})"
        return f"{self.subject} {self.code}: {self.field} {self.before} → {self.after}"


def apply(session: Session, plan: Plan, actor: str, at: datetime, source: str) -> list[Change]:
    """Make the store what the plan says, record each change with actor and time; no commit.

    To preview a workbook, apply it and roll the session back.
    """
    changes: list[Change] = []
    district = _district(session, plan, changes)
    streets = _places(session, Street, plan.streets, changes, "street",
                      lambda code, name: Street(district=district, code=code, name=name,
                                                kind=checks.street_kind(code)))
    _places(session, Community, plan.communities, changes, "community",
            lambda code, name: Community(street=streets[code[:9]], code=code, name=name,
                                         kind=checks.community_kind(code)))
    departments = _departments(session, plan, changes)
    _items(session, plan, departments, changes)
    _calendar(session, plan, actor, at, source, changes)
    keep(session, changes, actor, at)
    return changes


def keep(session: Session, changes: list[Change], actor: str, at: datetime) -> None:
    """Record each change with who made it and when; no commit."""
    for change in changes:
        session.add(CatalogChange(subject=change.subject, code=change.code, field=change.field,
                                  before=_clip(change.before), after=_clip(change.after),
                                  changed_by=actor, changed_at=at))
    session.flush()


def _district(session: Session, plan: Plan, changes: list[Change]) -> District:
    found = session.scalars(select(District).limit(2)).all()
    if len(found) > 1:
        raise WorkbookError(["the store holds more than one district"])
    if found and found[0].code != plan.code:
        raise WorkbookError([f"sheet 区, row 2, column 代码: the store's district is "
                             f"{found[0].code}; a workbook cannot change it to {plan.code}"])
    if not found:
        district = District(code=plan.code, name=plan.name)
        session.add(district)
        changes.append(Change("district", plan.code, "created", None, plan.name))
    else:
        district = found[0]
    for key in ("name", "timezone", "office_hours"):
        set_field(district, key, getattr(plan, key), "district", plan.code, changes,
             quiet=not found)
    return district


def _places(session: Session, model: Any, wanted: dict[str, str], changes: list[Change],
            subject: str, make: Any) -> dict[str, Any]:
    rows = {row.code: row for row in session.scalars(select(model))}
    for code, name in wanted.items():
        row = rows.get(code)
        if row is None:
            rows[code] = make(code, name)
            session.add(rows[code])
            changes.append(Change(subject, code, "created", None, name))
            continue
        set_field(row, "name", name, subject, code, changes)
        set_field(row, "active", True, subject, code, changes)
    for code, row in rows.items():
        if code not in wanted:  # incidents may refer to it: kept, inactive
            set_field(row, "active", False, subject, code, changes)
    return rows


def _departments(session: Session, plan: Plan, changes: list[Change]) -> dict[str, Department]:
    rows = {row.code: row for row in session.scalars(select(Department))}
    for code, (name, short) in plan.departments.items():
        row = rows.get(code)
        if row is None:
            rows[code] = Department(code=code, name=name, short_name=short, active=True)
            session.add(rows[code])
            changes.append(Change("department", code, "created", None, name))
            continue
        set_field(row, "name", name, "department", code, changes)
        set_field(row, "short_name", short, "department", code, changes)
        set_field(row, "active", True, "department", code, changes)
    for code, row in rows.items():
        if code not in plan.departments:
            set_field(row, "active", False, "department", code, changes)
    return rows


def _items(session: Session, plan: Plan, departments: dict[str, Department],
           changes: list[Change]) -> None:
    classes = {row.kind: row for row in session.scalars(select(ItemClass))}
    rows = {row.code: row for row in session.scalars(select(Item))}
    for code, wanted in plan.items.items():
        if wanted.kind not in classes:
            class_code, class_name = CLASS_ROWS[wanted.kind]
            classes[wanted.kind] = ItemClass(code=class_code, kind=wanted.kind, name=class_name)
            session.add(classes[wanted.kind])
        row = rows.get(code)
        if row is None:
            row = rows[code] = Item(code=code, active=True)
            session.add(row)
            changes.append(Change("item", code, "created", None, wanted.name))
            quiet = True
        else:
            quiet = False
            set_field(row, "active", True, "item", code, changes)
            if row.item_class.kind != wanted.kind:
                changes.append(Change("item", code, "class", row.item_class.kind.value,
                                      wanted.kind.value))
        row.item_class = classes[wanted.kind]
        before_lead = row.lead_department.code if not quiet else None
        row.lead_department = departments[wanted.lead_department]
        if not quiet and before_lead != wanted.lead_department:
            changes.append(Change("item", code, "lead_department", before_lead,
                                  wanted.lead_department))
        for key in ("name", *LIMIT_FIELDS):
            set_field(row, key, getattr(wanted, key), "item", code, changes, quiet=quiet)
    for code, row in rows.items():
        if code not in plan.items:
            set_field(row, "active", False, "item", code, changes)


def _calendar(session: Session, plan: Plan, actor: str, at: datetime, source: str,
              changes: list[Change]) -> None:
    """Enter the workbook's days; a year it names is replaced by its days for that year."""
    years = {day.year for day in plan.calendar}
    stored = {row.day: row for row in session.scalars(select(CalendarDay))}
    for day, row in stored.items():
        if day.year in years and day not in plan.calendar:
            session.delete(row)
            changes.append(Change("calendar", day.isoformat(), "kind", row.kind, None))
    for day, kind in sorted(plan.calendar.items()):
        row = stored.get(day)
        if row is None:
            session.add(CalendarDay(day=day, kind=kind, source=source, entered_by=actor,
                                    entered_at=at))
            changes.append(Change("calendar", day.isoformat(), "kind", None, kind))
        elif row.kind != kind:
            changes.append(Change("calendar", day.isoformat(), "kind", row.kind, kind))
            row.kind, row.source, row.entered_by, row.entered_at = kind, source, actor, at


def set_field(row: Any, key: str, value: Any, subject: str, code: str,
              changes: list[Change], quiet: bool = False) -> None:
    """Set a field; note the change unless quiet (a row just created)."""
    before = getattr(row, key)
    if before != value:
        setattr(row, key, value)
        if not quiet:
            changes.append(Change(subject, code, key, _shown(before), _shown(value)))


def _shown(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _clip(text: str | None) -> str | None:
    return text if text is None or len(text) <= 200 else text[:199] + "…"
