"""The day's reports kept between builds: every build with a tally shows what a build that
reads them all again shows, whatever arrived, in whatever order it committed."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

import pytest
from sqlalchemy.orm import Session

from data.domain import Source
from data.incidents import moves, reports
from data.live import snapshot, tally
from data.models import Grid, Item, Street
from tests.factories import CENTRE, SHANGHAI, Town, handled, local, reported, town

NOW = local(2025, 11, 19, 15, 20)  # a Wednesday afternoon
MINUTE = timedelta(minutes=1)


def same(session: Session, kept: tally.Tally, now: datetime = NOW) -> dict:
    """Build with the tally and with none; they must agree, part by part."""
    rates = snapshot.month_rates(session, now, SHANGHAI)
    counted = snapshot.build(session, now, SHANGHAI, rates, kept)
    session.rollback()  # each build reads the store as it is now, as the builder's do
    assert counted == snapshot.build(session, now, SHANGHAI, rates)
    session.rollback()
    return counted


def some(session: Session, rules: moves.Rules, place: Town, at: datetime, count: int,
         every: timedelta = 7 * MINUTE) -> None:
    sources = list(Source)
    for n in range(count):
        reported(session, rules, place, at=at + n * every, grid=n % 3,
                 item=("street", "flood", "construction")[n % 3], source=sources[n % 6])
    session.commit()


@pytest.fixture
def settled(monkeypatch):
    """Fold reports in as soon as the store allows, without waiting SETTLE_S."""
    monkeypatch.setattr(tally, "SETTLE_S", 0.0)


def test_a_tally_counts_what_a_full_read_counts_as_reports_arrive(session, rules, settled):
    place = town(session)
    some(session, rules, place, NOW - timedelta(hours=38), 40, every=50 * MINUTE)
    kept = tally.Tally()
    first = same(session, kept)
    for round_ in range(4):  # newer reports, and late ones for yesterday and this morning
        some(session, rules, place, NOW - timedelta(hours=2 + 11 * round_), 5)
        handled(session, rules, place, NOW - timedelta(hours=20 + round_), grid=round_ % 3)
        session.commit()
        latest = same(session, kept)
    assert latest["kpis"]["today_reported"] > first["kpis"]["today_reported"]
    assert latest["kpis"]["yesterday"]["today_reported"] > 0
    assert sum(latest["trend"]["reported"]) > sum(first["trend"]["reported"])


def test_yesterday_until_the_same_time_is_cut_within_its_hour(session, rules, settled):
    place = town(session)
    kept = tally.Tally()
    then = NOW - timedelta(days=1)
    for offset in (-21, -20, -1, 0, 1, 19, 40):  # minutes around the same time yesterday
        reported(session, rules, place, at=then + offset * MINUTE, grid=abs(offset) % 3)
    session.commit()
    counted = same(session, kept)
    assert counted["kpis"]["yesterday"]["today_reported"] == 3  # -21, -20, -1
    for later in (2, 9, 30):  # the cut moves through the hour as time goes on
        counted = same(session, kept, NOW + later * MINUTE)
    assert counted["kpis"]["yesterday"]["today_reported"] == 6  # and 0, 1, 19


def test_a_new_day_moves_today_into_yesterday(session, rules, settled):
    place = town(session)
    some(session, rules, place, NOW - timedelta(hours=10), 12, every=40 * MINUTE)
    kept = tally.Tally()
    same(session, kept)
    tomorrow = NOW + timedelta(days=1)
    some(session, rules, place, tomorrow - timedelta(hours=3), 4)
    counted = same(session, kept, tomorrow)
    assert counted["kpis"]["today_reported"] == 4
    assert counted["kpis"]["yesterday"]["today_reported"] == 12


def test_a_grid_moved_to_another_street_is_counted_in_its_new_street(session, rules, settled):
    place = town(session)
    some(session, rules, place, NOW - timedelta(hours=5), 9)
    kept = tally.Tally()
    before = same(session, kept)
    assert set(before["street_walls"]) == {"330100001"}
    south = Street(district=place.district, code="330100002", name="江南街道", kind="street")
    session.add(south)
    place.grids[2].community.street = south
    session.commit()
    after = same(session, kept)
    assert after["street_walls"]["330100002"]["kpis"]["today_reported"] == 3


@pytest.mark.parametrize("engine", ["postgresql"], indirect=True)
def test_a_report_committed_after_a_newer_one_is_counted(engine, session, rules, settled):
    """Ids are taken in one order and committed in another: the tally folds in a report only
    once nothing below it can still come."""
    place = town(session)
    session.commit()
    kept = tally.Tally()
    same(session, kept)
    with Session(engine) as slow:  # takes the lower id, commits last
        theirs = town_of(slow, place)
        late = reports.report(slow, rules, reports.Report(
            title="路面有积水", item=theirs.items["street"], grid=theirs.grids[1],
            source=Source.IOT), CENTRE, at=NOW - 30 * MINUTE, code="2025111999999")
        slow.flush()  # its code taken apart, as the API takes them: no lock held on the day's
        quick = reported(session, rules, place, at=NOW - 20 * MINUTE, grid=2)
        session.commit()
        assert late.id < quick.id
        for _ in range(3):  # the newer one is folded in as far as the store allows
            assert same(session, kept)["kpis"]["today_reported"] == 1
        slow.commit()
    for _ in range(3):
        assert same(session, kept)["kpis"]["today_reported"] == 2
    assert kept._upto >= quick.id  # both folded in: no longer read at each build


def test_a_tally_of_another_store_starts_over(session, rules, settled, engine):
    place = town(session)
    some(session, rules, place, NOW - timedelta(hours=3), 6)
    kept = tally.Tally()
    same(session, kept)
    kept._upto += 1_000  # as if it had counted a store of more reports than this one
    assert same(session, kept)["kpis"]["today_reported"] == 6


def town_of(session: Session, place: Town) -> Town:
    """The town `place`, as another session reads its grids and items."""
    return replace(place, grids=[session.get(Grid, grid.id) for grid in place.grids],
                   items={key: session.get(Item, item.id) for key, item in place.items.items()})
