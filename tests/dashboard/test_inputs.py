"""Hostile input is just bad input: a 400 naming where it was, never a server error."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from dashboard import wiring
from dashboard.app import create_app
from dashboard.config import Settings
from data.domain import Role
from data.models import FailedSignIn
from tests import stores
from tests.dashboard.conftest import Site, form_token

ROUTER = {"output": "app-page.children", "outputs": {"id": "app-page", "property": "children"},
          "inputs": [{"id": "app-url", "property": "pathname", "value": "/"},
                     {"id": "app-url", "property": "search", "value": ""}],
          "changedPropIds": ["app-url.pathname"], "state": []}


@pytest.fixture(params=["sqlite", "postgresql"])
def any_site(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Site]:
    """The app on a fresh migrated store, on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        store = stores.sqlite_copy(request.getfixturevalue("sqlite_template"),
                                   tmp_path / "store.db")
    else:
        store = stores.postgres_schema()
    with store as engine:
        settings = Settings.from_env({}, database_url=engine.url.render_as_string(
            hide_password=False))
        wired = wiring.connect(settings)
        yield Site(create_app(settings, wired), wired.sessions)
        wired.dispose()


def signed_in_callbacks(site: Site):
    client, _ = site.signed_in(Role.ADMIN)
    client.get("/")
    return client, {"X-CSRFToken": client.get_cookie("_csrf_token").value}


def refused(answer, field: str) -> None:
    assert answer.status_code == 400, answer.text
    assert answer.json["error"] == "bad_request" and answer.json["field"] == field


def test_a_nul_in_the_sign_in_form_is_refused_and_nobody_is_counted(any_site):
    client = any_site.client()
    token = form_token(client.get("/login").text)
    answer = client.post("/login", data={"csrf_token": token, "username": "ad\x00min",
                                         "password": "whatever it is"})
    refused(answer, "username")
    assert "NUL" in answer.json["message"]
    with any_site.sessions() as session:
        assert session.scalar(select(func.count()).select_from(FailedSignIn)) == 0


def test_a_nul_in_the_address_is_refused(any_site):
    refused(any_site.client().get("/login?next=/%00evil"), "next")
    assert any_site.client().get("/wall%00").status_code == 400


@pytest.mark.parametrize(("body", "field"), [
    (dict(ROUTER, inputs=[dict(ROUTER["inputs"][0], value="/\ud800"), ROUTER["inputs"][1]]),
     "body.inputs[0].value"),
    (dict(ROUTER, inputs=[dict(ROUTER["inputs"][0], value="/\x00"), ROUTER["inputs"][1]]),
     "body.inputs[0].value"),
    (dict(ROUTER, extra=2**70), "body.extra"),
])
def test_a_callback_body_with_what_no_field_holds_is_refused(any_site, body, field):
    client, headers = signed_in_callbacks(any_site)
    raw = json.dumps(body)  # ensure_ascii keeps the lone surrogate as \\ud800
    refused(client.post("/_dash-update-component", data=raw, headers=headers,
                        content_type="application/json"), field)


def test_json_nested_past_any_form_is_refused_at_any_depth(site):
    client, headers = signed_in_callbacks(site)
    for depth in (100, 100_000):
        raw = "[" * depth + "]" * depth
        answer = client.post("/_dash-update-component", data=raw, headers=headers,
                             content_type="application/json")
        refused(answer, "body")
        assert "nested" in answer.json["message"]


@pytest.mark.parametrize("body", ["[1, 2]", json.dumps({"outputs": {}}), "{}"])
def test_a_callback_body_naming_no_callback_is_refused_as_no_callback(site, body):
    client, headers = signed_in_callbacks(site)
    answer = client.post("/_dash-update-component", data=body, headers=headers,
                         content_type="application/json")
    assert answer.status_code == 403 and answer.json["error"] == "forbidden"


@pytest.mark.parametrize(("body", "field"), [
    ("not json", "body"),
    (json.dumps(dict(ROUTER, inputs=[])), "inputs"),
    (json.dumps(dict(ROUTER, inputs="all")), "inputs"),
    (json.dumps(dict(ROUTER, inputs=[{"id": "app-url"}, ROUTER["inputs"][1]])), "inputs[0]"),
    (json.dumps(dict(ROUTER, inputs=[dict(ROUTER["inputs"][0], id="admin-lang"),
                                     ROUTER["inputs"][1]])), "inputs[0]"),
])
def test_a_callback_body_not_shaped_as_the_page_sends_it_is_refused(site, body, field):
    client, headers = signed_in_callbacks(site)
    refused(client.post("/_dash-update-component", data=body, headers=headers,
                        content_type="application/json"), field)


def test_a_callback_that_cannot_use_a_forged_value_answers_400_not_a_server_error(site):
    client, headers = signed_in_callbacks(site)
    forged = dict(ROUTER, inputs=[dict(ROUTER["inputs"][0], value=5),
                                  dict(ROUTER["inputs"][1], value={"a": [1]})])
    refused(client.post("/_dash-update-component", json=forged, headers=headers), "inputs")
    good = client.post("/_dash-update-component", json=ROUTER, headers=headers)
    assert good.status_code == 200  # the same callback, sent as the page sends it
