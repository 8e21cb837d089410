"""Refuse what no field can hold, before any view, callback or guard reads the request.

NUL bytes (PostgreSQL's text cannot hold them), lone surrogates (no encoding can write them),
JSON nested beyond any form the product takes or holding integers past 64 bits, and Dash
callback bodies of the wrong shape: each is a 400 naming where it was found, as JSON for the
API and callbacks, so hostile input is just bad input and never reaches the store.
"""

from __future__ import annotations

import functools
import json
import logging
from collections.abc import Callable
from typing import Any

from flask import Flask, current_app, jsonify, request
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import HTTPException

from dashboard import unfit
from data.incidents import trail

log = logging.getLogger(__name__)

CALLBACK_PATH = "/_dash-update-component"
API_PREFIX = "/api/"
DEEPEST = 64  # no request the product takes nests this deep (a map polygon: about 10)


class BadInput(unfit.Unfit):
    """The request holds something no field can hold; `field` says where."""


def init_app(server: Flask) -> None:
    """Check every request's input first."""
    server.before_request(check)


def guard_callbacks(server: Flask, callback_map: dict[str, dict]) -> None:
    """Check callback requests against the callbacks declared, and answer a callback that
    fails on what it was sent with 400, not a server error; call once callbacks are declared.
    """
    server.extensions["inputs.callbacks"] = callback_map
    server.view_functions[CALLBACK_PATH] = _answering(server.view_functions[CALLBACK_PATH])


def _answering(view: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(view)
    def answer(*args: Any, **kwargs: Any) -> Any:
        try:  # after the guard: only a caller allowed this callback learns what it takes
            callback_shape(request.get_json(silent=True))
        except BadInput as bad:
            return _refused(bad)
        try:
            return view(*args, **kwargs)
        except HTTPException:
            raise
        except Exception:  # the page sends what its callbacks take; anything else was forged
            output = (request.get_json(silent=True) or {}).get("output", "?")
            log.exception("callback %s failed on the input it was sent", str(output)[:200])
            return jsonify(error="bad_request", field="inputs",
                           message="this callback cannot use the input it was sent"), 400
    return answer


def check() -> ResponseReturnValue | None:
    """Answer a request whose input no field can hold with 400; else let it through."""
    if request.path.startswith((API_PREFIX, "/open311/")):
        return None  # the APIs check their own input, naming each field in their own format
    try:
        for name, value in _texts():
            flaw = trail.text_flaw(value)
            if flaw:
                raise BadInput(name, flaw)
        if request.is_json or request.path == CALLBACK_PATH:
            _json_body()
    except unfit.Unfit as bad:
        return _refused(bad)
    return None


def _refused(bad: unfit.Unfit) -> ResponseReturnValue:
    return jsonify(error="bad_request", message=str(bad), field=bad.field), 400


def _texts() -> list[tuple[str, str]]:
    """Every name and value of the address's query and of a posted form, with the path."""
    found = [("path", request.path)]
    sources = [request.args] + ([request.form] if request.mimetype in _FORMS else [])
    for source in sources:
        for name, values in source.lists():
            found += [(name, name)] + [(name, value) for value in values]
    return found


_FORMS = frozenset({"application/x-www-form-urlencoded", "multipart/form-data"})


def _json_body() -> Any:
    """The request's JSON, checked for depth, integers and text; refused when it is not JSON."""
    raw = request.get_data(cache=True)
    if not raw.strip():
        return None
    try:
        body = json.loads(raw)
    except RecursionError:
        raise BadInput("body", f"is nested more than {DEEPEST} levels deep") from None
    except (UnicodeDecodeError, ValueError) as error:
        raise BadInput("body", f"is not valid JSON ({error})") from None
    unfit.check(body, deepest=DEEPEST, status=400)
    return body


def callback_shape(body: Any) -> None:
    """Refuse a callback request that is not shaped as dash-renderer sends one."""
    if not isinstance(body, dict):
        raise BadInput("body", "a callback request is a JSON object")
    if not isinstance(body.get("output"), str):
        raise BadInput("output", "is required, as text")
    if not isinstance(body.get("outputs"), dict | list):
        raise BadInput("outputs", "is required, as an object or a list")
    for name in ("inputs", "state", "changedPropIds"):
        if not isinstance(body.get(name, []), list):
            raise BadInput(name, "must be a list")
    declared = current_app.extensions.get("inputs.callbacks", {}).get(body["output"])
    for name in ("inputs", "state"):
        sent = body.get(name, [])
        if declared is not None and len(sent) != len(declared.get(name, [])):
            raise BadInput(name, f"this callback takes {len(declared.get(name, []))}, "
                                 f"not {len(sent)}")
        for n, item in enumerate(sent):
            wanted = declared[name][n] if declared is not None else None
            for each in item if isinstance(item, list) else [item]:
                if not (isinstance(each, dict) and isinstance(each.get("id"), str | dict)
                        and isinstance(each.get("property"), str)):
                    raise BadInput(f"{name}[{n}]", "each needs an id and a property")
                if wanted is not None and not _same(each, wanted):
                    raise BadInput(f"{name}[{n}]", f"is not {wanted['id']}.{wanted['property']}")


def _same(sent: dict, wanted: dict) -> bool:
    """Whether a sent dependency is the declared one (a pattern's ids are matched by type)."""
    if sent["property"] != wanted["property"]:
        return False
    if wanted["id"].startswith("{"):
        pattern = json.loads(wanted["id"])
        return isinstance(sent["id"], dict) and sent["id"].get("type") == pattern.get("type")
    return sent["id"] == wanted["id"]
