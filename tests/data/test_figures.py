"""The month's rates, counted from a small November whose answers are known."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy.orm import Session

from data import figures, holds, moves
from data.domain import Level, Rating
from data.figures import Rate
from data.models import Community, Grid, Incident, Street
from tests.factories import CENTRE, DEPARTMENT, Town, handled, local, reported, square, town

NOVEMBER = (local(2025, 11, 1), local(2025, 12, 1))
MINUTE = timedelta(minutes=1)


def closed(session: Session, incident: Incident, at: datetime, callback: moves.Callback) -> None:
    """Resolve (unless resolved), verify and close at `at`, a minute apart."""
    if incident.resolved_at is None:
        moves.resolve(session, incident, DEPARTMENT, at=at)
    moves.verify(session, incident, CENTRE, at=at + MINUTE)
    moves.close(session, incident, CENTRE, callback=callback, at=at + 2 * MINUTE)


def other_street(session: Session, place: Town) -> Street:
    """Add a second street with one grid, as the town's fourth grid."""
    street = Street(district=place.district, code="330100002", name="江南街道", kind="street")
    community = Community(street=street, code="330100002001", name="江南社区", kind="community")
    grid = Grid(community=community, code="330100002001001", name="江南第1网格",
                boundary=square(120.0, 30.01), lon=120.005, lat=30.015)
    session.add(grid)
    session.flush()
    place.grids.append(grid)
    return street


@pytest.fixture
def november(session: Session, rules: moves.Rules) -> tuple[Town, Street]:
    """Flood reports (sign in 30 min, resolve in 24 h) and two others, around November 2025."""
    place = town(session)
    south = other_street(session, place)

    def day(d: int, h: int, m: int = 0) -> datetime:
        return local(2025, 11, d, h, m)

    satisfied = moves.Callback(True, True, Rating.SATISFIED)

    on_time = handled(session, rules, place, day(3, 10), signed=10 * MINUTE)
    moves.resolve(session, on_time, DEPARTMENT, at=day(3, 20))
    closed(session, on_time, day(4, 9), satisfied)
    late = handled(session, rules, place, day(10, 10), signed=60 * MINUTE)
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
    # The street item: sign within 1 working hour, resolve within 5 (due 16:30 the same day).
    handled(session, rules, place, day(18, 10), item="street", grid=3, signed=20 * MINUTE)
    handled(session, rules, place, local(2025, 12, 1, 0, 30), signed=MINUTE)  # December's
    session.commit()
    return place, south


def test_rate_is_its_parts_and_has_no_value_when_nothing_was_counted():
    assert Rate(3, 4).value == 0.75
    assert Rate(3, 4).as_dict() == {"numerator": 3, "denominator": 4}
    assert Rate(0, 0).value is None


def test_response_rate_counts_the_months_dispatches_signed_within_the_limit(session, november):
    assert figures.response_rate(session, *NOVEMBER) == Rate(4, 6)


def test_closure_rate_counts_deadlines_in_the_month_and_early_resolutions(session, november):
    assert figures.closure_rate(session, *NOVEMBER) == Rate(3, 6)


def test_on_time_rate_counts_only_the_due_resolved_by_their_deadline(session, november):
    assert figures.on_time_rate(session, *NOVEMBER) == Rate(2, 6)


def test_satisfaction_rate_counts_rated_callbacks_of_the_months_closures(session, november):
    assert figures.satisfaction_rate(session, *NOVEMBER) == Rate(2, 3)


def test_rates_narrow_to_a_lead_department(session, november):
    place, _ = november
    city, water = place.departments["D01"].id, place.departments["D03"].id
    rates = (figures.response_rate, figures.closure_rate, figures.on_time_rate,
             figures.satisfaction_rate)
    assert [rate(session, *NOVEMBER, department_id=water) for rate in rates] == [
        Rate(3, 5), Rate(3, 5), Rate(2, 5), Rate(1, 2)]
    assert [rate(session, *NOVEMBER, department_id=city) for rate in rates] == [
        Rate(1, 1), Rate(0, 1), Rate(0, 1), Rate(0, 0)]
    assert figures.satisfaction_rate(session, *NOVEMBER, department_id=city).value is None


def test_rates_narrow_to_a_street(session, november):
    place, south = november
    rates = (figures.response_rate, figures.closure_rate, figures.on_time_rate,
             figures.satisfaction_rate)
    assert [rate(session, *NOVEMBER, street_id=place.street.id) for rate in rates] == [
        Rate(3, 5), Rate(3, 5), Rate(2, 5), Rate(2, 3)]
    assert [rate(session, *NOVEMBER, street_id=south.id) for rate in rates] == [
        Rate(1, 1), Rate(0, 1), Rate(0, 1), Rate(0, 0)]


def test_rates_by_street_or_department_list_each_with_anything_counted(session, november):
    place, south = november
    city, water = place.departments["D01"].id, place.departments["D03"].id
    assert figures.response_rates(session, *NOVEMBER, by="department") == {
        water: Rate(3, 5), city: Rate(1, 1)}
    assert figures.on_time_rates(session, *NOVEMBER, by="department") == {
        water: Rate(2, 5), city: Rate(0, 1)}
    assert figures.closure_rates(session, *NOVEMBER, by="street") == {
        place.street.id: Rate(3, 5), south.id: Rate(0, 1)}
    # The matter handled on the spot has no lead department: it counts for its street only.
    assert figures.satisfaction_rates(session, *NOVEMBER, by="department") == {water: Rate(1, 2)}
    assert figures.satisfaction_rates(session, *NOVEMBER, by="street") == {
        place.street.id: Rate(2, 3)}


def test_a_parked_incident_whose_deadline_falls_in_the_period_is_due(session, rules):
    place = town(session)
    parked = handled(session, rules, place, local(2025, 11, 25, 10), signed=MINUTE)
    holds.park(session, parked, CENTRE, reason="需财政立项", at=local(2025, 11, 25, 12))
    session.commit()
    assert figures.closure_rate(session, *NOVEMBER) == Rate(0, 1)
    assert figures.on_time_rate(session, *NOVEMBER) == Rate(0, 1)


def test_a_month_with_nothing_in_it_has_rates_without_value(session, november):
    january = (local(2026, 1, 1), local(2026, 2, 1))
    for rate in (figures.response_rate, figures.closure_rate, figures.on_time_rate,
                 figures.satisfaction_rate):
        assert rate(session, *january) == Rate(0, 0)


def test_rates_are_given_by_street_or_department_only(session):
    with pytest.raises(ValueError, match="by street or by department"):
        figures.response_rates(session, *NOVEMBER, by="grid")
