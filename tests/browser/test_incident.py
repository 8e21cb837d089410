"""The incident page in real Chromium: all of it, its trail, and outside text kept inert."""

from __future__ import annotations

import dataclasses
import random

import pytest
from selenium.webdriver.common.by import By
from sqlalchemy import func, select

from dashboard.config import Settings
from dashboard.wiring import rules_from
from data import store
from data.demo.story import Cast
from data.incidents import reports
from data.models import Event, Incident
from tests.browser.conftest import foreign, requested_urls, sign_in
from tests.browser.test_wall import wait_for

pytestmark = pytest.mark.browser
HOSTILE = "<script>window.__pwned=1</script><b>x</b>"


def longest_trail(server) -> tuple[str, str, int]:
    """The code, title and number of moves of the incident with the longest trail."""
    engine = store.make_engine(server.database_url)
    with store.make_sessionmaker(engine)() as session:
        found = session.execute(
            select(Incident.code, Incident.title, func.count(Event.id))
            .join(Event, Event.incident_id == Incident.id)
            .group_by(Incident.id, Incident.code, Incident.title)
            .order_by(func.count(Event.id).desc(), Incident.code).limit(1)).one()
    engine.dispose()
    return tuple(found)


def hostile_report(server) -> str:
    """Commit a report whose title, description and reporter carry markup."""
    engine = store.make_engine(server.database_url)
    rules = rules_from(Settings.from_env({}))
    with store.make_sessionmaker(engine)() as session:
        content, actor = Cast.from_store(session, random.Random(7)).report()
        content = dataclasses.replace(content, title=HOSTILE, description=HOSTILE,
                                      reporter=HOSTILE)
        code = reports.report(session, rules, content, actor).code
        session.commit()
    engine.dispose()
    return code


def test_the_page_shows_the_incident_its_place_and_its_whole_trail(server, browser):
    code, title, moves = longest_trail(server)
    sign_in(browser, server, "leader", f"/incidents/{code}")
    wait_for(lambda: browser.find_elements(By.CSS_SELECTOR, ".inc-trail-table tbody tr"))
    assert browser.find_element(By.CSS_SELECTOR, ".inc-code").text == code
    assert browser.find_element(By.CSS_SELECTOR, ".inc-title").text == title
    trail = browser.find_elements(By.CSS_SELECTOR, ".inc-trail-table tbody tr")
    assert len(trail) == moves
    assert trail[0].find_elements(By.TAG_NAME, "td")[1].text == "上报"
    wait_for(lambda: len(browser.find_elements(
        By.CSS_SELECTOR, ".inc-map path.choroplethlocation")) == 1)
    assert browser.find_elements(By.CSS_SELECTOR, ".inc-map .scattergeo path.point")
    assert foreign(requested_urls(browser), server.url) == []


def test_an_unknown_code_says_there_is_no_such_incident(server, browser):
    sign_in(browser, server, "leader", "/incidents/E19990101-9999?lang=en")
    message = wait_for(lambda: browser.find_element(By.CSS_SELECTOR, ".inc-missing").text)
    assert message == "No incident with code E19990101-9999"


def test_markup_in_an_incidents_text_is_shown_as_text_and_never_runs(server, browser):
    code = hostile_report(server)
    sign_in(browser, server, "leader", f"/incidents/{code}")
    description = wait_for(lambda: browser.find_element(By.CSS_SELECTOR, ".inc-description"))
    assert description.text == HOSTILE
    assert browser.find_element(By.CSS_SELECTOR, ".inc-title").text == HOSTILE
    assert browser.execute_script("return typeof window.__pwned") == "undefined"
    assert browser.find_elements(By.CSS_SELECTOR, ".inc-panel b, .inc-panel script") == []
