"""The scorecards react: rows for the address's period, sorting, and the administrator's weights."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from dash import ALL, Dash, Input, Output, State, ctx, no_update
from dash.exceptions import PreventUpdate
from sqlalchemy.orm import Session

from dashboard import auth, wiring
from data import clock
from data.domain import Role
from data.figures import scorecards, weights
from layouts import ids
from layouts import scorecards as page
from layouts.scorecards_table import next_sort
from layouts.text import t

WEIGHT_FIELDS = {"type": ids.SCORECARDS_WEIGHT, "figure": ALL}
MINIMUM_FIELD = {"type": ids.SCORECARDS_MINIMUM, "field": ALL}
SHOWN_TIME = "%Y-%m-%d %H:%M"


def load(query: dict) -> tuple:
    """Count both scorecards for the address's period; show the editor to an administrator."""
    lang, wired, now = query["lang"], wiring.current(), clock.now()
    zone = ZoneInfo(wired.zone)
    try:
        period = scorecards.period(query["period"], now, zone)
    except ValueError as error:
        return None, t("sc_bad_period", lang).format(reason=error), True, [], []
    with wired.sessions() as session:
        rows = {unit: scorecards.build(session, unit, period, now) for unit in scorecards.UNITS}
        admin = auth.allowed(Role.ADMIN)
        fields, changes = _editor(session, zone, lang) if admin else ([], [])
    first, last = scorecards.local_days(period, zone)
    return rows, page.period_text(first, last, lang), not admin, fields, changes


def _editor(session: Session, zone: ZoneInfo, lang: str) -> tuple[list, list]:
    changes = [(change.set_at.astimezone(zone).strftime(SHOWN_TIME), change.set_by,
                {row.figure: row.weight for row in change.weights})
               for change in weights.history(session, limit=5)]
    return (page.weights_inputs(weights.FIGURES, weights.current(session), lang,
                                weights.minimum(session)),
            page.weights_history(changes, lang))


def navigate(preset: str | None, start: str | None, end: str | None, query: dict) -> str:
    """Go to the address of the period just picked."""
    by_range = ctx.triggered_id == ids.SCORECARDS_RANGE
    href = page.chosen(query["period"], query["lang"], preset, start, end, by_range)
    if href is None:
        raise PreventUpdate
    return href


def sort(_clicks: list, order: dict) -> dict:
    """Sort a scorecard by the heading just clicked, or the other way on a second click."""
    if not ctx.triggered_id or not any(item["value"] for item in ctx.triggered):
        raise PreventUpdate  # the headings were drawn again, nobody clicked
    unit, column = ctx.triggered_id["unit"], ctx.triggered_id["column"]
    return {**order, unit: next_sort(order.get(unit, {}), column)}


def render(rows: dict | None, order: dict, query: dict) -> list:
    """Draw both scorecards in their chosen order."""
    return page.tables(rows, order, query["lang"])


def save(clicks: int, values: list, fields: list, minimum: list, query: dict) -> tuple:
    """Store the administrator's weights and minimum sample with their name; refuse anyone
    else on the server."""
    if not clicks:
        raise PreventUpdate
    lang = query["lang"]
    if not auth.allowed(Role.ADMIN):
        return t("sc_weights_forbidden", lang), "scorecards-message refused", no_update
    chosen = {field["figure"]: (value or 0) / 100 for field, value in zip(fields, values,
                                                                          strict=True)}
    wired, at, name = wiring.current(), clock.now(), auth.current_name()
    try:
        with wired.sessions.begin() as session:
            weights.set(session, {key: value for key, value in chosen.items() if value}, name,
                        at, minimum[0] if minimum and minimum[0] is not None
                        else weights.MINIMUM_SAMPLE)
    except weights.WeightsRefused as error:
        return _refusal(error, chosen, lang), "scorecards-message refused", no_update
    shown = at.astimezone(ZoneInfo(wired.zone)).strftime(SHOWN_TIME)
    saved = t("sc_weights_saved", lang).format(name=name, time=shown)
    return saved, "scorecards-message saved", {**query, "saved": at.isoformat()}


def _refusal(error: weights.WeightsRefused, chosen: dict[str, float], lang: str) -> str:
    if isinstance(error, weights.BadMinimum):
        return t("sc_minimum_bad", lang)
    if isinstance(error, weights.NegativeWeight):
        return t("sc_weights_negative", lang)
    if isinstance(error, weights.WeightsNotWhole):
        return t("sc_weights_not_whole", lang).format(total=f"{100 * sum(chosen.values()):g}")
    return t("sc_weights_refused", lang).format(reason=error)


def register(app: Dash) -> None:
    """Attach the scorecards' callbacks to `app`."""
    query = State(ids.SCORECARDS_QUERY, "data")
    tables = [Output(ids.SCORECARDS_TABLE[unit], "children") for unit in scorecards.UNITS]
    auth.callback(app, Role.LEADER, Output(ids.SCORECARDS_ROWS, "data"),
                  Output(ids.SCORECARDS_HEADING, "children"),
                  Output(ids.SCORECARDS_WEIGHTS, "hidden"),
                  Output(ids.SCORECARDS_WEIGHT_INPUTS, "children"),
                  Output(ids.SCORECARDS_WEIGHTS_HISTORY, "children"),
                  Input(ids.SCORECARDS_QUERY, "data"))(load)
    auth.callback(app, Role.LEADER, Output(ids.SCORECARDS_NAV, "href"),
                  Input(ids.SCORECARDS_PERIOD, "value"),
                  Input(ids.SCORECARDS_RANGE, "start_date"),
                  Input(ids.SCORECARDS_RANGE, "end_date"), query,
                  prevent_initial_call=True)(navigate)
    auth.callback(app, Role.LEADER, Output(ids.SCORECARDS_SORT, "data"),
                  Input({"type": ids.SCORECARDS_SORT_BUTTON, "unit": ALL, "column": ALL},
                        "n_clicks"),
                  State(ids.SCORECARDS_SORT, "data"), prevent_initial_call=True)(sort)
    auth.callback(app, Role.LEADER, *tables, Input(ids.SCORECARDS_ROWS, "data"),
                  Input(ids.SCORECARDS_SORT, "data"), query)(render)
    auth.callback(app, Role.ADMIN, Output(ids.SCORECARDS_WEIGHTS_MESSAGE, "children"),
                  Output(ids.SCORECARDS_WEIGHTS_MESSAGE, "className"),
                  Output(ids.SCORECARDS_QUERY, "data"),
                  Input(ids.SCORECARDS_WEIGHTS_SAVE, "n_clicks"),
                  State(WEIGHT_FIELDS, "value"), State(WEIGHT_FIELDS, "id"),
                  State(MINIMUM_FIELD, "value"), query,
                  prevent_initial_call=True)(save)
