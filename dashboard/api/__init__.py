"""The JSON API at /api/v1: a session or `Authorization: Bearer <token>`, and a role per view.

Every view is marked with the least role that may call it (`auth.requires`); a view without
one is refused to everyone. The guard answers 401 or 403 in JSON, naming what is wrong,
before the view runs. Views read the caller with `auth.api_principal()` and record their
name with `auth.current_name()`.
"""

from __future__ import annotations

from flask import Blueprint, Flask, jsonify
from flask.typing import ResponseReturnValue

from dashboard import auth
from dashboard.api import alerts
from data.domain import Role

PREFIX = "/api/v1"

blueprint = Blueprint("api", __name__, url_prefix=PREFIX)


# The duty actions (PRODUCT §5), for the duty role and above.
blueprint.add_url_rule("/alerts/<int:alert_id>/ack", view_func=alerts.acknowledge,
                       methods=["POST"])
blueprint.add_url_rule("/alerts/<int:alert_id>/escalate", view_func=alerts.escalate,
                       methods=["POST"])
blueprint.add_url_rule("/incidents/<code>/supervise", view_func=alerts.supervise,
                       methods=["POST"])


def init_app(server: Flask) -> None:
    """Serve the API."""
    server.register_blueprint(blueprint)


@blueprint.get("/whoami")
@auth.requires(Role.DISPLAY)
def whoami() -> ResponseReturnValue:
    """Who the request speaks for: the name recorded for its changes, and its role."""
    principal = auth.api_principal()
    return jsonify(name=principal.name, role=principal.role.value, kind=principal.kind)
