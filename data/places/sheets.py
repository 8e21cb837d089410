"""The district workbook's sheets and columns (PRODUCT §2.1), read to text rows and written."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.utils.exceptions import InvalidFileException


@dataclass(frozen=True)
class Column:
    """A column of a sheet: its English key and its Chinese heading."""

    key: str
    zh: str
    required: bool = True


@dataclass(frozen=True)
class Sheet:
    """A sheet of the workbook and its columns, in the order a template writes them."""

    key: str
    zh: str
    columns: tuple[Column, ...]
    required: bool = True


CODE, NAME = Column("code", "代码"), Column("name", "名称")
SHEETS: tuple[Sheet, ...] = (
    Sheet("district", "区", (CODE, NAME, Column("timezone", "时区", False),
                            Column("office_hours", "办公时间", False))),
    Sheet("streets", "街道", (CODE, NAME)),
    Sheet("communities", "社区", (CODE, NAME)),
    Sheet("departments", "部门", (CODE, NAME, Column("short_name", "简称"))),
    Sheet("items", "事项", (Column("class", "类别"), CODE, NAME,
                          Column("lead_department", "主办部门"),
                          Column("response_amount", "响应时限"),
                          Column("response_unit", "响应单位"),
                          Column("resolution_amount", "办结时限"),
                          Column("resolution_unit", "办结单位"))),
    Sheet("calendar", "日历", (Column("date", "日期"), Column("kind", "类型")), required=False),
)
BY_KEY = {sheet.key: sheet for sheet in SHEETS}
# The largest workbook read: a district has at most a few thousand rows of set-up.
MAX_ROWS = 20_000


@dataclass(frozen=True)
class Row:
    """One filled row of a sheet: where it stands and its cells as text, by column key."""

    sheet: str  # the sheet's name as the workbook spells it
    number: int  # as the spreadsheet numbers it (the heading is row 1)
    cells: dict[str, str]
    headings: dict[str, str]  # column key → the heading as the workbook spells it

    def where(self, key: str) -> str:
        """Name this row's cell for a refusal line."""
        return f"sheet {self.sheet}, row {self.number}, column {self.headings.get(key, key)}"


class WorkbookError(ValueError):
    """A workbook refused whole; `problems` holds one line per bad row."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = list(problems)


def read(content: bytes) -> dict[str, list[Row]]:
    """Read every sheet of an XLSX file into text rows by sheet key; refuse a broken file."""
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise WorkbookError([f"not an XLSX workbook ({type(error).__name__})"]) from error
    problems: list[str] = []
    tables: dict[str, list[Row]] = {}
    try:
        titles = {title.strip(): title for title in book.sheetnames}
        for sheet in SHEETS:
            title = titles.get(sheet.zh) or titles.get(sheet.key)
            if title is None:
                if sheet.required:
                    problems.append(f"sheet {sheet.zh} / {sheet.key}: missing")
                continue
            tables[sheet.key] = _rows(sheet, title, book[title].iter_rows(values_only=True),
                                      problems)
    finally:
        book.close()
    if problems:
        raise WorkbookError(problems)
    return tables


def _rows(sheet: Sheet, title: str, lines: Any, problems: list[str]) -> list[Row]:
    heading_line = next(lines, None) or ()
    headings: dict[str, str] = {}
    positions: dict[str, int] = {}
    for position, raw in enumerate(heading_line):
        text = _text(raw)
        for column in sheet.columns:
            if text in (column.zh, column.key):
                headings[column.key], positions[column.key] = text, position
    missing = [f"{c.zh} / {c.key}" for c in sheet.columns if c.required and c.key not in positions]
    if missing:
        problems.append(f"sheet {title}, row 1: missing column {', '.join(missing)}")
        return []
    rows = []
    for number, line in enumerate(lines, start=2):
        if number > MAX_ROWS:
            problems.append(f"sheet {title}: more than {MAX_ROWS} rows")
            break
        cells = {key: _text(line[at]) if at < len(line) else "" for key, at in positions.items()}
        if any(cells.values()):
            rows.append(Row(title, number, cells, headings))
    return rows


def _text(raw: Any) -> str:
    """A cell as text: whole numbers without '.0' (codes typed as numbers), dates as ISO."""
    if raw is None:
        return ""
    if isinstance(raw, datetime):
        return raw.date().isoformat() if raw.time() == datetime.min.time() else raw.isoformat()
    if isinstance(raw, date):
        return raw.isoformat()
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    return str(raw).strip()


def write(tables: dict[str, list[dict[str, Any]]]) -> bytes:
    """Write the sheets under their Chinese names and headings, as an XLSX file."""
    book = Workbook()
    book.remove(book.active)
    for sheet in SHEETS:
        page = book.create_sheet(sheet.zh)
        page.append([column.zh for column in sheet.columns])
        for cell in page[1]:
            cell.font = Font(bold=True)
        for values in tables.get(sheet.key, []):
            page.append([None] * len(sheet.columns))
            for index, column in enumerate(sheet.columns, start=1):
                _put(page.cell(page.max_row, index), values.get(column.key))
        for index, column in enumerate(sheet.columns):
            page.column_dimensions[chr(ord("A") + index)].width = max(12, len(column.key) + 4)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _put(cell: Any, value: Any) -> None:
    """Write a value so that text from outside never becomes a formula in the reader's Excel."""
    if value is None:
        return
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # a name starting with '=' stays text
        cell.number_format = "@"
