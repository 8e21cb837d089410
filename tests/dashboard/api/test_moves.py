"""Every move of an incident's life through the API: allowed, refused, and the trail after it."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from data.models import Event, Incident
from tests import clocks
from tests.dashboard.api.conftest import report_body

DUTY, DEPT = "duty-token", "department"  # a duty officer's console; D01's own system
CALLBACK = {"callback": {"reached": True, "solved": True, "rating": "satisfied"}}
# The moves that bring a new report to each state, with who makes them.
TO = {
    "reported": [],
    "accepted": [("accept", DUTY, {})],
    "dispatched": [("accept", DUTY, {}), ("dispatch", DUTY, {"lead": "D01", "co": ["D02"]})],
    "in_progress": [("accept", DUTY, {}), ("dispatch", DUTY, {"lead": "D01"}),
                    ("sign", DEPT, {})],
    "resolved": [("accept", DUTY, {}), ("dispatch", DUTY, {"lead": "D01"}), ("sign", DEPT, {}),
                 ("resolve", DEPT, {"note": "已清扫"})],
    "verified": [("accept", DUTY, {}), ("self-handle", DUTY, {"level": "grid"}),
                 ("verify", DUTY, {})],
    "parked": [("accept", DUTY, {}), ("park", DUTY, {"reason": "需立项"})],
    "asked": [("accept", DUTY, {}), ("dispatch", DUTY, {"lead": "D01"}), ("sign", DEPT, {}),
              ("request-extension", DEPT, {"amount": 2, "unit": "work_days",
                                           "reason": "等材料"})],
}
# move, who, body, from which state, the state after, the trail's actor
ALLOWED = [
    ("accept", DUTY, {"note": "立案"}, "reported", "accepted", "duty console"),
    ("reject", DUTY, {"reason": "非本区事项"}, "reported", "rejected", "duty console"),
    ("dispatch", DUTY, {"lead": "D01", "co": ["D02", "D03"]}, "accepted", "dispatched",
     "duty console"),
    ("self-handle", DUTY, {"level": "community"}, "accepted", "resolved", "duty console"),
    ("sign", DEPT, {}, "dispatched", "in_progress", "department system"),
    ("send-back", DEPT, {"reason": "不属我局"}, "in_progress", "accepted", "department system"),
    ("resolve", DEPT, {"level": "street"}, "in_progress", "resolved", "department system"),
    ("request-extension", DEPT, {"amount": 1.5, "unit": "hours", "reason": "雨天"},
     "in_progress", "in_progress", "department system"),
    ("grant-extension", DUTY, {}, "asked", "in_progress", "duty console"),
    ("refuse-extension", DUTY, {"reason": "时限充足"}, "asked", "in_progress", "duty console"),
    ("return", DUTY, {"reason": "仍有垃圾"}, "resolved", "in_progress", "duty console"),
    ("verify", DUTY, {}, "resolved", "verified", "duty console"),
    ("close", DUTY, CALLBACK, "verified", "closed", "duty console"),
    ("park", DUTY, {"reason": "需要预算"}, "accepted", "parked", "duty console"),
    ("resume", DUTY, {"note": "已立项"}, "parked", "accepted", "duty console"),
]
# move, who, body, from which state: each refused with 409 and the state
REFUSED = [
    ("accept", DUTY, {}, "accepted"), ("reject", DUTY, {"reason": "x"}, "dispatched"),
    ("dispatch", DUTY, {"lead": "D01"}, "reported"), ("sign", DEPT, {}, "in_progress"),
    ("send-back", DEPT, {"reason": "x"}, "resolved"), ("resolve", DEPT, {}, "dispatched"),
    ("self-handle", DUTY, {"level": "grid"}, "dispatched"),
    ("return", DUTY, {"reason": "x"}, "verified"), ("verify", DUTY, {}, "in_progress"),
    ("close", DUTY, CALLBACK, "resolved"),
    ("request-extension", DEPT, {"amount": 1, "unit": "hours", "reason": "x"}, "resolved"),
    ("grant-extension", DUTY, {}, "resolved"), ("refuse-extension", DUTY, {"reason": "x"},
                                                "verified"),
    ("park", DUTY, {"reason": "x"}, "parked"), ("resume", DUTY, {}, "accepted"),
    ("merge", DUTY, {"into": "0"}, "dispatched"),
]


def incident_in(api, state: str, ref: str = "R-1", reporter: str = "patrol") -> str:
    """A new report brought to `state` through the API; its code."""
    code = api.call("POST", "/incidents", reporter, json=report_body(ref)).json["code"]
    for move, who, body in TO[state]:
        answer = api.call("POST", f"/incidents/{code}/{move}", who, json=body)
        assert answer.status_code == 200, (move, answer.json)
    return code


def trail(api, code: str) -> list[Event]:
    with api.site.sessions() as db:
        incident = db.scalar(select(Incident).where(Incident.code == code))
        return list(db.scalars(select(Event).where(Event.incident_id == incident.id)
                               .order_by(Event.id)))


@pytest.mark.parametrize(("move", "who", "body", "start", "end", "actor"), ALLOWED,
                         ids=[row[0] for row in ALLOWED])
def test_each_move_is_made_and_the_trail_names_who_made_it(api, move, who, body, start, end,
                                                           actor):
    code = incident_in(api, start)
    before = len(trail(api, code))
    answer = api.call("POST", f"/incidents/{code}/{move}", who, json=body)
    assert answer.status_code == 200, answer.json
    assert answer.json["state"] == end
    kinds = [(e.kind, e.actor) for e in trail(api, code)[before:]]
    assert kinds[0] == (move.replace("-", "_"), actor)
    detail = api.call("GET", f"/incidents/{code}", "leader-token").json
    assert detail["trail"][before]["kind"] == move.replace("-", "_")


@pytest.mark.parametrize(("move", "who", "body", "start"), REFUSED,
                         ids=[row[0] for row in REFUSED])
def test_a_move_the_state_does_not_allow_is_409_with_the_state_and_writes_nothing(
        api, move, who, body, start):
    code = incident_in(api, start)
    if move == "merge":
        body = {"into": incident_in(api, "reported", ref="R-2")}
    before = [(e.id, e.to_state) for e in trail(api, code)]
    answer = api.call("POST", f"/incidents/{code}/{move}", who, json=body)
    assert answer.status_code == 409, answer.json
    assert answer.json["error"] == "move_refused"
    assert answer.json["state"] == ("in_progress" if start == "asked" else start)
    assert [(e.id, e.to_state) for e in trail(api, code)] == before


def test_a_duplicate_is_merged_into_the_incident_it_repeats(api):
    first, second = incident_in(api, "accepted"), incident_in(api, "reported", ref="R-2")
    answer = api.call("POST", f"/incidents/{second}/merge", DUTY, json={"into": first})
    assert (answer.status_code, answer.json["state"], answer.json["merged_into"]) == (
        200, "merged", first)


@pytest.mark.parametrize("who", ["patrol", "resident", "iot", "leader", "hotline", "department",
                                 "display-token", "leader-token"])
def test_the_centre_moves_need_the_duty_role(api, who):
    # A source asks about what it reported itself: it may see it, so it is told what is missing.
    code = incident_in(api, "reported", reporter=who if "token" not in who else "patrol")
    answer = api.call("POST", f"/incidents/{code}/accept", who, json={})
    assert answer.status_code == 403 and "duty" in answer.json["message"]
    assert [e.kind for e in trail(api, code)] == ["report"]


def test_a_department_system_works_only_incidents_its_department_leads(api):
    code = incident_in(api, "dispatched")  # reported by patrol, led by D01
    refused = api.call("POST", f"/incidents/{code}/sign", "patrol")
    assert refused.status_code == 403 and "department" in refused.json["message"]
    assert api.call("POST", f"/incidents/{code}/sign", DEPT).json["state"] == "in_progress"


@pytest.mark.parametrize("who", ["water", "iot", "hotline"])
def test_a_source_asking_to_move_an_incident_it_may_not_see_is_told_there_is_none(api, who):
    code = incident_in(api, "dispatched")  # reported by patrol, led by D01
    for move, body in (("sign", {}), ("accept", {}), ("close", CALLBACK)):
        refused = api.call("POST", f"/incidents/{code}/{move}", who, json=body)
        assert (refused.status_code, refused.json["field"]) == (404, "code")
        assert "D01" not in refused.json["message"]
    unknown = api.call("POST", "/incidents/2026010100001/sign", who, json={})
    assert (unknown.status_code, unknown.json["message"].replace("2026010100001", code)) == (
        404, refused.json["message"])
    assert [e.kind for e in trail(api, code)] == ["report", "accept", "dispatch"]


def test_the_hotline_closes_with_the_callback_what_it_reported_and_nothing_else(api):
    own = incident_in(api, "verified", reporter="hotline")
    theirs = incident_in(api, "verified", ref="R-2")
    refused = api.call("POST", f"/incidents/{theirs}/close", "hotline", json=CALLBACK)
    assert refused.status_code == 404  # not the hotline's: as if there were none
    closed = api.call("POST", f"/incidents/{own}/close", "hotline", json=CALLBACK)
    assert closed.status_code == 200 and closed.json["state"] == "closed"
    assert (trail(api, own)[-1].kind, trail(api, own)[-1].actor) == ("close", "hotline system")


@pytest.mark.parametrize(("move", "body", "field"), [
    ("dispatch", {"lead": "D99"}, "lead"), ("dispatch", {"lead": "D01", "co": ["D01"]}, "co"),
    ("dispatch", {"lead": "D01", "co": ["D02", "D98"]}, "co.1"),
    ("dispatch", {}, "lead"), ("reject", {"reason": "   "}, "reason"),
    ("self-handle", {"level": "district"}, "level"), ("merge", {"into": "123"}, "into"),
    ("dispatch", {"lead": "D01", "extra": 1}, "extra"),
])
def test_bad_move_input_is_422_naming_the_field_and_writes_nothing(api, move, body, field):
    code = incident_in(api, "accepted" if move != "reject" else "reported")
    before = len(trail(api, code))
    answer = api.call("POST", f"/incidents/{code}/{move}", DUTY, json=body)
    assert (answer.status_code, answer.json["field"]) == (422, field), answer.json
    assert len(trail(api, code)) == before


def test_an_unknown_incident_is_404(api):
    answer = api.call("POST", "/incidents/2026010100001/accept", DUTY, json={})
    assert (answer.status_code, answer.json["field"]) == (404, "code")


def test_an_extension_asked_in_time_and_granted_late_moves_the_deadline_marked_late(api):
    code = incident_in(api, "asked")  # asked for before its deadline, still waiting
    with api.site.sessions() as db:
        deadline = db.scalar(select(Incident.resolution_deadline).where(Incident.code == code))
    with clocks.living_at(deadline + timedelta(minutes=5)):
        answer = api.call("POST", f"/incidents/{code}/grant-extension", DUTY, json={})
        assert answer.status_code == 200, answer.json
        assert datetime.fromisoformat(answer.json["deadlines"]["resolution"]) > deadline
        [grant] = [e for e in trail(api, code) if e.kind == "grant_extension"]
        assert (grant.data["late"], grant.data["judged"]) == (True, deadline.isoformat())


def test_more_time_asked_after_the_deadline_is_refused_naming_it_and_writes_nothing(api):
    code = incident_in(api, "in_progress", "R-2")
    with api.site.sessions() as db:
        deadline = db.scalar(select(Incident.resolution_deadline).where(Incident.code == code))
    before = [e.id for e in trail(api, code)]
    with clocks.living_at(deadline + timedelta(minutes=5)):
        answer = api.call("POST", f"/incidents/{code}/request-extension", DEPT,
                          json={"amount": 1, "unit": "work_days", "reason": "需协调"})
        assert answer.status_code == 422, answer.json
        assert (answer.json["field"], "before the deadline" in answer.json["message"]) \
            == ("extension", True)
        assert [e.id for e in trail(api, code)] == before
