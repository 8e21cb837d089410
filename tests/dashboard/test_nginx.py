"""Debian's nginx with deploy/nginx.conf in front of two `serve` processes (PostgreSQL, Redis).

A wall on each process gets a commit's push; exactly one process runs the jobs; when that one
is killed, the other takes the jobs over, the wall on it stays live, and the wall that was
on the killed one reconnects through nginx to the survivor and is live again.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import time
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from dashboard.leader import RETRY_SECONDS
from tests import people
from tests.browser.conftest import PROJECT, Server, free_port
from tests.dashboard.test_processes import (
    Wall,
    leads,
    report_one,
    reported_today,
    server_pair,
    wait_until,
)

NGINX = "/usr/sbin/nginx"
SITE = PROJECT / "deploy" / "nginx.conf"
UPSTREAM = re.compile(r"^(\s*)server 127\.0\.0\.1:\d+(.*)$", re.MULTILINE)


def nginx_config(folder: Path, port: int, upstreams: list[int]) -> Path:
    """deploy/nginx.conf on `port` before `upstreams`, in a main config of the test's own."""
    site = SITE.read_text()
    first = UPSTREAM.search(site)
    assert first and "listen 80;" in site, "deploy/nginx.conf changed shape"
    ours = "\n".join(f"{first.group(1)}server 127.0.0.1:{up}{first.group(2)}"
                     for up in upstreams)
    site = UPSTREAM.sub("", site).replace(first.group(0).strip(), "", 1)
    site = re.sub(r"(upstream dashboard \{\n(?:\s*#.*\n)*\s*hash [^\n]*\n)", rf"\1{ours}\n",
                  site)
    site = re.sub(r"\n\s*\n(\s*\n)+", "\n\n", site).replace("listen 80;",
                                                              f"listen 127.0.0.1:{port};")
    (folder / "site.conf").write_text(site)
    temp = " ".join(f"{kind}_temp_path {folder / kind};"
                    for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    main = folder / "nginx.conf"
    main.write_text(f"""{"user root;" if os.geteuid() == 0 else ""}
worker_processes 1;
daemon off;
pid {folder / 'nginx.pid'};
error_log {folder / 'error.log'} info;
events {{ worker_connections 512; }}
http {{
    access_log {folder / 'access.log'};
    {temp}
    include {folder / 'site.conf'};
}}
""")
    return main


@pytest.fixture
def nginx_before(tmp_path: Path) -> Iterator[Callable[[list[int]], str]]:
    """Start nginx before the given ports; its address."""
    started: list[subprocess.Popen] = []
    folder = tmp_path / "nginx"
    folder.mkdir()

    def start(upstreams: list[int]) -> str:
        port = free_port()
        main = nginx_config(folder, port, upstreams)
        process = subprocess.Popen([NGINX, "-p", str(folder), "-c", str(main),
                                    "-e", str(folder / "error.log")],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        started.append(process)
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                return f"http://127.0.0.1:{port}"
            except OSError:
                assert process.poll() is None, (folder / "error.log").read_text()
                assert time.monotonic() < deadline, "nginx did not listen"
                time.sleep(0.1)

    yield start
    for process in started:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def pair(tmp_path: Path) -> Iterator[tuple[Server, Server]]:
    """Two `serve` processes on one demo store in PostgreSQL, sharing a Redis channel."""
    with server_pair(tmp_path, "serve", DASHBOARD_SECRET_KEY=f"nginx-test-{uuid.uuid4().hex}",
                     DASHBOARD_TRUSTED_PROXIES="1", DASHBOARD_THREADS="30") as servers:
        yield servers


def leading(server: Server) -> float:
    """dashboard_leading as the process's /metrics says (read from this host)."""
    with urllib.request.urlopen(f"{server.url}/metrics", timeout=5) as answer:
        found = re.search(r"^dashboard_leading (\S+)$", answer.read().decode(), re.MULTILINE)
    return float(found.group(1))


def port_of(server: Server) -> int:
    return int(server.url.rsplit(":", 1)[1])


def kill_hard(server: Server) -> None:
    """SIGKILL the process and its gunicorn worker: no goodbye, as a crash would."""
    pid = server.process.pid
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    server.process.kill()
    for child in children:
        try:
            os.kill(int(child), signal.SIGKILL)
        except ProcessLookupError:
            pass
    server.process.wait(timeout=10)


def test_behind_nginx_one_process_runs_the_jobs_and_walls_survive_its_death(pair,
                                                                          nginx_before):
    first, second = pair
    _, token = people.make_token(first.sessions())
    proxy = nginx_before([port_of(first), port_of(second)])
    first.start()
    wait_until(lambda: leads(first), 15)
    # Through nginx while only the first serves: nginx passes the wall to it.
    through_nginx = Wall(proxy, token, reconnects=True)
    second.start()
    time.sleep(RETRY_SECONDS + 1)  # long enough to have tried the job's lock and lost
    on_second = Wall(second.url, token, reconnects=True)
    assert (leading(first), leading(second)) == (1, 0)
    assert not leads(second)
    opening = through_nginx.wait_for(lambda parts: "geometry" in parts, timeout=20)
    before = reported_today(opening)
    assert before is not None

    report_one(first)
    for wall in (through_nginx, on_second):
        wall.wait_for(lambda parts: reported_today(parts) == before + 1, timeout=20)

    kill_hard(first)
    wait_until(lambda: leads(second), 20)
    assert leading(second) == 1
    # The wall on the killed process comes back through nginx, on the survivor.
    wait_until(lambda: through_nginx.client.connected and len(
        [parts for parts in through_nginx.received if "geometry" in parts]) >= 2, 20)
    report_one(second)
    for wall in (through_nginx, on_second):
        wall.wait_for(lambda parts: reported_today(parts) == before + 2, timeout=20)
        wall.client.disconnect()
