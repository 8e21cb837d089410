"""The queries behind each part of the snapshot (see data.snapshot for the contract)."""


from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, and_, case, func, or_, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from data import figures
from data.domain import CLOCK_STATES, OPEN_STATES, Priority, Source, State
from data.models import Community, Department, District, Event, Grid, Incident, Item, Street

TICKER_LENGTH = 30
TOP_CATEGORIES = 10
URGENT_WINDOW = timedelta(hours=2)
URGENT_LENGTH = 50  # a storm of urgent reports must not bury the map in markers
TREND_HOURS = 24
RESOLVING = ("resolve", "self_handle")
KINDS = ("overdue", "response_overdue", "due_soon")  # the ticker's kinds, most severe first
NOW_COUNTS = ("open", "due_soon", "overdue", "response_overdue", "parked")
COUNTED = (*NOW_COUNTS, "today_reported")
NOTHING = figures.NOTHING.as_dict()
STILL_THERE = sorted(OPEN_STATES | {State.PARKED})  # the problem is not fixed yet


@dataclass(frozen=True)
class Clock:
    """The moments a snapshot counts from, in UTC; the day, month and hours are the zone's."""

    now: datetime
    zone: ZoneInfo
    day: date
    today: tuple[datetime, datetime]
    month: tuple[datetime, datetime]  # from the month's start to now: what has fallen due
    hours: list[datetime]  # 24 hour starts, oldest first, then the end of the current hour


def clock(now: datetime, zone: ZoneInfo) -> Clock:
    if now.tzinfo is None:
        raise ValueError(f"naive datetime {now!r}: give the snapshot an aware time")
    now, local = now.astimezone(UTC), now.astimezone(zone)
    day = local.date()

    def midnight(of: date) -> datetime:
        return datetime.combine(of, time(), zone).astimezone(UTC)

    # Stepping back in UTC keeps each start on a local hour, across a change of offset too.
    hour = local.replace(minute=0, second=0, microsecond=0).astimezone(UTC)
    hours = [hour - timedelta(hours=back) for back in range(TREND_HOURS - 1, -2, -1)]
    return Clock(now, zone, day, (midnight(day), midnight(day + timedelta(days=1))),
                  (midnight(day.replace(day=1)), now), hours)


def meta(session: Session, clock: Clock) -> dict[str, Any]:
    cursor, district = session.execute(select(
        select(func.max(Event.id)).scalar_subquery(),
        select(District.name).order_by(District.id).limit(1).scalar_subquery(),
    )).one()
    return {"data_time": _iso(clock.now), "cursor": cursor or 0, "district": district,
            "timezone": str(clock.zone), "today": clock.day.isoformat()}


def _current(now: datetime) -> dict[str, ColumnElement[bool]]:
    """What each count of now counts (PRODUCT §5); a parked incident is only parked."""
    state, deadline = Incident.state, Incident.resolution_deadline
    running = state.in_(sorted(CLOCK_STATES))
    return {
        "open": state.in_(sorted(OPEN_STATES)),
        "due_soon": and_(running, Incident.due_soon_at <= now, deadline > now),
        "overdue": and_(running, deadline <= now),
        "response_overdue": and_(state == State.DISPATCHED, Incident.response_deadline <= now),
        "parked": state == State.PARKED,
    }


def _group_key(column: InstrumentedAttribute[int | None]) -> ColumnElement[int | None]:
    """Group by `column` without letting its index lead: the state index must find the few
    live incidents, however long the history. (SQLite, once it has statistics, would rather
    walk the whole history in the grouping index's order; `+ 0` keeps it from doing so.)"""
    return (column + 0).label(column.key)


def grid_counts(session: Session, clock: Clock) -> list[dict[str, Any]]:
    """Count each grid's incidents now and its reports today: one row per grid with any.

    Two queries, each led by its own index (state; reported_at): an OR of the two would
    make the databases read every incident.
    """
    now_counts = _current(clock.now)
    grid = _group_key(Incident.grid_id)
    held = session.execute(
        select(grid, *(func.count(case((condition, 1))).label(name)
                       for name, condition in now_counts.items()))
        .where(Incident.state.in_(STILL_THERE)).group_by(grid))
    today = session.execute(
        select(Incident.grid_id, func.count()).where(_during(Incident.reported_at, clock.today))
        .group_by(Incident.grid_id))
    counts: defaultdict[int, dict[str, int]] = defaultdict(lambda: dict.fromkeys(COUNTED, 0))
    for row in held:
        counts[row.grid_id].update({name: row._mapping[name] for name in now_counts})
    for grid_id, reported in today:
        counts[grid_id]["today_reported"] = reported
    places = session.execute(select(Grid.id, Grid.code, Community.street_id)
                             .join(Community, Grid.community_id == Community.id)
                             .where(Grid.id.in_(list(counts))))
    return sorted(({"code": code, "street_id": street_id, **counts[grid_id]}
                   for grid_id, code, street_id in places), key=lambda row: row["code"])


def now_kpis(session: Session, clock: Clock, grids: list[dict[str, Any]]) -> dict[str, Any]:
    """Today's and this moment's counts for the whole district."""
    total = _tally(grids, COUNTED)[None]
    resolved = session.scalar(select(func.count()).select_from(Event).where(
        Event.kind.in_(RESOLVING), _during(Event.at, clock.today)))
    return {"today_reported": total["today_reported"], "today_resolved": resolved,
            **{name: total[name] for name in NOW_COUNTS}}


def period(session: Session, clock: Clock) -> dict[str, Any]:
    """The month's rates, for the district, each department and each street.

    They count every incident of the month, so the live path refreshes them on their own,
    slower cadence rather than on every move.
    """
    month = clock.month
    return {
        "month": clock.month[0].isoformat(),
        "district": {name: rate(session, *month).as_dict() for name, rate in (
            ("month_response", figures.response_rate), ("month_closure", figures.closure_rate),
            ("month_on_time", figures.on_time_rate),
            ("month_satisfaction", figures.satisfaction_rate))},
        "departments": {
            "response": _as_dicts(figures.response_rates(session, *month, by="department")),
            "on_time": _as_dicts(figures.on_time_rates(session, *month, by="department"))},
        "streets": {"closure": _as_dicts(figures.closure_rates(session, *month, by="street"))},
    }


def _as_dicts(rates: dict[int, figures.Rate]) -> dict[int, dict[str, int]]:
    return {key: rate.as_dict() for key, rate in rates.items()}


def urgent(session: Session, clock: Clock) -> list[dict[str, Any]]:
    query = (
        select(Incident.code, Incident.title, Incident.lon, Incident.lat, Incident.reported_at,
               Grid.code.label("grid"))
        .join(Grid, Incident.grid_id == Grid.id)
        .where(Incident.reported_at >= clock.now - URGENT_WINDOW,
               Incident.priority == Priority.URGENT, Incident.state.in_(sorted(OPEN_STATES)))
        .order_by(Incident.reported_at.desc(), Incident.id.desc()).limit(URGENT_LENGTH)
    )
    return [{"code": row.code, "title": row.title, "lon": row.lon, "lat": row.lat,
             "reported_at": _iso(row.reported_at), "grid": row.grid}
            for row in session.execute(query)]


def ticker(session: Session, clock: Clock) -> list[dict[str, Any]]:
    """The incidents past or near a deadline, each once under its most severe kind."""
    now, current = clock.now, _current(clock.now)
    severity = case((current["overdue"], 0), (current["response_overdue"], 1),
                    else_=2).label("severity")
    deadline = case((current["overdue"], Incident.resolution_deadline),
                    (current["response_overdue"], Incident.response_deadline),
                    else_=Incident.resolution_deadline).label("deadline")
    # The worst thirty are found among the live incidents alone; names are joined after.
    worst = (
        select(Incident.id, Incident.code, Incident.title, Incident.priority, severity, deadline,
               Incident.grid_id, Incident.lead_department_id)
        .where(Incident.state.in_(sorted(CLOCK_STATES)),
               or_(current["overdue"], current["response_overdue"], current["due_soon"]))
        # Longest past its deadline first; among the due soon, the least time left first.
        .order_by(severity, deadline, Incident.id).limit(TICKER_LENGTH)
    ).subquery()
    query = (
        select(worst.c.code, worst.c.title, worst.c.priority, worst.c.severity,
               worst.c.deadline, Street.name.label("street"),
               Department.short_name.label("department"))
        .join(Grid, worst.c.grid_id == Grid.id)
        .join(Community, Grid.community_id == Community.id)
        .join(Street, Community.street_id == Street.id)
        .outerjoin(Department, worst.c.lead_department_id == Department.id)
        .order_by(worst.c.severity, worst.c.deadline, worst.c.id)
    )
    return [{"code": row.code, "title": row.title, "kind": KINDS[row.severity],
             "minutes": _minutes(row.deadline - now if row.severity == 2 else now - row.deadline),
             "deadline": _iso(row.deadline), "priority": row.priority.value,
             "street": row.street, "department": row.department,
             # 督办, acknowledgements and escalations arrive with the alerts.
             "supervised": False, "acknowledged_by": None, "escalated": False}
            for row in session.execute(query)]


def departments(session: Session, clock: Clock, rates: dict[str, Any]) -> list[dict[str, Any]]:
    """The departments leading anything open now or counted this month, most overdue first."""
    current = _current(clock.now)
    lead = _group_key(Incident.lead_department_id)
    held = {row.lead_department_id: row for row in session.execute(
        select(lead, func.count().label("open"),
               func.count(case((current["overdue"], 1))).label("overdue"))
        .where(current["open"]).group_by(lead))}
    response, on_time = rates["response"], rates["on_time"]
    listed = [(department, held.get(department.id)) for department in session.scalars(
        select(Department).order_by(Department.code))
        if department.id in held or department.id in response or department.id in on_time]
    listed.sort(key=lambda pair: (-(pair[1].overdue if pair[1] else 0),
                                  -(pair[1].open if pair[1] else 0), pair[0].code))
    return [{"code": department.code, "name": department.name,
             "short_name": department.short_name,
             "open": counts.open if counts else 0, "overdue": counts.overdue if counts else 0,
             "response": response.get(department.id, NOTHING),
             "on_time": on_time.get(department.id, NOTHING)}
            for department, counts in listed]


def streets(session: Session, grids: list[dict[str, Any]],
            rates: dict[str, Any]) -> list[dict[str, Any]]:
    counts = _tally(grids, ("open", "overdue", "today_reported"), by="street_id")
    closure = rates["closure"]
    streets = session.execute(select(Street.id, Street.code, Street.name).order_by(Street.code))
    return [{"code": street.code, "name": street.name, **{
                name: counts[street.id][name] for name in ("open", "overdue", "today_reported")},
             "closure": closure.get(street.id, NOTHING)}
            for street in streets]


def sources(session: Session, clock: Clock) -> dict[str, int]:
    counts = dict(session.execute(
        select(Incident.source, func.count()).where(_during(Incident.reported_at, clock.today))
        .group_by(Incident.source)).all())
    return {source.value: counts.get(source, 0) for source in Source}


def categories(session: Session, clock: Clock) -> list[dict[str, Any]]:
    reports = func.count().label("reports")
    query = (select(Item.code, Item.name, reports).select_from(Incident)
             .join(Item, Incident.item_id == Item.id)
             .where(_during(Incident.reported_at, clock.today))
             .group_by(Item.code, Item.name).order_by(reports.desc(), Item.code)
             .limit(TOP_CATEGORIES))
    return [{"code": row.code, "name": row.name, "count": row.reports}
            for row in session.execute(query)]


def trend(session: Session, clock: Clock) -> dict[str, list]:
    """Count reports and resolutions in each of the last 24 local hours, the current one last."""
    starts = clock.hours
    # The hour is found in SQL by comparing with its bounds: no date functions, which differ
    # between databases and know nothing of the district's zone.
    hour = case(*((Event.at < end, n) for n, end in enumerate(starts[1:-1])),
                else_=TREND_HOURS - 1)
    moves = (select(hour.label("hour"), Event.kind)
             .where(Event.kind.in_(("report", *RESOLVING)),
                    Event.at >= starts[0], Event.at < starts[-1]).subquery())
    reported, resolved = [0] * TREND_HOURS, [0] * TREND_HOURS
    for n, kind, count in session.execute(select(moves.c.hour, moves.c.kind, func.count())
                                          .group_by(moves.c.hour, moves.c.kind)):
        (reported if kind == "report" else resolved)[n] += count
    return {"hours": [start.astimezone(clock.zone).isoformat() for start in starts[:-1]],
            "reported": reported, "resolved": resolved}


def _tally(rows: list[dict[str, Any]], names: tuple[str, ...], by: str | None = None
           ) -> defaultdict[Any, Counter[str]]:
    """Add up the named counts of per-grid rows, per value of `by` or all together (None)."""
    totals: defaultdict[Any, Counter[str]] = defaultdict(Counter)
    for row in rows:
        totals[row[by] if by else None].update({name: row[name] for name in names})
    return totals


def _during(column: ColumnElement[datetime], span: tuple[datetime, datetime]
            ) -> ColumnElement[bool]:
    return and_(column >= span[0], column < span[1])


def _minutes(delta: timedelta) -> int:
    return int(delta.total_seconds() // 60)


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat()
