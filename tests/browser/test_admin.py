"""The admin screen in real Chromium: tokens for walls, and users with their roles and, for a
liaison, its department."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from sqlalchemy import select

from data.domain import Role
from data.models import Street, User
from tests import people
from tests.browser.conftest import sign_in, sign_in_with
from tests.browser.test_wall import tiles, wait_for

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
