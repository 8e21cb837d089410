"""Every figure of PRODUCT §6, counted from the trail of a small November with known answers."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy.orm import Session

from data import figures
from data.domain import Level, Rating
from data.figures import Rate, periods
from data.incidents import holds, moves
from data.live import snapshot
from data.models import Community, Grid, Incident, Street
from data.places import scopes
from tests.data.figures.plans import plan_of
from tests.factories import CENTRE, DEPARTMENT, SHANGHAI, Town, handled, local, reported, square
from tests.factories import town as tiny_town

NOVEMBER = periods.parse("2025-11-01..2025-11-30", local(2026, 1, 1), SHANGHAI)
NOW = local(2025, 12, 10, 12, 0)
MINUTE = timedelta(minutes=1)
SATISFIED = moves.Callback(True, True, Rating.SATISFIED)


def closed(session: Session, incident: Incident, at: datetime, callback: moves.Callback) -> None:
    """Resolve (unless resolved), verify and close at `at`, a minute apart."""
    if incident.resolved_at is None:
        moves.resolve(session, incident, DEPARTMENT, at=at)
    moves.verify(session, incident, CENTRE, at=at + MINUTE)
    moves.close(session, incident, CENTRE, callback=callback, at=at + 2 * MINUTE)


def town(session: Session) -> Town:
    """The tiny district, with a second street of one grid as its fourth grid."""
    place = tiny_town(session)
    street = Street(district=place.district, code="330100002", name="江南街道", kind="street")
    community = Community(street=street, code="330100002001", name="江南社区", kind="community")
    grid = Grid(community=community, code="330100002001001", name="江南第1网格",
                boundary=square(120.0, 30.01), lon=120.005, lat=30.015)
    session.add(grid)
    session.flush()
    place.grids.append(grid)
    return place


@pytest.fixture
def november(session: Session, rules: moves.Rules) -> Town:
    """Floods (sign in 30 min, resolve in 24 h, lead D03) and a street matter, around November."""
    place = town(session)

    def day(d: int, h: int, m: int = 0) -> datetime:
        return local(2025, 11, d, h, m)

    on_time = handled(session, rules, place, day(3, 10), signed=10 * MINUTE)
    moves.resolve(session, on_time, DEPARTMENT, at=day(3, 20))
    closed(session, on_time, day(4, 9), SATISFIED)
    # Co-handled by D02 (协办): counted for the lead, D03, only.
    late = reported(session, rules, place, at=day(10, 10), item="flood")
    moves.accept(session, late, CENTRE, at=day(10, 10))
    moves.dispatch(session, late, CENTRE, rules, lead=place.departments["D03"],
                   co=[place.departments["D02"]], at=day(10, 10))
    moves.sign(session, late, DEPARTMENT, at=day(10, 11))  # an hour: late
    closed(session, late, day(12, 10), moves.Callback(True, False, Rating.DISSATISFIED))
    handled(session, rules, place, day(20, 10))  # never signed, never resolved
    october = handled(session, rules, place, local(2025, 10, 30, 10), signed=10 * MINUTE)
    moves.resolve(session, october, DEPARTMENT, at=local(2025, 10, 30, 20))
    early = handled(session, rules, place, day(30, 12), signed=5 * MINUTE)  # due 1 Dec 12:00
    closed(session, early, day(30, 20), moves.Callback(False))
    parked = handled(session, rules, place, day(25, 10), signed=10 * MINUTE)
    holds.park(session, parked, CENTRE, reason="需财政立项", at=day(25, 12))
    on_the_spot = reported(session, rules, place, at=day(15, 10), item="street")
    moves.accept(session, on_the_spot, CENTRE, at=day(15, 10))
    moves.self_handle(session, on_the_spot, CENTRE, level=Level.GRID, at=day(15, 10, 30))
    closed(session, on_the_spot, day(15, 11), moves.Callback(True, True, Rating.BASIC))
    # The street matter, south of the river: sign within 1 working hour, resolve within 5.
    handled(session, rules, place, day(18, 10), item="street", grid=3, signed=20 * MINUTE)
    rejected = reported(session, rules, place, at=day(21, 9))
    moves.reject(session, rejected, CENTRE, reason="不属于受理范围", at=day(21, 9, 5))
    handled(session, rules, place, local(2025, 12, 1, 0, 30), signed=MINUTE)  # December's
    session.commit()
    return place


def test_rate_is_its_parts_and_has_no_value_when_nothing_was_counted():
    assert Rate(3, 4).value == 0.75
    assert Rate(3, 4).as_dict() == {"numerator": 3, "denominator": 4}
    assert Rate(0, 0).value is None


def test_every_figure_of_the_district_in_november(session, november):
    got = figures.compute(session, scopes.DISTRICT, NOVEMBER, NOW)
    assert list(got) == list(figures.NAMES)
    assert got == {
        "reported": 8, "accepted": 7,
        "acceptance_rate": Rate(7, 8),  # the rejected report
        "dispatched": 6,
        "response_rate": Rate(4, 6),  # signed an hour late; never signed
        # Resolved on time in November (3rd, 30th early), deadline in November and not
        # resolved on time (late, never, parked, the street matter).
        "due": 6, "closure_rate": Rate(3, 6), "on_time_rate": Rate(2, 6),
        "solved_rate": Rate(2, 3),  # one reporter not reached
        "satisfaction_rate": Rate(2, 3),  # satisfied, basically satisfied; dissatisfied
        "rework_rate": Rate(0, 4), "extension_rate": Rate(0, 6),
        "local_rate": Rate(1, 4),  # handled on the spot by the grid
        "mean_handling_hours": pytest.approx((10 + 48 + 8) / 3),
        "open_now": 3, "due_soon_now": 0, "overdue_now": 3, "parked_now": 1,
        "composite_score": pytest.approx(100 * (0.30 * 4 / 6 + 0.35 * 2 / 3 + 0.35 * 2 / 3)),
    }


def test_a_lead_department_is_counted_and_a_co_handling_one_is_not(session, november):
    water = figures.compute(session, scopes.parse("department:D03"), NOVEMBER, NOW)
    assert {name: water[name] for name in (
        "reported", "accepted", "acceptance_rate", "dispatched", "response_rate", "due",
        "closure_rate", "on_time_rate", "solved_rate", "satisfaction_rate", "local_rate",
        "open_now", "parked_now")} == {
        "reported": None, "accepted": None, "acceptance_rate": None, "dispatched": 5,
        "response_rate": Rate(3, 5), "due": 5, "closure_rate": Rate(3, 5),
        "on_time_rate": Rate(2, 5), "solved_rate": Rate(1, 2), "satisfaction_rate": Rate(1, 2),
        "local_rate": None, "open_now": 2, "parked_now": 1}
    police = figures.compute(session, scopes.parse("department:D02"), NOVEMBER, NOW)
    assert (police["dispatched"], police["due"], police["solved_rate"], police["open_now"]) == (
        0, 0, Rate(0, 0), 0)
    assert police["composite_score"] is None  # nothing weighted was counted


def test_places_count_the_incidents_of_their_grids(session, november):
    south = figures.compute(session, scopes.parse("street:330100002"), NOVEMBER, NOW)
    assert (south["reported"], south["dispatched"], south["response_rate"], south["due"],
            south["closure_rate"], south["local_rate"], south["overdue_now"]) == (
        1, 1, Rate(1, 1), 1, Rate(0, 1), Rate(0, 0), 1)
    grid = figures.compute(session, scopes.parse("grid:330100001001001"), NOVEMBER, NOW)
    assert (grid["reported"], grid["dispatched"], grid["rework_rate"], grid["local_rate"]) == (
        7, 5, Rate(0, 4), None)  # PRODUCT §6 rates local resolution for streets only
    community = figures.compute(session, scopes.parse("community:330100001002"), NOVEMBER, NOW)
    assert (community["reported"], community["due"], community["open_now"]) == (0, 0, 0)


def test_by_unit_every_unit_is_there_with_its_own_figures(session, november):
    by_department = figures.compute_by(session, "department", NOVEMBER, NOW)
    assert list(by_department) == ["D01", "D02", "D03"]
    assert [(row["dispatched"], row["due"], row["on_time_rate"], row["satisfaction_rate"])
            for row in by_department.values()] == [
        (1, 1, Rate(0, 1), Rate(0, 0)), (0, 0, Rate(0, 0), Rate(0, 0)),
        (5, 5, Rate(2, 5), Rate(1, 2))]
    assert by_department["D03"] == figures.compute(
        session, scopes.parse("department:D03"), NOVEMBER, NOW)
    by_street = figures.compute_by(session, "street", NOVEMBER, NOW)
    assert {code: (row["reported"], row["closure_rate"], row["local_rate"])
            for code, row in by_street.items()} == {
        "330100001": (7, Rate(3, 5), Rate(1, 4)), "330100002": (1, Rate(0, 1), Rate(0, 0))}
    grids = figures.compute_by(session, "grid", NOVEMBER, NOW,
                               within=scopes.parse("street:330100001"))
    assert {code: row["reported"] for code, row in grids.items()} == {
        "330100001001001": 7, "330100001001002": 0, "330100001002003": 0}
    streets_for_water = figures.compute_by(session, "street", NOVEMBER, NOW,
                                           within=scopes.parse("department:D03"))
    assert {code: (row["dispatched"], row["reported"], row["local_rate"])
            for code, row in streets_for_water.items()} == {
        "330100001": (5, None, None), "330100002": (0, None, None)}


def test_a_period_with_nothing_in_it_has_rates_without_value(session, november):
    january = periods.parse("2026-01-01..2026-01-31", NOW, SHANGHAI)
    got = figures.compute(session, scopes.DISTRICT, january, local(2026, 2, 1))
    rates = {name: value for name, value in got.items() if isinstance(value, Rate)}
    assert rates and all(rate == Rate(0, 0) and rate.value is None for rate in rates.values())
    assert (got["reported"], got["due"], got["mean_handling_hours"], got["composite_score"]) == (
        0, 0, None, None)


def test_figures_are_counted_as_the_trail_stood_at_now(session, november):
    # At noon on 25 November: the deadlines of the 11th, 18th and 21st had fallen, the
    # parked one's (26th) not yet, and nothing of the 30th had happened.
    got = figures.compute(session, scopes.DISTRICT, NOVEMBER, local(2025, 11, 25, 12, 30))
    assert (got["reported"], got["dispatched"], got["due"], got["closure_rate"],
            got["on_time_rate"], got["solved_rate"]) == (
        7, 5, 4, Rate(2, 4), Rate(1, 4), Rate(2, 3))


def test_composite_score_follows_the_weights_given(session, november):
    got = figures.compute(session, scopes.DISTRICT, NOVEMBER, NOW,
                          weights={"on_time_rate": 0.5, "closure_rate": 0.5})
    assert got["composite_score"] == pytest.approx(100 * (0.5 * 2 / 6 + 0.5 * 3 / 6))
    with pytest.raises(ValueError, match="sum to 90"):
        figures.compute(session, scopes.DISTRICT, NOVEMBER, NOW, weights={"response_rate": 0.9})


def test_only_the_figures_asked_for_are_counted(session, november):
    got = figures.compute(session, scopes.DISTRICT, NOVEMBER, NOW,
                          only=("due", "closure_rate"))
    assert got == {"due": 6, "closure_rate": Rate(3, 6)}
    with pytest.raises(ValueError, match="no figure named dues"):
        figures.compute(session, scopes.DISTRICT, NOVEMBER, NOW, only=("dues",))


def test_an_unknown_unit_is_refused_not_counted_as_empty(session, november):
    with pytest.raises(scopes.UnknownScope, match="no street with code 330100009"):
        figures.compute(session, scopes.parse("street:330100009"), NOVEMBER, NOW)
    with pytest.raises(ValueError, match="naive time"):
        figures.compute(session, scopes.DISTRICT, NOVEMBER, datetime(2025, 12, 10))


def test_the_deadlines_of_a_period_are_found_through_their_index(session, november):
    """However long the history, the due are found from the deadlines index, never by
    reading every dispatch (SQLite uses an index on an expression only when spelt alike)."""
    assert "ix_events_deadline" in plan_of(session, NOVEMBER, NOW, "due")


def test_the_walls_month_rates_are_the_months_figures(session, november):
    now = local(2025, 11, 25, 12, 30)
    rates = snapshot.month_rates(session, now, SHANGHAI)
    month = figures.compute(session, scopes.DISTRICT, periods.parse("month", now, SHANGHAI), now)
    assert rates["month"] == "2025-10-31T16:00:00+00:00"
    assert rates["district"] == {
        "month_response": month["response_rate"].as_dict(),
        "month_closure": month["closure_rate"].as_dict(),
        "month_on_time": month["on_time_rate"].as_dict(),
        "month_satisfaction": month["satisfaction_rate"].as_dict()}
    # By id, and only the units with anything counted: the police (D02) only co-handled.
    water, city = november.departments["D03"].id, november.departments["D01"].id
    assert rates["departments"] == {
        "response": {water: {"numerator": 2, "denominator": 4},
                     city: {"numerator": 1, "denominator": 1}},
        "on_time": {water: {"numerator": 1, "denominator": 3},
                    city: {"numerator": 0, "denominator": 1}}}
    assert rates["streets"] == {"closure": {november.street.id: {"numerator": 2, "denominator": 3},
                                            november.grids[3].community.street.id: {
                                                "numerator": 0, "denominator": 1}}}
