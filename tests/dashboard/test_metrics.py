"""/metrics: what an operator's Prometheus reads, and who may read it."""

from __future__ import annotations

import time

from flask.testing import FlaskClient
from prometheus_client.parser import text_string_to_metric_families

from dashboard import push, scheduler
from dashboard.config import Settings
from data.domain import Role
from tests import people

ELSEWHERE = {"REMOTE_ADDR": "10.20.30.40"}
RUNS = ("dashboard_job_runs_total", (("job", "poll-trail"),))
FAILED = ("dashboard_job_failures_total", (("job", "poll-trail"),))


def scraped(client: FlaskClient) -> dict[tuple[str, tuple], float]:
    """Every sample of /metrics by name and labels."""
    answer = client.get("/metrics")
    assert answer.status_code == 200, answer.text
    return {(sample.name, tuple(sorted(sample.labels.items()))): sample.value
            for family in text_string_to_metric_families(answer.text)
            for sample in family.samples}


def test_metrics_count_builds_pushes_screens_and_api_answers(site):
    server, client = site.app.server, site.client()
    before = scraped(client)
    _, token = people.make_token(site.sessions)
    picture = server.extensions["live"]
    picture.lead()  # builds the snapshot and pushes it to every room
    wall = push.socketio.test_client(server, auth={"token": token})
    assert client.get("/api/v1/incidents").status_code == 401
    after = scraped(client)

    def grew(name: str, **labels: str) -> float:
        key = (name, tuple(sorted(labels.items())))
        return after.get(key, 0.0) - before.get(key, 0.0)

    assert grew("dashboard_snapshot_builds_total") >= 1
    assert grew("dashboard_snapshot_build_seconds_count") >= 1
    assert grew("dashboard_snapshot_build_seconds_sum") > 0
    assert grew("dashboard_pushes_total", room="wall") == 1
    assert grew("dashboard_api_requests_total", status="401") == 1
    assert after[("dashboard_screens_connected", (("room", "wall"),))] >= 1
    assert after[("process_resident_memory_bytes", ())] > 0
    wall.disconnect()
    assert scraped(client)[("dashboard_screens_connected", (("room", "wall"),))] == \
        after[("dashboard_screens_connected", (("room", "wall"),))] - 1


def test_metrics_are_refused_to_other_addresses_and_leaders_but_shown_to_an_administrator(site):
    assert site.client().get("/metrics", environ_base=ELSEWHERE).status_code == 403
    leader, _ = site.signed_in(Role.LEADER)
    assert leader.get("/metrics", environ_base=ELSEWHERE).status_code == 403
    admin, _ = site.signed_in(Role.ADMIN)
    answer = admin.get("/metrics", environ_base=ELSEWHERE)
    assert answer.status_code == 200
    assert "dashboard_snapshot_builds_total" in answer.text


def test_a_job_run_that_raises_is_counted_as_a_run_and_a_failure(site):
    client = site.client()
    before = scraped(client)
    # Nothing to work on: every run of the poll raises, as on a store it cannot read.
    jobs = scheduler.start(object(), Settings.from_env({}, poll_seconds=0.05))
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            after = scraped(client)
            if after.get(FAILED, 0) - before.get(FAILED, 0) >= 2:
                break
            time.sleep(0.1)
    finally:
        jobs.shutdown(wait=True)
    assert after.get(FAILED, 0) - before.get(FAILED, 0) >= 2
    assert after[RUNS] - before.get(RUNS, 0) >= after[FAILED] - before.get(FAILED, 0)
