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

import socketio
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service

from bench import stores
from dashboard.config import Settings
from dashboard.wiring import rules_from
from data import reports, store
from data.demo.story import Cast

PROJECT = Path(__file__).resolve().parent.parent
SCREENS = 200
COMMITS = 10


@contextmanager
def served(kept: stores.Store, port: int) -> Iterator[str]:
    """Run `python -m dashboard run` on the kept store; yield its address."""
    environ = {**os.environ, "DASHBOARD_DATABASE_URL": kept.url, "DASHBOARD_PORT": str(port),
               "DASHBOARD_LOG_LEVEL": "WARNING"}
    process = subprocess.Popen([sys.executable, "-m", "dashboard", "run"], cwd=PROJECT,
                               env=environ, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{url}/healthz", timeout=2):
                    break
            except OSError:
                time.sleep(0.3)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)


def latency_figures(kept: stores.Store) -> list[str]:
    """Commit reports one by one and time their arrival on 200 connected screens."""
    with served(kept, 8591) as url:
        arrivals: dict[int, list[tuple[float, int]]] = {}
        lock = threading.Lock()
        clients = [_screen(url, arrivals, lock) for _ in range(SCREENS)]
        time.sleep(3)  # let every screen receive its opening picture
        with lock:
            reported = max(count for times in arrivals.values() for _, count in times)
        engine = kept.engine()
        rules = rules_from(Settings.from_env({}))
        delays: list[float] = []
        with store.make_sessionmaker(engine)() as session:
            cast = Cast.from_store(session, random.Random(3))
            for _ in range(COMMITS):
                content, actor = cast.report()
                reports.report(session, rules, content, actor)
                session.flush()
                reported += 1
                committed = time.perf_counter()
                session.commit()
                time.sleep(2.5)
                with lock:  # the first push on each screen that shows this report
                    seen = [min(t for t, count in times if count >= reported)
                            for times in arrivals.values()
                            if any(count >= reported for _, count in times)]
                delays += [moment - committed for moment in seen]
        engine.dispose()
        # Two hundred polite goodbyes take longer than the measurement; stopping the server
        # ends the connections just as well.
        for client in clients:
            threading.Thread(target=client.disconnect, daemon=True).start()
    delays.sort()
    p50 = statistics.median(delays) * 1000
    p95 = delays[int(len(delays) * 0.95) - 1] * 1000
    return [f"commit to screen, {SCREENS} screens × {COMMITS} commits ({kept.kind}): "
            f"p50 {p50:.0f} ms, p95 {p95:.0f} ms, {len(delays)} of {SCREENS * COMMITS} seen"]


def _screen(url: str, arrivals: dict[int, list[tuple[float, int]]],
            lock: threading.Lock) -> socketio.Client:
    client = socketio.Client(reconnection=False)
    key = id(client)

    @client.on("kpis")
    def _kpis(part: dict) -> None:
        with lock:
            arrivals.setdefault(key, []).append((time.perf_counter(), part["today_reported"]))

    client.connect(url, transports=["websocket"])
    return client


def wall_open_figures(kept: stores.Store) -> list[str]:
    """Open the wall in headless Chromium: bytes over the wire and time until numbers show."""
    with served(kept, 8592) as url, _chromium() as driver:
        driver.get(f"{url}/wall")  # a first visit warms the server's caches, as on a wall
        time.sleep(2)
        driver.execute_cdp_cmd("Network.clearBrowserCache", {})
        driver.get_log("performance")
        driver.get(f"{url}/wall")
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
def _chromium() -> Iterator[webdriver.Chrome]:
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
