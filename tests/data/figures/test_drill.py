"""The drill-down's questions: where a drill stands, what lies below it, a grid's incidents."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy.orm import Session

from data import figures
from data.figures import drill, periods
from data.incidents import moves, supervision
from data.models import Community, Grid, Street
from tests.data.lifecycle import MOVES
from tests.factories import CENTRE, Town, handled, local, reported, square, town

NOW = local(2025, 11, 20, 15, 0)
NOVEMBER = periods.parse("month", NOW, "Asia/Shanghai")


@pytest.fixture
def place(session: Session) -> Town:
    """The tiny town, with a second street holding one community and one grid."""
    built = town(session)
    street = Street(district=built.district, code="330100002", name="江南街道", kind="street",
                    boundary=square(120.0, 30.01))
    community = Community(street=street, code="330100002001", name="江南社区",
                          kind="community", boundary=square(120.0, 30.01))
    session.add(Grid(community=community, code="330100002001001", name="江南第1网格",
                     boundary=square(120.0, 30.01), lon=120.005, lat=30.015))
    session.commit()
    return built


def test_a_place_is_named_from_the_district_down_to_its_deepest_code(
        session: Session, place: Town) -> None:
    at = drill.place(session, grid="330100001002003")
    assert at.level == "grid" and at.code == "330100001002003"
    assert [(unit["level"], unit["name"]) for unit in at.path] == [
        ("district", "测试区"), ("street", "望江街道"), ("community", "石桥社区"),
        ("grid", "第3网格")]
    assert str(at.scope) == "grid:330100001002003"
    top = drill.place(session)
    assert top.level == "district" and top.code is None and str(top.scope) == "district"
    same = drill.place(session, "330100001", "330100001002", "330100001002003")
    assert same == at


def test_a_place_the_store_does_not_know_or_whose_codes_disagree_is_none(
        session: Session, place: Town) -> None:
    assert drill.place(session, street="330100009") is None
    assert drill.place(session, grid="330100001002009") is None
    assert drill.place(session, street="330100002", grid="330100001002003") is None
    assert drill.place(session, community="330100001001", grid="330100001002003") is None


def test_the_units_below_a_place_are_its_own_in_code_order(session: Session,
                                                           place: Town) -> None:
    def names(**codes: str) -> list[str]:
        return [unit["name"] for unit in drill.units(session, drill.place(session, **codes))]

    assert names() == ["望江街道", "江南街道"]
    assert names(street="330100001") == ["翠苑社区", "石桥社区"]
    assert names(community="330100001001") == ["第1网格", "第2网格"]
    assert names(grid="330100001001001") == []
    streets = drill.units(session, drill.place(session))
    assert streets[0]["boundary"] is None and streets[1]["boundary"]["type"] == "Polygon"
    grid = drill.place(session, grid="330100002001001")
    assert drill.boundary(session, grid) == square(120.0, 30.01)


def test_a_grids_list_holds_the_periods_reports_and_what_is_still_open(
        session: Session, rules: moves.Rules, place: Town) -> None:
    grid = place.grids[0].code
    done_before = reported(session, rules, place, at=local(2025, 10, 20, 9))
    MOVES["reject"](session, done_before, rules, place, local(2025, 10, 20, 10))
    open_before = reported(session, rules, place, at=local(2025, 10, 21, 9))
    done_now = reported(session, rules, place, at=local(2025, 11, 5, 9))
    MOVES["reject"](session, done_now, rules, place, local(2025, 11, 5, 10))
    overdue = handled(session, rules, place, local(2025, 11, 10, 9))  # flood: due in 24 h
    supervision.supervise(session, overdue, CENTRE, "限期办结", at=local(2025, 11, 11, 12))
    newest = reported(session, rules, place, at=local(2025, 11, 19, 9))
    reported(session, rules, place, at=local(2025, 11, 19, 9), grid=1)  # another grid
    session.commit()

    rows, total = drill.grid_incidents(session, grid, NOVEMBER.start, NOVEMBER.end, NOW)

    assert [row["code"] for row in rows] == [
        overdue.code, newest.code, open_before.code, done_now.code]
    assert total == 4
    first = rows[0]
    assert first["overdue"] and first["supervised"] and first["open"]
    assert first["state"] == "dispatched" and first["deadline"] == overdue.resolution_deadline
    assert not any(row["overdue"] or row["supervised"] for row in rows[1:])
    assert rows[3]["open"] is False and rows[3]["state"] == "rejected"
    shortened, total = drill.grid_incidents(session, grid, NOVEMBER.start, NOVEMBER.end, NOW,
                                            limit=2)
    assert len(shortened) == 2 and total == 4


def test_a_view_holds_the_places_figures_and_each_unit_below_with_its_own(
        session: Session, rules: moves.Rules, place: Town) -> None:
    handled(session, rules, place, local(2025, 11, 10, 9), grid=0)  # overdue by now
    handled(session, rules, place, local(2025, 11, 12, 9), grid=2, signed=timedelta(minutes=5))
    reported(session, rules, place, at=local(2025, 11, 19, 9), grid=2)
    session.commit()

    street = drill.view(session, drill.place(session, street="330100001"), NOVEMBER, NOW)

    assert street["level"] == "street" and street["period"] == {
        "start": NOVEMBER.start, "end": NOVEMBER.end}
    assert street["figures"]["reported"] == 3 and street["figures"]["overdue_now"] == 2
    assert street["figures"]["response_rate"] == {"numerator": 1, "denominator": 2}
    assert [(unit["name"], unit["figures"]["reported"], unit["figures"]["open_now"])
            for unit in street["units"]] == [("翠苑社区", 1, 1), ("石桥社区", 2, 2)]
    assert street["incidents"] == []
    district = drill.view(session, drill.place(session), NOVEMBER, NOW)
    assert [unit["figures"]["reported"] for unit in district["units"]] == [3, 0]
    assert district["units"][1]["figures"]["closure_rate"] == {"numerator": 0, "denominator": 0}
    grid = drill.view(session, drill.place(session, grid="330100001002003"), NOVEMBER, NOW)
    assert grid["units"] == [] and grid["total"] == 2
    assert grid["figures"]["reported"] == 2 and grid["boundary"]["type"] == "Polygon"


def test_a_places_own_figures_are_what_the_trail_counts_for_it(
        session: Session, rules: moves.Rules, place: Town) -> None:
    for day, grid in ((3, 0), (5, 1), (9, 2), (18, 2)):
        handled(session, rules, place, local(2025, 11, day, 9), grid=grid,
                signed=timedelta(minutes=20 * grid))
    reported(session, rules, place, at=local(2025, 11, 19, 9), grid=1)
    session.commit()

    for codes in ({}, {"street": "330100001"}, {"community": "330100001001"}):
        at = drill.place(session, **codes)
        counted = drill.plain(figures.compute(session, at.scope, NOVEMBER, NOW))
        shown = drill.view(session, at, NOVEMBER, NOW)["figures"]
        assert shown == {name: counted[name] for name in drill.ADDITIVE}, codes
    assert drill.view(session, drill.place(session), NOVEMBER, NOW)["figures"]["reported"] == 5
