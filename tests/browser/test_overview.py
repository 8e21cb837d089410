"""The overview in real Chromium: drilling down by clicking, back again, shared links, a tablet."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from sqlalchemy import func, select

from data import clock, store
from data.figures import drill, periods
from data.models import Grid, Incident
from layouts import formats
from layouts.wall_panels import count_text, rate_text
from tests.browser.conftest import foreign, requested_urls, set_viewport, sign_in
from tests.browser.test_wall import wait_for

pytestmark = pytest.mark.browser
ZONE = ZoneInfo("Asia/Shanghai")
RATE_COLUMNS = ("response_rate", "closure_rate", "on_time_rate", "satisfaction_rate")


def busiest_grid(server) -> str:
    """The code of the grid with the most incidents still open, so every level has some."""
    engine = store.make_engine(server.database_url)
    with store.make_sessionmaker(engine)() as session:
        code = session.scalar(
            select(Grid.code).join(Incident, Incident.grid_id == Grid.id)
            .where(Incident.state.in_(sorted(drill.STILL_THERE)))
            .group_by(Grid.code).order_by(func.count(Incident.id).desc(), Grid.code).limit(1))
    engine.dispose()
    return code


def expected(server, period: str = "month", **codes: str) -> dict:
    """What the store says the overview should show at a place, now."""
    engine = store.make_engine(server.database_url)
    now = clock.now()
    with store.make_sessionmaker(engine)() as session:
        place = drill.place(session, **codes)
        shown = drill.view(session, place, periods.parse(period, now, ZONE), now)
    engine.dispose()
    return shown


def rows(browser, kind: str) -> dict[str, list[str]]:
    """The table's rows as {name: [cells]}: kind is street, community or grid."""
    found = {}
    for row in browser.find_elements(By.CSS_SELECTOR, f"tr.ov-{kind}"):
        cells = [cell.text for cell in row.find_elements(By.TAG_NAME, "td")]
        found[cells[1]] = cells[2:]  # after the rank, the name
    return found


def crumbs(browser) -> list[str]:
    return [item.text for item in browser.find_elements(By.CSS_SELECTOR, ".ov-crumb")]


def title(browser) -> str:
    return browser.find_element(By.CSS_SELECTOR, ".ov-table-title").text


def shown_range(view: dict) -> str:
    """The period's days as the table's title shows them."""
    start, end = view["period"]["start"], view["period"]["end"]
    return f"{formats.day(start, str(ZONE))} 至 {formats.day(end, str(ZONE), last=True)}"


def query(browser) -> dict[str, list[str]]:
    return parse_qs(urlsplit(browser.current_url).query)


def figures_of(unit: dict) -> list[str]:
    values = unit["figures"]
    return [count_text(values["reported"]), count_text(values["open_now"]),
            count_text(values["overdue_now"]),
            *[rate_text(values[name])[0] for name in RATE_COLUMNS]]


def assert_rows_match_the_store(shown: dict[str, list[str]], server, period: str,
                                **codes: str) -> dict:
    """Every unit's row shows its figures as the store counts them; the view is returned.

    Deadlines pass with the clock alone, moving overdue counts and what fell due, so a row
    may show the store as it was just before it was read, or just after.
    """
    before, after = expected(server, period, **codes), None
    for unit in before["units"]:
        cells = shown.get(unit["name"])
        if cells != figures_of(unit):
            after = after or expected(server, period, **codes)
            again = next(other for other in after["units"] if other["code"] == unit["code"])
            assert cells == figures_of(again), unit["name"]
    assert sorted(shown) == sorted(unit["name"] for unit in before["units"])
    return before


def click_map_unit(browser, code: str) -> None:
    """Click the map's polygon of the unit `code`, as a finger would."""
    index = wait_for(lambda: browser.execute_script(
        "const g = document.querySelector('#overview-map .js-plotly-plot');"
        "return g && g.data && g.data[0].locations.indexOf(arguments[0]) + 1;", code)) - 1
    shape = browser.find_elements(By.CSS_SELECTOR, "#overview-map path.choroplethlocation")[index]
    ActionChains(browser).move_to_element(shape).pause(0.3).click().perform()


def test_drilling_from_the_district_to_an_incident_by_clicking_and_back(server, browser):
    grid = busiest_grid(server)
    street, community = grid[:9], grid[:12]
    set_viewport(browser, 1280, 900)
    sign_in(browser, server, "leader", "/")
    district = expected(server)
    wait_for(lambda: len(rows(browser, "street")) == len(district["units"]))
    assert crumbs(browser) == [district["path"][0]["name"]]
    assert_rows_match_the_store(rows(browser, "street"), server, "month")

    street_name = next(unit["name"] for unit in district["units"] if unit["code"] == street)
    browser.find_element(By.LINK_TEXT, street_name).click()  # a row of the table
    at_street = expected(server, street=street)
    wait_for(lambda: len(rows(browser, "community")) == len(at_street["units"]))
    assert query(browser) == {"period": ["month"], "street": [street]}
    assert crumbs(browser) == [district["path"][0]["name"], street_name]
    assert_rows_match_the_store(rows(browser, "community"), server, "month", street=street)

    click_map_unit(browser, community)  # a polygon on the map
    wait_for(lambda: rows(browser, "grid"))
    assert query(browser)["community"] == [community]
    at_community = assert_rows_match_the_store(rows(browser, "grid"), server, "month",
                                               community=community)

    grid_name = next(unit["name"] for unit in at_community["units"] if unit["code"] == grid)
    browser.find_element(By.LINK_TEXT, grid_name).click()
    at_grid = expected(server, grid=grid)
    listed = wait_for(lambda: browser.find_elements(By.CSS_SELECTOR, "tr.ov-incident td.code"))
    assert [cell.text for cell in listed] == [row["code"] for row in at_grid["incidents"]]
    assert crumbs(browser)[-1] == grid_name and len(crumbs(browser)) == 4
    first = listed[0].text

    browser.find_element(By.LINK_TEXT, first).click()
    wait_for(lambda: first in browser.find_element(By.CSS_SELECTOR, ".inc-code").text)
    assert urlsplit(browser.current_url).path == f"/incidents/{first}"

    browser.back()
    wait_for(lambda: browser.find_elements(By.CSS_SELECTOR, "tr.ov-incident"))
    assert query(browser)["grid"] == [grid] and crumbs(browser)[-1] == grid_name
    browser.back()
    wait_for(lambda: rows(browser, "grid") and "grid" not in query(browser))
    assert crumbs(browser)[-1] == at_community["path"][-1]["name"]
    browser.back()
    wait_for(lambda: rows(browser, "community"))
    assert crumbs(browser) == [district["path"][0]["name"], street_name]
    assert foreign(requested_urls(browser), server.url) == []


def test_a_shared_link_opens_at_its_level_and_period(server, browser):
    grid = busiest_grid(server)
    sign_in(browser, server, "leader", f"/?period=week&street={grid[:9]}&community={grid[:12]}")
    wait_for(lambda: rows(browser, "grid"))
    at_community = assert_rows_match_the_store(rows(browser, "grid"), server, "week",
                                               community=grid[:12])
    assert crumbs(browser) == [unit["name"] for unit in at_community["path"]]
    checked = browser.find_element(By.CSS_SELECTOR, ".ov-presets input:checked")
    assert checked.get_attribute("value") == "week"


def test_picking_a_period_or_a_range_of_days_redraws_the_figures_for_it(server, browser):
    sign_in(browser, server, "leader", "/")
    wait_for(lambda: rows(browser, "street"))
    browser.find_element(By.XPATH, "//label[normalize-space()='今日']").click()
    wait_for(lambda: query(browser).get("period") == ["today"])
    today = expected(server, "today")
    wait_for(lambda: title(browser).endswith(shown_range(today)))
    assert_rows_match_the_store(rows(browser, "street"), server, "today")
    tiles = browser.find_elements(By.CSS_SELECTOR, ".ov-kpi .ov-kpi-value")
    assert tiles[0].text == count_text(today["figures"]["reported"])

    browser.find_element(By.ID, "overview-range").click()  # a custom range: the 2nd to the 10th
    for day in ("2", "10"):
        wait_for(lambda day=day: browser.find_element(
            By.XPATH, f"(//*[contains(@class, 'dash-datepicker')]//span[text()='{day}'])[1]"
        )).click()
    period = wait_for(lambda: query(browser).get("period", [""])[0].endswith("-10") and
                      query(browser)["period"][0])
    first, last = period.split("..")
    assert (first[-3:], last[-3:]) == ("-02", "-10") and first[:7] == last[:7]
    wait_for(lambda: title(browser).endswith(f"{first} 至 {last}"))
    assert_rows_match_the_store(rows(browser, "street"), server, period)


def test_a_tap_on_a_rate_shows_its_numerator_and_denominator(server, browser):
    sign_in(browser, server, "leader", "/")
    wait_for(lambda: rows(browser, "street"))
    district = expected(server)
    tile = browser.find_elements(By.CSS_SELECTOR, ".ov-kpi.rate .ov-rate")[0]
    parts = tile.find_element(By.CLASS_NAME, "ov-parts")
    assert not parts.is_displayed()
    tile.click()
    response = district["figures"]["response_rate"]
    wait_for(lambda: parts.is_displayed())
    assert parts.text == f"{response['numerator']:,} / {response['denominator']:,}"


@pytest.mark.parametrize("level", ["district", "street", "grid"])
def test_a_1024_by_768_tablet_needs_no_horizontal_scrolling(server, browser, level):
    grid = busiest_grid(server)
    address = {"district": "/", "street": f"/?street={grid[:9]}",
               "grid": f"/?street={grid[:9]}&community={grid[:12]}&grid={grid}"}[level]
    set_viewport(browser, 1024, 768)
    sign_in(browser, server, "leader", address)
    wait_for(lambda: browser.find_elements(By.CSS_SELECTOR, ".ov-table tbody tr td"))
    wait_for(lambda: browser.find_elements(By.CSS_SELECTOR, "#overview-map path"))
    overflow = browser.execute_script(
        "const e = document.documentElement; return e.scrollWidth - e.clientWidth;")
    assert overflow == 0
    width = browser.execute_script(
        "return Math.max(...[...document.querySelectorAll('.overview *')]"
        ".map(e => e.getBoundingClientRect().right));")
    assert width <= 1024


def test_an_unknown_unit_in_the_address_is_said_plainly(server, browser):
    sign_in(browser, server, "leader", "/?street=999999999")
    message = wait_for(lambda: browser.find_element(By.CSS_SELECTOR, ".ov-refused").text)
    assert "999999999" in message


# The overview map's drawn shapes and the room its plot gives the map (the scale takes the
# bottom 14 %), as boxes on the screen.
OVERVIEW_MAP_BOXES = """
const shapes = document.querySelectorAll('#overview-map path.choroplethlocation');
const plot = document.querySelector('#overview-map .js-plotly-plot');
if (!shapes.length || !plot) { return null; }
const boxes = Array.from(shapes).map(shape => shape.getBoundingClientRect());
const room = plot.getBoundingClientRect();
return {width: Math.max(...boxes.map(b => b.right)) - Math.min(...boxes.map(b => b.left)),
        height: Math.max(...boxes.map(b => b.bottom)) - Math.min(...boxes.map(b => b.top)),
        roomWidth: room.width, roomHeight: room.height * 0.86};
"""


@pytest.mark.parametrize("level", ["district", "street"])
def test_the_overview_map_fills_its_room(server, browser, level):
    grid = busiest_grid(server)
    set_viewport(browser, 1920, 1080)
    sign_in(browser, server, "leader", "/" if level == "district" else f"/?street={grid[:9]}")
    boxes = wait_for(lambda: browser.execute_script(OVERVIEW_MAP_BOXES), 30)
    filled = max(boxes["width"] / boxes["roomWidth"], boxes["height"] / boxes["roomHeight"])
    assert filled >= 0.9, boxes
