"""The incidents list on the server: its page read by the callback, its files, its refusals,
and a liaison's list of its own department's incidents alone."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from callbacks import incidents as list_callbacks
from data import clock
from data.domain import Role, State
from data.incidents import moves
from data.models import Department, Incident
from layouts import ids
from tests import people
from tests.dashboard.conftest import sign_in
from tests.dashboard.test_auth import csrf_header
from tests.factories import CENTRE, dispatched, reported, town

HOSTILE = "=HYPERLINK(\"http://evil\",\"点我\")"


@pytest.fixture
def district(site, rules):
    """The tiny district: five reports of a street not clean, one titled like a formula."""
    now = clock.now()
    with site.sessions.begin() as session:
        place = town(session)
        for minutes in range(4):
            reported(session, rules, place, at=now - timedelta(minutes=50 - minutes))
        hostile = dispatched(session, rules, place, at=now - timedelta(minutes=5), item="flood")
        hostile.title = HOSTILE
    return site


def test_the_callback_reads_the_page_the_address_asks_for(district):
    with district.app.server.test_request_context("/incidents"):
        count, rows, pager = list_callbacks.render({"query": {"department": "D03"},
                                                    "lang": "en"})
        assert count == "1 incidents; showing 1–1"
        assert len(rows) == 1 and pager[0].children == "Page 1"
        count, rows, _ = list_callbacks.render({"query": {"state": "lost"}, "lang": "en"})
        assert count.startswith("The search is wrong: state: unknown state 'lost'")
        assert rows == []


def test_the_apply_button_makes_the_filters_an_address_from_the_first_page(district):
    names = [{"name": "state"}, {"name": "street"}, {"name": "flag"}]
    href = list_callbacks.apply(1, None, " 积水 ", ["dispatched", None, "overdue"], names,
                                "2026-11-01T00:00:00", None,
                                {"query": {"sort": "code", "page": "4"}, "lang": "en"})
    assert href == ("/incidents?q=%E7%A7%AF%E6%B0%B4&from=2026-11-01&state=dispatched"
                    "&flag=overdue&sort=code&lang=en")


def test_the_csv_holds_the_filtered_list_with_formula_like_text_kept_inert(district):
    client, _ = district.signed_in(Role.LEADER)
    answer = client.get("/incidents.csv?department=D03")
    assert answer.status_code == 200 and "attachment" in answer.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(answer.data.decode("utf-8-sig"))))
    assert rows[0][:3] == ["事件编号", "标题", "状态"]
    assert len(rows) == 2 and rows[1][1] == "'" + HOSTILE and rows[1][2] == "已派遣"
    whole = client.get("/incidents.xlsx")
    sheet = load_workbook(io.BytesIO(whole.data)).active
    assert sheet.max_row == 6
    assert "'" + HOSTILE in [row[1].value for row in sheet.iter_rows(min_row=2)]


def test_a_wrong_filter_is_a_400_naming_it_and_a_liaison_gets_no_list(district):
    client, _ = district.signed_in(Role.LEADER)
    answer = client.get("/incidents.csv?from=soon")
    assert answer.status_code == 400 and "from: &#39;soon&#39; is not a day" in answer.text
    display, _ = district.signed_in(Role.DISPLAY)
    assert display.get("/incidents.csv").status_code == 403
    assert display.get("/incidents").status_code == 403


def liaison_of(site, department: str):
    person = people.make_user(site.sessions, Role.DEPARTMENT, department=department)
    client = site.client()
    sign_in(client, person.username, person.password)
    assert client.get("/incidents").status_code == 200
    return client


def listed(client, query: dict) -> tuple[str, list[str]]:
    """The count line and the codes of the list's page, as the page's callback draws them."""
    outputs = [{"id": name, "property": "children"}
               for name in (ids.INCIDENTS_COUNT, ids.INCIDENTS_TABLE, ids.INCIDENTS_PAGER)]
    body = {"output": f"..{ids.INCIDENTS_COUNT}.children...{ids.INCIDENTS_TABLE}.children..."
                      f"{ids.INCIDENTS_PAGER}.children..",
            "outputs": outputs, "changedPropIds": [], "state": [],
            "inputs": [{"id": ids.INCIDENTS_REQUEST, "property": "data",
                        "value": {"query": query, "lang": "en"}}]}
    answer = client.post("/_dash-update-component", json=body, headers=csrf_header(client))
    assert answer.status_code == 200, answer.text
    response = answer.json["response"]
    rows = response[ids.INCIDENTS_TABLE]["children"]
    return (response[ids.INCIDENTS_COUNT]["children"],
            [row["props"]["children"][0]["props"]["children"]["props"]["children"]
             for row in rows])


def test_a_liaison_lists_only_what_its_department_leads_or_co_handles(district, rules):
    with district.sessions.begin() as session:
        shared = session.scalars(select(Incident).where(Incident.state == State.REPORTED)).first()
        named = {d.code: d for d in session.scalars(select(Department))}
        moves.accept(session, shared, CENTRE)
        moves.dispatch(session, shared, CENTRE, rules, lead=named["D01"], co=[named["D02"]])
        shared = shared.code
    lead, helping, other = (liaison_of(district, code) for code in ("D01", "D02", "D03"))
    assert listed(lead, {}) == ("1 incidents; showing 1–1", [shared])
    assert listed(helping, {"state": "dispatched"}) == ("1 incidents; showing 1–1", [shared])
    count, codes = listed(other, {})
    assert count == "1 incidents; showing 1–1" and shared not in codes
    # Naming another department's filter finds nothing beyond the liaison's own.
    assert listed(helping, {"department": "D01"})[1] == [shared]
    assert listed(other, {"department": "D01"})[1] == []
    rows = list(csv.reader(io.StringIO(helping.get("/incidents.csv").data.decode("utf-8-sig"))))
    assert [row[0] for row in rows[1:]] == [shared]
