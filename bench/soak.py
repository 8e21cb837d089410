"""Soak: one `serve` process, many walls and a busy simulator for a long while.

The server runs in demo mode on a fresh PostgreSQL schema, its simulator at fifty times its
default rate (600 incidents an hour), with Redis as in production when given. The screens
are plain WebSockets (bench/screens.py). Every few seconds the soak commits a report of its
own and times its arrival on every screen: a push holds a commit once its snapshot's cursor
(the newest event) reaches the commit's event. Each line gives the server's resident memory
and threads (gunicorn's master and its worker together) and the push p50/p95 since the line
before.
"""

from __future__ import annotations

import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func, select, text

from bench import screens, stores
from dashboard.config import Settings
from dashboard.wiring import rules_from
from data import clock, store
from data.demo.story import Cast
from data.incidents import reports
from data.models import Event
from data.people import access

PROJECT = Path(__file__).resolve().parent.parent
SCHEMA = "bench_soak"
PORT = 8594
PROBE_SECONDS = 5.0  # one timed report this often, besides the simulator's
SPEED_UP = 50  # the simulator's rate, in times its default: 600 incidents an hour


class CursorScreen(screens.Screen):
    """A screen that reports each push's cursor."""

    number = screens.CURSOR


@dataclass
class Arrivals:
    """Every screen's pushes (when, cursor) and the soak's own commits (when, event id)."""

    pushes: dict[int, list[tuple[float, int]]] = field(default_factory=dict)
    probes: list[tuple[float, int]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def seer(self, key: int) -> screens.Seen:
        def seen(moment: float, cursor: int) -> None:
            with self.lock:
                self.pushes.setdefault(key, []).append((moment, cursor))
        return seen

    def delays(self, until: float) -> tuple[list[float], int]:
        """Each screen's delay for each probe committed before `until`, and how many probes.

        The probes are then forgotten, and the pushes no later probe can need.
        """
        with self.lock:
            ready = [probe for probe in self.probes if probe[0] < until]
            self.probes = [probe for probe in self.probes if probe[0] >= until]
            delays = []
            for committed, event in ready:
                for times in self.pushes.values():
                    first = next((t for t, cursor in times if cursor >= event and t >= committed),
                                 None)
                    if first is not None:
                        delays.append(first - committed)
            oldest = min((probe[0] for probe in self.probes), default=until)
            for key, times in self.pushes.items():  # keep what later probes still need
                self.pushes[key] = [item for item in times if item[0] >= oldest - 1]
        return delays, len(ready)


def process_figures(pid: int) -> tuple[float, int]:
    """Resident MB and threads of `pid` and its children (gunicorn's worker)."""
    pids = [pid, *map(int, Path(f"/proc/{pid}/task/{pid}/children").read_text().split())]
    rss_kb = threads = 0
    for one in pids:
        for line in Path(f"/proc/{one}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                rss_kb += int(line.split()[1])
            elif line.startswith("Threads:"):
                threads += int(line.split()[1])
    return rss_kb / 1024, threads


def fresh_schema(database: str) -> str:
    """An empty schema for the soak's store; its URL."""
    admin = store.make_engine(database)
    with admin.begin() as connection:
        connection.execute(text(f'DROP SCHEMA IF EXISTS "{SCHEMA}" CASCADE'))
        connection.execute(text(f'CREATE SCHEMA "{SCHEMA}"'))
    admin.dispose()
    return stores.in_schema(database, SCHEMA)


def start_server(url: str, screens_count: int, days: int, redis: str, log) -> subprocess.Popen:
    """`python -m dashboard serve` in demo mode; returns once /healthz answers."""
    environ = {**os.environ, "DASHBOARD_DATABASE_URL": url, "DASHBOARD_PORT": str(PORT),
               "DASHBOARD_DEMO": "true", "DASHBOARD_DEMO_DAYS": str(days),
               "DASHBOARD_SIMULATE_RATE": str(Settings.simulate_rate * SPEED_UP),
               "DASHBOARD_THREADS": str(screens_count + 50), "DASHBOARD_LOG_LEVEL": "WARNING",
               "DASHBOARD_REDIS_URL": redis, "DASHBOARD_REDIS_CHANNEL": "bench-soak"}
    process = subprocess.Popen([sys.executable, "-m", "dashboard", "serve"], cwd=PROJECT,
                               env=environ, stdout=subprocess.DEVNULL, stderr=log)
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline and process.poll() is None:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz", timeout=2):
                return process
        except OSError:
            time.sleep(0.5)
    log.seek(0)
    process.kill()
    raise RuntimeError(f"the server did not start:\n{log.read().decode()[-2000:]}")


def probe(sessions, rules, cast: Cast, arrivals: Arrivals) -> None:
    """Commit one report; remember when, and its event."""
    with sessions() as session:
        content, actor = cast.report()
        reports.report(session, rules, content, actor)
        session.flush()
        event = session.scalar(select(func.max(Event.id)))
        committed = time.perf_counter()
        session.commit()
    with arrivals.lock:
        arrivals.probes.append((committed, event))


def line(label: str, pid: int, arrivals: Arrivals, until: float, walls: int) -> str:
    rss, threads = process_figures(pid)
    delays, probes = arrivals.delays(until)
    if delays:
        delays.sort()
        timing = (f"push p50 {statistics.median(delays) * 1000:.0f} ms, "
                  f"p95 {delays[max(0, int(len(delays) * 0.95) - 1)] * 1000:.0f} ms "
                  f"({len(delays)} of {probes * walls} arrivals)")
    else:
        timing = "push: no probe yet"
    return f"{label}: RSS {rss:.1f} MB, {threads} threads, {timing}"


def soak(screens_count: int, minutes: float, every: float, days: int, database: str,
         redis: str) -> list[str]:
    """Run the soak; print a line at the start, every `every` minutes and at the end."""
    url = fresh_schema(database)
    print(f"soak: {screens_count} screens, {minutes:g} min, simulator at "
          f"{Settings.simulate_rate * SPEED_UP:g} incidents/h, PostgreSQL schema {SCHEMA}"
          + (", Redis" if redis else ""), flush=True)
    lines: list[str] = []
    with tempfile.TemporaryFile() as log:
        process = start_server(url, screens_count, days, redis, log)
        engine = store.make_engine(url)
        try:
            sessions = store.make_sessionmaker(engine)
            with sessions.begin() as session:
                _, token = access.create_token(session, "soak", "bench", clock.now())
            arrivals = Arrivals()
            walls = [CursorScreen(f"http://127.0.0.1:{PORT}", token, arrivals.seer(n))
                     for n in range(screens_count)]
            rules, rng = rules_from(Settings.from_env({})), random.Random(1)
            with sessions() as session:
                cast = Cast.from_store(session, rng)
            started = time.perf_counter()
            next_line, end = started + 30, started + minutes * 60
            while True:
                probe(sessions, rules, cast, arrivals)
                time.sleep(PROBE_SECONDS * (0.5 + rng.random()))
                now = time.perf_counter()
                if now >= next_line or now >= end:
                    time.sleep(2)  # the last probes reach the screens
                    elapsed = (now - started) / 60
                    label = ("start (first 30 s)" if not lines else
                             f"end ({elapsed:.1f} min)" if now >= end else f"{elapsed:.1f} min")
                    lines.append(line(label, process.pid, arrivals, now, screens_count))
                    print(lines[-1], flush=True)
                    if now >= end:
                        break
                    next_line = now + every * 60
            for wall in walls:
                wall.close()
        finally:
            engine.dispose()
            process.terminate()
            process.wait(timeout=30)
    return lines
