"""Administration reacts to its forms: tokens made and revoked, users stopped, passwords reset."""

from __future__ import annotations

import time
from urllib.parse import urlencode

import flask
from dash import ALL, Dash, Input, Output, State, ctx, no_update

from dashboard import auth, wiring
from data import clock
from data.domain import Role
from data.people import access, changes, rotation
from layouts import admin, formats, ids
from layouts.text import t

CHANGED = Output(ids.ADMIN_CHANGED, "data", allow_duplicate=True)


def refusal(refused: access.AccessError, lang: str) -> object:
    """Why a change was not made, in the page's language."""
    reason = t(f"access_{refused.code}", lang).format(**refused.values)
    return admin.message(t("admin_refused", lang).format(reason=reason), ok=False)


def tables(_changed: int, lang: str) -> tuple:
    """Both tables as the store holds them now."""
    wired = wiring.current()
    zone = wired.zone
    with wired.sessions() as db:
        tokens = [{"id": row.id, "name": row.name, "role": row.role.value,
                   "acts_for": row.user.username if row.user else None,
                   "street": f"{row.street.name} ({row.street.code})" if row.street else None,
                   "rotation": {"views": rotation.parse(row.rotation),
                                "seconds": row.rotation_seconds} if row.rotation_seconds
                   else None,
                   "created_by": row.created_by,
                   "created_at": formats.local_time(row.created_at, zone),
                   "revoked_by": row.revoked_by,
                   "revoked_at": row.revoked_at and formats.local_time(row.revoked_at, zone)}
                  for row in access.tokens(db)]
        users = [{"id": row.id, "username": row.username, "name": row.display_name,
                  "role": row.role.value, "created_by": row.created_by,
                  "department": row.department.code if row.department else None,
                  "created_at": formats.local_time(row.created_at, zone), "active": row.active,
                  "deactivated_by": row.deactivated_by,
                  "deactivated_at": formats.local_time(row.deactivated_at, zone)}
                 for row in access.users(db)]
    choices = [{"label": f"{row['username']} ({row['name']})", "value": row["id"]}
               for row in users if row["active"]]
    return admin.tokens_table(tokens, lang), admin.users_table(users, lang), choices


def create_token(_clicks: int | None, name: str | None, role: str, lang: str,
                 street: str | None = None, views: str | None = None,
                 every: str | None = None) -> tuple:
    """Make a token and show it, with its wall address, this once."""
    try:
        with wiring.current().sessions.begin() as db:
            plan = rotation.checked(db, Role(role), street, views, every)
            row, token = access.create_token(db, name or "", auth.current_name(),
                                             clock.now(), Role(role), street=street,
                                             rotation=plan)
            name = row.name
    except access.AccessError as refused:
        return refusal(refused, lang), no_update
    where = urlencode({**({"street": street} if street else {}), "token": token})
    wall = f"{flask.request.host_url}wall?{where}" if role == Role.DISPLAY else None
    return admin.token_created(name, token, wall, lang), time.time_ns()


def street_choices(_changed: int) -> list[dict[str, str]]:
    """The streets a wall's token may be bound to."""
    with wiring.current().sessions() as db:
        return admin.street_choices(access.streets(db))


def ask_to_revoke(clicks: list[int | None], lang: str) -> tuple:
    """Ask the administrator to confirm, naming the screen the token opens."""
    if not ctx.triggered_id or not any(clicks):
        return no_update, no_update, no_update  # the buttons were only drawn again
    token_id = ctx.triggered_id["token"]
    with wiring.current().sessions() as db:
        name = next((row.name for row in access.tokens(db) if row.id == token_id), "?")
    return t("admin_revoke_confirm", lang).format(id=token_id, name=name), True, token_id


def revoke_token(_confirmed: int | None, token_id: int | None, lang: str) -> tuple:
    """Revoke the token the administrator confirmed."""
    if token_id is None:
        return no_update, no_update
    try:
        with wiring.current().sessions.begin() as db:
            row = access.revoke_token(db, token_id, auth.current_name(), clock.now())
            text = t("admin_token_revoked", lang).format(id=row.id, name=row.name)
    except access.AccessError as refused:
        return refusal(refused, lang), no_update
    return admin.message(text), time.time_ns()


def deactivate_user(clicks: list[int | None], lang: str) -> tuple:
    """Stop the user whose button was pressed from signing in."""
    if not ctx.triggered_id or not any(clicks):
        return no_update, no_update
    user_id = ctx.triggered_id["user"]
    principal = auth.current()
    if principal is not None and principal.kind == "user" and principal.id == user_id:
        return admin.message(t("admin_not_yourself", lang), ok=False), no_update
    try:
        with wiring.current().sessions.begin() as db:
            user = access.deactivate_user(db, user_id, auth.current_name(), clock.now())
            text = t("admin_user_deactivated", lang).format(username=user.username)
    except access.AccessError as refused:
        return refusal(refused, lang), no_update
    return admin.message(text), time.time_ns()


def reset_password(_clicks: int | None, user_id: int | None, password: str | None,
                   lang: str) -> tuple:
    """Give the chosen user the new password typed; the field is emptied either way."""
    if user_id is None:
        return no_choice(lang), ""
    try:
        with wiring.current().sessions.begin() as db:
            user = changes.reset_password(db, user_id, password or "", auth.current_name(),
                                          clock.now())
            text = t("admin_password_reset", lang).format(username=user.username)
    except access.AccessError as refused:
        return refusal(refused, lang), ""
    return admin.message(text), ""


def no_choice(lang: str) -> object:
    return admin.message(t("admin_field", lang).format(
        field=t("admin_choose_user", lang), reason=t("admin_no_choice", lang)), ok=False)


def register(app: Dash) -> None:
    """Attach the administration page's callbacks to `app`; every one needs an administrator."""
    lang = State(ids.ADMIN_LANG, "data")
    auth.callback(app, Role.ADMIN, Output(ids.ADMIN_TOKENS, "children"),
                  Output(ids.ADMIN_USERS, "children"), Output(ids.ADMIN_EDIT_USER, "options"),
                  Input(ids.ADMIN_CHANGED, "data"), lang)(tables)
    auth.callback(app, Role.ADMIN, Output(ids.ADMIN_TOKEN_MESSAGE, "children"), CHANGED,
                  Input(ids.ADMIN_TOKEN_CREATE, "n_clicks"), State(ids.ADMIN_TOKEN_NAME, "value"),
                  State(ids.ADMIN_TOKEN_ROLE, "value"), lang,
                  State(ids.ADMIN_TOKEN_STREET, "value"), State(ids.ADMIN_TOKEN_ROTATE, "value"),
                  State(ids.ADMIN_TOKEN_EVERY, "value"), prevent_initial_call=True)(create_token)
    auth.callback(app, Role.ADMIN, Output(ids.ADMIN_TOKEN_STREET, "options"),
                  Input(ids.ADMIN_CHANGED, "data"))(street_choices)
    auth.callback(app, Role.ADMIN, Output(ids.ADMIN_TOKEN_CONFIRM, "message"),
                  Output(ids.ADMIN_TOKEN_CONFIRM, "displayed"),
                  Output(ids.ADMIN_TOKEN_PENDING, "data"),
                  Input({"type": ids.ADMIN_TOKEN_REVOKE, "token": ALL}, "n_clicks"), lang,
                  prevent_initial_call=True)(ask_to_revoke)
    auth.callback(app, Role.ADMIN,
                  Output(ids.ADMIN_TOKEN_MESSAGE, "children", allow_duplicate=True), CHANGED,
                  Input(ids.ADMIN_TOKEN_CONFIRM, "submit_n_clicks"),
                  State(ids.ADMIN_TOKEN_PENDING, "data"), lang,
                  prevent_initial_call=True)(revoke_token)
    auth.callback(app, Role.ADMIN,
                  Output(ids.ADMIN_EDIT_MESSAGE, "children", allow_duplicate=True),
                  Output(ids.ADMIN_EDIT_PASSWORD, "value"),
                  Input(ids.ADMIN_EDIT_PASSWORD_SAVE, "n_clicks"),
                  State(ids.ADMIN_EDIT_USER, "value"), State(ids.ADMIN_EDIT_PASSWORD, "value"),
                  lang, prevent_initial_call=True)(reset_password)
    auth.callback(app, Role.ADMIN,
                  Output(ids.ADMIN_USER_MESSAGE, "children", allow_duplicate=True), CHANGED,
                  Input({"type": ids.ADMIN_USER_DEACTIVATE, "user": ALL}, "n_clicks"), lang,
                  prevent_initial_call=True)(deactivate_user)
