"""A district set up from its own workbook, checked whole, updated and exported again."""

from __future__ import annotations

from datetime import datetime

import pytest
from alembic import command
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from data import schema
from data.domain import LimitUnit, Source
from data.incidents import moves, reports
from data.incidents.trail import Actor
from data.models import CatalogChange, Community, Department, District, Grid, Item, Street
from data.places import boundaries, export, setup, sheets, workbook
from data.places.sheets import WorkbookError
from tests.clocks import SHANGHAI
from tests.data.places import workbooks

AT = datetime(2026, 11, 19, 10, 30, tzinfo=SHANGHAI)  # a working Thursday, in office hours
ADMIN = "王管理"


def imported(session: Session, content: bytes, at: datetime = AT) -> list[setup.Change]:
    changes = setup.apply(session, workbook.read(content), ADMIN, at, "workbook test.xlsx")
    session.commit()
    return changes


def counts(session: Session) -> dict[str, int]:
    return {model.__tablename__: session.scalar(select(func.count()).select_from(model))
            for model in (District, Street, Community, Department, Item)}


def test_an_empty_store_set_up_from_files_takes_a_dispatch_with_its_items_limits(session, rules):
    imported(session, workbooks.build(workbooks.tables()))
    boundaries.import_grids(session, workbooks.grid_layer())
    session.commit()
    assert counts(session) == {"districts": 1, "streets": 2, "communities": 3,
                               "departments": 3, "items": 3}
    item = session.scalar(select(Item).where(Item.code == "ZF01"))
    grid = session.scalar(select(Grid).where(Grid.code == "330100001001001"))
    incident = reports.report(session, rules, reports.Report("占道经营", item, grid,
                                                             Source.PATROL),
                              Actor.person("网格员"), at=AT)
    moves.accept(session, incident, Actor.person("值班员"), at=AT)
    moves.dispatch(session, incident, Actor.person("值班员"), rules,
                   lead=item.lead_department, at=AT)
    session.commit()
    # 1 working hour to sign; 3 working days of 7 office hours to resolve: Tuesday 10:30.
    assert incident.response_deadline.astimezone(SHANGHAI) == AT.replace(hour=11)
    assert incident.resolution_deadline.astimezone(SHANGHAI) == datetime(
        2026, 11, 24, 10, 30, tzinfo=SHANGHAI)
    assert incident.lead_department.code == "CG"


BAD = {
    "unit": ({"事项": workbooks.GOOD["事项"][:2] + [
        ["应急处置", "YJ01", "燃气泄漏", "YJ", 0.5, "天", 24, "小时"]]},
        'sheet 事项, row 4, column 响应单位: unknown unit "天"'),
    "prefix": ({"街道": [["330100001", "望江街道"], ["330200002", "闸弄口街道"]]},
               "sheet 街道, row 3, column 代码: 330200002 does not start with the district's"),
    "duplicate": ({"部门": workbooks.GOOD["部门"] + [["CG", "又一个城管", "城管"]]},
                  "sheet 部门, row 5, column 代码: CG is listed twice"),
    "department": ({"事项": [["综合执法", "ZF01", "占道经营", "ZZ", 1, "工作时", 3, "工作日"]]},
                   "sheet 事项, row 2, column 主办部门: unknown department \"ZZ\""),
    "parent": ({"社区": [["330100009001", "孤岛社区"]]},
               "sheet 社区, row 2, column 代码: 330100009001 names street 330100009"),
    "amount": ({"事项": [["综合执法", "ZF01", "占道经营", "CG", -1, "工作时", 3, "工作日"]]},
               "sheet 事项, row 2, column 响应时限: \"-1\" is not a positive number"),
    "class": ({"事项": [["其他", "ZF01", "占道经营", "CG", 1, "工作时", 3, "工作日"]]},
              "sheet 事项, row 2, column 类别: unknown class \"其他\""),
    "code": ({"部门": workbooks.GOOD["部门"] + [["城 管", "城管二队", "城管"]]},
             "sheet 部门, row 5, column 代码: \"城 管\" is not a code of up to 16 letters"),
    "hours": ({"区": [["330100", "测试区", "Asia/Shanghai", "09:00-12:00,11:30-17:30"]]},
              "sheet 区, row 2, column 办公时间: \"11:30-17:30\": intervals must run forward"),
    "zone": ({"区": [["330100", "测试区", "Asia/Nowhere", None]]},
             "sheet 区, row 2, column 时区: unknown time zone \"Asia/Nowhere\""),
    "calendar": ({"日历": [["2027-02-30", "休"]]},
                 "sheet 日历, row 2, column 日期: \"2027-02-30\" is not a date"),
}


@pytest.mark.parametrize("kind", BAD)
def test_a_bad_workbook_is_refused_whole_by_row_and_writes_nothing(session, kind):
    sheets_, line = BAD[kind]
    with pytest.raises(WorkbookError) as refused:
        imported(session, workbooks.build(workbooks.tables(**sheets_)))
    assert any(problem.startswith(line) for problem in refused.value.problems), \
        refused.value.problems
    assert set(counts(session).values()) == {0}


def test_a_workbook_of_another_district_is_refused_and_changes_nothing(session):
    imported(session, workbooks.build(workbooks.tables()))
    other = workbooks.tables(区=[["330200", "别的区", None, None]],
                             街道=[["330200001", "某街道"]], 社区=[["330200001001", "某社区"]])
    with pytest.raises(WorkbookError, match="the store's district is 330100"):
        imported(session, workbooks.build(other))
    session.rollback()
    assert counts(session) == {"districts": 1, "streets": 2, "communities": 3,
                               "departments": 3, "items": 3}


def test_a_store_with_grids_upgrades_to_the_set_up_schema_and_back(session, engine):
    imported(session, workbooks.build(workbooks.tables()))
    boundaries.import_grids(session, workbooks.grid_layer())
    session.commit()
    session.close()
    command.downgrade(schema.alembic_config(engine), "0009")
    schema.upgrade(engine)
    assert all(session.scalars(select(Street.active)))
    assert session.scalar(select(func.count()).select_from(Grid)) == 3


def test_every_bad_row_gets_its_own_line():
    content = workbooks.build(workbooks.tables(事项=[
        ["综合执法", "ZF01", "占道经营", "CG", 1, "天", 3, "工作日"],
        ["综合执法", "ZF02", "", "CG", 1, "小时", 3, "月"],
    ]))
    with pytest.raises(WorkbookError) as refused:
        workbook.read(content)
    assert refused.value.problems == [
        "sheet 事项, row 2, column 响应单位: unknown unit \"天\"; "
        "one of 小时/hours, 工作时/work_hours, 工作日/work_days",
        "sheet 事项, row 3, column 名称: empty",
        "sheet 事项, row 3, column 办结单位: unknown unit \"月\"; "
        "one of 小时/hours, 工作时/work_hours, 工作日/work_days",
    ]


def test_english_keys_read_as_the_chinese_headings(session):
    english = {sheet.zh: [column.key for column in sheet.columns] for sheet in sheets.SHEETS}
    imported(session, workbooks.build(workbooks.tables(), headings=english))
    assert counts(session)["items"] == 3


def test_a_missing_sheet_or_column_and_a_broken_file_are_refused():
    without = workbooks.tables()
    del without["部门"]
    with pytest.raises(WorkbookError, match="sheet 部门 / departments: missing"):
        workbook.read(workbooks.build(without))
    headings = {**workbooks.HEADINGS, "街道": ["代码"]}
    with pytest.raises(WorkbookError, match="sheet 街道, row 1: missing column 名称 / name"):
        workbook.read(workbooks.build(workbooks.tables(), headings=headings))
    with pytest.raises(WorkbookError, match="not an XLSX workbook"):
        workbook.read(b"code,name\n330100,x\n")


def test_a_second_import_updates_adds_and_deactivates_without_deleting(session):
    imported(session, workbooks.build(workbooks.tables()))
    changes = imported(session, workbooks.build(workbooks.tables(
        街道=[["330100001", "望江街道（新）"]],
        社区=[["330100001001", "翠苑社区"], ["330100001003", "新社区"]],
        部门=workbooks.GOOD["部门"][:2],
        事项=[["综合执法", "ZF01", "占道经营", "CG", 2, "工作时", 5, "工作日"],
              ["管理服务", "GL01", "道路不洁", "SJ", 1, "小时", 5, "工作时"]],
    )))
    lines = {change.line() for change in changes}
    assert "street 330100001: name 望江街道 → 望江街道（新）" in lines
    assert "street 330100002: active True → False" in lines
    assert "community 330100001003: new (新社区)" in lines
    assert "department YJ: active True → False" in lines
    assert "item ZF01: resolution_amount 3 → 5" in lines
    assert "item GL01: lead_department CG → SJ" in lines
    assert "item YJ01: active True → False" in lines
    assert counts(session) == {"districts": 1, "streets": 2, "communities": 4,
                               "departments": 3, "items": 3}
    kept = session.scalar(select(CatalogChange).where(CatalogChange.code == "ZF01",
                                                      CatalogChange.field == "resolution_amount"))
    assert (kept.before, kept.after, kept.changed_by) == ("3", "5", ADMIN)


def test_export_then_import_is_a_round_trip(session, engine):
    imported(session, workbooks.build(workbooks.tables(日历=[["2027-02-05", "休"],
                                                             ["2027-02-20", "班"]])))
    exported = export.workbook(session)
    assert imported(session, exported) == []
    cells = {key: [row.cells for row in rows] for key, rows in sheets.read(exported).items()}
    assert cells["calendar"] == [{"date": "2027-02-05", "kind": "off"},
                                 {"date": "2027-02-20", "kind": "work"}]
    assert cells["items"][2] == {
        "class": "enforcement", "code": "ZF01", "name": "占道经营", "lead_department": "CG",
        "response_amount": "1", "response_unit": "work_hours", "resolution_amount": "3",
        "resolution_unit": "work_days"}
    assert len(cells["communities"]) == 3


def test_the_template_holds_every_sheet_and_heading():
    tables = sheets.read(export.template())
    assert set(tables) == {sheet.key for sheet in sheets.SHEETS}
    assert tables["streets"] == [] and len(tables["district"]) == 1


def test_a_changed_limit_applies_to_new_dispatches_only(session, rules):
    imported(session, workbooks.build(workbooks.tables()))
    boundaries.import_grids(session, workbooks.grid_layer())
    item = session.scalar(select(Item).where(Item.code == "ZF01"))
    grid = session.scalar(select(Grid).where(Grid.code == "330100001001001"))
    duty = Actor.person("值班员")

    def dispatched():
        incident = reports.report(session, rules, reports.Report("占道", item, grid,
                                                                 Source.PATROL), duty, at=AT)
        moves.accept(session, incident, duty, at=AT)
        moves.dispatch(session, incident, duty, rules, lead=item.lead_department, at=AT)
        session.commit()
        return incident

    earlier = dispatched()
    before = earlier.resolution_deadline
    imported(session, workbooks.build(workbooks.tables(事项=[
        ["综合执法", "ZF01", "占道经营", "CG", 1, "工作时", 1, "工作日"]] +
        workbooks.GOOD["事项"][1:])))
    session.refresh(earlier)
    assert earlier.resolution_deadline == before
    later = dispatched()
    assert item.resolution_unit is LimitUnit.WORK_DAYS
    assert later.resolution_deadline.astimezone(SHANGHAI) == datetime(
        2026, 11, 20, 10, 30, tzinfo=SHANGHAI)


def test_text_that_looks_like_a_formula_is_written_as_text(session):
    imported(session, workbooks.build(workbooks.tables(部门=workbooks.GOOD["部门"] + [
        ["XX", "=HYPERLINK(\"http://x\")", "坏"]])))
    again = sheets.read(export.workbook(session))
    assert {"code": "XX", "name": '=HYPERLINK("http://x")', "short_name": "坏"} in [
        row.cells for row in again["departments"]]
