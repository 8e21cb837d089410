"""Find incidents (PRODUCT §7, Incidents): by code or words, place, department, item, source,
priority, period and mark; sorted and paged in the store, never loaded whole.

A search is read from plain values (an address's query, an API's parameters) by `parse`,
which names the field of anything it refuses. `find` reads one page; `export_rows` the
filtered list for a file, up to a limit. Both take a `department` for a liaison: then only
the incidents that department leads or co-handles (协办) are found.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, Select, and_, func, or_, select
from sqlalchemy.orm import Session

from data.domain import CLOCK_STATES, Priority, Source, State
from data.incidents import supervision
from data.models import (
    Community,
    Department,
    Grid,
    Incident,
    IncidentCoDepartment,
    Item,
    Street,
    SupervisionOrder,
)

PAGE_SIZE = 50
COUNT_CAP = 10_000  # past this a count says "more than": counting a million rows is slow
EXPORT_LIMIT = 50_000
SORTS: dict[str, Any] = {"reported": Incident.reported_at, "code": Incident.code,
                         "deadline": Incident.resolution_deadline,
                         "updated": Incident.updated_at}
CODE_DIGITS = 8  # a code starts with its day, YYYYMMDD
FLAGS = ("overdue", "due_soon", "parked", "supervised")
PLACES = ("street", "community", "grid")
CODES = (*PLACES, "department", "item")


class SearchError(ValueError):
    """A search's value is wrong; `field` names which."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(f"{name}: {message}")
        self.field = name


@dataclass(frozen=True)
class Search:
    """What is asked for: every filter optional; local days; a sort and a page."""

    text: str = ""
    state: State | None = None
    source: Source | None = None
    priority: Priority | None = None
    codes: dict[str, str] = field(default_factory=dict)  # street, community, grid, ...
    start: date | None = None
    end: date | None = None  # inclusive
    flag: str | None = None
    sort: str = "reported"
    descending: bool = True
    page: int = 1

    def query(self) -> dict[str, str]:
        """The search as an address's query, without what is left at its default."""
        values = {"q": self.text, "state": self.state, "source": self.source,
                  "priority": self.priority, **self.codes,
                  "from": self.start and self.start.isoformat(),
                  "to": self.end and self.end.isoformat(), "flag": self.flag,
                  "sort": None if self.sort == "reported" else self.sort,
                  "order": None if self.descending else "asc",
                  "page": None if self.page == 1 else str(self.page)}
        return {key: str(value) for key, value in values.items() if value}

    def at_page(self, page: int) -> Search:
        return replace(self, page=page)


@dataclass(frozen=True)
class Page:
    """One page of a search: its rows, whether more follow, and how many match in all."""

    rows: list[dict[str, Any]]
    page: int
    more: bool
    total: int
    total_capped: bool  # the total is COUNT_CAP and more


def parse(values: dict[str, list[str] | str]) -> Search:
    """The search an address's query (or an API's parameters) asks for."""
    def one(name: str) -> str:
        value = values.get(name)
        value = value[0] if isinstance(value, list) and value else value
        return (value or "").strip() if isinstance(value, str) else ""

    text = one("q")
    if len(text) > 100:
        raise SearchError("q", f"is {len(text)} characters; at most 100")
    start, end = _day("from", one("from")), _day("to", one("to"))
    if start and end and end < start:
        raise SearchError("to", f"{end} is before {start}")
    sort = one("sort") or "reported"
    if sort not in SORTS:
        raise SearchError("sort", f"unknown sort {sort!r}; one of {', '.join(SORTS)}")
    order = one("order") or "desc"
    if order not in ("asc", "desc"):
        raise SearchError("order", f"unknown order {order!r}; asc or desc")
    flag = one("flag") or None
    if flag is not None and flag not in FLAGS:
        raise SearchError("flag", f"unknown flag {flag!r}; one of {', '.join(FLAGS)}")
    page = one("page") or "1"
    if not page.isdigit() or not 1 <= int(page) <= 100_000:
        raise SearchError("page", f"must be a page number, got {page!r}")
    return Search(text=text, state=_choice("state", State, one("state")),
                  source=_choice("source", Source, one("source")),
                  priority=_choice("priority", Priority, one("priority")),
                  codes={name: one(name)[:20] for name in CODES if one(name)},
                  start=start, end=end, flag=flag, sort=sort,
                  descending=order == "desc", page=int(page))


def find(session: Session, search: Search, now: datetime, zone: ZoneInfo,
         size: int = PAGE_SIZE, *, department: str | None = None) -> Page:
    """The page of incidents `search` asks for at `now`, counting days in `zone`; only
    `department`'s (led or co-handled) when one is named."""
    matching = _matching(search, now, zone, department)
    ids = list(session.scalars(_ordered(matching, search)
                               .limit(size + 1).offset((search.page - 1) * size)))
    counted = session.scalar(select(func.count()).select_from(
        matching.limit(COUNT_CAP + 1).subquery()))
    return Page(rows=rows(session, ids[:size], now), page=search.page, more=len(ids) > size,
                total=min(counted, COUNT_CAP), total_capped=counted > COUNT_CAP)


def export_rows(session: Session, search: Search, now: datetime, zone: ZoneInfo,
                limit: int = EXPORT_LIMIT, *,
                department: str | None = None) -> list[dict[str, Any]]:
    """Every incident `search` matches (`department`'s only, if named), in order, to `limit`."""
    ids = list(session.scalars(_ordered(_matching(search, now, zone, department), search)
                               .limit(limit)))
    found: list[dict[str, Any]] = []
    for start in range(0, len(ids), 1000):  # bound the IN list
        found += rows(session, ids[start:start + 1000], now)
    return found


def rows(session: Session, ids: list[int], now: datetime) -> list[dict[str, Any]]:
    """The list's row of each incident in `ids`, in that order."""
    if not ids:
        return []
    query = (select(Incident, Item.name, Grid.name, Community.name, Street.name,
                    Department.name, supervision.supervised(Incident.id))
             .join(Item, Incident.item_id == Item.id).join(Grid, Incident.grid_id == Grid.id)
             .join(Community, Grid.community_id == Community.id)
             .join(Street, Community.street_id == Street.id)
             .outerjoin(Department, Incident.lead_department_id == Department.id)
             .where(Incident.id.in_(ids)))
    found = {}
    for incident, item, grid, community, street, department, supervised in session.execute(query):
        running = incident.state in CLOCK_STATES
        deadline, soon = incident.resolution_deadline, incident.due_soon_at
        found[incident.id] = {
            "code": incident.code, "title": incident.title, "state": incident.state.value,
            "priority": incident.priority.value, "source": incident.source.value,
            "item": item, "street": street, "community": community, "grid": grid,
            "department": department, "reported_at": incident.reported_at,
            "resolution_deadline": deadline,
            "overdue": bool(running and deadline and deadline <= now),
            "due_soon": bool(running and soon and deadline and soon <= now < deadline),
            "supervised": bool(supervised)}
    return [found[i] for i in ids if i in found]


def _matching(search: Search, now: datetime, zone: ZoneInfo,
              department: str | None = None) -> Select:
    query = select(Incident.id)
    for condition in _conditions(search, now, zone):
        query = query.where(condition)
    return query if department is None else query.where(handled_by(department))


def handled_by(department: str) -> ColumnElement[bool]:
    """Whether the department of code `department` leads an incident or co-handles it."""
    ids = select(Department.id).where(Department.code == department).scalar_subquery()
    return or_(Incident.lead_department_id == ids, Incident.id.in_(
        select(IncidentCoDepartment.incident_id)
        .where(IncidentCoDepartment.department_id == ids)))


def _ordered(matching: Select, search: Search) -> Select:
    column = SORTS[search.sort]
    if search.descending:
        return matching.order_by(column.desc(), Incident.id.desc())
    return matching.order_by(column.asc(), Incident.id.asc())


def _conditions(search: Search, now: datetime, zone: ZoneInfo) -> list[ColumnElement[bool]]:
    found: list[ColumnElement[bool]] = []
    if search.text.isdigit() and len(search.text) >= CODE_DIGITS:
        # A code, or its start: a range its unique index answers at once.
        found.append(and_(Incident.code >= search.text, Incident.code < search.text + ":"))
    elif search.text:
        words = search.text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        found.append(or_(Incident.code == search.text,
                         Incident.title.like(f"%{words}%", escape="\\")))
    for name, column in (("state", Incident.state), ("source", Incident.source),
                         ("priority", Incident.priority)):
        if getattr(search, name) is not None:
            found.append(column == getattr(search, name))
    found += _codes(search.codes)
    if search.start is not None:
        found.append(Incident.reported_at >= _midnight(search.start, zone))
    if search.end is not None:
        found.append(Incident.reported_at < _midnight(search.end + timedelta(days=1), zone))
    if search.flag is not None:
        found.append(_flag(search.flag, now))
    return found


def _codes(codes: dict[str, str]) -> list[ColumnElement[bool]]:
    found = []
    if "grid" in codes:
        found.append(Incident.grid_id.in_(select(Grid.id).where(Grid.code == codes["grid"])))
    if "community" in codes:
        found.append(Incident.grid_id.in_(select(Grid.id).join(Community).where(
            Community.code == codes["community"])))
    if "street" in codes:
        found.append(Incident.grid_id.in_(select(Grid.id).join(Community).join(Street).where(
            Street.code == codes["street"])))
    if "department" in codes:
        found.append(Incident.lead_department_id.in_(select(Department.id).where(
            Department.code == codes["department"])))
    if "item" in codes:
        found.append(Incident.item_id.in_(select(Item.id).where(Item.code == codes["item"])))
    return found


def _flag(flag: str, now: datetime) -> ColumnElement[bool]:
    running = Incident.state.in_(CLOCK_STATES)
    if flag == "overdue":
        return and_(running, Incident.resolution_deadline <= now)
    if flag == "due_soon":
        return and_(running, Incident.due_soon_at <= now, Incident.resolution_deadline > now)
    if flag == "parked":
        return Incident.state == State.PARKED
    # Few incidents are supervised: start from the orders, not from every incident.
    return Incident.id.in_(select(SupervisionOrder.incident_id))


def _midnight(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(), zone).astimezone(ZoneInfo("UTC"))


def _day(name: str, value: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise SearchError(name, f"{value!r} is not a day as YYYY-MM-DD") from None


def _choice(name: str, kind: type, value: str) -> Any:
    if not value:
        return None
    try:
        return kind(value)
    except ValueError:
        options = ", ".join(member.value for member in kind)
        raise SearchError(name, f"unknown {name} {value!r}; one of {options}") from None


def choices(session: Session) -> dict[str, list[tuple[str, str]]]:
    """What each place, department and item filter offers: (code, name), in code order."""
    tables = {"street": Street, "community": Community, "grid": Grid,
              "department": Department, "item": Item}
    return {name: [(code, label) for code, label in session.execute(
                select(table.code, table.name).order_by(table.code))]
            for name, table in tables.items()}
