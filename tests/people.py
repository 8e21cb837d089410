"""People and tokens for tests: a user per role with a known password, and access tokens."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from sqlalchemy.orm import Session, sessionmaker

from data import clock
from data.domain import Role
from data.people import access

PASSWORD = "a long enough password"
NAMES = {Role.DISPLAY: "大屏 测试", Role.LEADER: "领导 赵明", Role.DUTY: "值班员 王芳",
         Role.ADMIN: "管理员 李强"}
_numbers = itertools.count(1)


@dataclass(frozen=True)
class Person:
    """A user who can sign in: their username, password, name and role."""

    username: str
    password: str
    name: str
    role: Role


def make_user(sessions: sessionmaker[Session], role: Role, username: str | None = None) -> Person:
    """Commit a new user with `role` to the store and return how they sign in."""
    username = username or f"{role.value}{next(_numbers)}"
    with sessions.begin() as session:
        access.create_user(session, username, NAMES[role], role, PASSWORD, "tests",
                           clock.now())
    return Person(username, PASSWORD, NAMES[role], role)


def make_token(sessions: sessionmaker[Session], role: Role = Role.DISPLAY,
               name: str = "指挥大厅主屏", for_user: str | None = None) -> tuple[int, str]:
    """Commit a new access token; return its id and the token itself."""
    with sessions.begin() as session:
        user = None
        if for_user is not None:
            user = next(u for u in access.users(session) if u.username == for_user)
        row, token = access.create_token(session, name, "tests", clock.now(), role, user)
        return row.id, token


def revoke(sessions: sessionmaker[Session], token_id: int) -> None:
    """Revoke a token in the store, as an administrator elsewhere would."""
    with sessions.begin() as session:
        access.revoke_token(session, token_id, "tests", clock.now())
