"""The desks' part: each department's incidents being handled, grouped as its desk shows them."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import text

from data.domain import State
from data.incidents import holds, moves
from data.live import desks, parts
from data.models import Department
from tests.data.lifecycle import incident_in
from tests.factories import CENTRE, DEPARTMENT, SHANGHAI, local, town

START = local(2026, 11, 10, 9, 0)
NOW = START + timedelta(hours=3)


def codes(desk: dict, group: str) -> list[str]:
    return [row["code"] for row in desk[group]]


def test_each_department_sees_its_lead_incidents_in_the_group_its_desk_shows(session, rules):
    place = town(session)
    session.commit()
    to_sign = incident_in(State.DISPATCHED, session, rules, place, START)
    working = incident_in(State.IN_PROGRESS, session, rules, place, START)
    asking = incident_in(State.IN_PROGRESS, session, rules, place, START)
    holds.request_extension(session, asking, DEPARTMENT, amount=1, unit="work_days",
                            reason="需协调物业", at=START + timedelta(hours=1))
    returned = incident_in(State.RESOLVED, session, rules, place, START)
    moves.rework(session, returned, CENTRE, reason="现场仍有垃圾", at=START + timedelta(hours=1))
    incident_in(State.RESOLVED, session, rules, place, START)  # off every desk
    incident_in(State.PARKED, session, rules, place, START)  # off every desk too
    session.commit()
    found = desks.desks(session, parts.clock(NOW, SHANGHAI))
    assert set(found) == {"D01", "D02", "D03"}
    water, lead = found["D03"], found["D01"]
    assert all(water[name] == [] for name in desks.LISTS)  # neither leads nor helps
    assert codes(lead, "to_sign") == [to_sign.code]
    assert codes(lead, "in_progress") == [working.code]
    assert codes(lead, "extension") == [asking.code]
    assert codes(lead, "returned") == [returned.code]
    row = lead["extension"][0]
    assert row["extension"] == {"amount": 1, "unit": "work_days", "reason": "需协调物业"}
    assert row["resolution_deadline"] == asking.resolution_deadline.isoformat()
    assert lead["to_sign"][0]["response_deadline"] == to_sign.response_deadline.isoformat()
    assert lead["complete"] and lead["counts"] == {"to_sign": 1, "signed": 3, "co_handling": 0}


def test_a_co_handling_department_sees_what_it_helps_with_apart_from_what_it_leads(session,
                                                                                   rules):
    place = town(session)
    session.commit()
    to_sign = incident_in(State.DISPATCHED, session, rules, place, START)
    working = incident_in(State.IN_PROGRESS, session, rules, place, START + timedelta(hours=1))
    incident_in(State.RESOLVED, session, rules, place, START)  # done with: off the desk
    session.commit()
    helper = desks.desks(session, parts.clock(NOW, SHANGHAI))["D02"]  # named 协办 at dispatch
    assert all(helper[group] == [] for group in desks.GROUPS)
    assert codes(helper, "co_handling") == [to_sign.code, working.code]  # by resolution due
    assert helper["co_handling"][1]["state"] == "in_progress"
    assert helper["co_handling"][1]["resolution_deadline"] == (
        working.resolution_deadline.isoformat())
    assert helper["counts"]["co_handling"] == 2 and helper["complete"]


def test_a_long_desk_lists_the_most_urgent_and_counts_every_one(session, rules,
                                                                      monkeypatch):
    place = town(session)
    session.commit()
    first = incident_in(State.DISPATCHED, session, rules, place, START)
    for minutes in (30, 60):
        incident_in(State.DISPATCHED, session, rules, place, START + timedelta(minutes=minutes))
    incident_in(State.IN_PROGRESS, session, rules, place, START)
    monkeypatch.setattr(desks, "DESK_LENGTH", 1)
    found = desks.desks(session, parts.clock(NOW, SHANGHAI))
    lead, helper = found["D01"], found["D02"]
    assert codes(lead, "to_sign") == [first.code] and not lead["complete"]
    assert lead["counts"] == {"to_sign": 3, "signed": 1, "co_handling": 0}
    assert len(helper["co_handling"]) == 1 and helper["counts"]["co_handling"] == 4


def test_a_district_of_many_departments_is_read_whole(session, rules):
    place = town(session)
    session.add_all([Department(code=f"X{n:03d}", name=f"部门{n}", short_name=f"{n}")
                     for n in range(260)])  # 526 heads: more than one compound select holds
    session.commit()
    dispatched = incident_in(State.DISPATCHED, session, rules, place, START)
    found = desks.desks(session, parts.clock(NOW, SHANGHAI))
    assert len(found) == 263 and codes(found["D01"], "to_sign") == [dispatched.code]


def test_a_desk_read_again_and_again_lists_the_same_and_leaves_planning_as_it_was(session,
                                                                                  rules):
    """Past psycopg's fifth run the statement is prepared, and PostgreSQL keeps one plan for
    it: the desks it lists stay the same, and the transaction's other statements are planned
    as before."""
    place = town(session)
    session.commit()
    for state in (State.DISPATCHED, State.IN_PROGRESS, State.DISPATCHED):
        incident_in(state, session, rules, place, START)
    clock = parts.clock(NOW, SHANGHAI)
    first = desks.desks(session, clock)
    assert [desks.desks(session, clock) for _ in range(8)] == [first] * 8
    assert len(first["D01"]["to_sign"]) == 2 and len(first["D01"]["in_progress"]) == 1
    if session.get_bind().dialect.name == "postgresql":
        assert session.scalar(text("SHOW plan_cache_mode")) == "auto"
