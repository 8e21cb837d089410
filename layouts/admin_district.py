"""District set-up (/admin/district): the district workbook and the working calendar."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from dash import dcc, html

from layouts import admin, ids
from layouts.text import t

CURRENT_PATH = "/admin/files/district.xlsx"
TEMPLATE_PATH = "/admin/files/district-template.xlsx"
MAX_UPLOAD = 10 * 1024 * 1024  # a district's workbook is a few hundred kilobytes


def layout(lang: str = "zh") -> html.Div:
    """The page's frame; the entered days arrive through a callback."""
    return admin.frame("/admin/district", lang, [
        dcc.Store(id=ids.DISTRICT_LANG, data=lang),
        dcc.Store(id=ids.DISTRICT_CHANGED, data=0),
        dcc.Store(id=ids.DISTRICT_PENDING),
        html.Section(className="admin-section", children=[
            html.H2(t("district_workbook", lang)),
            html.Div(className="admin-links", children=[
                html.A(t("district_template", lang), href=TEMPLATE_PATH, id="district-template"),
                html.A(t("district_current", lang), href=CURRENT_PATH, id="district-current"),
            ]),
            upload(ids.DISTRICT_UPLOAD, t("district_upload", lang), ".xlsx"),
            html.Div(id=ids.DISTRICT_RESULT, className="admin-message"),
            html.Div(className="admin-form", children=[
                html.Button(t("district_apply", lang), id=ids.DISTRICT_APPLY, disabled=True)]),
            html.Div(id=ids.DISTRICT_MESSAGE, className="admin-message"),
        ]),
        html.Section(className="admin-section", children=[
            html.H2(t("district_calendar", lang)),
            html.Div(id=ids.DISTRICT_WARNINGS),
            html.Div(className="admin-form", children=[
                dcc.Input(id=ids.DISTRICT_DAY_DATE, placeholder=t("district_day_date", lang),
                          maxLength=10),
                dcc.Dropdown(id=ids.DISTRICT_DAY_KIND, value="off", clearable=False,
                             searchable=False, className="admin-role",
                             options=[{"label": t(f"district_day_{kind}", lang), "value": kind}
                                      for kind in ("off", "work")]),
                html.Button(t("district_day_enter", lang), id=ids.DISTRICT_DAY_ENTER),
            ]),
            html.Div(id=ids.DISTRICT_DAY_MESSAGE, className="admin-message"),
            html.Div(id=ids.DISTRICT_DAYS),
        ]),
    ])


def upload(component_id: str, label: str, accept: str) -> dcc.Upload:
    """A drop zone for one file, read in the browser and sent with the next callback."""
    return dcc.Upload(id=component_id, children=html.Div(label), accept=accept,
                      max_size=MAX_UPLOAD, multiple=False, className="admin-upload")


def preview(name: str, lines: Sequence[str], lang: str) -> html.Div:
    """What an accepted workbook will change, one line each."""
    return html.Div(className="admin-preview", children=[
        html.P(t("district_preview", lang).format(name=name, count=len(lines)),
               className="admin-ok"),
        html.Ul([html.Li(line) for line in lines])])


def days_table(rows: Sequence[dict[str, Any]], lang: str) -> object:
    """The entered days: date, kind, where from, who entered them and when, and remove."""
    if not rows:
        return html.P(t("district_no_days", lang))
    head = ("district_col_date", "district_col_kind", "district_col_source", "district_col_by",
            "district_col_at", "col_state")
    body = [html.Tr([
        html.Td(row["day"]), html.Td(t(f"district_day_{row['kind']}", lang)),
        html.Td(row["source"]), html.Td(row["by"]), html.Td(row["at"]),
        html.Td(html.Button(t("district_day_remove", lang), className="admin-danger",
                            id={"type": ids.DISTRICT_DAY_REMOVE, "day": row["day"]})),
    ]) for row in rows]
    return admin.table(head, body, lang, "district-days-table")


def warnings(years: Sequence[int], lang: str) -> list:
    """A warning for each year whose adjusted working weekends are missing."""
    return [html.P(t("calendar_missing", lang).format(year=year), className="admin-error")
            for year in years]
