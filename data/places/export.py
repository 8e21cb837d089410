"""Write the district's current set-up, or a blank template, as a district workbook."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from data.models import CalendarDay, Community, Department, District, Item, Street
from data.places import sheets

# What a blank template shows under its headings, so a district sees what a row looks like.
EXAMPLE: dict[str, list[dict[str, Any]]] = {
    "district": [{"code": "110105", "name": "某某区", "timezone": "Asia/Shanghai",
                  "office_hours": "09:00-12:00,13:30-17:30"}],
}


def workbook(session: Session) -> bytes:
    """The current district as an XLSX workbook, fit to import again unchanged."""
    return sheets.write(tables(session))


def template() -> bytes:
    """A blank workbook: every sheet and heading, and one example district row."""
    return sheets.write(EXAMPLE)


def tables(session: Session) -> dict[str, list[dict[str, Any]]]:
    """The active set-up as rows by sheet key and column key."""
    district = session.scalars(select(District).order_by(District.id)).first()
    out: dict[str, list[dict[str, Any]]] = {key: [] for key in sheets.BY_KEY}
    if district is not None:
        out["district"].append({"code": district.code, "name": district.name,
                                "timezone": district.timezone,
                                "office_hours": district.office_hours})
    for model, key in ((Street, "streets"), (Community, "communities")):
        for row in session.scalars(select(model).where(model.active).order_by(model.code)):
            out[key].append({"code": row.code, "name": row.name})
    for row in session.scalars(select(Department).where(Department.active)
                               .order_by(Department.code)):
        out["departments"].append({"code": row.code, "name": row.name,
                                   "short_name": row.short_name})
    for row in session.scalars(select(Item).where(Item.active).order_by(Item.code)):
        out["items"].append({
            "class": row.item_class.kind.value, "code": row.code, "name": row.name,
            "lead_department": row.lead_department.code,
            "response_amount": _number(row.response_amount),
            "response_unit": row.response_unit.value,
            "resolution_amount": _number(row.resolution_amount),
            "resolution_unit": row.resolution_unit.value,
        })
    for day in session.scalars(select(CalendarDay).order_by(CalendarDay.day)):
        out["calendar"].append({"date": day.day.isoformat(), "kind": day.kind})
    return out


def _number(value: float) -> float | int:
    return int(value) if value.is_integer() else value
