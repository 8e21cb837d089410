"""The figures through each move that bends an incident's life: holidays, extensions, parking,
returns, send-backs, and every kind of callback."""

from __future__ import annotations

from datetime import timedelta

import pytest

from data import figures
from data.domain import Rating
from data.figures import Rate, periods
from data.incidents import holds, moves
from data.places import scopes
from tests.factories import CENTRE, DEPARTMENT, SHANGHAI, handled, local, reported, town

MINUTE, HOUR = timedelta(minutes=1), timedelta(hours=1)


def month(year: int, number: int) -> periods.Period:
    return periods.parse("month", local(year, number, 15), SHANGHAI)


def count(session, period, now, *names, scope="district"):
    got = figures.compute(session, scopes.parse(scope), period, now)
    return tuple(got[name] for name in names)


def test_a_deadline_over_national_day_falls_due_in_october_and_is_met_on_the_first_workday(
        session, rules):
    place = town(session)
    # Resolve within 5 working hours from 16:00 on 30 September: 1.5 that day, then nothing
    # until the holiday ends (1-8 October), so the deadline is 14:00 on 9 October.
    met = handled(session, rules, place, local(2025, 9, 30, 16), item="street", signed=MINUTE)
    handled(session, rules, place, local(2025, 9, 30, 16), item="street")  # never resolved
    assert met.resolution_deadline == local(2025, 10, 9, 14)
    moves.resolve(session, met, DEPARTMENT, at=local(2025, 10, 9, 13))
    session.commit()
    now = local(2025, 11, 1)
    names = ("dispatched", "due", "closure_rate", "on_time_rate", "mean_handling_hours")
    assert count(session, month(2025, 9), now, *names) == (2, 0, Rate(0, 0), Rate(0, 0), None)
    assert count(session, month(2025, 10), now, *names) == (
        0, 2, Rate(1, 2), Rate(1, 2), pytest.approx(9 * 24 - 3))
    assert count(session, month(2025, 10), now, "overdue_now") == (1,)


def test_an_adjusted_working_saturday_keeps_the_clock_running(session, rules):
    place = town(session)
    # 11 October 2025 is a Saturday worked in exchange for the holiday (调休): signing an
    # hour and a half after a 10:00 dispatch is late, as on any working day.
    saturday = handled(session, rules, place, local(2025, 10, 11, 10), item="street",
                       signed=90 * MINUTE)
    moves.resolve(session, saturday, DEPARTMENT, at=local(2025, 10, 11, 17))
    session.commit()
    assert saturday.resolution_deadline == local(2025, 10, 11, 16, 30)
    assert count(session, month(2025, 10), local(2025, 11, 1), "response_rate", "due",
                 "closure_rate", "on_time_rate") == (Rate(0, 1), 1, Rate(1, 1), Rate(0, 1))


def test_a_granted_extension_moves_the_deadline_into_the_next_month_and_is_counted(
        session, rules):
    place = town(session)
    stretched = handled(session, rules, place, local(2025, 11, 29, 10), signed=MINUTE)
    refused = handled(session, rules, place, local(2025, 11, 29, 10), signed=MINUTE)
    for incident in (stretched, refused):
        holds.request_extension(session, incident, DEPARTMENT, amount=2, unit="work_days",
                                reason="需协调物业", at=local(2025, 11, 29, 12))
    holds.grant_extension(session, stretched, CENTRE, rules, at=local(2025, 11, 29, 13))
    holds.refuse_extension(session, refused, CENTRE, reason="可按期完成",
                           at=local(2025, 11, 29, 13))
    session.commit()
    assert stretched.resolution_deadline.astimezone(SHANGHAI).month == 12
    now = local(2026, 1, 1)
    assert count(session, month(2025, 11), now, "dispatched", "extension_rate", "due",
                 "closure_rate") == (2, Rate(1, 2), 1, Rate(0, 1))
    assert count(session, month(2025, 12), now, "due", "overdue_now") == (1, 2)


def test_a_parked_incident_is_due_when_its_deadline_falls_until_a_resume_moves_it(
        session, rules):
    place = town(session)
    parked = handled(session, rules, place, local(2025, 11, 25, 10), signed=MINUTE)
    holds.park(session, parked, CENTRE, reason="需财政立项", at=local(2025, 11, 25, 12))
    session.commit()
    names = ("due", "closure_rate", "parked_now", "overdue_now")
    # Parked, its deadline (26 November, 10:00) stands: it is due, and not overdue.
    assert count(session, month(2025, 11), local(2025, 12, 1), *names) == (
        1, Rate(0, 1), 1, 0)
    holds.resume(session, parked, CENTRE, rules, at=local(2025, 12, 5, 12))
    moves.resolve(session, parked, DEPARTMENT, at=local(2025, 12, 6, 9))
    session.commit()
    # Resumed after ten days, the deadline moved ten days on: due in December, met.
    assert parked.resolution_deadline == local(2025, 12, 6, 10)
    now = local(2026, 1, 1)
    assert count(session, month(2025, 12), now, "due", "on_time_rate") == (1, Rate(1, 1))
    # November has ended: the resume in December does not reach back into it.
    assert count(session, month(2025, 11), now, *names) == (1, Rate(0, 1), 0, 0)
    # Counted as one period, its last deadline is the one counted: due once, met.
    autumn = periods.parse("2025-11-01..2025-12-31", now, SHANGHAI)
    assert count(session, autumn, now, "due", "on_time_rate") == (1, Rate(1, 1))


def test_a_returned_incident_counts_once_by_its_last_resolution(session, rules):
    place = town(session)
    redone = handled(session, rules, place, local(2025, 11, 3, 10), signed=MINUTE)
    moves.resolve(session, redone, DEPARTMENT, at=local(2025, 11, 3, 12))
    moves.rework(session, redone, CENTRE, reason="现场仍有积水", at=local(2025, 11, 3, 15))
    moves.resolve(session, redone, DEPARTMENT, at=local(2025, 11, 4, 12))  # past 10:00
    pending = handled(session, rules, place, local(2025, 11, 5, 10), signed=MINUTE)
    moves.resolve(session, pending, DEPARTMENT, at=local(2025, 11, 5, 12))
    moves.rework(session, pending, CENTRE, reason="现场仍有积水", at=local(2025, 11, 5, 15))
    session.commit()
    assert count(session, month(2025, 11), local(2025, 12, 1), "rework_rate", "due",
                 "closure_rate", "on_time_rate", "mean_handling_hours") == (
        Rate(1, 1), 2, Rate(1, 2), Rate(0, 2), pytest.approx(26))


def test_a_send_back_voids_its_dispatch_and_the_right_department_is_counted(session, rules):
    place = town(session)
    wrong = reported(session, rules, place, at=local(2025, 11, 5, 10), item="flood")
    moves.accept(session, wrong, CENTRE, at=local(2025, 11, 5, 10))
    moves.dispatch(session, wrong, CENTRE, rules, lead=place.departments["D01"],
                   at=local(2025, 11, 5, 10))
    moves.sign(session, wrong, DEPARTMENT, at=local(2025, 11, 5, 10, 5))
    moves.send_back(session, wrong, DEPARTMENT, reason="不属于本部门职责",
                    at=local(2025, 11, 5, 10, 30))
    moves.dispatch(session, wrong, CENTRE, rules, lead=place.departments["D03"],
                   at=local(2025, 11, 5, 11))
    moves.sign(session, wrong, DEPARTMENT, at=local(2025, 11, 5, 11, 50))  # 50 min: late
    session.commit()
    november, now = month(2025, 11), local(2025, 12, 1)
    by_department = figures.compute_by(session, "department", november, now)
    assert {code: (row["dispatched"], row["response_rate"], row["due"])
            for code, row in by_department.items()} == {
        "D01": (0, Rate(0, 0), 0), "D02": (0, Rate(0, 0), 0), "D03": (1, Rate(0, 1), 1)}
    assert count(session, november, now, "dispatched", "due") == (1, 1)


def test_a_late_sign_stays_late_when_a_resume_moves_the_response_deadline(session, rules):
    place = town(session)
    late = handled(session, rules, place, local(2025, 11, 5, 10), signed=HOUR)
    holds.park(session, late, CENTRE, reason="需财政立项", at=local(2025, 11, 5, 12))
    holds.resume(session, late, CENTRE, rules, at=local(2025, 11, 8, 12))
    session.commit()
    assert late.signed_at <= late.response_deadline  # the incident's column has moved on
    assert count(session, month(2025, 11), local(2025, 12, 1), "response_rate") == (
        Rate(0, 1),)


def test_every_kind_of_callback_counts_where_it_belongs(session, rules):
    place = town(session)
    callbacks = [moves.Callback(True, True, Rating.SATISFIED),
                 moves.Callback(True, True, Rating.BASIC),
                 moves.Callback(True, False, Rating.DISSATISFIED),
                 moves.Callback(True, True, None),  # reached, solved, would not rate
                 moves.Callback(False)]  # no one answered
    for n, callback in enumerate(callbacks):
        incident = handled(session, rules, place, local(2025, 11, 3 + n, 10), signed=MINUTE)
        moves.resolve(session, incident, DEPARTMENT, at=local(2025, 11, 3 + n, 12))
        moves.verify(session, incident, CENTRE, at=local(2025, 11, 3 + n, 13))
        moves.close(session, incident, CENTRE, callback=callback, at=local(2025, 11, 3 + n, 14))
    session.commit()
    assert count(session, month(2025, 11), local(2025, 12, 1), "solved_rate",
                 "satisfaction_rate") == (Rate(3, 4), Rate(2, 3))
    assert count(session, month(2025, 11), local(2025, 12, 1), "solved_rate",
                 scope="department:D03") == (Rate(3, 4),)


def test_the_counts_of_now_are_the_incidents_as_they_stand(session, rules):
    place = town(session)
    now = local(2025, 11, 20, 12)
    handled(session, rules, place, now - 20 * HOUR, signed=MINUTE)  # 80 % of 24 h gone
    handled(session, rules, place, now - 30 * HOUR)  # overdue, never signed
    handled(session, rules, place, now - HOUR, signed=MINUTE)
    parked = handled(session, rules, place, now - 30 * HOUR, signed=MINUTE)
    holds.park(session, parked, CENTRE, reason="需财政立项", at=now - 29 * HOUR)
    reported(session, rules, place, at=now - MINUTE, item="flood")  # not yet accepted
    session.commit()
    names = ("open_now", "due_soon_now", "overdue_now", "parked_now")
    assert count(session, month(2025, 11), now, *names) == (4, 1, 1, 1)
    assert count(session, month(2025, 11), now, *names, scope="department:D03") == (3, 1, 1, 1)
    # Whatever the period: the counts of now are the same for last year's.
    assert count(session, month(2024, 11), now, *names) == (4, 1, 1, 1)
