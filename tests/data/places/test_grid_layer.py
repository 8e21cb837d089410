"""A grid layer imported again without some grids: those incidents refer to are kept
inactive, neither drawn nor found for new reports; the others are removed. SQLite and
PostgreSQL."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from data.domain import Source
from data.incidents import reports
from data.incidents.trail import Actor
from data.models import Community, Grid, Incident, Item
from data.places import boundaries, geometry, locate, setup, workbook
from tests.clocks import SHANGHAI
from tests.data.places import workbooks

AT = datetime(2026, 11, 19, 10, 30, tzinfo=SHANGHAI)
FIRST, SECOND, THIRD = "330100001001001", "330100001002001", "330100002001001"


def layer(*codes: str) -> dict:
    full = workbooks.grid_layer()
    return {**full, "features": [feature for feature in full["features"]
                                 if feature["properties"]["code"] in codes]}


def set_up(session: Session, rules) -> Incident:
    """The district with its three grids, and an incident in the first."""
    setup.apply(session, workbook.read(workbooks.build(workbooks.tables())), "王管理", AT,
                "district.xlsx")
    boundaries.import_grids(session, workbooks.grid_layer())
    item = session.scalar(select(Item).where(Item.code == "ZF01"))
    grid = session.scalar(select(Grid).where(Grid.code == FIRST))
    incident = reports.report(session, rules, reports.Report("占道经营", item, grid,
                                                             Source.PATROL),
                              Actor.person("网格员"), at=AT)
    session.commit()
    return incident


def test_a_grid_dropped_by_a_new_layer_is_kept_inactive_when_incidents_refer_to_it(
        session, rules):
    incident = set_up(session, rules)
    summary = boundaries.import_grids(session, layer(THIRD))
    session.commit()
    assert (summary.deactivated, summary.removed, summary.updated) == (1, 1, 1)
    grids = {grid.code: grid.active for grid in session.scalars(select(Grid))}
    assert grids == {FIRST: False, THIRD: True}  # the unreferenced second grid is gone
    session.refresh(incident)
    assert incident.grid.code == FIRST  # its incident keeps its place
    # Neither drawn on the map nor found for a new report at a point inside it.
    drawn = [feature["id"] for feature in geometry.map_geometry(session)["grids"]["features"]]
    assert drawn == [THIRD]
    locator = locate.Locator()
    assert locator.grid_id(session, 120.005, 30.005) is None
    assert locator.grid_id(session, 120.025, 30.005) == session.scalar(
        select(Grid.id).where(Grid.code == THIRD))
    # A community left without an active grid has no boundary of its own any more.
    assert session.scalar(select(Community.boundary).where(
        Community.code == FIRST[:12])) is None


def test_a_dropped_grid_in_a_later_layer_is_active_again(session, rules):
    set_up(session, rules)
    boundaries.import_grids(session, layer(SECOND, THIRD))
    session.commit()
    summary = boundaries.import_grids(session, workbooks.grid_layer())
    session.commit()
    assert (summary.created, summary.updated, summary.deactivated) == (0, 3, 0)
    assert all(session.scalars(select(Grid.active)))
    assert locate.Locator().grid_id(session, 120.005, 30.005) == session.scalar(
        select(Grid.id).where(Grid.code == FIRST))
