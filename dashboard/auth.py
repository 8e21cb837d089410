"""Who is asking: signed-in users and display tokens, their roles, and each callback's role.

A principal is a user signed in with a password, or an access token: a wall's, signed in
by its address, or a console's, sent as `Authorization: Bearer <token>` to the API or in
the Socket.IO `auth` payload. Both are checked against the store on every request, so a
deactivated user or a revoked token stops working at once; `dashboard.screens` cuts off
their sockets already open. An API call's bearer token is the exception: it is kept a few
seconds (`dashboard.bearers`), so a revocation reaches the API within that time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar, TypeVar

from dash import Dash
from flask import Flask, current_app, g, has_request_context, request, session
from flask_login import LoginManager, current_user, login_user, logout_user

from dashboard import bearers, wiring
from dashboard.config import Settings
from data.domain import Role, Source
from data.models import DisplayToken, SourceSystem, User
from data.people import access, rotation, sources

API_PREFIX = "/api/"
CSRF_COOKIE = "_csrf_token"  # dash-renderer sends this cookie's value as X-CSRFToken
ROLES_KEY = "auth.callback_roles"
ROLE_ATTRIBUTE = "least_role"
F = TypeVar("F", bound=Callable[..., Any])

login_manager = LoginManager()


class NotSignedIn(PermissionError):
    """Nobody is signed in for this request."""


@dataclass(frozen=True)
class Principal:
    """Whoever a request speaks for: a user or an access token, with its role."""

    kind: str  # "user", "token" or "source"
    id: int
    name: str  # the name recorded for what they change
    role: Role
    # A source system's kind and department (PRODUCT §11); None for people and their tokens.
    source: Source | None = None
    department: str | None = None  # a liaison's or a source's department's code
    street: str | None = None  # the code of the one street whose wall a token may open
    # A rotating wall's token: the seconds each view stays up, and the views it may show
    # (None: every view, the district's then each street's; data.people.rotation).
    every: int | None = None
    views: tuple[str, ...] | None = None

    # What Flask-Login asks of a user object: anyone with a Principal is signed in.
    is_authenticated: ClassVar[bool] = True
    is_active: ClassVar[bool] = True
    is_anonymous: ClassVar[bool] = False

    def get_id(self) -> str:
        """The key kept in the session; the principal is loaded again from it on every request."""
        return f"{self.kind}:{self.id}"


def user_principal(user: User) -> Principal:
    """The principal of a signed-in user."""
    return Principal("user", user.id, user.display_name, user.role,
                     department=user.department.code if user.department else None)


def token_principal(row: DisplayToken) -> Principal:
    """The principal of an access token, named for the user it acts for, if any."""
    department = row.user.department if row.user is not None else None
    return Principal("token", row.id, access.token_acts_as(row), row.role,
                     department=department.code if department and row.role is Role.DEPARTMENT
                     else None, street=row.street.code if row.street is not None else None,
                     every=row.rotation_seconds, views=rotation.parse(row.rotation))


def source_principal(row: SourceSystem) -> Principal:
    """The principal of a source system: the least role, and what its kind allows."""
    return Principal("source", row.id, row.name, Role.DISPLAY, source=Source(row.kind),
                     department=row.department.code if row.department else None)


def init_app(server: Flask, settings: Settings) -> None:
    """Keep principals in signed, HttpOnly, SameSite=Lax session cookies."""
    server.config.update(SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax",
                         SESSION_COOKIE_SECURE=settings.secure_cookies)
    login_manager.init_app(server)
    login_manager.user_loader(_load)
    bearers.init_app(server)
    server.extensions.setdefault(ROLES_KEY, {})


def _load(key: str) -> Principal | None:
    kind, _, number = key.partition(":")
    if not number.isdigit():
        return None
    with wiring.current().sessions() as db:
        if kind == "user":
            user = access.active_user(db, int(number))
            return user_principal(user) if user else None
        if kind == "token":
            row = access.usable_token(db, int(number))
            return token_principal(row) if row else None
    return None


def sign_in(principal: Principal) -> None:
    """Make the browser's session speak for `principal` from now on."""
    session.clear()  # a fresh session and a fresh CSRF token for the new principal
    login_user(principal)


def as_nobody() -> None:
    """Answer the rest of this request as nobody, without asking the store who it is."""
    login_manager._update_request_context_with_user(None)  # no user: the anonymous one


def sign_out() -> None:
    """End the browser's session."""
    logout_user()
    session.clear()


def bearer() -> str | None:
    """The token of an `Authorization: Bearer` header, "" for another scheme, None if none."""
    header = request.headers.get("Authorization")
    if header is None:
        return None
    scheme, _, token = header.strip().partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


def token_named(secret: str) -> Principal | None:
    """The principal of a usable access token given as `secret`."""
    if not secret:
        return None
    with wiring.current().sessions() as db:
        row = access.token_by_secret(db, secret)
        if row is not None:
            return token_principal(row)
        source = sources.source_by_secret(db, secret)
        return source_principal(source) if source else None


def session_principal() -> Principal | None:
    """Whoever the browser's session speaks for."""
    user = current_user._get_current_object()
    return user if isinstance(user, Principal) else None


def api_principal() -> Principal | None:
    """Whoever an API request speaks for: a bearer token if one is sent, else the session.

    A request with an Authorization header is judged by that header alone, so a bad token
    is never rescued by a cookie the browser happened to send.
    """
    if "auth_api_principal" not in g:
        secret = bearer()
        g.auth_api_principal = (session_principal() if secret is None else
                                bearers.current().principal(secret, token_named))
    return g.auth_api_principal


def current() -> Principal | None:
    """Whoever the current request speaks for, or None."""
    if not has_request_context():
        return None
    if request.path.startswith(API_PREFIX):
        return api_principal()
    return session_principal()


def allowed(need: access.Need) -> bool:
    """Whether the current request may do what `need` (a role, or one of a set) may."""
    principal = current()
    return principal is not None and access.admits(principal.role, need)


def current_name() -> str:
    """The name to record for what the current request changes."""
    principal = current()
    if principal is None:
        raise NotSignedIn("nobody is signed in")
    return principal.name


def scope() -> str | None:
    """The department whose incidents alone the current request may see: a liaison's own
    ("" when bound to none, which sees nothing); None for a role that sees every incident."""
    principal = current()
    if principal is None or principal.role is not Role.DEPARTMENT:
        return None
    return principal.department or ""


def requires(role: access.Need) -> Callable[[F], F]:
    """Mark a Flask view as open to `role` and above (or one of a set); the guard refuses
    everyone else."""
    def mark(view: F) -> F:
        setattr(view, ROLE_ATTRIBUTE, role if isinstance(role, frozenset) else Role(role))
        return view
    return mark


def least_role(view: Callable[..., Any]) -> access.Need | None:
    """The least role a view was marked with, if any."""
    return getattr(view, ROLE_ATTRIBUTE, None)


def callback(app: Dash, role: access.Need, *args: Any, **kwargs: Any) -> Callable[[F], F]:
    """`app.callback(*args, **kwargs)` that only `role` and above (or one of a set) may call."""
    before = set(app.callback_map)
    decorate = app.callback(*args, **kwargs)
    _record(app, before, role)
    return decorate


def clientside_callback(app: Dash, role: access.Need, *args: Any, **kwargs: Any) -> None:
    """`app.clientside_callback(*args, **kwargs)`, on a page only `role` and above may open."""
    before = set(app.callback_map)
    app.clientside_callback(*args, **kwargs)
    _record(app, before, role)


def callback_roles(app: Dash) -> dict[str, access.Need]:
    """Each callback's least role, keyed as in `app.callback_map`."""
    return app.server.extensions.setdefault(ROLES_KEY, {})


def callback_role(output: str) -> access.Need | None:
    """The least role of the current app's callback for `output`, if it has one."""
    return current_app.extensions.get(ROLES_KEY, {}).get(output)


def _record(app: Dash, before: set[str], role: access.Need) -> None:
    roles = callback_roles(app)
    for key in set(app.callback_map) - before:
        roles[key] = role if isinstance(role, frozenset) else Role(role)
