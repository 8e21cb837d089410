"""The scorecards on the server: the bulletin's files and the weights, each checked by role."""

from __future__ import annotations

import io
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from openpyxl import load_workbook

from data.domain import Role
from data.figures import weights
from layouts import ids
from tests.dashboard.test_auth import csrf_header
from tests.factories import handled, local, town

SAVE = (f"..{ids.SCORECARDS_WEIGHTS_MESSAGE}.children...{ids.SCORECARDS_WEIGHTS_MESSAGE}"
        f".className...{ids.SCORECARDS_QUERY}.data..")
QUERY = {"period": "month", "lang": "zh"}
NOVEMBER = "2025-11-01..2025-11-30"


@pytest.fixture
def district(site, rules):
    """The tiny district with one incident dispatched to the water department in November."""
    with site.sessions.begin() as session:
        handled(session, rules, town(session), local(2025, 11, 3, 10), signed=timedelta(minutes=1))
    return site


def save_call(percents: dict[str, float], minimum: object = 10) -> dict:
    """The body dash-renderer posts when the administrator saves the weights."""
    fields = [{"type": ids.SCORECARDS_WEIGHT, "figure": name} for name in percents]
    field = {"type": ids.SCORECARDS_MINIMUM, "field": "minimum"}
    return {
        "output": SAVE,
        "outputs": [{"id": ids.SCORECARDS_WEIGHTS_MESSAGE, "property": "children"},
                    {"id": ids.SCORECARDS_WEIGHTS_MESSAGE, "property": "className"},
                    {"id": ids.SCORECARDS_QUERY, "property": "data"}],
        "inputs": [{"id": ids.SCORECARDS_WEIGHTS_SAVE, "property": "n_clicks", "value": 1}],
        "changedPropIds": [f"{ids.SCORECARDS_WEIGHTS_SAVE}.n_clicks"],
        "state": [[{"id": field, "property": "value", "value": value}
                   for field, value in zip(fields, percents.values(), strict=True)],
                  [{"id": field, "property": "id", "value": field} for field in fields],
                  [{"id": field, "property": "value", "value": minimum}],
                  {"id": ids.SCORECARDS_QUERY, "property": "data", "value": QUERY}],
    }


def test_a_leader_downloads_the_department_scorecard_as_a_workbook(district):
    client, _ = district.signed_in(Role.LEADER)
    answer = client.get(f"/scorecards/export.xlsx?period={NOVEMBER}&unit=department")
    assert answer.status_code == 200
    assert answer.mimetype.endswith("spreadsheetml.sheet")
    assert "attachment" in answer.headers["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(answer.data)).active
    assert sheet["A1"].value == "测试区 职能部门考核 2025年11月"
    # One incident is below the minimum sample (10): listed, marked, not ranked.
    assert [(row[0].value, row[1].value) for row in sheet.iter_rows(min_row=3)] == [
        ("样本不足", "区城市管理局"), ("样本不足", "公安分局"), ("样本不足", "区水利局")]


def test_the_bulletin_files_rank_the_units_at_the_minimum_sample_the_administrator_set(
        district):
    with district.sessions.begin() as session:
        weights.set(session, weights.DEFAULTS, "管理员 赵敏", local(2025, 12, 1), minimum=1)
    client, _ = district.signed_in(Role.LEADER)
    answer = client.get(f"/scorecards/export.xlsx?period={NOVEMBER}&unit=department")
    sheet = load_workbook(io.BytesIO(answer.data)).active
    assert [(row[0].value, row[1].value) for row in sheet.iter_rows(min_row=3)] == [
        (1, "区水利局"), ("样本不足", "区城市管理局"), ("样本不足", "公安分局")]
    lines = client.get(f"/scorecards/export.csv?period={NOVEMBER}&unit=department&lang=en"
                       ).data.decode("utf-8-sig").splitlines()
    assert [line.split(",")[0] for line in lines[2:]] == ["1", "too few", "too few"]


def test_the_csv_is_served_with_a_byte_order_mark(district):
    client, _ = district.signed_in(Role.LEADER)
    answer = client.get("/scorecards/export.csv?period=week&unit=street")
    assert answer.status_code == 200
    assert answer.data.startswith(b"\xef\xbb\xbf")
    assert "街道（镇）考核" in answer.data.decode("utf-8-sig").splitlines()[0]


def test_a_wall_display_cannot_download_and_nobody_unsigned_either(district):
    client, _ = district.signed_in(Role.DISPLAY)
    assert client.get("/scorecards/export.xlsx?unit=department").status_code == 403
    anonymous = district.client().get("/scorecards/export.xlsx?unit=department")
    assert anonymous.status_code == 302
    assert urlsplit(anonymous.headers["Location"]).path == "/login"


def test_a_bad_period_or_unit_is_refused_naming_it(district):
    client, _ = district.signed_in(Role.LEADER)
    answer = client.get("/scorecards/export.xlsx?period=2026-13-01..2026-13-02")
    assert answer.status_code == 400 and "2026-13-01" in answer.text
    assert client.get("/scorecards/export.xlsx?unit=grid").status_code == 404
    assert client.get("/scorecards/export.pdf?unit=street").status_code == 404


def test_an_administrator_saves_the_weights_under_their_name(district):
    client, person = district.signed_in(Role.ADMIN)
    client.get("/scorecards")
    answer = client.post("/_dash-update-component", headers=csrf_header(client),
                         json=save_call({"response_rate": 50, "solved_rate": 50}))
    assert answer.status_code == 200, answer.text
    shown = answer.json["response"][ids.SCORECARDS_WEIGHTS_MESSAGE]["children"]
    assert shown.startswith(f"已保存 · {person.name}")
    with district.sessions() as session:
        assert weights.current(session) == {"response_rate": 0.5, "solved_rate": 0.5}
        assert weights.history(session)[0].set_by == person.name
        assert weights.minimum(session) == 10


def test_an_administrator_sets_the_minimum_sample_and_a_bad_one_is_refused(district):
    client, _ = district.signed_in(Role.ADMIN)
    client.get("/scorecards")
    answer = client.post("/_dash-update-component", headers=csrf_header(client),
                         json=save_call({"response_rate": 100}, minimum=0))
    shown = answer.json["response"][ids.SCORECARDS_WEIGHTS_MESSAGE]["children"]
    assert shown == "未保存：样本量下限须为 1 至 10000 的整数"
    answer = client.post("/_dash-update-component", headers=csrf_header(client),
                         json=save_call({"response_rate": 100}, minimum=3))
    assert answer.json["response"][ids.SCORECARDS_WEIGHTS_MESSAGE]["children"].startswith("已保存")
    with district.sessions() as session:
        assert (weights.minimum(session), len(weights.history(session))) == (3, 1)


def test_weights_not_summing_to_100_percent_are_refused_and_not_saved(district):
    client, _ = district.signed_in(Role.ADMIN)
    client.get("/scorecards")
    answer = client.post("/_dash-update-component", headers=csrf_header(client),
                         json=save_call({"response_rate": 30, "solved_rate": 35,
                                         "satisfaction_rate": 30}))
    shown = answer.json["response"][ids.SCORECARDS_WEIGHTS_MESSAGE]["children"]
    assert shown == "未保存：各项权重合计 95%，须为 100%"
    with district.sessions() as session:
        assert weights.history(session) == []


def test_a_leader_cannot_save_weights_even_by_calling_the_server_directly(district):
    client, _ = district.signed_in(Role.LEADER)
    client.get("/scorecards")
    answer = client.post("/_dash-update-component", headers=csrf_header(client),
                         json=save_call({"response_rate": 100}))
    assert answer.status_code == 403
    with district.sessions() as session:
        assert weights.history(session) == []


def test_the_scorecards_address_keeps_the_period_through_sign_in(district):
    answer = district.client().get("/scorecards?period=last-month")
    assert parse_qs(urlsplit(answer.headers["Location"]).query)["next"] == [
        "/scorecards?period=last-month"]
