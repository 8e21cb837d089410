"""Users, roles and access tokens: who may see and change what (PRODUCT §7).

Functions here never commit; the caller owns the transaction. Every change records the
name of the person who made it.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime
from typing import TYPE_CHECKING

from argon2 import PasswordHasher
from sqlalchemy import select
from sqlalchemy.orm import Session

from data.domain import Role
from data.models import CatalogChange, Department, DisplayToken, Street, User

if TYPE_CHECKING:  # data.people.rotation raises this module's AccessError
    from data.people.rotation import Rotation

# Ranked: each role may do what the ones before it may.
RANKS: tuple[Role, ...] = (Role.DISPLAY, Role.LEADER, Role.DUTY, Role.ADMIN)
# Every role, in the order a screen lists them. A department liaison stands beside the
# ranks, not in them: above a wall (it may look at one), below nothing else, and nobody
# else may do what it may (sign, send back, resolve and ask for time for its department).
ROLES: tuple[Role, ...] = (Role.DISPLAY, Role.DEPARTMENT, Role.LEADER, Role.DUTY, Role.ADMIN)
# What may open a page, a callback or a room: a least role, or a set of such least roles.
Need = Role | frozenset[Role]
MIN_PASSWORD = 8
HASHER = PasswordHasher()  # argon2id with the library's recommended parameters


class AccessError(ValueError):
    """A change to users or tokens is refused; the message names what is wrong.

    `code` and `values` let a screen say the same in its own language.
    """

    def __init__(self, code: str, message: str, **values: object) -> None:
        super().__init__(message)
        self.code, self.values = code, values


def includes(role: Role, least: Role) -> bool:
    """Whether `role` may do what `least` may."""
    if Role.DEPARTMENT in (role, least):
        return role == least or (role is Role.DEPARTMENT and least is Role.DISPLAY)
    return RANKS.index(role) >= RANKS.index(least)


def admits(role: Role, need: Need) -> bool:
    """Whether `role` may do what one of the roles in `need` (or `need` itself) may."""
    needs = need if isinstance(need, frozenset) else (need,)
    return any(includes(role, least) for least in needs)


def least_roles(need: Need) -> tuple[Role, ...]:
    """The least roles of `need`, in the order of ROLES, for a screen to name."""
    needs = need if isinstance(need, frozenset) else {need}
    return tuple(role for role in ROLES if role in needs)


def hash_password(password: str) -> str:
    """A salted argon2id hash of `password`."""
    return HASHER.hash(password)


def hash_token(token: str) -> str:
    """The stored form of an access token.

    Tokens are 256 random bits, so a fast hash is as strong as a slow one here, and it lets
    the store find a token by its hash.
    """
    return hashlib.sha256(token.encode()).hexdigest()


def create_user(session: Session, username: str, display_name: str, role: Role,
                password: str, created_by: str, at: datetime,
                department: str | None = None) -> User:
    """Add a user who signs in with `password`; a liaison names its department's code."""
    username, display_name = username.strip(), display_name.strip()
    if not username or len(username) > 50 or any(c.isspace() for c in username):
        raise AccessError("username_format",
                          f"username {username!r}: 1 to 50 characters without spaces")
    if not display_name or len(display_name) > 100:
        raise AccessError("name_format", "name: 1 to 100 characters")
    if session.scalar(select(User.id).where(User.username == username)) is not None:
        raise AccessError("username_taken", f"username {username!r} is taken",
                          username=username)
    _check_password(password)
    bound = bound_department(session, Role(role), department)
    user = User(username=username, display_name=display_name, role=Role(role),
                password_hash=hash_password(password), active=True, created_at=at,
                created_by=created_by, department=bound)
    session.add(user)
    if bound is not None:  # kept as the first entry of the binding's history
        session.add(CatalogChange(subject="user", code=username, field="department",
                                  before=None, after=bound.code, changed_by=created_by,
                                  changed_at=at))
    session.flush()
    return user


def bound_department(session: Session, role: Role, code: str | None) -> Department | None:
    """The department a user of `role` is bound to by `code`; only a liaison has one."""
    code = (code or "").strip()
    if role is not Role.DEPARTMENT:
        if code:
            raise AccessError("department_unbound", f"only a department liaison is bound to "
                              f"a department, not a {role}", role=role.value)
        return None
    if not code:
        raise AccessError("department_required", "a department liaison needs a department")
    department = session.scalar(select(Department).where(Department.code == code))
    if department is None or not department.active:
        raise AccessError("department_unknown", f"no active department {code!r}",
                          department=code)
    return department


def set_password(user: User, password: str) -> None:
    """Give `user` a new password."""
    _check_password(password)
    user.password_hash = hash_password(password)


def deactivate_user(session: Session, user_id: int, by: str, at: datetime) -> User:
    """Stop a user signing in, and end their sessions and tokens on the next request."""
    user = session.get(User, user_id)
    if user is None:
        raise AccessError("no_user", f"no user {user_id}", id=user_id)
    if not user.active:
        raise AccessError("user_inactive", f"user {user.username!r} was deactivated by "
                          f"{user.deactivated_by}", username=user.username,
                          by=user.deactivated_by)
    user.active, user.deactivated_at, user.deactivated_by = False, at, by
    return user


def users(session: Session) -> list[User]:
    """Every user, the newest first."""
    return list(session.scalars(select(User).order_by(User.id.desc())))


def active_user(session: Session, user_id: int) -> User | None:
    """The user with `user_id`, if they may still sign in."""
    user = session.get(User, user_id)
    return user if user is not None and user.active else None


def create_token(session: Session, name: str, created_by: str, at: datetime,
                 role: Role = Role.DISPLAY, user: User | None = None,
                 street: str | None = None,
                 rotation: Rotation | None = None) -> tuple[DisplayToken, str]:
    """Make an access token; the token itself is returned once and never kept.

    A wall's token may be bound to a street by its code: it then opens that street's wall
    only. Or it may rotate through views, as `data.people.rotation.checked` allowed.
    """
    name = name.strip()
    if not name or len(name) > 100:
        raise AccessError("token_name", "token name: 1 to 100 characters")
    role = Role(role)
    if user is not None and not includes(user.role, role):
        raise AccessError("token_above_user", f"a token acting for {user.username!r} "
                          f"({user.role}) cannot have the role {role}",
                          username=user.username)
    bound = bound_street(session, role, street)
    token = secrets.token_urlsafe(32)
    row = DisplayToken(name=name, role=role, token_hash=hash_token(token), user=user,
                       street=bound, created_by=created_by, created_at=at,
                       rotation=rotation.stored() if rotation else None,
                       rotation_seconds=rotation.seconds if rotation else None)
    session.add(row)
    session.flush()
    return row, token


def bound_street(session: Session, role: Role, code: str | None) -> Street | None:
    """The street a token of `role` is bound to by `code`; only a wall's token has one."""
    code = (code or "").strip()
    if not code:
        return None
    if role is not Role.DISPLAY:
        raise AccessError("street_not_display", f"only a wall's ({Role.DISPLAY}) token is "
                          f"bound to a street, not a {role} token", role=role.value)
    street = session.scalar(select(Street).where(Street.code == code))
    if street is None or not street.active:
        raise AccessError("street_unknown", f"no active street {code!r}", street=code)
    return street


def streets(session: Session) -> list[tuple[str, str]]:
    """The code and name of every active street a wall's token may be bound to, by code."""
    return [(code, name) for code, name in session.execute(
        select(Street.code, Street.name).where(Street.active).order_by(Street.code))]


def revoke_token(session: Session, token_id: int, by: str, at: datetime) -> DisplayToken:
    """Revoke a token: it stops working on its next request or connection."""
    row = session.get(DisplayToken, token_id)
    if row is None:
        raise AccessError("no_token", f"no token {token_id}", id=token_id)
    if row.revoked_at is not None:
        raise AccessError("token_revoked", f"token {token_id} ({row.name}) was already revoked "
                          f"by {row.revoked_by} at {row.revoked_at:%Y-%m-%d %H:%M} UTC",
                          id=token_id, by=row.revoked_by)
    row.revoked_at, row.revoked_by = at, by
    return row


def tokens(session: Session) -> list[DisplayToken]:
    """Every token, revoked ones too, the newest first."""
    return list(session.scalars(select(DisplayToken).order_by(DisplayToken.id.desc())))


def token_by_secret(session: Session, token: str) -> DisplayToken | None:
    """The usable token whose secret is `token`: not revoked, its user still active."""
    row = session.scalar(select(DisplayToken).where(DisplayToken.token_hash == hash_token(token)))
    return row if row is not None and _usable(row) else None


def token_revoked(session: Session, token: str) -> bool:
    """Whether `token` is the secret of a token that has been revoked."""
    row = session.scalar(select(DisplayToken).where(DisplayToken.token_hash == hash_token(token)))
    return row is not None and row.revoked_at is not None


def usable_token(session: Session, token_id: int) -> DisplayToken | None:
    """The token with `token_id`, if it still works."""
    row = session.get(DisplayToken, token_id)
    return row if row is not None and _usable(row) else None


def token_acts_as(row: DisplayToken) -> str:
    """The name a token's actions are recorded under: its user's, or its own."""
    return row.user.display_name if row.user is not None else row.name


def _usable(row: DisplayToken) -> bool:
    return row.revoked_at is None and (row.user is None or row.user.active)


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise AccessError("password_short", f"password: at least {MIN_PASSWORD} characters",
                          length=MIN_PASSWORD)


def reset_user(session: Session, username: str, display_name: str, role: Role, password: str,
               by: str, at: datetime, department: str | None = None) -> User:
    """Create the user, or give an existing one this name, role and password and reinstate them."""
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        return create_user(session, username, display_name, role, password, by, at, department)
    set_password(user, password)
    user.department = bound_department(session, Role(role), department)
    user.display_name, user.role, user.active = display_name, Role(role), True
    user.deactivated_at = user.deactivated_by = None
    return user
