"""The OpenAPI document and its browsable page, served by the app itself (offline)."""

from __future__ import annotations

import re

from dashboard.api import moves


def test_the_document_is_openapi_3_1_with_every_operation_and_open_to_read(site):
    answer = site.client().get("/api/v1/openapi.json")
    assert answer.status_code == 200
    document = answer.json
    assert document["openapi"] == "3.1.0"
    operations = {(method.upper(), path) for path, item in document["paths"].items()
                  for method in item}
    assert {("POST", "/api/v1/incidents"), ("POST", "/api/v1/incidents:batch"),
            ("GET", "/api/v1/incidents"), ("GET", "/api/v1/incidents/{code}"),
            ("GET", "/api/v1/events"), ("GET", "/api/v1/figures"),
            ("GET", "/api/v1/catalog")} <= operations
    assert {("POST", f"/api/v1/incidents/{{code}}/{move}") for move in moves.MOVES} <= operations
    assert len(moves.MOVES) == 16


def test_the_document_says_what_the_checks_enforce(site):
    document = site.client().get("/api/v1/openapi.json").json
    report = document["components"]["schemas"]["ReportIn"]
    assert report["properties"]["title"]["maxLength"] == 200
    assert report["additionalProperties"] is False
    assert set(report["required"]) == {"source_ref", "item", "title"}
    refusals = document["paths"]["/api/v1/incidents"]["post"]["responses"]
    assert {"400", "401", "403", "409", "413", "422"} <= set(refusals)
    assert refusals["409"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/ErrorOut"}


def test_the_docs_page_loads_everything_from_this_server(site):
    client = site.client()
    page = client.get("/api/v1/docs/")
    assert page.status_code == 200
    assert '"validatorUrl": null' in page.text and '"url": "/api/v1/openapi.json"' in page.text
    linked = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert linked and all(link.startswith("/api/v1/docs/") for link in linked)
    for link in linked:
        assert client.get(link).status_code == 200, link
    assert not re.search(r'(?:src|href)="(?:https?:)?//', page.text)


def test_an_unknown_api_path_and_a_wrong_method_answer_json(site):
    client = site.client()
    unknown = client.get("/api/v1/nothing-here")
    assert (unknown.status_code, unknown.json["error"]) == (404, "not_found")
    wrong = client.delete("/api/v1/incidents", headers={"Authorization": "Bearer x"})
    assert wrong.status_code == 405 and {"GET", "POST"} <= set(wrong.headers["Allow"].split(", "))
    assert set(wrong.json) == {"error", "message", "field"}
