"""Changes to an existing user: a role, a liaison's department, a password, each kept with who
made it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from data.domain import Role
from data.models import CatalogChange, Department, User
from data.people import access


def change_role(session: Session, user_id: int, role: Role, by: str, at: datetime,
                department: str | None = None) -> User:
    """Give a user another role, and a liaison its department by code (or another one).

    Their next request is served with it. A user who stops being a liaison loses the binding;
    each change of role or department is kept with who made it.
    """
    user = _active(session, user_id)
    role = Role(role)
    bound = access.bound_department(session, role, department)  # refused before any change
    if user.role != role:
        _keep(session, user, "role", user.role.value, role.value, by, at)
        user.role = role
    if user.department_id != (bound.id if bound else None):
        _keep(session, user, "department", _code(user.department), _code(bound), by, at)
        user.department = bound
    return user


def history(session: Session, user: User) -> list[CatalogChange]:
    """Every kept change to a user, newest first."""
    return list(session.scalars(
        select(CatalogChange).where(CatalogChange.subject == "user",
                                    CatalogChange.code == user.username)
        .order_by(CatalogChange.changed_at.desc(), CatalogChange.id.desc())))


def reset_password(session: Session, user_id: int, password: str, by: str,
                   at: datetime) -> User:
    """Give a user a new password, chosen by the administrator, and keep that it was reset."""
    user = _active(session, user_id)
    access.set_password(user, password)
    _keep(session, user, "password", None, "reset", by, at)
    return user


def _active(session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise access.AccessError("no_user", f"no user {user_id}", id=user_id)
    if not user.active:
        raise access.AccessError("user_inactive", f"user {user.username!r} was deactivated by "
                                 f"{user.deactivated_by}", username=user.username,
                                 by=user.deactivated_by)
    return user


def _code(department: Department | None) -> str | None:
    return department.code if department is not None else None


def _keep(session: Session, user: User, field: str, before: str | None, after: str | None,
          by: str, at: datetime) -> None:
    session.add(CatalogChange(subject="user", code=user.username, field=field, before=before,
                              after=after, changed_by=by, changed_at=at))
    session.flush()
