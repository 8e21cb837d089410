"""Items and departments react: one chosen, shown with its history, edited and kept."""

from __future__ import annotations

import time

from dash import Dash, Input, Output, State, no_update
from sqlalchemy import select

from dashboard import auth, wiring
from data import clock
from data.domain import Role
from data.models import Department, Item
from data.places import edits
from layouts import admin, admin_items, formats, ids
from layouts.text import t

CHANGED = Output(ids.ITEMS_CHANGED, "data", allow_duplicate=True)


def tables(_changed: int, lang: str) -> tuple:
    """Both tables, and the choices of items, departments and lead departments."""
    with wiring.current().sessions() as session:
        items = [{"code": row.code, "class": row.item_class.name, "name": row.name,
                  "lead": row.lead_department.short_name, "active": row.active,
                  "response_amount": row.response_amount,
                  "response_unit": row.response_unit.value,
                  "resolution_amount": row.resolution_amount,
                  "resolution_unit": row.resolution_unit.value}
                 for row in session.scalars(select(Item).order_by(Item.code))]
        departments = [{"code": row.code, "name": row.name, "short_name": row.short_name,
                        "active": row.active}
                       for row in session.scalars(select(Department).order_by(Department.code))]
    item_choices = [{"label": f"{row['code']} {row['name']}", "value": row["code"]}
                    for row in items]
    department_choices = [{"label": f"{row['code']} {row['name']}", "value": row["code"]}
                          for row in departments]
    leads = [choice for choice, row in zip(department_choices, departments, strict=True)
             if row["active"]]
    return (admin_items.items_table(items, lang), admin_items.departments_table(departments, lang),
            item_choices, department_choices, leads)


def show_item(code: str | None, _changed: int, lang: str) -> tuple:
    """The chosen item's fields and its history."""
    with wiring.current().sessions() as session:
        item = session.scalar(select(Item).where(Item.code == code)) if code else None
        if item is None:
            return "", None, [], "", None, "", None, ""
        return (item.name, item.lead_department.code, ["active"] if item.active else [],
                _number(item.response_amount), item.response_unit.value,
                _number(item.resolution_amount), item.resolution_unit.value,
                _history(session, "item", code, lang))


def save_item(_clicks: int | None, code: str | None, name: str | None, lead: str | None,
              active: list[str] | None, response: str | None, response_unit: str | None,
              resolution: str | None, resolution_unit: str | None, lang: str) -> tuple:
    """Keep the item as edited; incidents already dispatched keep their deadlines."""
    edit = edits.Edit({"name": name, "lead_department": lead, "active": "active" in (active or []),
                       "response_amount": response, "response_unit": response_unit,
                       "resolution_amount": resolution, "resolution_unit": resolution_unit})
    return _save(edits.edit_item, code, edit, "items_saved", lang)


def show_department(code: str | None, _changed: int, lang: str) -> tuple:
    """The chosen department's fields and its history."""
    with wiring.current().sessions() as session:
        row = session.scalar(select(Department).where(Department.code == code)) if code else None
        if row is None:
            return "", "", [], ""
        return (row.name, row.short_name, ["active"] if row.active else [],
                _history(session, "department", code, lang))


def save_department(_clicks: int | None, code: str | None, name: str | None,
                    short: str | None, active: list[str] | None, lang: str) -> tuple:
    """Keep the department as edited."""
    edit = edits.Edit({"name": name, "short_name": short, "active": "active" in (active or [])})
    return _save(edits.edit_department, code, edit, "departments_saved", lang)


def _save(edit_row, code: str | None, edit: edits.Edit, done: str, lang: str) -> tuple:
    if not code:
        return admin.message(t("admin_field", lang).format(
            field=t("col_code", lang), reason=t("admin_no_choice", lang)), ok=False), no_update
    try:
        with wiring.current().sessions.begin() as session:
            changes = edit_row(session, code, edit, auth.current_name(), clock.now())
    except edits.EditError as refused:
        return admin.message(t("admin_field", lang).format(field=refused.field,
                                                           reason=refused.message),
                             ok=False), no_update
    return admin.message(t(done, lang).format(code=code, count=len(changes))), time.time_ns()


def _history(session, subject: str, code: str, lang: str) -> object:
    zone = wiring.current().zone
    rows = [{"field": row.field, "before": row.before, "after": row.after,
             "by": row.changed_by, "at": formats.local_time(row.changed_at, zone)}
            for row in edits.history(session, subject, code)]
    return admin_items.history_table(rows, lang)


def _number(value: float) -> str:
    return str(int(value)) if value.is_integer() else str(value)


def register(app: Dash) -> None:
    """Attach the items page's callbacks; every one needs an administrator."""
    lang = State(ids.ITEMS_LANG, "data")
    changed = Input(ids.ITEMS_CHANGED, "data")
    auth.callback(app, Role.ADMIN, Output(ids.ITEMS_TABLE, "children"),
                  Output(ids.DEPARTMENTS_TABLE, "children"), Output(ids.ITEM_CHOICE, "options"),
                  Output(ids.DEPARTMENT_CHOICE, "options"), Output(ids.ITEM_LEAD, "options"),
                  changed, lang)(tables)
    auth.callback(app, Role.ADMIN, Output(ids.ITEM_NAME, "value"), Output(ids.ITEM_LEAD, "value"),
                  Output(ids.ITEM_ACTIVE, "value"), Output(ids.ITEM_RESPONSE_AMOUNT, "value"),
                  Output(ids.ITEM_RESPONSE_UNIT, "value"),
                  Output(ids.ITEM_RESOLUTION_AMOUNT, "value"),
                  Output(ids.ITEM_RESOLUTION_UNIT, "value"), Output(ids.ITEM_HISTORY, "children"),
                  Input(ids.ITEM_CHOICE, "value"), changed, lang)(show_item)
    auth.callback(app, Role.ADMIN, Output(ids.ITEM_MESSAGE, "children"), CHANGED,
                  Input(ids.ITEM_SAVE, "n_clicks"), State(ids.ITEM_CHOICE, "value"),
                  State(ids.ITEM_NAME, "value"), State(ids.ITEM_LEAD, "value"),
                  State(ids.ITEM_ACTIVE, "value"), State(ids.ITEM_RESPONSE_AMOUNT, "value"),
                  State(ids.ITEM_RESPONSE_UNIT, "value"),
                  State(ids.ITEM_RESOLUTION_AMOUNT, "value"),
                  State(ids.ITEM_RESOLUTION_UNIT, "value"), lang,
                  prevent_initial_call=True)(save_item)
    auth.callback(app, Role.ADMIN, Output(ids.DEPARTMENT_NAME, "value"),
                  Output(ids.DEPARTMENT_SHORT, "value"), Output(ids.DEPARTMENT_ACTIVE, "value"),
                  Output(ids.DEPARTMENT_HISTORY, "children"),
                  Input(ids.DEPARTMENT_CHOICE, "value"), changed, lang)(show_department)
    auth.callback(app, Role.ADMIN, Output(ids.DEPARTMENT_MESSAGE, "children"), CHANGED,
                  Input(ids.DEPARTMENT_SAVE, "n_clicks"), State(ids.DEPARTMENT_CHOICE, "value"),
                  State(ids.DEPARTMENT_NAME, "value"), State(ids.DEPARTMENT_SHORT, "value"),
                  State(ids.DEPARTMENT_ACTIVE, "value"), lang,
                  prevent_initial_call=True)(save_department)
