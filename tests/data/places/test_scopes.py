"""Scopes: the district, a street, community or grid by its code, or a department."""

from __future__ import annotations

import pytest

from data.models import Community, Grid, Street
from data.places import scopes
from data.places.scopes import Scope
from tests.factories import square, town


@pytest.mark.parametrize(("text", "scope"), [
    ("district", Scope("district")),
    (" District ", Scope("district")),
    ("street:330100001", Scope("street", "330100001")),
    ("community:330100001002", Scope("community", "330100001002")),
    ("grid:330100001002003", Scope("grid", "330100001002003")),
    ("department:D01", Scope("department", "D01")),
])
def test_each_kind_of_scope_is_read_from_its_text(text, scope):
    assert scopes.parse(text) == scope
    assert scopes.parse(str(scope)) == scope


@pytest.mark.parametrize(("text", "named"), [
    ("city", "unknown scope 'city'"),
    ("district:330100", "the district takes no code"),
    ("street", "give the street's code"),
    ("street:33010000", "a street code has 9 digits"),
    ("community:330100001", "a community code has 12 digits"),
    ("grid:33010000100200X", "a grid code has 15 digits"),
    ("department:城 管", "no spaces"),
])
def test_bad_text_is_refused_naming_what_is_wrong(text, named):
    with pytest.raises(ValueError, match=named):
        scopes.parse(text)


def test_a_code_the_store_does_not_hold_is_refused_by_name(session):
    place = town(session)
    assert scopes.resolve(session, scopes.parse("street:330100001")) == place.street.id
    assert scopes.resolve(session, scopes.DISTRICT) is None
    for text, named in (("street:330100009", "no street with code 330100009"),
                        ("grid:330100001001009", "no grid with code 330100001001009"),
                        ("department:D99", "no department with code D99")):
        with pytest.raises(scopes.UnknownScope, match=named):
            scopes.resolve(session, scopes.parse(text))


def test_units_are_listed_within_a_larger_place_and_departments_everywhere(session):
    place = town(session)
    south = Street(district=place.district, code="330100002", name="江南街道", kind="street")
    session.add(Grid(community=Community(street=south, code="330100002001", name="江南社区",
                                         kind="community"),
                     code="330100002001001", name="江南第1网格", boundary=square(120.0, 30.01),
                     lon=120.005, lat=30.015))
    session.flush()
    codes = {unit: list(scopes.units(session, unit).values()) for unit in scopes.UNITS}
    assert codes == {
        "street": ["330100001", "330100002"],
        "community": ["330100001001", "330100001002", "330100002001"],
        "grid": ["330100001001001", "330100001001002", "330100001002003", "330100002001001"],
        "department": ["D01", "D02", "D03"]}
    assert list(scopes.units(session, "grid", scopes.parse("street:330100001")).values()) == [
        "330100001001001", "330100001001002", "330100001002003"]
    assert list(scopes.units(session, "grid", scopes.parse("community:330100002001"))
                .values()) == ["330100002001001"]
    assert list(scopes.units(session, "community", scopes.parse("department:D01"))
                .values()) == codes["community"]
    with pytest.raises(ValueError, match="a community holds no street"):
        scopes.units(session, "street", scopes.parse("community:330100001001"))
    with pytest.raises(scopes.UnknownScope, match="no street with code 330100009"):
        scopes.units(session, "grid", scopes.parse("street:330100009"))
