"""GET /healthz: whether the store answers, its schema is current, and what it holds."""

from __future__ import annotations

from flask import Blueprint, Flask, jsonify
from flask.typing import ResponseReturnValue
from sqlalchemy.exc import SQLAlchemyError

from dashboard import wiring
from data import queries, schema, store

health = Blueprint("health", __name__)


@health.get("/healthz")
def healthz() -> ResponseReturnValue:
    """Answer with the store's state and counts; 503 when it cannot serve."""
    wired = wiring.current()
    body: dict = {"database": store.safe_url(wired.engine),
                  "schema": {"head": schema.head_revision()}}
    try:
        body["schema"]["current"] = schema.current_revision(wired.engine)
        if body["schema"]["current"] != body["schema"]["head"]:
            body["status"] = "migrate"
            return jsonify(body), 503
        with wired.sessions() as session:
            body["counts"] = queries.store_counts(session)
            body["states"] = queries.incidents_by_state(session)
            last = queries.last_event_at(session)
    except SQLAlchemyError as error:
        body.update(status="unavailable", error=type(error).__name__)
        return jsonify(body), 503
    body.update(status="ok", last_event_at=last.isoformat() if last else None)
    return jsonify(body)


def init_app(server: Flask) -> None:
    """Serve /healthz."""
    server.register_blueprint(health)
