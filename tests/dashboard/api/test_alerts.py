"""Other consoles acknowledge, escalate and supervise through the API, in the caller's name."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
from flask.testing import FlaskClient
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from dashboard import wiring
from dashboard.app import create_app
from dashboard.config import Settings
from data import clock
from data.domain import Role
from data.incidents import moves
from data.incidents.moves import Rules
from data.models import Alert, Event, Incident
from data.people import access
from tests import people
from tests.dashboard.conftest import Site, sign_in
from tests.factories import DEPARTMENT, local, reported, standing_overdue, town

RAISED = local(2026, 3, 3, 11)
OFFICERS = 50


@pytest.fixture
def site_on(engine: Engine) -> Iterator[Site]:
    """The app on the test's store: SQLite and PostgreSQL."""
    settings = Settings.from_env({}, database_url=engine.url.render_as_string(
        hide_password=False))
    wired = wiring.connect(settings)
    yield Site(create_app(settings, wired), wired.sessions)
    wired.dispose()


@pytest.fixture
def alert_id(site: Site, rules: Rules) -> int:
    """A standing overdue alert on the site's store, nobody has acknowledged it."""
    with site.sessions() as session:
        return standing_overdue(session, rules, town(session), at=RAISED).id


def duty(site: Site, role: Role = Role.DUTY) -> tuple[FlaskClient, dict[str, str], str]:
    """A browser signed in as a new user with `role`, its CSRF header, and the user's name."""
    client, person = site.signed_in(role)
    client.get("/wall")  # a page every role may open: it sets the CSRF cookie
    return client, {"X-CSRFToken": client.get_cookie("_csrf_token").value}, person.name


def trail_of(site: Site, alert_id: int, kind: str) -> list[Event]:
    with site.sessions() as session:
        incident_id = session.get(Alert, alert_id).incident_id
        return list(session.scalars(select(Event).where(
            Event.incident_id == incident_id, Event.kind == kind).order_by(Event.id)))


def test_acknowledging_answers_the_new_state_and_the_trail_names_the_officer(site, alert_id):
    client, csrf, name = duty(site)
    answer = client.post(f"/api/v1/alerts/{alert_id}/ack", json={"note": "已电话督促城管"},
                         headers=csrf)
    assert answer.status_code == 200, answer.json
    state = answer.json
    assert (state["id"], state["kind"], state["acknowledged_by"], state["note"]) == (
        alert_id, "overdue", name, "已电话督促城管")
    acknowledged = datetime.fromisoformat(state["acknowledged_at"])
    assert abs(acknowledged - clock.now()) < timedelta(seconds=30)
    with site.sessions() as session:
        code = session.get(Alert, alert_id).incident.code
    assert state["cleared_at"] is None and state["incident"] == code
    [event] = trail_of(site, alert_id, "alert_acknowledge")
    assert (event.actor, event.note, event.data["alert"]) == (name, "已电话督促城管", alert_id)


def test_a_second_acknowledgement_is_refused_with_409_naming_who_was_first_and_when(
        site, alert_id):
    first, first_csrf, first_name = duty(site)
    at = first.post(f"/api/v1/alerts/{alert_id}/ack", headers=first_csrf).json[
        "acknowledged_at"]
    second, second_csrf, _ = duty(site, Role.ADMIN)
    refused = second.post(f"/api/v1/alerts/{alert_id}/ack", json={"note": "我也看到了"},
                          headers=second_csrf)
    assert refused.status_code == 409
    assert refused.json["error"] == "already_acknowledged"
    assert (refused.json["acknowledged_by"], refused.json["acknowledged_at"]) == (first_name, at)
    assert first_name in refused.json["message"]
    assert len(trail_of(site, alert_id, "alert_acknowledge")) == 1


def test_escalating_raises_the_alert_one_level_then_409_at_the_top(site, alert_id):
    client, csrf, name = duty(site)
    answer = client.post(f"/api/v1/alerts/{alert_id}/escalate", headers=csrf)
    assert answer.status_code == 200
    assert (answer.json["level"], answer.json["level_name"], answer.json["escalated"]) == (
        1, "district", True)
    top = client.post(f"/api/v1/alerts/{alert_id}/escalate", headers=csrf)
    assert top.status_code == 409
    assert (top.json["error"], top.json["level_name"]) == ("at_top_level", "district")
    assert "top level" in top.json["message"]
    [event] = trail_of(site, alert_id, "alert_escalate")
    assert (event.actor, event.data["by"]) == (name, "hand")


def test_a_cleared_alert_is_refused_with_409_saying_when_it_cleared(site, alert_id, rules):
    with site.sessions.begin() as session:
        incident = session.get(Alert, alert_id).incident
        moves.resolve(session, incident, DEPARTMENT, at=RAISED + timedelta(hours=1))
    client, csrf, _ = duty(site)
    for action in ("ack", "escalate"):
        refused = client.post(f"/api/v1/alerts/{alert_id}/{action}", headers=csrf)
        assert refused.status_code == 409
        assert refused.json["error"] == "cleared"
        cleared = datetime.fromisoformat(refused.json["cleared_at"])
        assert cleared == RAISED + timedelta(hours=1)


def test_an_unknown_alert_is_404_naming_it(site, alert_id):
    client, csrf, _ = duty(site)
    for action in ("ack", "escalate"):
        missing = client.post(f"/api/v1/alerts/{alert_id + 999}/{action}", headers=csrf)
        assert missing.status_code == 404
        assert missing.json == {"error": "not_found", "message": f"no alert {alert_id + 999}",
                                "field": "alert_id"}


@pytest.mark.parametrize(("body", "field", "said"), [
    ('{"note": 5}', "note", "must be a string, not a number"),
    ('{"note": ["a"]}', "note", "must be a string, not an array"),
    (json.dumps({"note": "长" * 2001}), "note", "2001 characters; at most 2000"),
    ('{"note": "unfinished', "body", "is not valid JSON"),
    ("[1, 2]", "body", "must be a JSON object"),
    ('{"nte": "typo"}', "nte", "is not a field of this request; it takes note"),
])
def test_a_bad_body_is_refused_with_400_naming_the_field_and_nothing_changes(
        site, alert_id, body, field, said):
    client, csrf, _ = duty(site)
    for action in ("ack", "escalate"):
        refused = client.post(f"/api/v1/alerts/{alert_id}/{action}", data=body,
                              content_type="application/json", headers=csrf)
        assert refused.status_code == 400
        assert (refused.json["error"], refused.json["field"]) == ("bad_request", field)
        assert said in refused.json["message"]
    with site.sessions() as session:
        alert = session.get(Alert, alert_id)
        assert (alert.acknowledged_at, alert.level) == (None, 0)


def test_an_empty_body_acknowledges_without_a_note(site, alert_id):
    client, csrf, _ = duty(site)
    answer = client.post(f"/api/v1/alerts/{alert_id}/ack", headers=csrf)
    assert answer.status_code == 200 and answer.json["note"] is None


def test_without_a_session_or_a_token_the_answer_is_401(site, alert_id):
    answer = site.client().post(f"/api/v1/alerts/{alert_id}/ack", json={})
    assert answer.status_code == 401 and answer.json["error"] == "unauthenticated"


def test_a_session_without_the_csrf_header_is_refused_with_400(site, alert_id):
    client, _, _ = duty(site)
    answer = client.post(f"/api/v1/alerts/{alert_id}/ack", json={"note": "x"})
    assert answer.status_code == 400 and answer.json["error"] == "csrf"
    assert trail_of(site, alert_id, "alert_acknowledge") == []


def test_a_duty_users_bearer_token_acts_in_their_name_without_csrf(site, alert_id):
    person = people.make_user(site.sessions, Role.DUTY)
    _, token = people.make_token(site.sessions, Role.DUTY, "应急联动平台",
                                 for_user=person.username)
    answer = site.client().post(f"/api/v1/alerts/{alert_id}/ack", json={"note": "平台确认"},
                                headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 200 and answer.json["acknowledged_by"] == person.name
    [event] = trail_of(site, alert_id, "alert_acknowledge")
    assert event.actor == person.name


@pytest.mark.parametrize("role", [Role.DISPLAY, Role.LEADER])
@pytest.mark.parametrize("path", ["/api/v1/alerts/{id}/ack", "/api/v1/alerts/{id}/escalate",
                                  "/api/v1/incidents/{code}/supervise"])
def test_display_and_leader_are_refused_with_403_and_nothing_changes(site, alert_id, role,
                                                                     path):
    with site.sessions() as session:
        code = session.get(Alert, alert_id).incident.code
    address = path.format(id=alert_id, code=code)
    client, csrf, name = duty(site, role)
    by_session = client.post(address, json={}, headers=csrf)
    _, token = people.make_token(site.sessions, role, "大厅终端")
    by_token = site.client().post(address, json={}, headers={"Authorization": f"Bearer {token}"})
    for refused in (by_session, by_token):
        assert refused.status_code == 403
        assert refused.json["error"] == "forbidden" and "duty" in refused.json["message"]
    with site.sessions() as session:
        assert session.scalar(select(Event.id).where(Event.kind.in_(
            ("alert_acknowledge", "alert_escalate", "supervise")), Event.actor != "alerts")) is None


def test_supervising_an_incident_records_the_order_in_the_officers_name(site, alert_id):
    with site.sessions() as session:
        code = session.get(Alert, alert_id).incident.code
    client, csrf, name = duty(site)
    answer = client.post(f"/api/v1/incidents/{code}/supervise", json={"note": "限今日办结"},
                         headers=csrf)
    assert answer.status_code == 201
    assert (answer.json["incident"], answer.json["ordered_by"], answer.json["note"]) == (
        code, name, "限今日办结")
    [event] = trail_of(site, alert_id, "supervise")
    assert (event.actor, event.note) == (name, "限今日办结")
    missing = client.post("/api/v1/incidents/1999010100001/supervise", headers=csrf)
    assert missing.status_code == 404 and "1999010100001" in missing.json["message"]
    bad = client.post(f"/api/v1/incidents/{code}/supervise", json={"note": 1}, headers=csrf)
    assert bad.status_code == 400 and bad.json["field"] == "note"


def test_supervising_a_final_incident_is_refused_with_409(site, rules):
    with site.sessions.begin() as session:
        place = town(session)
        incident = moves_to_rejected(session, rules, place)
        code = incident.code
    client, csrf, _ = duty(site)
    refused = client.post(f"/api/v1/incidents/{code}/supervise", headers=csrf)
    assert refused.status_code == 409
    assert (refused.json["error"], refused.json["state"]) == ("final", "rejected")


def moves_to_rejected(session: Session, rules: Rules, place) -> Incident:
    incident = reported(session, rules, place, at=RAISED)
    moves.reject(session, incident, DEPARTMENT, reason="重复上报", at=RAISED)
    return incident


def test_fifty_officers_acknowledging_at_once_leave_one_and_the_rest_are_told_who(
        site_on, rules):
    with site_on.sessions() as session:
        alert = standing_overdue(session, rules, town(session), at=RAISED).id
    ways_in = [officer(site_on, n) for n in range(OFFICERS)]
    start = threading.Barrier(OFFICERS)
    answers: list[tuple[str, int, dict]] = []
    failed: list[BaseException] = []

    def act(name: str, client: FlaskClient, headers: dict[str, str]) -> None:
        start.wait()
        try:
            answer = client.post(f"/api/v1/alerts/{alert}/ack", json={"note": name},
                                 headers=headers)
            answers.append((name, answer.status_code, answer.json))
        except BaseException as error:  # noqa: BLE001 - reported below
            failed.append(error)

    threads = [threading.Thread(target=act, args=way) for way in ways_in]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert failed == []
    won = [name for name, status, _ in answers if status == 200]
    refused = [body for _, status, body in answers if status == 409]
    assert len(won) == 1 and len(refused) == OFFICERS - 1
    assert {body["acknowledged_by"] for body in refused} == set(won)
    assert all(won[0] in body["message"] for body in refused)
    with site_on.sessions() as session:
        assert session.get(Alert, alert).ack_note == won[0]
        assert [event.actor for event in session.scalars(
            select(Event).where(Event.kind == "alert_acknowledge"))] == won


def officer(site: Site, n: int) -> tuple[str, FlaskClient, dict[str, str]]:
    """The n-th officer's own way in: a signed-in browser (every fifth; a password is slow to
    check, by design) or a console's bearer token."""
    name = f"值班员 {n:02d}"
    if n % 5:
        _, token = people.make_token(site.sessions, Role.DUTY, name)
        return name, site.client(), {"Authorization": f"Bearer {token}"}
    with site.sessions.begin() as session:
        access.create_user(session, f"officer{n}", name, Role.DUTY, people.PASSWORD, "tests",
                           clock.now())
    client = site.client()
    assert sign_in(client, f"officer{n}", people.PASSWORD).status_code == 302
    client.get("/")
    return name, client, {"X-CSRFToken": client.get_cookie("_csrf_token").value}
