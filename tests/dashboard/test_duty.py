"""The duty console on the server: its actions refused below duty, its room, its filters."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from callbacks import duty as duty_callbacks
from dashboard import auth, push
from data import clock
from data.alerts import queue
from data.domain import Role
from data.models import Alert, Event, SupervisionOrder
from layouts import ids
from tests import people
from tests.dashboard.api.test_alerts import RAISED
from tests.dashboard.conftest import Site
from tests.factories import standing_overdue, town

BUTTONS = {"acknowledge": ids.DUTY_ACK, "escalate": ids.DUTY_ESCALATE,
           "supervise": ids.DUTY_SUPERVISE}
EVENTS = {"acknowledge": "alert_acknowledge", "escalate": "alert_escalate",
          "supervise": "supervise"}


def action_call(app, pressed: str, alert_id: int, code: str) -> dict:
    """The body dash-renderer posts when a button of the console's actions is pressed."""
    key = next(key for key in auth.callback_roles(app) if f"{ids.DUTY_MESSAGE}.children" in key)
    return {
        "output": key,
        "outputs": [{"id": ids.DUTY_MESSAGE, "property": "children"},
                    {"id": ids.DUTY_DONE, "property": "data"},
                    {"id": ids.DUTY_NOTE, "property": "value"}],
        "inputs": [{"id": button, "property": "n_clicks", "value": int(button == pressed)}
                   for button in BUTTONS.values()],
        "changedPropIds": [f"{pressed}.n_clicks"],
        "state": [{"id": ids.DUTY_SELECTED, "property": "data",
                   "value": {"alert": alert_id, "code": code}},
                  {"id": ids.DUTY_SELECTED_ROW, "property": "data", "value": None},
                  {"id": ids.DUTY_NOTE, "property": "value", "value": "请立即处置"},
                  {"id": ids.DUTY_REQUEST, "property": "data", "value": {"lang": "zh"}}],
    }


@pytest.fixture
def standing(site: Site, rules) -> tuple[int, str]:
    """A standing overdue alert on the site's store: its id and its incident's code."""
    with site.sessions() as session:
        alert = standing_overdue(session, rules, town(session), at=RAISED)
        return alert.id, alert.incident.code


@pytest.mark.parametrize("action", BUTTONS)
@pytest.mark.parametrize("role", [Role.DISPLAY, Role.LEADER, Role.DUTY, Role.ADMIN])
def test_each_console_action_is_done_for_duty_and_admin_and_refused_below(site, standing, role,
                                                                           action):
    alert_id, code = standing
    client, person = site.signed_in(role)
    client.get("/wall")  # every role may open it; it sets the CSRF cookie
    answer = client.post("/_dash-update-component",
                         json=action_call(site.app, BUTTONS[action], alert_id, code),
                         headers={"X-CSRFToken": client.get_cookie("_csrf_token").value})
    with site.sessions() as session:
        done = session.scalars(select(Event).where(Event.kind == EVENTS[action])).all()
    if role in (Role.DISPLAY, Role.LEADER):
        assert answer.status_code == 403
        assert "duty" in answer.json["message"] and person.name in answer.json["message"]
        assert done == []
        return
    assert answer.status_code == 200, answer.text
    assert [(event.actor, event.note) for event in done] == [(person.name, "请立即处置")]
    assert "duty-done" in answer.text  # said as done, not refused


def test_every_callback_of_the_console_needs_the_duty_role(site):
    roles = {key: role for key, role in auth.callback_roles(site.app).items() if "duty-" in key}
    assert len(roles) >= 9
    assert set(roles.values()) == {Role.DUTY}


def test_only_duty_and_admin_may_join_the_duty_room_and_only_they_get_the_queue(site):
    server = site.app.server
    queue = {"alerts": [{"id": 1}], "complete": True}
    server.extensions["push.opening"] = lambda: {"meta": {"cursor": 1}, "kpis": {"open": 3},
                                                 "duty": queue}
    _, token = people.make_token(site.sessions)
    wall = push.socketio.test_client(server, auth={"token": token})
    assert not push.socketio.test_client(server, auth={"token": token, "room": "duty"}
                                         ).is_connected()
    leader, _ = site.signed_in(Role.LEADER)
    assert not push.socketio.test_client(server, flask_test_client=leader,
                                         auth={"room": "duty"}).is_connected()
    assert not push.socketio.test_client(server, flask_test_client=leader,
                                         auth={"room": "nowhere"}).is_connected()
    consoles = []
    for role in (Role.DUTY, Role.ADMIN):
        client, _ = site.signed_in(role)
        console = push.socketio.test_client(server, flask_test_client=client,
                                            auth={"room": "duty"})
        assert console.is_connected()
        [opening] = console.get_received()
        assert opening["args"][0] == {"meta": {"cursor": 1}, "duty": queue}
        consoles.append(console)
    assert "duty" not in wall.get_received()[0]["args"][0]
    push.publish({"meta": {"cursor": 2}, "kpis": {"open": 4}, "duty": queue})
    assert wall.get_received()[-1]["args"][0] == {"meta": {"cursor": 2}, "kpis": {"open": 4}}
    for console in consoles:
        assert console.get_received()[-1]["args"][0] == {"meta": {"cursor": 2}, "duty": queue}


def test_filters_keep_the_rows_of_the_kind_street_and_department_chosen():
    rows = [{"id": 1, "kind": "overdue", "street_code": "S1", "department_code": "D1"},
            {"id": 2, "kind": "due_soon", "street_code": "S1", "department_code": None},
            {"id": 3, "kind": "overdue", "street_code": "S2", "department_code": "D1"}]
    assert [row["id"] for row in duty_callbacks.matching(rows, None, None, None)] == [1, 2, 3]
    assert [row["id"] for row in duty_callbacks.matching(rows, "overdue", None, "D1")] == [1, 3]
    assert [row["id"] for row in duty_callbacks.matching(rows, None, "S1", None)] == [1, 2]
    assert duty_callbacks.matching(rows, "due_soon", "S2", None) == []


def test_a_queue_too_long_to_push_whole_is_filtered_in_the_store(site, standing):
    alert_id, code = standing
    with site.sessions() as session:
        street = session.get(Alert, alert_id).incident.grid.community.street.code
        everything = queue.queue(session, clock.now())
    pushed = {"alerts": [], "complete": False}  # none of the standing alerts was pushed
    asked = {"lang": "zh"}
    with site.app.server.test_request_context():
        _, line, row = duty_callbacks.draw_queue(pushed, [], "overdue", street, None,
                                                 {"alert": alert_id, "code": code}, None, asked)
        assert (row["id"], row["code"]) == (everything[0]["id"], code)
        assert line == "符合筛选 1 条（已查询全部预警）"
        _, _, unfiltered = duty_callbacks.draw_queue(pushed, [], None, None, None,
                                                     {"alert": alert_id, "code": code}, row,
                                                     asked)
        assert unfiltered is None  # without a filter, the console shows what was pushed


def test_supervising_from_the_console_leaves_one_order_per_press(site, standing):
    alert_id, code = standing
    client, person = site.signed_in(Role.DUTY)
    client.get("/duty")
    headers = {"X-CSRFToken": client.get_cookie("_csrf_token").value}
    for _ in range(2):
        client.post("/_dash-update-component",
                    json=action_call(site.app, ids.DUTY_SUPERVISE, alert_id, code),
                    headers=headers)
    with site.sessions() as session:
        orders = session.scalars(select(SupervisionOrder)).all()
    assert [order.ordered_by for order in orders] == [person.name, person.name]
