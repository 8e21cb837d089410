"""Reading through the API: the incidents a caller may see, a cursor through them, the
events feed, the figures as the command prints them, and the catalog."""

from __future__ import annotations

import json

import pytest

from data import clock
from tests.dashboard.api.conftest import report_body
from tests.dashboard.api.test_moves import DEPT, DUTY, incident_in
from tests.dashboard.cli.test_commands import cli


def codes(answer) -> list[str]:
    assert answer.status_code == 200, answer.json
    return [incident["code"] for incident in answer.json["incidents"]]


def test_a_cursor_walks_every_incident_newest_first_without_repeats(api):
    made = [api.call("POST", "/incidents", "iot", json=report_body(f"R-{n}")).json["code"]
            for n in range(5)]
    seen, cursor = [], ""
    while True:
        page = api.call("GET", f"/incidents?limit=2{cursor}", "leader-token")
        seen += codes(page)
        if page.json["next"] is None:
            break
        cursor = f"&cursor={page.json['next']}"
    assert seen == made[::-1]


def test_the_filters_of_the_incidents_page(api):
    street = incident_in(api, "reported")
    urgent = api.call("POST", "/incidents", "resident", json=report_body(
        "U-1", priority="urgent", item="YJ01", title="地下通道积水",
        location={"lon": 120.025, "lat": 30.002})).json["code"]
    dispatched = incident_in(api, "dispatched", ref="R-3")
    leader = "leader-token"
    assert codes(api.call("GET", "/incidents?priority=urgent", leader)) == [urgent]
    assert codes(api.call("GET", "/incidents?item=YJ01", leader)) == [urgent]
    assert codes(api.call("GET", "/incidents?source=resident", leader)) == [urgent]
    assert codes(api.call("GET", "/incidents?state=dispatched", leader)) == [dispatched]
    assert codes(api.call("GET", "/incidents?department=D01", leader)) == [dispatched]
    grid = api.place.grids[2].code
    assert codes(api.call("GET", f"/incidents?grid={grid}", leader)) == [urgent]
    community = api.place.communities[0].code
    assert codes(api.call("GET", f"/incidents?community={community}", leader)) == [
        dispatched, street]
    assert codes(api.call("GET", "/incidents?q=积水", leader)) == [urgent]
    assert codes(api.call("GET", f"/incidents?q={street}", leader)) == [street]
    assert codes(api.call("GET", "/incidents?q=%25", leader)) == []  # a wildcard is a character
    assert codes(api.call("GET", "/incidents?overdue=true", leader)) == []
    assert len(codes(api.call("GET", "/incidents?overdue=false&supervised=false", leader))) == 3


def test_a_source_reads_what_it_reported_and_a_department_what_it_leads(api):
    mine = incident_in(api, "reported", reporter="iot")
    led = incident_in(api, "dispatched", ref="R-2")
    assert codes(api.call("GET", "/incidents", "iot")) == [mine]
    assert codes(api.call("GET", "/incidents", DEPT)) == [led]
    assert codes(api.call("GET", "/incidents", "water")) == []
    assert api.call("GET", f"/incidents/{led}", "iot").status_code == 404
    assert api.call("GET", f"/incidents/{led}", DEPT).json["lead_department"]["code"] == "D01"
    refused = api.call("GET", "/incidents", "display-token")
    assert refused.status_code == 403 and "leader" in refused.json["message"]


def test_one_incident_has_its_deadlines_alerts_and_trail(api):
    code = incident_in(api, "in_progress")
    detail = api.call("GET", f"/incidents/{code}", "leader-token").json
    assert [e["kind"] for e in detail["trail"]] == ["report", "accept", "dispatch", "sign"]
    assert [e["actor"] for e in detail["trail"]] == ["patrol system", "duty console",
                                                     "duty console", "department system"]
    assert detail["trail"][2]["department"] == "D01"
    assert detail["deadlines"]["resolution"] is not None and detail["alerts"] == []


def test_the_feed_follows_a_run_of_moves_oldest_first_from_a_cursor(api):
    start = api.call("GET", "/events", "leader-token").json["next"]
    code = incident_in(api, "resolved")
    feed = api.call("GET", f"/events?after={start}", "leader-token").json
    assert [(e["incident"], e["kind"]) for e in feed["events"]] == [
        (code, "report"), (code, "accept"), (code, "dispatch"), (code, "sign"),
        (code, "resolve")]
    more = api.call("POST", f"/incidents/{code}/verify", DUTY, json={})
    assert more.status_code == 200
    after = api.call("GET", f"/events?after={feed['next']}", "leader-token").json
    assert [e["kind"] for e in after["events"]] == ["verify"]
    assert api.call("GET", f"/events?after={after['next']}", "leader-token").json == {
        "events": [], "next": after["next"]}


def test_a_department_system_learns_of_its_dispatches_from_the_feed(api):
    incident_in(api, "reported")  # not its business
    led = incident_in(api, "dispatched", ref="R-2")
    kinds = [(e["incident"], e["kind"]) for e in api.call("GET", "/events", DEPT).json["events"]]
    assert kinds == [(led, "report"), (led, "accept"), (led, "dispatch")]
    assert api.call("GET", "/events", "water").json["events"] == []


@pytest.mark.parametrize("period", ["month", "today"])
def test_the_figures_are_what_the_command_prints(api, engine, period):
    incident_in(api, "resolved")
    incident_in(api, "accepted", ref="R-2")
    at = clock.now().isoformat()
    answer = api.call("GET", f"/figures?period={period}&at={at.replace('+', '%2B')}", "iot")
    assert answer.status_code == 200, answer.json
    printed = cli(engine.url.render_as_string(hide_password=False), "figures", "--period",
                  period, "--at", at, "--json")
    assert printed.returncode == 0, printed.stderr
    assert answer.json == json.loads(printed.stdout)
    assert answer.json["reported"] == 2


@pytest.mark.parametrize(("query", "field"), [("scope=street:999", "scope"),
                                              ("scope=planet", "scope"),
                                              ("period=someday", "period")])
def test_bad_figures_parameters_are_422_naming_them(api, query, field):
    answer = api.call("GET", f"/figures?{query}", "leader-token")
    assert (answer.status_code, answer.json["field"]) == (422, field), answer.json


def test_the_catalog_gives_what_a_source_needs_to_speak(api):
    catalog = api.call("GET", "/catalog", "patrol").json
    assert [i["code"] for i in catalog["items"]] == ["GL01", "YJ01", "ZF01"]
    assert catalog["items"][0]["lead_department"] == "D01"
    assert [d["code"] for d in catalog["departments"]] == ["D01", "D02", "D03"]
    assert [g["code"] for g in catalog["grids"]] == [g.code for g in api.place.grids]
    assert catalog["streets"] == [{"code": "330100001", "name": "望江街道"}]
    assert api.call("GET", "/catalog", "display-token").status_code == 403
    assert api.call("GET", "/catalog").status_code == 401


def test_whoami_names_a_source_its_kind_and_department(api):
    answer = api.call("GET", "/whoami", DEPT).json
    assert answer == {"name": "department system", "role": "display", "kind": "source",
                      "source": "department", "department": "D01"}
