"""Several server processes on one PostgreSQL store and one Redis (PRODUCT §8, §9).

Exactly one process runs the scheduled job; a wall connected to any process gets the whole
picture when it connects and every push after; when the job's process dies, another takes
the job over.
"""

from __future__ import annotations

import os
import random
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import socketio

from dashboard.config import Settings
from dashboard.leader import RETRY_SECONDS
from dashboard.wiring import rules_from
from data.demo.story import Cast
from data.incidents import reports
from tests import people, stores
from tests.browser.conftest import Server, free_port

LEADS = "this process runs the scheduled jobs"
REDIS_URL = "redis://127.0.0.1:6379/0"


@contextmanager
def server_pair(folder: Path, command: str = "run",
                **settings: str) -> Iterator[tuple[Server, Server]]:
    """Two servers on one demo store in PostgreSQL, sharing a Redis channel of their own,
    each started by `command` with the extra `settings` (DASHBOARD_… variables)."""
    with stores.postgres_schema(migrate=False) as engine:
        url = engine.url.render_as_string(hide_password=False)
        channel = f"test-{uuid.uuid4().hex}"
        servers = []
        for name in ("first", "second"):
            port = free_port()
            environ = {**os.environ, "DASHBOARD_DATABASE_URL": url,
                       "DASHBOARD_PORT": str(port), "DASHBOARD_REDIS_URL": REDIS_URL,
                       "DASHBOARD_REDIS_CHANNEL": channel, "DASHBOARD_TICK_SECONDS": "2",
                       "DASHBOARD_LOG_LEVEL": "INFO", **settings}
            servers.append(Server(f"http://127.0.0.1:{port}", url, environ,
                                  folder / f"{name}.log", command=command))
        servers[0].cli("load-demo", "--days", "1", "--seed", "7")
        try:
            yield servers[0], servers[1]
        finally:
            for server in servers:
                server.stop()


@pytest.fixture
def pair(tmp_path: Path) -> Iterator[tuple[Server, Server]]:
    """Two servers on one demo store in PostgreSQL, sharing a Redis channel of their own."""
    with server_pair(tmp_path) as servers:
        yield servers


class Wall:
    """A Socket.IO client connected with a display token, keeping every push it receives;
    one that reconnects goes on keeping them."""

    def __init__(self, url: str, token: str, reconnects: bool = False) -> None:
        self.received: list[dict] = []
        self.arrived = threading.Condition()
        self.client = socketio.Client(reconnection=reconnects, reconnection_delay=0.5,
                                      reconnection_delay_max=2)
        self.client.on("opening", self._keep)
        self.client.on("snapshot", self._keep)
        # A loaded CI machine may take more than the default second to admit a screen.
        self.client.connect(url, transports=["websocket"], auth={"token": token},
                            wait_timeout=15)

    def _keep(self, parts: dict) -> None:
        with self.arrived:
            self.received.append(parts)
            self.arrived.notify_all()

    def wait_for(self, wanted: Callable[[dict], bool], timeout: float = 15.0) -> dict:
        """The first push received (since connecting) for which `wanted` holds."""
        deadline = time.monotonic() + timeout
        with self.arrived:
            while True:
                found = next((parts for parts in self.received if wanted(parts)), None)
                left = deadline - time.monotonic()
                if found is not None or left <= 0:
                    break
                self.arrived.wait(left)
        assert found is not None, f"no such push within {timeout} s: {self.received[-3:]}"
        return found


def leads(server: Server) -> bool:
    return LEADS in server.log.read_text(errors="replace")


def wait_until(check: Callable[[], bool], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, f"not true within {timeout} s"
        time.sleep(0.2)


def report_one(server: Server) -> None:
    """Commit a new report from this process, as any other writer would."""
    with server.sessions()() as session:
        content, actor = Cast.from_store(session, random.Random()).report()
        reports.report(session, rules_from(Settings.from_env({})), content, actor)
        session.commit()


def reported_today(parts: dict) -> int | None:
    return parts["kpis"]["today_reported"] if "kpis" in parts else None


def test_one_process_runs_the_job_and_a_wall_on_the_other_stays_live(pair):
    first, second = pair
    _, token = people.make_token(first.sessions())
    first.start()
    wait_until(lambda: leads(first), 15)
    second.start()
    time.sleep(RETRY_SECONDS + 1)  # long enough to have tried the job's lock and lost
    assert not leads(second)

    wall = Wall(second.url, token)
    opening = wall.wait_for(lambda parts: "geometry" in parts)
    assert opening["geometry"]["grids"]["features"]
    before = reported_today(opening)
    assert before is not None and opening["meta"]["cursor"] > 0

    report_one(first)
    wall.wait_for(lambda parts: reported_today(parts) == before + 1)

    first.process.kill()  # no goodbye: the lock must be freed by the store itself
    first.process.wait(timeout=10)
    wait_until(lambda: leads(second), 20)
    report_one(second)
    wall.wait_for(lambda parts: reported_today(parts) == before + 2)
    wall.client.disconnect()
