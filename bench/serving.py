"""Benchmarks of the served app: commit-to-screen latency and the cost of opening a wall."""

from __future__ import annotations

import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service

from bench import screens, stores
from dashboard.config import Settings
from dashboard.wiring import rules_from
from data import clock, store
from data.demo.story import Cast
from data.incidents import reports
from data.people import access

PROJECT = Path(__file__).resolve().parent.parent
SCREENS = 200
COMMITS = 10
RUNS = 3
BAR_MS = 1_000.0  # PRODUCT §10: on every wall within a second (p95)


@contextmanager
def served(kept: stores.Store, port: int) -> Iterator[str]:
    """Run `python -m dashboard run` on the kept store; yield its address."""
    environ = {**os.environ, "DASHBOARD_DATABASE_URL": kept.url, "DASHBOARD_PORT": str(port),
               "DASHBOARD_LOG_LEVEL": "WARNING"}
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen([sys.executable, "-m", "dashboard", "run"], cwd=PROJECT,
                                   env=environ, stdout=subprocess.DEVNULL, stderr=log)
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline and process.poll() is None:
                try:
                    with urllib.request.urlopen(f"{url}/healthz", timeout=2):
                        break
                except OSError:
                    time.sleep(0.3)
            if process.poll() is not None:  # another server on the port answers otherwise
                log.seek(0)
                raise RuntimeError(f"the server stopped:\n{log.read().decode()[-2000:]}")
            yield url
        finally:
            process.terminate()
            process.wait(timeout=30)


def wall_token(kept: stores.Store) -> str:
    """A display token for the benchmark's screens, as an administrator would hand out."""
    engine = kept.engine()
    with store.make_sessionmaker(engine).begin() as session:
        _, token = access.create_token(session, "bench", "bench", clock.now())
    engine.dispose()
    return token


def latency_figures(kept: stores.Store) -> list[str]:
    """Commit reports one by one and time their arrival on 200 connected screens, 3 times."""
    token = wall_token(kept)
    lines, every = [], []
    for run in range(RUNS):
        delays = _latency(kept, token, random.Random(run))
        every += delays
        lines.append(_percentiles(f"run {run + 1}", kept, delays, COMMITS))
    return [*lines, _percentiles(f"{RUNS} runs", kept, every, RUNS * COMMITS)]


def _latency(kept: stores.Store, token: str, rng: random.Random) -> list[float]:
    """One server, 200 screens, ten commits: each screen's delay for each commit, in s."""
    with served(kept, 8591) as url:
        arrivals: dict[int, list[tuple[float, int]]] = {}
        lock = threading.Lock()

        def seer(key: int) -> screens.Seen:
            def seen(moment: float, reported: int) -> None:
                with lock:
                    arrivals.setdefault(key, []).append((moment, reported))
            return seen

        walls = [screens.Screen(url, token, seer(n)) for n in range(SCREENS)]
        time.sleep(3)  # let every screen receive its opening picture
        with lock:
            reported = max(count for times in arrivals.values() for _, count in times)
        engine = kept.engine()
        rules = rules_from(Settings.from_env({}))
        delays: list[float] = []
        with store.make_sessionmaker(engine)() as session:
            cast = Cast.from_store(session, rng)
            for _ in range(COMMITS):
                content, actor = cast.report()
                reports.report(session, rules, content, actor)
                session.flush()
                reported += 1
                committed = time.perf_counter()
                session.commit()
                # Wait for every screen; the next commit falls anywhere in the poll's cycle.
                time.sleep(2.5 + rng.random() * 0.5)
                with lock:  # the first push on each screen that shows this report
                    seen = [min(t for t, count in times if count >= reported)
                            for times in arrivals.values()
                            if any(count >= reported for _, count in times)]
                delays += [moment - committed for moment in seen]
        engine.dispose()
        for wall in walls:
            wall.close()
    return delays


def _percentiles(label: str, kept: stores.Store, delays: list[float], commits: int) -> str:
    delays = sorted(delays)
    p50 = statistics.median(delays) * 1000
    p95 = delays[int(len(delays) * 0.95) - 1] * 1000
    verdict = "meets" if p95 < BAR_MS else "misses"
    return (f"commit to screen, {SCREENS} screens ({kept.kind}), {label}: p50 {p50:.0f} ms, "
            f"p95 {p95:.0f} ms ({verdict} the {BAR_MS:.0f} ms bar), "
            f"{len(delays)} of {SCREENS * commits} arrivals seen")


def wall_open_figures(kept: stores.Store) -> list[str]:
    """Open the wall in headless Chromium: bytes over the wire and time until numbers show."""
    token = wall_token(kept)
    with served(kept, 8592) as url, chromium() as driver:
        # A first visit warms the server's caches, as on a wall.
        driver.get(f"{url}/wall?token={token}")
        time.sleep(2)
        driver.execute_cdp_cmd("Network.clearBrowserCache", {})
        driver.get_log("performance")
        driver.get(f"{url}/wall?token={token}")
        shown_ms = driver.execute_async_script(SHOWN)
        time.sleep(1)
        received = sum(_sizes(driver.get_log("performance")))
    return [f"open the wall ({kept.kind}): numbers shown after {shown_ms:.0f} ms, "
            f"{received / 1e6:.2f} MB over the wire (HTTP and WebSocket)"]


# Wait in the page until the first KPI tile holds a number; answer ms since navigation.
SHOWN = """
const done = arguments[arguments.length - 1];
(function check() {
  const tile = document.querySelector('#wall-kpis > *');
  const lines = tile ? tile.innerText.split('\\n').filter(Boolean) : [];
  if (lines.length > 1 && lines[1] !== '—') { done(performance.now()); }
  else { setTimeout(check, 10); }
})();
"""


def _sizes(entries: list[dict]) -> Iterator[int]:
    for entry in entries:
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.loadingFinished":
            yield int(message["params"]["encodedDataLength"])
        elif message["method"] == "Network.webSocketFrameReceived":
            yield len(message["params"]["response"]["payloadData"].encode())


@contextmanager
def chromium() -> Iterator[webdriver.Chrome]:
    options = Options()
    options.binary_location = "/usr/bin/chromium"
    with tempfile.TemporaryDirectory() as profile:
        for flag in ("--headless=new", "--no-sandbox", "--disable-gpu",
                     "--disable-dev-shm-usage", "--disable-background-networking",
                     "--window-size=1920,1080", f"--user-data-dir={profile}"):
            options.add_argument(flag)
        options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
        driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
        driver.set_script_timeout(60)
        try:
            yield driver
        finally:
            driver.quit()
