"""Text from outside, written into spreadsheets so that it stays text.

A name a department, a street or a reporter typed may begin with `=`, `+`, `-` or `@`: a
spreadsheet program would run it as a formula (a link that leaks the sheet, a command). In
CSV such a cell gets a leading apostrophe, which spreadsheet programs read as "text follows";
in a workbook it is written as a string cell, never as a formula.
"""

from __future__ import annotations

from openpyxl.cell import Cell

# What spreadsheet programs take as the start of a formula (tab and return too: some strip
# them first).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_text(value: object) -> object:
    """A CSV cell's value: text that could start a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def xlsx_text(cell: Cell) -> Cell:
    """Keep a workbook cell holding text a string, even when it looks like a formula."""
    if isinstance(cell.value, str):
        cell.data_type = "s"
    return cell
