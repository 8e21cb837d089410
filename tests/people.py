"""People and tokens for tests: a user per role with a known password, and access tokens."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from data import clock
from data.domain import Role
from data.models import Department
from data.people import access, rotation

PASSWORD = "a long enough password"
NAMES = {Role.DISPLAY: "大屏 测试", Role.LEADER: "领导 赵明", Role.DUTY: "值班员 王芳",
         Role.ADMIN: "管理员 李强", Role.DEPARTMENT: "联络员 陈静"}
TEST_DEPARTMENT = "D-TEST"
_numbers = itertools.count(1)


@dataclass(frozen=True)
class Person:
    """A user who can sign in: their username, password, name and role."""

    username: str
    password: str
    name: str
    role: Role


def make_user(sessions: sessionmaker[Session], role: Role, username: str | None = None,
              department: str | None = None, name: str | None = None) -> Person:
    """Commit a new user with `role` to the store and return how they sign in.

    A liaison is bound to `department`, or to a test department made for it when none is named.
    """
    username = username or f"{role.value}{next(_numbers)}"
    name = name or NAMES[role]
    with sessions.begin() as session:
        if role is Role.DEPARTMENT and department is None:
            department = TEST_DEPARTMENT
            if session.scalar(select(Department).where(Department.code == department)) is None:
                session.add(Department(code=department, name="测试部门", short_name="测试",
                                       active=True))
                session.flush()
        access.create_user(session, username, name, role, PASSWORD, "tests",
                           clock.now(), department)
    return Person(username, PASSWORD, name, role)


def make_token(sessions: sessionmaker[Session], role: Role = Role.DISPLAY,
               name: str = "指挥大厅主屏", for_user: str | None = None,
               street: str | None = None, rotate: str | None = None,
               every: int | None = None) -> tuple[int, str]:
    """Commit a new access token; return its id and the token itself.

    A wall's token rotates through `rotate` ("district,S01") every `every` seconds when
    either is given."""
    with sessions.begin() as session:
        user = None
        if for_user is not None:
            user = next(u for u in access.users(session) if u.username == for_user)
        plan = rotation.checked(session, role, street, rotate, every)
        row, token = access.create_token(session, name, "tests", clock.now(), role, user,
                                         street, plan)
        return row.id, token


def revoke(sessions: sessionmaker[Session], token_id: int) -> None:
    """Revoke a token in the store, as an administrator elsewhere would."""
    with sessions.begin() as session:
        access.revoke_token(session, token_id, "tests", clock.now())
