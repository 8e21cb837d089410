"""Every writer is held to the columns: over-long text, NUL and lone surrogates are refused by
the moves themselves, before the store sees them, on SQLite and PostgreSQL."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import func, select

from data.incidents import moves, reports
from data.incidents.trail import InvalidMove
from data.models import Incident
from tests.factories import CENTRE, local, reported, town

AT = local(2026, 11, 18, 10)


@pytest.mark.parametrize(("field", "value"), [
    ("title", "a\x00b"), ("title", "\ud800"), ("title", "长" * 201),
    ("description", "x" * 5001), ("description", "\x00"), ("reporter", "陈" * 101),
    ("reporter_contact", "1" * 101), ("source_ref", "r" * 101), ("source_system", "s" * 51),
    ("address", "路" * 201), ("address", "\udfff"),
    ("media_url", "https://img.example.cn/" + "a" * 478), ("media_url", "javascript:alert(1)"),
    ("media_url", "ftp://img.example.cn/a.jpg"), ("media_url", "https://img.example.cn/a\x00"),
])
def test_a_report_with_text_no_column_keeps_is_refused_naming_it(session, rules, field, value):
    place = town(session)
    content = reports.Report(title="路灯不亮", item=place.items["street"], grid=place.grids[0],
                             source="patrol")
    with pytest.raises(InvalidMove) as refused:
        reports.report(session, rules, dataclasses.replace(content, **{field: value}), CENTRE,
                       at=AT)
    assert refused.value.field == field
    session.rollback()
    assert session.scalar(select(func.count(Incident.id))) == 0


@pytest.mark.parametrize("reason", ["不属我局\x00", "\ud83d", "x" * 2001])
def test_a_move_reason_no_column_keeps_is_refused(session, rules, reason):
    place = town(session)
    incident = reported(session, rules, place, at=AT)
    with pytest.raises(InvalidMove) as refused:
        moves.reject(session, incident, CENTRE, reason=reason, at=AT)
    assert refused.value.field == "reason"
