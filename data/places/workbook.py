"""Check a district workbook's rows whole, into a plan of the district, or refuse it by row."""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from datetime import date, time
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from data.domain import ClassKind, LimitUnit
from data.places import checks, sheets
from data.places.sheets import Row, WorkbookError

# Each accepted spelling of a class, a unit and a calendar kind, Chinese or English.
CLASSES = {"综合执法": ClassKind.ENFORCEMENT, "管理服务": ClassKind.SERVICE,
           "应急处置": ClassKind.EMERGENCY, **{kind.value: kind for kind in ClassKind}}
UNITS = {"小时": LimitUnit.HOURS, "工作时": LimitUnit.WORK_HOURS, "工作日": LimitUnit.WORK_DAYS,
         **{unit.value: unit for unit in LimitUnit}}
KINDS = {"休": "off", "班": "work", "off": "off", "work": "work"}
UNITS_HINT = "one of 小时/hours, 工作时/work_hours, 工作日/work_days"
CLASSES_HINT = "one of 综合执法/enforcement, 管理服务/service, 应急处置/emergency"
DEPARTMENT_CODE = re.compile(r"[A-Za-z0-9_-]{1,16}")
HOURS = re.compile(r"(\d{2}:\d{2})-(\d{2}:\d{2})")
LONGEST_NAME, LONGEST_SHORT = 100, 20


@dataclass(frozen=True)
class ItemPlan:
    """An item of the whistle list as the workbook gives it."""

    kind: ClassKind
    code: str
    name: str
    lead_department: str
    response_amount: float
    response_unit: LimitUnit
    resolution_amount: float
    resolution_unit: LimitUnit


@dataclass
class Plan:
    """A checked workbook: everything the district is to be, by code."""

    code: str = ""
    name: str = ""
    timezone: str | None = None
    office_hours: str | None = None
    streets: dict[str, str] = field(default_factory=dict)  # code → name
    communities: dict[str, str] = field(default_factory=dict)
    departments: dict[str, tuple[str, str]] = field(default_factory=dict)  # code → name, short
    items: dict[str, ItemPlan] = field(default_factory=dict)
    calendar: dict[date, str] = field(default_factory=dict)  # day → off | work


def check(tables: dict[str, list[Row]]) -> Plan:
    """Return the plan of a workbook's rows, or raise WorkbookError with every bad row."""
    plan, problems = Plan(), []
    _district(tables.get("district", []), plan, problems)
    for row in tables.get("streets", []):
        _place(row, plan.streets, plan.code, 9, checks.street_kind, problems)
    for row in tables.get("communities", []):
        _place(row, plan.communities, None, 12, checks.community_kind, problems,
               parents=plan.streets)
    for row in tables.get("departments", []):
        _department(row, plan, problems)
    for row in tables.get("items", []):
        _item(row, plan, problems)
    for row in tables.get("calendar", []):
        _day(row, plan, problems)
    if problems:
        raise WorkbookError(problems)
    return plan


def read(content: bytes) -> Plan:
    """Read and check an XLSX workbook in one go."""
    return check(sheets.read(content))


def _district(rows: list[Row], plan: Plan, problems: list[str]) -> None:
    if len(rows) != 1:
        problems.append(f"sheet {rows[1].sheet if rows else '区'}: exactly one district row "
                        f"is needed, found {len(rows)}")
        return
    row = rows[0]
    code, name = row.cells["code"], text_field(row, "name", LONGEST_NAME, problems)
    if not re.fullmatch(r"\d{6}", code):
        problems.append(f"{row.where('code')}: {quoted(code)} is not a 6-digit division code")
    else:
        plan.code = code
    plan.name = name or ""
    timezone = row.cells.get("timezone") or None
    if timezone is not None:
        try:
            ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError):
            problems.append(f"{row.where('timezone')}: unknown time zone {quoted(timezone)}")
    hours = row.cells.get("office_hours") or None
    if hours is not None and (problem := _hours_problem(hours)):
        problems.append(f"{row.where('office_hours')}: {problem}")
    plan.timezone, plan.office_hours = timezone, hours


def _hours_problem(text: str) -> str | None:
    previous = None
    for part in text.split(","):
        found = HOURS.fullmatch(part.strip())
        try:
            start, end = (time.fromisoformat(found[1]), time.fromisoformat(found[2])) \
                if found else (None, None)
        except ValueError:
            start = end = None
        if start is None or end is None:
            return f"{quoted(part.strip())} is not HH:MM-HH:MM (e.g. 09:00-12:00,13:30-17:30)"
        if start >= end or (previous is not None and start < previous):
            return f"{quoted(part.strip())}: intervals must run forward without overlapping"
        previous = end
    return None


def _place(row: Row, into: dict[str, str], district: str | None, digits: int, kind_of,
           problems: list[str], parents: dict[str, str] | None = None) -> None:
    code, name = row.cells["code"], text_field(row, "name", LONGEST_NAME, problems)
    if not re.fullmatch(rf"\d{{{digits}}}", code):
        problems.append(f"{row.where('code')}: {quoted(code)} is not a {digits}-digit code")
    elif district is not None and district and not code.startswith(district):
        problems.append(f"{row.where('code')}: {code} does not start with the district's "
                        f"code {district}")
    elif parents is not None and code[:9] not in parents:
        problems.append(f"{row.where('code')}: {code} names street {code[:9]}, "
                        "which the streets sheet does not list")
    elif kind_of(code) is None:
        problems.append(f"{row.where('code')}: {code} ends outside the ranges 001–399")
    elif code in into:
        problems.append(f"{row.where('code')}: {code} is listed twice")
    elif name is not None:
        into[code] = name


def _department(row: Row, plan: Plan, problems: list[str]) -> None:
    code = row.cells["code"]
    name = text_field(row, "name", LONGEST_NAME, problems)
    short = text_field(row, "short_name", LONGEST_SHORT, problems)
    if not DEPARTMENT_CODE.fullmatch(code):
        problems.append(f"{row.where('code')}: {quoted(code)} is not a code of up to 16 letters, "
                        "digits, '-' or '_'")
    elif code in plan.departments:
        problems.append(f"{row.where('code')}: {code} is listed twice")
    elif name is not None and short is not None:
        plan.departments[code] = (name, short)


def _item(row: Row, plan: Plan, problems: list[str]) -> None:
    cells, before = row.cells, len(problems)
    kind = CLASSES.get(cells["class"])
    if kind is None:
        problems.append(f"{row.where('class')}: unknown class {quoted(cells['class'])}; "
                        f"{CLASSES_HINT}")
    code, name = cells["code"], text_field(row, "name", LONGEST_NAME, problems)
    if not DEPARTMENT_CODE.fullmatch(code):
        problems.append(f"{row.where('code')}: {quoted(code)} is not a code of up to 16 letters, "
                        "digits, '-' or '_'")
    elif code in plan.items:
        problems.append(f"{row.where('code')}: {code} is listed twice")
    lead = cells["lead_department"]
    if lead not in plan.departments:
        problems.append(f"{row.where('lead_department')}: unknown department {quoted(lead)}; "
                        "name one from the departments sheet")
    limits = [limit(row, amount, unit, problems) for amount, unit in
              (("response_amount", "response_unit"), ("resolution_amount", "resolution_unit"))]
    if len(problems) == before:
        (response, response_unit), (resolution, resolution_unit) = limits
        plan.items[code] = ItemPlan(kind, code, name, lead, response, response_unit,
                                    resolution, resolution_unit)


def limit(row: Row, amount_key: str, unit_key: str,
          problems: list[str]) -> tuple[float, LimitUnit] | tuple[None, None]:
    """Return a limit's amount and unit from a row, noting what is wrong with either."""
    text, unit_text = row.cells[amount_key], row.cells[unit_key]
    try:
        amount = float(text)
    except ValueError:
        amount = math.nan
    good = math.isfinite(amount) and 0 < amount <= 10_000
    if not good:
        problems.append(f"{row.where(amount_key)}: {quoted(text)} is not a positive number "
                        "up to 10000")
    unit = UNITS.get(unit_text)
    if unit is None:
        problems.append(f"{row.where(unit_key)}: unknown unit {quoted(unit_text)}; {UNITS_HINT}")
    return (amount, unit) if good and unit is not None else (None, None)


def _day(row: Row, plan: Plan, problems: list[str]) -> None:
    text, kind = row.cells["date"], KINDS.get(row.cells["kind"])
    try:
        day = date.fromisoformat(text)
    except ValueError:
        problems.append(f"{row.where('date')}: {quoted(text)} is not a date (YYYY-MM-DD)")
        return
    if kind is None:
        problems.append(f"{row.where('kind')}: unknown kind {quoted(row.cells['kind'])}; "
                        "one of 休/off, 班/work")
    elif day in plan.calendar:
        problems.append(f"{row.where('date')}: {day} is listed twice")
    else:
        plan.calendar[day] = kind


def quoted(text: str) -> str:
    """A cell's text in double quotes, control characters escaped, for a refusal line."""
    return json.dumps(text, ensure_ascii=False)


def text_field(row: Row, key: str, longest: int, problems: list[str]) -> str | None:
    """Return a row's non-empty text of at most `longest` characters, or note the problem."""
    text = row.cells.get(key, "")
    if not text:
        problems.append(f"{row.where(key)}: empty")
        return None
    if len(text) > longest or any(ord(ch) < 32 for ch in text):
        problems.append(f"{row.where(key)}: longer than {longest} characters or holds "
                        "control characters")
        return None
    return text
