"""How an incident begins: its code, its point, refused reports, duplicates and merging."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from data.domain import Priority, Source, State
from data.incidents import moves, reports
from data.incidents.trail import InvalidMove
from data.models import Event, Incident
from tests.data.lifecycle import MOVES, PATHS, incident_in
from tests.factories import CENTRE, Town, local, reported, town

SATURDAY = local(2026, 11, 21, 9, 0)
METRE = 1 / 111_195.08  # degrees of latitude in one metre on the WGS-84 mean sphere
GRID_LON, GRID_LAT = 120.005, 30.005  # the first grid's point, in its middle


def report_with(session: Session, rules: moves.Rules, place: Town, *, at: datetime = SATURDAY,
                **changes: Any) -> Incident:
    """A report of a dirty street in the first grid, with `changes` to its content."""
    content = {"title": "路面有垃圾", "item": place.items["street"], "grid": place.grids[0],
               "source": Source.RESIDENT, **changes}
    return reports.report(session, rules, reports.Report(**content), CENTRE, at=at)


def counts(session: Session) -> tuple[int, int]:
    return (session.scalar(select(func.count(Incident.id))),
            session.scalar(select(func.count(Event.id))))


def test_reports_are_numbered_by_local_date_and_sequence(session, rules):
    place = town(session)

    first = reported(session, rules, place, at=SATURDAY)
    second = reported(session, rules, place, at=SATURDAY + timedelta(minutes=5))
    late_evening = reported(session, rules, place, at=datetime(2026, 11, 21, 15, 30, tzinfo=UTC))
    after_midnight = reported(session, rules, place,
                              at=datetime(2026, 11, 21, 16, 10, tzinfo=UTC))

    # 23:30 in Shanghai is still the 21st; 00:10 on the 22nd starts a new day's sequence.
    assert [first.code, second.code, late_evening.code, after_midnight.code] == [
        "2026112100001", "2026112100002", "2026112100003", "2026112200001"]


def test_a_report_starts_reported_with_its_first_event(session, rules):
    place = town(session)

    incident = report_with(session, rules, place, source="hotline", priority="high")
    session.commit()

    assert incident.state == State.REPORTED
    assert (incident.source, incident.priority) == (Source.HOTLINE, Priority.HIGH)
    [event] = session.scalars(select(Event).where(Event.incident_id == incident.id)).all()
    assert (event.kind, event.from_state, event.to_state) == ("report", None, "reported")
    assert event.data == {"source": "hotline", "priority": "high", "item": "GL01",
                          "grid": place.grids[0].code}


def test_a_report_without_a_point_is_placed_at_its_grid_point(session, rules):
    place = town(session)

    incident = report_with(session, rules, place, grid=place.grids[2])
    session.commit()
    session.expire_all()

    stored = session.get(Incident, incident.id)
    assert (stored.lon, stored.lat) == (place.grids[2].lon, place.grids[2].lat)
    assert (stored.lon, stored.lat) != (place.grids[0].lon, place.grids[0].lat)


def test_a_report_inside_its_grid_keeps_its_own_point(session, rules):
    place = town(session)

    incident = report_with(session, rules, place, lon=120.0012, lat=30.0093)

    assert (incident.lon, incident.lat) == (120.0012, 30.0093)


@pytest.mark.parametrize(("point", "field"), [
    pytest.param({"lon": 120.015, "lat": 30.005}, "lon", id="in-the-next-grid"),
    pytest.param({"lon": 120.005, "lat": 91.0}, "lon", id="not-on-earth"),
    pytest.param({"lon": 120.005}, "lat", id="lon-without-lat"),
    pytest.param({"lat": 30.005}, "lon", id="lat-without-lon"),
])
def test_a_report_with_a_bad_point_is_refused_and_writes_nothing(session, rules, point, field):
    place = town(session)

    with pytest.raises(InvalidMove) as refused:
        report_with(session, rules, place, **point)
    session.commit()

    assert refused.value.field == field
    assert counts(session) == (0, 0)
    # A refused report uses up no number.
    assert report_with(session, rules, place).code == "2026112100001"


@pytest.mark.parametrize(("changes", "field", "options"), [
    pytest.param({"source": "email"}, "source",
                 "patrol, resident, hotline, iot, department, leader", id="source"),
    pytest.param({"priority": "critical"}, "priority", "urgent, high, normal", id="priority"),
])
def test_a_report_with_an_unknown_choice_is_refused_naming_the_options(
        session, rules, changes, field, options):
    place = town(session)

    with pytest.raises(InvalidMove) as refused:
        report_with(session, rules, place, **changes)

    assert refused.value.field == field
    assert options in str(refused.value)
    assert counts(session) == (0, 0)


@pytest.mark.parametrize("title", ["", "   ", "路" * 201])
def test_a_report_with_an_empty_or_overlong_title_is_refused(session, rules, title):
    place = town(session)

    with pytest.raises(InvalidMove) as refused:
        report_with(session, rules, place, title=title)

    assert refused.value.field == "title"
    assert counts(session) == (0, 0)


def test_a_title_of_200_characters_is_kept_whole(session, rules):
    place = town(session)

    incident = report_with(session, rules, place, title="路" * 200)
    session.commit()
    session.expire_all()

    assert session.get(Incident, incident.id).title == "路" * 200


def near(session: Session, rules: moves.Rules, place: Town, *, metres_north: float,
         hours_before: float, item: str = "street") -> Incident:
    """A report `metres_north` of the first grid's point, `hours_before` the new report."""
    return reported(session, rules, place, item=item, lon=GRID_LON,
                    lat=GRID_LAT + metres_north * METRE,
                    at=SATURDAY - timedelta(hours=hours_before))


def offered(session: Session, rules: moves.Rules, new: Incident) -> list[tuple[int, float]]:
    """The likely duplicates of `new`, as (id, metres)."""
    found = reports.duplicates_of(session, rules, new)
    return [(incident.id, distance) for incident, distance in found]


def test_a_report_near_an_open_one_of_the_same_item_is_offered_nearest_first(session, rules):
    place = town(session)
    thirty = near(session, rules, place, metres_north=30, hours_before=1)
    ten = near(session, rules, place, metres_north=-10, hours_before=23)
    new = report_with(session, rules, place)

    found = offered(session, rules, new)

    assert [incident_id for incident_id, _ in found] == [ten.id, thirty.id]
    assert [distance for _, distance in found] == [pytest.approx(10, abs=0.5),
                                                   pytest.approx(30, abs=0.5)]


def rejected(session: Session, rules: moves.Rules, place: Town, at: datetime) -> Incident:
    incident = near(session, rules, place, metres_north=5, hours_before=2)
    moves.reject(session, incident, CENTRE, reason="重复上报", at=at)
    return incident


def closed(session: Session, rules: moves.Rules, place: Town, at: datetime) -> Incident:
    incident = near(session, rules, place, metres_north=5, hours_before=2)
    for step in PATHS[State.CLOSED]:
        MOVES[step](session, incident, rules, place, at)
    return incident


NOT_OFFERED: list[Any] = [
    pytest.param(lambda s, r, p, at: near(s, r, p, metres_north=60, hours_before=1),
                 id="60-m-away"),
    pytest.param(lambda s, r, p, at: near(s, r, p, metres_north=5, hours_before=1,
                                          item="construction"), id="another-item"),
    pytest.param(lambda s, r, p, at: near(s, r, p, metres_north=5, hours_before=25),
                 id="25-h-earlier"),
    pytest.param(rejected, id="rejected"),
    pytest.param(closed, id="closed"),
]


@pytest.mark.parametrize("other", NOT_OFFERED)
def test_a_report_is_not_offered_as_duplicate_of_a_far_other_old_or_finished_incident(
        session, rules, other: Callable[..., Incident]):
    place = town(session)
    duplicate = near(session, rules, place, metres_north=20, hours_before=3)
    excluded = other(session, rules, place, SATURDAY - timedelta(hours=1))
    new = report_with(session, rules, place)

    found = offered(session, rules, new)

    assert excluded.id not in [incident_id for incident_id, _ in found]
    assert [incident_id for incident_id, _ in found] == [duplicate.id]


def test_merging_a_duplicate_records_where_it_went(session, rules):
    place = town(session)
    first = near(session, rules, place, metres_north=10, hours_before=1)
    duplicate = report_with(session, rules, place)

    reports.merge(session, duplicate, first, CENTRE, at=SATURDAY + timedelta(minutes=1),
                  note="同一处垃圾")
    session.commit()
    session.expire_all()

    stored = session.get(Incident, duplicate.id)
    assert stored.state == State.MERGED
    assert stored.merged_into_id == first.id
    event = stored.events[-1]
    assert (event.kind, event.data, event.note) == ("merge", {"into": first.code}, "同一处垃圾")
    assert session.get(Incident, first.id).state == State.REPORTED


def test_merging_into_itself_is_refused_and_writes_nothing(session, rules):
    place = town(session)
    incident = report_with(session, rules, place)
    session.commit()
    before = counts(session)

    with pytest.raises(InvalidMove) as refused:
        reports.merge(session, incident, incident, CENTRE, at=SATURDAY + timedelta(minutes=1))
    session.commit()

    assert refused.value.field == "into"
    assert incident.state == State.REPORTED and incident.merged_into_id is None
    assert counts(session) == before


def test_merging_into_a_closed_incident_is_refused_and_writes_nothing(session, rules):
    place = town(session)
    finished = incident_in(State.CLOSED, session, rules, place, SATURDAY - timedelta(hours=2))
    incident = report_with(session, rules, place)
    session.commit()
    before = counts(session)

    with pytest.raises(InvalidMove) as refused:
        reports.merge(session, incident, finished, CENTRE, at=SATURDAY + timedelta(minutes=1))
    session.commit()

    assert refused.value.field == "into"
    assert finished.code in str(refused.value)
    session.expire_all()
    stored = session.get(Incident, incident.id)
    assert stored.state == State.REPORTED and stored.merged_into_id is None
    assert counts(session) == before


@pytest.mark.parametrize(("lon", "lat", "metres"), [
    (120.0, 30.001, 111.195),  # a thousandth of a degree of latitude
    (120.001, 30.0, 96.297),  # ... of longitude at 30° N: times cos 30°
    (120.0, 30.0, 0.0),
])
def test_distance_between_two_points_is_in_metres(lon, lat, metres):
    assert reports.distance_m(120.0, 30.0, lon, lat) == pytest.approx(metres, abs=0.5)


def test_the_duplicate_radius_and_window_come_from_the_rules(session, rules):
    place = town(session)
    sixty = near(session, rules, place, metres_north=60, hours_before=30)
    new = report_with(session, rules, place)
    wider = moves.Rules(rules.calendar, duplicate_radius_m=100,
                        duplicate_window=timedelta(hours=36))

    assert offered(session, rules, new) == []
    assert [incident_id for incident_id, _ in offered(session, wider, new)] == [sixty.id]
