"""Hostile input is just bad input: a 4xx naming the field, and nothing written, on SQLite and
PostgreSQL alike (PRODUCT §11)."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from data.models import Alert, Event, Incident
from tests.dashboard.api.conftest import report_body
from tests.factories import local, standing_overdue


def written(api) -> tuple[int, int]:
    with api.site.sessions() as db:
        return (db.scalar(select(func.count(Incident.id))),
                db.scalar(select(func.count(Event.id))))


def raw_report(**raw_members: str) -> bytes:
    """A report body with some members given as raw JSON text."""
    body = json.dumps({k: v for k, v in report_body().items() if k not in raw_members})
    extra = ", ".join(f'"{name}": {text}' for name, text in raw_members.items())
    return (body[:-1] + ", " + extra + "}").encode()


HOSTILE = [
    ("a lone surrogate", raw_report(title='"\\ud800 路灯"'), 422, "title"),
    ("a lone low surrogate", raw_report(reporter='{"name": "\\udc00"}'), 422, "reporter.name"),
    ("a NUL byte", raw_report(description='"a\\u0000b"'), 422, "description"),
    ("a NUL in a key", raw_report(reporter='{"na\\u0000me": "x"}'), 422, "reporter"),
    ("an integer past 2^63", raw_report(location='{"lon": 99999999999999999999999, "lat": 30}'),
     422, "location.lon"),
    ("a negative integer past 2^63", raw_report(priority="-9223372036854775809"), 422,
     "priority"),
    ("not a finite number", raw_report(location='{"lon": NaN, "lat": 30}'), 422,
     "location.lon"),
    ("nesting", raw_report(address="[" * 30 + "]" * 30), 422, "address"),
    ("nesting past the parser", raw_report(address="[" * 100_000 + "]" * 100_000), 400, "body"),
    ("a title past its column", raw_report(title=json.dumps("长" * 201)), 422, "title"),
    ("a contact past its column",
     raw_report(reporter=json.dumps({"contact": "1" * 101})), 422, "reporter.contact"),
    ("a ref past its column", raw_report(source_ref=json.dumps("r" * 101)), 422, "source_ref"),
    ("not JSON", b'{"title": ', 400, "body"),
    ("not an object", b'[1, 2]', 400, "body"),
    ("a wrong type", raw_report(title="17"), 422, "title"),
    ("an unknown field", raw_report(colour='"red"'), 422, "colour"),
    ("an unknown priority", raw_report(priority='"very"'), 422, "priority"),
    ("a time with no zone", raw_report(reported_at='"2026-11-19T10:00:00"'), 422,
     "reported_at"),
    ("a time past any store", raw_report(reported_at='"9999-12-31T23:59:59-14:00"'), 422,
     "reported_at"),
]


@pytest.mark.parametrize(("what", "body", "status", "field"), HOSTILE,
                         ids=[row[0] for row in HOSTILE])
def test_a_hostile_report_is_refused_naming_the_field_and_writes_nothing(api, what, body,
                                                                         status, field):
    answer = api.call("POST", "/incidents", "iot", data=body,
                      headers={"Content-Type": "application/json"})
    assert (answer.status_code, answer.json["field"]) == (status, field), answer.json
    assert set(answer.json) >= {"error", "message", "field"}
    assert written(api) == (0, 0)


def test_a_huge_body_is_413_naming_the_body(api):
    body = raw_report(description=json.dumps("x" * 400_000))
    answer = api.call("POST", "/incidents", "iot", data=body,
                      headers={"Content-Type": "application/json"})
    assert (answer.status_code, answer.json["field"]) == (413, "body")
    assert written(api) == (0, 0)


@pytest.mark.parametrize(("query", "field"), [
    ("limit=99999999999999999999999", "limit"), ("cursor=99999999999999999999999", "cursor"),
    ("q=a%00b", "q"), ("state=gone", "state"), ("limit=1&limit=2", "limit"),
    ("reported_from=0001-01-01T00:00:00%2B14:00", "reported_from"), ("grid=1", "grid"),
])
def test_hostile_filters_are_refused_naming_the_parameter(api, query, field):
    answer = api.call("GET", f"/incidents?{query}", "leader-token")
    assert answer.status_code in (400, 422) and answer.json["field"] == field, answer.json


@pytest.mark.parametrize("after", ["18446744073709551616", "-1", "x"])
def test_the_feed_refuses_a_cursor_past_64_bits(api, after):
    answer = api.call("GET", f"/events?after={after}", "leader-token")
    assert (answer.status_code, answer.json["field"]) == (422, "after")


@pytest.mark.parametrize("code", ["%00", "99999999999999999999999", "%ED%A0%80", "x" * 30])
def test_an_incident_code_no_store_holds_is_404(api, code):
    assert api.call("GET", f"/incidents/{code}", "leader-token").status_code == 404
    assert api.call("POST", f"/incidents/{code}/accept", "duty-token").status_code == 404
    assert api.call("POST", f"/incidents/{code}/supervise", "duty-token",
                    json={}).status_code == 404


def test_a_hostile_move_reason_is_refused_naming_it(api):
    code = api.call("POST", "/incidents", "iot", json=report_body()).json["code"]
    before = written(api)
    for reason, field in (('"\\ud800"', "reason"), ('"a\\u0000"', "reason"),
                          (json.dumps("x" * 2001), "reason")):
        answer = api.call("POST", f"/incidents/{code}/reject", "duty-token",
                          data=f'{{"reason": {reason}}}',
                          headers={"Content-Type": "application/json"})
        assert (answer.status_code, answer.json["field"]) == (422, field), answer.json
    assert written(api) == before


@pytest.fixture
def alert_id(api, rules) -> int:
    """A standing overdue alert, for the duty actions' endpoints."""
    with api.site.sessions() as db:
        return standing_overdue(db, rules, api.place, at=local(2026, 3, 3, 11)).id


@pytest.mark.parametrize(("body", "field"), [
    ('{"note": "\\ud800"}', "note"), ('{"note": "a\\u0000"}', "note"),
    ('{"note": ' + json.dumps("x" * 2001) + "}", "note"),
    ('{"note": ' + "[" * 100_000 + "]" * 100_000 + "}", "body"), ('{"note": 1}', "note"),
])
@pytest.mark.parametrize("action", ["ack", "escalate"])
def test_the_duty_actions_refuse_hostile_notes_naming_the_field(api, alert_id, action, body,
                                                               field):
    before = written(api)
    answer = api.call("POST", f"/alerts/{alert_id}/{action}", "duty-token", data=body,
                      headers={"Content-Type": "application/json"})
    assert (answer.status_code, answer.json["field"]) == (400, field), answer.json
    assert written(api) == before
    with api.site.sessions() as db:
        alert = db.get(Alert, alert_id)
        assert (alert.acknowledged_at, alert.level) == (None, 0)


def test_an_alert_id_past_64_bits_is_404(api):
    answer = api.call("POST", "/alerts/99999999999999999999999/ack", "duty-token", json={})
    assert answer.status_code == 404 and answer.json["error"] == "not_found"
