"""Source systems: created with a kind and a token kept as a hash, found by it, revoked."""

from __future__ import annotations

import pytest

from data import clock
from data.domain import Source
from data.people import access, sources
from tests.factories import town


def test_a_source_is_found_by_its_token_and_only_the_hash_is_kept(session):
    row, token = sources.create_source(session, "网格通 App", Source.PATROL, "admin", clock.now())
    session.commit()
    assert token not in row.token_hash and row.token_hash == access.hash_token(token)
    found = sources.source_by_secret(session, token)
    assert (found.name, found.kind, found.department) == ("网格通 App", Source.PATROL, None)
    assert sources.source_by_secret(session, token + "x") is None


def test_a_department_system_names_an_active_department_and_others_name_none(session):
    place = town(session)
    row, _ = sources.create_source(session, "城管业务系统", "department", "admin", clock.now(),
                                   department="D01")
    assert row.department is place.departments["D01"]
    with pytest.raises(access.AccessError, match="needs --department"):
        sources.create_source(session, "公安系统", "department", "admin", clock.now())
    with pytest.raises(access.AccessError, match="no active department"):
        sources.create_source(session, "公安系统", "department", "admin", clock.now(), "D99")
    with pytest.raises(access.AccessError, match="only a source of kind department"):
        sources.create_source(session, "12345", "hotline", "admin", clock.now(), "D01")


@pytest.mark.parametrize("name", ["", " ", "x" * 51, "tab\there"])
def test_a_bad_name_or_kind_is_refused(session, name):
    with pytest.raises(access.AccessError, match="source name"):
        sources.create_source(session, name, "iot", "admin", clock.now())
    with pytest.raises(access.AccessError, match="unknown kind"):
        sources.create_source(session, "IoT 平台", "robot", "admin", clock.now())


def test_a_revoked_source_is_no_longer_found_and_says_who_revoked_it(session):
    row, token = sources.create_source(session, "IoT 平台", "iot", "admin", clock.now())
    sources.revoke_source(session, row.id, "管理员 张三", clock.now())
    session.commit()
    assert sources.source_by_secret(session, token) is None
    with pytest.raises(access.AccessError, match="already revoked by 管理员 张三"):
        sources.revoke_source(session, row.id, "admin", clock.now())
    with pytest.raises(access.AccessError, match="no source 99"):
        sources.revoke_source(session, 99, "admin", clock.now())


def test_names_are_unique(session):
    sources.create_source(session, "12345 热线", "hotline", "admin", clock.now())
    with pytest.raises(access.AccessError, match="exists"):
        sources.create_source(session, "12345 热线", "resident", "admin", clock.now())
