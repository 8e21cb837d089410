"""Finding incidents: each filter narrows the list, the sort orders it, the pages split it."""

from __future__ import annotations

from datetime import timedelta

import pytest

from data.domain import Priority, Source, State
from data.incidents import finding, holds, supervision
from data.incidents.finding import SearchError, parse
from tests.factories import CENTRE, SHANGHAI, dispatched, local, reported, town

NOW = local(2026, 11, 12, 16, 0)


@pytest.fixture
def place(session, rules):
    place = town(session)
    # Three days of reports: one a day, then a dispatched flood and an urgent hotline call.
    for day in (9, 10, 11):
        reported(session, rules, place, at=local(2026, 11, day, 9, 0), grid=day - 9)
    flood = dispatched(session, rules, place, at=local(2026, 11, 10, 9, 0), item="flood")
    reported(session, rules, place, at=local(2026, 11, 12, 9, 0), priority=Priority.URGENT,
             source=Source.HOTLINE, item="construction")
    late = dispatched(session, rules, place, at=local(2026, 11, 11, 9, 30))
    holds.park(session, late, CENTRE, reason="需财政立项", at=local(2026, 11, 11, 10, 0))
    supervision.supervise(session, flood, CENTRE, at=local(2026, 11, 11, 12, 0))
    session.commit()
    return place


def codes(session, **asked) -> list[str]:
    page = finding.find(session, parse(asked), NOW, SHANGHAI)
    return [row["code"] for row in page.rows]


def test_the_list_is_newest_first_and_each_filter_narrows_it(session, place):
    every = codes(session)
    assert len(every) == 6
    assert every == sorted(every, reverse=True)  # codes follow the report's day and order
    assert codes(session, state="parked") == codes(session, flag="parked")
    assert len(codes(session, state="parked")) == 1
    assert len(codes(session, priority="urgent", source="hotline", item="ZF01")) == 1
    assert len(codes(session, department="D03")) == 1
    assert len(codes(session, grid=place.grids[2].code)) == 1
    assert len(codes(session, community=place.communities[1].code)) == 1
    assert len(codes(session, street=place.street.code)) == 6
    assert len(codes(session, **{"from": "2026-11-11", "to": "2026-11-11"})) == 2
    assert codes(session, flag="supervised") == codes(session, department="D03")
    assert codes(session, flag="overdue") == codes(session, department="D03")  # 24 h passed


def test_a_code_or_words_find_their_incident(session, place):
    first = codes(session)[-1]
    assert codes(session, q=first) == [first]
    assert len(codes(session, q=first[:8])) == 1  # the day's start of a code
    assert len(codes(session, q="积水")) == 6
    assert codes(session, q="100%_") == []  # wildcards are words, not patterns


def test_pages_split_the_sorted_list_and_say_what_follows(session, place):
    first = finding.find(session, parse({"sort": "code", "order": "asc"}), NOW, SHANGHAI, size=4)
    second = finding.find(session, parse({"sort": "code", "order": "asc", "page": "2"}), NOW,
                          SHANGHAI, size=4)
    assert first.more and not second.more and first.total == second.total == 6
    everything = [row["code"] for row in first.rows + second.rows]
    assert everything == sorted(everything) and len(set(everything)) == 6


def test_the_rows_say_where_and_how_each_incident_stands(session, place):
    flood = finding.find(session, parse({"department": "D03"}), NOW, SHANGHAI).rows[0]
    assert flood["state"] == State.DISPATCHED and flood["department"] == "区水利局"
    assert flood["overdue"] and flood["supervised"] and flood["street"] == "望江街道"
    assert flood["resolution_deadline"] == local(2026, 11, 10, 9, 0) + timedelta(hours=24)


def test_the_export_holds_the_whole_filtered_list(session, place):
    rows = finding.export_rows(session, parse({"q": "积水", "sort": "code"}), NOW, SHANGHAI)
    assert [row["code"] for row in rows] == codes(session, q="积水", sort="code")


@pytest.mark.parametrize(("asked", "field"), [
    ({"state": "lost"}, "state"), ({"from": "yesterday"}, "from"),
    ({"from": "2026-11-12", "to": "2026-11-01"}, "to"), ({"sort": "title"}, "sort"),
    ({"page": "0"}, "page"), ({"flag": "late"}, "flag"), ({"q": "x" * 101}, "q")])
def test_a_wrong_value_is_refused_naming_its_field(asked, field):
    with pytest.raises(SearchError) as refused:
        parse(asked)
    assert refused.value.field == field


def test_a_search_goes_back_into_an_address_as_it_came(session):
    asked = {"q": "积水", "state": "dispatched", "street": "330100001", "from": "2026-11-01",
             "flag": "overdue", "sort": "deadline", "order": "asc", "page": "3"}
    assert parse(asked).query() == asked
    assert parse({}).query() == {}
