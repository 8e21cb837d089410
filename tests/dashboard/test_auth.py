"""Every page, callback and API call is checked on the server: who is asking, and their role."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from callbacks import pages
from dashboard import auth, push, wiring
from dashboard.app import create_app
from dashboard.config import Settings
from data.domain import Role
from data.models import FailedSignIn
from data.people import access
from layouts.text import t
from tests import people, stores
from tests.dashboard.conftest import form_token, sign_in
from tests.layouts.components import walk

# The role table of PRODUCT §7, written out: each ranked role includes the ones before it;
# a department liaison stands beside them, with the wall, its desk, and the list and pages
# of its department's incidents alone.
EVERYONE = frozenset(Role)
LEADERS = frozenset({Role.LEADER, Role.DUTY, Role.ADMIN})
OPENS = {"/wall": EVERYONE, "/": LEADERS, "/desk": {Role.DEPARTMENT},
         "/duty": {Role.DUTY, Role.ADMIN}, "/incidents": LEADERS | {Role.DEPARTMENT},
         "/incidents/X1": LEADERS | {Role.DEPARTMENT}, "/scorecards": LEADERS,
         "/admin": {Role.ADMIN}, "/admin/district": {Role.ADMIN}, "/admin/items": {Role.ADMIN},
         "/admin/grids": {Role.ADMIN}, "/admin/webhooks": {Role.ADMIN},
         "/status": {Role.ADMIN}}
ROUTER = "app-page.children"


def address(route: pages.Route) -> str:
    return route.path.rstrip("/") + "/X1" if route.prefix else route.path


def router_call(path: str) -> dict:
    """The body dash-renderer posts when the address changes."""
    return {"output": ROUTER, "outputs": {"id": "app-page", "property": "children"},
            "inputs": [{"id": "app-url", "property": "pathname", "value": path},
                       {"id": "app-url", "property": "search", "value": ""}],
            "changedPropIds": ["app-url.pathname"], "state": []}


def csrf_header(client) -> dict[str, str]:
    return {"X-CSRFToken": client.get_cookie("_csrf_token").value}


def test_the_role_table_names_every_page():
    assert {address(route) for route in pages.ROUTES} == set(OPENS)


@pytest.mark.parametrize("route", pages.ROUTES, ids=address)
@pytest.mark.parametrize("role", [None, *Role], ids=lambda role: role or "anonymous")
def test_each_page_opens_for_its_role_and_above_and_is_refused_below(site, route, role):
    if role is None:
        answer = site.client().get(address(route))
        assert answer.status_code == 302
        target = urlsplit(answer.headers["Location"])
        assert target.path == "/login"
        assert parse_qs(target.query)["next"] == [address(route)]
        return
    client, person = site.signed_in(role)
    answer = client.get(address(route))
    if role in OPENS[address(route)]:
        assert answer.status_code == 200
    else:
        assert answer.status_code == 403
        assert "无权访问" in answer.text and person.name in answer.text


def test_refusal_page_speaks_english_when_the_address_asks(site):
    client, _ = site.signed_in(Role.LEADER)
    answer = client.get("/admin?lang=en")
    assert answer.status_code == 403
    assert "Not allowed" in answer.text and "Administrator" in answer.text


def test_display_sees_only_the_wall(site):
    client, _ = site.signed_in(Role.DISPLAY)
    refused = [address(route) for route in pages.ROUTES
               if client.get(address(route)).status_code == 403]
    assert set(refused) == set(OPENS) - {"/wall"}


def test_every_callback_of_the_app_carries_a_role(site):
    roles = auth.callback_roles(site.app)
    missing = [key for key in site.app.callback_map if key not in roles]
    assert missing == []


def test_every_api_view_carries_a_role(site):
    server = site.app.server
    views = {rule.endpoint: server.view_functions[rule.endpoint]
             for rule in server.url_map.iter_rules() if rule.endpoint.startswith("api.")}
    assert views  # the API is served
    assert [name for name, view in views.items() if auth.least_role(view) is None] == []


def test_a_callback_without_a_session_is_refused_with_401(site):
    answer = site.client().post("/_dash-update-component", json=router_call("/wall"))
    assert answer.status_code == 401
    assert answer.json["error"] == "unauthenticated"


def test_a_callback_above_the_callers_role_is_refused_with_403_naming_the_role(site):
    client, person = site.signed_in(Role.LEADER)
    client.get("/")
    admin_only = next(key for key, role in auth.callback_roles(site.app).items()
                      if role is Role.ADMIN)
    answer = client.post("/_dash-update-component", json={**router_call("/"),
                                                          "output": admin_only},
                         headers=csrf_header(client))
    assert answer.status_code == 403
    assert "admin" in answer.json["message"] and person.name in answer.json["message"]


def test_a_callback_without_the_csrf_header_is_refused_with_400_naming_the_token(site):
    client, _ = site.signed_in(Role.DISPLAY)
    client.get("/wall")
    answer = client.post("/_dash-update-component", json=router_call("/wall"))
    assert answer.status_code == 400
    assert "CSRF token is missing" in answer.json["message"]
    assert "X-CSRFToken" in answer.json["message"]
    answer = client.post("/_dash-update-component", json=router_call("/wall"),
                         headers=csrf_header(client))
    assert answer.status_code == 200


def test_the_csrf_cookie_is_readable_by_the_page_and_the_session_cookie_is_not(site):
    client, _ = site.signed_in(Role.LEADER)
    cookies = client.get("/").headers.getlist("Set-Cookie")
    csrf = next(c for c in cookies if c.startswith("_csrf_token="))
    assert "HttpOnly" not in csrf and "SameSite=Strict" in csrf
    session = sign_in(site.client(), *_credentials(site, Role.DUTY)).headers["Set-Cookie"]
    assert "HttpOnly" in session and "SameSite=Lax" in session


def _credentials(site, role: Role) -> tuple[str, str]:
    person = people.make_user(site.sessions, role)
    return person.username, person.password


def test_a_page_reached_without_reload_is_refused_by_the_router_too(site):
    client, _ = site.signed_in(Role.DISPLAY)
    client.get("/wall")
    answer = client.post("/_dash-update-component", json=router_call("/admin"),
                         headers=csrf_header(client))
    assert answer.status_code == 200
    assert "无权访问" in str(answer.json) and "admin-tokens" not in str(answer.json)


def test_a_wall_address_signs_in_as_its_display_until_the_token_is_revoked(site):
    token_id, token = people.make_token(site.sessions)
    client = site.client()
    assert client.get(f"/wall?token={token}").status_code == 200
    assert client.get("/wall").status_code == 200  # the session remembers the display
    client.post("/_dash-update-component", json=router_call("/wall"),
                headers=csrf_header(client))
    people.revoke(site.sessions, token_id)
    assert client.get("/wall").status_code == 302  # the very next request
    assert client.post("/_dash-update-component", json=router_call("/wall"),
                       headers=csrf_header(client)).status_code == 401
    refused = client.get(f"/wall?token={token}")
    assert refused.status_code == 401 and "已被撤销" in refused.text


def test_only_a_display_token_opens_pages_by_address(site):
    _, token = people.make_token(site.sessions, Role.ADMIN, "值班台")
    answer = site.client().get(f"/admin?token={token}")
    assert answer.status_code == 403 and "不是大屏令牌" in answer.text


def test_sign_in_goes_to_next_and_sign_out_ends_the_session(site):
    person = people.make_user(site.sessions, Role.ADMIN)
    client = site.client()
    answer = sign_in(client, person.username, person.password, next_path="/admin?lang=en")
    assert answer.headers["Location"] == "/admin?lang=en"
    token = form_token(client.get("/logout").text)
    assert client.post("/logout", data={"csrf_token": token}).status_code == 302
    assert client.get("/admin").status_code == 302


@pytest.mark.parametrize("target", ["//evil.example/x", "https://evil.example/x",
                                    "/\\evil.example", "javascript:alert(1)", "evil"])
def test_next_pointing_anywhere_but_this_site_is_ignored(site, target):
    person = people.make_user(site.sessions, Role.LEADER)
    answer = sign_in(site.client(), person.username, person.password, next_path=target)
    assert answer.status_code == 302 and answer.headers["Location"] == "/"


def test_repeated_wrong_passwords_are_slowed_with_a_message_saying_when(site):
    person = people.make_user(site.sessions, Role.DUTY)
    client = site.client()
    for _ in range(4):
        answer = sign_in(client, person.username, "wrong password")
        assert answer.status_code == 401 and "用户名或密码不正确" in answer.text
        assert "后再试" not in answer.text
    fifth = sign_in(client, person.username, "wrong password")
    with site.sessions() as session:
        wait_until = session.scalar(select(FailedSignIn.wait_until).where(
            FailedSignIn.username == person.username))
    shown = wait_until.astimezone(ZoneInfo("Asia/Shanghai")).strftime("%H:%M:%S")
    assert fifth.status_code == 401 and f"请于 {shown} 后再试" in fifth.text
    waiting = sign_in(client, person.username, person.password, lang="en")
    assert waiting.status_code == 429
    assert f"try again after {shown}" in waiting.text
    assert "Wrong username" not in waiting.text  # the password was not even checked


def test_behind_a_proxy_failures_from_one_client_never_slow_another(tmp_path, sqlite_template):
    with stores.sqlite_copy(sqlite_template, tmp_path / "proxied.db") as engine:
        settings = Settings.from_env({"DASHBOARD_TRUSTED_PROXIES": "1"},
                                     database_url=engine.url.render_as_string())
        wired = wiring.connect(settings)
        app = create_app(settings, wired)
        person = people.make_user(wired.sessions, Role.ADMIN)
        attacker, admin = app.server.test_client(), app.server.test_client()
        attacker.environ_base["HTTP_X_FORWARDED_FOR"] = "203.0.113.7"
        admin.environ_base["HTTP_X_FORWARDED_FOR"] = "10.1.2.3"
        for _ in range(8):
            assert sign_in(attacker, person.username, "wrong password").status_code in (401, 429)
        assert sign_in(attacker, person.username, person.password).status_code == 429
        assert sign_in(admin, person.username, person.password).status_code == 302
        with wired.sessions() as session:
            clients = set(session.scalars(select(FailedSignIn.client).where(
                FailedSignIn.failures > 0)))
        assert clients == {"203.0.113.7"}
        wired.dispose()


def test_an_unknown_username_is_answered_exactly_like_a_wrong_password(site):
    person = people.make_user(site.sessions, Role.DUTY)
    answers = {name: [sign_in(site.client(), name, "wrong password") for _ in range(6)]
               for name in (person.username, "nobody")}
    for known, unknown in zip(answers[person.username], answers["nobody"], strict=True):
        assert known.status_code == unknown.status_code
        assert said(known.text) == said(unknown.text)


def said(page: str) -> list[str]:
    """The refusals a sign-in page shows, with the clock's reading taken out."""
    errors = re.findall(r'class="sign-in-error"[^>]*>([^<]*)<', page)
    return [re.sub(r"\d+", "N", error) for error in errors]


def test_api_takes_a_bearer_token_and_names_the_person_it_acts_for(site):
    person = people.make_user(site.sessions, Role.DUTY)
    _, token = people.make_token(site.sessions, Role.DUTY, "值班台", for_user=person.username)
    answer = site.client().get("/api/v1/whoami", headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 200
    assert answer.json == {"name": person.name, "role": "duty", "kind": "token"}


def test_api_refusals_are_json_naming_what_is_wrong(site):
    client = site.client()
    anonymous = client.get("/api/v1/whoami")
    assert anonymous.status_code == 401 and "Bearer" in anonymous.json["message"]
    bad = client.get("/api/v1/whoami", headers={"Authorization": "Bearer nonsense"})
    assert bad.status_code == 401 and "unknown or revoked" in bad.json["message"]
    missing = client.get("/api/v1/no-such-thing")
    assert missing.status_code == 404 and missing.json["error"] == "not_found"


def test_api_changes_need_csrf_with_a_session_but_not_with_a_bearer_token(site):
    server = site.app.server
    server.add_url_rule("/api/v1/echo", endpoint="api.echo", methods=["POST"],
                        view_func=auth.requires(Role.DUTY)(lambda: {"by": auth.current_name()}))
    client, person = site.signed_in(Role.DUTY)
    client.get("/")
    refused = client.post("/api/v1/echo", json={})
    assert refused.status_code == 400 and "CSRF" in refused.json["message"]
    assert client.post("/api/v1/echo", json={}, headers=csrf_header(client)).json == {
        "by": person.name}
    _, token = people.make_token(site.sessions, Role.DUTY, "值班台")
    bearer = site.client().post("/api/v1/echo", json={},
                                headers={"Authorization": f"Bearer {token}"})
    assert bearer.status_code == 200 and bearer.json == {"by": "值班台"}
    _, wall = people.make_token(site.sessions)
    low = site.client().post("/api/v1/echo", json={}, headers={"Authorization": f"Bearer {wall}"})
    assert low.status_code == 403 and "duty" in low.json["message"]


def test_healthz_tells_anyone_only_whether_it_serves(site):
    answer = site.client().get("/healthz")
    assert (answer.status_code, answer.json) == (200, {"status": "ok"})
    assert "sqlite" not in answer.text and "counts" not in answer.text
    leader, _ = site.signed_in(Role.LEADER)
    assert leader.get("/healthz").json == {"status": "ok"}


def test_healthz_gives_an_administrator_the_stores_details(site):
    admin, _ = site.signed_in(Role.ADMIN)
    body = admin.get("/healthz").json
    assert body["status"] == "ok" and body["database"].startswith("sqlite:///")
    assert body["counts"]["incidents"] == 0 and body["schema"]["current"] == body["schema"]["head"]
    _, token = people.make_token(site.sessions, role=Role.ADMIN)
    by_token = site.client().get("/healthz", headers={"Authorization": f"Bearer {token}"})
    assert by_token.json["counts"] == body["counts"]


def test_a_screen_connects_with_a_session_or_a_token_and_never_anonymously(site):
    server = site.app.server
    server.extensions["push.opening"] = lambda: {"meta": {"district": "望潮区"}}
    assert not push.socketio.test_client(server).is_connected()
    token_id, token = people.make_token(site.sessions)
    wall = push.socketio.test_client(server, auth={"token": token})
    assert wall.is_connected()
    assert [event["name"] for event in wall.get_received()] == ["opening"]
    client, _ = site.signed_in(Role.LEADER)
    leader = push.socketio.test_client(server, flask_test_client=client)
    assert leader.is_connected()
    leader.get_received()
    push.publish({"kpis": {"open": 7}})  # both joined the wall's room
    assert wall.get_received()[-1]["args"][0] == {"kpis": {"open": 7}}
    assert leader.get_received()[-1]["args"][0] == {"kpis": {"open": 7}}
    people.revoke(site.sessions, token_id)
    assert not push.socketio.test_client(server, auth={"token": token}).is_connected()


def test_a_flask_view_is_open_to_its_marked_role_and_never_to_a_wall_when_unmarked(site):
    server = site.app.server
    server.add_url_rule("/report.txt", endpoint="report", view_func=lambda: "report")
    server.add_url_rule("/duty.txt", endpoint="duty_report",
                        view_func=auth.requires(Role.DUTY)(lambda: "duty report"))
    assert site.client().get("/report.txt").status_code == 302
    wall, _ = site.signed_in(Role.DISPLAY)
    leader, _ = site.signed_in(Role.LEADER)
    assert wall.get("/report.txt").status_code == 403
    assert leader.get("/report.txt").text == "report"
    assert leader.get("/duty.txt").status_code == 403


def test_every_refusal_of_a_change_to_users_and_tokens_is_said_in_both_languages():
    source = ast.parse(Path(access.__file__).read_text(encoding="utf-8"))
    calls = [node for node in ast.walk(source) if isinstance(node, ast.Call)
             and getattr(node.func, "id", None) == "AccessError"]
    assert len(calls) >= 8
    for call in calls:
        values = {keyword.arg: 1 for keyword in call.keywords}
        for lang in ("zh", "en"):
            said = t(f"access_{call.args[0].value}", lang).format(**values)
            assert "{" not in said


def test_a_wall_address_opened_by_a_signed_in_person_keeps_their_session(site):
    client, person = site.signed_in(Role.ADMIN)
    _, token = people.make_token(site.sessions)
    assert client.get(f"/wall?token={token}").status_code == 200
    assert client.get("/admin").status_code == 200
    assert client.get("/api/v1/whoami").json["name"] == person.name


def _output_ids(key: str) -> list[object]:
    """The component ids a callback's key (as in `app.callback_map`) writes to."""
    found = []
    for part in key.strip(".").split("..."):
        component = part.rsplit(".", 1)[0].strip(".")
        found.append(json.loads(component) if component.startswith("{") else component)
    return found


def _id_key(component: object) -> object:
    """A component id as callbacks name it; pattern ids by their type."""
    return component.get("type") if isinstance(component, dict) else component


def test_every_callback_carries_at_least_the_role_of_the_page_it_draws(site):
    pages_of: dict[object, list[access.Need]] = {}
    with site.app.server.test_request_context("/"):
        for route in pages.ROUTES:
            layout = route.layout(pages.Request(route.path, {}, "zh", "X1"))
            for item in walk(layout):
                if getattr(item, "id", None) is not None:
                    pages_of.setdefault(_id_key(item.id), []).append(route.role)
    checked = 0
    for key, need in auth.callback_roles(site.app).items():
        drawn = [pages_of[_id_key(o)] for o in _output_ids(key) if _id_key(o) in pages_of]
        if drawn:
            checked += 1
            # Whoever may call the callback may open a page that shows what it draws.
            for role in access.ROLES:
                if access.admits(role, need):
                    assert all(any(access.admits(role, page) for page in pages)
                               for pages in drawn), (key, role, need)
    assert checked > 20


@pytest.mark.parametrize(("role", "home"), [(Role.DEPARTMENT, "/desk"), (Role.LEADER, "/"),
                                            (Role.DUTY, "/duty"), (Role.ADMIN, "/admin"),
                                            (Role.DISPLAY, "/wall")])
def test_signing_in_without_next_lands_on_the_roles_page(site, role, home):
    answer = sign_in(site.client(), *_credentials(site, role))
    assert answer.status_code == 302 and answer.headers["Location"] == home


def test_a_liaison_is_a_wall_and_its_desk_and_nothing_a_leader_is():
    assert access.includes(Role.DEPARTMENT, Role.DISPLAY)
    assert access.includes(Role.DEPARTMENT, Role.DEPARTMENT)
    assert not access.includes(Role.DEPARTMENT, Role.LEADER)
    assert not any(access.includes(role, Role.DEPARTMENT)
                   for role in (Role.DISPLAY, Role.LEADER, Role.DUTY, Role.ADMIN))


def test_a_liaisons_callback_for_a_leader_is_refused_naming_the_role(site):
    client, person = site.signed_in(Role.DEPARTMENT)
    client.get("/wall")
    leader_only = next(key for key, role in auth.callback_roles(site.app).items()
                       if role is Role.LEADER)
    answer = client.post("/_dash-update-component", json={**router_call("/wall"),
                                                          "output": leader_only},
                         headers=csrf_header(client))
    assert answer.status_code == 403
    assert "leader" in answer.json["message"] and person.name in answer.json["message"]
