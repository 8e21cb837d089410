"""`run` serves the dashboard; in demo mode it prepares the store and keeps it alive."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from dashboard.app import create_app
from dashboard.config import Settings
from data import queries, schema, store
from tests import proxy, stores
from tests.browser.conftest import free_port
from tests.dashboard.cli.test_commands import PROJECT, cli


def health(port: int) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as answer:
            return answer.status, json.load(answer)
    except urllib.error.HTTPError as error:
        return error.code, json.load(error)


def store_counts(url: str) -> dict[str, int]:
    """What the store holds, as another reader sees it."""
    engine = store.make_engine(url)
    try:
        with store.make_sessionmaker(engine)() as session:
            return queries.store_counts(session)
    finally:
        engine.dispose()


def test_demo_run_on_an_empty_store_migrates_loads_and_simulates(empty_store_url):
    port = free_port()
    environ = {**os.environ, "DASHBOARD_DATABASE_URL": empty_store_url, "DASHBOARD_DEMO": "1",
               # Two days: at a day's first minutes, one day of history holds nothing yet.
               "DASHBOARD_DEMO_DAYS": "2", "DASHBOARD_PORT": str(port),
               "DASHBOARD_SIMULATE_TICK": "0.5", "DASHBOARD_SIMULATE_RATE": "3600"}
    environ.pop("DASHBOARD_ACCESS_LOG", None)  # its default: no line for each request
    process = subprocess.Popen([sys.executable, "-m", "dashboard", "run"], cwd=PROJECT,
                               env=environ, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline, first = time.monotonic() + 120, None
        while time.monotonic() < deadline:
            try:
                status, body = health(port)
            except OSError:
                time.sleep(0.3)
                continue
            assert (status, body) == (200, {"status": "ok"})
            counts = store_counts(empty_store_url)
            if first is None:
                first = counts
                assert 450 <= counts["grids"] <= 600
                assert counts["incidents"] > 0
            elif counts["events"] > first["events"]:
                break  # the simulator is moving incidents in the same process
            time.sleep(0.5)
        else:
            raise AssertionError("the demo never served a living store")
    finally:
        process.terminate()
        output = process.communicate(timeout=20)[0].decode()
    assert f"http://127.0.0.1:{port}/" in output
    # The demo's sign-in sheet: a user per role, and the wall's address with its token.
    for role in ("display", "leader", "duty", "admin"):
        assert re.search(rf"^  {role} +{role} +\S{{4}}-\S{{4}}-\S{{4}}$", output, re.M)
    assert f"http://127.0.0.1:{port}/wall?token=" in output
    # The sheet is the last thing the server prints: no banner, advice against production
    # or request lines after it, though the page was asked for many times (what the stopping
    # process says at its exit aside).
    rule = "─" * 72
    sheet_end = output.rindex(rule)
    assert "wall (大屏)" in output[:sheet_end].rstrip().splitlines()[-1]
    for line in ("development server", "production", "GET /", " * ", "Flask"):
        assert line not in output[sheet_end:], output[sheet_end:]


def test_run_refuses_an_unmigrated_store_outside_demo_mode(tmp_path: Path):
    result = cli(f"sqlite:///{tmp_path / 'empty.db'}", "run", DASHBOARD_PORT=str(free_port()))
    assert result.returncode == 1
    assert "python -m dashboard migrate" in result.stderr


def test_healthz_answers_503_until_the_store_is_migrated(tmp_path: Path):
    settings = Settings.from_env({}, database_url=f"sqlite:///{tmp_path / 'd.db'}")
    client = create_app(settings).server.test_client()
    answer = client.get("/healthz")
    assert (answer.status_code, answer.json) == (503, {"status": "migrate"})
    schema.upgrade(store.make_engine(settings.database_url))
    answer = client.get("/healthz")
    assert (answer.status_code, answer.json) == (200, {"status": "ok"})


def test_run_waits_for_a_store_that_is_not_up_yet_and_serves_once_it_is(tmp_path: Path):
    # After a host's reboot the dashboard may start before PostgreSQL: it must wait, not exit.
    with stores.postgres_schema() as engine:
        store_port, port = free_port(), free_port()
        url = engine.url.set(port=store_port).render_as_string(hide_password=False)
        environ = {**os.environ, "DASHBOARD_DATABASE_URL": url, "DASHBOARD_PORT": str(port)}
        log = tmp_path / "server.log"
        process = subprocess.Popen([sys.executable, "-m", "dashboard", "run"], cwd=PROJECT,
                                   env=environ, stdout=log.open("wb"), stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + 30
            while "waiting for the store" not in log.read_text():
                assert process.poll() is None, log.read_text()
                assert time.monotonic() < deadline, log.read_text()
                time.sleep(0.2)
            time.sleep(2)
            assert process.poll() is None, log.read_text()  # still waiting, not gone
            with proxy.Forward(store_port, engine.url.port or 5432):  # the store comes up
                deadline = time.monotonic() + 60
                while True:
                    try:
                        if health(port) == (200, {"status": "ok"}):
                            break
                    except OSError:
                        pass
                    assert time.monotonic() < deadline, log.read_text()
                    time.sleep(0.3)
        finally:
            process.terminate()
            process.wait(timeout=20)
    text = log.read_text()
    assert f"127.0.0.1:{store_port}" in text and "the store at" in text and "answers" in text
