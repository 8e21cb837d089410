"""A user's role, a liaison's department and a password changed, each kept with who changed
it, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from data.domain import Role
from data.models import Department
from data.people import access, changes

AT = datetime(2026, 10, 9, 2, 0, tzinfo=UTC)
ADMIN = "管理员 李强"


def departments(session) -> None:
    session.add_all([Department(code="CG", name="城管局", short_name="城管", active=True),
                     Department(code="SW", name="水务局", short_name="水务", active=True),
                     Department(code="OLD", name="旧局", short_name="旧", active=False)])
    session.flush()


def test_a_liaison_is_bound_at_creation_and_rebound_with_each_change_in_its_history(session):
    departments(session)
    liaison = access.create_user(session, "chenjing", "联络员 陈静", Role.DEPARTMENT,
                                 "a long password", ADMIN, AT, "CG")
    changes.change_role(session, liaison.id, Role.DEPARTMENT, "管理员 张伟",
                        AT + timedelta(hours=1), "SW")
    session.commit()
    assert liaison.department.code == "SW"
    kept = [(row.field, row.before, row.after, row.changed_by, row.changed_at)
            for row in changes.history(session, liaison)]
    assert kept == [("department", "CG", "SW", "管理员 张伟", AT + timedelta(hours=1)),
                    ("department", None, "CG", ADMIN, AT)]


def test_a_leader_made_a_liaison_is_bound_and_a_liaison_made_a_leader_is_unbound(session):
    departments(session)
    user = access.create_user(session, "zhaoming", "领导 赵明", Role.LEADER,
                              "a long password", ADMIN, AT)
    changes.change_role(session, user.id, Role.DEPARTMENT, ADMIN, AT, "CG")
    assert (user.role, user.department.code) == (Role.DEPARTMENT, "CG")
    changes.change_role(session, user.id, Role.LEADER, ADMIN, AT + timedelta(minutes=1))
    session.commit()
    assert (user.role, user.department) == (Role.LEADER, None)
    assert {(row.field, row.before, row.after) for row in changes.history(session, user)} == {
        ("role", "leader", "department"), ("department", None, "CG"),
        ("role", "department", "leader"), ("department", "CG", None)}


@pytest.mark.parametrize(("department", "code", "named"), [
    (None, "department_required", "needs a department"),
    ("ZZ", "department_unknown", "no active department 'ZZ'"),
    ("OLD", "department_unknown", "no active department 'OLD'"),
])
def test_a_liaison_without_an_active_department_is_refused_and_nothing_changes(
        session, department, code, named):
    departments(session)
    user = access.create_user(session, "zhaoming", "领导 赵明", Role.LEADER,
                              "a long password", ADMIN, AT)
    session.commit()
    with pytest.raises(access.AccessError, match=named) as refused:
        changes.change_role(session, user.id, Role.DEPARTMENT, ADMIN, AT, department)
    assert refused.value.code == code
    with pytest.raises(access.AccessError, match=named):
        access.create_user(session, "other", "联络员", Role.DEPARTMENT, "a long password",
                           ADMIN, AT, department)
    session.rollback()
    assert (user.role, user.department, changes.history(session, user)) == (
        Role.LEADER, None, [])


def test_only_a_liaison_is_bound_to_a_department(session):
    departments(session)
    user = access.create_user(session, "zhaoming", "领导 赵明", Role.LEADER,
                              "a long password", ADMIN, AT)
    with pytest.raises(access.AccessError, match="only a department liaison") as refused:
        changes.change_role(session, user.id, Role.DUTY, ADMIN, AT, "CG")
    assert refused.value.code == "department_unbound"
    assert user.role is Role.LEADER
