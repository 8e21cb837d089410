"""Connected screens are cut off once their token is revoked or their user deactivated."""

from __future__ import annotations

import time

from dashboard import push, screens
from data import clock
from data.domain import Role
from data.people import access
from tests import people


def wall(site, token: str):
    server = site.app.server
    server.extensions["push.opening"] = lambda: {"meta": {"district": "望潮区"}}
    return push.socketio.test_client(server, auth={"token": token})


def test_a_wall_whose_token_is_revoked_is_disconnected_and_cannot_come_back(site):
    revoked_id, revoked = people.make_token(site.sessions, name="大厅主屏")
    _, kept = people.make_token(site.sessions, name="大厅副屏")
    gone, stays = wall(site, revoked), wall(site, kept)
    assert gone.is_connected() and stays.is_connected()
    people.revoke(site.sessions, revoked_id)
    cut = screens.cut_off(site.app.server, push.socketio)
    assert len(cut) == 1
    assert not gone.is_connected()
    assert stays.is_connected()
    push.publish({"kpis": {"open": 3}})
    assert stays.get_received()[-1]["args"][0] == {"kpis": {"open": 3}}
    assert not wall(site, revoked).is_connected()


def test_a_deactivated_users_console_is_disconnected(site):
    client, person = site.signed_in(Role.DUTY)
    site.app.server.extensions["push.opening"] = lambda: {}
    console = push.socketio.test_client(site.app.server, flask_test_client=client,
                                        auth={"room": "duty"})
    assert console.is_connected()
    assert screens.cut_off(site.app.server, push.socketio) == []
    with site.sessions.begin() as session:
        user = next(u for u in access.users(session) if u.username == person.username)
        access.deactivate_user(session, user.id, "管理员", clock.now())
    assert len(screens.cut_off(site.app.server, push.socketio)) == 1
    assert not console.is_connected()


def test_the_screens_are_watched_by_themselves_while_any_is_connected(site, monkeypatch):
    monkeypatch.setattr(screens, "CHECK_SECONDS", 0.1)
    token_id, token = people.make_token(site.sessions)
    screen = wall(site, token)
    people.revoke(site.sessions, token_id)
    deadline = time.monotonic() + 5
    while screen.is_connected() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not screen.is_connected()
    # With nobody left, the watch ends; the next screen starts it again.
    held = site.app.server.extensions[screens.KEY]
    deadline = time.monotonic() + 5
    while held.watching and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not held.watching
