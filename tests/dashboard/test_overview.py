"""The overview on the server: its room, its callbacks' role, and a view read at a cursor."""

from __future__ import annotations

from sqlalchemy import func, select

from callbacks import overview as overview_callbacks
from dashboard import auth, push
from data import clock
from data.domain import Role
from data.models import Event
from layouts import ids, overview
from tests import people
from tests.factories import reported, town
from tests.layouts.components import texts

OPENING = {"meta": {"cursor": 1}, "kpis": {"open": 3}, "streets": [{"code": "S1"}],
           "geometry": {"grids": None}, "duty": {"alerts": [], "complete": True}}


def test_only_leaders_and_above_may_join_the_overview_room_and_it_gets_the_live_tiles(site):
    server = site.app.server
    server.extensions["push.opening"] = lambda: OPENING
    _, token = people.make_token(site.sessions)
    wall = push.socketio.test_client(server, auth={"token": token})
    assert wall.is_connected()
    assert not push.socketio.test_client(server, auth={"token": token, "room": "overview"}
                                         ).is_connected()
    assert not push.socketio.test_client(server, auth={"room": "overview"}).is_connected()
    screens = []
    for role in (Role.LEADER, Role.DUTY, Role.ADMIN):
        client, _ = site.signed_in(role)
        screen = push.socketio.test_client(server, flask_test_client=client,
                                           auth={"room": "overview"})
        assert screen.is_connected()
        [opening] = screen.get_received()
        assert opening["name"] == ids.SNAPSHOT_EVENT
        assert opening["args"][0] == {"meta": {"cursor": 1}, "kpis": {"open": 3}}
        screens.append(screen)
    wall.get_received()
    push.publish({"meta": {"cursor": 2}, "kpis": {"open": 4}, "streets": [],
                  "duty": {"alerts": [], "complete": True}})
    for screen in screens:
        assert screen.get_received()[-1]["args"][0] == {"meta": {"cursor": 2},
                                                         "kpis": {"open": 4}}
    # The wall keeps every part it shows, the tiles too; only the duty queue is not its.
    assert wall.get_received()[-1]["args"][0] == {"meta": {"cursor": 2}, "kpis": {"open": 4},
                                                   "streets": []}


def test_every_callback_of_the_overview_needs_the_leader_role(site):
    roles = {key: role for key, role in auth.callback_roles(site.app).items()
             if "overview-" in key}
    assert len(roles) >= 7
    assert set(roles.values()) == {Role.LEADER}


def newest_event(site) -> int:
    with site.sessions() as session:
        return session.scalar(select(func.max(Event.id)))


def test_the_view_notes_the_cursor_it_was_read_at_and_a_refresh_reads_the_new_moves(site,
                                                                                    rules):
    state = overview.state({}, "zh")
    with site.sessions() as session, site.app.server.test_request_context():
        place = town(session)
        reported(session, rules, place, at=clock.now())
        session.commit()
        _, tiles, _, table, drawn = overview_callbacks.render(state, None)
        assert drawn["cursor"] == newest_event(site)
        assert texts(tiles)[texts(tiles).index("上报数") + 1] == "1"
        reported(session, rules, place, at=clock.now())  # another writer's report
        session.commit()
        _, tiles, _, table, again = overview_callbacks.render(state, {"cursor": drawn["cursor"]})
    assert again["cursor"] == newest_event(site) > drawn["cursor"]
    assert again["at"] >= drawn["at"]
    assert texts(tiles)[texts(tiles).index("上报数") + 1] == "2"
    assert "望江街道" in texts(table)


def test_a_period_that_cannot_be_read_is_never_read_again_by_itself(site):
    state = overview.state({"period": ["someday"]}, "en")
    with site.app.server.test_request_context():
        *_, table, drawn = overview_callbacks.render(state, None)
    assert "Unknown period" in texts(table)[0]
    assert drawn is None  # nothing to compare a push's cursor with: no refresh


def test_the_live_tiles_are_drawn_from_the_pushed_part_without_the_store():
    # Outside any request: there is no store to read, and the tiles need none.
    tiles = overview_callbacks.live({"today_reported": 12, "open": 5}, {"lang": "en"})
    shown = texts(tiles)
    assert shown[shown.index("Reported today") + 1] == "12"
    assert shown[shown.index("Open") + 1] == "5"
