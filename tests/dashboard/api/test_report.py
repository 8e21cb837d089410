"""Other systems report incidents: located, idempotent, in their own name (PRODUCT §11)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from data.domain import Source
from data.incidents import reports
from data.models import Event, Grid, Incident
from tests.dashboard.api.conftest import report_body


def count(api) -> int:
    with api.site.sessions() as db:
        return db.scalar(select(func.count(Incident.id)))


@pytest.mark.parametrize("kind", [k.value for k in Source])
def test_every_kind_of_source_reports_and_the_trail_names_the_system(api, kind):
    answer = api.call("POST", "/incidents", kind, json=report_body())
    assert answer.status_code == 201, answer.json
    assert (answer.json["state"], answer.json["source"], answer.json["source_system"]) == (
        "reported", kind, f"{kind} system")
    with api.site.sessions() as db:
        [event] = db.scalars(select(Event).where(Event.kind == "report")).all()
        assert (event.actor, event.actor_kind.value) == (f"{kind} system", "system")


def test_people_do_not_report_through_the_api_without_a_source(api):
    answer = api.call("POST", "/incidents", "duty-token", json=report_body())
    assert answer.status_code == 403 and "source system's token" in answer.json["message"]
    assert api.call("POST", "/incidents", None, json=report_body()).status_code == 401
    assert count(api) == 0


def test_the_same_report_again_answers_the_same_incident_with_200(api):
    first = api.call("POST", "/incidents", "resident", json=report_body())
    again = api.call("POST", "/incidents", "resident", json=report_body())
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json["code"] == first.json["code"] and count(api) == 1


def test_the_same_ref_with_another_body_is_409_and_writes_nothing(api):
    first = api.call("POST", "/incidents", "resident", json=report_body())
    other = api.call("POST", "/incidents", "resident", json=report_body(title="另一件事"))
    assert other.status_code == 409
    assert (other.json["error"], other.json["field"], other.json["incident"]) == (
        "idempotency_conflict", "source_ref", first.json["code"])
    assert count(api) == 1


def test_two_sources_may_use_the_same_ref(api):
    assert api.call("POST", "/incidents", "resident", json=report_body()).status_code == 201
    assert api.call("POST", "/incidents", "iot", json=report_body()).status_code == 201
    assert count(api) == 2


def test_a_point_is_located_to_the_grid_that_holds_it(api):
    east = api.call("POST", "/incidents", "iot",
                    json=report_body(location={"lon": 120.025, "lat": 30.002}))
    assert east.status_code == 201 and east.json["grid"] == api.place.grids[2].code
    assert (east.json["lon"], east.json["lat"]) == (120.025, 30.002)


def test_a_grid_code_places_the_report_at_the_grid(api):
    body = report_body(grid=api.place.grids[1].code)
    del body["location"]
    answer = api.call("POST", "/incidents", "patrol", json=body)
    assert answer.status_code == 201 and answer.json["grid"] == api.place.grids[1].code
    assert (answer.json["lon"], answer.json["lat"]) == (api.place.grids[1].lon,
                                                        api.place.grids[1].lat)


@pytest.mark.parametrize("where", [{"lon": 121.5, "lat": 31.2}, {"lon": 120.04, "lat": 30.005}])
def test_a_point_outside_the_district_is_422_naming_location(api, where):
    answer = api.call("POST", "/incidents", "iot", json=report_body(location=where))
    assert answer.status_code == 422 and answer.json["field"] == "location"
    assert "outside" in answer.json["message"] and count(api) == 0


def test_a_point_outside_the_grid_named_is_422_naming_location(api):
    body = report_body(grid=api.place.grids[1].code)  # the point lies in the first grid
    answer = api.call("POST", "/incidents", "iot", json=body)
    assert answer.status_code == 422 and answer.json["field"] == "location"


def test_neither_point_nor_grid_unknown_grid_or_item_are_422_naming_them(api):
    body = report_body()
    del body["location"]
    assert api.call("POST", "/incidents", "iot", json=body).json["field"] == "location"
    unknown_grid = api.call("POST", "/incidents", "iot", json={**body, "grid": "3" * 15})
    assert (unknown_grid.status_code, unknown_grid.json["field"]) == (422, "grid")
    unknown_item = api.call("POST", "/incidents", "iot", json=report_body(item="XX99"))
    assert (unknown_item.status_code, unknown_item.json["field"]) == (422, "item")
    assert count(api) == 0


def test_a_second_report_nearby_lists_the_first_as_a_likely_duplicate(api):
    first = api.call("POST", "/incidents", "resident", json=report_body())
    near = api.call("POST", "/incidents", "iot",
                    json=report_body(location={"lon": 120.0042, "lat": 30.0041}))
    [duplicate] = near.json["duplicates"]
    assert duplicate["code"] == first.json["code"] and 0 < duplicate["distance_m"] < 50


def test_a_report_from_the_future_is_refused(api):
    answer = api.call("POST", "/incidents", "iot",
                      json=report_body(reported_at="2099-01-01T00:00:00+08:00"))
    assert (answer.status_code, answer.json["field"]) == (422, "reported_at")


def test_a_batch_answers_each_report_on_its_own(api):
    batch = {"reports": [report_body("B-1"), report_body("B-2", item="XX99"),
                         report_body("B-1")]}
    answer = api.call("POST", "/incidents:batch", "iot", json=batch)
    assert answer.status_code == 200, answer.json
    statuses = [(r["status"], r["field"]) for r in answer.json["results"]]
    assert statuses == [(201, None), (422, "item"), (200, None)]
    assert count(api) == 1


def test_a_batch_refuses_a_ref_sent_twice_with_two_bodies_and_keeps_the_rest(api):
    batch = {"reports": [report_body("B-1"), report_body("B-1", title="别的事"),
                         report_body("B-2", location={"lon": 121.5, "lat": 31.2}),
                         report_body("B-3", grid=api.place.grids[1].code)]}
    results = api.call("POST", "/incidents:batch", "iot", json=batch).json["results"]
    assert [(r["status"], r["field"]) for r in results] == [
        (201, None), (409, "source_ref"), (422, "location"), (422, "location")]
    again = api.call("POST", "/incidents:batch", "iot", json={"reports": [report_body("B-1")]})
    [repeat] = again.json["results"]
    assert (repeat["status"], repeat["incident"]["code"]) == (200, results[0]["incident"]["code"])
    assert count(api) == 1


def test_a_batch_answers_new_repeated_conflicting_and_outside_reports_each_on_its_own(api):
    first = api.call("POST", "/incidents", "iot", json=report_body("M-1"))
    batch = {"reports": [report_body("M-2"), report_body("M-1"),
                         report_body("M-1", title="别的事"),
                         report_body("M-3", location={"lon": 121.5, "lat": 31.2})]}
    results = api.call("POST", "/incidents:batch", "iot", json=batch).json["results"]
    assert [(r["status"], r["field"]) for r in results] == [
        (201, None), (200, None), (409, "source_ref"), (422, "location")]
    assert results[1]["incident"]["code"] == first.json["code"]
    assert [d["code"] for d in results[0]["incident"]["duplicates"]] == [first.json["code"]]
    assert count(api) == 2


def test_a_batch_whose_transaction_fails_writes_nothing_and_refuses_every_report(
        api, monkeypatch):
    def fails(*args):  # the store refuses the batch after its rows were sent
        raise IntegrityError("INSERT", {}, Exception("raced"))
    monkeypatch.setattr(reports, "duplicates_of_all", fails)
    batch = {"reports": [report_body(f"F-{n}") for n in range(3)]}
    results = api.call("POST", "/incidents:batch", "iot", json=batch).json["results"]
    assert {(r["status"], r["error"]) for r in results} == {(409, "idempotency_conflict")}
    with api.site.sessions() as db:
        assert (count(api), db.scalar(select(func.count(Event.id)))) == (0, 0)


def test_a_report_naming_a_grid_a_new_layer_retired_is_422_naming_the_grid(api):
    code = api.place.grids[1].code
    with api.site.sessions.begin() as db:
        db.execute(update(Grid).where(Grid.code == code).values(active=False))
    body = report_body(grid=code)
    del body["location"]
    answer = api.call("POST", "/incidents", "patrol", json=body)
    assert (answer.status_code, answer.json["field"]) == (422, "grid")
    assert count(api) == 0


def test_a_reports_media_url_is_kept_and_shown_with_the_incident(api):
    photo = "https://wx.example.cn/media/2026/abc.jpg"
    made = api.call("POST", "/incidents", "resident", json=report_body(media_url=photo))
    assert made.status_code == 201, made.json
    one = api.call("GET", f"/incidents/{made.json['code']}", "resident").json
    assert one["media_url"] == photo
    plain = api.call("POST", "/incidents", "resident", json=report_body("R-2"))
    assert api.call("GET", f"/incidents/{plain.json['code']}", "resident").json[
        "media_url"] is None
    document = api.site.client().get("/api/v1/openapi.json").json["components"]["schemas"]
    assert document["ReportIn"]["properties"]["media_url"]["anyOf"][0]["maxLength"] == 500
    assert "media_url" in document["IncidentDetail"]["required"]


@pytest.mark.parametrize("bad", ["javascript:alert(1)", "ftp://example.cn/a.jpg", "/a.jpg",
                                 "https://", "https://example.cn/" + "a" * 500,
                                 "https://example.cn/a b.jpg"])
def test_a_media_url_that_is_no_http_address_is_refused_by_name(api, bad):
    answer = api.call("POST", "/incidents", "resident", json=report_body(media_url=bad))
    assert answer.status_code in (400, 422) and answer.json["field"] == "media_url"
    assert count(api) == 0

