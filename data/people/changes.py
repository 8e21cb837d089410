"""Changes to an existing user, a new role or a new password, each kept with who made it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from data.domain import Role
from data.models import CatalogChange, User
from data.people import access


def change_role(session: Session, user_id: int, role: Role, by: str, at: datetime) -> User:
    """Give a user another role; their next request is served with it."""
    user = _active(session, user_id)
    if user.role != Role(role):
        _keep(session, user, "role", user.role.value, Role(role).value, by, at)
        user.role = Role(role)
    return user


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


def _keep(session: Session, user: User, field: str, before: str | None, after: str | None,
          by: str, at: datetime) -> None:
    session.add(CatalogChange(subject="user", code=user.username, field=field, before=before,
                              after=after, changed_by=by, changed_at=at))
    session.flush()
