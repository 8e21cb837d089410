"""The incidents list on the server: its page read by the callback, its files, its refusals."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from openpyxl import load_workbook

from callbacks import incidents as list_callbacks
from data import clock
from data.domain import Role
from tests.factories import dispatched, reported, town

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
    liaison, _ = district.signed_in(Role.DEPARTMENT)
    assert liaison.get("/incidents.csv").status_code == 403
    assert liaison.get("/incidents").status_code == 403
