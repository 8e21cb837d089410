"""The duty actions of the JSON API: acknowledge and escalate an alert, supervise an incident.

Each runs in one transaction in the caller's name (PRODUCT §5) and answers JSON: the new
state, or a refusal naming what is wrong — 400 a bad body and its field, 404 nothing with
that id or code, 409 a state that refuses the action (who acknowledged first and when, the
top level, a cleared alert, a final incident). The body is optional: {"note": "..."}.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from flask import jsonify, request
from flask.typing import ResponseReturnValue
from sqlalchemy.orm import Session

from dashboard import auth, wiring
from data import alerts
from data.domain import Role
from data.incidents import alert_rules, detail, supervision
from data.incidents.trail import Actor, InvalidMove
from data.models import Alert

FIELDS = ("note",)
JSON_TYPES = {bool: "a boolean", int: "a number", float: "a number", list: "an array",
              dict: "an object"}


class BadBody(InvalidMove):
    """The request's body is not what the endpoint takes; `field` names what is wrong."""


@auth.requires(Role.DUTY)
def acknowledge(alert_id: int) -> ResponseReturnValue:
    """Acknowledge the alert (确认), with the body's note if it has one."""
    return _on_alert(lambda db, actor, note: alerts.acknowledge(db, alert_id, actor, note))


@auth.requires(Role.DUTY)
def escalate(alert_id: int) -> ResponseReturnValue:
    """Escalate the alert one level (street leader → district leader)."""
    return _on_alert(lambda db, actor, note: alerts.escalate(db, alert_id, actor, note=note))


@auth.requires(Role.DUTY)
def supervise(code: str) -> ResponseReturnValue:
    """Raise a supervision order (督办单) on the incident, with the body's note if it has one."""
    try:
        note = note_of_body()
        with wiring.current().sessions.begin() as db:
            incident = detail.by_code(db, code)
            if incident is None:
                return _refuse(404, "not_found", f"no incident {code}", "code")
            order = supervision.supervise(db, incident, actor(), note)
            answer = {"id": order.id, "incident": incident.code, "ordered_by": order.ordered_by,
                      "ordered_at": _iso(order.ordered_at), "note": order.note,
                      "supervised": True}
    except InvalidMove as bad:
        return _refuse(400, "bad_request", str(bad), field=bad.field)
    except supervision.SupervisionRefused as refused:
        return _refuse(409, "final", str(refused), state=refused.state.value)
    return jsonify(answer), 201


def actor() -> Actor:
    """Who the request acts for, as the trail records them."""
    return Actor.person(auth.current_name())


def note_of_body() -> str | None:
    """The note of an optional JSON body {"note": "..."}; refuse anything else, naming it."""
    raw = request.get_data(cache=True)
    if not raw.strip():
        return None
    try:
        body = json.loads(raw)
    except RecursionError:
        raise BadBody("body", "is nested too deeply") from None
    except ValueError as error:
        raise BadBody("body", f"is not valid JSON ({error})") from None
    if not isinstance(body, dict):
        raise BadBody("body", 'must be a JSON object, such as {"note": "..."}')
    unknown = sorted(set(body) - set(FIELDS))
    if unknown:
        raise BadBody(unknown[0], f"is not a field of this request; it takes {', '.join(FIELDS)}")
    note = body.get("note")
    if note is not None and not isinstance(note, str):
        raise BadBody("note", f"must be a string, not {JSON_TYPES.get(type(note), 'that')}")
    return note


def state(alert: Alert) -> dict[str, Any]:
    """An alert as the API shows it: its incident, kind, level and acknowledgement."""
    return {"id": alert.id, "incident": alert.incident.code, "kind": alert.kind.value,
            "level": alert.level, "level_name": alert_rules.LEVELS[alert.level],
            "escalated": alert.level > 0, "escalated_at": _iso(alert.escalated_at),
            "raised_at": _iso(alert.reraised_at or alert.raised_at),
            "acknowledged_by": alert.acknowledged_by,
            "acknowledged_at": _iso(alert.acknowledged_at), "note": alert.ack_note,
            "cleared_at": _iso(alert.cleared_at)}


def _on_alert(act: Callable[[Session, Actor, str | None], Alert]) -> ResponseReturnValue:
    try:
        note = note_of_body()
        with wiring.current().sessions.begin() as db:
            answer = state(act(db, actor(), note))
    except InvalidMove as bad:
        return _refuse(400, "bad_request", str(bad), field=bad.field)
    except alerts.AlertNotFound as missing:
        return _refuse(404, "not_found", str(missing), "alert_id")
    except alerts.AlreadyAcknowledged as first:
        return _refuse(409, "already_acknowledged", str(first), acknowledged_by=first.by,
                       acknowledged_at=_iso(first.at))
    except alerts.AlreadyAtTop as top:
        return _refuse(409, "at_top_level", str(top), level=top.level,
                       level_name=alert_rules.LEVELS[top.level])
    except alerts.AlertCleared as cleared:
        return _refuse(409, "cleared", str(cleared), cleared_at=_iso(cleared.cleared_at))
    return jsonify(answer)


def _refuse(status: int, error: str, message: str, field: str | None = None,
            **details: Any) -> ResponseReturnValue:
    return jsonify(error=error, message=message, field=field, **details), status


def _iso(moment: datetime | None) -> str | None:
    return moment.astimezone(UTC).isoformat() if moment else None
