"""Signing in through the real page, and walls that open by address until their token is revoked."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from selenium.webdriver.common.by import By

from data.domain import Role
from tests import people
from tests.browser.conftest import foreign, requested_urls, sign_in_with
from tests.browser.test_wall import tiles, wait_for

pytestmark = pytest.mark.browser


def test_a_page_asks_for_sign_in_and_opens_once_signed_in(server, browser):
    browser.get(f"{server.url}/admin?lang=en")
    assert urlsplit(browser.current_url).path == "/login"
    assert parse_qs(urlsplit(browser.current_url).query)["next"] == ["/admin?lang=en"]
    admin = server.user(Role.ADMIN)
    browser.find_element(By.ID, "username").send_keys(admin.username)
    browser.find_element(By.ID, "password").send_keys(admin.password)
    browser.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait_for(lambda: "Display tokens" in browser.find_element(By.TAG_NAME, "body").text)
    assert urlsplit(browser.current_url).path == "/admin"
    assert foreign(requested_urls(browser), server.url) == []


def test_the_sign_in_page_is_chinese_first_and_says_a_wrong_password_plainly(server, browser):
    browser.get(f"{server.url}/login")
    assert browser.find_element(By.TAG_NAME, "h1").text == "登录"
    leader = server.user(Role.LEADER)
    browser.find_element(By.ID, "username").send_keys(leader.username)
    browser.find_element(By.ID, "password").send_keys("not the password")
    browser.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    error = wait_for(lambda: browser.find_element(By.CSS_SELECTOR, ".sign-in-error"))
    assert error.text == "用户名或密码不正确。"
    browser.find_element(By.LINK_TEXT, "English").click()
    assert browser.find_element(By.TAG_NAME, "h1").text == "Sign in"


def test_a_role_below_the_page_sees_a_clear_refusal(server, browser):
    leader = server.user(Role.LEADER)
    sign_in_with(browser, server.url, leader.username, leader.password, "/admin")
    assert browser.find_element(By.TAG_NAME, "h1").text == "无权访问"
    assert "管理员" in browser.find_element(By.CSS_SELECTOR, ".sign-in-error").text


def test_a_wall_address_with_a_revoked_token_is_refused(server, browser):
    token_id, token = people.make_token(server.sessions(), name="二号大屏")
    browser.get(f"{server.url}/wall?token={token}")
    wait_for(lambda: tiles(browser).get("今日上报", "—") != "—")
    people.revoke(server.sessions(), token_id)
    browser.get(f"{server.url}/wall?token={token}")
    assert browser.find_element(By.TAG_NAME, "h1").text == "此屏已停用"
    assert "已被撤销" in browser.find_element(By.TAG_NAME, "body").text
    browser.get(f"{server.url}/wall")  # the session it had is over too
    assert urlsplit(browser.current_url).path == "/login"
