"""How an incident begins: a report, its code, its likely duplicates, and merging them."""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from shapely.geometry import Point, shape
from sqlalchemy import Select, and_, bindparam, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from data.domain import FINAL_STATES, OPEN_STATES, Priority, Source, State
from data.incidents import media
from data.incidents.moves import Rules
from data.incidents.trail import (
    Actor,
    InvalidMove,
    check,
    moment,
    optional_text,
    record,
    required_text,
    storable_text,
)
from data.models import Counter, Grid, Incident, Item

EARTH_RADIUS_M = 6_371_008.8
E = TypeVar("E", Source, Priority)


@dataclass(frozen=True)
class Report:
    """What a reporter tells: the matter, where, how it came in and how urgent it is."""

    title: str
    item: Item
    grid: Grid
    source: Source | str
    priority: Priority | str = Priority.NORMAL
    description: str = ""
    lon: float | None = None
    lat: float | None = None
    reporter: str | None = None
    reporter_contact: str | None = None
    source_system: str | None = None
    source_ref: str | None = None
    address: str | None = None
    request_hash: str | None = None
    media_url: str | None = None
    # The grid was found by the polygon holding (lon, lat) (data.places.locate): the point is
    # in it already, and its polygon is not read again to check.
    located: bool = False


def report(session: Session, rules: Rules, content: Report, actor: Actor, *,
           at: datetime | None = None, code: str | None = None) -> Incident:
    """Record a new report as an incident in state `reported`, with its first event.

    `code` is one `next_code` gave already, when the caller numbers reports apart from
    their transaction; otherwise the next one is taken here.
    """
    at = moment(at)
    title = required_text("title", content.title, limit=200)
    description = storable_text("description", content.description, 5000)
    # Each held to its column's length, whoever writes (migration 0001, 0010).
    texts = {name: optional_text(name, getattr(content, name), limit)
             for name, limit in (("reporter", 100), ("reporter_contact", 100),
                                 ("source_system", 50), ("source_ref", 100), ("address", 200),
                                 ("request_hash", 64))}
    link = media.checked(content.media_url)
    source = _choice("source", Source, content.source)
    priority = _choice("priority", Priority, content.priority)
    if not content.item.active:
        raise InvalidMove("item", f"whistle-list item {content.item.code} is not active")
    lon, lat = _point(content)
    if not actor.name.strip():
        raise InvalidMove("actor", "every move records who made it; the name is empty")
    incident = Incident(
        code=code or next_code(session, rules, at), title=title, description=description,
        item=content.item, grid=content.grid, lon=lon, lat=lat, source=source,
        priority=priority, **texts, media_url=link, reported_at=at, updated_at=at,
        co_departments=[],
        extension_count=0, return_count=0, send_back_count=0,
    )
    session.add(incident)
    record(session, incident, "report", actor, at, to_state=State.REPORTED, data={
        "source": source.value, "priority": priority.value, "item": content.item.code,
        "grid": content.grid.code})
    return incident


def next_code(session: Session, rules: Rules, at: datetime) -> str:
    """The next incident code: the local date and its day's sequence number (2026112100042)."""
    return next_codes(session, rules, at, 1)[0]


def next_codes(session: Session, rules: Rules, at: datetime, count: int) -> list[str]:
    """The next `count` codes of the local day of `at`, taken with one statement."""
    day = at.astimezone(rules.calendar.zone).strftime("%Y%m%d")
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    statement = (
        insert(Counter).values(name=f"incident:{day}", value=count)
        .on_conflict_do_update(index_elements=[Counter.name],
                               set_={"value": Counter.value + count})
        .returning(Counter.value)
    )
    last = session.execute(statement).scalar_one()
    return [f"{day}{number:05d}" for number in range(last - count + 1, last + 1)]


@dataclass(frozen=True)
class Near:
    """A likely duplicate as a report's answer and the acceptance form name it; a caller that
    merges into it loads the incident by its id."""

    id: int
    code: str
    title: str
    state: State
    item_id: int
    reported_at: datetime
    lon: float
    lat: float


def duplicates_of(session: Session, rules: Rules, incident: Incident) -> list[tuple[Near, float]]:
    """The likely duplicates of a report already in the store, nearest first."""
    return duplicates_of_all(session, rules, [incident])[incident.id]


def duplicates_of_all(session: Session, rules: Rules, incidents: list[Incident]
                      ) -> dict[int, list[tuple[Near, float]]]:
    """The likely duplicates of each report already in the store, by its id: one statement.

    Read as plain rows, not incidents: a stream of reports from the same places finds
    hundreds of candidates a batch, and making each an incident of the session was a fifth
    of the batch's time.
    """
    session.flush()
    if not incidents:
        return {}
    window, bounds = rules.duplicate_window, {}
    for n, i in enumerate(incidents):
        d_lon, d_lat = _box(rules, i.lat)
        bounds.update({f"item_{n}": i.item_id, f"since_{n}": i.reported_at - window,
                       f"until_{n}": i.reported_at + window, f"south_{n}": i.lat - d_lat,
                       f"north_{n}": i.lat + d_lat, f"west_{n}": i.lon - d_lon,
                       f"east_{n}": i.lon + d_lon})
    by_item: dict[int, list[Near]] = {}
    for row in session.execute(_near_any(len(incidents)), bounds):
        near = Near(*row)
        by_item.setdefault(near.item_id, []).append(near)
    found = {}
    for i in incidents:
        d_lon, d_lat = _box(rules, i.lat)
        found[i.id] = _nearest(rules, i.lon, i.lat, [
            c for c in by_item.get(i.item_id, ())
            if c.id != i.id and abs(c.lat - i.lat) <= d_lat and abs(c.lon - i.lon) <= d_lon
            and i.reported_at - window <= c.reported_at <= i.reported_at + window])
    return found


@functools.cache
def _near_any(count: int) -> Select[tuple[int, str, str, State, int, datetime, float, float]]:
    """Open or parked incidents of a report's item within the radius's box around it and
    the window of its time, for any of `count` reports, their bounds bound by name when run.

    Made once for each count: a batch of 50 built its 250 comparisons again on every call,
    a fifth of the batch's time in Python.
    """
    return select(Incident.id, Incident.code, Incident.title, Incident.state, Incident.item_id,
                  Incident.reported_at, Incident.lon, Incident.lat).where(or_(*[and_(
        Incident.item_id == bindparam(f"item_{n}"),
        # Still a problem: being handled, or parked; a fixed one reported again is new.
        Incident.state.in_([*OPEN_STATES, State.PARKED]),
        Incident.reported_at.between(bindparam(f"since_{n}"), bindparam(f"until_{n}")),
        Incident.lat.between(bindparam(f"south_{n}"), bindparam(f"north_{n}")),
        Incident.lon.between(bindparam(f"west_{n}"), bindparam(f"east_{n}")),
    ) for n in range(count)]))


def _box(rules: Rules, lat: float) -> tuple[float, float]:
    """Half the sides, in degrees of longitude and latitude, of the box around the radius."""
    d_lat = math.degrees(rules.duplicate_radius_m / EARTH_RADIUS_M)
    return d_lat / max(math.cos(math.radians(lat)), 1e-6), d_lat


def _nearest(rules: Rules, lon: float, lat: float,
             found: Iterable[Near]) -> list[tuple[Near, float]]:
    near = [(other, distance_m(lon, lat, other.lon, other.lat)) for other in found]
    return sorted(((i, d) for i, d in near if d <= rules.duplicate_radius_m),
                  key=lambda pair: pair[1])


def merge(session: Session, incident: Incident, into: Incident, actor: Actor, *,
          at: datetime | None = None, note: str | None = None) -> None:
    """Merge a duplicate report into the open incident it repeats."""
    at = moment(at)
    check("merge", incident, actor, at)
    if into.id == incident.id:
        raise InvalidMove("into", "an incident cannot be merged into itself")
    if into.state in FINAL_STATES:
        raise InvalidMove("into", f"incident {into.code} is {into.state}; merge into an open one")
    incident.merged_into_id = into.id
    record(session, incident, "merge", actor, at, note=note, data={"into": into.code})


def distance_m(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Great-circle distance in metres between two WGS-84 points."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    d_phi, d_lambda = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(d_phi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(d_lambda / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(a))


def _point(content: Report) -> tuple[float, float]:
    if content.lon is None and content.lat is None:
        return content.grid.lon, content.grid.lat
    if content.lon is None or content.lat is None:
        raise InvalidMove("lon" if content.lon is None else "lat", "give both lon and lat, or none")
    if not (-180 <= content.lon <= 180 and -90 <= content.lat <= 90):
        raise InvalidMove("lon", f"({content.lon}, {content.lat}) is not a WGS-84 lon/lat point")
    if content.located:
        return content.lon, content.lat
    # A point on the border belongs to the grid; allow a metre for rounding.
    if shape(content.grid.boundary).distance(Point(content.lon, content.lat)) > 1e-5:
        raise InvalidMove("lon", f"({content.lon}, {content.lat}) is outside grid "
                          f"{content.grid.code}")
    return content.lon, content.lat


def _choice(field: str, kind: type[E], value: object) -> E:
    try:
        return kind(value)
    except ValueError:
        options = ", ".join(member.value for member in kind)
        raise InvalidMove(field, f"unknown {field} {value!r}; one of {options}") from None
