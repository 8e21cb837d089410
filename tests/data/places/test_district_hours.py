"""Deadlines counted in the district's own time zone and office hours, as its workbook gives
them, and in the settings' where it gives none; on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from data.domain import Source
from data.incidents import calendar_days, moves, reports
from data.incidents.moves import Rules
from data.incidents.trail import Actor
from data.incidents.workdays import OfficeHours, WorkCalendar
from data.models import Grid, Incident, Item
from data.places import boundaries, setup, workbook
from tests.clocks import SHANGHAI
from tests.conftest import OFFICE_HOURS
from tests.data.places import workbooks

AT = datetime(2026, 11, 19, 10, 30, tzinfo=SHANGHAI)  # a Thursday; 08:30 in Urumqi
XINJIANG = ["330100", "测试区", "Asia/Urumqi", "10:00-14:00,15:30-19:30"]  # 8 office hours


def set_up(session: Session, district: list) -> Rules:
    """The district imported with its grids, and rules as a server starts them: from the
    settings (Shanghai, 7 office hours), then kept in step with the store."""
    content = workbooks.build(workbooks.tables(区=[district]))
    setup.apply(session, workbook.read(content), "王管理", AT, "district.xlsx")
    boundaries.import_grids(session, workbooks.grid_layer())
    session.commit()
    rules = Rules(WorkCalendar("Asia/Shanghai", OfficeHours.parse(OFFICE_HOURS)))
    calendar_days.Refresher(rules.calendar).refresh(session)
    return rules


def dispatched(session: Session, rules: Rules) -> Incident:
    item = session.scalar(select(Item).where(Item.code == "ZF01"))  # 1 work hour, 3 work days
    grid = session.scalar(select(Grid).where(Grid.code == "330100001001001"))
    duty = Actor.person("值班员")
    incident = reports.report(session, rules, reports.Report("占道经营", item, grid,
                                                             Source.PATROL), duty, at=AT)
    moves.accept(session, incident, duty, at=AT)
    moves.dispatch(session, incident, duty, rules, lead=item.lead_department, at=AT)
    session.commit()
    return incident


def test_a_dispatch_counts_in_the_districts_own_zone_and_office_hours(session):
    rules = set_up(session, XINJIANG)
    assert rules.calendar.zone.key == "Asia/Urumqi"
    incident = dispatched(session, rules)
    # Before Urumqi's office opens at 10:00: one working hour runs to 11:00 there.
    assert incident.response_deadline == datetime(2026, 11, 19, 5, 0, tzinfo=UTC)
    # Three days of 8 office hours, Thursday, Friday and Monday: Monday 19:30 in Urumqi.
    assert incident.resolution_deadline == datetime(2026, 11, 23, 13, 30, tzinfo=UTC)


def test_a_district_without_zone_or_hours_counts_in_the_settings(session):
    rules = set_up(session, ["330100", "测试区", None, None])
    assert rules.calendar.zone.key == "Asia/Shanghai"
    incident = dispatched(session, rules)
    assert incident.response_deadline.astimezone(SHANGHAI) == AT.replace(hour=11)
    assert incident.resolution_deadline.astimezone(SHANGHAI) == datetime(
        2026, 11, 24, 10, 30, tzinfo=SHANGHAI)  # three days of 7 office hours


def test_zone_and_hours_changed_by_a_later_import_reach_the_next_dispatch(session):
    rules = set_up(session, ["330100", "测试区", None, None])
    refresher = calendar_days.Refresher(rules.calendar)
    assert refresher.refresh(session) and not refresher.refresh(session)
    setup.apply(session, workbook.read(workbooks.build(workbooks.tables(区=[XINJIANG]))),
                "王管理", AT, "district.xlsx")
    session.commit()
    assert refresher.refresh(session)
    incident = dispatched(session, rules)
    assert incident.resolution_deadline == datetime(2026, 11, 23, 13, 30, tzinfo=UTC)
