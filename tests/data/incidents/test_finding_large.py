"""Finding incidents in a store of thousands: every filter, sort and page agrees with the
same rule applied to every incident read whole, and page 2 goes on where page 1 stops."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, aliased

from bench import history
from data import store
from data.domain import CLOCK_STATES, State
from data.incidents import finding, supervision
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
from tests.factories import CENTRE, SHANGHAI, local

NOW = local(2026, 11, 12, 16, 0)
INCIDENTS = 6_000  # a month of a busy district's reports, written in bulk in a few seconds
WALK = 500  # a whole list is walked in pages this long; the page of 50 is checked apart


@dataclass(frozen=True)
class Row:
    """One incident as the filters see it, read whole."""

    id: int
    code: str
    title: str
    state: State
    source: str
    priority: str
    reported_at: datetime
    deadline: datetime | None
    due_soon_at: datetime | None
    updated_at: datetime
    grid: str
    community: str
    street: str
    department: str | None
    item: str
    supervised: bool
    co: frozenset[str]


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """A SQLite store of INCIDENTS incidents over thirty days, a few of them supervised."""
    path: Path = tmp_path_factory.mktemp("large") / "store.db"
    engine = store.make_engine(f"sqlite:///{path}")
    history.generate(engine, INCIDENTS, days=30, now=NOW, progress=False)
    with Session(engine) as session:
        running = session.scalars(select(Incident).where(Incident.state == State.IN_PROGRESS)
                                  .order_by(Incident.id).limit(40)).all()
        for incident in running[::2]:
            supervision.supervise(session, incident, CENTRE, at=NOW - timedelta(hours=1))
        session.commit()
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def every(large: Engine) -> list[Row]:
    """Every incident of the store, read whole: the rule each search is held to."""
    lead = aliased(Department)
    with Session(large) as session:
        co: dict[int, set[str]] = {}
        for incident_id, code in session.execute(
                select(IncidentCoDepartment.incident_id, Department.code)
                .join(Department, Department.id == IncidentCoDepartment.department_id)):
            co.setdefault(incident_id, set()).add(code)
        supervised = set(session.scalars(select(SupervisionOrder.incident_id)))
        found = session.execute(
            select(Incident, Grid.code, Community.code, Street.code, lead.code, Item.code)
            .join(Grid, Grid.id == Incident.grid_id)
            .join(Community, Community.id == Grid.community_id)
            .join(Street, Street.id == Community.street_id)
            .join(Item, Item.id == Incident.item_id)
            .outerjoin(lead, lead.id == Incident.lead_department_id))
        return [Row(i.id, i.code, i.title, i.state, i.source.value, i.priority.value,
                    i.reported_at, i.resolution_deadline, i.due_soon_at, i.updated_at, grid,
                    community, street, department, item, i.id in supervised,
                    frozenset(co.get(i.id, ())))
                for i, grid, community, street, department, item in found]


def walk(session: Session, asked: dict[str, str], department: str | None = None,
         ) -> tuple[list[str], int]:
    """Every code the search finds, page after page, and the count its first page says."""
    search, found, total = finding.parse(asked), [], None
    while True:
        page = finding.find(session, search, NOW, SHANGHAI, WALK, department=department)
        total = page.total if total is None else total
        assert not page.total_capped
        found += [row["code"] for row in page.rows]
        if not page.more:
            return found, total
        search = search.at_page(search.page + 1)


def expected(every: list[Row], keep: Callable[[Row], bool], sort: str = "reported",
             descending: bool = True) -> list[str]:
    """The codes `keep` admits, sorted as the list sorts them (SQLite: no value first)."""
    column = {"reported": "reported_at", "code": "code", "deadline": "deadline",
              "updated": "updated_at"}[sort]

    def key(row: Row) -> tuple:
        value = getattr(row, column)
        return (value is not None, value if value is not None else 0, row.id)

    kept = sorted((row for row in every if keep(row)), key=key, reverse=descending)
    return [row.code for row in kept]


def running(row: Row) -> bool:
    return row.state in CLOCK_STATES and row.deadline is not None


def midnight(day: date) -> datetime:
    return datetime.combine(day, time(), SHANGHAI)


def busiest(every: list[Row], name: str) -> str:
    counted = Counter(getattr(row, name) for row in every if getattr(row, name))
    return min(counted, key=lambda value: (-counted[value], value))


def test_the_store_is_large_and_holds_every_kind_the_filters_look_for(every):
    assert len(every) == INCIDENTS
    assert {State.DISPATCHED, State.IN_PROGRESS, State.PARKED, State.CLOSED} <= {
        row.state for row in every}
    assert any(row.co for row in every) and sum(row.supervised for row in every) == 20
    assert any(running(row) and row.deadline <= NOW for row in every)


def test_each_filter_finds_exactly_what_it_names_in_the_lists_order(large, every):
    word = busiest(every, "title")[:2]
    street, community, grid, department, item = (
        busiest(every, name) for name in ("street", "community", "grid", "department", "item"))
    day = every[len(every) // 2].code[:8]
    start = NOW.date() - timedelta(days=9)
    end = start + timedelta(days=6)
    cases: dict[str, tuple[dict[str, str], Callable[[Row], bool]]] = {
        "all": ({}, lambda r: True),
        "in progress": ({"state": "in_progress"}, lambda r: r.state == State.IN_PROGRESS),
        "closed": ({"state": "closed"}, lambda r: r.state == State.CLOSED),
        "hotline": ({"source": "hotline"}, lambda r: r.source == "hotline"),
        "urgent": ({"priority": "urgent"}, lambda r: r.priority == "urgent"),
        "street": ({"street": street}, lambda r: r.street == street),
        "community": ({"community": community}, lambda r: r.community == community),
        "grid": ({"grid": grid}, lambda r: r.grid == grid),
        "department": ({"department": department}, lambda r: r.department == department),
        "item": ({"item": item}, lambda r: r.item == item),
        "words": ({"q": word}, lambda r: word in r.title),
        "a day's codes": ({"q": day}, lambda r: r.code.startswith(day)),
        "period": ({"from": start.isoformat(), "to": end.isoformat()},
                   lambda r: midnight(start) <= r.reported_at
                   < midnight(end + timedelta(days=1))),
        "overdue": ({"flag": "overdue"}, lambda r: running(r) and r.deadline <= NOW),
        "due soon": ({"flag": "due_soon"}, lambda r: running(r) and r.due_soon_at is not None
                     and r.due_soon_at <= NOW < r.deadline),
        "parked": ({"flag": "parked"}, lambda r: r.state == State.PARKED),
        "supervised": ({"flag": "supervised"}, lambda r: r.supervised),
        "a department's overdue in progress": (
            {"state": "in_progress", "flag": "overdue", "department": department},
            lambda r: r.state == State.IN_PROGRESS and running(r) and r.deadline <= NOW
            and r.department == department),
    }
    with Session(large) as session:
        for name, (asked, keep) in cases.items():
            want = expected(every, keep)
            assert want, name  # each filter is held to something it finds
            found, total = walk(session, asked)
            assert (found, total) == (want, len(want)), name


@pytest.mark.parametrize(("sort", "descending"), [
    ("code", False), ("deadline", True), ("deadline", False), ("updated", False),
    ("reported", True)])
def test_each_sort_pages_on_where_the_last_page_stopped_and_never_twice(large, every, sort,
                                                                        descending):
    asked = {"sort": sort, "order": "desc" if descending else "asc"}
    want = expected(every, lambda r: True, sort, descending)
    with Session(large) as session:
        first = finding.find(session, finding.parse(asked), NOW, SHANGHAI)
        second = finding.find(session, finding.parse({**asked, "page": "2"}), NOW, SHANGHAI)
        assert [row["code"] for row in first.rows] == want[:finding.PAGE_SIZE]
        assert [row["code"] for row in second.rows] == want[finding.PAGE_SIZE:
                                                            2 * finding.PAGE_SIZE]
        assert first.more and second.more and first.total == second.total == INCIDENTS
        found, _ = walk(session, asked)
    assert found == want and len(set(found)) == INCIDENTS


def test_a_liaisons_list_holds_what_its_department_leads_or_co_handles(large, every):
    counted = Counter(code for row in every for code in row.co)
    helping = min(counted, key=lambda code: (-counted[code], code))
    ours = lambda r: r.department == helping or helping in r.co  # noqa: E731
    want = expected(every, ours)
    assert any(helping in row.co and row.department != helping for row in every)
    with Session(large) as session:
        assert walk(session, {}, department=helping) == (want, len(want))
        assert walk(session, {"state": "in_progress"}, department=helping)[0] == expected(
            every, lambda r: ours(r) and r.state == State.IN_PROGRESS)
