"""Administration (/admin): display tokens for the walls, users and their roles; the frame
every administration page shares."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from dash import dcc, html

from layouts import ids
from layouts.text import t

ROLES = ("display", "leader", "duty", "admin")  # ranked, each including the ones before
USER_ROLES = ("display", "department", "leader", "duty", "admin")  # a liaison beside the ranks
PAGES = (("/admin", "admin_nav_access"), ("/admin/district", "admin_nav_district"),
         ("/admin/items", "admin_nav_items"), ("/admin/grids", "admin_nav_grids"),
         ("/admin/webhooks", "admin_nav_webhooks"),
         ("/status", "admin_nav_status"))


def frame(path: str, lang: str, children: list) -> html.Div:
    """An administration page: its heading, the links between the pages, then its sections."""
    other = "en" if lang == "zh" else "zh"
    return html.Div(className="admin", lang="zh-CN" if lang == "zh" else "en", children=[
        html.Header(className="admin-header", children=[
            html.H1(t("admin_title", lang)),
            html.A(t("language", lang), href=f"{path}?lang={other}", className="lang"),
            html.A(t("admin_sign_out", lang), href=f"/logout?lang={lang}", className="lang"),
        ]),
        html.Nav(className="admin-nav", children=[
            html.A(t(key, lang), href=f"{href}?lang={lang}",
                   className="current" if href == path else None) for href, key in PAGES]),
        *children,
    ])


def layout(lang: str = "zh") -> html.Div:
    """The page's frame; its tables arrive through a callback."""
    return frame("/admin", lang, [
        dcc.Store(id=ids.ADMIN_LANG, data=lang),
        dcc.Store(id=ids.ADMIN_CHANGED, data=0),
        dcc.Store(id=ids.ADMIN_TOKEN_PENDING),
        dcc.ConfirmDialog(id=ids.ADMIN_TOKEN_CONFIRM),
        html.Section(className="admin-section", children=[
            html.H2(t("admin_tokens", lang)),
            html.Div(className="admin-form", children=[
                dcc.Input(id=ids.ADMIN_TOKEN_NAME, placeholder=t("admin_token_name", lang),
                          maxLength=100, debounce=False),
                _role_choice(ids.ADMIN_TOKEN_ROLE, "display", lang),
                dcc.Dropdown(id=ids.ADMIN_TOKEN_STREET, className="admin-choice",
                             placeholder=t("admin_token_street", lang)),
                dcc.Input(id=ids.ADMIN_TOKEN_ROTATE, placeholder=t("admin_token_rotate", lang),
                          maxLength=500, debounce=False),
                dcc.Input(id=ids.ADMIN_TOKEN_EVERY, placeholder=t("admin_token_every", lang),
                          maxLength=6, debounce=False, inputMode="numeric"),
                html.Button(t("admin_create_token", lang), id=ids.ADMIN_TOKEN_CREATE),
            ]),
            html.Div(id=ids.ADMIN_TOKEN_MESSAGE, className="admin-message"),
            html.Div(id=ids.ADMIN_TOKENS),
        ]),
        html.Section(className="admin-section", children=[
            html.H2(t("admin_users", lang)),
            html.Div(className="admin-form", children=[
                dcc.Input(id=ids.ADMIN_USER_USERNAME, placeholder=t("admin_new_username", lang),
                          maxLength=50),
                dcc.Input(id=ids.ADMIN_USER_NAME, placeholder=t("admin_new_name", lang),
                          maxLength=100),
                _role_choice(ids.ADMIN_USER_ROLE, "leader", lang, USER_ROLES),
                _department_choice(ids.ADMIN_USER_DEPARTMENT, lang),
                dcc.Input(id=ids.ADMIN_USER_PASSWORD, type="password",
                          placeholder=t("admin_new_password", lang)),
                html.Button(t("admin_create_user", lang), id=ids.ADMIN_USER_CREATE),
            ]),
            html.Div(id=ids.ADMIN_USER_MESSAGE, className="admin-message"),
            html.Div(id=ids.ADMIN_USERS),
        ]),
        html.Section(className="admin-section", children=[
            html.H2(t("admin_edit_user", lang)),
            # One row per change to a chosen user; a further field is one more row.
            html.Div(className="admin-form", children=[
                dcc.Dropdown(id=ids.ADMIN_EDIT_USER, placeholder=t("admin_choose_user", lang),
                             className="admin-choice"),
            ]),
            html.Div(className="admin-form", children=[
                _role_choice(ids.ADMIN_EDIT_ROLE, "leader", lang, USER_ROLES),
                _department_choice(ids.ADMIN_EDIT_DEPARTMENT, lang),
                html.Button(t("admin_change_role", lang), id=ids.ADMIN_EDIT_ROLE_SAVE),
            ]),
            html.Div(className="admin-form", children=[
                dcc.Input(id=ids.ADMIN_EDIT_PASSWORD, type="password",
                          placeholder=t("admin_new_password_reset", lang)),
                html.Button(t("admin_reset_password", lang), id=ids.ADMIN_EDIT_PASSWORD_SAVE),
            ]),
            html.Div(id=ids.ADMIN_EDIT_MESSAGE, className="admin-message"),
            html.H3(t("admin_user_history", lang)),
            html.Div(id=ids.ADMIN_EDIT_HISTORY),
        ]),
    ])


def tokens_table(rows: Sequence[dict[str, Any]], lang: str) -> html.Table:
    """Every token: id, name, role, whom it acts for, the street whose wall alone it opens,
    what its wall rotates through, who made it and when, its revocation.

    Each row has id, name, role, acts_for, street, created_by, created_at, revoked_by,
    revoked_at, and may have rotation (views: the listed codes or None; seconds).
    """
    head = ("admin_col_id", "admin_col_name", "admin_col_role", "admin_col_acts_for",
            "admin_col_street", "admin_col_rotation", "admin_col_created_by",
            "admin_col_created_at", "admin_col_revoked")
    body = [html.Tr([
        html.Td(row["id"]), html.Td(row["name"]), html.Td(t(f"role_{row['role']}", lang)),
        html.Td(row["acts_for"] or "—"), html.Td(row.get("street") or "—"),
        html.Td(_rotation(row.get("rotation"), lang)),
        html.Td(row["created_by"]), html.Td(row["created_at"]),
        html.Td(t("admin_revoked", lang).format(by=row["revoked_by"], at=row["revoked_at"])
                if row["revoked_at"] else html.Button(
                    t("admin_revoke", lang), className="admin-danger",
                    id={"type": ids.ADMIN_TOKEN_REVOKE, "token": row["id"]})),
    ], className="revoked" if row["revoked_at"] else None) for row in rows]
    return _table(head, body, lang)


def _rotation(rotation: dict | None, lang: str) -> str:
    if not rotation:
        return "—"
    if rotation["views"] is None:
        return t("admin_rotation_all", lang).format(seconds=rotation["seconds"])
    return t("admin_rotation_listed", lang).format(views=", ".join(rotation["views"]),
                                                   seconds=rotation["seconds"])


def street_choices(streets: Sequence[tuple[str, str]]) -> list[dict[str, str]]:
    """The streets a wall's token may be bound to, as a dropdown's options."""
    return [{"label": f"{name} ({code})", "value": code} for code, name in streets]


def users_table(rows: Sequence[dict[str, Any]], lang: str) -> html.Table:
    """Every user: username, name, role, who made them and when, and whether they are active.

    Each row has id, username, name, role, department (a liaison's code, else None),
    created_by, created_at, active, deactivated_by, deactivated_at.
    """
    head = ("admin_col_username", "admin_col_display_name", "admin_col_role",
            "admin_col_department", "admin_col_created_by", "admin_col_created_at",
            "admin_col_state")
    body = [html.Tr([
        html.Td(row["username"]), html.Td(row["name"]), html.Td(t(f"role_{row['role']}", lang)),
        html.Td(row.get("department") or "—"),
        html.Td(row["created_by"] or "—"), html.Td(row["created_at"]),
        html.Td([t("admin_active", lang), html.Button(
                    t("admin_deactivate", lang), className="admin-danger",
                    id={"type": ids.ADMIN_USER_DEACTIVATE, "user": row["id"]})]
                if row["active"] else t("admin_deactivated", lang).format(
                    by=row["deactivated_by"], at=row["deactivated_at"])),
    ], className=None if row["active"] else "revoked") for row in rows]
    return _table(head, body, lang)


def token_created(name: str, token: str, wall_url: str | None, lang: str) -> html.Div:
    """The new token, shown this once, and the wall address that carries it."""
    children: list = [html.P(t("admin_token_once", lang).format(name=name)),
                      html.Code(token, className="admin-secret")]
    if wall_url:
        children += [html.P(t("admin_wall_url", lang)),
                     html.A(wall_url, href=wall_url, target="_blank", className="admin-secret")]
    return html.Div(children, className="admin-created")


def message(text: str, ok: bool = True) -> html.P:
    """A line saying what was done, or why not."""
    return html.P(text, className="admin-ok" if ok else "admin-error")


def _role_choice(component_id: str, value: str, lang: str,
                 roles: Sequence[str] = ROLES) -> dcc.Dropdown:
    return dcc.Dropdown(id=component_id, value=value, clearable=False, searchable=False,
                        options=[{"label": t(f"role_{role}", lang), "value": role}
                                 for role in roles], className="admin-role")


def _department_choice(component_id: str, lang: str) -> dcc.Dropdown:
    # Its choices, the active departments, arrive through a callback.
    return dcc.Dropdown(id=component_id, placeholder=t("admin_department", lang),
                        className="admin-choice")


def table(head: Sequence[str], body: list, lang: str, table_id: str | None = None
          ) -> html.Table:
    """A table under the headings named by text keys."""
    return _table(head, body, lang, table_id)


def problems(heading: str, lines: Sequence[str]) -> html.Div:
    """A refusal: what was refused, then one line per problem."""
    return html.Div(className="admin-refusals", children=[
        html.P(heading, className="admin-error"), html.Ul([html.Li(line) for line in lines])])


def _table(head: Sequence[str], body: list, lang: str, table_id: str | None = None
           ) -> html.Table:
    named = {"id": table_id} if table_id else {}
    return html.Table(className="admin-table", **named, children=[
        html.Thead(html.Tr([html.Th(t(key, lang)) for key in head])), html.Tbody(body)])
