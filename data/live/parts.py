"""The queries behind each part of the snapshot (see data.live.snapshot for the contract)."""


from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, and_, func, select
from sqlalchemy.orm import Session

from data import figures
from data.alerts import queue
from data.domain import CLOCK_STATES, OPEN_STATES, Priority, State
from data.incidents import supervision
from data.live import standing
from data.live.hours import TREND_HOURS, during, two_days
from data.models import Alert, Community, Department, District, Event, Grid, Incident, Item, Street
from data.models.incident import STILL_OPEN, STILL_THERE

TICKER_LENGTH = 100  # the wall pages through them
# The duty consoles' queue: the most severe standing alerts, this many at most. A district
# with more filters in the store (data.alerts.queue) rather than in the pushed queue.
DUTY_LENGTH = 200
TOP_CATEGORIES = 10
URGENT_WINDOW = timedelta(hours=2)
URGENT_LENGTH = 50  # a storm of urgent reports must not bury the map in markers
NOW_COUNTS = ("open", "due_soon", "overdue", "response_overdue", "parked")
# The standing counts at the same time yesterday, read back from the trail (data.live.standing).
STOOD = ("open_yesterday", "overdue_yesterday", "due_soon_yesterday")
COUNTED = (*NOW_COUNTS, "today_reported", "yesterday_reported", *STOOD)
NOTHING = figures.NOTHING.as_dict()
NOTHING_HELD = dict.fromkeys(NOW_COUNTS, 0)


@dataclass(frozen=True)
class Clock:
    """The moments a snapshot counts from, in UTC; the day, month and hours are the zone's."""

    now: datetime
    zone: ZoneInfo
    day: date
    today: tuple[datetime, datetime]
    yesterday: tuple[datetime, datetime]  # from yesterday's start to the same time yesterday
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
    # A day back on the zone's clock: the same local time yesterday, whatever the offset did.
    same_time = (local - timedelta(days=1)).astimezone(UTC)
    return Clock(now, zone, day, (midnight(day), midnight(day + timedelta(days=1))),
                 (midnight(day - timedelta(days=1)), same_time),
                 (midnight(day.replace(day=1)), now), hours)


def meta(session: Session, clock: Clock) -> dict[str, Any]:
    cursor, district = session.execute(select(
        select(func.max(Event.id)).scalar_subquery(),
        select(District.name).order_by(District.id).limit(1).scalar_subquery(),
    )).one()
    return {"data_time": _iso(clock.now), "cursor": cursor or 0, "district": district,
            "timezone": str(clock.zone), "today": clock.day.isoformat()}


def _live(now: datetime) -> tuple[ColumnElement[int], ...]:
    """Counted per group of live incidents in one state: all, and those past or near a
    deadline; which of them count for that state is `_add_live`'s to say."""
    deadline = Incident.resolution_deadline
    return (func.count(), func.count().filter(deadline <= now),
            func.count().filter(and_(Incident.due_soon_at <= now, deadline > now)),
            func.count().filter(Incident.response_deadline <= now))


def _add_live(counts: dict[str, int], state: State, held: int, overdue: int = 0,
              due_soon: int = 0, response_overdue: int = 0) -> None:
    """Add one state's counts to the counts of now (PRODUCT §5); a parked incident is only
    parked, the resolution clock runs only once dispatched, the response clock until signed."""
    if state in OPEN_STATES:
        counts["open"] += held
    if state == State.PARKED:
        counts["parked"] += held
    if state in CLOCK_STATES:
        counts["overdue"] += overdue
        counts["due_soon"] += due_soon
    if state == State.DISPATCHED:
        counts["response_overdue"] += response_overdue


@dataclass(frozen=True)
class Place:
    """Where a grid lies: its code, its community and its street."""

    code: str
    community_id: int
    community: str  # the community's code
    community_name: str
    street_id: int


def places(session: Session) -> dict[int, Place]:
    """Every grid's place by grid id, in grid code order: a district has a few thousand."""
    return {grid_id: Place(code, community_id, community, name, street_id)
            for grid_id, code, community_id, community, name, street_id in session.execute(
                select(Grid.id, Grid.code, Community.id, Community.code, Community.name,
                       Community.street_id)
                .join(Community, Grid.community_id == Community.id).order_by(Grid.code))}


@dataclass(frozen=True)
class ReportCounts:
    """The reports of today and of yesterday until the same time: what the grid counts, the
    sources and the categories are each cut from. Read in one pass here (`reported`), or kept
    from build to build by a tally (data.live.tally): the same counts. A tally counts the
    trend's reports too; otherwise the trend reads them with the resolutions (data.live.hours).
    """

    days: dict[int, tuple[int, int]]  # by grid: (today, yesterday until the same time)
    sources: list[tuple[str, int | None, int]]  # (source, street id, reports today)
    categories: list[tuple[tuple[str, str], int | None, int]]  # ((item code, name), street, today)
    # ((hour, "report"), street, count); empty when the trend reads them (hours.trend_counts)
    trend: list[tuple[tuple[int, str], int | None, int]]


def reported(session: Session, clock: Clock, where: dict[int, Place]) -> ReportCounts:
    """Count the reports of both days by grid, source and item in one read through the
    reported_at index: the three counts read the same rows, so they share one pass."""
    counted = (select(Incident.grid_id, Incident.source, Incident.item_id,
                      *(count.label(name) for count, name in zip(
                          two_days(Incident.reported_at, clock), ("today", "before"),
                          strict=True)))
               .where(during(Incident.reported_at, (clock.yesterday[0], clock.today[1])))
               .group_by(Incident.grid_id, Incident.source, Incident.item_id).subquery())
    days: defaultdict[int, list[int]] = defaultdict(lambda: [0, 0])
    sources: Counter[tuple[str, int | None]] = Counter()
    categories: Counter[tuple[tuple[str, str], int | None]] = Counter()
    for grid_id, source, code, name, today, before in session.execute(
            select(counted.c.grid_id, counted.c.source, Item.code, Item.name, counted.c.today,
                   counted.c.before).join(Item, Item.id == counted.c.item_id)):
        days[grid_id][0] += today
        days[grid_id][1] += before
        if today:
            street = street_of(where, grid_id)
            sources[source.value, street] += today
            categories[(code, name), street] += today
    return ReportCounts({grid_id: (today, before) for grid_id, (today, before) in days.items()},
                        [(source, street, n) for (source, street), n in sources.items()],
                        [(item, street, n) for (item, street), n in categories.items()], [])


def street_of(where: dict[int, Place], grid_id: int) -> int | None:
    """The street of grid `grid_id`, or None for a grid not among `where`."""
    place = where.get(grid_id)
    return place.street_id if place else None


def grid_counts(session: Session, clock: Clock, where: dict[int, Place],
                reports: ReportCounts) -> list[dict[str, Any]]:
    """Count each grid's incidents now, with its reports today and yesterday until the same
    time from `reports`: one row per grid with any.

    The live incidents are counted per grid and state in the order of their own small index
    (migration 0006).
    """
    then = clock.yesterday[1]
    held = session.execute(
        select(Incident.grid_id, Incident.state, *_live(clock.now),
               func.count().filter(Incident.resolution_deadline <= then),
               func.count().filter(and_(Incident.due_soon_at <= then,
                                        Incident.resolution_deadline > then)),
               func.count().filter(and_(Incident.reported_at > then,
                                        Incident.reported_at < clock.today[1])))
        .where(STILL_THERE).group_by(Incident.grid_id, Incident.state))
    counts: defaultdict[int, dict[str, int]] = defaultdict(lambda: dict.fromkeys(COUNTED, 0))
    for grid_id, state, *numbers, passed_then, warned_then, reported_since in held:
        _add_live(counts[grid_id], state, *numbers)
        if state in CLOCK_STATES:  # running now, and unmoved since: past that deadline then
            counts[grid_id]["overdue_yesterday"] += passed_then
            counts[grid_id]["due_soon_yesterday"] += warned_then
        if state in OPEN_STATES:  # open now, but not yet reported then
            counts[grid_id]["open_yesterday"] -= reported_since
    for grid_id, (today, before) in reports.days.items():
        counts[grid_id]["today_reported"] = today
        counts[grid_id]["yesterday_reported"] = before
    for grid_id, moved in standing.moved_since(session, then).items():
        counts[grid_id]["open_yesterday"] += moved["open_then"] - moved["open_now"]
        counts[grid_id]["overdue_yesterday"] += moved["overdue_then"] - moved["overdue_now"]
        counts[grid_id]["due_soon_yesterday"] += moved["due_soon_then"] - moved["due_soon_now"]
    for grid_counted in counts.values():  # open now, unmoved since and reported by then
        grid_counted["open_yesterday"] += grid_counted["open"]
    return [{"code": place.code, "street_id": place.street_id,
             "community_id": place.community_id, **counts[grid_id]}
            for grid_id, place in where.items() if grid_id in counts]


def urgent(session: Session, clock: Clock) -> list[dict[str, Any]]:
    query = (
        select(Incident.code, Incident.title, Incident.lon, Incident.lat, Incident.reported_at,
               Grid.code.label("grid"), supervision.supervised(Incident.id).label("supervised"))
        .join(Grid, Incident.grid_id == Grid.id)
        .where(Incident.reported_at >= clock.now - URGENT_WINDOW,
               Incident.priority == Priority.URGENT, Incident.state.in_(sorted(OPEN_STATES)))
        .order_by(Incident.reported_at.desc(), Incident.id.desc()).limit(URGENT_LENGTH)
    )
    return [{"code": row.code, "title": row.title, "lon": row.lon, "lat": row.lat,
             "reported_at": _iso(row.reported_at), "grid": row.grid,
             "supervised": bool(row.supervised)}
            for row in session.execute(query)]


def standing_alerts(session: Session, clock: Clock) -> list[dict[str, Any]]:
    """The standing alerts, most severe first, with their acknowledgement and supervision:
    the duty consoles' queue, whose head is the wall's ticker."""
    return queue.queue(session, clock.now, limit=DUTY_LENGTH)


def department_counts(session: Session, clock: Clock) -> list[tuple[int, int, dict[str, int]]]:
    """(department id, grid id, counts of now) for every department leading anything open,
    read in the order of the open incidents' department index.

    Reports not yet dispatched lead nowhere: they are most of what is open while reports
    stream in, and are left in the index rather than counted for no department.
    """
    held: defaultdict[tuple[int, int], dict[str, int]] = defaultdict(
        lambda: dict.fromkeys(NOW_COUNTS, 0))
    for department_id, state, grid_id, *numbers in session.execute(
            select(Incident.lead_department_id, Incident.state, Incident.grid_id,
                   *_live(clock.now)[:2])
            .where(STILL_OPEN, Incident.lead_department_id.is_not(None))
            .group_by(Incident.lead_department_id, Incident.state, Incident.grid_id)):
        _add_live(held[department_id, grid_id], state, *numbers)
    return [(department_id, grid_id, counts)
            for (department_id, grid_id), counts in held.items()]


def all_departments(session: Session) -> list[Department]:
    """Every department, active or not, in code order."""
    return list(session.scalars(select(Department).order_by(Department.code)))


def all_streets(session: Session) -> list[tuple[int, str, str]]:
    """Every street's id, code and name, in code order."""
    return [(street_id, code, name) for street_id, code, name in session.execute(
        select(Street.id, Street.code, Street.name).order_by(Street.code))]


def standing_counts(session: Session) -> dict[int, int]:
    """How many alerts stand in each grid with any: the ticker's true count."""
    return dict(session.execute(
        select(Incident.grid_id, func.count()).select_from(Alert)
        .join(Incident, Alert.incident_id == Incident.id)
        .where(Alert.cleared_at.is_(None)).group_by(Incident.grid_id)).all())


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat()
