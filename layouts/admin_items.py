"""Items and departments (/admin/items): the whistle list and its limits, one at a time."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from dash import dcc, html

from layouts import admin, ids
from layouts.text import t

UNITS = ("hours", "work_hours", "work_days")


def layout(lang: str = "zh") -> html.Div:
    """The page's frame; the tables and the chosen row arrive through callbacks."""
    return admin.frame("/admin/items", lang, [
        dcc.Store(id=ids.ITEMS_LANG, data=lang),
        dcc.Store(id=ids.ITEMS_CHANGED, data=0),
        html.Section(className="admin-section", children=[
            html.H2(t("items_title", lang)),
            html.Div(className="admin-form", children=[
                dcc.Dropdown(id=ids.ITEM_CHOICE, placeholder=t("items_choose", lang),
                             className="admin-choice")]),
            html.Div(className="admin-form", children=[
                dcc.Input(id=ids.ITEM_NAME, placeholder=t("col_name", lang), maxLength=100),
                dcc.Dropdown(id=ids.ITEM_LEAD, placeholder=t("col_lead", lang),
                             className="admin-choice"),
                dcc.Checklist(id=ids.ITEM_ACTIVE, value=[],
                              options=[{"label": t("items_active", lang), "value": "active"}]),
            ]),
            _limit(ids.ITEM_RESPONSE_AMOUNT, ids.ITEM_RESPONSE_UNIT, "col_response", lang),
            _limit(ids.ITEM_RESOLUTION_AMOUNT, ids.ITEM_RESOLUTION_UNIT, "col_resolution", lang),
            html.Div(className="admin-form", children=[
                html.Button(t("items_save", lang), id=ids.ITEM_SAVE)]),
            html.Div(id=ids.ITEM_MESSAGE, className="admin-message"),
            html.H3(t("items_history", lang)),
            html.Div(id=ids.ITEM_HISTORY),
            html.Div(id=ids.ITEMS_TABLE),
        ]),
        html.Section(className="admin-section", children=[
            html.H2(t("departments_title", lang)),
            html.Div(className="admin-form", children=[
                dcc.Dropdown(id=ids.DEPARTMENT_CHOICE, placeholder=t("departments_choose", lang),
                             className="admin-choice")]),
            html.Div(className="admin-form", children=[
                dcc.Input(id=ids.DEPARTMENT_NAME, placeholder=t("col_name", lang),
                          maxLength=100),
                dcc.Input(id=ids.DEPARTMENT_SHORT, placeholder=t("col_short_name", lang),
                          maxLength=20),
                dcc.Checklist(id=ids.DEPARTMENT_ACTIVE, value=[],
                              options=[{"label": t("items_active", lang), "value": "active"}]),
                html.Button(t("departments_save", lang), id=ids.DEPARTMENT_SAVE),
            ]),
            html.Div(id=ids.DEPARTMENT_MESSAGE, className="admin-message"),
            html.H3(t("items_history", lang)),
            html.Div(id=ids.DEPARTMENT_HISTORY),
            html.Div(id=ids.DEPARTMENTS_TABLE),
        ]),
    ])


def _limit(amount_id: str, unit_id: str, label: str, lang: str) -> html.Div:
    return html.Div(className="admin-form", children=[
        html.Label(t(label, lang)),
        dcc.Input(id=amount_id, type="text", inputMode="decimal", maxLength=10,
                  className="admin-amount"),
        dcc.Dropdown(id=unit_id, clearable=False, searchable=False, className="admin-role",
                     options=[{"label": t(f"unit_{unit}", lang), "value": unit}
                              for unit in UNITS]),
    ])


def limit_text(amount: float, unit: str, lang: str) -> str:
    """A limit as a person reads it: 3 工作日."""
    shown = int(amount) if float(amount).is_integer() else amount
    return f"{shown} {t(f'unit_{unit}', lang)}"


def items_table(rows: Sequence[dict[str, Any]], lang: str) -> html.Table:
    """Every item: code, class, name, lead department, both limits, state."""
    head = ("col_code", "col_class", "col_name", "col_lead", "col_response", "col_resolution",
            "col_state")
    body = [html.Tr([
        html.Td(row["code"]), html.Td(row["class"]), html.Td(row["name"]), html.Td(row["lead"]),
        html.Td(limit_text(row["response_amount"], row["response_unit"], lang)),
        html.Td(limit_text(row["resolution_amount"], row["resolution_unit"], lang)),
        html.Td(t("state_active" if row["active"] else "state_inactive", lang)),
    ], className=None if row["active"] else "revoked") for row in rows]
    return admin.table(head, body, lang, "items-list")


def departments_table(rows: Sequence[dict[str, Any]], lang: str) -> html.Table:
    """Every department: code, name, short name, state."""
    head = ("col_code", "col_name", "col_short_name", "col_state")
    body = [html.Tr([html.Td(row["code"]), html.Td(row["name"]), html.Td(row["short_name"]),
                     html.Td(t("state_active" if row["active"] else "state_inactive", lang))],
                    className=None if row["active"] else "revoked") for row in rows]
    return admin.table(head, body, lang, "departments-list")


def history_table(rows: Sequence[dict[str, Any]], lang: str) -> html.Table:
    """The kept changes of one row, newest first: field, before, after, by whom, when."""
    head = ("col_field", "col_before", "col_after", "col_by", "col_at")
    body = [html.Tr([html.Td(row["field"]), html.Td(row["before"] or "—"),
                     html.Td(row["after"] or "—"), html.Td(row["by"]), html.Td(row["at"])])
            for row in rows]
    return admin.table(head, body, lang)
