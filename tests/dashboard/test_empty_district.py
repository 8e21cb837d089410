"""A district set up from its own files, with no incident yet, gets an honest, empty wall."""

from __future__ import annotations

from data import clock
from data.live import snapshot
from data.places import boundaries, geometry, setup, workbook
from layouts import wall_panels
from tests.clocks import SHANGHAI
from tests.data.places import workbooks
from tests.layouts.components import texts


def test_a_new_district_without_incidents_shows_zeros_and_dashes(session):
    setup.apply(session, workbook.read(workbooks.build(workbooks.tables())), "王管理",
                clock.now(), "workbook district.xlsx")
    boundaries.import_grids(session, workbooks.grid_layer())
    session.commit()
    picture = snapshot.build(session, clock.now(), SHANGHAI)
    shown = texts(wall_panels.kpis(picture["kpis"], "zh"))
    assert shown.count("—") == 4  # the month's four rates: nothing decided, nothing shown
    assert {"今日上报", "0", "本月响应率"} <= set(shown)
    assert "%" not in "".join(shown)
    assert picture["ticker"] == [] and picture["map"] == {"open": {}, "overdue": {}}
    assert len(geometry.map_geometry(session)["grids"]["features"]) == 3
