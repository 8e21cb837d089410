"""Open311 GeoReport v2 at /open311/v2 (PRODUCT §11): the civic-reporting standard.

Services are the whistle list's active items, requests are incidents. Every answer is JSON
or XML by the path's ending (`services.json`, `requests/2026111900042.xml`); every refusal
is the spec's list of `{code, description}` with 400, 403, 404 or 405, however hostile the
input. Reporting takes the same intake as `POST /api/v1/incidents`, so a source's kind,
locating to a grid and idempotency hold alike; the `api_key` is a source's token. The
discovery document (`/open311/discovery.json`) tells a client where all this is.
"""

from __future__ import annotations

import logging

from flask import Blueprint, Flask, Response, request
from werkzeug.exceptions import HTTPException

from dashboard.api.errors import ApiError
from dashboard.open311 import discovery, filing, formats, reading
from dashboard.open311.formats import Refusal
from data.incidents import trail

BASE = "/open311"
PREFIX = f"{BASE}/v2"
DISCOVERY = frozenset(f"{BASE}/discovery.{fmt}" for fmt in formats.FORMATS)
log = logging.getLogger(__name__)

blueprint = Blueprint("open311", __name__, url_prefix=PREFIX)


def init_app(server: Flask) -> None:
    """Serve Open311 under its prefix, and its discovery document beside it; errors in its
    own format."""
    server.register_blueprint(blueprint)
    server.add_url_rule(f"{BASE}/discovery.<any({', '.join(formats.FORMATS)}):fmt>",
                        "open311_discovery", discovered)


def discovered(fmt: str) -> Response:
    """The discovery document at the Open311 base (also at the v2 prefix)."""
    return discovery.document(fmt, PREFIX)


@blueprint.route("/<path:rest>", methods=["GET", "POST"])
def serve(rest: str) -> Response:
    """Route by the path's resource and format; answer any refusal in the spec's format."""
    resource, _, fmt = rest.rpartition(".")
    try:
        if fmt not in formats.FORMATS:
            raise Refusal(404, f"no resource {PREFIX}/{rest[:100]}: end the path in .json "
                               "or .xml")
        unfit()
        return _route(resource, fmt)
    except Refusal as refusal:
        return formats.refused(refusal, fmt)
    except ApiError as error:
        status = {401: 403, 403: 403, 404: 404}.get(error.status, 400)
        return formats.refused(Refusal(status, error.message), fmt)
    except HTTPException as error:  # a body too large, a form that cannot be read
        return formats.refused(Refusal(error.code if error.code in (404, 405) else 400,
                                       error.description or error.name), fmt)


def unfit() -> None:
    """Refuse a path, query or form holding what no field can hold: NUL, lone surrogates."""
    found = [("path", request.path), *request.args.items(multi=True)]
    if request.method == "POST":
        found += request.form.items(multi=True)
    for name, value in found:
        flaw = trail.text_flaw(name) or trail.text_flaw(value)
        if flaw:
            raise Refusal(400, f"{name[:40]}: {flaw}")


def _route(resource: str, fmt: str) -> Response:
    kind, _, name = resource.partition("/")
    methods = {"discovery": ("GET",), "services": ("GET",),
               "requests": ("GET", "POST") if not name else ("GET",)}
    if (kind not in methods or "/" in name or (resource.count("/") and not name)
            or (kind == "discovery" and name)):
        raise Refusal(404, f"no resource {PREFIX}/{resource[:100]}.{fmt}")
    if request.method not in methods[kind]:
        raise Refusal(405, f"{PREFIX}/{resource[:100]}.{fmt} takes {', '.join(methods[kind])}",
                      methods[kind])
    if kind == "discovery":
        return discovery.document(fmt, PREFIX)
    if kind == "services":
        return reading.service(name, fmt) if name else reading.services(fmt)
    if request.method == "POST":
        return filing.post(fmt)
    return reading.one(name, fmt) if name else reading.many(fmt)
