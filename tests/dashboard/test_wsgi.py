"""`python -m dashboard serve`: the production server, quiet, with the sign-in sheet last."""

from __future__ import annotations

import json
import os
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.browser.conftest import Server, free_port

RULE = "─" * 72


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Server]:
    """`serve` in demo mode on an empty SQLite store: it loads a day and prints the sheet."""
    port = free_port()
    url = f"sqlite:///{tmp_path / 'dashboard.db'}"
    environ = {**os.environ, "DASHBOARD_DATABASE_URL": url, "DASHBOARD_PORT": str(port),
               "DASHBOARD_DEMO": "true", "DASHBOARD_DEMO_DAYS": "1",
               "DASHBOARD_THREADS": "20", "DASHBOARD_LOG_LEVEL": "INFO"}
    environ.pop("DASHBOARD_ACCESS_LOG", None)
    server = Server(f"http://127.0.0.1:{port}", url, environ, tmp_path / "console.log",
                    command="serve")
    server.start()
    yield server
    server.stop()


def samples(url: str) -> dict[str, float]:
    with urllib.request.urlopen(f"{url}/metrics", timeout=5) as answer:
        text = answer.read().decode()
    return {sample.name + json.dumps(sample.labels, sort_keys=True): sample.value
            for family in text_string_to_metric_families(text) for sample in family.samples}


def test_serve_runs_gunicorn_quietly_and_prints_the_sign_in_sheet_last(served):
    for _ in range(5):
        with urllib.request.urlopen(f"{served.url}/healthz", timeout=5) as answer:
            assert json.load(answer) == {"status": "ok"}
            assert answer.headers["Server"].startswith("gunicorn")
    time.sleep(1.5)  # the jobs run a few rounds
    counted = samples(served.url)
    assert counted["dashboard_leading{}"] == 1
    assert counted['dashboard_job_runs_total{"job": "poll-trail"}'] > 0
    assert counted["dashboard_snapshot_builds_total{}"] >= 1
    stopped = served.process
    served.stop()
    assert stopped.returncode == 0
    console = served.log.read_text()
    assert "development server" not in console and "GET /" not in console
    lines = console.rstrip().splitlines()
    assert lines[-1] == RULE and "wall (大屏)" in lines[-2]
    assert "(gunicorn, gthread, 20 threads)" in console
