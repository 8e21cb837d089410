"""The views a wall's token rotates through: checked when the token is made, on SQLite and
PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from data.domain import Role
from data.models import District, Street
from data.people import access, rotation

AT = datetime(2026, 10, 9, 2, 0, tzinfo=UTC)


@pytest.fixture
def district(session) -> None:
    place = District(code="330100", name="测试区")
    session.add_all([Street(district=place, code="330100001", name="望江街道", kind="street"),
                     Street(district=place, code="330100002", name="江南街道", kind="street"),
                     Street(district=place, code="330100003", name="闭街", kind="street",
                            active=False)])
    session.flush()


def test_listed_views_and_their_interval_are_kept_in_order(session, district):
    plan = rotation.checked(session, Role.DISPLAY, None, " 330100002, district ,330100001", "12")
    assert plan == rotation.Rotation(("330100002", "district", "330100001"), 12)
    assert plan.stored() == "330100002,district,330100001"
    assert rotation.views_of(plan.views, ["330100001", "330100002"]) == [
        "330100002", None, "330100001"]


def test_an_interval_alone_rotates_through_the_district_then_every_street(session, district):
    plan = rotation.checked(session, Role.DISPLAY, None, None, 45)
    assert plan == rotation.Rotation(None, 45)
    assert rotation.views_of(plan.views, ["330100001", "330100002"]) == [
        None, "330100001", "330100002"]
    assert rotation.checked(session, Role.DISPLAY, None, "district,330100001", None).seconds == 30
    assert rotation.checked(session, Role.DISPLAY, None, "", "") is None


@pytest.mark.parametrize(("views", "seconds", "code", "words"), [
    ("district,330100001", "2", "rotation_seconds", "whole seconds from 3 to 3600"),
    ("district,330100001", "3601", "rotation_seconds", "whole seconds from 3 to 3600"),
    ("district,330100001", "ten", "rotation_seconds", "rotation interval 'ten'"),
    ("district", "30", "rotation_views", "from 2 to 50 views, not 1"),
    ("330100001,district,330100001", "30", "rotation_twice", "330100001 listed twice"),
    ("district,330100009,330100003", "30", "rotation_unknown",
     "no active street 330100009, 330100003"),
])
def test_a_wrong_rotation_is_refused_naming_what_is_wrong(session, district, views, seconds,
                                                          code, words):
    with pytest.raises(access.AccessError, match=words) as refused:
        rotation.checked(session, Role.DISPLAY, None, views, seconds)
    assert refused.value.code == code


def test_only_an_unbound_walls_token_rotates(session, district):
    with pytest.raises(access.AccessError, match="only a wall's"):
        rotation.checked(session, Role.DUTY, None, "district,330100001", 30)
    with pytest.raises(access.AccessError, match="bound to one street does not rotate"):
        rotation.checked(session, Role.DISPLAY, "330100001", "district,330100001", 30)


def test_a_rotating_token_keeps_its_views_and_interval(session, district):
    plan = rotation.checked(session, Role.DISPLAY, None, "district,330100002", 20)
    row, _ = access.create_token(session, "大厅轮播", "管理员 李强",
                                 AT, rotation=plan)
    session.flush()
    assert (row.rotation, row.rotation_seconds) == ("district,330100002", 20)
    assert rotation.may_see(rotation.parse(row.rotation), "330100002")
    assert rotation.may_see(rotation.parse(row.rotation), None)
    assert not rotation.may_see(rotation.parse(row.rotation), "330100001")
