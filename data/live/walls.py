"""Each wall's parts cut from the same by-grid reads: the district's, and every street's.

The snapshot reads the store once per build, counting by grid; the district's wall adds up
every grid, a street's wall the grids of its communities (PRODUCT §7, Street walls). So a
street's part is the district's part filtered to the street, and the database's work does not
grow with the number of streets or of screens.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from data.domain import Source
from data.live import hours, parts
from data.models import Department

Street = tuple[int, str, str]  # id, code, name
Row = TypeVar("Row")


@dataclass(frozen=True)
class Reads:
    """What one build read from the store, by grid where it can be."""

    clock: parts.Clock
    places: dict[int, parts.Place]  # every grid by id
    streets: list[Street]
    grids: list[dict[str, Any]]  # grid_counts
    resolved: dict[int, tuple[int, int]]  # by grid: today, yesterday until the same time
    urgent: list[dict[str, Any]]
    alerts: list[dict[str, Any]]  # the most severe standing alerts (the duty queue)
    standing: dict[int, int]  # standing alerts by grid
    held: list[tuple[int, int, dict[str, int]]]  # department, grid, counts of now
    departments: list[Department]
    # Today's by street (None: a grid in no street), from parts.ReportCounts; the trend's
    # resolutions too.
    sources: list[tuple[str, int | None, int]]
    categories: list[tuple[tuple[str, str], int | None, int]]
    trend: list[tuple[tuple[int, str], int | None, int]]
    rates: dict[str, Any]  # snapshot.month_rates


def district(reads: Reads) -> dict[str, Any]:
    """The district wall's parts, but its meta."""
    rates = reads.rates
    return {
        "kpis": {**now_kpis(reads.grids, list(reads.resolved.values())),
                 "alerts": sum(reads.standing.values()), **rates["district"]},
        "map": _map(reads.grids),
        "urgent": reads.urgent,
        "ticker": reads.alerts[:parts.TICKER_LENGTH],
        "departments": departments(reads.departments, reads.held, rates["departments"]),
        "streets": ranking(reads.streets, reads.grids, rates["streets"]["closure"], "street_id"),
        "sources": sources(reads.sources),
        "categories": categories(reads.categories),
        "trend": trend(reads.clock, reads.trend),
    }


def streets(reads: Reads) -> dict[str, dict[str, Any]]:
    """Every street wall's parts, by street code: the district's parts for its grids alone,
    its communities in place of the streets, and {"street": {"code", "name"}}.

    Every by-grid read is split by street in one pass, not filtered again for each street:
    on a busy day the reports alone are thousands of rows.
    """
    grids: defaultdict[int, dict[int, parts.Place]] = defaultdict(dict)
    for grid_id, place in reads.places.items():
        grids[place.street_id][grid_id] = place
    places = reads.places
    split = _Split(
        grids=_by(reads.grids, lambda row: row["street_id"]),
        resolved=_by(reads.resolved.items(), lambda pair: parts.street_of(places, pair[0])),
        standing=_by(reads.standing.items(), lambda pair: parts.street_of(places, pair[0])),
        held=_by(reads.held, lambda row: parts.street_of(places, row[1])),
        sources=_by(reads.sources, lambda row: row[1]),
        categories=_by(reads.categories, lambda row: row[1]),
        trend=_by(reads.trend, lambda row: row[1]))
    return {code: street((street_id, code, name), reads, grids[street_id], split)
            for street_id, code, name in reads.streets}


@dataclass(frozen=True)
class _Split:
    """The by-grid reads of one build, split by street id."""

    grids: dict[int, list[dict[str, Any]]]
    resolved: dict[int, list[tuple[int, tuple[int, int]]]]
    standing: dict[int, list[tuple[int, int]]]
    held: dict[int, list[tuple[int, int, dict[str, int]]]]
    sources: dict[int, list[tuple[str, int | None, int]]]
    categories: dict[int, list[tuple[tuple[str, str], int | None, int]]]
    trend: dict[int, list[tuple[tuple[int, str], int | None, int]]]


def _by(rows: Iterable[Row], street: Callable[[Row], int | None]) -> dict[int, list[Row]]:
    """The rows in lists by the street `street` finds for each, in their order."""
    found: defaultdict[int | None, list[Row]] = defaultdict(list)
    for row in rows:
        found[street(row)].append(row)
    return found  # type: ignore[return-value]  # rows of no street's grid stay under None


def street(of: Street, reads: Reads, mine: dict[int, parts.Place], split: _Split
           ) -> dict[str, Any]:
    """The wall of street `of`, whose grids are `mine` (by id, in code order), its reads
    `split` out of the district's."""
    street_id, code, name = of
    codes = {place.code for place in mine.values()}
    grids = split.grids.get(street_id, [])
    communities = {place.community_id: (place.community_id, place.community,
                                        place.community_name)
                   for place in mine.values()}
    rates = reads.rates
    return {
        "street": {"code": code, "name": name},
        "kpis": {**now_kpis(grids, [n for _, n in split.resolved.get(street_id, [])]),
                 "alerts": sum(n for _, n in split.standing.get(street_id, [])),
                 **rates["street_kpis"].get(street_id, rates["nothing"])},
        "map": _map(grids),
        "urgent": [row for row in reads.urgent if row["grid"] in codes],
        "ticker": [row for row in reads.alerts
                   if row["street_code"] == code][:parts.TICKER_LENGTH],
        # The departments leading anything open in the street, with their own month's rates.
        "departments": departments(reads.departments, split.held.get(street_id, []),
                                   rates["departments"], rated=False),
        "streets": ranking(sorted(communities.values(), key=lambda unit: unit[1]), grids,
                           rates["communities"]["closure"], "community_id"),
        "sources": sources(split.sources.get(street_id, [])),
        "categories": categories(split.categories.get(street_id, [])),
        "trend": trend(reads.clock, split.trend.get(street_id, [])),
    }


def _map(grids: list[dict[str, Any]]) -> dict[str, dict[str, int]]:
    return {kind: {row["code"]: row[kind] for row in grids if row[kind]}
            for kind in ("open", "overdue")}


def now_kpis(grids: list[dict[str, Any]], resolved: list[tuple[int, int]]) -> dict[str, Any]:
    """Today's and this moment's counts of the grids given, and today's counts of yesterday
    at the same time; `resolved` holds the grids' (today, yesterday) resolutions."""
    total = _tally(grids, parts.COUNTED)[None]
    return {"today_reported": total["today_reported"],
            "today_resolved": sum(today for today, _ in resolved),
            **{name: total[name] for name in parts.NOW_COUNTS},
            "yesterday": {"today_reported": total["yesterday_reported"],
                          "today_resolved": sum(before for _, before in resolved),
                          "open": total["open_yesterday"],
                          "overdue": total["overdue_yesterday"],
                          "due_soon": total["due_soon_yesterday"]}}


def departments(listed: list[Department], held: list[tuple[int, int, dict[str, int]]],
                rates: dict[str, Any], rated: bool = True) -> list[dict[str, Any]]:
    """The departments leading anything open now in `held`, or (when `rated`) counted this
    month, most overdue first; the rates are each department's own."""
    totals: defaultdict[int, Counter[str]] = defaultdict(Counter)
    for department_id, _grid_id, counts in held:
        total = totals[department_id]
        for name, count in counts.items():
            total[name] += count
    response, on_time = rates["response"], rates["on_time"]
    shown = [(department, totals.get(department.id, parts.NOTHING_HELD)) for department in listed
             if totals.get(department.id, parts.NOTHING_HELD)["open"]
             or (rated and (department.id in response or department.id in on_time))]
    shown.sort(key=lambda pair: (-pair[1]["overdue"], -pair[1]["open"], pair[0].code))
    return [{"code": department.code, "name": department.name,
             "short_name": department.short_name,
             "open": counts["open"], "overdue": counts["overdue"],
             "response": response.get(department.id, parts.NOTHING),
             "on_time": on_time.get(department.id, parts.NOTHING)}
            for department, counts in shown]


def ranking(units: list[tuple[int, str, str]], grids: list[dict[str, Any]],
            closure: dict[int, dict[str, int]], by: str) -> list[dict[str, Any]]:
    """The rows of a street or community ranking: each unit's counts and month's closure."""
    counts = _tally(grids, ("open", "overdue", "today_reported"), by=by)
    return [{"code": code, "name": name, **{
                count: counts[unit_id][count] for count in ("open", "overdue", "today_reported")},
             "closure": closure.get(unit_id, parts.NOTHING)}
            for unit_id, code, name in units]


def sources(rows: list[tuple[str, int | None, int]]) -> dict[str, int]:
    counts: Counter[str] = Counter()
    for source, _street, count in rows:
        counts[source] += count
    return {source.value: counts.get(source.value, 0) for source in Source}


def categories(rows: list[tuple[tuple[str, str], int | None, int]]) -> list[dict[str, Any]]:
    """The items reported most, at most parts.TOP_CATEGORIES of them."""
    counts: Counter[tuple[str, str]] = Counter()
    for item, _street, count in rows:
        counts[item] += count
    ranked = sorted(counts.items(), key=lambda pair: (-pair[1], pair[0][0]))
    return [{"code": code, "name": name, "count": count}
            for (code, name), count in ranked[:parts.TOP_CATEGORIES]]


def trend(clock: parts.Clock, rows: list[tuple[tuple[int, str], int | None, int]]
          ) -> dict[str, list]:
    """Count reports and resolutions in each of the last 24 local hours, the current one last."""
    reported, resolved = [0] * hours.TREND_HOURS, [0] * hours.TREND_HOURS
    for (n, kind), _street, count in rows:
        (reported if kind == "report" else resolved)[n] += count
    return {"hours": [start.astimezone(clock.zone).isoformat() for start in clock.hours[:-1]],
            "reported": reported, "resolved": resolved}


def _tally(rows: list[dict[str, Any]], names: tuple[str, ...], by: str | None = None
           ) -> defaultdict[Any, Counter[str]]:
    """Add up the named counts of per-grid rows, per value of `by` or all together (None)."""
    # Added name by name: Counter.update would build a dict per row, and a build tallies
    # every grid's row for the district, its street and its community.
    totals: defaultdict[Any, Counter[str]] = defaultdict(Counter)
    for row in rows:
        total = totals[row[by] if by else None]
        for name in names:
            total[name] += row[name]
    return totals


