"""Moves made at a desk: who is offered which, refusals by role, state and staleness."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from data.domain import Role, State
from data.incidents import desk, offers
from data.incidents.trail import Actor, InvalidMove, MoveRefused
from data.models import Event
from tests.data.lifecycle import incident_in
from tests.factories import local, town

START = local(2026, 11, 10, 9, 0)
AT = START + timedelta(hours=1)
DUTY = Actor.person("值班员 王芳")
LIAISON = Actor.person("联络员 陈静")


@pytest.fixture
def place(session):
    place = town(session)
    session.commit()
    return place


def make(session, rules, incident, move, role=Role.DUTY, department=None, actor=DUTY,
         **fields):
    desk.make(session, incident, move, role, department, actor, rules, fields, at=AT)
    session.commit()


@pytest.mark.parametrize(("state", "duty", "liaison"), [
    (State.REPORTED, ["accept", "reject", "merge"], []),
    (State.ACCEPTED, ["merge", "dispatch", "park"], []),
    (State.DISPATCHED, ["park"], ["sign", "send_back", "request_extension"]),
    (State.IN_PROGRESS, ["park"], ["send_back", "resolve", "request_extension"]),
    (State.RESOLVED, ["verify", "return"], []),
    (State.VERIFIED, ["close"], []),
    (State.PARKED, ["resume"], []),
    (State.CLOSED, [], []),
])
def test_each_role_is_offered_the_moves_its_state_allows(session, rules, place, state, duty,
                                                          liaison):
    incident = incident_in(state, session, rules, place, START)
    assert desk.offered(incident, Role.DUTY, None) == duty
    assert desk.offered(incident, Role.ADMIN, None) == duty
    assert desk.offered(incident, Role.DEPARTMENT, "D01") == liaison
    assert desk.offered(incident, Role.DEPARTMENT, "D02") == []  # a co-handler moves nothing
    assert desk.offered(incident, Role.LEADER, None) == []


def test_a_waiting_request_for_time_is_decided_by_the_centre_and_not_asked_twice(
        session, rules, place):
    incident = incident_in(State.DISPATCHED, session, rules, place, START, extension_pending=True)
    assert "grant_extension" in desk.offered(incident, Role.DUTY, None)
    assert "request_extension" not in desk.offered(incident, Role.DEPARTMENT, "D01")
    make(session, rules, incident, "grant_extension", note="同意")
    assert incident.extension_count == 1 and incident.pending_extension is None


def test_a_whole_life_is_made_from_forms_with_each_persons_name(session, rules, place):
    incident = incident_in(State.REPORTED, session, rules, place, START)
    make(session, rules, incident, "accept")
    make(session, rules, incident, "dispatch", lead="D01", co=["D02"])
    assert incident.lead_department.code == "D01"
    assert [d.code for d in incident.co_departments] == ["D02"]
    liaison = {"role": Role.DEPARTMENT, "department": "D01", "actor": LIAISON}
    make(session, rules, incident, "sign", **liaison)
    make(session, rules, incident, "request_extension", amount="2", unit="work_days",
         reason="需协调物业", **liaison)
    make(session, rules, incident, "refuse_extension", reason="可按期完成")
    make(session, rules, incident, "resolve", level="street", note="已清理", **liaison)
    make(session, rules, incident, "return", reason="现场仍有垃圾")
    make(session, rules, incident, "resolve", level="street", **liaison)
    make(session, rules, incident, "verify")
    make(session, rules, incident, "close", reached="yes", solved="yes", rating="basic")
    assert incident.state == State.CLOSED and incident.rating == "basic"
    trail = session.execute(select(Event.kind, Event.actor).where(
        Event.incident_id == incident.id, Event.actor_kind == "person")
        .order_by(Event.id)).all()
    assert [kind for kind, _ in trail][1:] == [
        "accept", "dispatch", "sign", "request_extension", "refuse_extension", "resolve",
        "return", "resolve", "verify", "close"]
    assert {actor for kind, actor in trail if kind in ("sign", "resolve")} == {"联络员 陈静"}


def test_a_leader_and_another_departments_liaison_are_refused_and_nothing_is_written(
        session, rules, place):
    incident = incident_in(State.DISPATCHED, session, rules, place, START)
    moved = incident.updated_at
    with pytest.raises(desk.NotYours):
        make(session, rules, incident, "sign", role=Role.DEPARTMENT, department="D02")
    with pytest.raises(desk.NotYours):
        make(session, rules, incident, "park", role=Role.LEADER, reason="x")
    with pytest.raises(desk.NotYours):
        make(session, rules, incident, "sign", role=Role.DUTY)  # the centre signs for nobody
    session.rollback()
    assert incident.state == State.DISPATCHED and incident.updated_at == moved


def test_a_move_the_state_no_longer_allows_or_from_a_stale_page_is_refused(
        session, rules, place):
    incident = incident_in(State.RESOLVED, session, rules, place, START)
    seen = incident.updated_at
    make(session, rules, incident, "verify")
    with pytest.raises(MoveRefused):
        make(session, rules, incident, "return", reason="没修好")
    make(session, rules, incident, "close", reached="no")
    returned = incident_in(State.RESOLVED, session, rules, place, START)
    seen = returned.updated_at
    make(session, rules, returned, "return", reason="没修好")
    make(session, rules, returned, "resolve", role=Role.DEPARTMENT, department="D01")
    # The page read before the return shows "resolved": its second return is refused.
    with pytest.raises(desk.Moved) as refused:
        desk.make(session, returned, "return", Role.DUTY, None, DUTY, rules,
                  {"reason": "还是没修好"}, seen=seen, at=AT)
    assert refused.value.state == State.RESOLVED and returned.return_count == 1


@pytest.mark.parametrize(("move", "fields", "field"), [
    ("reject", {}, "reason"), ("dispatch", {"lead": "D99"}, "lead"),
    ("merge", {"into": "nope"}, "into"), ("close", {}, "callback"),
])
def test_a_form_missing_what_its_move_needs_is_refused_naming_the_field(
        session, rules, place, move, fields, field):
    state = {"reject": State.REPORTED, "dispatch": State.ACCEPTED, "merge": State.REPORTED,
             "close": State.VERIFIED}[move]
    incident = incident_in(state, session, rules, place, START)
    with pytest.raises(InvalidMove) as refused:
        make(session, rules, incident, move, **fields)
    assert refused.value.field == field


def test_the_dispatch_form_shows_the_deadlines_the_dispatch_then_sets(session, rules, place):
    incident = incident_in(State.ACCEPTED, session, rules, place, START)
    offered = offers.offers(session, incident, Role.DUTY, None, rules, AT)
    assert offered["lead"] == "D01" and [d["code"] for d in offered["departments"]] == [
        "D01", "D02", "D03"]
    make(session, rules, incident, "dispatch", lead="D01")
    assert offered["deadlines"] == {"response": incident.response_deadline,
                                    "resolution": incident.resolution_deadline}


def test_acceptance_offers_the_likely_duplicate(session, rules, place):
    incident = incident_in(State.REPORTED, session, rules, place, START)
    offered = offers.offers(session, incident, Role.DUTY, None, rules, AT)
    assert len(offered["duplicates"]) == 1 and offered["duplicates"][0]["metres"] == 0
    make(session, rules, incident, "merge", into=offered["duplicates"][0]["code"])
    assert incident.state == State.MERGED
