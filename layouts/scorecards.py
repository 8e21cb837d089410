"""The scorecards (/scorecards): departments and streets ranked for a period, with exports.

The frame is drawn from the address alone (the period rides in it, so a link shows the same
tables); the rows arrive through a callback. The administrator's weights editor is in the
frame but hidden until the server has said the viewer is an administrator.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from urllib.parse import urlencode

from dash import dcc, html
from dash.development.base_component import Component

from layouts import ids
from layouts.formats import picked_period
from layouts.scorecards_table import DEFAULT_SORT, period_text, table
from layouts.text import t

__all__ = ["layout", "tables", "weights_inputs", "weights_history", "period_text",
           "export_href", "search", "chosen"]

PRESETS = ("month", "last-month", "week", "today")
UNITS = ("department", "street")
PATH = "/scorecards"
EXPORT_PATH = f"{PATH}/export"


def search(period: str, lang: str) -> str:
    """The query string of the scorecards for `period` in `lang`."""
    query = {"period": period}
    if lang != "zh":
        query["lang"] = lang
    return "?" + urlencode(query)


def chosen(current: str, lang: str, preset: str | None, start: str | None, end: str | None,
           by_range: bool) -> str | None:
    """The address for a period picked from the presets or as a range of days; None to stay."""
    period = picked_period(preset, start, end, by_range, PRESETS)
    if period is None or period == current:
        return None
    return PATH + search(period, lang)


def export_href(period: str, unit: str, kind: str, lang: str) -> str:
    """The address of the bulletin's file of `kind` (csv or xlsx) for `unit` and `period`."""
    query = {"period": period, "unit": unit}
    if lang != "zh":
        query["lang"] = lang
    return f"{EXPORT_PATH}.{kind}?{urlencode(query)}"


def layout(period: str = "month", lang: str = "zh") -> Component:
    """The page's frame for `period` (a preset or "YYYY-MM-DD..YYYY-MM-DD")."""
    first, _, last = period.partition("..")
    other = "en" if lang == "zh" else "zh"
    return html.Div(className="scorecards", lang="en" if lang == "en" else "zh-CN", children=[
        dcc.Store(id=ids.SCORECARDS_QUERY, data={"period": period, "lang": lang}),
        dcc.Location(id=ids.SCORECARDS_NAV, refresh="callback-nav"),
        dcc.Store(id=ids.SCORECARDS_ROWS, data=None),
        dcc.Store(id=ids.SCORECARDS_SORT, data={unit: DEFAULT_SORT for unit in UNITS}),
        html.Header(className="scorecards-header", children=[
            html.H1(t("sc_title", lang)),
            html.H2(id=ids.SCORECARDS_HEADING, className="scorecards-heading"),
            html.A(t("language", lang), href=search(period, other), className="lang"),
        ]),
        html.Div(className="scorecards-period", children=[
            html.Span(t("sc_period", lang), className="scorecards-label"),
            dcc.RadioItems(
                id=ids.SCORECARDS_PERIOD, className="scorecards-presets", inline=True,
                value=period if period in PRESETS else None,
                options=[{"label": t(f"sc_period_{key.replace('-', '_')}", lang), "value": key}
                         for key in PRESETS]),
            dcc.DatePickerRange(
                id=ids.SCORECARDS_RANGE, start_date=first if last else None,
                end_date=last or None, display_format="YYYY-MM-DD", first_day_of_week=1,
                updatemode="bothdates", minimum_nights=0,
                start_date_placeholder_text=t("sc_from", lang),
                end_date_placeholder_text=t("sc_to", lang)),
        ]),
        *[_section(unit, period, lang) for unit in UNITS],
        _weights_editor(lang),
    ])


def _section(unit: str, period: str, lang: str) -> html.Section:
    return html.Section(className=f"scorecards-section scorecards-{unit}", children=[
        html.Div(className="scorecards-section-head", children=[
            html.H2(t(f"sc_scope_{unit}", lang)),
            html.A(t("sc_download_csv", lang), href=export_href(period, unit, "csv", lang),
                   className="scorecards-download csv", download=""),
            html.A(t("sc_download_xlsx", lang), href=export_href(period, unit, "xlsx", lang),
                   className="scorecards-download xlsx", download=""),
        ]),
        html.Div(id=ids.SCORECARDS_TABLE[unit], className="scorecards-scroll"),
    ])


def _weights_editor(lang: str) -> html.Section:
    return html.Section(id=ids.SCORECARDS_WEIGHTS, hidden=True, className="scorecards-weights",
                        children=[
        html.H2(t("sc_weights", lang)),
        html.P(t("sc_weights_hint", lang), className="scorecards-hint"),
        html.Div(id=ids.SCORECARDS_WEIGHT_INPUTS, className="scorecards-weight-fields"),
        html.Button(t("sc_weights_save", lang), id=ids.SCORECARDS_WEIGHTS_SAVE, n_clicks=0,
                    className="scorecards-save"),
        html.Div(id=ids.SCORECARDS_WEIGHTS_MESSAGE, className="scorecards-message"),
        html.H3(t("sc_weights_history", lang)),
        html.Ul(id=ids.SCORECARDS_WEIGHTS_HISTORY),
    ])


def tables(rows: Mapping[str, list[dict]] | None, order: Mapping[str, dict],
           lang: str) -> list[Component]:
    """Both scorecards, each in its own order."""
    rows = rows or {}
    return [table(rows.get(unit, []), unit, order.get(unit, DEFAULT_SORT), lang)
            for unit in UNITS]


def weights_inputs(figures: Sequence[str], current: Mapping[str, float],
                   lang: str, minimum: int) -> list[Component]:
    """One percent field per scored rate, filled with the weights in force, and the minimum
    sample of decided cases a rate needs to be scored."""
    return [*(html.Label(className="scorecards-weight", children=[
        t(f"sc_col_{figure}", lang),
        dcc.Input(id={"type": ids.SCORECARDS_WEIGHT, "figure": figure}, type="number",
                  min=0, max=100, step=0.1, value=round(100 * current.get(figure, 0.0), 4)),
        "%",
    ]) for figure in figures), html.Label(className="scorecards-weight", children=[
        t("sc_minimum", lang),
        dcc.Input(id={"type": ids.SCORECARDS_MINIMUM, "field": "minimum"}, type="number",
                  min=1, max=10_000, step=1, value=minimum),
    ])]


def weights_history(changes: Sequence[tuple[str, str, Mapping[str, float]]],
                    lang: str) -> list[Component]:
    """Who changed the weights when, newest first, and to what."""
    if not changes:
        return [html.Li(t("sc_weights_defaults", lang))]
    return [html.Li(f"{when} · {who} · " + "，".join(
        f"{t(f'sc_col_{figure}', lang)} {100 * weight:g}%"
        for figure, weight in weights.items() if weight))
        for when, who, weights in changes]
