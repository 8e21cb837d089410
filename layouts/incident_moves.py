"""The moves an incident's page offers, as forms that say what they will do.

Drawn from the plain dict `data.incidents.offers` gives: only the moves the person's role and
the incident's state allow. Each button is {"type": INCIDENT_MOVE, "move", "target"} and each
field {"type": INCIDENT_FIELD, "move", "name"}, so one callback reads the form of the move
whose button was pressed.
"""

from __future__ import annotations

from typing import Any

from dash import dcc, html
from dash.development.base_component import Component

from layouts import ids
from layouts.formats import local_time
from layouts.text import t

LEVELS = ("grid", "community", "street", "district")
RATINGS = ("satisfied", "basic", "dissatisfied")
UNITS = ("work_days", "work_hours", "hours")
REASONED = ("reject", "return", "refuse_extension", "park", "send_back")


def button(move: str, lang: str, target: str = "", label: str | None = None) -> html.Button:
    return html.Button(label or t(f"move_{move}", lang), n_clicks=0,
                       id={"type": ids.INCIDENT_MOVE, "move": move, "target": target},
                       className=f"move-button move-{move}")


def field(move: str, name: str, lang: str, control: str = "input", **options: Any) -> html.Label:
    key = {"type": ids.INCIDENT_FIELD, "move": move, "name": name}
    if control == "dropdown":
        widget = dcc.Dropdown(id=key, clearable=False, **options)
    elif control == "radio":
        widget = dcc.RadioItems(id=key, inline=True, **options)
    else:
        widget = dcc.Input(id=key, type="text", value="", maxLength=2000,
                           className="move-input", **options)
    return html.Label([html.Span(t(f"field_{name}", lang), className="move-label"), widget],
                      className=f"move-field field-{name}")


def moves(offered: dict[str, Any], lang: str, zone: str) -> Component:
    """The forms of the moves offered, or a line saying there are none."""
    if not offered["moves"]:
        return html.P(t("moves_none", lang), className="moves-none")
    return html.Div([_form(move, offered, lang, zone) for move in offered["moves"]],
                    className="moves-forms")


def _form(move: str, offered: dict[str, Any], lang: str, zone: str) -> html.Section:
    body: list[Component] = []
    if move == "accept":
        body.append(_duplicates(offered.get("duplicates") or [], lang))
    if move == "merge":
        body.append(field(move, "into", lang, placeholder=t("field_into_hint", lang)))
    if move == "dispatch":
        body += _dispatch(offered, lang, zone)
    if move in REASONED:
        body.append(field(move, "reason", lang))
    if move == "close":
        yes_no = [{"label": t("answer_yes", lang), "value": "yes"},
                  {"label": t("answer_no", lang), "value": "no"}]
        body += [field(move, "reached", lang, "radio", options=yes_no),
                 field(move, "solved", lang, "radio", options=yes_no),
                 field(move, "rating", lang, "radio", value=None, options=[
                     {"label": t(f"rating_{r}", lang), "value": r} for r in RATINGS])]
    if move == "resolve":
        body.append(field(move, "level", lang, "radio", value="district", options=[
            {"label": t(f"level_{level}", lang), "value": level} for level in LEVELS]))
    if move == "request_extension":
        body += [field(move, "amount", lang, placeholder="1"),
                 field(move, "unit", lang, "radio", value="work_days", options=[
                     {"label": t(f"unit_{unit}", lang), "value": unit} for unit in UNITS]),
                 field(move, "reason", lang)]
    if move in ("grant_extension", "refuse_extension") and offered.get("extension"):
        body.insert(0, _request(offered["extension"], lang))
    if move not in REASONED and move != "request_extension":
        body.append(field(move, "note", lang))
    return html.Section([*body, button(move, lang)], className=f"move-form form-{move}")


def _duplicates(found: list[dict[str, Any]], lang: str) -> Component:
    if not found:
        return html.P(t("moves_no_duplicates", lang), className="move-duplicates none")
    def line(other: dict[str, Any]) -> html.Li:
        state = t("state_" + other["state"], lang)
        return html.Li([
            html.A(other["code"], href=f"/incidents/{other['code']}", className="dup-code"),
            html.Span(f" {other['title']} · {state} · {other['metres']} m "),
            button("merge", lang, other["code"], t("moves_merge_into", lang))],
            className="dup")

    return html.Div(className="move-duplicates", children=[
        html.P(t("moves_duplicates", lang), className="move-hint"),
        html.Ul([line(other) for other in found]),
        html.P(t("moves_decline", lang), className="move-hint"),
    ])


def _dispatch(offered: dict[str, Any], lang: str, zone: str) -> list[Component]:
    options = [{"label": d["name"], "value": d["code"]} for d in offered["departments"]]
    due = offered["deadlines"]
    return [
        field("dispatch", "lead", lang, "dropdown", value=offered.get("lead"), options=options),
        field("dispatch", "co", lang, "dropdown", value=[], multi=True, options=options),
        html.P(t("moves_deadlines", lang).format(
            response=local_time(due["response"], zone),
            resolution=local_time(due["resolution"], zone)), className="move-deadlines"),
    ]


def _request(request: dict[str, Any], lang: str) -> html.P:
    return html.P(t("moves_request", lang).format(
        by=request.get("requested_by", ""), amount=request.get("amount"),
        unit=t(f"unit_{request.get('unit')}", lang), reason=request.get("reason", "")),
        className="move-request")


def message(kind: str, lang: str, **values: object) -> html.P:
    """What happened to the move just asked for: done, or refused and why."""
    return html.P(t(f"moves_{kind}", lang).format(**values),
                  className=f"moves-message {'done' if kind == 'done' else 'refused'}")
