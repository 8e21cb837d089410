"""The wall in real Chromium: the snapshot's numbers, the map, live updates, reconnection."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from zoneinfo import ZoneInfo

import pytest
from selenium.webdriver.common.by import By
from sqlalchemy import func, select

from dashboard.config import Settings
from dashboard.wiring import rules_from
from data import clock, store
from data.demo.story import Cast
from data.incidents import reports
from data.live import snapshot
from data.models import Community, Grid, Incident, Street
from layouts.text import t
from tests import people
from tests.browser.conftest import foreign, requested_urls, set_viewport, sign_in

pytestmark = pytest.mark.browser
ZONE = ZoneInfo("Asia/Shanghai")


def wait_for(check: Callable[[], object], timeout: float = 15.0) -> object:
    """Poll `check` until it returns something true, or fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            result = check()
        except Exception:  # the page may be between renders
            result = None
        if result:
            return result
        time.sleep(0.2)
    raise AssertionError(f"not seen within {timeout} s")


def tiles(driver) -> dict[str, str]:
    """The KPI tiles as {label: number}, as the wall shows them."""
    # Read in one script: a push redrawing the tiles between finding and reading them would
    # leave a stale element.
    texts = driver.execute_script(
        "return [...document.querySelectorAll('#wall-kpis > *')].map(tile => tile.innerText);")
    shown = {}
    for text in texts:
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        if len(lines) >= 2:
            shown[lines[0]] = lines[1]
    return shown


def current_snapshot(server) -> dict:
    engine = store.make_engine(server.database_url)
    with store.make_sessionmaker(engine)() as session:
        built = snapshot.build(session, clock.now(), ZONE)
    engine.dispose()
    return built


def report_one(server, street: str | None = None) -> str:
    """Commit a new report to the store from this process, as any other writer would; in a
    grid of `street`, when one is named."""
    engine = store.make_engine(server.database_url)
    rules = rules_from(Settings.from_env({}))
    with store.make_sessionmaker(engine)() as session:
        cast = Cast.from_store(session, random.Random(5))
        content, actor = cast.report()
        while street is not None and content.grid.community.street.code != street:
            content, actor = cast.report()
        incident = reports.report(session, rules, content, actor)
        session.commit()
        code = incident.code
    engine.dispose()
    return code


@pytest.mark.parametrize(("width", "height"), [(1920, 1080), (3840, 2160)])
def test_wall_shows_the_snapshots_numbers_without_scrolling(server, browser, width, height):
    set_viewport(browser, width, height)
    browser.get(server.wall_url())
    wait_for(lambda: tiles(browser).get("今日上报", "—") != "—")
    kpis = current_snapshot(server)["kpis"]
    shown = tiles(browser)
    assert shown["今日上报"] == f"{kpis['today_reported']:,}"
    assert shown["在办事件"] == f"{kpis['open']:,}"
    assert shown["红色超期"] == f"{kpis['overdue']:,}"
    rate = kpis["month_satisfaction"]
    expected = f"{100 * rate['numerator'] / rate['denominator']:.1f}%"
    assert shown["本月满意率"] == expected
    overflow = browser.execute_script(
        "const e = document.documentElement;"
        "return [e.scrollWidth - innerWidth, e.scrollHeight - innerHeight];")
    assert overflow == [0, 0]
    assert "live" in browser.find_element(By.ID, "wall-status").get_attribute("class")


def test_the_wall_shows_the_servers_time_and_freshness_whatever_the_screens_clock_says(
        server, browser):
    # The tests' server lives weeks away from the real date (tests/conftest.py's ANCHOR), as
    # an intranet PC without a time server may: the wall follows the server's clock.
    served = clock.now().astimezone(ZONE)
    browser.get(server.wall_url())
    wait_for(lambda: tiles(browser).get("今日上报", "—") != "—")
    status = browser.find_element(By.ID, "wall-status")
    wait_for(lambda: "live" in status.get_attribute("class"))
    shown = browser.find_element(By.ID, "wall-clock").text
    assert shown.startswith(f"{served:%Y}年{served:%m}月{served:%d}日"), shown
    assert abs(clock.shift().total_seconds()) > 86400  # the screen's clock is another day


def test_map_has_one_shape_per_grid(server, browser):
    engine = store.make_engine(server.database_url)
    with store.make_sessionmaker(engine)() as session:
        grids = session.scalar(select(func.count(Grid.id)))
    browser.get(server.wall_url())
    # The first drawing of the whole map is the slowest thing a wall does; give it time.
    shapes = wait_for(lambda: len(browser.find_elements(
        By.CSS_SELECTOR, "#wall-map path.choroplethlocation")) or None, 30)
    assert shapes == grids


def test_wall_speaks_english_when_asked(server, browser):
    browser.get(server.wall_url("lang=en"))
    wait_for(lambda: tiles(browser).get("Reported today", "—") != "—")
    assert "Open incidents by grid" in browser.find_element(By.TAG_NAME, "body").text


def test_every_request_of_the_wall_stays_on_the_host(server, browser):
    browser.get(server.wall_url())
    wait_for(lambda: len(browser.find_elements(By.CSS_SELECTOR, "path.choroplethlocation")), 30)
    urls = requested_urls(browser)
    assert any("/assets/topojson/world_110m.json" in url for url in urls)
    assert any(url.startswith("ws://") for url in urls)
    assert foreign(urls, server.url) == []


def test_a_committed_incident_appears_on_the_open_wall_without_reload(server, browser):
    browser.get(server.wall_url())
    before = int(wait_for(lambda: tiles(browser).get("今日上报", "—").replace(",", "")
                          .replace("—", "") or None))
    report_one(server)
    wait_for(lambda: int(tiles(browser)["今日上报"].replace(",", "")) == before + 1, 10)


def test_wall_shows_stale_when_the_server_stops_and_catches_up_after_restart(server, browser):
    browser.get(server.wall_url())
    before = int(wait_for(lambda: tiles(browser).get("今日上报", "—").replace(",", "")
                          .replace("—", "") or None))
    server.stop()
    status = browser.find_element(By.ID, "wall-status")
    wait_for(lambda: "stale" in status.get_attribute("class"), 20)
    assert "数据中断" in status.text or "连接中断" in status.text
    report_one(server)
    report_one(server)
    server.start()
    wait_for(lambda: int(tiles(browser)["今日上报"].replace(",", "")) == before + 2, 30)
    wait_for(lambda: "live" in status.get_attribute("class"), 10)


def map_values(driver) -> dict[str, int]:
    """The map's value for each grid code, as the page's Plotly figure holds them."""
    return driver.execute_script(
        "const plot = document.querySelector('#wall-map .js-plotly-plot');"
        "const trace = plot && plot.data && plot.data[0];"
        "if (!trace || !trace.locations) { return null; }"
        "return Object.fromEntries(trace.locations.map((code, n) => [code, trace.z[n]]));")


def test_the_map_recolours_the_grid_of_a_new_report_without_redrawing_its_shapes(server,
                                                                                  browser):
    browser.get(server.wall_url())
    before = wait_for(lambda: map_values(browser), 30)
    shape = browser.find_element(By.CSS_SELECTOR, "#wall-map path.choroplethlocation")
    code = report_one(server)
    with server.sessions()() as session:
        grid = session.scalar(select(Grid.code).join(Incident, Incident.grid_id == Grid.id)
                              .where(Incident.code == code))
    # The value and the rings read at once: the first sight of the new count has its grid
    # ringed, whether the push's patch or the once-a-second repair brought it.
    seen = ("const plot = document.querySelector('#wall-map .js-plotly-plot');"
            "const n = plot.data[0].locations.indexOf(arguments[0]);"
            "return [plot.data[0].z[n], plot.data[3].lon.length];")

    def new_count() -> tuple[int] | None:
        value, ringed = browser.execute_script(seen, grid)
        return (ringed,) if value == before[grid] + 1 else None

    (ringed,) = wait_for(new_count, 20)
    assert shape.is_displayed()  # the same shapes, not a new map
    assert ringed >= 1  # the grid that changed is ringed ...
    wait_for(lambda: browser.execute_script(seen, grid)[1] == 0, 10)  # ... for a few seconds


def test_the_newest_of_pushes_arriving_back_to_back_is_what_the_wall_shows(server, browser):
    browser.get(server.wall_url())
    wait_for(lambda: tiles(browser).get("今日上报", "—") != "—")
    # A burst: some pushes in one turn of the page, some in the turns after. Dash hands a
    # component's value on once for several; whichever it keeps, the newest must show.
    browser.execute_script("""
        const push = (n, parts) => window.dash_clientside.set_props('wall-socket', {
            // Ten minutes ahead: the server's own pushes meanwhile are older, and ignored.
            'data-snapshot': {meta: {data_time: new Date(Date.now() + 600000 + n).toISOString()},
                              kpis: {today_reported: 987650 + n}, ...parts}});
        push(1, {});
        push(2, {});
        setTimeout(() => push(3, {}), 0);
        setTimeout(() => push(4, {ticker: []}), 0);
    """)
    wait_for(lambda: tiles(browser)["今日上报"] == "987,654", 10)
    empty = t("wall_ticker_empty", "zh")
    wait_for(lambda: empty in browser.find_element(By.ID, "wall-ticker").text, 10)


def urgent_markers(driver) -> dict | None:
    """The map's urgent markers as the page's Plotly figure holds them."""
    return driver.execute_script(
        "const plot = document.querySelector('#wall-map .js-plotly-plot');"
        "const trace = plot && plot.data && plot.data[4];"
        "if (!trace || !trace.lon) { return null; }"
        "return {text: trace.text, symbol: trace.marker.symbol};")


def test_a_supervised_urgent_incident_is_marked_with_a_star(server, browser):
    browser.get(server.wall_url())
    codes = wait_for(lambda: map_values(browser), 30)
    with server.sessions()() as session:
        grid = session.scalar(select(Grid).where(Grid.code == next(iter(codes))))
        point = grid.boundary["coordinates"]
        while isinstance(point[0], list):  # a corner of the grid, in the map's bounds
            point = point[0]
    lon, lat = point[:2]
    browser.execute_script("""
        const [lon, lat] = arguments;
        const urgent = [
            {code: 'U1', title: '燃气泄漏', lon, lat, supervised: true},
            {code: 'U2', title: '<b>井盖</b>', lon, lat, supervised: false}];
        window.dash_clientside.set_props('wall-socket', {'data-snapshot': {
            meta: {data_time: new Date(Date.now() + 600000).toISOString()}, urgent}});
    """, lon, lat)
    shown = wait_for(lambda: (urgent_markers(browser) or {}).get("symbol") == ["star", "circle"]
                     and urgent_markers(browser), 10)
    assert shown["text"] == ["U1 燃气泄漏 · 督办", "U2 &lt;b&gt;井盖&lt;/b&gt;"]


def test_a_street_wall_shows_its_street_alone_and_its_token_opens_no_other(server, browser):
    built = current_snapshot(server)
    code, wall = max(built["street_walls"].items(), key=lambda pair: pair[1]["kpis"]["open"])
    assert wall["kpis"]["open"] < built["kpis"]["open"]  # a street's figures, not the district's
    _, token = people.make_token(server.sessions(), name="街道分中心", street=code)
    browser.get(f"{server.url}/wall?street={code}&token={token}")
    wait_for(lambda: tiles(browser).get("在办事件", "—") != "—", 30)
    shown = tiles(browser)
    assert shown["在办事件"] == f"{wall['kpis']['open']:,}"
    assert shown["今日上报"] == f"{wall['kpis']['today_reported']:,}"
    assert wait_for(lambda: wall["street"]["name"] in browser.find_element(
        By.ID, "wall-title").text)
    with server.sessions()() as session:
        grids = session.scalar(select(func.count(Grid.id)).join(Community)
                               .join(Street).where(Street.code == code))
    shapes = wait_for(lambda: len(browser.find_elements(
        By.CSS_SELECTOR, "#wall-map path.choroplethlocation")) or None, 30)
    assert shapes == grids
    ranked = browser.find_element(By.ID, "wall-streets").text
    assert t("wall_communities", "zh") in browser.find_element(By.TAG_NAME, "body").text
    top = sorted(wall["streets"], key=lambda row: (-row["overdue"], -row["open"], row["code"]))
    assert top[0]["name"] in ranked and t("wall_col_community", "zh") in ranked
    browser.get(f"{server.url}/wall")
    assert "只能打开街道" in browser.find_element(By.TAG_NAME, "body").text


def wall_title(driver) -> str:
    """The wall's title as shown now, found afresh: a view's turn may draw it anew."""
    return driver.execute_script("return document.getElementById('wall-title').innerText;")


def shown_grids(driver) -> list[str] | None:
    """The grid codes the map draws, as the page's Plotly figure holds them."""
    return driver.execute_script(
        "const plot = document.querySelector('#wall-map .js-plotly-plot');"
        "const trace = plot && plot.data && plot.data[0];"
        "return trace && trace.locations ? Array.from(trace.locations) : null;")


def test_a_rotating_wall_visits_each_view_without_reloading_and_stays_live(server, browser):
    built = current_snapshot(server)
    streets = sorted(built["street_walls"])[:2]
    with server.sessions()() as session:
        grids = {code: sorted(session.scalars(select(Grid.code).join(Community).join(Street)
                                              .where(Street.code == code)))
                 for code in streets}
    _, token = people.make_token(server.sessions(), name="大厅轮播",
                                 rotate=",".join(["district", *streets]), every=3)
    browser.get(f"{server.url}/wall?token={token}")
    wait_for(lambda: browser.find_element(By.ID, "wall-title"))
    browser.execute_script("window.notReloaded = true;")

    def on_view(code: str | None, reported: int) -> bool:
        names = [built["street_walls"][street]["street"]["name"] for street in streets]
        name = built["street_walls"][code]["street"]["name"] if code else None
        shown = wall_title(browser)
        right_place = name in shown if name else not any(other in shown for other in names)
        drawn = shown_grids(browser) or []
        right_map = drawn == grids[code] if code else len(drawn) > sum(map(len, grids.values()))
        return (right_place and right_map
                and tiles(browser).get("今日上报") == f"{reported:,}")

    for code in (None, *streets, None):
        wall = built["street_walls"][code] if code else built
        wait_for(lambda code=code, wall=wall: on_view(code, wall["kpis"]["today_reported"]), 20)
        view = browser.find_element(By.ID, "wall-view").text
        assert "/3" in view and "秒后" in view
    report_one(server, streets[1])  # its street shows it on its view, the district on its own
    wall = built["street_walls"][streets[1]]
    wait_for(lambda: on_view(streets[1], wall["kpis"]["today_reported"] + 1), 30)
    wait_for(lambda: on_view(None, built["kpis"]["today_reported"] + 1), 30)
    wait_for(lambda: on_view(streets[0], built["street_walls"][streets[0]]["kpis"]
                             ["today_reported"]), 30)
    assert browser.execute_script("return window.notReloaded === true;")


RECORD_PAIRS = """
    // Every title and 今日上报 the page shows together, recorded as each drawing lands.
    window.pairs = [];
    const read = () => {
      const title = document.getElementById('wall-title').innerText;
      const tile = [...document.querySelectorAll('#wall-kpis > *')].map(
        each => each.innerText.split('\\n').map(line => line.trim()).filter(Boolean))
        .find(lines => lines[0] === '今日上报');
      const pair = [title, tile ? tile[1] : null];
      const last = window.pairs[window.pairs.length - 1];
      if (!last || last[0] !== pair[0] || last[1] !== pair[1]) { window.pairs.push(pair); }
    };
    read();
    new MutationObserver(read).observe(document.documentElement,
                                       {childList: true, subtree: true, characterData: true});
"""


def test_a_rotating_walls_title_turns_together_with_its_numbers(server, browser):
    built = current_snapshot(server)
    district = f"{built['kpis']['today_reported']:,}"
    street = next(code for code, wall in sorted(built["street_walls"].items())
                  if f"{wall['kpis']['today_reported']:,}" != district)
    name = built["street_walls"][street]["street"]["name"]
    own = f"{built['street_walls'][street]['kpis']['today_reported']:,}"
    _, token = people.make_token(server.sessions(), name="大厅轮播",
                                 rotate=f"district,{street}", every=3)
    browser.get(f"{server.url}/wall?token={token}")
    wait_for(lambda: browser.find_element(By.ID, "wall-title"))
    browser.execute_script(RECORD_PAIRS)

    def turned_twice() -> bool:  # to the street, then back to the district
        on_street = [name in title for title, _ in browser.execute_script(
            "return window.pairs;")]
        return True in on_street and False in on_street[on_street.index(True):]
    wait_for(turned_twice, 30)
    pairs = [(name in title, number) for title, number in
             browser.execute_script("return window.pairs;") if number not in (None, "—")]
    assert (True, own) in pairs and (False, district) in pairs
    mixed = [pair for pair in pairs if pair in ((True, district), (False, own))]
    assert not mixed, pairs


def test_a_rotating_wall_whose_socket_is_made_anew_comes_back_on_the_view_it_shows(server,
                                                                                  browser):
    built = current_snapshot(server)
    street = sorted(built["street_walls"])[0]
    wall = built["street_walls"][street]
    _, token = people.make_token(server.sessions(), name="大厅轮播",
                                 rotate=f"district,{street}", every=3600)
    browser.get(f"{server.url}/wall?street={street}&token={token}")

    def on_street(reported: int = wall["kpis"]["today_reported"]) -> bool:
        return (wall["street"]["name"] in wall_title(browser)
                and tiles(browser).get("今日上报") == f"{reported:,}")

    wait_for(on_street, 20)
    # As heal.js does after a refused socket: new options, a new socket, whose auth names
    # the view the page opened on the district's.
    browser.execute_script("""
        window.dash_clientside.set_props('wall-socket', {options: {auth: {room: 'wall'}}});
    """)
    wait_for(lambda: browser.execute_script(
        "return document.getElementById('wall-status').className.includes('live');"), 15)
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:  # the district's opening is never shown
        assert wall["street"]["name"] in wall_title(browser)
        time.sleep(0.2)
    report_one(server, street)  # and the street's pushes reach it on the new socket
    wait_for(lambda: on_street(wall["kpis"]["today_reported"] + 1), 20)


def test_a_leader_rotates_the_wall_by_its_address_through_the_district_and_each_street(
        server, browser):
    built = current_snapshot(server)
    first = sorted(built["street_walls"])[0]
    wall = built["street_walls"][first]
    sign_in(browser, server, "leader", "/wall?rotate=3")
    total = len(built["street_walls"]) + 1

    def shown() -> tuple[str, str]:  # the title and the view's place, read at once
        return tuple(browser.execute_script(
            "return ['wall-title', 'wall-view'].map(id => document.getElementById(id).innerText);"))

    # A loaded page may already have turned on by the time it is read: the district's view
    # comes round again within one turn through all of them.
    wait_for(lambda: shown()[1].startswith(f"1/{total}"), 3 * total + 15)
    wait_for(lambda: wall["street"]["name"] in shown()[0] and shown()[1].startswith(f"2/{total}")
             and tiles(browser).get("今日上报") == f"{wall['kpis']['today_reported']:,}",
             6 * total + 15)
