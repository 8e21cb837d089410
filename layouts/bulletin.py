"""The monthly bulletin's files (月度通报): a scorecard as CSV and as an Excel workbook.

Both open with a title row ("望潮区 职能部门考核 2026年11月") and the Chinese headings, and
list the units in rank order. In the workbook rates are real numbers shown as 0.0 % and
scores and hours as 0.0, so they can be summed and charted; in the CSV they are the text the
screen shows. A rate that counted nothing is "—" in both; a unit below the minimum sample
has "样本不足" (too few) for its rank. The CSV is UTF-8 with a byte-order
mark, which Excel needs to read Chinese. Names are written so they stay text (layouts.sheets).
"""

from __future__ import annotations

import csv
import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from layouts import sheets
from layouts.scorecards_table import COLUMNS, COUNTS, cell_text, fraction, header, is_rate
from layouts.text import t

FORMATS = {"rate": "0.0%", "count": "#,##0", "number": "0.0", "rank": "0"}
WIDTHS = {"rank": 6, "name": 22}
DASH = "—"


def title(district: str, unit: str, period: str, lang: str) -> str:
    """The bulletin's title line: district, scope and period."""
    return t("sc_title_line", lang).format(district=district, scope=t(f"sc_scope_{unit}", lang),
                                           period=period)


def headers(unit: str, lang: str) -> list[str]:
    """The headings of the scorecard of `unit`."""
    return [header(column, unit, lang) for column in COLUMNS[unit]]


def in_rank_order(rows: list[dict]) -> list[dict]:
    """Ranked units first, by rank, then the unranked, by code."""
    return sorted(rows, key=lambda row: (row.get("rank") is None, row.get("rank") or 0,
                                         row.get("code", "")))


def csv_bytes(rows: list[dict], unit: str, heading: str, lang: str) -> bytes:
    """The scorecard as CSV text, UTF-8 with a byte-order mark."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([sheets.csv_text(heading)])
    writer.writerow(headers(unit, lang))
    for row in in_rank_order(rows):
        writer.writerow([sheets.csv_text(cell_text(row, column, lang))
                         for column in COLUMNS[unit]])
    return out.getvalue().encode("utf-8-sig")


def xlsx_bytes(rows: list[dict], unit: str, heading: str, lang: str) -> bytes:
    """The scorecard as an Excel workbook with real numbers and number formats."""
    book = Workbook()
    sheet = book.active
    sheet.title = t(f"sc_scope_{unit}", lang)[:31]  # Excel's limit on a sheet's name
    columns = COLUMNS[unit]
    sheet.append([heading])
    sheets.xlsx_text(sheet["A1"])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(columns))
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A1"].alignment = Alignment(horizontal="center")
    sheet.append(headers(unit, lang))
    for cell in sheet[2]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDE6F0")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for row in in_rank_order(rows):
        sheet.append([_value(row, column, lang) for column in columns])
        for cell, column in zip(sheet[sheet.max_row], columns, strict=True):
            sheets.xlsx_text(cell)
            if cell.value != DASH and _format(column):
                cell.number_format = _format(column)
            if column != "name":
                cell.alignment = Alignment(horizontal="right")
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = WIDTHS.get(column, 12)
    sheet.freeze_panes = "C3"  # the headings and each unit's rank and name stay in view
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _value(row: dict, column: str, lang: str) -> object:
    """A cell's value in the workbook: a number where there is one, else the text."""
    value = row.get(column)
    if column == "rank" and row.get("too_few"):
        return cell_text(row, column, lang)  # 样本不足: listed, not ranked
    if is_rate(column):
        value = fraction(value)
    elif column == "name":
        return cell_text(row, column)
    return DASH if value is None else value


def _format(column: str) -> str | None:
    if is_rate(column):
        return FORMATS["rate"]
    if column in COUNTS:
        return FORMATS["count"]
    if column == "rank":
        return FORMATS["rank"]
    return None if column == "name" else FORMATS["number"]
