"""The wall as a hall sees it, in real Chromium: bars drawn right, text that scales with the
screen, an alert list that shows every standing alert, and changes that announce themselves."""

from __future__ import annotations

import math
import time

import pytest
from selenium.webdriver.common.by import By
from sqlalchemy import func, select

from data.models import Alert, Community, Grid, Street
from layouts import geo
from tests.browser.conftest import set_viewport
from tests.browser.test_duty import overdue_alert
from tests.browser.test_wall import current_snapshot, report_one, tiles, wait_for

pytestmark = pytest.mark.browser

# The bars as drawn: each bar's top edge and length on the screen, in the order of its data.
DRAWN_BARS = """
return ['wall-sources', 'wall-categories'].map(id => {
    const bars = document.querySelectorAll('#' + id + ' g.trace.bars g.point path');
    const plot = document.querySelector('#' + id + ' .js-plotly-plot');
    return {counts: plot && plot.data && plot.data[0] ? Array.from(plot.data[0].x) : [],
            drawn: Array.from(bars).map(bar => {
                const box = bar.getBoundingClientRect();
                return [box.top, box.width];
            })};
});
"""


def drawn_bars(driver) -> list[dict] | None:
    charts = driver.execute_script(DRAWN_BARS)
    if all(chart["drawn"] and len(chart["drawn"]) == len(chart["counts"]) for chart in charts):
        return charts
    return None


def test_ranked_bars_show_the_largest_at_the_top_on_every_load(server, browser):
    set_viewport(browser, 1920, 1080)
    browser.get(server.wall_url())
    for _load in range(20):
        browser.refresh()
        charts = wait_for(lambda: drawn_bars(browser), 20)
        for chart in charts:
            counts, drawn = chart["counts"], chart["drawn"]
            assert counts == sorted(counts, reverse=True), counts  # ranked, largest first
            tops = [top for top, _width in drawn]
            assert tops == sorted(tops), f"bars drawn upside down: {chart}"  # first on top


# The alert rows inside the list's window, as the hall sees them now.
ROWS_IN_VIEW = """
const frame = document.querySelector('#wall-ticker .wall-ticker-window');
if (!frame) { return null; }
const edge = frame.getBoundingClientRect();
return Array.from(frame.querySelectorAll('.wall-ticker-row')).filter(row => {
    const box = row.getBoundingClientRect();
    return box.height > 0 && box.top >= edge.top - 1 && box.bottom <= edge.bottom + 1;
}).map(row => row.querySelector('.wall-code').textContent);
"""


def test_the_alert_list_pages_through_every_standing_alert_and_counts_them_all(server,
                                                                                browser):
    def standing() -> int:
        with server.sessions()() as session:
            return session.scalar(select(func.count(Alert.id))
                                  .where(Alert.cleared_at.is_(None)))

    while standing() < 18:  # more than two pages of the list
        overdue_alert(server)
    codes = {row["code"] for row in current_snapshot(server)["ticker"]}
    assert len(codes) > 16
    set_viewport(browser, 1920, 1080)
    browser.get(server.wall_url())
    # The count is the store's, as it stands (the server's scan may raise or clear meanwhile).
    wait_for(lambda: f"共 {standing()} 条" in browser.find_element(By.ID, "wall-ticker").text,
             20)
    pace(browser, 0.6)
    seen: set[str] = set()
    pages: list[int] = []
    deadline = time.monotonic() + 40
    while not codes <= seen and time.monotonic() < deadline:
        shown = browser.execute_script(ROWS_IN_VIEW) or []
        pages.append(len(shown))
        seen |= set(shown)
        time.sleep(0.2)
    assert codes <= seen  # (alerts raised meanwhile may show too)
    assert 4 <= max(pages) < len(codes)  # a page of rows at a time, whole rows only
    # A push while a later page is in view leaves that page where it is, without a jolt.
    wait_for(lambda: browser.find_element(By.CSS_SELECTOR, "#wall-ticker .wall-ticker-page")
             .text.startswith("2/"), 10)
    pace(browser, 600)
    time.sleep(1)  # the page has slid into place
    held = browser.execute_script(ROWS_IN_VIEW)
    before = tiles(browser)["今日上报"]
    report_one(server)
    wait_for(lambda: tiles(browser)["今日上报"] != before, 10)
    for _ in range(10):
        assert browser.execute_script(ROWS_IN_VIEW) == held
        time.sleep(0.1)


def pace(driver, seconds: float) -> None:
    """Turn the alert list's pages every `seconds` from now on."""
    driver.execute_script("document.getElementById('wall-ticker')"
                          ".setAttribute('data-seconds', arguments[0])", str(seconds))


def reported_tile(driver):
    """The tile of today's reports (drawn anew on each push: found again each time)."""
    return driver.find_element(By.CSS_SELECTOR, "#wall-kpis > .wall-kpi:first-child")


def test_a_committed_change_flashes_its_tile_and_today_is_compared_with_yesterday(server,
                                                                                  browser):
    browser.get(server.wall_url())
    wait_for(lambda: tiles(browser).get("今日上报", "—") != "—")
    assert "较昨日同时" in reported_tile(browser).text
    assert reported_tile(browser).get_attribute("data-changed") is None  # the first is no change
    report_one(server)
    wait_for(lambda: reported_tile(browser).get_attribute("data-changed") == "up", 10)
    animation = browser.execute_script(
        "return getComputedStyle(arguments[0]).animationName", reported_tile(browser))
    assert animation == "wall-kpi-flash"
    wait_for(lambda: reported_tile(browser).get_attribute("data-changed") is None, 10)


# The size of the text drawn inside each chart, and of the wall's own labels, in CSS pixels.
TEXT_SIZES = """
const size = node => parseFloat(getComputedStyle(node).fontSize);
const inside = selector => Array.from(document.querySelectorAll(selector)).map(size);
return {bars: inside('#wall-categories .ytick text, #wall-sources .ytick text'),
        counts: inside('#wall-categories text.bartext, #wall-sources text.bartext'),
        trend: inside('#wall-trend .xtick text, #wall-trend .ytick text, #wall-trend .legendtext'),
        scale: inside('#wall-map .colorbar text'),
        labels: inside('.wall-kpi-label, .wall-kpi-change, .wall-table th, .wall-ticker-detail')};
"""


def text_sizes(driver) -> dict[str, list[float]] | None:
    sizes = driver.execute_script(TEXT_SIZES)
    return sizes if all(sizes.values()) else None


def test_every_text_is_twice_as_big_at_4k_as_at_1080p_and_none_is_small(server, browser):
    set_viewport(browser, 1920, 1080)
    browser.get(server.wall_url())
    full_hd = wait_for(lambda: text_sizes(browser), 30)
    assert min(min(sizes) for sizes in full_hd.values()) >= 20, full_hd
    set_viewport(browser, 3840, 2160)  # the same page: the charts follow the new size

    def redrawn() -> dict | None:  # every chart drawn again for the new size (the map last)
        sizes = text_sizes(browser)
        return sizes if sizes and all(min(sizes[name]) > 1.5 * min(full_hd[name])
                                      for name in full_hd) else None

    uhd = wait_for(redrawn, 30)
    for name, sizes in full_hd.items():
        assert min(uhd[name]) == pytest.approx(2 * min(sizes), rel=0.05), name
        assert max(uhd[name]) == pytest.approx(2 * max(sizes), rel=0.05), name


# The map's drawn shapes and the panel that holds them, as boxes on the screen.
MAP_BOXES = """
const shapes = document.querySelectorAll('#wall-map path.choroplethlocation');
if (!shapes.length) { return null; }
const boxes = Array.from(shapes).map(shape => shape.getBoundingClientRect());
const panel = document.querySelector('.wall-area-map .wall-panel-body').getBoundingClientRect();
return {width: Math.max(...boxes.map(b => b.right)) - Math.min(...boxes.map(b => b.left)),
        height: Math.max(...boxes.map(b => b.bottom)) - Math.min(...boxes.map(b => b.top)),
        panelWidth: panel.width, panelHeight: panel.height};
"""


def mercator_aspect(server, street: str | None) -> float:
    """The width over the height of the grids' bounds on a Mercator map."""
    query = select(Grid.boundary).join(Community).join(Street).where(Grid.active)
    with server.sessions()() as session:
        shapes = session.scalars(query.where(Street.code == street) if street else query).all()
    points = [point for shape in shapes for point in geo.geo_points(shape["coordinates"])]
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    def y(lat: float) -> float:
        return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))
    return math.radians(max(lons) - min(lons)) / (y(max(lats)) - y(min(lats)))


@pytest.mark.parametrize(("width", "height"), [(1920, 1080), (3840, 2160)])
@pytest.mark.parametrize("street", [False, True])
def test_the_map_fills_its_panel_keeping_its_shapes(server, browser, width, height, street):
    set_viewport(browser, width, height)
    code = max(current_snapshot(server)["street_walls"]) if street else None
    browser.get(server.wall_url(f"street={code}" if code else ""))
    wait_for(lambda: browser.execute_script(MAP_BOXES), 30)
    time.sleep(1.5)  # drawn again for the screen's size once it is read
    boxes = browser.execute_script(MAP_BOXES)
    filled = max(boxes["width"] / boxes["panelWidth"], boxes["height"] / boxes["panelHeight"])
    assert filled >= 0.9, boxes
    assert boxes["width"] <= boxes["panelWidth"] + 1 and boxes["height"] <= boxes["panelHeight"] + 1
    # Not stretched to fill: the shapes keep the proportions a Mercator map gives them.
    assert boxes["width"] / boxes["height"] == pytest.approx(mercator_aspect(server, code),
                                                             rel=0.03)
