"""Real Chromium against the real app: a served store, a headless browser, and what it fetched."""

from __future__ import annotations

import json
import os
import random
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.wait import WebDriverWait
from sqlalchemy.orm import Session, sessionmaker

from data import store
from data.domain import Role
from tests import clocks, people

PROJECT = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
EPHEMERAL = Path("/proc/sys/net/ipv4/ip_local_port_range")
_PICK = random.SystemRandom()  # not the seeded `random`, which would repeat across workers
_HANDED_OUT: set[int] = set()


def free_port() -> int:
    """A loopback port nobody listens on, for a server or forwarder started a little later.

    It is drawn at random below the range the system takes outgoing connections' ports from,
    so in the seconds before the server binds it none of the run's many connections (to
    PostgreSQL, Redis, the servers; from either worker) can be given it, and never one this
    process handed out before.
    """
    lowest_outgoing = int(EPHEMERAL.read_text().split()[0]) if EPHEMERAL.exists() else 32768
    while True:
        port = _PICK.randrange(20000, lowest_outgoing)
        if port in _HANDED_OUT:
            continue
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue  # something listens there
        _HANDED_OUT.add(port)
        return port


@dataclass
class Server:
    """A `python -m dashboard run` (or `serve`) process serving one store."""

    url: str
    database_url: str
    environ: dict[str, str]
    log: Path
    command: str = "run"
    process: subprocess.Popen | None = field(default=None)
    wall_token: str = ""
    wall_token_id: int = 0
    users: dict[Role, people.Person] = field(default_factory=dict)
    _sessions: sessionmaker[Session] | None = field(default=None, repr=False)

    def sessions(self) -> sessionmaker[Session]:
        """Sessions on the served store, as another writer would open them."""
        if self._sessions is None:
            self._sessions = store.make_sessionmaker(store.make_engine(self.database_url))
        return self._sessions

    def user(self, role: Role | str) -> people.Person:
        """The store's user for `role` (made on first use), with a known password."""
        role = Role(role)
        if role not in self.users:
            self.users[role] = people.make_user(self.sessions(), role)
        return self.users[role]

    def wall_url(self, query: str = "") -> str:
        """The wall's address with its display token, as an administrator hands it out."""
        return f"{self.url}/wall?token={self.wall_token}" + (f"&{query}" if query else "")

    def start(self) -> None:
        """Start the server and wait until /healthz says ok."""
        self.process = subprocess.Popen(
            [sys.executable, "-m", "dashboard", self.command], cwd=PROJECT, env=self.environ,
            stdout=self.log.open("ab"), stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{self.url}/healthz", timeout=2) as answer:
                    if json.load(answer)["status"] == "ok":
                        return
            except OSError:
                pass
            assert self.process.poll() is None, self.log.read_text()
            time.sleep(0.2)
        raise AssertionError(f"server did not start:\n{self.log.read_text()}")

    def stop(self) -> None:
        """Stop the server process."""
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=20)

    def cli(self, *args: str) -> str:
        """Run another `python -m dashboard` command against the same store."""
        done = subprocess.run([sys.executable, "-m", "dashboard", *args], cwd=PROJECT,
                              env=self.environ, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
        return done.stdout


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The app on a demo store with two days of history, no simulator, fast heartbeats.

    The store and its server live at ANCHOR, a working Thursday, whatever the run's moment:
    the tests read departments' figures over two working days. The tests' own clock is the
    server's meanwhile, so what they write and count falls on the server's days.
    """
    with clocks.living_at(clocks.ANCHOR):
        yield from _served(tmp_path_factory)


def _served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    folder = tmp_path_factory.mktemp("served")
    port = free_port()
    database_url = f"sqlite:///{folder / 'dashboard.db'}"
    environ = {**os.environ, "DASHBOARD_DATABASE_URL": database_url,
               "DASHBOARD_PORT": str(port), "DASHBOARD_TICK_SECONDS": "2",
               "DASHBOARD_POLL_SECONDS": "0.5", "DASHBOARD_LOG_LEVEL": "INFO",
               # A fixed key, so sessions outlive a restart as they do in production.
               "DASHBOARD_SECRET_KEY": "browser-tests-" + folder.name}
    served = Server(f"http://127.0.0.1:{port}", database_url, environ, folder / "server.log")
    served.cli("load-demo", "--days", "2", "--seed", "11")
    served.wall_token_id, served.wall_token = people.make_token(served.sessions())
    served.start()
    yield served
    served.stop()


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[webdriver.Chrome]:
    """Headless Chromium that records every request the page makes."""
    driver = chromium(tmp_path / "profile")
    yield driver
    quit_clean(driver)


@pytest.fixture
def second_browser(tmp_path: Path) -> Iterator[webdriver.Chrome]:
    """Another headless Chromium, with cookies of its own: a second person at another desk."""
    driver = chromium(tmp_path / "second-profile")
    yield driver
    quit_clean(driver)


def quit_clean(driver: webdriver.Chrome) -> None:
    """Close the browser; fail the test if its pages broke their content security policy."""
    try:
        refused = [entry["message"] for entry in driver.get_log("browser")
                   if "Content Security Policy" in entry["message"]]
    finally:
        driver.quit()
    assert refused == [], "the page broke its own content security policy"


def chromium(profile: Path) -> webdriver.Chrome:
    """Start headless Chromium with its own profile, recording every request its pages make."""
    options = Options()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-default-apps",
                 "--disable-extensions", "--hide-scrollbars", "--lang=zh-CN",
                 f"--user-data-dir={profile}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    return driver


def sign_in_with(driver: webdriver.Chrome, base_url: str, username: str, password: str,
                 path: str = "/") -> None:
    """Sign in through the real sign-in page and wait until `path` is open."""
    driver.get(f"{base_url}/login?{urlencode({'next': path})}")
    driver.find_element(By.ID, "username").send_keys(username)
    driver.find_element(By.ID, "password").send_keys(password)
    driver.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    WebDriverWait(driver, 15).until(lambda d: urlsplit(d.current_url).path != "/login")


def sign_in(driver: webdriver.Chrome, server: Server, role: Role | str, path: str = "/") -> None:
    """Sign in as the store's user for `role` and open `path`."""
    person = server.user(role)
    sign_in_with(driver, server.url, person.username, person.password, path)


def set_viewport(driver: webdriver.Chrome, width: int, height: int) -> None:
    """Make the page's viewport exactly width × height CSS pixels."""
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})


def requested_urls(driver: webdriver.Chrome) -> list[str]:
    """Every URL the page asked for since the last call (HTTP and WebSocket)."""
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
        elif message["method"] == "Network.webSocketCreated":
            urls.append(message["params"]["url"])
    return urls


def foreign(urls: list[str], origin: str) -> list[str]:
    """The network requests that leave the app's own host.

    data:, blob: and the browser's own chrome:// pages never touch the network.
    """
    host = urlsplit(origin).netloc
    return [url for url in urls if urlsplit(url).scheme in {"http", "https", "ws", "wss"}
            and urlsplit(url).netloc != host]
