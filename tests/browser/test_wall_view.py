"""The wall as a hall sees it, in real Chromium: bars drawn right, text that scales with the
screen, an alert list that shows every standing alert, and changes that announce themselves."""

from __future__ import annotations

import pytest

from tests.browser.conftest import set_viewport
from tests.browser.test_wall import wait_for

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
