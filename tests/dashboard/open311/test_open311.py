"""An Open311 GeoReport v2 client's round trip: services, a report, its status through the
incident's life, the filters and limits, and each refusal in the spec's format."""

from __future__ import annotations

import random
import re
from datetime import datetime, timedelta
from xml.etree import ElementTree

from sqlalchemy import func, select
from werkzeug.test import TestResponse

from dashboard.open311 import reading
from data import clock
from data.models import Incident
from tests.dashboard.api.conftest import Api

V2 = "/open311/v2"
POINT = {"lat": "30.004", "long": "120.004"}
ISO_OFFSET = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$")
REQUEST_FIELDS = {"service_request_id", "status", "status_notes", "service_name",
                  "service_code", "description", "agency_responsible", "service_notice",
                  "requested_datetime", "updated_datetime", "expected_datetime", "address",
                  "address_id", "zipcode", "lat", "long", "media_url"}


def post(api: Api, who: str | None = "resident", **form: str) -> TestResponse:
    data = {"service_code": "GL01", "description": "人行道上有垃圾", **POINT, **form}
    if who is not None:
        data["api_key"] = api.tokens[who]
    return api.client.post(f"{V2}/requests.json", data=data)


def get(api: Api, path: str, who: str | None = "resident", **args: str) -> TestResponse:
    if who is not None:
        args["api_key"] = api.tokens[who]
    return api.client.get(f"{V2}{path}", query_string=args)


def refusal(answer: TestResponse, status: int) -> str:
    """The spec's error list's one description, checked for its shape and status."""
    assert answer.status_code == status, answer.text
    [error] = answer.json
    assert set(error) == {"code", "description"} and error["code"] == status
    return error["description"]


def test_services_are_the_active_items_grouped_by_class(api: Api) -> None:
    answer = api.client.get(f"{V2}/services.json")
    assert answer.status_code == 200 and answer.mimetype == "application/json"
    services = {s["service_code"]: s for s in answer.json}
    assert set(services) == {"GL01", "YJ01", "ZF01"}
    assert services["YJ01"]["group"] == "应急处置"
    assert services["GL01"]["service_name"] == "道路不洁"
    for each in services.values():
        assert each["type"] == "realtime" and each["metadata"] is False
        assert set(each) >= {"service_code", "service_name", "description", "metadata", "type",
                             "keywords", "group"}
    definition = api.client.get(f"{V2}/services/GL01.json").json
    assert definition == {"service_code": "GL01", "attributes": []}


def test_a_report_posted_is_followed_from_open_to_closed_with_its_times(api: Api) -> None:
    answer = post(api, first_name="女士", last_name="陈",
                  phone="13800000000")
    assert answer.status_code == 201, answer.text
    [made] = answer.json
    code = made["service_request_id"]
    assert set(made) == {"service_request_id", "service_notice", "account_id"}

    def status() -> dict:
        [request] = get(api, f"/requests/{code}.json").json
        return request

    first = status()
    assert set(first) == REQUEST_FIELDS
    assert first["status"] == "open" and first["status_notes"] == "待受理"
    assert first["service_code"] == "GL01" and first["description"] == "人行道上有垃圾"
    assert first["agency_responsible"] == "区城市管理局"  # the item's lead, before dispatch
    assert first["expected_datetime"] is None
    assert ISO_OFFSET.match(first["requested_datetime"]), first["requested_datetime"]
    requested = datetime.fromisoformat(first["requested_datetime"])
    assert timedelta(0) <= clock.now() - requested < timedelta(seconds=5)
    assert (first["lat"], first["long"]) == (30.004, 120.004)
    with api.site.sessions() as db:
        row = db.scalar(select(Incident).where(Incident.code == code))
        assert row.reporter == "陈 女士" and row.source_system == "resident system"

    for move, who, body in (("accept", "duty-token", None),
                            ("dispatch", "duty-token", {"lead": "D01"}),
                            ("sign", "department", None),
                            ("resolve", "department", {"level": "street"})):
        moved = api.call("POST", f"/incidents/{code}/{move}", who, json=body)
        assert moved.status_code == 200, moved.text
        if move == "dispatch":
            dispatched = status()
            assert dispatched["status"] == "open" and dispatched["status_notes"] == "已派遣"
            assert ISO_OFFSET.match(dispatched["expected_datetime"])
            assert dispatched["expected_datetime"] > dispatched["requested_datetime"]
    resolved = status()
    assert resolved["status"] == "closed" and resolved["status_notes"] == "处置完毕"
    moved = api.call("POST", f"/incidents/{code}/return", "duty-token", json={"reason": "仍脏"})
    assert moved.status_code == 200 and status()["status"] == "open"
    [english] = get(api, f"/requests/{code}.json", lang="en").json
    assert english["status_notes"] == "In progress"


def test_the_same_form_again_answers_the_same_request(api: Api) -> None:
    first, again = post(api), post(api)
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json[0]["service_request_id"] == again.json[0]["service_request_id"]
    other = post(api, description="另一处垃圾")
    assert other.json[0]["service_request_id"] != first.json[0]["service_request_id"]


def test_an_address_naming_a_grid_is_located_there_and_one_naming_none_is_refused(
        api: Api) -> None:
    form = {"service_code": "GL01", "description": "垃圾", "api_key": api.tokens["resident"]}
    answer = api.client.post(f"{V2}/requests.json",
                             data={**form, "address_string": "翠苑社区第2网格 文一路"})
    assert answer.status_code == 201, answer.text
    code = answer.json[0]["service_request_id"]
    with api.site.sessions() as db:
        row = db.scalar(select(Incident).where(Incident.code == code))
        assert row.grid.code == api.place.grids[1].code
    nowhere = api.client.post(f"{V2}/requests.json", data={**form, "address_string": "文一路"})
    assert "address_string" in refusal(nowhere, 400)


def test_filters_choose_by_id_service_status_and_window(api: Api) -> None:
    street = post(api).json[0]["service_request_id"]
    flood = post(api, service_code="YJ01", description="积水").json[0]["service_request_id"]
    api.call("POST", f"/incidents/{flood}/reject", "duty-token", json={"reason": "非本区"})

    def codes(**args: str) -> list[str]:
        answer = get(api, "/requests.json", **args)
        assert answer.status_code == 200, answer.text
        return [r["service_request_id"] for r in answer.json]

    assert codes() == [flood, street]  # newest first
    assert codes(service_code="YJ01") == [flood]
    assert codes(service_code="YJ01,GL01") == [flood, street]
    assert codes(status="open") == [street] and codes(status="closed") == [flood]
    assert codes(service_request_id=f"{street},{flood}", status="open") == [flood, street]
    now = clock.now()
    assert codes(start_date=(now + timedelta(hours=1)).isoformat()) == []
    assert codes(end_date=(now - timedelta(hours=1)).isoformat()) == []
    assert codes(start_date=(now - timedelta(days=1)).isoformat(),
                 end_date=(now + timedelta(minutes=1)).isoformat().replace("+00:00", "Z")) \
        == [flood, street]


def test_a_window_past_90_days_and_bad_filters_are_refused_by_name(api: Api) -> None:
    now = clock.now()
    too_long = get(api, "/requests.json", start_date=(now - timedelta(days=91)).isoformat(),
                   end_date=now.isoformat())
    assert "90 days" in refusal(too_long, 400)
    assert "start_date" in refusal(get(api, "/requests.json", start_date="yesterday"), 400)
    assert "start_date" in refusal(get(api, "/requests.json", start_date="2026-11-19T10:00"),
                                   400)  # no zone
    assert "status" in refusal(get(api, "/requests.json", status="pending"), 400)
    assert "service_request_id" in refusal(
        get(api, "/requests.json", service_request_id="abc"), 400)


def test_at_most_1000_requests_are_answered_newest_first(api: Api) -> None:
    for n in range(3):
        post(api, description=f"垃圾 {n}")
    reading_most, reading.MOST = reading.MOST, 2
    try:
        answer = get(api, "/requests.json")
    finally:
        reading.MOST = reading_most
    assert len(answer.json) == 2 and reading_most == 1000
    assert [r["description"] for r in answer.json] == ["垃圾 2", "垃圾 1"]


def test_each_refusal_is_the_specs_error_list(api: Api) -> None:
    assert "api_key" in refusal(post(api, who=None), 403)
    bad_key = api.client.post(f"{V2}/requests.json", data={"api_key": "nope", **POINT,
                                                           "service_code": "GL01"})
    assert "api_key" in refusal(bad_key, 403)
    console = post(api, who="duty-token")  # people report through their systems' sources
    refusal(console, 403)
    assert "service_code" in refusal(post(api, service_code="XX99"), 404)
    assert "service_code" in refusal(post(api, service_code=""), 400)
    both = post(api, address_string="翠苑社区第1网格")
    assert "exactly one" in refusal(both, 400)
    assert "lat" in refusal(post(api, lat="north"), 400)
    assert "lat" in refusal(post(api, lat="95"), 400)
    assert "lat" in refusal(post(api, lat="nan"), 400)
    outside = post(api, lat="31.5", long="121.5")
    assert "lat and long" in refusal(outside, 400)
    assert "4000" in refusal(post(api, description="长" * 4001), 400)
    assert post(api, description="长" * 4000).status_code == 201
    assert "phone" in refusal(post(api, phone="1" * 101), 400)
    refusal(get(api, "/requests/2099010100001.json"), 404)
    refusal(get(api, "/requests.json", who=None), 403)
    refusal(api.client.get(f"{V2}/services/NOPE.json"), 404)
    refusal(api.client.get(f"{V2}/services.csv"), 404)
    refusal(api.client.get(f"{V2}/whatever.json"), 404)
    wrong_method = api.client.post(f"{V2}/services.json")
    refusal(wrong_method, 405)
    assert wrong_method.headers["Allow"] == "GET"


def test_a_source_reads_only_the_requests_it_may_read_through_the_api(api: Api) -> None:
    code = post(api).json[0]["service_request_id"]
    assert get(api, f"/requests/{code}.json", who="hotline").status_code == 404
    assert get(api, "/requests.json", who="hotline").json == []
    assert get(api, f"/requests/{code}.json", who="leader-token").status_code == 200


def test_hostile_input_is_a_400_in_the_specs_format_never_a_server_error(api: Api) -> None:
    key = api.tokens["resident"]
    hostile = [
        api.client.post(f"{V2}/requests.json", data={"api_key": key, **POINT,
                                                     "service_code": "GL01",
                                                     "description": "a\x00b"}),
        api.client.post(f"{V2}/requests.json", data={"api_key": key, **POINT,
                                                     "service_code": "GL\x0001"}),
        api.client.get(f"{V2}/requests.json?api_key={key}&status=%ED%A0%80"),
        api.client.get(f"{V2}/services/%00.json"),
        api.client.get(f"{V2}/requests.json", query_string={
            "api_key": key, "service_code": ",".join(["GL01"] * 500)}),
        api.client.get(f"{V2}/requests.json", query_string={
            "api_key": key, "start_date": "9999-12-31T23:59:59-23:59"}),
        api.client.post(f"{V2}/requests.json", data={"api_key": key, "lat": "1e400",
                                                     "long": "-1e400", "service_code": "GL01"}),
        api.client.post(f"{V2}/requests.json", data=b"\xff\xfe" * 100,
                        content_type="application/x-www-form-urlencoded"),
    ]
    for answer in hostile:
        assert 400 <= answer.status_code < 500, answer.text
        assert isinstance(answer.json, list) and set(answer.json[0]) == {"code", "description"}


def test_xml_answers_carry_the_same_as_json(api: Api) -> None:
    answer = api.client.get(f"{V2}/services.xml")
    assert answer.status_code == 200 and answer.mimetype == "text/xml"
    assert answer.data.startswith(b"<?xml version='1.0' encoding='utf-8'?>")
    root = ElementTree.fromstring(answer.data)
    assert root.tag == "services"
    assert sorted(s.findtext("service_code") for s in root) == ["GL01", "YJ01", "ZF01"]
    made = api.client.post(f"{V2}/requests.xml", data={
        "api_key": api.tokens["resident"], "service_code": "GL01", **POINT})
    assert made.status_code == 201
    code = ElementTree.fromstring(made.data).findtext("request/service_request_id")
    one = ElementTree.fromstring(get(api, f"/requests/{code}.xml").data)
    assert one.tag == "service_requests" and one.findtext("request/status") == "open"
    assert {child.tag for child in one.find("request")} == REQUEST_FIELDS
    error = ElementTree.fromstring(api.client.get(f"{V2}/services/NOPE.xml").data)
    assert error.tag == "errors" and error.findtext("error/code") == "404"
    definition = ElementTree.fromstring(api.client.get(f"{V2}/services/GL01.xml").data)
    assert definition.tag == "service_definition" and definition.find("attributes") is not None


def test_every_answer_has_the_specs_fields_types_and_formats(api: Api) -> None:
    """GeoReport v2: every service and request field present, typed and formatted as the
    spec says, for requests in several states."""
    for each in api.client.get(f"{V2}/services.json").json:
        assert isinstance(each["service_code"], str) and isinstance(each["service_name"], str)
        assert isinstance(each["metadata"], bool)
        assert each["type"] in {"realtime", "batch", "blackbox"}
        assert all(isinstance(each[k], str) for k in ("description", "keywords", "group"))
    codes = [post(api, description=f"事项 {n}").json[0]["service_request_id"] for n in range(3)]
    api.call("POST", f"/incidents/{codes[1]}/accept", "duty-token")
    api.call("POST", f"/incidents/{codes[1]}/dispatch", "duty-token", json={"lead": "D02"})
    api.call("POST", f"/incidents/{codes[2]}/reject", "duty-token", json={"reason": "重复"})
    requests = get(api, "/requests.json").json
    assert len(requests) == 3
    for each in requests:
        assert set(each) == REQUEST_FIELDS
        assert isinstance(each["service_request_id"], str) and each["status"] in {"open",
                                                                                  "closed"}
        assert isinstance(each["lat"], float) and isinstance(each["long"], float)
        for name in ("requested_datetime", "updated_datetime", "expected_datetime"):
            assert each[name] is None or ISO_OFFSET.match(each[name]), (name, each[name])
        assert each["requested_datetime"] is not None and each["updated_datetime"] is not None
        assert isinstance(each["status_notes"], str) and each["status_notes"]
    by_code = {each["service_request_id"]: each for each in requests}
    assert by_code[codes[1]]["agency_responsible"] == "公安分局"  # the dispatch's lead
    assert by_code[codes[1]]["expected_datetime"] is not None
    assert by_code[codes[2]]["status"] == "closed"
    assert by_code[codes[2]]["updated_datetime"] >= by_code[codes[2]]["requested_datetime"]


def test_a_generated_run_of_hostile_requests_gets_no_server_error(api: Api) -> None:
    """Seeded random text, numbers and bytes in every parameter and path of Open311."""
    rng = random.Random(311)
    alphabet = ["0", "9", "-", ".", "e", "Z", "+", ",", "%", "\x00", "\x01", "é", "网",
                "\u202e", "<", "&", " ", "\n", "1e309", "NaN", "GL01", "open"]

    def junk() -> str:
        return "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))

    names = ["service_code", "lat", "long", "address_string", "description", "first_name",
             "last_name", "phone", "email", "status", "start_date", "end_date",
             "service_request_id", "lang", "media_url"]
    statuses = []
    for n in range(300):
        params = {name: junk() for name in rng.sample(names, rng.randint(1, 6))}
        params["api_key"] = api.tokens["resident"] if n % 3 else junk()
        path = rng.choice(["/requests.json", "/requests.xml", f"/requests/{junk()}.json",
                           "/services.json", f"/services/{junk()}.xml", f"/{junk()}.json"])
        if rng.random() < 0.5 and path.startswith("/requests."):
            answer = api.client.post(f"{V2}{path}", data=params)
        else:
            answer = api.client.get(f"{V2}{path}", query_string=params)
        statuses.append(answer.status_code)
        assert answer.status_code < 500, (path, params, answer.text)
        if answer.status_code >= 400 and path.endswith(".json"):
            assert set(answer.json[0]) == {"code", "description"}
    assert len(set(statuses)) >= 3  # the run reached answers of several kinds


def test_discovery_names_the_v2_endpoint_its_formats_and_how_to_get_a_key(api: Api) -> None:
    """GeoReport v2's discovery document, at the Open311 base and at the v2 prefix, signed
    out, built from the server's own address."""
    for path in ("/open311/discovery.json", f"{V2}/discovery.json"):
        answer = api.client.get(path)
        assert answer.status_code == 200 and answer.mimetype == "application/json", path
        found = answer.json
        assert set(found) == {"changeset", "contact", "key_service", "endpoints"}
        assert datetime.fromisoformat(found["changeset"].replace("Z", "+00:00")).tzinfo
        assert "api_key" in found["key_service"] and found["contact"]
        [endpoint] = found["endpoints"]
        assert endpoint["specification"] == "Open311 GeoReport v2"
        assert endpoint["url"] == "http://localhost/open311/v2"
        assert sorted(endpoint["formats"]) == ["application/json", "text/xml"]
        assert api.client.get(endpoint["url"].removeprefix("http://localhost")
                              + "/services.json").status_code == 200
    answer = api.client.get("/open311/discovery.xml")
    assert answer.status_code == 200 and answer.mimetype == "text/xml"
    root = ElementTree.fromstring(answer.data)
    assert root.tag == "discovery" and root.findtext("changeset") == found["changeset"]
    assert root.findtext("key_service") == found["key_service"]
    [endpoint] = root.findall("endpoints/endpoint")
    assert endpoint.findtext("url") == "http://localhost/open311/v2"
    assert endpoint.findtext("specification") == "Open311 GeoReport v2"
    assert sorted(f.text for f in endpoint.findall("formats/format")) == [
        "application/json", "text/xml"]
    assert refusal(api.client.get(f"{V2}/discovery.html"), 404)


def test_a_media_url_posted_is_kept_and_answered_in_json_and_xml(api: Api) -> None:
    photo = "https://fms.example.cn/photo/7.jpeg?size=full&x=<1>"
    code = post(api, media_url=photo).json[0]["service_request_id"]
    [request] = get(api, f"/requests/{code}.json").json
    assert request["media_url"] == photo
    [listed] = [r for r in get(api, "/requests.json").json if r["service_request_id"] == code]
    assert listed["media_url"] == photo
    tree = ElementTree.fromstring(get(api, f"/requests/{code}.xml").data)
    assert tree.findtext("request/media_url") == photo
    one = api.call("GET", f"/incidents/{code}", "resident").json
    assert one["media_url"] == photo
    plain = post(api, description="无照片").json[0]["service_request_id"]
    assert get(api, f"/requests/{plain}.json").json[0]["media_url"] is None


def test_a_media_url_that_is_no_http_address_is_refused_naming_it(api: Api) -> None:
    with api.site.sessions() as db:
        before = db.scalar(select(func.count(Incident.id)))
    for bad in ("javascript:alert(1)", "file:///etc/passwd", "https://", "见附件",
                "https://fms.example.cn/" + "p" * 480):
        assert "media_url" in refusal(post(api, media_url=bad), 400), bad
    with api.site.sessions() as db:
        assert db.scalar(select(func.count(Incident.id))) == before
