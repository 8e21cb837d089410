"""Users, passwords, tokens and the wait after failed sign-ins, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from data.domain import Role
from data.models import User
from data.people import access

AT = datetime(2026, 10, 9, 2, 0, tzinfo=UTC)
PASSWORD = "correct horse"


def make_user(session, username="wangfang", role=Role.DUTY, password=PASSWORD) -> User:
    return access.create_user(session, username, "值班员 王芳", role, password, "管理员 李强", AT)


def test_password_is_kept_only_as_a_salted_argon2_hash(session):
    first = make_user(session, "a")
    second = make_user(session, "b")
    session.commit()
    assert PASSWORD not in first.password_hash
    assert first.password_hash.startswith("$argon2id$")
    assert first.password_hash != second.password_hash  # salted
    assert first.created_by == "管理员 李强"


def test_taken_username_short_password_and_blank_name_are_refused_naming_them(session):
    make_user(session)
    with pytest.raises(access.AccessError, match="'wangfang' is taken"):
        make_user(session)
    with pytest.raises(access.AccessError, match="at least 8"):
        make_user(session, "other", password="short")
    with pytest.raises(access.AccessError, match="username"):
        make_user(session, "two words")


def test_token_is_returned_once_and_only_its_hash_is_kept(session):
    row, token = access.create_token(session, "大厅主屏", "管理员 李强", AT)
    session.commit()
    assert len(token) >= 40 and token not in row.token_hash
    assert row.token_hash == access.hash_token(token)
    assert row.role is Role.DISPLAY and row.created_by == "管理员 李强"
    assert access.token_by_secret(session, token).id == row.id
    assert access.token_by_secret(session, token + "x") is None


def test_revoked_token_stops_working_and_names_who_revoked_it(session):
    row, token = access.create_token(session, "大厅主屏", "管理员 李强", AT)
    access.revoke_token(session, row.id, "管理员 张伟", AT + timedelta(hours=1))
    session.commit()
    assert access.token_by_secret(session, token) is None
    assert access.usable_token(session, row.id) is None
    assert row.revoked_by == "管理员 张伟"
    with pytest.raises(access.AccessError, match="already revoked by 管理员 张伟"):
        access.revoke_token(session, row.id, "管理员 李强", AT)
    with pytest.raises(access.AccessError, match="no token 999"):
        access.revoke_token(session, 999, "管理员 李强", AT)


def test_token_acting_for_a_user_carries_their_name_and_dies_with_their_account(session):
    user = make_user(session)
    row, token = access.create_token(session, "值班台", "管理员 李强", AT, Role.DUTY, user)
    session.commit()
    assert access.token_acts_as(row) == "值班员 王芳"
    with pytest.raises(access.AccessError, match="cannot have the role admin"):
        access.create_token(session, "越权", "管理员 李强", AT, Role.ADMIN, user)
    access.deactivate_user(session, user.id, "管理员 李强", AT)
    session.commit()
    assert access.token_by_secret(session, token) is None


def test_roles_rank_each_including_the_ones_before():
    assert access.includes(Role.ADMIN, Role.DISPLAY)
    assert access.includes(Role.DUTY, Role.LEADER)
    assert access.includes(Role.LEADER, Role.LEADER)
    assert not access.includes(Role.LEADER, Role.DUTY)
    assert not access.includes(Role.DISPLAY, Role.LEADER)
