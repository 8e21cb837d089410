"""GET /healthz: whether the dashboard serves; the store's details to administrators alone.

A load balancer or a monitor needs only the status (200 "ok", or 503 "migrate" or
"unavailable"); the store's address, schema and counts say too much about the district to
anyone who can reach the port, so they are added for an administrator (a signed-in session
or an access token of the admin role) only.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Flask, jsonify
from flask.typing import ResponseReturnValue
from sqlalchemy.exc import SQLAlchemyError

from dashboard import auth, wiring
from data import queries, schema, store
from data.domain import Role
from data.people import access

health = Blueprint("health", __name__)


@health.get("/healthz")
def healthz() -> ResponseReturnValue:
    """Answer with the status, and for an administrator the store's state and counts."""
    principal = auth.api_principal()
    detailed = principal is not None and access.includes(principal.role, Role.ADMIN)
    body, code = _state(detailed)
    return jsonify(body if detailed else {"status": body["status"]}), code


def _state(detailed: bool) -> tuple[dict[str, Any], int]:
    """The store's state, and its counts when `detailed`; 503 when it cannot serve.

    The schema's revision is read either way, so a store that cannot be read says so; the
    counts are read for an administrator only, not on every poll of a load balancer.
    """
    wired = wiring.current()
    body: dict = {"database": store.safe_url(wired.engine),
                  "schema": {"head": schema.head_revision()}}
    try:
        body["schema"]["current"] = schema.current_revision(wired.engine)
        if body["schema"]["current"] != body["schema"]["head"]:
            body["status"] = "migrate"
            return body, 503
        if not detailed:
            return {"status": "ok"}, 200
        with wired.sessions() as session:
            body["counts"] = queries.store_counts(session)
            body["states"] = queries.incidents_by_state(session)
            last = queries.last_event_at(session)
    except SQLAlchemyError as error:
        body.update(status="unavailable", error=type(error).__name__)
        return body, 503
    body.update(status="ok", last_event_at=last.isoformat() if last else None)
    return body, 200


def init_app(server: Flask) -> None:
    """Serve /healthz."""
    server.register_blueprint(health)
