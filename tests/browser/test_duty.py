"""The duty console in real Chromium: the live queue, acknowledging, and what the wall shows."""

from __future__ import annotations

import random
import time
from datetime import timedelta

import pytest
from selenium.webdriver.common.by import By
from sqlalchemy import select

from dashboard.config import Settings
from dashboard.wiring import rules_from
from data import alerts, clock
from data.demo.story import Cast
from data.domain import AlertKind
from data.incidents import moves, reports
from data.models import Alert
from tests.browser.conftest import foreign, requested_urls, sign_in
from tests.browser.test_wall import wait_for

pytestmark = pytest.mark.browser
SEEDS = iter(range(100, 200))


def overdue_alert(server, days: int = 40, escalated: bool = False) -> tuple[str, int]:
    """Commit, as another writer, an incident signed for now whose deadline passed long ago.

    Signing settles its alerts in the same transaction, so it arrives with its overdue alert
    standing (escalated to the district, if asked): the code and the alert's id.
    """
    rules = rules_from(Settings.from_env({}))
    long_ago, now = clock.now() - timedelta(days=days), clock.now()
    with server.sessions().begin() as session:
        cast = Cast.from_store(session, random.Random(next(SEEDS)))
        content, reporter = cast.report()
        incident = reports.report(session, rules, content, reporter, at=long_ago)
        moves.accept(session, incident, cast.centre(), at=long_ago)
        lead = content.item.lead_department
        moves.dispatch(session, incident, cast.centre(), rules, lead=lead, at=long_ago)
        moves.sign(session, incident, cast.department(lead), at=now)
        alert = session.scalar(select(Alert.id).where(Alert.incident_id == incident.id,
                                                      Alert.kind == AlertKind.OVERDUE))
        if escalated:
            alerts.escalate(session, alert, cast.centre(), at=now)
        code = incident.code
    assert alert is not None
    return code, alert


def row(driver, alert_id: int):
    """The queue's row of the alert, or None while it is not shown."""
    found = driver.find_elements(By.CSS_SELECTOR, f"#duty-queue tr[id*='\"alert\":{alert_id},']")
    return found[0] if found else None


# Every ticker row's code and text, read in one go: the wall draws its list anew on pushes and
# page turns, so rows found in one request may be gone by the next.
TICKER_ROWS = """
return Array.from(document.querySelectorAll('.wall-ticker-row')).map(row => {
    const code = row.querySelector('.wall-code');
    return [code ? code.textContent : null, row.textContent];
});
"""


def ticker_row(driver, code: str):
    """The wall ticker's text of the incident's row, or None while it is not in the list
    (on whichever of the list's pages is in view)."""
    for shown, text in driver.execute_script(TICKER_ROWS):
        if shown == code:
            return text
    return None


def test_an_officer_acknowledges_an_overdue_alert_and_the_open_wall_shows_it(server, browser):
    # Escalated and the most overdue: first on the ticker, whatever else stands.
    code, alert = overdue_alert(server, days=60, escalated=True)
    officer = server.user("duty")
    browser.get(server.wall_url())
    wall = browser.current_window_handle
    assert "已确认" not in wait_for(lambda: ticker_row(browser, code))
    browser.switch_to.new_window("window")
    sign_in(browser, server, "duty", "/duty")
    console = browser.current_window_handle
    wait_for(lambda: row(browser, alert)).click()
    wait_for(lambda: code in browser.find_element(By.ID, "duty-actions").text)
    wait_for(lambda: browser.find_element(By.CSS_SELECTOR, ".duty-incident .inc-code").text
             == code)
    browser.find_element(By.ID, "duty-note").send_keys("已电话督促责任单位")
    browser.find_element(By.ID, "duty-ack").click()
    done = wait_for(lambda: browser.find_element(By.CSS_SELECTOR, "#duty-message .duty-done"))
    acknowledged = time.monotonic()
    assert code in done.text and officer.name in done.text
    browser.switch_to.window(wall)
    wait_for(lambda: f"已确认 · {officer.name}" in ticker_row(browser, code), timeout=2)
    seen = time.monotonic() - acknowledged
    browser.switch_to.window(console)
    wait_for(lambda: officer.name in row(browser, alert).find_element(
        By.CSS_SELECTOR, ".duty-ack-cell").text)
    # The trail beside the queue names the officer and keeps the note.
    trail = wait_for(lambda: [line.text for line in browser.find_elements(
        By.CSS_SELECTOR, ".duty-incident .inc-trail-table tbody tr")
        if "确认预警" in line.text])
    assert officer.name in trail[-1] and "已电话督促责任单位" in trail[-1]
    browser.find_element(By.ID, "duty-ack").click()
    refused = wait_for(lambda: browser.find_element(By.CSS_SELECTOR,
                                                    "#duty-message .duty-refused").text)
    assert refused.startswith(f"未确认：已由 {officer.name} 于 ")
    assert seen < 2
    assert foreign(requested_urls(browser), server.url) == []


def test_a_new_overdue_alert_is_pushed_into_the_open_console_and_flashes(server, browser):
    sign_in(browser, server, "duty", "/duty?kind=overdue")
    wait_for(lambda: browser.find_elements(By.CSS_SELECTOR, ".duty-row"))
    assert browser.find_elements(By.CSS_SELECTOR, ".duty-row.fresh") == []
    # A gesture, so that sound may play; a push may redraw the row between finding and clicking.
    wait_for(lambda: browser.find_element(By.CSS_SELECTOR, ".duty-row").click() or True)
    wait_for(lambda: "duty-sound on" in browser.find_element(By.ID, "duty-sound")
             .get_attribute("class"))
    marker = browser.execute_script("window.__before_push = 1; return window.__before_push")
    code, alert = overdue_alert(server)
    arrived = wait_for(lambda: row(browser, alert))
    assert code in arrived.text and "fresh" in arrived.get_attribute("class")
    assert "rang-" in browser.find_element(By.ID, "duty-sound").get_attribute("class")
    assert browser.execute_script("return window.__before_push") == marker  # no reload
    assert "kind=overdue" in browser.current_url
    assert foreign(requested_urls(browser), server.url) == []


def test_the_sound_waits_for_a_click_and_the_mute_toggle_is_remembered(server, browser):
    sign_in(browser, server, "duty", "/duty?lang=en")
    # Browsers let a page sound only after a click or key press on it: the toggle says so.
    wait_for(lambda: browser.find_element(By.ID, "duty-sound").text == "Sound: click to enable")
    browser.find_element(By.ID, "duty-sound").click()
    wait_for(lambda: browser.find_element(By.ID, "duty-sound").text == "Sound: off")
    browser.refresh()
    wait_for(lambda: browser.find_element(By.ID, "duty-sound").text == "Sound: off")
    browser.find_element(By.ID, "duty-sound").click()
    wait_for(lambda: browser.find_element(By.ID, "duty-sound").text == "Sound: on")
