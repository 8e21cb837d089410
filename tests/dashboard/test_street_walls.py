"""Street walls: each street's screens get their street's wall alone, from the one snapshot, and
a token bound to a street opens that wall and no other."""

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
from tests.dashboard.test_admin_setup import call
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
                 (ids.ADMIN_TOKEN_STREET, "value", EAST)])
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
                    (ids.ADMIN_TOKEN_STREET, "value", EAST)])
    assert "only a wall's token is bound to a street" in str(refused)
