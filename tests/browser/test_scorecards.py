"""The scorecards in real Chromium: a period's tables, sorting, the bulletin's file, weights."""

from __future__ import annotations

import io
import json
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from data import clock, store
from data.figures import scorecards, weights
from layouts.scorecards_table import COLUMNS, cell_text
from tests.browser.conftest import foreign, requested_urls, set_viewport, sign_in
from tests.browser.test_wall import wait_for

pytestmark = pytest.mark.browser
ZONE = ZoneInfo("Asia/Shanghai")
# The workbook's columns that the figures command prints as they are.
COUNTED = ("dispatched", "due", "response_rate", "closure_rate", "on_time_rate", "solved_rate",
           "satisfaction_rate", "rework_rate", "extension_rate")


def past_days() -> str:
    """The demo's two finished days: figures of days gone by stay put while the test runs."""
    yesterday = clock.now().astimezone(ZONE).date() - timedelta(days=1)
    return f"{yesterday - timedelta(days=1)}..{yesterday}"


def table_rows(browser) -> list[dict[str, str]]:
    """The departments' scorecard as shown: one {column: text} per row, with its code."""
    shown = browser.execute_script(  # one round trip: innerText is what the eye sees
        "return [...document.querySelectorAll('#scorecards-departments tbody tr')].map(row =>"
        " [row.dataset.code, [...row.cells].map(cell => cell.innerText.trim())]);")
    return [{"code": code, **dict(zip(COLUMNS["department"], cells, strict=True))}
            for code, cells in shown]


def percent(text: str) -> float:
    return -1.0 if text == "—" else float(text.rstrip("%"))


def open_scorecards(browser, server, role: str, period: str) -> list[dict[str, str]]:
    set_viewport(browser, 1280, 900)
    sign_in(browser, server, role, f"/scorecards?period={period}")
    return wait_for(lambda: [row for row in table_rows(browser) if row["code"]])


def expected(server, unit: str, period: str) -> list[dict]:
    """The scorecard the store gives for `period`, now."""
    engine = store.make_engine(server.database_url)
    now = clock.now()
    with store.make_sessionmaker(engine)() as session:
        rows = scorecards.build(session, unit, scorecards.period(period, now, ZONE), now)
    engine.dispose()
    return rows


def test_the_departments_scorecard_shows_every_departments_figures_for_the_period(
        server, browser):
    shown = open_scorecards(browser, server, "leader", past_days())
    wanted = expected(server, "department", past_days())
    assert [row["code"] for row in shown] == [row["code"] for row in wanted]  # in rank order
    for seen, row in zip(shown, wanted, strict=True):
        assert seen == {"code": row["code"], **{column: cell_text(row, column)
                                                for column in COLUMNS["department"]}}
    assert "至" in browser.find_element(By.ID, "scorecards-heading").text
    cell = browser.find_element(By.CSS_SELECTOR, "#scorecards-departments tbody tr td.rate")
    parts = cell.find_element(By.CLASS_NAME, "scorecards-parts")
    assert not parts.is_displayed()
    cell.click()  # a tap on a tablet
    response = wanted[0]["response_rate"]
    assert wait_for(lambda: parts.is_displayed() and parts.text) == \
        f"{response['numerator']:,} / {response['denominator']:,}"
    assert len(browser.find_elements(By.CSS_SELECTOR, "#scorecards-streets tbody tr")) == len(
        expected(server, "street", past_days()))
    assert foreign(requested_urls(browser), server.url) == []


def test_sorting_by_a_column_reorders_the_rows_and_a_second_click_reverses_them(
        server, browser):
    ranked = [row["code"] for row in open_scorecards(browser, server, "leader", past_days())]
    heading(browser, "结案率").click()
    wait_for(lambda: "▼" in heading(browser, "结案率").text)
    rows = table_rows(browser)
    down = [percent(row["closure_rate"]) for row in rows]
    present = [value for value in down if value >= 0]
    assert present == sorted(present, reverse=True) and len(set(present)) > 1
    assert down[len(present):] == [-1.0] * (len(down) - len(present))  # "—" last
    assert [row["code"] for row in rows] != ranked
    heading(browser, "结案率").click()
    wait_for(lambda: "▲" in heading(browser, "结案率").text)
    up = [percent(row["closure_rate"]) for row in table_rows(browser)]
    assert [value for value in up if value >= 0] == sorted(present)
    assert up[len(present):] == [-1.0] * (len(up) - len(present))


def heading(browser, label: str):
    """The departments' sort button whose label starts with `label`."""
    return browser.find_element(
        By.XPATH, f"//*[@id='scorecards-departments']//th//button[starts-with(., '{label}')]")


def test_the_downloaded_workbook_holds_what_the_figures_command_prints(
        server, browser, tmp_path: Path):
    folder = tmp_path / "downloads"
    folder.mkdir()
    browser.execute_cdp_cmd("Browser.setDownloadBehavior",
                            {"behavior": "allow", "downloadPath": str(folder)})
    shown = open_scorecards(browser, server, "leader", past_days())
    browser.find_element(By.CSS_SELECTOR, ".scorecards-department .scorecards-download.xlsx"
                         ).click()
    saved = wait_for(lambda: [path for path in folder.glob("*.xlsx")], timeout=30)[0]
    sheet = load_workbook(io.BytesIO(saved.read_bytes())).active
    assert sheet["A1"].value.split()[1:] == ["职能部门考核", browser.find_element(
        By.ID, "scorecards-heading").text]
    names = {row["name"]: row["code"] for row in shown}
    busiest = max(shown, key=lambda row: int(row["dispatched"].replace(",", "")))
    line = next(cells for cells in sheet.iter_rows(min_row=3, values_only=True)
                if names[cells[1]] == busiest["code"])
    cells = dict(zip(COLUMNS["department"], line, strict=True))
    printed = json.loads(server.cli("figures", "--scope", f"department:{busiest['code']}",
                                    "--period", past_days(), "--json"))
    for name in (*COUNTED, "composite_score", "mean_handling_hours"):
        assert matches(cells[name], printed[name]), name


def matches(cell: object, printed: object) -> bool:
    """Whether a workbook cell holds what the figures command printed."""
    if isinstance(printed, dict):  # a rate: its parts and its value
        printed = printed["value"]
    if printed is None:
        return cell == "—"
    return isinstance(cell, int | float) and cell == pytest.approx(printed)


def test_a_leader_sees_no_weights_editor(server, browser):
    open_scorecards(browser, server, "leader", past_days())
    assert not browser.find_element(By.ID, "scorecards-weights").is_displayed()


def test_an_administrators_weights_score_and_rank_the_units_at_once(server, browser):
    open_scorecards(browser, server, "admin", past_days())
    editor = wait_for(lambda: browser.find_element(By.ID, "scorecards-weights").is_displayed()
                      and browser.find_element(By.ID, "scorecards-weights"))
    assert not scored_by_closure(table_rows(browser))  # the defaults weigh three other rates
    try:
        for field in editor.find_elements(By.CSS_SELECTOR, "input[type=number]"):
            field.send_keys(Keys.CONTROL, "a")
            name = field.get_attribute("id")
            # A minimum sample of one: every unit with a closure rate is scored on it.
            field.send_keys("1" if "minimum" in name else "100" if "closure_rate" in name
                            else "0")
        editor.find_element(By.ID, "scorecards-weights-save").click()
        message = wait_for(lambda: browser.find_element(By.ID, "scorecards-weights-message").text)
        assert message.startswith(f"已保存 · {server.user('admin').name}")
        wait_for(lambda: scored_by_closure(table_rows(browser)))
        changes = browser.find_element(By.ID, "scorecards-weights-history").text
        assert changes.splitlines()[0].endswith(f"{server.user('admin').name} · 结案率 100%")
    finally:
        restore_defaults(server)


def scored_by_closure(rows: list[dict[str, str]]) -> bool:
    """Whether every score is the closure rate alone, and only units with one are ranked."""
    return all((row["composite_score"], row["rank"] == "样本不足") == ("—", True)
               if row["closure_rate"] == "—"
               else row["composite_score"] + "%" == row["closure_rate"] for row in rows)


def restore_defaults(server) -> None:
    """Put the default weights back for the tests that share the store."""
    engine = store.make_engine(server.database_url)
    with store.make_sessionmaker(engine).begin() as session:
        weights.set(session, weights.DEFAULTS, "tests", clock.now())
    engine.dispose()
