"""The duty officer's actions on the selected alert: acknowledge, escalate, supervise (§5).

Each runs in one transaction in the signed-in person's name; a refusal is said plainly in
the page's language, naming who was first when someone was.
"""

from __future__ import annotations

import time
from datetime import datetime

from dash import Dash, Input, Output, State, ctx, no_update
from sqlalchemy.orm import Session

from dashboard import auth, wiring
from data import alerts, clock
from data.domain import Role
from data.incidents import detail, supervision
from data.incidents.trail import Actor, InvalidMove, MoveError
from layouts import duty, ids
from layouts.duty_queue import kind_text, level_text, moment_text
from layouts.text import t

ACTIONS = {ids.DUTY_ACK: "acknowledge", ids.DUTY_ESCALATE: "escalate",
           ids.DUTY_SUPERVISE: "supervise"}


def act(_ack: int, _escalate: int, _supervise: int, selected: dict | None,
        row: dict | None, note: str | None, asked: dict) -> tuple:
    """Do what the pressed button says to the selected alert; say what came of it."""
    action, lang = ACTIONS.get(ctx.triggered_id), asked["lang"]
    if action is None:
        return no_update, no_update, no_update
    alert_id = (selected or {}).get("alert")
    if not alert_id:
        return duty.message(t("duty_nothing_selected", lang), ok=False), no_update, no_update
    code = (selected or {}).get("code") or (row or {}).get("code")
    wired, now = wiring.current(), clock.now()
    actor = Actor.person(auth.current_name())
    try:
        with wired.sessions.begin() as session:
            said = _do(session, action, alert_id, code, actor, note, lang)
    except MoveError as refused:
        text = refusal(refused, note, lang, wired.zone, now)
        return duty.message(text, ok=False), no_update, no_update
    return duty.message(said), time.time_ns(), ""


def _do(session: Session, action: str, alert_id: int, code: str | None, actor: Actor,
        note: str | None, lang: str) -> str:
    """Make the change and say it; raise data.alerts' or data.incidents.supervision's refusal."""
    if action == "supervise":
        incident = detail.by_code(session, code) if code else None
        if incident is None:
            raise MissingIncident(code or "—")
        supervision.supervise(session, incident, actor, note)
        return t("duty_supervised", lang).format(code=code, name=actor.name)
    if action == "acknowledge":
        alert = alerts.acknowledge(session, alert_id, actor, note)
        key, level = "duty_acknowledged", ""
    else:
        alert = alerts.escalate(session, alert_id, actor, note=note)
        key, level = "duty_escalated", level_text(alert.level, lang)
    return t(key, lang).format(code=alert.incident.code, kind=kind_text(alert.kind.value, lang),
                               name=actor.name, level=level)


class MissingIncident(MoveError):
    """No incident has the code the selected alert named."""

    def __init__(self, code: str) -> None:
        super().__init__(f"no incident {code}")
        self.code = code


def refusal(refused: MoveError, note: str | None, lang: str, zone: str, now: datetime) -> str:
    """Why an action was not done, in the page's language."""
    if isinstance(refused, alerts.AlreadyAcknowledged):
        return t("duty_refused_first", lang).format(name=refused.by,
                                                   time=moment_text(refused.at, zone, now))
    if isinstance(refused, alerts.AlreadyAtTop):
        return t("duty_refused_top", lang).format(level=level_text(refused.level, lang))
    if isinstance(refused, alerts.AlertCleared):
        return t("duty_refused_cleared", lang).format(
            time=moment_text(refused.cleared_at, zone, now))
    if isinstance(refused, alerts.AlertNotFound):
        return t("duty_refused_missing", lang)
    if isinstance(refused, MissingIncident):
        return t("duty_refused_no_incident", lang).format(code=refused.code)
    if isinstance(refused, supervision.SupervisionRefused):
        return t("duty_refused_final", lang).format(state=t(f"state_{refused.state}", lang))
    if isinstance(refused, InvalidMove) and refused.field == "note":
        return t("duty_refused_invalid", lang).format(reason=t("duty_note_too_long", lang).format(
            limit=duty.NOTE_LIMIT, length=len((note or "").strip())))
    return t("duty_refused_invalid", lang).format(reason=str(refused))


def register(app: Dash) -> None:
    """Attach the actions to `app`: duty officers and administrators only."""
    auth.callback(app, Role.DUTY, Output(ids.DUTY_MESSAGE, "children"),
                  Output(ids.DUTY_DONE, "data"), Output(ids.DUTY_NOTE, "value"),
                  Input(ids.DUTY_ACK, "n_clicks"), Input(ids.DUTY_ESCALATE, "n_clicks"),
                  Input(ids.DUTY_SUPERVISE, "n_clicks"), State(ids.DUTY_SELECTED, "data"),
                  State(ids.DUTY_SELECTED_ROW, "data"), State(ids.DUTY_NOTE, "value"),
                  State(ids.DUTY_REQUEST, "data"),
                  prevent_initial_call=True)(act)
