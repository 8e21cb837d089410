"""Users on the administration page, through the server as the browser calls it: a liaison
created with its department, a user made a liaison, rebound, each change in their history;
a missing or unknown department refused naming the field."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from dashboard import auth
from data.domain import Role
from data.models import CatalogChange, Department, User
from layouts import ids
from tests import people
from tests.dashboard.test_admin_setup import call
from tests.dashboard.test_auth import csrf_header

CREATE = [(ids.ADMIN_USER_MESSAGE, "children"), (ids.ADMIN_USER_PASSWORD, "value"),
          (ids.ADMIN_CHANGED, "data")]
CHANGE = [(ids.ADMIN_EDIT_MESSAGE, "children"), (ids.ADMIN_CHANGED, "data")]


@pytest.fixture
def admin(site):
    with site.sessions.begin() as session:
        session.add_all([Department(code="CG", name="城管局", short_name="城管", active=True),
                         Department(code="SW", name="水务局", short_name="水务", active=True)])
    client, person = site.signed_in(Role.ADMIN)
    client.get("/admin")
    return client, person


def create(site, client, role: str, department: str | None) -> str:
    return json.dumps(call(site, client, CREATE, [(ids.ADMIN_USER_CREATE, "n_clicks", 1)], [
        (ids.ADMIN_USER_USERNAME, "value", "chenjing"), (ids.ADMIN_USER_NAME, "value", "陈静"),
        (ids.ADMIN_USER_ROLE, "value", role), (ids.ADMIN_USER_DEPARTMENT, "value", department),
        (ids.ADMIN_USER_PASSWORD, "value", "a long password"), (ids.ADMIN_LANG, "data", "en")]),
        ensure_ascii=False)


def change(site, client, user_id: int, role: str, department: str | None) -> str:
    return json.dumps(call(site, client, CHANGE, [(ids.ADMIN_EDIT_ROLE_SAVE, "n_clicks", 1)], [
        (ids.ADMIN_EDIT_USER, "value", user_id), (ids.ADMIN_EDIT_ROLE, "value", role),
        (ids.ADMIN_EDIT_DEPARTMENT, "value", department), (ids.ADMIN_LANG, "data", "en")]),
        ensure_ascii=False)


def shown(site, client, user_id: int) -> dict:
    return call(site, client, [(ids.ADMIN_EDIT_ROLE, "value"), (ids.ADMIN_EDIT_DEPARTMENT, "value"),
                               (ids.ADMIN_EDIT_HISTORY, "children")],
                [(ids.ADMIN_EDIT_USER, "value", user_id), (ids.ADMIN_CHANGED, "data", 1)],
                [(ids.ADMIN_LANG, "data", "en")])


def test_a_liaison_created_on_the_screen_is_bound_and_its_history_names_the_administrator(
        site, admin):
    client, person = admin
    options = call(site, client, [(ids.ADMIN_USER_DEPARTMENT, "options"),
                                  (ids.ADMIN_EDIT_DEPARTMENT, "options")],
                   [(ids.ADMIN_CHANGED, "data", 0)], [])
    assert [row["value"] for row in options[ids.ADMIN_USER_DEPARTMENT]["options"]] == ["CG", "SW"]
    assert "chenjing (Department liaison) created" in create(site, client, "department", "CG")
    with site.sessions() as session:
        user = session.scalar(select(User).where(User.username == "chenjing"))
        assert (user.role, user.department.code) == (Role.DEPARTMENT, "CG")
    answer = shown(site, client, user.id)
    assert answer[ids.ADMIN_EDIT_ROLE]["value"] == "department"
    assert answer[ids.ADMIN_EDIT_DEPARTMENT]["value"] == "CG"
    history = json.dumps(answer[ids.ADMIN_EDIT_HISTORY], ensure_ascii=False)
    assert "department" in history and "CG" in history and person.name in history


def test_a_liaison_is_rebound_and_a_leader_made_a_liaison_with_each_change_kept(site, admin):
    client, person = admin
    leader = people.make_user(site.sessions, Role.LEADER)
    create(site, client, "department", "CG")
    with site.sessions() as session:
        ids_ = dict(session.execute(select(User.username, User.id)).all())
    assert "chenjing is now bound to department SW" in change(
        site, client, ids_["chenjing"], "department", "SW")
    assert f"{leader.username} now has the role Department liaison" in change(
        site, client, ids_[leader.username], "department", "CG")
    with site.sessions() as session:
        bound = dict(session.execute(select(User.username, Department.code)
                                .join(User.department)).all())
        assert bound == {"chenjing": "SW", leader.username: "CG"}
        kept = {(row.code, row.field, row.before, row.after, row.changed_by)
                for row in session.scalars(select(CatalogChange))}
    assert kept == {("chenjing", "department", None, "CG", person.name),
                    ("chenjing", "department", "CG", "SW", person.name),
                    (leader.username, "role", "leader", "department", person.name),
                    (leader.username, "department", None, "CG", person.name)}
    history = json.dumps(shown(site, client, ids_["chenjing"])[ids.ADMIN_EDIT_HISTORY],
                         ensure_ascii=False)
    # The newest first: CG → SW, then the binding made at creation, — → CG.
    assert history.index('"SW"') < history.index('"—"')


def test_a_liaison_without_a_department_or_with_an_unknown_one_is_refused_naming_the_field(
        site, admin):
    client, _ = admin
    leader = people.make_user(site.sessions, Role.LEADER)
    assert ("Not done: Department: a department liaison needs a department"
            in create(site, client, "department", None))
    with site.sessions() as session:
        session.execute(Department.__table__.update().where(Department.code == "SW")
                        .values(active=False))
        session.commit()
        leader_id = session.scalar(select(User.id).where(User.username == leader.username))
    assert ("Not done: Department: there is no active department SW"
            in change(site, client, leader_id, "department", "SW"))
    with site.sessions() as session:
        assert session.scalar(select(User.id).where(User.username == "chenjing")) is None
        assert session.get(User, leader_id).role is Role.LEADER
        assert session.scalar(select(CatalogChange.id)) is None


def test_binding_a_liaison_needs_an_administrator_and_the_csrf_token(site, admin):
    client, _ = admin
    leader = people.make_user(site.sessions, Role.LEADER)
    with site.sessions() as session:
        leader_id = session.scalar(select(User.id).where(User.username == leader.username))
    duty, _ = site.signed_in(Role.DUTY)
    duty.get("/")
    key = next(key for key in auth.callback_roles(site.app)
               if ids.ADMIN_EDIT_MESSAGE in key and ids.ADMIN_CHANGED in key
               and "password" not in key)
    body = {"output": key, "outputs": [{"id": name, "property": prop} for name, prop in CHANGE],
            "inputs": [{"id": ids.ADMIN_EDIT_ROLE_SAVE, "property": "n_clicks", "value": 1}],
            "changedPropIds": [f"{ids.ADMIN_EDIT_ROLE_SAVE}.n_clicks"],
            "state": [{"id": ids.ADMIN_EDIT_USER, "property": "value", "value": leader_id},
                      {"id": ids.ADMIN_EDIT_ROLE, "property": "value", "value": "department"},
                      {"id": ids.ADMIN_EDIT_DEPARTMENT, "property": "value", "value": "CG"},
                      {"id": ids.ADMIN_LANG, "property": "data", "value": "en"}]}
    refused = duty.post("/_dash-update-component", json=body, headers=csrf_header(duty))
    assert refused.status_code == 403 and "admin" in refused.json["message"]
    assert client.post("/_dash-update-component", json=body).status_code == 400
    with site.sessions() as session:
        assert session.get(User, leader_id).role is Role.LEADER
        assert session.scalar(select(CatalogChange.id)) is None
