"""A district set up in real Chromium on a store without the demo: the workbook refused then
applied, a limit edited and its history, a grid layer previewed and imported, and a token
revoked only after confirming."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from sqlalchemy import func, select

from data.domain import Role
from data.models import DisplayToken, District, Grid, Item
from tests import clocks, people
from tests.browser.conftest import Server, free_port, sign_in
from tests.browser.test_admin import choose
from tests.browser.test_wall import wait_for
from tests.data.places import workbooks

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The app on a migrated, empty store: no demo, no district."""
    with clocks.living_at(clocks.ANCHOR):
        folder = tmp_path_factory.mktemp("fresh")
        port = free_port()
        database_url = f"sqlite:///{folder / 'dashboard.db'}"
        environ = {**os.environ, "DASHBOARD_DATABASE_URL": database_url,
                   "DASHBOARD_PORT": str(port), "DASHBOARD_LOG_LEVEL": "INFO",
                   "DASHBOARD_SECRET_KEY": "browser-tests-" + folder.name}
        served = Server(f"http://127.0.0.1:{port}", database_url, environ,
                        folder / "server.log")
        served.cli("migrate")
        served.start()
        yield served
        served.stop()


def write(folder: Path, name: str, content: bytes) -> str:
    path = folder / name
    path.write_bytes(content)
    return str(path)


def upload(browser, upload_id: str, path: str) -> None:
    wait_for(lambda: browser.find_element(By.CSS_SELECTOR, f"#{upload_id} input[type=file]")
             ).send_keys(path)


def set_up(server: Server, folder: Path) -> None:
    """The district from the good workbook, unless the browser already applied it."""
    with server.sessions()() as session:
        if session.scalar(select(func.count()).select_from(District)):
            return
    server.cli("import-district", write(folder, "district.xlsx",
                                        workbooks.build(workbooks.tables())))


def test_a_workbook_is_refused_with_its_rows_then_a_good_one_applied(fresh, browser, tmp_path):
    sign_in(browser, fresh, Role.ADMIN, "/admin/district")
    bad = workbooks.tables(事项=[["综合执法", "ZF01", "占道经营", "CG", 1, "天", 3, "工作日"],
                                ["综合执法", "ZF02", "乱堆物料", "ZZ", 1, "小时", 3, "工作日"]])
    upload(browser, "district-upload", write(tmp_path, "bad.xlsx", workbooks.build(bad)))
    refusals = wait_for(lambda: browser.find_elements(By.CSS_SELECTOR,
                                                      "#district-result .admin-refusals li"))
    assert [line.text for line in refusals] == [
        "sheet 事项, row 2, column 响应单位: unknown unit \"天\"; "
        "one of 小时/hours, 工作时/work_hours, 工作日/work_days",
        "sheet 事项, row 3, column 主办部门: unknown department \"ZZ\"; "
        "name one from the departments sheet"]
    assert not browser.find_element(By.ID, "district-apply").is_enabled()

    upload(browser, "district-upload",
           write(tmp_path, "good.xlsx", workbooks.build(workbooks.tables())))
    preview = wait_for(lambda: browser.find_element(By.CSS_SELECTOR, "#district-result "
                                                    ".admin-preview"))
    assert "12 项变更" in preview.text and "item ZF01: new (占道经营)" in preview.text
    with fresh.sessions()() as session:  # nothing written before it is applied
        assert session.scalar(select(func.count()).select_from(District)) == 0
    wait_for(lambda: browser.find_element(By.ID, "district-apply").is_enabled())
    browser.find_element(By.ID, "district-apply").click()
    admin = fresh.user(Role.ADMIN).name
    wait_for(lambda: f"已应用：12 项变更，记录为 {admin}" in browser.find_element(
        By.ID, "district-message").text)
    with fresh.sessions()() as session:
        assert session.scalar(select(func.count()).select_from(Item)) == 3


def test_a_limit_edited_on_the_screen_shows_in_its_history(fresh, browser, tmp_path):
    set_up(fresh, tmp_path)
    sign_in(browser, fresh, Role.ADMIN, "/admin/items")
    wait_for(lambda: browser.find_elements(By.CSS_SELECTOR, "#items-list tbody tr"))
    choose(browser, "item-choice", "ZF01 占道经营")
    amount = wait_for(lambda: next(
        field for field in [browser.find_element(By.ID, "item-resolution-amount")]
        if field.get_attribute("value") == "3"))
    amount.send_keys(Keys.CONTROL, "a")
    amount.send_keys("5", Keys.TAB)
    browser.find_element(By.ID, "item-save").click()
    wait_for(lambda: "事项 ZF01 已保存：1 项变更" in browser.find_element(By.ID,
                                                                       "item-message").text)
    admin = fresh.user(Role.ADMIN).name
    row = wait_for(lambda: next(
        [cell.text for cell in tr.find_elements(By.TAG_NAME, "td")]
        for tr in browser.find_elements(By.CSS_SELECTOR, "#item-history tbody tr")
        if tr.find_element(By.TAG_NAME, "td").text == "resolution_amount"))
    assert row[:4] == ["resolution_amount", "3", "5", admin]
    with fresh.sessions()() as session:
        assert session.scalar(select(Item.resolution_amount).where(Item.code == "ZF01")) == 5


def test_a_grid_layer_is_previewed_on_a_map_then_imported(fresh, browser, tmp_path):
    set_up(fresh, tmp_path)
    sign_in(browser, fresh, Role.ADMIN, "/admin/grids")
    layer = json.dumps(workbooks.grid_layer(), ensure_ascii=False).encode()
    upload(browser, "grids-upload", write(tmp_path, "grids.geojson", layer))
    wait_for(lambda: "3 个网格，新建 3" in browser.find_element(By.ID, "grids-result").text)
    drawn = wait_for(lambda: browser.execute_script(
        "const plot = document.querySelector('#grids-preview .js-plotly-plot');"
        "return plot && plot.data ? plot.data.length : 0;"))
    assert drawn == 3  # one outline per grid
    with fresh.sessions()() as session:
        assert session.scalar(select(func.count()).select_from(Grid)) == 0
    wait_for(lambda: browser.find_element(By.ID, "grids-apply").is_enabled())
    browser.find_element(By.ID, "grids-apply").click()
    wait_for(lambda: "已导入：新建 3 个网格" in browser.find_element(By.ID, "grids-message").text)
    with fresh.sessions()() as session:
        assert session.scalar(select(func.count()).select_from(Grid)) == 3


def test_a_token_is_revoked_only_after_confirming_the_screen_it_opens(fresh, browser):
    token_id, _ = people.make_token(fresh.sessions(), name="二号大屏")
    sign_in(browser, fresh, Role.ADMIN, "/admin")

    def press_revoke() -> None:
        row = wait_for(lambda: next(
            tr for tr in browser.find_elements(By.CSS_SELECTOR, "#admin-tokens tbody tr")
            if tr.find_element(By.TAG_NAME, "td").text == str(token_id)))
        row.find_element(By.TAG_NAME, "button").click()

    press_revoke()
    dialog = wait_for(lambda: browser.switch_to.alert)
    assert f"撤销令牌 {token_id}“二号大屏”" in dialog.text
    dialog.dismiss()
    with fresh.sessions()() as session:
        assert session.get(DisplayToken, token_id).revoked_at is None
    press_revoke()
    wait_for(lambda: browser.switch_to.alert).accept()
    wait_for(lambda: "已撤销" in browser.find_element(By.ID, "admin-token-message").text)
    with fresh.sessions()() as session:
        assert session.get(DisplayToken, token_id).revoked_by == fresh.user(Role.ADMIN).name
