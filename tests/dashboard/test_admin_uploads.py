"""The administrator's uploads have a limit of their own: a grid layer larger than any API
body is taken, a file over the limit is refused on the page naming it, a body far over it is
refused with 413 before it is read; nothing is written either way."""

from __future__ import annotations

import base64
import json
import os

import pytest
from sqlalchemy import func, select

from dashboard import auth
from data.domain import Role
from data.models import District, Grid
from data.places import files
from layouts import ids
from tests.dashboard.test_admin_setup import XLSX, apply, call, upload
from tests.dashboard.test_auth import csrf_header
from tests.data.places import workbooks

GEOJSON = "data:application/geo+json;base64,"
CHECK_GRIDS = [(ids.GRIDS_RESULT, "children"), (ids.GRIDS_PREVIEW, "figure"),
               (ids.GRIDS_APPLY, "disabled"), (ids.GRIDS_PENDING, "data"),
               (ids.GRIDS_MESSAGE, "children")]


@pytest.fixture
def admin(site):
    client, person = site.signed_in(Role.ADMIN)
    client.get("/admin/grids")
    return client, person


def check_grids(site, client, content: bytes) -> dict:
    return call(site, client, CHECK_GRIDS,
                [(ids.GRIDS_UPLOAD, "contents", GEOJSON + base64.b64encode(content).decode())],
                [(ids.GRIDS_UPLOAD, "filename", "grids.geojson"),
                 (ids.GRIDS_LANG, "data", "en")])


def counts(site) -> tuple[int, int]:
    with site.sessions() as session:
        return (session.scalar(select(func.count()).select_from(District)),
                session.scalar(select(func.count()).select_from(Grid)))


def test_a_grid_layer_larger_than_any_api_body_is_previewed(site, admin):
    client, _ = admin
    apply(site, client, upload(site, client, workbooks.build(workbooks.tables())
                               )[ids.DISTRICT_PENDING]["data"])
    layer = json.dumps(workbooks.grid_layer(), indent=1).encode() + b" " * (400 * 1024)
    answer = check_grids(site, client, layer)
    assert "3 grids, 3 new, 0 updated" in json.dumps(answer[ids.GRIDS_RESULT])


def test_a_file_over_the_limit_is_refused_on_the_page_naming_it_and_nothing_is_written(
        site, admin, monkeypatch):
    client, _ = admin
    monkeypatch.setattr(files, "MAX_UPLOAD", 64 * 1024)
    shown = json.dumps(upload(site, client, os.urandom(80 * 1024)))
    assert "Not done: the file (80 KiB) is over the limit of 64 KiB" in shown
    answer = check_grids(site, client, b" " * (80 * 1024))
    assert "over the limit of 64 KiB" in json.dumps(answer[ids.GRIDS_RESULT])
    assert answer[ids.GRIDS_APPLY]["disabled"] is True
    assert answer[ids.GRIDS_PENDING]["data"] is None
    # A pending file sent back over the limit is refused too, not applied.
    big = {"contents": XLSX + base64.b64encode(os.urandom(80 * 1024)).decode(), "name": "x"}
    assert "over the limit of 64 KiB" in json.dumps(apply(site, client, big))
    assert counts(site) == (0, 0)


def test_a_body_far_over_the_limit_is_refused_with_413_before_it_is_read(
        site, admin, monkeypatch):
    client, _ = admin
    monkeypatch.setattr(files, "MAX_UPLOAD", 64 * 1024)
    key = next(key for key in auth.callback_roles(site.app)
               if ids.DISTRICT_RESULT in key and ids.DISTRICT_PENDING in key)
    contents = XLSX + base64.b64encode(os.urandom(300 * 1024)).decode()
    body = {"output": key, "outputs": [], "changedPropIds": [f"{ids.DISTRICT_UPLOAD}.contents"],
            "inputs": [{"id": ids.DISTRICT_UPLOAD, "property": "contents", "value": contents}],
            "state": []}
    answer = client.post("/_dash-update-component", json=body, headers=csrf_header(client))
    assert answer.status_code == 413
    assert "over the limit of 128 KiB" in answer.json["message"]
    assert counts(site) == (0, 0)


def test_anyone_but_an_administrator_keeps_the_small_limit(site):
    client, _ = site.signed_in(Role.DUTY)
    client.get("/")
    body = {"output": "x", "padding": " " * (300 * 1024)}
    answer = client.post("/_dash-update-component", json=body, headers=csrf_header(client))
    assert answer.status_code == 413
    assert "over the limit of 256 KiB" in answer.json["message"]
