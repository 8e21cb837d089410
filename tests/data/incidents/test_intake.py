"""Reports from other systems taken in as a set: each answered on its own, few statements."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import event, func, select

from data.domain import Source, State
from data.incidents import intake
from data.incidents.trail import InvalidMove
from data.models import Event, Incident
from data.places import locate
from tests.factories import local, town

NOW = local(2026, 11, 21, 9, 0)
IOT = intake.Sender("井盖监测平台", Source.IOT)


def filing(ref: str, **changes) -> intake.Filing:
    """A report of a dirty street at a point in the first grid."""
    return replace(intake.Filing(source_ref=ref, request_hash=f"hash-{ref}", item="GL01",
                                 title="路面有垃圾", at=NOW, lon=120.004, lat=30.004), **changes)


def take(session, rules, filings):
    return intake.take(session, rules, locate.Locator(), IOT, filings, NOW)


def test_each_report_of_a_set_is_answered_on_its_own(session, rules):
    place = town(session)
    [before] = take(session, rules, [filing("A")])
    outcomes = take(session, rules, [
        filing("A"),  # the same report again
        filing("A", request_hash="other"),  # the same reference, another body
        filing("B"),  # new
        filing("B"),  # new, and again in the same set
        filing("C", lon=121.5, lat=31.2),  # outside the district
        filing("D", item="XX99"),  # no such item
        filing("E", grid=place.grids[2].code, lon=None, lat=None),  # by its grid's code
    ])
    repeat, conflict, new, again, outside, unknown, by_grid = outcomes
    assert (repeat.incident.code, repeat.made) == (before.incident.code, False)
    assert isinstance(conflict, intake.RefConflict) and conflict.code == before.incident.code
    assert new.made and new.incident.state == State.REPORTED
    assert (again.incident.code, again.made) == (new.incident.code, False)
    assert isinstance(outside, InvalidMove) and outside.field == "location"
    assert isinstance(unknown, InvalidMove) and unknown.field == "item"
    assert by_grid.made and by_grid.incident.grid_id == place.grids[2].id
    assert session.scalar(select(func.count(Incident.id))) == 3
    assert session.scalar(select(func.count(Event.id)).where(Event.kind == "report")) == 3
    # Reported a moment apart at one spot, each lists the other as a likely duplicate.
    assert [d.code for d, _ in new.duplicates] == [before.incident.code]


def test_a_set_of_forty_is_read_with_no_more_queries_than_one_report(session, rules):
    town(session)
    take(session, rules, [filing("warm")])  # the grid index is built once per process
    statements = []
    listen = session.get_bind()
    record = lambda *args: statements.append(args[2].lstrip().split()[0])  # noqa: E731
    event.listen(listen, "before_cursor_execute", record)
    try:
        take(session, rules, [filing("one")])
        one = statements.count("SELECT")
        statements.clear()
        take(session, rules, [filing(f"many-{n}", lon=120.001 + n * 0.0004) for n in range(40)])
        many = statements.count("SELECT")
    finally:
        event.remove(listen, "before_cursor_execute", record)
    assert many <= one


def test_a_report_from_the_future_is_refused_naming_reported_at(session, rules):
    town(session)
    [refused] = take(session, rules, [filing("F", at=local(2099, 1, 1, 0, 0))])
    assert isinstance(refused, InvalidMove) and refused.field == "reported_at"
    assert session.scalar(select(func.count(Incident.id))) == 0
