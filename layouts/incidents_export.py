"""The incidents list as a file: CSV and Excel, with text from outside kept inert.

A cell a spreadsheet would read as a formula (=, +, -, @, or a tab or return first) gets a
leading apostrophe (layouts.sheets), so a title typed by a reporter can never run in the
reader's Excel.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from openpyxl import Workbook

from layouts import sheets
from layouts.formats import local_time
from layouts.text import t

COLUMNS = ("code", "title", "state", "priority", "source", "item", "street", "community",
           "grid", "department", "reported", "deadline", "marks")


def headers(lang: str) -> list[str]:
    return [t(f"export_col_{column}", lang) for column in COLUMNS]


def cells(row: dict[str, Any], lang: str, zone: str) -> list[str]:
    """One incident's cells, as text, in COLUMNS' order."""
    marks = "、".join(t(f"list_flag_{flag}", lang)
                     for flag in ("overdue", "due_soon", "supervised") if row.get(flag))
    values = [row["code"], row["title"], t(f"state_{row['state']}", lang),
              t(f"priority_{row['priority']}", lang), t(f"source_{row['source']}", lang),
              row["item"], row["street"], row["community"], row["grid"],
              row["department"] or "", local_time(row["reported_at"], zone),
              local_time(row["resolution_deadline"], zone) if row["resolution_deadline"]
              else "", marks]
    return [sheets.csv_text(str(value)) for value in values]


def csv_bytes(rows: list[dict[str, Any]], lang: str, zone: str) -> bytes:
    """The list as CSV, UTF-8 with a byte-order mark so Excel reads the Chinese."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(headers(lang))
    writer.writerows(cells(row, lang, zone) for row in rows)
    return out.getvalue().encode("utf-8-sig")


def xlsx_bytes(rows: list[dict[str, Any]], lang: str, zone: str) -> bytes:
    """The list as an Excel workbook, every cell text."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(t("page_incidents", lang)[:31])
    sheet.append(headers(lang))
    for row in rows:
        sheet.append(cells(row, lang, zone))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
