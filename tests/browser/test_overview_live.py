"""The overview's live strip in real Chromium: pushed tiles, freshness, and the view's refresh."""

from __future__ import annotations

import re
import time

import pytest
from selenium.webdriver.common.by import By
from sqlalchemy import select

from data.models import Community, Grid, Incident, Street
from layouts import overview_live
from tests.browser.conftest import foreign, requested_urls, set_viewport, sign_in
from tests.browser.test_overview import rows
from tests.browser.test_wall import report_one, wait_for

pytestmark = pytest.mark.browser


def live_tiles(driver) -> dict[str, str]:
    """The live strip's tiles as {label: value}."""
    shown = {}
    for tile in driver.find_elements(By.CSS_SELECTOR, "#overview-live .ov-live-kpi"):
        label = tile.find_element(By.CLASS_NAME, "ov-live-label").text
        value = tile.find_element(By.CLASS_NAME, "ov-live-value").text.splitlines()
        shown[label] = value[0] if value else ""
    return shown


def live_count(driver, label: str = "今日上报") -> int | None:
    value = live_tiles(driver).get(label, "—")
    return None if value == "—" else int(value.replace(",", ""))


def period_reported(driver) -> int:
    """The period's reported tile, below the strip."""
    return int(driver.find_element(By.CSS_SELECTOR, "#overview-kpis .ov-kpi-value")
               .text.replace(",", ""))


def street_of(server, code: str) -> str:
    """The name of the street an incident was reported in."""
    with server.sessions()() as session:
        return session.scalar(
            select(Street.name).join(Community, Community.street_id == Street.id)
            .join(Grid, Grid.community_id == Community.id)
            .join(Incident, Incident.grid_id == Grid.id).where(Incident.code == code))


def test_a_new_report_moves_the_live_tile_at_once_and_the_period_table_after_a_refresh(
        server, browser):
    set_viewport(browser, 1024, 768)
    sign_in(browser, server, "leader", "/")
    wait_for(lambda: live_count(browser) is not None)
    before = live_count(browser)
    table = wait_for(lambda: rows(browser, "street"))
    reported = period_reported(browser)
    address = browser.current_url
    browser.execute_script("window.notReloaded = true;")

    code = report_one(server)
    committed = time.monotonic()
    wait_for(lambda: live_count(browser) == before + 1, 5)
    seconds = time.monotonic() - committed
    street = street_of(server, code)
    # The period's view is a drill-down read from the store: it waits for its refresh.
    assert rows(browser, "street")[street][0] == table[street][0]
    assert period_reported(browser) == reported

    wait_for(lambda: rows(browser, "street")[street][0] ==
             f"{int(table[street][0].replace(',', '')) + 1:,}",
             overview_live.REFRESH_SECONDS + 15)
    refreshed = time.monotonic() - committed
    assert period_reported(browser) == reported + 1
    assert browser.execute_script("return window.notReloaded === true;")
    assert browser.current_url == address  # the address, and so the drill's state, is kept
    status = browser.find_element(By.ID, "overview-status")
    assert "live" in status.get_attribute("class") and status.text.startswith("数据更新于")
    overflow = browser.execute_script(
        "const e = document.documentElement; return e.scrollWidth - e.clientWidth;")
    assert overflow == 0
    assert foreign(requested_urls(browser), server.url) == []
    print(f"live tile after {seconds:.2f} s; period table after {refreshed:.1f} s")


def test_a_tap_on_a_live_rate_shows_its_numerator_and_denominator(server, browser):
    set_viewport(browser, 1024, 768)
    sign_in(browser, server, "leader", "/")
    wait_for(lambda: live_count(browser) is not None)
    rate = browser.find_elements(By.CSS_SELECTOR, "#overview-live .ov-rate")[0]
    parts = rate.find_element(By.CLASS_NAME, "ov-parts")
    assert not parts.is_displayed()
    rate.click()
    wait_for(lambda: parts.is_displayed())
    numerator, denominator = (int(part.replace(",", "")) for part in parts.text.split(" / "))
    assert rate.text.splitlines()[0] == f"{100 * numerator / denominator:.1f}%"


def test_the_strip_says_stale_since_when_the_server_stops_and_catches_up_after(server,
                                                                               browser):
    sign_in(browser, server, "leader", "/?lang=en")
    wait_for(lambda: live_count(browser, "Reported today") is not None)
    before = live_count(browser, "Reported today")
    status = browser.find_element(By.ID, "overview-status")
    wait_for(lambda: "live" in status.get_attribute("class"))
    assert re.fullmatch(r"Data as of \d\d:\d\d:\d\d", status.text)
    server.stop()
    wait_for(lambda: "stale" in status.get_attribute("class"), 20)
    assert re.fullmatch(r"Data stale since \d\d:\d\d", status.text)
    report_one(server)
    server.start()
    wait_for(lambda: live_count(browser, "Reported today") == before + 1, 30)
    wait_for(lambda: "live" in status.get_attribute("class"), 10)


def test_the_view_is_asked_again_only_when_the_trail_moved_and_the_refresh_time_passed(
        server, browser):
    sign_in(browser, server, "leader", "/")
    wait_for(lambda: live_count(browser) is not None)
    due = """
        const [meta, drawn, asked] = arguments;
        const out = window.dash_clientside.overview.due(meta, drawn, asked,
                                                        {refreshSeconds: 30});
        return out === window.dash_clientside.no_update ? null : out;"""
    drawn = {"cursor": 100, "at": "2025-11-20T02:30:00+00:00"}

    def meta(cursor: int, seconds: int) -> dict:
        return {"cursor": cursor, "data_time": f"2025-11-20T02:30:{seconds:02d}+00:00"
                if seconds < 60 else f"2025-11-20T02:31:{seconds - 60:02d}+00:00"}

    assert browser.execute_script(due, meta(100, 59), drawn, None) is None  # nothing moved
    assert browser.execute_script(due, meta(101, 29), drawn, None) is None  # too soon
    asked = browser.execute_script(due, meta(101, 30), drawn, None)
    assert asked == {"cursor": 101, "at": "2025-11-20T02:30:30+00:00"}
    # Asked, not yet read: a further move waits another refresh time from the ask.
    assert browser.execute_script(due, meta(102, 59), drawn, asked) is None
    assert browser.execute_script(due, meta(102, 60), drawn, asked)["cursor"] == 102
    assert browser.execute_script(due, meta(102, 90), {"cursor": 102, "at": drawn["at"]},
                                  asked) is None  # read at the pushed cursor
