"""The admin screen in real Chromium: tokens for walls, and users with their roles and, for a
liaison, its department."""

from __future__ import annotations

from datetime import timedelta

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from sqlalchemy import select

from data import clock
from data.domain import Role, Source
from data.models import Delivery, Department, Event, Street, User
from data.people import sources, webhooks
from tests import people
from tests.browser.conftest import sign_in, sign_in_with
from tests.browser.test_wall import tiles, wait_for
from tests.dashboard.webhooks.receivers import Receiver

pytestmark = pytest.mark.browser


def token_rows(browser) -> list[list[str]]:
    return [[cell.text for cell in row.find_elements(By.TAG_NAME, "td")]
            for row in browser.find_elements(By.CSS_SELECTOR, "#admin-tokens tbody tr")]


def choose(browser, dropdown_id: str, label: str) -> None:
    browser.find_element(By.CSS_SELECTOR, f"#{dropdown_id}").click()
    option = wait_for(lambda: next(o for o in browser.find_elements(
        By.CSS_SELECTOR, f"#{dropdown_id} [role=option], .dash-dropdown-option")
        if o.text == label))
    option.click()


def test_a_token_made_on_the_screen_opens_its_wall_once_and_not_after_revoking(server, browser):
    sign_in(browser, server, "admin", "/admin")
    wait_for(lambda: token_rows(browser))
    browser.find_element(By.ID, "admin-token-name").send_keys("三号大屏")
    browser.find_element(By.ID, "admin-token-create").click()
    link = wait_for(lambda: browser.find_element(By.CSS_SELECTOR, ".admin-created a"))
    wall_url = link.get_attribute("href")
    assert wall_url.startswith(f"{server.url}/wall?token=")
    row = wait_for(lambda: next(r for r in token_rows(browser) if r[1] == "三号大屏"))
    assert row[4] == "—"  # bound to no street: the district's wall
    assert row[5] == "—"  # and rotating through no views
    assert row[6] == server.user("admin").name  # who made it

    admin_tab = browser.current_window_handle
    browser.switch_to.new_window("tab")
    browser.get(wall_url)
    wait_for(lambda: tiles(browser).get("今日上报", "—") != "—")
    browser.switch_to.window(admin_tab)
    revoke = next(r for r in browser.find_elements(By.CSS_SELECTOR, "#admin-tokens tbody tr")
                  if r.find_element(By.TAG_NAME, "td").text == row[0])
    revoke.find_element(By.TAG_NAME, "button").click()
    confirm = wait_for(lambda: browser.switch_to.alert)
    assert "三号大屏" in confirm.text  # the confirmation names the screen
    confirm.accept()
    wait_for(lambda: "已撤销" in browser.find_element(By.ID, "admin-token-message").text)
    # The table is drawn again with who revoked it and when.
    wait_for(lambda: server.user("admin").name in next(
        r for r in token_rows(browser) if r[0] == row[0])[8])
    browser.switch_to.new_window("tab")
    browser.get(wall_url)
    assert "已被撤销" in browser.find_element(By.TAG_NAME, "body").text


def test_a_token_bound_to_a_street_on_the_screen_opens_that_streets_wall(server, browser):
    with server.sessions()() as session:
        street = session.scalars(select(Street).order_by(Street.code)).first()
        label = f"{street.name} ({street.code})"
    sign_in(browser, server, "admin", "/admin")
    wait_for(lambda: token_rows(browser))
    browser.find_element(By.ID, "admin-token-name").send_keys("街道分中心大屏")
    choose(browser, "admin-token-street", label)
    browser.find_element(By.ID, "admin-token-create").click()
    link = wait_for(lambda: browser.find_element(By.CSS_SELECTOR, ".admin-created a"))
    assert link.get_attribute("href").startswith(
        f"{server.url}/wall?street={street.code}&token=")
    row = wait_for(lambda: next(r for r in token_rows(browser) if r[1] == "街道分中心大屏"))
    assert row[4] == label


def test_a_user_made_on_the_screen_signs_in_with_the_role_chosen(server, browser):
    sign_in(browser, server, "admin", "/admin")
    wait_for(lambda: browser.find_elements(By.CSS_SELECTOR, "#admin-users tbody tr"))
    browser.find_element(By.ID, "admin-user-username").send_keys("zhaomin")
    browser.find_element(By.ID, "admin-user-name").send_keys("值班员 赵敏")
    choose(browser, "admin-user-role", "值班员")
    browser.find_element(By.ID, "admin-user-password").send_keys("zhaomin-password", Keys.TAB)
    browser.find_element(By.ID, "admin-user-create").click()
    wait_for(lambda: "zhaomin" in browser.find_element(By.ID, "admin-user-message").text)
    with server.sessions()() as session:
        made = session.scalar(select(User).where(User.username == "zhaomin"))
        assert (made.role.value, made.created_by) == ("duty", server.user("admin").name)
    browser.delete_all_cookies()
    sign_in_with(browser, server.url, "zhaomin", "zhaomin-password", "/wall")
    wait_for(lambda: tiles(browser).get("今日上报", "—") != "—")


def test_a_user_made_a_liaison_on_the_screen_is_bound_and_the_change_is_in_their_history(
        server, browser):
    people.make_user(server.sessions(), Role.LEADER, username="bindme", name="领导 钱进")
    sign_in(browser, server, "admin", "/admin")
    wait_for(lambda: browser.find_elements(By.CSS_SELECTOR, "#admin-users tbody tr"))
    choose(browser, "admin-edit-user", "bindme (领导 钱进)")
    choose(browser, "admin-edit-role", "部门联络员")
    browser.find_element(By.CSS_SELECTOR, "#admin-edit-department").click()
    option = wait_for(lambda: browser.find_elements(
        By.CSS_SELECTOR, "#admin-edit-department [role=option], .dash-dropdown-option")[0])
    code = option.text.split()[0]
    option.click()
    browser.find_element(By.ID, "admin-edit-role-save").click()
    wait_for(lambda: "部门联络员" in browser.find_element(By.ID, "admin-edit-message").text)
    history = wait_for(lambda: [row.text for row in browser.find_elements(
        By.CSS_SELECTOR, "#admin-edit-history tbody tr") if code in row.text])
    assert server.user("admin").name in history[0]
    with server.sessions()() as session:
        bound = session.scalar(select(User).where(User.username == "bindme"))
        assert (bound.role, bound.department.code) == (Role.DEPARTMENT, code)


def test_a_failed_webhook_delivery_is_seen_and_sent_again_from_the_screen(server, browser):
    """The served process's sender posts a delivery the administrator resends."""
    receiver = Receiver().start()
    with server.sessions().begin() as db:
        lead = db.scalar(select(Department).order_by(Department.code).limit(1))
        source, _ = sources.create_source(db, "城管业务系统", Source.DEPARTMENT, "admin",
                                          clock.now(), lead.code)
        hook, receiver.secret = webhooks.register(db, source, receiver.url, ["dispatch"],
                                                  "admin", clock.now())
        event = db.scalar(select(Event).where(Event.kind == "dispatch").limit(1))
        now = clock.now()
        failed = Delivery(webhook_id=hook.id, event_id=event.id, topic="dispatch",
                          status="failed", attempts=12, created_at=now - timedelta(days=1),
                          next_at=now - timedelta(hours=1), last_at=now - timedelta(hours=1),
                          last_status=503, last_error="HTTP 503")
        db.add(failed)
        db.flush()
        delivery_id, source_id, source_code = failed.id, source.id, source.code
    try:
        sign_in(browser, server, "admin", "/admin/webhooks")

        def row():
            return browser.find_element(By.ID, f"hook-delivery-{delivery_id}")

        wait_for(lambda: "已放弃" in row().text)
        assert "HTTP 503" in row().text and "12" in row().text
        receivers = browser.find_element(By.ID, "hooks-receivers").text
        assert receiver.url in receivers and "HTTP 503" in receivers

        def choose(dropdown: str, value: str) -> None:  # as picking it from the list does
            browser.execute_script(
                f"window.dash_clientside.set_props('{dropdown}', {{value: '{value}'}});")

        choose("hooks-status", "delivered")  # the log of delivered ones: not the failed one
        wait_for(lambda: not browser.find_elements(By.ID, f"hook-delivery-{delivery_id}"))
        choose("hooks-status", "failing")
        choose("hooks-source", source_code)
        wait_for(lambda: "已放弃" in row().text)
        row().find_element(By.TAG_NAME, "button").click()
        wait_for(lambda: "重新排队" in browser.find_element(By.ID, "hooks-message").text)
        wait_for(lambda: "已放弃" not in row().text)
        assert server.user("admin").name in row().text  # who resent it
        wait_for(lambda: receiver.posts)  # the server's sender posted it, signed
        [(body, _, signed)] = receiver.posts
        assert body["delivery"] == delivery_id and signed
        # Read again by the page: delivered, it leaves the failing ones for the delivered.
        wait_for(lambda: not browser.find_elements(By.ID, f"hook-delivery-{delivery_id}"),
                 timeout=30)
        choose("hooks-status", "delivered")
        wait_for(lambda: "已送达" in row().text)
    finally:
        receiver.stop()
        with server.sessions().begin() as db:
            webhooks.remove(db, source_id)
