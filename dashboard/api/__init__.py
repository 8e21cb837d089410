"""The JSON API at /api/v1: a session, a person's token or a source system's token.

Every view is marked with the least role that may call it (`auth.requires`); a view without
one is refused to everyone. The guard answers 401 or 403 in JSON, naming what is wrong,
before the view runs. The incident API's operations (PRODUCT §11) are declared in one route
table (`spec`) that checks their requests with the same models it documents them with, and
judge sources by their kind (`permits`). Every refusal is {"error", "message", "field"}.
"""

from __future__ import annotations

from flask import Blueprint, Flask, current_app, jsonify, request
from flask.typing import ResponseReturnValue
from flask_swagger_ui import get_swaggerui_blueprint
from werkzeug.exceptions import HTTPException

from dashboard import auth
from dashboard.api import alerts, hooks, incidents, moves, reading, schemas, spec
from dashboard.api.errors import ErrorOut
from dashboard.api.schemas import hooks as hook_shapes
from data.domain import Role

PREFIX = "/api/v1"
DOCUMENT = PREFIX + "/openapi.json"
DOCS = PREFIX + "/docs"
MAX_BODY = 256 * 1024  # the largest batch of reports fits with room to spare

blueprint = Blueprint("api", __name__, url_prefix=PREFIX)
table = spec.RouteTable(blueprint, PREFIX, "District command hall: incident API", "1.0.0")

# The duty actions (PRODUCT §5), for the duty role and above.
# An id past 64 bits matches no rule: a store could not even be asked about it.
blueprint.add_url_rule("/alerts/<int(max=9223372036854775807):alert_id>/ack",
                       view_func=alerts.acknowledge, methods=["POST"])
blueprint.add_url_rule("/alerts/<int(max=9223372036854775807):alert_id>/escalate",
                       view_func=alerts.escalate, methods=["POST"])
blueprint.add_url_rule("/incidents/<code>/supervise", view_func=alerts.supervise,
                       methods=["POST"])

# The incidents (PRODUCT §11).
table.add("POST", "/incidents", incidents.report, summary="Report an incident",
          body=schemas.ReportIn, answers={201: schemas.ReportOut, 200: schemas.ReportOut},
          errors=(409,))
table.add("POST", "/incidents:batch", incidents.report_batch,
          summary="Report several incidents, each answered on its own",
          body=schemas.BatchIn, answers={200: schemas.BatchOut})
table.add("GET", "/incidents", incidents.find, summary="Find incidents, a page at a time",
          query=schemas.ListQuery, answers={200: schemas.IncidentPage})
table.add("GET", "/incidents/{code}", incidents.one,
          summary="An incident, its deadlines, alerts and trail",
          answers={200: schemas.IncidentDetail}, errors=(404,))
for _move, (_body, _) in moves.MOVES.items():
    table.add("POST", f"/incidents/{{code}}/{_move}", moves.view(_move), body=_body,
              summary=f"Make the move {_move}", answers={200: schemas.IncidentOut},
              errors=(404, 409), tag="moves")
table.add("GET", "/events", reading.events, summary="The trail as a feed, oldest first",
          query=schemas.EventsQuery, answers={200: schemas.EventPage}, tag="reading")
table.add("GET", "/figures", reading.figures_of, summary="The figures of a scope and period",
          query=schemas.FiguresQuery, answers={200: schemas.FiguresOut}, tag="reading")
table.add("GET", "/catalog", reading.catalog, summary="Items, departments and places",
          answers={200: schemas.CatalogOut}, tag="reading")

# A source's webhook (PRODUCT §11): the changes it asked for, posted and signed.
table.add("PUT", "/webhook", hooks.put, summary="Register or change this source's webhook",
          body=hook_shapes.WebhookIn,
          answers={201: hook_shapes.WebhookOut, 200: hook_shapes.WebhookOut}, tag="webhooks")
table.add("GET", "/webhook", hooks.get, summary="This source's webhook and latest deliveries",
          answers={200: hook_shapes.WebhookOut}, errors=(404,), tag="webhooks")
table.add("DELETE", "/webhook", hooks.delete, summary="Remove this source's webhook",
          answers={200: hook_shapes.Removed}, tag="webhooks")


def init_app(server: Flask) -> None:
    """Serve the API, its document and its browsable page (from this server's own files)."""
    server.register_blueprint(blueprint)
    server.add_url_rule(DOCUMENT, "api_document", lambda: jsonify(table.document()),
                        provide_automatic_options=False)
    server.register_blueprint(get_swaggerui_blueprint(
        DOCS, DOCUMENT, config={"app_name": table.title, "validatorUrl": None}))
    server.config["MAX_CONTENT_LENGTH"] = MAX_BODY
    server.register_error_handler(HTTPException, _http_error)


def methods_for(path: str) -> list[str]:
    """The methods the API serves at `path` (none when the path is not the API's)."""
    adapter = current_app.url_map.bind("localhost")
    allowed = []
    for method in ("GET", "POST", "PUT", "PATCH", "DELETE"):
        try:
            endpoint, _ = adapter.match(path, method=method)
        except HTTPException:
            continue
        if endpoint.startswith(blueprint.name + "."):
            allowed.append(method)
    return allowed


def _http_error(error: HTTPException) -> ResponseReturnValue:
    """Under /api/, Werkzeug's HTML error pages become our JSON refusals."""
    if not request.path.startswith(auth.API_PREFIX):
        return error
    answer = error.get_response()  # keeps headers such as Allow on 405
    answer.set_data(ErrorOut(error=(error.name or "error").lower().replace(" ", "_"),
                             message=error.description or "",
                             field="body" if error.code == 413 else None).model_dump_json())
    answer.content_type = "application/json"
    return answer


@blueprint.get("/whoami")
@auth.requires(Role.DISPLAY)
def whoami() -> ResponseReturnValue:
    """Who the request speaks for: the name recorded for its changes, and its role."""
    principal = auth.api_principal()
    of_source = ({"source": principal.source.value, "department": principal.department}
                 if principal.source is not None else {})  # a source system's kind
    return jsonify(name=principal.name, role=principal.role.value, kind=principal.kind,
                   **of_source)
