"""Screens that heal themselves, in real Chromium: a wall through a server restart (its key
kept, or changed), a store outage, a network cut, and a revoked display; each recovery is
timed, and printed for the record (pytest -s)."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By

from tests import clocks, people, stores
from tests.browser.conftest import Server, free_port, sign_in
from tests.proxy import Forward

pytestmark = pytest.mark.browser
BACK_SECONDS = 10  # a screen is back this soon after what it needs is back
STALE_SECONDS = 20  # and says it is stale this soon after the store goes away


def waited(check: Callable[[], object], timeout: float, what: str,
           since: float | None = None) -> float:
    """Seconds from `since` (a monotonic time; now if not given) until `check` holds; fail
    when it does not hold within `timeout` of it."""
    started = time.monotonic() if since is None else since
    while True:
        try:
            if check():
                break
        except Exception:  # the page may be between renders or between loads
            pass
        elapsed = time.monotonic() - started
        assert elapsed < timeout, f"{what}: not within {timeout} s"
        time.sleep(0.2)
    elapsed = time.monotonic() - started
    print(f"{what}: {elapsed:.1f} s")
    assert elapsed < timeout, f"{what}: {elapsed:.1f} s, not within {timeout} s"
    return elapsed


def status(driver) -> str:
    """"live" or "stale", as the wall's freshness line says."""
    return driver.find_element(By.ID, "wall-status").get_attribute("class")


def live(driver) -> bool:
    return status(driver) == "live"


def page_text(driver) -> str:
    return driver.find_element(By.TAG_NAME, "body").text


def mark_page(driver) -> None:
    """Mark the loaded page, so a test can tell whether it was loaded again since."""
    driver.execute_script("window.notReloaded = true;")


def not_reloaded(driver) -> bool:
    return driver.execute_script("return window.notReloaded === true;")


def environ(database_url: str, port: int, folder: Path, **settings: str) -> dict[str, str]:
    """A server's environment with no secret key set: the one it keeps is used."""
    base = {name: value for name, value in os.environ.items()
            if name != "DASHBOARD_SECRET_KEY"}
    return {**base, "DASHBOARD_DATABASE_URL": database_url, "DASHBOARD_PORT": str(port),
            "DASHBOARD_TICK_SECONDS": "2", "DASHBOARD_POLL_SECONDS": "0.5",
            "DASHBOARD_LOG_LEVEL": "INFO",
            "DASHBOARD_SECRET_KEY_FILE": str(folder / "secret_key"), **settings}


@pytest.fixture(scope="module")
def kept_key_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A demo store on SQLite, served with the default settings: no secret key given."""
    with clocks.living_at(clocks.ANCHOR):
        folder = tmp_path_factory.mktemp("healing")
        url, port = f"sqlite:///{folder / 'dashboard.db'}", free_port()
        served = Server(f"http://127.0.0.1:{port}", url, environ(url, port, folder),
                        folder / "server.log")
        served.cli("load-demo", "--days", "1", "--seed", "11")
        served.wall_token_id, served.wall_token = people.make_token(served.sessions())
        served.start()
        yield served
        served.stop()


def test_a_wall_comes_back_by_itself_after_restarts_with_the_kept_key_and_with_another(
        kept_key_server, browser):
    server = kept_key_server
    browser.get(server.wall_url())
    waited(lambda: live(browser), 20, "wall live after opening")
    mark_page(browser)

    server.stop()
    waited(lambda: not live(browser), 20, "wall stale after the server stopped")
    server.start()  # the default settings again: the key made at the first start is kept
    waited(lambda: live(browser), BACK_SECONDS, "wall live after a restart (kept key)")
    assert not_reloaded(browser), "the wall came back by a new socket, not a new page"

    server.stop()
    server.environ["DASHBOARD_SECRET_KEY"] = "another-key"  # its session cookie is now refused
    try:
        server.start()
        waited(lambda: live(browser), BACK_SECONDS, "wall live after a restart (other key)")
    finally:
        server.stop()
        del server.environ["DASHBOARD_SECRET_KEY"]
        server.start()


def showing_live(driver, status_id: str) -> bool:
    return "live" in driver.find_element(By.ID, status_id).get_attribute("class").split()


def showing_stale(driver, status_id: str) -> bool:
    return not showing_live(driver, status_id)


def test_signed_in_screens_come_back_after_a_restart_still_signed_in(
        kept_key_server, browser, second_browser):
    server = kept_key_server
    screens = ((browser, "duty-status", "duty console"),
               (second_browser, "overview-status", "overview"))
    sign_in(browser, server, "duty", "/duty")
    sign_in(second_browser, server, "leader", "/")
    for driver, status_id, name in screens:
        waited(partial(showing_live, driver, status_id), 20, f"{name} live after signing in")
        mark_page(driver)
    server.stop()
    for driver, status_id, name in screens:
        waited(partial(showing_stale, driver, status_id), 20, f"{name} stale after the stop")
    server.start()
    started = time.monotonic()
    for driver, status_id, name in screens:
        waited(partial(showing_live, driver, status_id), BACK_SECONDS,
               f"{name} live after a restart (kept key)", since=started)
        assert not_reloaded(driver), f"the {name} came back without being loaded again"


def test_a_wall_comes_back_by_itself_after_a_network_cut(kept_key_server, browser):
    server = kept_key_server
    port = free_port()
    with Forward(port, int(server.url.rsplit(":", 1)[1])) as network:
        browser.get(f"http://127.0.0.1:{port}/wall?token={server.wall_token}")
        waited(lambda: live(browser), 20, "wall live through the network")
        mark_page(browser)
        network.close()
        waited(lambda: not live(browser), 20, "wall stale after the network was cut")
        time.sleep(5)  # long enough for several refused tries
        network.open()
        waited(lambda: live(browser), BACK_SECONDS, "wall live after the network returned")
        assert not_reloaded(browser)


def test_a_revoked_display_says_so(kept_key_server, browser):
    server = kept_key_server
    token_id, token = people.make_token(server.sessions(), name="revoked wall")
    browser.get(f"{server.url}/wall?token={token}")
    waited(lambda: live(browser), 20, "wall live before its token is revoked")
    people.revoke(server.sessions(), token_id)
    waited(lambda: "此屏已停用" in page_text(browser), 20, "revoked wall says so")
    assert "数据中断" not in page_text(browser)


@pytest.fixture
def store_behind_a_network(tmp_path: Path) -> Iterator[tuple[Server, Forward]]:
    """A server whose PostgreSQL store is reached through a network the test can cut."""
    with clocks.living_at(clocks.ANCHOR), stores.postgres_schema(migrate=False) as engine:
        direct = engine.url.render_as_string(hide_password=False)
        network = Forward(free_port(), engine.url.port or 5432)
        through = direct.replace(f":{engine.url.port or 5432}/", f":{network.port}/", 1)
        assert through != direct
        port = free_port()
        # The default heartbeat: data goes stale by its age only after 45 s, so a wall that
        # says so sooner was told the store is gone.
        served = Server(f"http://127.0.0.1:{port}", direct,
                        environ(through, port, tmp_path, DASHBOARD_TICK_SECONDS="15"),
                        tmp_path / "server.log")
        with network:
            served.cli("load-demo", "--days", "1", "--seed", "7")
            served.wall_token_id, served.wall_token = people.make_token(served.sessions())
            served.start()
            try:
                yield served, network
            finally:
                served.stop()


def test_a_store_outage_is_shown_stale_and_walls_come_back_when_it_returns(
        store_behind_a_network, browser, second_browser):
    server, store_network = store_behind_a_network
    browser.get(server.wall_url())
    waited(lambda: live(browser), 20, "wall live before the outage")
    mark_page(browser)

    store_network.close()
    waited(lambda: status(browser) == "stale", STALE_SECONDS, "wall stale after the store went")
    assert "数据中断" in browser.find_element(By.ID, "wall-status").text
    # A wall opened meanwhile waits for the store, and says so, instead of failing.
    second_browser.get(server.wall_url())
    assert "正在等待数据库恢复" in page_text(second_browser)
    time.sleep(4)  # the waiting page asks again, and waits on

    store_network.open()
    returned = time.monotonic()
    waited(lambda: live(browser), BACK_SECONDS, "open wall live after the store returned")
    assert not_reloaded(browser)
    waited(lambda: live(second_browser), BACK_SECONDS,
           "wall opened during the outage live after the store returned", since=returned)


def test_a_wall_cut_off_during_a_store_outage_comes_back_when_both_return(
        store_behind_a_network, browser):
    server, store_network = store_behind_a_network
    port = free_port()
    with Forward(port, int(server.url.rsplit(":", 1)[1])) as network:
        browser.get(f"http://127.0.0.1:{port}/wall?token={server.wall_token}")
        waited(lambda: live(browser), 20, "wall live before the outage")
        store_network.close()
        network.close()
        time.sleep(3)
        network.open()  # the wall reconnects while the store is still away, and is refused
        time.sleep(6)
        store_network.open()
        waited(lambda: live(browser), BACK_SECONDS,
               "wall live after a network cut during a store outage")
