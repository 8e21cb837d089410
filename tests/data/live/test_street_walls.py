"""Each street's wall in the snapshot: the district's picture cut to the street's grids."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest
from sqlalchemy.orm import Session

from data import alerts
from data.domain import Priority, Source
from data.incidents import moves
from data.live import parts, snapshot
from data.models import Street
from tests.data.live.test_snapshot import NOW, many
from tests.factories import (
    DEPARTMENT,
    EAST,
    SHANGHAI,
    Town,
    handled,
    reported,
    second_street,
    town,
)


@pytest.fixture
def two_streets(session: Session, rules: moves.Rules) -> Town:
    """The town's street with a day and a half of incidents, and a second street with a few."""
    place = town(session)
    second_street(session, place)
    many(session, rules, place, 40)
    for hours in (30, 3, 1):
        handled(session, rules, place, NOW - timedelta(hours=hours), grid=3)
    reported(session, rules, place, at=NOW - timedelta(minutes=20), grid=3,
             priority=Priority.URGENT, source=Source.HOTLINE, item="construction")
    done = handled(session, rules, place, NOW - timedelta(hours=2), grid=3, item="street",
                   signed=timedelta(minutes=5))
    moves.resolve(session, done, DEPARTMENT, at=NOW - timedelta(hours=1))
    alerts.scan(session, NOW, alerts.Policy())
    session.commit()
    return place


def grid_codes(place: Town, street: str) -> set[str]:
    return {grid.code for grid in place.grids if grid.community.street.code == street}


def test_a_street_wall_is_the_district_wall_filtered_to_the_street(session, two_streets):
    built = snapshot.build(session, NOW, SHANGHAI)
    east = built["street_walls"][EAST]
    mine = grid_codes(two_streets, EAST)
    assert east["street"] == {"code": EAST, "name": "江南街道"}
    assert east["map"] == {kind: {code: n for code, n in counts.items() if code in mine}
                           for kind, counts in built["map"].items()}
    assert east["map"]["open"]
    assert east["urgent"] == [row for row in built["urgent"] if row["grid"] in mine]
    assert len(east["urgent"]) == 1
    standing = [row for row in built["duty"]["alerts"] if row["street_code"] == EAST]
    assert east["ticker"] == standing[:parts.TICKER_LENGTH] and standing
    assert east["kpis"]["alerts"] == len(standing)
    [row] = [row for row in built["streets"] if row["code"] == EAST]
    assert {name: east["kpis"][name] for name in ("open", "overdue", "today_reported")} == {
        name: row[name] for name in ("open", "overdue", "today_reported")}
    assert east["kpis"]["today_resolved"] == 1
    assert east["kpis"]["month_closure"] == row["closure"]


def test_the_streets_walls_add_up_to_the_district_wall(session, two_streets):
    built = snapshot.build(session, NOW, SHANGHAI)
    walls = built["street_walls"].values()
    for name in ("today_reported", "today_resolved", "open", "due_soon", "overdue",
                 "response_overdue", "parked", "alerts"):
        assert sum(wall["kpis"][name] for wall in walls) == built["kpis"][name], name
    assert built["kpis"]["alerts"] == len(built["duty"]["alerts"])
    for name in ("reported", "resolved"):
        assert [sum(counts) for counts in zip(*(wall["trend"][name] for wall in walls),
                                              strict=True)] == built["trend"][name]
    assert sum((Counter(wall["sources"]) for wall in walls), Counter()) == \
        +Counter(built["sources"])
    totals = Counter()
    for wall in walls:
        totals.update({row["code"]: row["count"] for row in wall["categories"]})
    assert totals == {row["code"]: row["count"] for row in built["categories"]}
    opened = Counter()
    for wall in walls:
        opened.update({row["code"]: row["open"] for row in wall["departments"]})
    assert +opened == +Counter({row["code"]: row["open"] for row in built["departments"]})


def test_a_street_wall_ranks_its_communities_and_the_departments_working_in_it(
        session, two_streets):
    built = snapshot.build(session, NOW, SHANGHAI)
    east, west = built["street_walls"][EAST], built["street_walls"]["330100001"]
    assert [row["name"] for row in east["streets"]] == ["东湖社区"]
    assert [row["name"] for row in west["streets"]] == ["翠苑社区", "石桥社区"]
    assert east["streets"][0]["open"] == east["kpis"]["open"]
    assert sum(row["open"] for row in west["streets"]) == west["kpis"]["open"]
    # The construction report is not dispatched: only the water bureau works in the east.
    assert [(row["short_name"], row["open"]) for row in east["departments"]] == [("水利", 3)]


def test_a_street_with_nothing_has_a_calm_wall(session, two_streets):
    quiet = Street(district=two_streets.district, code="330100009", name="静安街道",
                   kind="street")
    session.add(quiet)
    session.commit()
    wall = snapshot.build(session, NOW, SHANGHAI)["street_walls"]["330100009"]
    assert wall["kpis"]["open"] == wall["kpis"]["alerts"] == 0
    assert wall["map"] == {"open": {}, "overdue": {}} and wall["ticker"] == []
    assert wall["streets"] == [] and wall["departments"] == []
    assert wall["kpis"]["month_closure"] == {"numerator": 0, "denominator": 0}


def test_the_ticker_holds_a_hundred_alerts_and_the_count_all_of_them(session, rules):
    place = town(session)
    many(session, rules, place, 200)
    for at in (NOW - timedelta(hours=20), NOW):
        alerts.scan(session, at, alerts.Policy())
    session.commit()
    built = snapshot.build(session, NOW, SHANGHAI)
    assert len(built["ticker"]) == parts.TICKER_LENGTH == 100
    assert built["kpis"]["alerts"] > parts.TICKER_LENGTH
    assert built["kpis"]["alerts"] == sum(
        built["kpis"][kind] for kind in ("due_soon", "overdue", "response_overdue"))
