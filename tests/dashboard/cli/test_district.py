"""A district set up from the command line alone: migrate, import-district, import-grids."""

from __future__ import annotations

import json

from click.testing import CliRunner, Result
from sqlalchemy import func, select

from dashboard.cli import main
from data import store
from data.models import Grid, Item
from data.places import sheets
from tests.data.places import workbooks


def cli(url: str, *args: str) -> Result:
    return CliRunner().invoke(main, list(args),
                              env={"DASHBOARD_DATABASE_URL": url, "DASHBOARD_LOG_LEVEL": "WARNING"})


def test_an_empty_store_is_set_up_from_a_workbook_and_a_grid_file(empty_store_url, tmp_path):
    book, layer = tmp_path / "district.xlsx", tmp_path / "grids.geojson"
    book.write_bytes(workbooks.build(workbooks.tables()))
    layer.write_text(json.dumps(workbooks.grid_layer()), encoding="utf-8")
    assert cli(empty_store_url, "migrate").exit_code == 0
    refused = cli(empty_store_url, "import-grids", str(layer))
    assert "the store has no district yet" in refused.stderr
    done = cli(empty_store_url, "import-district", str(book))
    assert done.exit_code == 0, done.output
    assert "测试区 (330100): 12 changed; 2 streets, 3 communities, 3 departments, 3 items" \
        in done.stdout
    grids = cli(empty_store_url, "import-grids", str(layer))
    assert grids.exit_code == 0, grids.output
    assert "3 grids created" in grids.stdout
    again = cli(empty_store_url, "import-district", str(book))
    assert "0 changed" in again.stdout
    engine = store.make_engine(empty_store_url)
    try:
        with store.make_sessionmaker(engine)() as session:
            assert session.scalar(select(func.count()).select_from(Grid)) == 3
            assert session.scalar(select(func.count()).select_from(Item)) == 3
    finally:
        engine.dispose()


def test_a_bad_workbook_is_refused_by_row_and_nothing_is_written(empty_store_url, tmp_path):
    book = tmp_path / "bad.xlsx"
    book.write_bytes(workbooks.build(workbooks.tables(事项=[
        ["综合执法", "ZF01", "占道经营", "CG", 1, "天", 3, "工作日"]])))
    refused = cli(empty_store_url, "import-district", str(book))
    assert refused.exit_code != 0
    assert ("sheet 事项, row 2, column 响应单位: unknown unit \"天\"; one of 小时/hours, "
            "工作时/work_hours, 工作日/work_days") in refused.stderr
    assert "refused, nothing imported (1 problems)" in refused.stderr
    exported = tmp_path / "now.xlsx"
    assert cli(empty_store_url, "export-district", str(exported)).exit_code == 0
    assert sheets.read(exported.read_bytes())["district"] == []


def test_dry_run_lists_the_changes_and_writes_nothing(empty_store_url, tmp_path):
    book = tmp_path / "district.xlsx"
    book.write_bytes(workbooks.build(workbooks.tables()))
    dry = cli(empty_store_url, "import-district", "--dry-run", str(book))
    assert "item ZF01: new (占道经营)" in dry.stdout and "12 would change" in dry.stdout
    assert "12 changed" in cli(empty_store_url, "import-district", str(book)).stdout


def test_export_writes_the_current_workbook_and_a_blank_template(empty_store_url, tmp_path):
    book, out, blank = (tmp_path / name for name in ("in.xlsx", "out.xlsx", "blank.xlsx"))
    book.write_bytes(workbooks.build(workbooks.tables()))
    assert cli(empty_store_url, "import-district", str(book)).exit_code == 0
    assert cli(empty_store_url, "export-district", str(out)).exit_code == 0
    assert "0 changed" in cli(empty_store_url, "import-district", str(out)).stdout
    assert cli(empty_store_url, "export-district", "--template", str(blank)).exit_code == 0
    template = sheets.read(blank.read_bytes())
    assert template["items"] == [] and template["district"][0].cells["code"] == "110105"
