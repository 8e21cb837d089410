"""A liaison's desk on the server: its own department's room, sent its own desk alone."""

from __future__ import annotations

from dashboard import push
from data.domain import Role
from data.models import Department
from layouts import ids
from tests import people
from tests.dashboard.conftest import sign_in

DESKS = {"D01": {"to_sign": [{"code": "A"}]}, "D02": {"to_sign": [{"code": "B"}]}}
META = {"data_time": "2026-11-12T08:00:00+00:00", "cursor": 9}


def liaison(site, department: str):
    person = people.make_user(site.sessions, Role.DEPARTMENT, department=department)
    client = site.client()
    sign_in(client, person.username, person.password)
    return push.socketio.test_client(site.app.server, flask_test_client=client,
                                     auth={"room": ids.ROOM_DESK})


def test_a_desk_gets_its_own_departments_desk_on_connecting_and_on_every_push(site):
    site.app.server.extensions["push.opening"] = lambda: {"meta": META, "desks": DESKS,
                                                          "kpis": {"open": 3}}
    with site.sessions.begin() as session:
        session.add_all([Department(code=code, name=code, short_name=code, active=True)
                         for code in ("D01", "D02")])
    first, second = liaison(site, "D01"), liaison(site, "D02")
    opened = first.get_received()
    assert [(event["name"], event["args"][0]) for event in opened] == [
        ("snapshot", {"meta": META, "desk": DESKS["D01"]})]
    second.get_received()
    push.publish({"meta": META, "desks": {"D01": {"to_sign": []}, "D02": DESKS["D02"]},
                  "kpis": {"open": 4}, "duty": {"alerts": []}})
    assert first.get_received()[-1]["args"][0] == {"meta": META, "desk": {"to_sign": []}}
    assert second.get_received()[-1]["args"][0] == {"meta": META, "desk": DESKS["D02"]}


def test_nobody_but_a_liaison_joins_a_desk_and_no_wall_is_sent_the_desks(site):
    site.app.server.extensions["push.opening"] = lambda: {"meta": META, "desks": DESKS}
    client, _ = site.signed_in(Role.DUTY)
    duty = push.socketio.test_client(site.app.server, flask_test_client=client,
                                     auth={"room": ids.ROOM_DESK})
    assert not duty.is_connected()
    assert push.parts_for(ids.ROOM_WALL, {"meta": META, "desks": DESKS}) == {"meta": META}
