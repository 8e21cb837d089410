"""Edit one item or department at a time, with the workbook's checks, each change kept."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from data.models import CatalogChange, Department, Item
from data.places import setup, workbook
from data.places.sheets import Row

ITEM_FIELDS = ("name", "lead_department", "response_amount", "response_unit",
               "resolution_amount", "resolution_unit", "active")
DEPARTMENT_FIELDS = ("name", "short_name", "active")


class EditError(ValueError):
    """An edit refused; `field` names the field at fault."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field, self.message = field, message


@dataclass(frozen=True)
class Edit:
    """The values a form sends for one row, as text by field."""

    values: dict[str, Any]

    def row(self) -> Row:
        cells = {key: "" if value is None else str(value).strip()
                 for key, value in self.values.items()}
        return Row("form", 0, cells, {key: key for key in cells})


def edit_item(session: Session, code: str, edit: Edit, actor: str,
              at: datetime) -> list[setup.Change]:
    """Change an item's name, lead department, limits or activation; new dispatches only.

    A dispatch copies its deadlines into the incident, so incidents already dispatched keep
    the limits they were dispatched under.
    """
    item = session.scalar(select(Item).where(Item.code == code))
    if item is None:
        raise EditError("code", f"no item {code!r}")
    row, problems = edit.row(), []
    name = workbook.text_field(row, "name", workbook.LONGEST_NAME, problems)
    _raise_first(problems)
    lead = session.scalar(select(Department).where(
        Department.code == row.cells.get("lead_department", "")))
    if lead is None or not lead.active:
        raise EditError("lead_department", f"no active department "
                                           f"{row.cells.get('lead_department')!r}")
    response = workbook.limit(row, "response_amount", "response_unit", problems)
    resolution = workbook.limit(row, "resolution_amount", "resolution_unit", problems)
    _raise_first(problems)
    changes: list[setup.Change] = []
    if item.lead_department_id != lead.id:
        changes.append(setup.Change("item", code, "lead_department",
                                    item.lead_department.code, lead.code))
        item.lead_department = lead
    wanted = {"name": name, "response_amount": response[0], "response_unit": response[1],
              "resolution_amount": resolution[0], "resolution_unit": resolution[1],
              "active": bool(edit.values.get("active", True))}
    for key, value in wanted.items():
        setup.set_field(item, key, value, "item", code, changes)
    setup.keep(session, changes, actor, at)
    return changes


def edit_department(session: Session, code: str, edit: Edit, actor: str,
                    at: datetime) -> list[setup.Change]:
    """Change a department's names or activation."""
    department = session.scalar(select(Department).where(Department.code == code))
    if department is None:
        raise EditError("code", f"no department {code!r}")
    row, problems = edit.row(), []
    name = workbook.text_field(row, "name", workbook.LONGEST_NAME, problems)
    short = workbook.text_field(row, "short_name", workbook.LONGEST_SHORT, problems)
    _raise_first(problems)
    active = bool(edit.values.get("active", True))
    if not active and session.scalar(select(Item.code).where(
            Item.lead_department_id == department.id, Item.active).limit(1)):
        raise EditError("active", "active items name it as their lead department; "
                                  "give them another first")
    changes: list[setup.Change] = []
    for key, value in (("name", name), ("short_name", short), ("active", active)):
        setup.set_field(department, key, value, "department", code, changes)
    setup.keep(session, changes, actor, at)
    return changes


def history(session: Session, subject: str, code: str) -> list[CatalogChange]:
    """Every kept change to one item or department, newest first."""
    return list(session.scalars(
        select(CatalogChange).where(CatalogChange.subject == subject, CatalogChange.code == code)
        .order_by(CatalogChange.changed_at.desc(), CatalogChange.id.desc())))


def _raise_first(problems: list[str]) -> None:
    """Raise the first problem as an EditError naming its field."""
    if problems:
        where, _, message = problems[0].partition(": ")
        raise EditError(where.rsplit("column ", 1)[-1], message)
