"""Users on the administration page: created with a role, given another, a liaison bound to its
department, each change shown in the user's history."""

from __future__ import annotations

import time

from dash import Dash, Input, Output, State, no_update
from sqlalchemy import select

from callbacks.admin import CHANGED, no_choice, refusal
from dashboard import auth, wiring
from data import clock
from data.domain import Role
from data.models import Department, User
from data.people import access, changes
from layouts import admin, admin_items, formats, ids
from layouts.text import t


def departments(_changed: int) -> tuple:
    """The active departments a liaison may be bound to, for both forms."""
    with wiring.current().sessions() as db:
        choices = [{"label": f"{row.code} {row.name}", "value": row.code}
                   for row in db.scalars(select(Department).where(Department.active)
                                         .order_by(Department.code))]
    return choices, choices


def show_user(user_id: int | None, _changed: int, lang: str) -> tuple:
    """The chosen user's role and department, ready to change, and their history."""
    wired = wiring.current()
    with wired.sessions() as db:
        user = db.get(User, user_id) if user_id is not None else None
        if user is None:
            return no_update, None, ""
        rows = [{"field": row.field, "before": row.before, "after": row.after,
                 "by": row.changed_by, "at": formats.local_time(row.changed_at,
                                                                 wired.zone)}
                for row in changes.history(db, user)]
        return (user.role.value, user.department.code if user.department else None,
                admin_items.history_table(rows, lang))


def create_user(_clicks: int | None, username: str | None, name: str | None, role: str,
                department: str | None, password: str | None, lang: str) -> tuple:
    """Add a user with the role chosen, a liaison with its department; their first password
    is the one typed."""
    try:
        with wiring.current().sessions.begin() as db:
            access.create_user(db, username or "", name or "", Role(role), password or "",
                               auth.current_name(), clock.now(), _liaisons(role, department))
    except access.AccessError as refused:
        return _refused(refused, lang), no_update, no_update
    text = t("admin_user_created", lang).format(username=username.strip(),
                                                role=t(f"role_{role}", lang))
    return admin.message(text), "", time.time_ns()


def change_role(_clicks: int | None, user_id: int | None, role: str, department: str | None,
                lang: str) -> tuple:
    """Give the chosen user the chosen role; a liaison the chosen department."""
    if user_id is None:
        return no_choice(lang), no_update
    try:
        with wiring.current().sessions.begin() as db:
            before = db.get(User, user_id)
            was = (before.role, before.department_id) if before is not None else None
            user = changes.change_role(db, user_id, Role(role), auth.current_name(),
                                       clock.now(), _liaisons(role, department))
            if was is not None and was[0] is user.role and user.department is not None:
                text = t("admin_department_bound", lang).format(
                    username=user.username, department=user.department.code)
            else:
                text = t("admin_role_changed", lang).format(username=user.username,
                                                            role=t(f"role_{role}", lang))
    except access.AccessError as refused:
        return _refused(refused, lang), no_update
    return admin.message(text), time.time_ns()


def _liaisons(role: str, department: str | None) -> str | None:
    # The department field is only read for a liaison; for any other role it is left aside.
    return department if Role(role) is Role.DEPARTMENT else None


def _refused(refused: access.AccessError, lang: str) -> object:
    """A refusal; one about the department names that field."""
    if not refused.code.startswith("department_"):
        return refusal(refused, lang)
    reason = t(f"access_{refused.code}", lang).format(**refused.values)
    return admin.message(t("admin_field", lang).format(
        field=t("admin_col_department", lang), reason=reason), ok=False)


def register(app: Dash) -> None:
    """Attach the users' callbacks of the administration page; every one needs an administrator."""
    lang = State(ids.ADMIN_LANG, "data")
    changed = Input(ids.ADMIN_CHANGED, "data")
    auth.callback(app, Role.ADMIN, Output(ids.ADMIN_USER_DEPARTMENT, "options"),
                  Output(ids.ADMIN_EDIT_DEPARTMENT, "options"), changed)(departments)
    auth.callback(app, Role.ADMIN, Output(ids.ADMIN_EDIT_ROLE, "value"),
                  Output(ids.ADMIN_EDIT_DEPARTMENT, "value"),
                  Output(ids.ADMIN_EDIT_HISTORY, "children"),
                  Input(ids.ADMIN_EDIT_USER, "value"), changed, lang)(show_user)
    auth.callback(app, Role.ADMIN, Output(ids.ADMIN_EDIT_MESSAGE, "children"), CHANGED,
                  Input(ids.ADMIN_EDIT_ROLE_SAVE, "n_clicks"), State(ids.ADMIN_EDIT_USER, "value"),
                  State(ids.ADMIN_EDIT_ROLE, "value"), State(ids.ADMIN_EDIT_DEPARTMENT, "value"),
                  lang, prevent_initial_call=True)(change_role)
    auth.callback(app, Role.ADMIN, Output(ids.ADMIN_USER_MESSAGE, "children"),
                  Output(ids.ADMIN_USER_PASSWORD, "value"), CHANGED,
                  Input(ids.ADMIN_USER_CREATE, "n_clicks"),
                  State(ids.ADMIN_USER_USERNAME, "value"), State(ids.ADMIN_USER_NAME, "value"),
                  State(ids.ADMIN_USER_ROLE, "value"), State(ids.ADMIN_USER_DEPARTMENT, "value"),
                  State(ids.ADMIN_USER_PASSWORD, "value"),
                  lang, prevent_initial_call=True)(create_user)
