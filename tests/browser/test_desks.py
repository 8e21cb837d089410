"""People work incidents in real Chromium: the duty desk, the department desk and the wall.

One incident's whole life is made by people at their desks, with the wall open beside them;
then the refusals: a leader offered nothing, another department's liaison shown nothing, a
stale page's move refused.
"""

from __future__ import annotations

import random
from urllib.parse import urlsplit

import pytest
from selenium.webdriver.common.by import By
from sqlalchemy import func, select

from dashboard.config import Settings
from dashboard.wiring import rules_from
from data.demo.story import Cast
from data.domain import OPEN_STATES, Role
from data.incidents import moves, reports
from data.incidents.trail import Actor
from data.models import Department, Event, Incident
from tests import people
from tests.browser.conftest import foreign, requested_urls, sign_in, sign_in_with
from tests.browser.test_wall import tiles, wait_for

pytestmark = pytest.mark.browser
RULES = rules_from(Settings.from_env({}))


def report_twice(server, seed: int) -> tuple[str, str, str, str]:
    """Commit a report and the same report again a minute later; return the second's code,
    the first's (its likely duplicate), the item's lead department and another department."""
    with server.sessions()() as session:
        content, actor = Cast.from_store(session, random.Random(seed)).report()
        first = reports.report(session, RULES, content, actor)
        second = reports.report(session, RULES, content, actor)
        lead = content.item.lead_department.code
        other = session.scalar(select(Department.code).where(Department.code != lead)
                               .order_by(Department.code).limit(1))
        codes = second.code, first.code
        session.commit()
    return *codes, lead, other


def liaison(server, department: str, name: str) -> people.Person:
    return people.make_user(server.sessions(), Role.DEPARTMENT, department=department,
                            name=name)


def open_incident(driver, server, code: str) -> None:
    driver.get(f"{server.url}/incidents/{code}")
    wait_for(lambda: driver.find_element(By.CSS_SELECTOR, ".inc-code").text == code)


def press(driver, move: str, **fields: str) -> str:
    """Fill the move's form and press its button; return what the page said of it."""
    form = wait_for(lambda: driver.find_element(By.CSS_SELECTOR, f".form-{move}"))
    before = [m.text for m in driver.find_elements(By.CSS_SELECTOR, ".moves-message")]
    for name, value in fields.items():
        radio = form.find_elements(By.CSS_SELECTOR, f".field-{name} input[value='{value}']")
        if radio:
            radio[0].click()
        else:
            form.find_element(By.CSS_SELECTOR, f".field-{name} input").send_keys(value)
    form.find_element(By.CSS_SELECTOR, f".move-{move}").click()
    return wait_for(lambda: [m.text for m in driver.find_elements(
        By.CSS_SELECTOR, ".moves-message") if [m.text] != before][0])


def to_sign(driver, code: str):
    """The incident's row in the desk's list to sign, found afresh: the desk draws its lists
    anew on each push, so a row found before is gone after one."""
    return next(row for row in driver.find_elements(By.CSS_SELECTOR, "#desk-to_sign li")
                if code in row.text)


def state(driver) -> str:
    return driver.find_element(By.CSS_SELECTOR, ".inc-badge.state").text


def wall_open(driver, wall: str) -> int:
    """The wall's open count, as its tile shows it."""
    driver.switch_to.window(wall)
    return int(wait_for(lambda: tiles(driver).get("在办事件")).replace(",", ""))


def open_now(server) -> int:
    """The open incidents in the store: what the wall's tile must come to show."""
    with server.sessions()() as session:
        return session.scalar(select(func.count()).select_from(Incident).where(
            Incident.state.in_(OPEN_STATES)))


def test_one_incidents_whole_life_is_made_by_people_and_the_wall_moves_with_it(
        server, browser, second_browser):
    code, duplicate, lead, other = report_twice(server, seed=31)
    chen = liaison(server, lead, "联络员 陈静")
    duty, desk = second_browser, browser
    desk.get(server.wall_url())
    wall = desk.current_window_handle
    opened = open_now(server)
    wait_for(lambda: wall_open(desk, wall) == opened)
    desk.switch_to.new_window("window")
    sign_in_with(desk, server.url, chen.username, chen.password, "/desk")
    desk_window = desk.current_window_handle
    wait_for(lambda: desk.find_element(By.CSS_SELECTOR, "#desk-to_sign"))
    desk.execute_script("window.__before_push = 1")
    assert code not in desk.find_element(By.ID, "desk-groups").text

    # The duty officer accepts: the likely duplicate is offered, and declined.
    sign_in(duty, server, "duty", f"/incidents/{code}")
    offered = wait_for(lambda: duty.find_element(By.CSS_SELECTOR, ".move-duplicates .dup"))
    assert duplicate in offered.text
    assert press(duty, "accept") == "已办理：立案"
    wait_for(lambda: state(duty) == "已立案")
    form = wait_for(lambda: duty.find_element(By.CSS_SELECTOR, ".form-dispatch"))
    with server.sessions()() as session:
        lead_name = session.scalar(select(Department.name).where(Department.code == lead))
    assert lead_name in form.find_element(By.CSS_SELECTOR, ".field-lead").text
    assert form.find_element(By.CSS_SELECTOR, ".move-deadlines").text.startswith(
        "现在派遣将设定：签收时限")
    assert press(duty, "dispatch") == "已办理：派遣（吹哨）"

    # It appears on the liaison's desk without a reload, sounding once.
    desk.switch_to.window(desk_window)
    countdown = wait_for(lambda: to_sign(desk, code).find_element(
        By.CSS_SELECTOR, ".desk-countdown").text)
    assert "剩余" in countdown
    assert desk.execute_script("return window.__before_push") == 1
    assert desk.find_element(By.CSS_SELECTOR, ".desk").get_attribute("data-arrivals") == "1"
    wait_for(lambda: to_sign(desk, code).find_element(By.CSS_SELECTOR, ".desk-code").click()
             or True)
    wait_for(lambda: desk.find_element(By.CSS_SELECTOR, ".inc-code").text == code)
    assert press(desk, "sign") == "已办理：签收（报到）"
    wait_for(lambda: state(desk) == "处置中")
    assert press(desk, "resolve", level="street", note="已清理完毕") == "已办理：处置完毕"
    wait_for(lambda: wall_open(desk, wall) == opened - 1)

    # The duty officer returns it once; it is resolved again, verified and closed.
    duty.refresh()
    assert press(duty, "return", reason="现场仍有垃圾") == "已办理：返工"
    wait_for(lambda: wall_open(desk, wall) == opened)
    desk.switch_to.window(desk_window)
    desk.get(f"{server.url}/desk")
    wait_for(lambda: code in desk.find_element(By.CSS_SELECTOR, "#desk-returned").text)
    open_incident(desk, server, code)
    assert press(desk, "resolve", level="street") == "已办理：处置完毕"
    wait_for(lambda: wall_open(desk, wall) == opened - 1)
    duty.refresh()
    assert press(duty, "verify") == "已办理：核查通过"
    assert press(duty, "close", reached="yes", solved="yes", rating="satisfied") == (
        "已办理：结案")
    wait_for(lambda: state(duty) == "已结案")
    assert duty.find_element(By.CSS_SELECTOR, ".moves-none")

    with server.sessions()() as session:
        incident = session.scalar(select(Incident).where(Incident.code == code))
        trail = session.execute(select(Event.kind, Event.actor).where(
            Event.incident_id == incident.id, Event.actor_kind == "person")
            .order_by(Event.id)).all()
    officer = server.user("duty").name
    assert trail[1:] == [("accept", officer), ("dispatch", officer), ("sign", chen.name),
                         ("resolve", chen.name), ("return", officer), ("resolve", chen.name),
                         ("verify", officer), ("close", officer)]

    # A liaison of another department never sees it.
    wang = liaison(server, other, "联络员 王磊")
    outsider = second_browser
    outsider.delete_all_cookies()
    sign_in_with(outsider, server.url, wang.username, wang.password, "/desk")
    wait_for(lambda: outsider.find_element(By.CSS_SELECTOR, "#desk-to_sign"))
    assert code not in outsider.find_element(By.ID, "desk-groups").text
    outsider.get(f"{server.url}/incidents/{code}")
    refused = wait_for(lambda: outsider.find_element(By.CSS_SELECTOR, ".inc-not-yours").text)
    assert code in refused and outsider.find_elements(By.CSS_SELECTOR, ".inc-panel") == []
    assert foreign(requested_urls(desk), server.url) == []


def test_a_leader_is_offered_no_move(server, browser):
    code, *_ = report_twice(server, seed=37)
    sign_in(browser, server, "leader", f"/incidents/{code}")
    none = wait_for(lambda: browser.find_element(By.CSS_SELECTOR, ".moves-none"))
    assert none.text == "当前角色在此状态下没有可办理的操作。"
    assert browser.find_elements(By.CSS_SELECTOR, ".move-button") == []


def test_a_stale_pages_move_is_refused_and_the_page_shows_the_new_state(server, browser):
    code, *_ = report_twice(server, seed=41)
    sign_in(browser, server, "duty", f"/incidents/{code}")
    wait_for(lambda: browser.find_element(By.CSS_SELECTOR, ".form-accept"))
    with server.sessions()() as session:  # another officer, at another desk, is first
        incident = session.scalar(select(Incident).where(Incident.code == code))
        moves.reject(session, incident, Actor.person("值班员 李娜"), reason="不属于受理范围")
        session.commit()
    said = press(browser, "accept")
    assert said == "未执行：本页打开后事件已被他人处理，现在是“不予立案”。请查看最新状态。"
    wait_for(lambda: state(browser) == "不予立案")
    assert browser.find_elements(By.CSS_SELECTOR, ".form-accept") == []
    with server.sessions()() as session:
        assert session.scalar(select(Incident.state).where(Incident.code == code)) == "rejected"


@pytest.mark.parametrize(("role", "home", "links"), [
    ("duty", "/duty", ["大屏", "总览", "值班台", "事件查询", "考核排名"]),
    ("leader", "/", ["大屏", "总览", "事件查询", "考核排名"]),
    ("admin", "/admin", ["大屏", "总览", "值班台", "事件查询", "考核排名", "系统管理",
                         "辖区设置", "事项与部门", "网格图层", "数据推送", "事件库状态"]),
])
def test_signing_in_lands_on_the_roles_page_in_a_frame_of_its_links(server, browser, role,
                                                                     home, links):
    person = server.user(role)
    browser.get(f"{server.url}/login")
    browser.find_element(By.ID, "username").send_keys(person.username)
    browser.find_element(By.ID, "password").send_keys(person.password)
    browser.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait_for(lambda: urlsplit(browser.current_url).path == home)
    shown = wait_for(lambda: [a.text for a in browser.find_elements(
        By.CSS_SELECTOR, ".frame-links a")])
    assert shown == links
    assert person.name in browser.find_element(By.CSS_SELECTOR, ".frame-who").text
    wait_for(lambda: browser.title.endswith("· 基层治理指挥中心"))


def test_a_liaison_lands_on_its_desk_and_is_offered_only_the_wall_it_and_its_list(server,
                                                                                 browser):
    _, _, lead, _ = report_twice(server, seed=43)
    person = liaison(server, lead, "联络员 赵敏")
    browser.get(f"{server.url}/login")
    browser.find_element(By.ID, "username").send_keys(person.username)
    browser.find_element(By.ID, "password").send_keys(person.password)
    browser.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait_for(lambda: urlsplit(browser.current_url).path == "/desk")
    assert [a.text for a in wait_for(lambda: browser.find_elements(
        By.CSS_SELECTOR, ".frame-links a"))] == ["大屏", "部门工作台", "事件查询"]
    browser.get(f"{server.url}/incidents")
    # The list is drawn for it (what it holds is the server tests' to check).
    wait_for(lambda: browser.find_element(By.ID, "incidents-count").text.startswith("共 ")
             or browser.find_element(By.ID, "incidents-count").text == "没有符合条件的事件")
    browser.get(f"{server.url}/")
    assert "无权访问" in browser.page_source


def test_the_list_filters_and_pages_in_the_address(server, browser):
    sign_in(browser, server, "leader", "/incidents")
    count = wait_for(lambda: browser.find_element(By.ID, "incidents-count").text)
    assert count.startswith("共 ") and "显示第 1–50 件" in count
    assert len(browser.find_elements(By.CSS_SELECTOR, ".list-row")) == 50
    browser.find_element(By.CSS_SELECTOR, ".list-next").click()
    wait_for(lambda: "显示第 51–" in browser.find_element(By.ID, "incidents-count").text)
    assert "page=2" in browser.current_url
    browser.get(f"{server.url}/incidents?state=dispatched&sort=code&order=asc")
    wait_for(lambda: browser.find_elements(By.CSS_SELECTOR, ".list-row"))
    rows = browser.find_elements(By.CSS_SELECTOR, ".list-row")
    assert {row.find_elements(By.TAG_NAME, "td")[2].text.split("\n")[0] for row in rows} == {
        "已派遣"}
    codes = [row.find_element(By.CSS_SELECTOR, ".list-code").text for row in rows]
    assert codes == sorted(codes)
    box = browser.find_element(By.ID, "incidents-text")
    box.send_keys(codes[0])
    browser.find_element(By.ID, "incidents-apply").click()
    wait_for(lambda: f"q={codes[0]}" in browser.current_url)
    wait_for(lambda: [r.text for r in browser.find_elements(By.CSS_SELECTOR, ".list-code")]
             == [codes[0]])
    assert "state=dispatched" in browser.current_url and "sort=code" in browser.current_url
    export = browser.find_element(By.CSS_SELECTOR, ".list-export.csv").get_attribute("href")
    assert f"q={codes[0]}" in export and urlsplit(export).path == "/incidents.csv"
