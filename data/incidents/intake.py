"""Reports from other systems taken in as a set: a few statements for the whole set.

One report or fifty take the same path: their earlier incidents read with one query (a
report is idempotent by its system and `source_ref`), their items and named grids with one
each, their points located in one pass over the grid index, the day's codes taken once,
their rows written in one flush, their likely duplicates read with one statement. Each
report is still answered on its own: made, repeated, or refused by name before anything of
it is written. The caller owns the transaction; nothing here commits.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, defer

from data.domain import Source
from data.incidents import reports
from data.incidents.moves import Rules
from data.incidents.trail import Actor, InvalidMove, MoveError
from data.models import Grid, Incident, Item
from data.places import locate

CLOCK_SLACK = timedelta(minutes=5)  # a source's clock may run a little ahead of ours


@dataclass(frozen=True)
class Filing:
    """One report as a source system files it: its reference, its body's hash, its words."""

    source_ref: str
    request_hash: str  # a repeat must carry the same; the same ref with another is a conflict
    item: str  # the whistle-list item's code
    title: str
    at: datetime  # when it was seen
    description: str = ""
    priority: str = "normal"
    grid: str | None = None  # a grid's code, or a point below
    lon: float | None = None
    lat: float | None = None
    reporter: str | None = None
    reporter_contact: str | None = None
    address: str | None = None
    media_url: str | None = None  # a photo or video of it


class RefConflict(MoveError):
    """The system's reference is already used by a report with another body."""

    field = "source_ref"

    def __init__(self, message: str, code: str | None = None) -> None:
        super().__init__(message)
        self.code = code  # the incident the reference names, if it was written before


@dataclass(frozen=True)
class Taken:
    """One report's incident, made now or before, and its likely duplicates, nearest first."""

    incident: Incident
    made: bool
    duplicates: list[tuple[reports.Near, float]] = field(default_factory=list)


Outcome = Taken | MoveError


@dataclass(frozen=True)
class Sender:
    """The system filing: its name (recorded as the actor and source) and its kind."""

    name: str
    source: Source


def take(session: Session, rules: Rules, locator: locate.Locator, sender: Sender,
         filings: list[Filing], now: datetime, *,
         numbering: Engine | None = None) -> list[Outcome]:
    """Take every filing in at `now`; answer each on its own, in the order given.

    `numbering` is an engine that takes the day's codes apart from this transaction (so its
    counter's row is locked only for a moment); without one, this transaction takes them.
    """
    outcomes: list[Outcome | None] = [None] * len(filings)
    earlier = {row.source_ref: row for row in session.scalars(select(Incident).where(
        Incident.source_system == sender.name,
        Incident.source_ref.in_({f.source_ref for f in filings})))}
    items = {row.code: row for row in session.scalars(select(Item).where(
        Item.code.in_({f.item for f in filings}), Item.active.is_(True)))}
    grids = _grids(session, locator, filings)
    first: dict[str, int] = {}  # a reference made in this set: where it was filed
    later: dict[int, int] = {}  # a repeat within the set: of which filing
    planned: list[int] = []
    for n, filing in enumerate(filings):
        try:
            if filing.source_ref in earlier:
                outcomes[n] = Taken(_repeated(earlier[filing.source_ref], filing), made=False)
            elif filing.source_ref in first:
                if filings[first[filing.source_ref]].request_hash != filing.request_hash:
                    raise RefConflict(f"source_ref {filing.source_ref!r} is in this batch "
                                      "with another body")
                later[n] = first[filing.source_ref]
            else:
                if filing.item not in items:
                    raise InvalidMove("item", f"no active whistle-list item {filing.item}")
                if filing.at > now + CLOCK_SLACK:
                    raise InvalidMove("reported_at", "reported_at is in the future")
                if isinstance(grids[n], InvalidMove):
                    raise grids[n]
                planned.append(n)
                first[filing.source_ref] = n
        except MoveError as refusal:
            outcomes[n] = refusal
    codes = _codes(session, rules, [filings[n].at for n in planned], numbering)
    actor = Actor.system(sender.name)
    for n, code in zip(planned, codes, strict=True):
        filing = filings[n]
        content = reports.Report(
            title=filing.title, item=items[filing.item], grid=grids[n], source=sender.source,
            priority=filing.priority, description=filing.description, lon=filing.lon,
            lat=filing.lat, reporter=filing.reporter, reporter_contact=filing.reporter_contact,
            source_system=sender.name, source_ref=filing.source_ref, address=filing.address,
            request_hash=filing.request_hash, media_url=filing.media_url,
            located=filing.grid is None)
        try:
            outcomes[n] = Taken(reports.report(session, rules, content, actor, at=filing.at,
                                               code=code), made=True)
        except InvalidMove as refusal:  # refused before it wrote anything
            outcomes[n] = refusal
    for n, of in later.items():
        outcomes[n] = (Taken(outcomes[of].incident, made=False)
                       if isinstance(outcomes[of], Taken) else outcomes[of])
    return _with_duplicates(session, rules, outcomes)


def _repeated(earlier: Incident, filing: Filing) -> Incident:
    if earlier.request_hash != filing.request_hash:
        raise RefConflict(f"source_ref {filing.source_ref!r} was reported as {earlier.code} "
                          "with another body", earlier.code)
    return earlier


def _grids(session: Session, locator: locate.Locator,
           filings: list[Filing]) -> list[Grid | InvalidMove]:
    """Each filing's grid, by its code or by the polygon holding its point; or why none."""
    named = {f.grid for f in filings if f.grid is not None}
    # Most sources give a point: a set naming no grid asks the store nothing for codes.
    by_code = {row.code: row.id for row in session.execute(select(Grid.id, Grid.code).where(
        Grid.code.in_(named), Grid.active))} if named else {}
    found: list[int | InvalidMove] = []
    for f in filings:
        if f.grid is not None:
            found.append(by_code.get(f.grid, InvalidMove("grid", f"no grid {f.grid}")))
        elif f.lon is None or f.lat is None:
            found.append(InvalidMove("location", "give location {lon, lat} or a grid code"))
        else:
            grid_id = locator.grid_id(session, f.lon, f.lat)
            found.append(InvalidMove("location", f"({f.lon}, {f.lat}) is outside the "
                                     "district's grids") if grid_id is None else grid_id)
    # Without their polygons: a grid found by its polygon holds its point already, and only
    # a point given with a grid's code reads that grid's polygon to check it.
    rows = {row.id: row for row in session.scalars(select(Grid).options(defer(Grid.boundary))
                                                   .where(Grid.id.in_(
                                                       {g for g in found if isinstance(g, int)})))}
    return [rows[g] if isinstance(g, int) else g for g in found]


def _codes(session: Session, rules: Rules, moments: list[datetime],
           numbering: Engine | None) -> list[str]:
    """A code for each moment, taken once per local day for all of that day's reports."""
    by_day: dict[str, list[int]] = defaultdict(list)
    for n, at in enumerate(moments):
        by_day[at.astimezone(rules.calendar.zone).strftime("%Y%m%d")].append(n)
    codes = [""] * len(moments)
    for places in by_day.values():
        at = moments[places[0]]
        if numbering is None:
            taken = reports.next_codes(session, rules, at, len(places))
        else:
            with Session(numbering) as apart:  # autocommit: the counter is held a moment
                taken = reports.next_codes(apart, rules, at, len(places))
        for n, code in zip(places, taken, strict=True):
            codes[n] = code
    return codes


def _with_duplicates(session: Session, rules: Rules,
                     outcomes: list[Outcome | None]) -> list[Outcome]:
    incidents = [o.incident for o in outcomes if isinstance(o, Taken)]
    found = reports.duplicates_of_all(session, rules, incidents) if incidents else {}
    return [Taken(o.incident, o.made, found[o.incident.id]) if isinstance(o, Taken) else o
            for o in outcomes]
