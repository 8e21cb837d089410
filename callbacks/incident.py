"""The incident page reads one incident, its trail, its alerts and the moves the person may
make, and makes the move whose button is pressed, in the person's name."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from dash import ALL, Dash, Input, Output, State, ctx, no_update

from dashboard import auth, wiring
from data import clock
from data.incidents import desk, detail, offers
from data.incidents.trail import Actor, InvalidMove, MoveRefused
from layouts import ids, incident, incident_moves
from layouts.text import t


def render(request: dict, _done: int | None) -> tuple[object, object, dict | None]:
    """Draw the incident the address names and its moves, or say there is none to see."""
    wired, now, principal = wiring.current(), clock.now(), auth.current()
    code, lang = request["code"], request["lang"]
    with wired.sessions() as session:
        found = offers.incident_for(session, code)
        if found is None:
            return incident.missing(code, lang), [], None
        if not desk.may_read(found, principal.role, principal.department):
            return incident.not_yours(code, lang), [], None
        offered = offers.offers(session, found, principal.role, principal.department,
                                wired.rules, now)
        shown = detail.detail(session, code, now)
    zone = wired.zone
    return (incident.panel(shown, lang, zone), incident_moves.moves(offered, lang, zone),
            {"seen": offered["seen"], "state": offered["state"]})


def move(clicks: list[int | None], values: list[Any], fields: list[dict], seen: dict | None,
         request: dict, done: int | None) -> tuple[object, object]:
    """Make the move whose button was pressed; say plainly what came of it."""
    pressed, lang = ctx.triggered_id, request["lang"]
    if not isinstance(pressed, dict) or not any(clicks) or not seen:
        return no_update, no_update
    name = pressed["move"]
    form = {key["name"]: value for key, value in zip(fields, values, strict=True)
            if key["move"] == name}
    if pressed.get("target"):
        form["into"] = pressed["target"]
    said = t(f"move_{name}", lang)
    principal, wired = auth.current(), wiring.current()
    with wired.sessions() as session:
        found = offers.incident_for(session, request["code"], lock=True)
        try:
            if found is None or not desk.may_read(found, principal.role, principal.department):
                raise desk.NotYours(name, principal.role)
            desk.make(session, found, name, principal.role, principal.department,
                      Actor.person(principal.name), wired.rules, form,
                      seen=datetime.fromisoformat(seen["seen"]))
            session.commit()
            answer = incident_moves.message("done", lang, move=said)
        except desk.Moved as moved:
            answer = incident_moves.message("moved", lang, state=t(f"state_{moved.state}", lang))
        except MoveRefused as refused:
            answer = incident_moves.message("refused_state", lang, move=said,
                                            state=t(f"state_{refused.state}", lang))
        except desk.NotYours:
            answer = incident_moves.message("not_yours", lang, move=said)
        except InvalidMove as invalid:
            answer = incident_moves.message("invalid", lang, reason=str(invalid))
    return answer, (done or 0) + 1


def register(app: Dash) -> None:
    """Attach the incident page's callbacks to `app`."""
    readers = desk.READERS
    auth.callback(app, readers, Output(ids.INCIDENT_BODY, "children"),
                  Output(ids.INCIDENT_MOVES, "children"), Output(ids.INCIDENT_SEEN, "data"),
                  Input(ids.INCIDENT_REQUEST, "data"), Input(ids.INCIDENT_DONE, "data"))(render)
    auth.callback(app, readers, Output(ids.INCIDENT_MESSAGE, "children"),
                  Output(ids.INCIDENT_DONE, "data"),
                  Input({"type": ids.INCIDENT_MOVE, "move": ALL, "target": ALL}, "n_clicks"),
                  State({"type": ids.INCIDENT_FIELD, "move": ALL, "name": ALL}, "value"),
                  State({"type": ids.INCIDENT_FIELD, "move": ALL, "name": ALL}, "id"),
                  State(ids.INCIDENT_SEEN, "data"), State(ids.INCIDENT_REQUEST, "data"),
                  State(ids.INCIDENT_DONE, "data"), prevent_initial_call=True)(move)
