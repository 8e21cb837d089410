"""Street walls: each street's screens get their street's wall alone, from the one snapshot, and
a token bound to a street opens that wall and no other. Rotating walls: a wall asks over its
open socket for another view, and is moved to that view's room and sent its picture, if its
token may show it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from flask import Flask
from flask_socketio import SocketIOTestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from callbacks import admin
from dashboard import auth, live, push, wiring
from dashboard.config import Settings
from data import clock
from data.domain import Role
from data.incidents.moves import Rules
from data.models import District, Street
from layouts import ids
from tests import people
from tests.dashboard.test_admin_setup import call, csrf_header
from tests.dashboard.test_live import events, picture_of
from tests.factories import EAST, Town, reported, second_street, town

WEST = "330100001"


@pytest.fixture
def place(session: Session, rules: Rules) -> Town:
    """Two streets: the town's with one report, and a second one with two."""
    built = town(session)
    second_street(session, built)
    reported(session, rules, built, at=clock.now() - timedelta(minutes=5))
    for minutes in (4, 3):
        reported(session, rules, built, at=clock.now() - timedelta(minutes=minutes), grid=3)
    session.commit()
    return built


@pytest.fixture
def served(engine: Engine, place: Town) -> Iterator[tuple[live.Live, Flask]]:
    picture = picture_of(engine)
    server = Flask("test")
    wiring.init_app(server, picture.wired)
    auth.init_app(server, Settings())
    push.init_app(server, Settings(), picture.opening)
    picture.lead()
    yield picture, server


def screen(server: Flask, token: str, street: str | None = None) -> SocketIOTestClient:
    asked = {"room": ids.ROOM_STREET, "street": street} if street else {}
    return push.socketio.test_client(server, auth={"token": token, **asked})


def test_a_street_wall_opens_with_its_streets_picture_and_map_alone(served):
    picture, server = served
    token = people.make_token(picture.wired.sessions)[1]
    [(name, opening)] = events(screen(server, token, EAST))
    assert name == ids.OPENING_EVENT
    assert opening["meta"]["street"] == "江南街道" and opening["meta"]["street_code"] == EAST
    grids = [feature["properties"]["code"] for feature in opening["geometry"]["grids"]["features"]]
    assert grids == [f"{EAST}001001"]
    assert opening["geometry"]["values"] == {"open": {f"{EAST}001001": 2}, "overdue": {}}
    assert opening["kpis"]["today_reported"] == 2
    assert picture.snapshot["kpis"]["today_reported"] == 3
    assert [row["name"] for row in opening["streets"]] == ["东湖社区"]
    assert ids.STREET_WALLS not in opening and ids.DUTY not in opening


def test_each_streets_room_is_sent_its_own_street_and_the_district_wall_no_street(
        served, session, rules, place):
    picture, server = served
    token = people.make_token(picture.wired.sessions)[1]
    west, east, district = screen(server, token, WEST), screen(server, token, EAST), \
        screen(server, token)
    for wall in (west, east, district):
        wall.get_received()
    reported(session, rules, place, at=clock.now() - timedelta(minutes=1), grid=3)
    session.commit()
    assert "street_walls" in picture.poll()
    [(_, to_east)] = events(east)
    [(_, to_west)] = events(west)
    [(_, to_district)] = events(district)
    assert to_east == push.street_parts(EAST, picture.snapshot)
    assert to_east["kpis"]["today_reported"] == 3
    assert to_west == push.street_parts(WEST, picture.snapshot)
    assert to_west["kpis"]["today_reported"] == 1 and to_west["meta"]["street"] == "望江街道"
    assert to_district == push.parts_for(ids.ROOM_WALL, picture.snapshot)
    assert ids.STREET_WALLS not in to_district and to_district["kpis"]["today_reported"] == 4


def test_a_street_token_joins_its_streets_room_and_no_other(served):
    picture, server = served
    _, bound = people.make_token(picture.wired.sessions, name="望江分中心", street=WEST)
    assert screen(server, bound, WEST).is_connected()
    assert not screen(server, bound).is_connected()  # the district's wall
    assert not screen(server, bound, EAST).is_connected()
    _, free = people.make_token(picture.wired.sessions)
    assert not screen(server, free, "999999999").is_connected()  # no such street
    assert not push.socketio.test_client(
        server, auth={"token": free, "room": ids.ROOM_STREET}).is_connected()


def test_the_refusal_names_the_street_the_token_opens(served):
    picture, server = served
    _, bound = people.make_token(picture.wired.sessions, name="望江分中心", street=WEST)
    with server.test_request_context():
        principal = auth.token_named(bound)
    assert principal.street == WEST
    assert push.street_refusal(principal, EAST) == (
        f"望江分中心 opens the wall of street {WEST} only, not the wall of street {EAST}")
    assert "not the wall of the district" in push.street_refusal(principal, None)
    assert push.street_refusal(principal, WEST) is None


def streets(site) -> None:
    with site.sessions.begin() as session:
        district = District(code="330100", name="测试区")
        session.add_all([Street(district=district, code=code, name=name, kind="street")
                         for code, name in ((WEST, "望江街道"), (EAST, "江南街道"))])


def test_a_street_token_opens_its_streets_wall_page_and_is_refused_any_other(site):
    streets(site)
    _, bound = people.make_token(site.sessions, name="望江分中心", street=WEST)
    client = site.client()
    refused = client.get(f"/wall?token={bound}&lang=en")
    assert refused.status_code == 403
    assert f"opens the wall of street {WEST} only" in refused.text
    assert f'href="/wall?street={WEST}"' in refused.text
    assert client.get(f"/wall?street={EAST}").status_code == 403
    assert client.get(f"/wall?street={WEST}").status_code == 200
    assert client.get("/wall").status_code == 403
    _, free = people.make_token(site.sessions)
    assert site.client().get(f"/wall?street={EAST}&token={free}").status_code == 200
    assert site.client().get(f"/wall?token={free}").status_code == 200


def test_the_wall_of_a_street_the_district_does_not_hold_says_so(site):
    streets(site)
    _, free = people.make_token(site.sessions)
    answer = site.client().get(f"/wall?street=999999999&token={free}&lang=en")
    assert answer.status_code == 404
    assert "no street with the code 999999999" in answer.text


def test_an_administrator_binds_a_new_token_to_a_street_and_sees_the_binding(site):
    streets(site)
    client, _ = site.signed_in(Role.ADMIN)
    assert client.get("/admin").status_code == 200  # the page gives its CSRF cookie
    with site.app.server.app_context():
        options = admin.street_choices(0)
    assert options == [
        {"label": f"望江街道 ({WEST})", "value": WEST},
        {"label": f"江南街道 ({EAST})", "value": EAST}]
    made = call(site, client, [(ids.ADMIN_TOKEN_MESSAGE, "children"),
                               (ids.ADMIN_CHANGED, "data")],
                [(ids.ADMIN_TOKEN_CREATE, "n_clicks", 1)],
                [(ids.ADMIN_TOKEN_NAME, "value", "江南分中心"),
                 (ids.ADMIN_TOKEN_ROLE, "value", "display"), (ids.ADMIN_LANG, "data", "en"),
                 (ids.ADMIN_TOKEN_STREET, "value", EAST), (ids.ADMIN_TOKEN_ROTATE, "value", None),
                 (ids.ADMIN_TOKEN_EVERY, "value", None)])
    assert f"/wall?street={EAST}&amp;token=" in str(made) or f"/wall?street={EAST}&token=" \
        in str(made)
    tables = call(site, client, [(ids.ADMIN_TOKENS, "children"), (ids.ADMIN_USERS, "children"),
                                 (ids.ADMIN_EDIT_USER, "options")],
                  [(ids.ADMIN_CHANGED, "data", 1)], [(ids.ADMIN_LANG, "data", "en")])
    assert f"江南街道 ({EAST})" in str(tables[ids.ADMIN_TOKENS])
    refused = call(site, client, [(ids.ADMIN_TOKEN_MESSAGE, "children"),
                                  (ids.ADMIN_CHANGED, "data")],
                   [(ids.ADMIN_TOKEN_CREATE, "n_clicks", 2)],
                   [(ids.ADMIN_TOKEN_NAME, "value", "值班台"),
                    (ids.ADMIN_TOKEN_ROLE, "value", "duty"), (ids.ADMIN_LANG, "data", "en"),
                    (ids.ADMIN_TOKEN_STREET, "value", EAST),
                    (ids.ADMIN_TOKEN_ROTATE, "value", None),
                    (ids.ADMIN_TOKEN_EVERY, "value", None)])
    assert "only a wall's token is bound to a street" in str(refused)


def view(wall: SocketIOTestClient, street: str | None) -> dict:
    """Ask for the view of `street` (None: the district's); the server's answer."""
    return wall.emit(ids.VIEW_EVENT, {"street": street}, callback=True)


def test_a_wall_turns_to_a_streets_view_and_is_pushed_that_street_alone(
        served, session, rules, place):
    picture, server = served
    wall = screen(server, people.make_token(picture.wired.sessions)[1])
    wall.get_received()
    assert view(wall, EAST) == {"street": EAST}
    [(name, opening)] = events(wall)
    assert name == ids.OPENING_EVENT
    assert opening == push.street_parts(EAST, picture.opening())
    assert opening["meta"]["street_code"] == EAST and opening["kpis"]["today_reported"] == 2
    reported(session, rules, place, at=clock.now() - timedelta(minutes=1), grid=3)
    session.commit()
    picture.poll()
    [(_, pushed)] = events(wall)  # its street's push, and not the district's as well
    assert pushed["meta"]["street_code"] == EAST and pushed["kpis"]["today_reported"] == 3
    assert view(wall, None) == {"street": None}
    [(_, district)] = events(wall)
    assert "street_code" not in district["meta"] and district["kpis"]["today_reported"] == 4


def test_a_street_token_asking_for_another_view_is_refused_and_stays_on_its_street(
        served, session, rules, place):
    picture, server = served
    _, bound = people.make_token(picture.wired.sessions, name="望江分中心", street=WEST)
    wall = screen(server, bound, WEST)
    wall.get_received()
    assert view(wall, EAST) == {"error": f"望江分中心 opens the wall of street {WEST} only, "
                                         f"not the wall of street {EAST}"}
    assert "not the wall of the district" in view(wall, None)["error"]
    assert events(wall) == []
    reported(session, rules, place, at=clock.now() - timedelta(minutes=1))
    session.commit()
    picture.poll()
    [(_, pushed)] = events(wall)
    assert pushed["meta"]["street_code"] == WEST


def test_a_view_of_no_street_or_of_no_code_is_refused_naming_the_street(served):
    picture, server = served
    wall = screen(server, people.make_token(picture.wired.sessions)[1])
    wall.get_received()
    assert view(wall, "999999999") == {"error": "street: no street '999999999' in the district"}
    for wrong in ({"street": ""}, {"street": 5}, "S01", None):
        answer = wall.emit(ids.VIEW_EVENT, wrong, callback=True)
        assert answer["error"].startswith("street: a street's code"), wrong
    assert events(wall) == []


def test_a_rotating_token_shows_its_listed_views_alone(served):
    picture, server = served
    _, token = people.make_token(picture.wired.sessions, name="大厅轮播",
                                 rotate=f"{EAST},district", every=30)
    wall = screen(server, token)
    assert wall.is_connected()
    assert view(wall, EAST) == {"street": EAST}
    assert view(wall, WEST)["error"] == (f"大厅轮播 rotates through {EAST}, district only, "
                                         f"not the wall of street {WEST}")
    assert not screen(server, token, WEST).is_connected()


def test_only_a_wall_changes_its_view(served):
    picture, server = served
    _, duty = people.make_token(picture.wired.sessions, role=Role.DUTY)
    console = push.socketio.test_client(server, auth={"token": duty, "room": ids.ROOM_DUTY})
    console.get_received()
    assert view(console, EAST) == {"error": "only a wall changes its view"}
    assert events(console) == []


def test_a_rotating_token_opens_the_wall_of_its_views_and_no_other(site):
    streets(site)
    _, token = people.make_token(site.sessions, name="大厅轮播", rotate=f"district,{EAST}",
                                 every=20)
    client = site.client()
    assert client.get(f"/wall?token={token}").status_code == 200
    assert client.get(f"/wall?street={EAST}").status_code == 200
    refused = client.get(f"/wall?street={WEST}&lang=en")
    assert refused.status_code == 403
    assert f"rotates through district, {EAST} only, not {WEST}" in refused.text


def test_a_wall_address_with_a_rotation_that_is_no_interval_is_refused_naming_rotate(site):
    client, _ = site.signed_in(Role.LEADER)
    assert client.get("/wall?rotate=30").status_code == 200
    for wrong in ("abc", "1", "99999"):
        answer = client.get(f"/wall?rotate={wrong}&lang=en")
        assert answer.status_code == 400, wrong
        assert "rotate: whole seconds from 3 to 3600" in answer.text


def wall_labels(site, client, search: str) -> dict:
    """The texts and settings of the wall page at /wall`search`, as the router lays it out."""
    body = {"output": f"{ids.APP_PAGE}.children",
            "outputs": {"id": ids.APP_PAGE, "property": "children"},
            "inputs": [{"id": ids.APP_URL, "property": "pathname", "value": "/wall"},
                       {"id": ids.APP_URL, "property": "search", "value": search}],
            "changedPropIds": [f"{ids.APP_URL}.pathname"], "state": []}
    answer = client.post("/_dash-update-component", json=body, headers=csrf_header(client))
    assert answer.status_code == 200, answer.text
    page = answer.json["response"]
    found = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if node.get("props", {}).get("id") == ids.WALL_LABELS:
                found.append(node["props"]["data"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
    walk(page)
    return found[0]


def test_a_person_rotates_the_wall_through_the_district_and_every_street_by_its_address(site):
    streets(site)
    client, _ = site.signed_in(Role.LEADER)
    assert client.get("/wall?rotate=15").status_code == 200
    turning = wall_labels(site, client, "?rotate=15")["rotation"]
    assert turning == {"views": [None, WEST, EAST], "every": 15,
                       "names": ["全区", "望江街道", "江南街道"]}
    assert wall_labels(site, client, "")["rotation"] is None


def test_a_rotating_tokens_wall_turns_through_its_own_views(site):
    streets(site)
    _, token = people.make_token(site.sessions, name="大厅轮播", rotate=f"{EAST},district",
                                 every=20)
    client = site.client()
    assert client.get(f"/wall?token={token}&rotate=5").status_code == 200
    labels = wall_labels(site, client, "?rotate=5")  # its own interval, not the address's
    assert labels["rotation"] == {"views": [EAST, None], "every": 20,
                                  "names": ["江南街道", "全区"]}
    assert labels["view"] == EAST  # it opens on its first view


def make_on_screen(site, client, name: str, views: str | None, every: str | None) -> str:
    """What the administration page says after making a wall's token with this rotation."""
    return str(call(site, client, [(ids.ADMIN_TOKEN_MESSAGE, "children"),
                                   (ids.ADMIN_CHANGED, "data")],
                    [(ids.ADMIN_TOKEN_CREATE, "n_clicks", 1)],
                    [(ids.ADMIN_TOKEN_NAME, "value", name),
                     (ids.ADMIN_TOKEN_ROLE, "value", "display"), (ids.ADMIN_LANG, "data", "en"),
                     (ids.ADMIN_TOKEN_STREET, "value", None),
                     (ids.ADMIN_TOKEN_ROTATE, "value", views),
                     (ids.ADMIN_TOKEN_EVERY, "value", every)]))


def test_an_administrator_makes_a_rotating_token_and_is_told_what_is_wrong_with_one(site):
    streets(site)
    client, _ = site.signed_in(Role.ADMIN)
    assert client.get("/admin").status_code == 200
    made = make_on_screen(site, client, "大厅轮播", f"district, {EAST}", "20")
    assert "/wall?token=" in made
    tables = call(site, client, [(ids.ADMIN_TOKENS, "children"), (ids.ADMIN_USERS, "children"),
                                 (ids.ADMIN_EDIT_USER, "options")],
                  [(ids.ADMIN_CHANGED, "data", 1)], [(ids.ADMIN_LANG, "data", "en")])
    assert f"district, {EAST}, every 20 s" in str(tables[ids.ADMIN_TOKENS])
    for views, every, said in ((f"district,{EAST}", "2", "whole seconds from 3 to 3600"),
                               ("district,999999999", "", "no active street 999999999"),
                               (f"{EAST},{EAST}", "30", f"listed twice: {EAST}")):
        assert said in make_on_screen(site, client, "x", views, every)
