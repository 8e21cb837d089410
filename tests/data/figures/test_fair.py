"""The rules that keep the figures honest (PRODUCT §6): decided cases only, a month that keeps
its figures, an extension granted late that is not on time, counts that agree with their
rates."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from data import figures
from data.figures import Rate, periods
from data.incidents import detail, holds, moves
from data.incidents.trail import InvalidMove
from data.live import snapshot
from data.models import Event
from data.places import scopes
from tests.data.figures.plans import plan_of
from tests.factories import CENTRE, DEPARTMENT, SHANGHAI, handled, local, reported, town

MINUTE, HOUR = timedelta(minutes=1), timedelta(hours=1)
NOVEMBER = periods.parse("2025-11-01..2025-11-30", local(2026, 1, 1), SHANGHAI)
OCTOBER = periods.parse("2025-10-01..2025-10-31", local(2026, 1, 1), SHANGHAI)
NOW_COUNTS = ("open_now", "due_soon_now", "overdue_now", "parked_now")


def of_the_period(got: dict) -> dict:
    """The figures of a period, without the counts of now (which follow now, whatever the
    period)."""
    return {name: value for name, value in got.items() if name not in NOW_COUNTS}


def test_a_weekend_dispatch_not_yet_signed_is_not_counted_late_until_its_deadline(
        session, rules):
    place = town(session)
    # Friday 7 November 2025, 17:50: signing within one working hour is due on Monday.
    weekend = handled(session, rules, place, local(2025, 11, 7, 17, 50), item="street")
    signed = handled(session, rules, place, local(2025, 11, 7, 10), item="street",
                     signed=10 * MINUTE)
    session.commit()
    deadline = weekend.response_deadline.astimezone(SHANGHAI)
    assert deadline.date().isoformat() == "2025-11-10"
    sunday = local(2025, 11, 9, 12)
    got = figures.compute(session, scopes.DISTRICT, NOVEMBER, sunday)
    # Two dispatched, one decided (signed on time): 100 %, not 50 %.
    assert (got["dispatched"], got["response_rate"]) == (2, Rate(1, 1))
    # On Monday the deadline passes unsigned: now it is decided, late.
    monday = weekend.response_deadline + MINUTE
    got = figures.compute(session, scopes.DISTRICT, NOVEMBER, monday)
    assert got["response_rate"] == Rate(1, 2)
    # A late sign afterwards does not change the verdict, nor count twice.
    moves.sign(session, weekend, DEPARTMENT, at=monday + HOUR)
    session.commit()
    got = figures.compute(session, scopes.DISTRICT, NOVEMBER, local(2025, 12, 1))
    assert got["response_rate"] == Rate(1, 2)
    assert signed.signed_at is not None


def test_a_response_deadline_in_the_next_month_is_decided_there(session, rules):
    place = town(session)
    # Sunday 30 November, 20:00: the response is due on Monday 1 December.
    late = handled(session, rules, place, local(2025, 11, 30, 20), item="street")
    session.commit()
    december = periods.parse("2025-12-01..2025-12-31", local(2026, 1, 1), SHANGHAI)
    after = late.response_deadline + MINUTE
    november = figures.compute(session, scopes.DISTRICT, NOVEMBER, after)
    assert (november["dispatched"], november["response_rate"]) == (1, Rate(0, 0))
    got = figures.compute(session, scopes.DISTRICT, december, after)
    assert (got["dispatched"], got["response_rate"]) == (0, Rate(0, 1))


def october(session, rules):
    """An October with something of every kind that November can still change."""
    place = town(session)
    day = lambda d, h, m=0: local(2025, 10, d, h, m)  # noqa: E731
    redone = handled(session, rules, place, day(20, 10), signed=MINUTE)
    moves.resolve(session, redone, DEPARTMENT, at=day(20, 12))  # on time
    parked = handled(session, rules, place, day(28, 10), signed=MINUTE)
    holds.park(session, parked, CENTRE, reason="需财政立项", at=day(28, 12))  # due 29th
    overdue = handled(session, rules, place, day(27, 10), signed=MINUTE)  # due 28th
    asked = handled(session, rules, place, day(30, 10), signed=MINUTE)  # due 31st 10:00
    holds.request_extension(session, asked, DEPARTMENT, amount=2, unit="work_days",
                            reason="需协调物业", at=day(30, 20))
    unsigned = handled(session, rules, place, day(31, 23, 45))  # response due 1 November
    pending = reported(session, rules, place, at=day(31, 22))  # decided in November
    session.commit()
    return place, {"redone": redone, "parked": parked, "overdue": overdue, "asked": asked,
                   "unsigned": unsigned, "pending": pending}


def test_a_month_keeps_its_figures_after_returns_resumes_and_late_moves(session, rules):
    place, made = october(session, rules)
    end = OCTOBER.end
    at_its_end = figures.compute(session, scopes.DISTRICT, OCTOBER, end)
    by_department = figures.compute_by(session, "department", OCTOBER, end)
    assert (at_its_end["due"], at_its_end["closure_rate"], at_its_end["on_time_rate"],
            at_its_end["response_rate"], at_its_end["extension_rate"]) == (
        4, Rate(1, 4), Rate(1, 4), Rate(4, 4), Rate(0, 5))
    november = lambda d, h: local(2025, 11, d, h)  # noqa: E731
    moves.rework(session, made["redone"], CENTRE, reason="现场仍有积水", at=november(1, 9))
    holds.resume(session, made["parked"], CENTRE, rules, at=november(2, 9))
    moves.resolve(session, made["overdue"], DEPARTMENT, at=november(2, 10))  # late
    holds.grant_extension(session, made["asked"], CENTRE, rules, at=november(3, 9))  # late
    moves.sign(session, made["unsigned"], DEPARTMENT, at=november(3, 10))  # late
    moves.accept(session, made["pending"], CENTRE, at=november(1, 8))
    session.commit()
    later = local(2025, 12, 6)
    again = figures.compute(session, scopes.DISTRICT, OCTOBER, later)
    assert of_the_period(again) == of_the_period(at_its_end)
    assert {code: of_the_period(row) for code, row in
            figures.compute_by(session, "department", OCTOBER, later).items()} == {
        code: of_the_period(row) for code, row in by_department.items()}
    # What happened in November is counted in November.
    got = figures.compute(session, scopes.DISTRICT, NOVEMBER, later)
    assert (got["accepted"], got["acceptance_rate"], got["response_rate"]) == (
        1, Rate(1, 1), Rate(0, 1))


def test_a_request_made_in_time_and_granted_late_counts_but_is_not_on_time(session, rules):
    """PRODUCT §6: a request made before the deadline may be granted after it; the deadline
    moves and the extension counts, but the incident is due once, by the deadline it
    missed, and not on time for it, even resolved before the new deadline."""
    place = town(session)
    timely = handled(session, rules, place, local(2025, 11, 3, 10), signed=MINUTE)
    late = handled(session, rules, place, local(2025, 11, 3, 10), signed=MINUTE, grid=1)
    for each in (timely, late):
        holds.request_extension(session, each, DEPARTMENT, amount=1, unit="work_days",
                                reason="需协调物业", at=local(2025, 11, 4, 8))
    missed = late.resolution_deadline
    holds.grant_extension(session, timely, CENTRE, rules, at=missed - MINUTE)
    holds.grant_extension(session, late, CENTRE, rules, at=missed + HOUR)
    session.commit()
    assert late.resolution_deadline > missed + HOUR and late.extension_count == 1
    grant = session.scalar(select(Event).where(Event.incident_id == late.id,
                                               Event.kind == "grant_extension"))
    assert (grant.data["late"], grant.data["judged"]) == (True, missed.isoformat())
    assert "late" not in session.scalar(select(Event.data).where(
        Event.incident_id == timely.id, Event.kind == "grant_extension"))
    assert [e["late"] for e in detail.events(session, late.id)
            if e["kind"] == "grant_extension"] == [True]  # the incident page says so
    for each in (timely, late):  # both before the deadline the grant set
        moves.resolve(session, each, DEPARTMENT, at=missed + 2 * HOUR)
    session.commit()
    assert late.resolution_deadline > missed + 2 * HOUR  # by the working deadline, in time
    got = figures.compute(session, scopes.DISTRICT, NOVEMBER, local(2026, 1, 1))
    assert (got["due"], got["on_time_rate"], got["closure_rate"], got["extension_rate"]) == (
        2, Rate(1, 2), Rate(2, 2), Rate(2, 2))
    # The late one's grid on the missed deadline's day, counted before the grant and long
    # after the grant and the resolution: the same verdict.
    date = missed.astimezone(SHANGHAI).date()
    day = periods.parse(f"{date}..{date}", local(2026, 1, 1), SHANGHAI)
    grid = scopes.parse(f"grid:{place.grids[1].code}")
    for now in (missed + MINUTE, local(2026, 1, 1)):
        counted = figures.compute(session, grid, day, now)
        assert (counted["due"], counted["on_time_rate"]) == (1, Rate(0, 1)), now


def test_a_late_grant_left_unresolved_is_due_once_by_the_deadline_it_missed(session, rules):
    place = town(session)
    asked = handled(session, rules, place, local(2025, 11, 3, 10), signed=MINUTE)
    holds.request_extension(session, asked, DEPARTMENT, amount=1, unit="work_days",
                            reason="需协调物业", at=local(2025, 11, 4, 8))
    missed = asked.resolution_deadline
    holds.grant_extension(session, asked, CENTRE, rules, at=missed + HOUR)
    # A second request, in time for the new deadline, granted in time for it: still late.
    holds.request_extension(session, asked, DEPARTMENT, amount=1, unit="work_days",
                            reason="仍需协调", at=missed + 2 * HOUR)
    holds.grant_extension(session, asked, CENTRE, rules, at=missed + 3 * HOUR)
    session.commit()
    assert asked.extension_count == 2
    got = figures.compute(session, scopes.DISTRICT, NOVEMBER, local(2026, 1, 1))
    assert (got["due"], got["on_time_rate"], got["closure_rate"]) == (
        1, Rate(0, 1), Rate(0, 1))
    moves.resolve(session, asked, DEPARTMENT, at=missed + 4 * HOUR)
    session.commit()
    got = figures.compute(session, scopes.DISTRICT, NOVEMBER, local(2026, 1, 1))
    assert (got["due"], got["on_time_rate"], got["closure_rate"]) == (
        1, Rate(0, 1), Rate(1, 1))


def test_more_time_is_asked_for_before_the_deadline(session, rules):
    place = town(session)
    late = handled(session, rules, place, local(2025, 11, 5, 10), signed=MINUTE)
    session.commit()
    events = session.scalar(select(func.count(Event.id)))
    with pytest.raises(InvalidMove, match="more time is asked for before the deadline"):
        holds.request_extension(session, late, DEPARTMENT, amount=1, unit="work_days",
                                reason="需协调物业", at=late.resolution_deadline + HOUR)
    session.rollback()
    assert session.scalar(select(func.count(Event.id))) == events


def test_the_accepted_count_is_the_acceptance_rates_numerator(session, rules):
    place = town(session)
    # Reported in October, accepted in November; reported in November, accepted then or
    # rejected or still waiting at the month's end.
    old = reported(session, rules, place, at=local(2025, 10, 31, 23))
    moves.accept(session, old, CENTRE, at=local(2025, 11, 1, 9))
    for hour in (9, 10):
        moves.accept(session, reported(session, rules, place, at=local(2025, 11, 3, hour)),
                     CENTRE, at=local(2025, 11, 3, hour, 5))
    rejected = reported(session, rules, place, at=local(2025, 11, 4, 9))
    moves.reject(session, rejected, CENTRE, reason="不属于受理范围", at=local(2025, 11, 4, 9, 5))
    reported(session, rules, place, at=local(2025, 11, 30, 23))  # not decided by the end
    session.commit()
    got = figures.compute(session, scopes.DISTRICT, NOVEMBER, local(2025, 12, 5))
    assert (got["reported"], got["accepted"], got["acceptance_rate"]) == (4, 3, Rate(3, 4))
    assert got["acceptance_rate"].numerator == got["accepted"]


def test_the_live_tiles_are_the_months_figures_and_leave_the_weekend_undecided(
        session, rules):
    place = town(session)
    handled(session, rules, place, local(2025, 11, 7, 17, 50), item="street")  # due Monday
    handled(session, rules, place, local(2025, 11, 7, 10), item="street", signed=10 * MINUTE)
    handled(session, rules, place, local(2025, 11, 6, 10), item="street", signed=3 * HOUR)
    session.commit()
    sunday = local(2025, 11, 9, 12)
    built = snapshot.build(session, sunday, SHANGHAI)
    month = periods.parse("month", sunday, SHANGHAI)
    district = figures.compute(session, scopes.DISTRICT, month, sunday)
    assert built["kpis"]["month_response"] == district["response_rate"].as_dict() == {
        "numerator": 1, "denominator": 2}
    for key, name in (("month_closure", "closure_rate"), ("month_on_time", "on_time_rate"),
                      ("month_satisfaction", "satisfaction_rate")):
        assert built["kpis"][key] == district[name].as_dict()
    street = figures.compute(session, scopes.parse(f"street:{place.street.code}"), month, sunday)
    assert built["street_walls"][place.street.code]["kpis"]["month_response"] == \
        street["response_rate"].as_dict()


def test_the_response_deadlines_of_a_period_are_found_through_their_index(session, rules):
    """However long the history, the responses decided late are found from the response
    deadline index, never by reading every dispatch."""
    handled(session, rules, town(session), local(2025, 11, 7, 10), item="street")
    session.commit()
    plan = plan_of(session, NOVEMBER, local(2025, 12, 1), "response_rate")
    assert "ix_events_response_deadline" in plan
