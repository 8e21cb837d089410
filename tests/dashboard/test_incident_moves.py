"""Moves on the incident page, through the server: by role, by department, and when stale."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import select

from data import clock
from data.domain import Role, State
from data.incidents import moves
from data.models import Event, Incident
from layouts import ids
from tests import people
from tests.dashboard.conftest import sign_in
from tests.dashboard.test_auth import csrf_header
from tests.factories import CENTRE, dispatched, reported, town

RENDER = (f"..{ids.INCIDENT_BODY}.children...{ids.INCIDENT_MOVES}.children..."
          f"{ids.INCIDENT_SEEN}.data..")
MOVE = f"..{ids.INCIDENT_MESSAGE}.children...{ids.INCIDENT_DONE}.data.."


@pytest.fixture
def flood(site, rules):
    """A flood dispatched to the water department (D03) a few minutes ago; its code."""
    with site.sessions.begin() as session:
        return dispatched(session, rules, town(session), at=clock.now() - timedelta(minutes=5),
                          item="flood").code


def render(client, code: str, lang: str = "en") -> dict:
    body = {"output": RENDER, "outputs": [
        {"id": ids.INCIDENT_BODY, "property": "children"},
        {"id": ids.INCIDENT_MOVES, "property": "children"},
        {"id": ids.INCIDENT_SEEN, "property": "data"}],
        "inputs": [{"id": ids.INCIDENT_REQUEST, "property": "data",
                    "value": {"code": code, "lang": lang}},
                   {"id": ids.INCIDENT_DONE, "property": "data", "value": 0}],
        "changedPropIds": [], "state": []}
    answer = client.post("/_dash-update-component", json=body, headers=csrf_header(client))
    assert answer.status_code == 200, answer.text
    return answer.json["response"]


def press(client, code: str, move: str, seen: dict, fields: dict | None = None,
          lang: str = "en") -> tuple[int, str]:
    fields = fields or {}
    keys = [{"type": ids.INCIDENT_FIELD, "move": move, "name": name} for name in fields]
    button = {"type": ids.INCIDENT_MOVE, "move": move, "target": ""}
    body = {"output": MOVE, "outputs": [
        {"id": ids.INCIDENT_MESSAGE, "property": "children"},
        {"id": ids.INCIDENT_DONE, "property": "data"}],
        "inputs": [[{"id": button, "property": "n_clicks", "value": 1}]],
        "changedPropIds": [json.dumps(button, sort_keys=True, separators=(",", ":"))
                           + ".n_clicks"],
        "state": [[{"id": key, "property": "value", "value": value}
                   for key, value in zip(keys, fields.values(), strict=True)],
                  [{"id": key, "property": "id", "value": key} for key in keys],
                  {"id": ids.INCIDENT_SEEN, "property": "data", "value": seen},
                  {"id": ids.INCIDENT_REQUEST, "property": "data",
                   "value": {"code": code, "lang": lang}},
                  {"id": ids.INCIDENT_DONE, "property": "data", "value": 0}]}
    answer = client.post("/_dash-update-component", json=body, headers=csrf_header(client))
    return answer.status_code, str(answer.json)


def offered(response: dict) -> str:
    return str(response[ids.INCIDENT_MOVES]["children"])


def liaison(site, department: str) -> object:
    person = people.make_user(site.sessions, Role.DEPARTMENT, department=department)
    client = site.client()
    sign_in(client, person.username, person.password)
    client.get("/desk")
    return client


def test_the_lead_departments_liaison_signs_in_its_own_name(site, flood):
    client = liaison(site, "D03")
    shown = render(client, flood)
    assert "move-sign" in offered(shown) and "move-park" not in offered(shown)
    status, said = press(client, flood, "sign", shown[ids.INCIDENT_SEEN]["data"])
    assert status == 200 and "Done: Sign" in said
    with site.sessions() as session:
        incident = session.scalar(select(Incident).where(Incident.code == flood))
        assert incident.state == State.IN_PROGRESS
        last = session.scalars(select(Event).where(Event.incident_id == incident.id)
                               .order_by(Event.id.desc())).first()
        assert (last.kind, last.actor) == ("sign", people.NAMES[Role.DEPARTMENT])


def test_another_departments_liaison_sees_nothing_of_it_and_is_refused(site, flood):
    client = liaison(site, "D01")
    shown = render(client, flood)
    assert "is not your department" in str(shown[ids.INCIDENT_BODY]["children"])
    assert "积水" not in str(shown)  # nothing of the incident itself
    seen = {"seen": clock.now().isoformat(), "state": "dispatched"}
    status, said = press(client, flood, "sign", seen)
    assert status == 200 and "your role may not Sign" in said


def test_a_co_handling_liaison_reads_it_with_its_deadlines_and_is_offered_no_move(site, rules):
    with site.sessions.begin() as session:
        place = town(session)
        incident = reported(session, rules, place, at=clock.now() - timedelta(minutes=5),
                            item="flood")
        moves.accept(session, incident, CENTRE)
        moves.dispatch(session, incident, CENTRE, rules, lead=place.departments["D03"],
                       co=[place.departments["D02"]])
        code = incident.code
    client = liaison(site, "D02")
    shown = render(client, code)
    assert "积水" in str(shown[ids.INCIDENT_BODY]["children"])  # the incident itself, read
    assert "Resolve by" in str(shown[ids.INCIDENT_BODY]["children"])
    assert "Nothing here for your role" in offered(shown)
    status, said = press(client, code, "sign", shown[ids.INCIDENT_SEEN]["data"])
    assert status == 200 and "your role may not Sign" in said


def test_a_leader_is_offered_no_move_and_a_forged_press_is_refused(site, flood):
    client, _ = site.signed_in(Role.LEADER)
    client.get("/")
    shown = render(client, flood)
    assert "Nothing here for your role" in offered(shown)
    status, said = press(client, flood, "park", shown[ids.INCIDENT_SEEN]["data"],
                         {"reason": "x"})
    assert status == 200 and "your role may not Park" in said


def test_a_stale_page_is_refused_and_told_the_new_state(site, flood):
    duty, _ = site.signed_in(Role.DUTY)
    duty.get("/duty")
    seen = render(duty, flood)[ids.INCIDENT_SEEN]["data"]
    assert press(duty, flood, "park", seen, {"reason": "需财政立项"})[0] == 200
    status, said = press(duty, flood, "park", seen, {"reason": "需财政立项"})
    assert status == 200 and "someone moved the incident" in said and "Parked" in said
    fresh = render(duty, flood)[ids.INCIDENT_SEEN]["data"]
    status, said = press(duty, flood, "resume", fresh)
    assert "Done: Resume" in said


def test_a_form_without_its_reason_is_refused_naming_it(site, flood):
    duty, _ = site.signed_in(Role.DUTY)
    duty.get("/duty")
    seen = render(duty, flood)[ids.INCIDENT_SEEN]["data"]
    status, said = press(duty, flood, "park", seen, {"reason": " "})
    assert status == 200 and "Not done: reason: is required" in said


def test_a_display_may_not_call_the_incident_page(site, flood):
    client, _ = site.signed_in(Role.DISPLAY)
    client.get("/wall")
    status, said = press(client, flood, "park", {"seen": "x", "state": "x"})
    assert status == 403
