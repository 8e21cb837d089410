"""District set-up on the admin pages, through the server as the browser calls it: the
workbook's files, an upload refused or previewed then applied, an item edited, a grid layer."""

from __future__ import annotations

import base64
import json
from datetime import date

import pytest
from sqlalchemy import func, select

from dashboard import auth
from data.domain import Role
from data.models import CatalogChange, District, Grid, Item, User
from data.places import sheets
from layouts import ids
from tests import people
from tests.dashboard.conftest import sign_in
from tests.dashboard.test_auth import csrf_header
from tests.data.places import workbooks

XLSX = "data:application/vnd.openxmlformats-officedocument.spreadsheetml.sheet;base64,"


def call(site, client, outputs: list[tuple[str, str]], inputs: list[tuple[str, str, object]],
         state: list[tuple[str, str, object]]) -> dict:
    """Post the callback with these outputs as dash-renderer would; return its response."""
    wanted = [f"{name}.{prop}" for name, prop in outputs]
    key = next(key for key in auth.callback_roles(site.app)
               if all(part in key for part in wanted) and key.count("..") == len(outputs) + 1
               or len(outputs) == 1 and key.split("@")[0] == wanted[0])
    body = {"output": key,
            "outputs": [{"id": name, "property": prop} for name, prop in outputs],
            "inputs": [{"id": name, "property": prop, "value": value}
                       for name, prop, value in inputs],
            "changedPropIds": [f"{inputs[0][0]}.{inputs[0][1]}"],
            "state": [{"id": name, "property": prop, "value": value}
                      for name, prop, value in state]}
    answer = client.post("/_dash-update-component", json=body, headers=csrf_header(client))
    assert answer.status_code == 200, answer.text
    return answer.json["response"]


def upload(site, client, content: bytes, name: str = "district.xlsx") -> dict:
    return call(site, client, [(ids.DISTRICT_RESULT, "children"),
                               (ids.DISTRICT_APPLY, "disabled"), (ids.DISTRICT_PENDING, "data"),
                               (ids.DISTRICT_MESSAGE, "children")],
                [(ids.DISTRICT_UPLOAD, "contents", XLSX + base64.b64encode(content).decode())],
                [(ids.DISTRICT_UPLOAD, "filename", name), (ids.DISTRICT_LANG, "data", "en")])


def apply(site, client, pending: dict | None) -> dict:
    return call(site, client, [(ids.DISTRICT_MESSAGE, "children"),
                               (ids.DISTRICT_APPLY, "disabled"), (ids.DISTRICT_PENDING, "data"),
                               (ids.DISTRICT_CHANGED, "data")],
                [(ids.DISTRICT_APPLY, "n_clicks", 1)],
                [(ids.DISTRICT_PENDING, "data", pending), (ids.DISTRICT_LANG, "data", "en")])


@pytest.fixture
def admin(site):
    client, person = site.signed_in(Role.ADMIN)
    client.get("/admin/district")
    return client, person


def test_an_administrator_downloads_the_template_and_the_current_workbook(site, admin):
    client, _ = admin
    template = client.get("/admin/files/district-template.xlsx")
    assert template.status_code == 200
    assert set(sheets.read(template.data)) == {sheet.key for sheet in sheets.SHEETS}
    assert client.get("/admin/files/district.xlsx").status_code == 200
    leader, _ = site.signed_in(Role.LEADER)
    assert leader.get("/admin/files/district.xlsx").status_code == 403
    assert site.client().get("/admin/files/district.xlsx").status_code == 302


def test_a_bad_workbook_shows_its_refusals_and_changes_nothing(site, admin):
    client, _ = admin
    bad = workbooks.build(workbooks.tables(事项=[
        ["综合执法", "ZF01", "占道经营", "CG", 1, "天", 3, "工作日"]]))
    shown = json.dumps(upload(site, client, bad), ensure_ascii=False).replace('\\"', '"')
    assert "sheet 事项, row 2, column 响应单位: unknown unit \"天\"" in shown
    assert "refused, nothing changed (1 problems)" in shown
    with site.sessions() as session:
        assert session.scalar(select(func.count()).select_from(District)) == 0


def test_a_good_workbook_is_previewed_then_applied_under_the_administrators_name(site, admin):
    client, person = admin
    answer = upload(site, client, workbooks.build(workbooks.tables()))
    shown = json.dumps(answer[ids.DISTRICT_RESULT], ensure_ascii=False)
    assert "applying it makes 12 changes" in shown and "item ZF01: new (占道经营)" in shown
    assert answer[ids.DISTRICT_APPLY]["disabled"] is False
    with site.sessions() as session:  # the preview wrote nothing
        assert session.scalar(select(func.count()).select_from(District)) == 0
    done = apply(site, client, answer[ids.DISTRICT_PENDING]["data"])
    assert f"Applied: 12 changes, recorded as {person.name}" in json.dumps(done,
                                                                           ensure_ascii=False)
    with site.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Item)) == 3
        assert {row.changed_by for row in session.scalars(select(CatalogChange))} == {
            person.name}
    assert "Upload a workbook" in json.dumps(apply(site, client, None))


def test_an_item_edited_keeps_its_history_and_a_bad_limit_is_refused_naming_it(site, admin):
    client, person = admin
    apply(site, client, upload(site, client, workbooks.build(workbooks.tables())
                               )[ids.DISTRICT_PENDING]["data"])
    outputs = [(ids.ITEM_MESSAGE, "children"), (ids.ITEMS_CHANGED, "data")]

    def save(amount: str) -> str:
        return json.dumps(call(site, client, outputs, [(ids.ITEM_SAVE, "n_clicks", 1)], [
            (ids.ITEM_CHOICE, "value", "ZF01"), (ids.ITEM_NAME, "value", "占道经营"),
            (ids.ITEM_LEAD, "value", "CG"), (ids.ITEM_ACTIVE, "value", ["active"]),
            (ids.ITEM_RESPONSE_AMOUNT, "value", "1"), (ids.ITEM_RESPONSE_UNIT, "value",
                                                       "work_hours"),
            (ids.ITEM_RESOLUTION_AMOUNT, "value", amount),
            (ids.ITEM_RESOLUTION_UNIT, "value", "work_days"), (ids.ITEMS_LANG, "data", "en")]),
            ensure_ascii=False).replace('\\"', '"')

    assert "Not done: resolution_amount: \"soon\" is not a positive number" in save("soon")
    assert "Item ZF01 saved: 1 changes" in save("5")
    with site.sessions() as session:
        change = session.scalar(select(CatalogChange).where(
            CatalogChange.code == "ZF01", CatalogChange.field == "resolution_amount"))
        assert (change.before, change.after, change.changed_by) == ("3", "5", person.name)
        assert session.scalar(select(Item.resolution_amount).where(Item.code == "ZF01")) == 5


def test_a_grid_layer_is_previewed_then_imported(site, admin):
    client, _ = admin
    apply(site, client, upload(site, client, workbooks.build(workbooks.tables())
                               )[ids.DISTRICT_PENDING]["data"])
    layer = json.dumps(workbooks.grid_layer()).encode()
    contents = "data:application/geo+json;base64," + base64.b64encode(layer).decode()
    answer = call(site, client, [(ids.GRIDS_RESULT, "children"), (ids.GRIDS_PREVIEW, "figure"),
                                 (ids.GRIDS_APPLY, "disabled"), (ids.GRIDS_PENDING, "data"),
                                 (ids.GRIDS_MESSAGE, "children")],
                  [(ids.GRIDS_UPLOAD, "contents", contents)],
                  [(ids.GRIDS_UPLOAD, "filename", "grids.geojson"), (ids.GRIDS_LANG, "data",
                                                                     "en")])
    assert "3 grids, 3 new, 0 updated" in json.dumps(answer[ids.GRIDS_RESULT])
    assert len(answer[ids.GRIDS_PREVIEW]["figure"]["data"]) == 3
    with site.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Grid)) == 0
    done = call(site, client, [(ids.GRIDS_MESSAGE, "children"), (ids.GRIDS_APPLY, "disabled"),
                               (ids.GRIDS_PENDING, "data")], [(ids.GRIDS_APPLY, "n_clicks", 1)],
                [(ids.GRIDS_PENDING, "data", answer[ids.GRIDS_PENDING]["data"]),
                 (ids.GRIDS_LANG, "data", "en")])
    assert "3 grids created" in json.dumps(done)
    with site.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Grid)) == 3


def test_a_day_entered_on_the_screen_reaches_the_calendar_and_a_bad_one_names_its_field(
        site, admin):
    client, person = admin
    outputs = [(ids.DISTRICT_DAY_MESSAGE, "children"), (ids.DISTRICT_CHANGED, "data")]

    def enter(text: str) -> str:
        return json.dumps(call(site, client, outputs, [(ids.DISTRICT_DAY_ENTER, "n_clicks", 1)],
                               [(ids.DISTRICT_DAY_DATE, "value", text),
                                (ids.DISTRICT_DAY_KIND, "value", "off"),
                                (ids.DISTRICT_LANG, "data", "en")]), ensure_ascii=False)

    assert "Not done: Date: '2027-02-30': YYYY-MM-DD" in enter("2027-02-30")
    assert "2027-01-29 entered as off (day off)" in enter("2027-01-29")
    wired = site.app.server.extensions["dashboard"]
    assert not wired.rules.calendar.is_workday(date(2027, 1, 29))
    assert wired.rules.calendar.source(2027) == "entered"
    shown = json.dumps(call(site, client, [(ids.DISTRICT_DAYS, "children"),
                                           (ids.DISTRICT_WARNINGS, "children")],
                            [(ids.DISTRICT_CHANGED, "data", 1)],
                            [(ids.DISTRICT_LANG, "data", "en")]), ensure_ascii=False)
    assert "2027-01-29" in shown and person.name in shown and "admin screen" in shown
    assert "No official schedule for 2027" not in shown


def test_a_year_without_a_schedule_is_warned_about_on_the_admin_screen(site, admin):
    client, _ = admin
    shown = json.dumps(call(site, client, [(ids.DISTRICT_DAYS, "children"),
                                           (ids.DISTRICT_WARNINGS, "children")],
                            [(ids.DISTRICT_CHANGED, "data", 0)],
                            [(ids.DISTRICT_LANG, "data", "en")]))
    assert "No official schedule for 2027 yet" in shown  # the run lives in 2026


def test_an_administrator_changes_a_users_role_and_resets_their_password(site, admin):
    client, person = admin
    leader = people.make_user(site.sessions, Role.LEADER)
    with site.sessions() as session:
        leader_id = session.scalar(select(User.id).where(User.username == leader.username))
    client.get("/admin")
    changed = call(site, client, [(ids.ADMIN_EDIT_MESSAGE, "children"),
                                  (ids.ADMIN_CHANGED, "data")],
                   [(ids.ADMIN_EDIT_ROLE_SAVE, "n_clicks", 1)],
                   [(ids.ADMIN_EDIT_USER, "value", leader_id), (ids.ADMIN_EDIT_ROLE, "value",
                                                                "duty"),
                    (ids.ADMIN_EDIT_DEPARTMENT, "value", None), (ids.ADMIN_LANG, "data", "en")])
    assert f"{leader.username} now has the role Duty" in json.dumps(changed)
    short = call(site, client, [(ids.ADMIN_EDIT_MESSAGE, "children"),
                                (ids.ADMIN_EDIT_PASSWORD, "value")],
                 [(ids.ADMIN_EDIT_PASSWORD_SAVE, "n_clicks", 1)],
                 [(ids.ADMIN_EDIT_USER, "value", leader_id),
                  (ids.ADMIN_EDIT_PASSWORD, "value", "short"), (ids.ADMIN_LANG, "data", "en")])
    assert "at least 8" in json.dumps(short)
    call(site, client, [(ids.ADMIN_EDIT_MESSAGE, "children"), (ids.ADMIN_EDIT_PASSWORD, "value")],
         [(ids.ADMIN_EDIT_PASSWORD_SAVE, "n_clicks", 1)],
         [(ids.ADMIN_EDIT_USER, "value", leader_id),
          (ids.ADMIN_EDIT_PASSWORD, "value", "a-new-password"), (ids.ADMIN_LANG, "data", "en")])
    assert sign_in(site.client(), leader.username, "a-new-password").status_code == 302
    with site.sessions() as session:
        assert session.scalar(select(User.role).where(User.id == leader_id)) is Role.DUTY
        kept = {(row.field, row.changed_by) for row in session.scalars(
            select(CatalogChange).where(CatalogChange.subject == "user"))}
        assert kept == {("role", person.name), ("password", person.name)}
