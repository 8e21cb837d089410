"""Check every request on the server before it runs: pages, callbacks, the API, and CSRF.

Nothing is open unless listed here; every page has its route's least role, every Dash
callback the role it was registered with, every API view the role it was marked with.
"""

from __future__ import annotations

from urllib.parse import urlencode

from flask import Flask, Response, current_app, g, jsonify, redirect, request
from flask.typing import ResponseReturnValue
from flask_wtf.csrf import CSRFError, CSRFProtect, generate_csrf
from werkzeug.exceptions import MethodNotAllowed

from callbacks import pages
from dashboard import api, auth, login, metrics, open311, wiring
from data.domain import Role
from data.people import access, rotation
from data.places import scopes

# /metrics decides itself: this host and administrators (dashboard.metrics).
OPEN_PATHS = frozenset({"/login", "/logout", "/healthz", "/_favicon.ico", api.DOCUMENT,
                        metrics.PATH}) | open311.DISCOVERY
# Scripts, styles and fonts: the same for everyone, and nothing in them is the district's;
# and the API's document and its page, which integrators read before they have a token.
# Open311 judges its own callers by the api_key they send, and refuses in its own format.
OPEN_PREFIXES = ("/assets/", "/_dash-component-suites/", login.STATIC_PATH + "/",
                 api.DOCS + "/", api.DOCS, open311.PREFIX + "/")
CALLBACK_PATH = "/_dash-update-component"
DASH_PAGES = frozenset({"/", "/<path:path>"})  # Dash's index and catch-all: the pages
WALL = "/wall"
VIEW_FLOOR = Role.LEADER  # a Flask view left unmarked is never open to a wall
CHANGES = frozenset({"POST", "PUT", "PATCH", "DELETE"})

csrf = CSRFProtect()


def init_app(server: Flask) -> None:
    """Check every request before it runs, and give signed-in pages their CSRF cookie."""
    # The guard below decides when to check: a bearer-token API call carries no ambient
    # authority, so it has no CSRF token to send.
    server.config.update(WTF_CSRF_CHECK_DEFAULT=False,
                         WTF_CSRF_TIME_LIMIT=None)  # a wall's page lives as long as its session
    csrf.init_app(server)
    server.before_request(check)
    server.after_request(_csrf_cookie)
    server.register_error_handler(CSRFError, _csrf_refused)


def check() -> ResponseReturnValue | None:
    """Answer the request with a refusal, or let it through (None)."""
    if (request.method == "GET" and "token" in request.args
            and not request.path.startswith(auth.API_PREFIX)):  # the API takes a header
        refused = _sign_in_by_address(request.args["token"])
        if refused is not None:
            return refused
    refused = _authorize(request.path)
    if refused is not None:
        return refused
    if request.method in CHANGES and not (request.path.startswith(auth.API_PREFIX)
                                          and auth.bearer() is not None
                                          or request.path.startswith(open311.PREFIX + "/")):
        csrf.protect()
    return None


def _authorize(path: str) -> ResponseReturnValue | None:
    if path in OPEN_PATHS or path.startswith(OPEN_PREFIXES):
        return None
    if path.startswith(auth.API_PREFIX):
        return _authorize_api()
    if path == CALLBACK_PATH:
        body = request.get_json(silent=True)
        output = body.get("output") if isinstance(body, dict) else None
        role = auth.callback_role(output) if isinstance(output, str) else None
        return _authorize_json(auth.session_principal(), role, "callback")
    if path.startswith("/_"):  # Dash's layout, dependencies and the rest of its machinery
        return _authorize_json(auth.session_principal(), Role.DISPLAY, "request")
    view = current_app.view_functions.get(request.endpoint or "")
    if view is None or request.endpoint in DASH_PAGES:
        found = pages.route_for(path)
        return _authorize_page(path, found[0].role if found else None, page=True)
    return _authorize_page(path, auth.least_role(view) or VIEW_FLOOR, page=False)


def _authorize_page(path: str, need: access.Need | None, page: bool) -> ResponseReturnValue | None:
    principal = auth.session_principal()
    lang = request.args.get("lang")
    if principal is None:
        target = path + (f"?{request.query_string.decode()}" if request.query_string else "")
        query = {"next": target, **({"lang": lang} if lang else {})}
        return redirect(f"/login?{urlencode(query)}")
    if need is not None and not access.admits(principal.role, need):
        return login.forbidden(principal, need, lang), 403
    if page and principal.street and (path.rstrip("/") != WALL
                                      or request.args.get("street") != principal.street):
        return login.street_only(principal, lang), 403  # a street's token: its wall only
    if page and path.rstrip("/") == WALL and "street" in request.args \
            and not _street_known(request.args["street"]):
        return login.no_street(request.args["street"], lang), 404
    if page and path.rstrip("/") == WALL:
        refused = _rotation_refused(principal, lang)
        if refused is not None:
            return refused
    g.auth_page = page  # a page's script sends the CSRF cookie back with its callbacks
    return None


def _rotation_refused(principal: auth.Principal, lang: str | None) -> ResponseReturnValue | None:
    """A rotating token's wall of a view it does not list, or a `rotate` that is no interval."""
    street = request.args.get("street") or None
    if principal.every is not None and not rotation.may_see(principal.views, street):
        return login.rotation_only(principal, street, lang), 403
    if "rotate" in request.args:
        try:
            rotation.interval(request.args["rotate"])
        except access.AccessError:
            return login.rotate_bad(lang), 400
    return None


def _street_known(code: str) -> bool:
    """Whether the store holds a street of this code: a wall of none would wait forever."""
    with wiring.current().sessions() as db:
        try:
            scopes.resolve(db, scopes.Scope("street", code))
        except scopes.UnknownScope:
            return False
    return True


def _authorize_api() -> ResponseReturnValue | None:
    if isinstance(request.routing_exception, MethodNotAllowed):
        return None  # answered 405 with its Allow header; the path exists, the method not
    view = current_app.view_functions.get(request.endpoint or "")
    if request.blueprint != api.blueprint.name or view is None:
        allowed = api.methods_for(request.path)
        if allowed:  # the path is ours; Dash's catch-all took the request for its method
            answer = jsonify(error="method_not_allowed", field=None,
                             message=f"{request.path} takes {', '.join(allowed)}")
            answer.headers["Allow"] = ", ".join(allowed)
            return answer, 405
        return _json(404, "not_found", f"no API endpoint {request.method} {request.path}")
    principal = auth.api_principal()
    if principal is None:
        secret = auth.bearer()
        return _json(401, "unauthenticated",
                     "sign in, or send Authorization: Bearer <token>" if secret is None else
                     "the Authorization header must be Bearer <token>" if not secret else
                     "the bearer token is unknown or revoked")
    return _authorize_json(principal, auth.least_role(view), "endpoint")


def _authorize_json(principal: auth.Principal | None, role: access.Need | None,
                    what: str) -> ResponseReturnValue | None:
    if principal is None:
        return _json(401, "unauthenticated", "sign in first, or send a valid token")
    if role is None:
        return _json(403, "forbidden", f"this {what} has no role and is refused to everyone")
    if not access.admits(principal.role, role):
        need = " or ".join(access.least_roles(role))
        has = (f"source {principal.name} is of kind {principal.source}" if principal.source
               else f"{principal.name} has {principal.role}")
        return _json(403, "forbidden", f"this {what} needs the role {need} or above; {has}")
    return None


def _sign_in_by_address(secret: str) -> ResponseReturnValue | None:
    lang = request.args.get("lang")
    principal = auth.token_named(secret)
    if principal is None:
        with wiring.current().sessions() as db:
            revoked = access.token_revoked(db, secret)
        return login.token_refused(lang, "token_revoked" if revoked else "token_unknown"), 401
    if principal.role is not Role.DISPLAY or principal.source is not None:
        # An address is seen, logged and bookmarked; only a wall's read-only token goes there.
        return login.token_refused(lang, "token_not_display"), 403
    current = auth.session_principal()
    # A person already signed in stays so (they may see the wall anyway); a browser with
    # no one or with another wall's token becomes this wall.
    if current is None or (current.kind == "token" and current != principal):
        auth.sign_in(principal)
    return None


def _csrf_cookie(response: Response) -> Response:
    """Mirror the session's CSRF token in a cookie the page's script can read."""
    if g.get("auth_page"):
        response.set_cookie(auth.CSRF_COOKIE, generate_csrf(), httponly=False, samesite="Strict",
                            secure=current_app.config["SESSION_COOKIE_SECURE"])
    return response


def _csrf_refused(error: CSRFError) -> ResponseReturnValue:
    if request.path in OPEN_PATHS:
        return login.expired(request.values.get("lang")), 400
    return _json(400, "csrf", f"{error.description} Send the {auth.CSRF_COOKIE} cookie's "
                              "value as the X-CSRFToken header.")


def _json(status: int, error: str, message: str) -> ResponseReturnValue:
    return jsonify(error=error, message=message, field=None), status
