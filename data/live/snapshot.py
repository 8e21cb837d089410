"""The one shared snapshot of what the screens show, built once per change for every screen.

A snapshot is a dict of parts; each part is plain JSON (str, int, float, None, list, dict),
so it can be pushed as is and compared part by part to push only what changed:

- "meta": {"data_time": ISO UTC, "cursor": newest event id (0 when none),
  "district": name or None, "timezone": zone name, "today": local ISO date}
- "kpis": {"today_reported", "today_resolved", "open", "due_soon", "overdue",
  "response_overdue", "parked", "alerts" (every standing alert, the ticker's true count): int,
  "month_response", "month_closure", "month_on_time", "month_satisfaction":
  {"numerator": int, "denominator": int},
  "yesterday": {"today_reported", "today_resolved": int}: the same counts yesterday, from
  its start to the same time of day; "open", "overdue", "due_soon": int: what stood open,
  overdue and due soon at the same time yesterday, read back from the trail
  (data.live.standing)}
- "map": {"open": {grid code: int}, "overdue": {grid code: int}} (only grids with any)
- "urgent": [{"code", "title", "lon", "lat", "reported_at", "grid", "supervised": bool}]
  urgent incidents reported in the last two hours and still open, newest first
- "ticker": the standing alerts as data.alerts.queue describes its rows (alert "id", the
  incident's "code" and "title", "kind", "level", "escalated", "acknowledged_by" and "_at",
  "minutes", "deadline", "supervised", ...), most severe first (overdue escalated, overdue,
  response overdue, due soon; then by how late), at most 100
- "duty": {"alerts": the same rows, at most 200, "complete": whether they are all the
  standing alerts}: the duty consoles' queue, sent only to them
- "desks": {department code: its liaisons' desk} (see data.live.desks): each sent only to
  that department's desks
- "departments": [{"code", "name", "short_name", "open", "overdue",
  "response": {"numerator", "denominator"}, "on_time": {...}}] for departments with any
  incident this month or open now, most overdue first
- "streets": [{"code", "name", "open", "overdue", "today_reported",
  "closure": {"numerator", "denominator"}}] in code order
- "sources": {source value: count of today's reports} for every source
- "categories": [{"code", "name", "count"}] the ten items reported most today
- "trend": {"hours": [local ISO hour starts, 24 of them, oldest first],
  "reported": [int × 24], "resolved": [int × 24]}
- "street_walls": {street code: {"street": {"code", "name"}, and the parts above from "kpis"
  to "trend" for the street's grids alone (data.live.walls), but "streets" ranks its
  communities, "departments" lists those leading anything open in it (counts in the street,
  rates their own), "kpis" holds the street's month rates; "urgent" and "ticker" are the
  district's rows of the street}}: each sent only to that street's walls

The grid geometry is not in the snapshot: it changes only on import and is sent once.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import text
from sqlalchemy.orm import Session

from data import figures
from data.figures import periods
from data.live import desks, hours, parts, tally, walls
from data.places import scopes


def begin(session: Session) -> None:
    """Open the session's transaction for a build (on PostgreSQL; SQLite needs nothing).

    Every part is read from the same moment, without parallel workers and without JIT
    compilation: each query reads a few megabytes of index at most, and starting workers
    costs more than it saves (far more on a busy machine). On a busy day the planner's
    estimates pass JIT's threshold, and compiling the statements took longer than running
    them: a build with 30,000 reported today took 310-380 ms with JIT, 200 ms without.
    """
    if session.get_bind().dialect.name != "postgresql":
        return
    session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
    session.execute(text("SET LOCAL max_parallel_workers_per_gather = 0"))
    session.execute(text("SET LOCAL jit = off"))


def build(session: Session, now: datetime, zone: ZoneInfo,
          rates: dict[str, Any] | None = None, kept: tally.Tally | None = None
          ) -> dict[str, Any]:
    """Build the snapshot of the store at `now`, counting days and hours in `zone`.

    `rates` are the month's rates from `month_rates`, when the caller keeps them between
    builds; without them they are computed here. `kept` is the caller's tally of the day's
    reports, kept between builds (data.live.tally); without it they are all read again.
    """
    clock = parts.clock(now, zone)
    if rates is None or rates["month"] != clock.month[0].isoformat():
        rates = month_rates(session, now, zone)
    # The cursor is read first: a move committed while the rest is read is then seen again
    # by the next poll, rather than missed.
    meta = parts.meta(session, clock)
    places = parts.places(session)
    counted = kept.counts(session, clock, places) if kept is not None else None
    reported = counted if counted is not None else parts.reported(session, clock, places)
    moves = [(key, parts.street_of(places, grid_id), count) for key, grid_id, count
             in hours.trend_counts(session, clock, reports=counted is None)]
    reads = walls.Reads(
        clock=clock, places=places, streets=parts.all_streets(session),
        grids=parts.grid_counts(session, clock, places, reported),
        resolved=hours.resolved_today(session, clock), urgent=parts.urgent(session, clock),
        alerts=parts.standing_alerts(session, clock), standing=parts.standing_counts(session),
        held=parts.department_counts(session, clock),
        departments=parts.all_departments(session),
        sources=reported.sources, categories=reported.categories,
        trend=reported.trend + moves, rates=rates)
    return {
        "meta": meta,
        **walls.district(reads),
        "duty": {"alerts": reads.alerts, "complete": len(reads.alerts) < parts.DUTY_LENGTH},
        "desks": desks.desks(session, clock),
        "street_walls": walls.streets(reads),
    }


def month_rates(session: Session, now: datetime, zone: ZoneInfo) -> dict[str, Any]:
    """The month's rates at `now`: the slow part of a snapshot, to keep between builds.

    They are the figures of this month (data.figures), for the district, and by id for each
    department and street with anything counted (a rate of nothing stays off the rankings).
    """
    month = periods.parse("month", now, zone)
    wall = {"month_response": "response_rate", "month_closure": "closure_rate",
            "month_on_time": "on_time_rate", "month_satisfaction": "satisfaction_rate"}
    district = figures.compute(session, scopes.DISTRICT, month, now, only=wall.values())
    by_unit = {unit: (figures.compute_by(session, unit, month, now, only=names),
                      {code: unit_id for unit_id, code in scopes.units(session, unit).items()})
               for unit, names in (("department", ("response_rate", "on_time_rate")),
                                   ("street", tuple(wall.values())),
                                   ("community", ("closure_rate",)))}

    def counted(unit: str, name: str) -> dict[int, dict[str, int]]:
        found, ids = by_unit[unit]
        return {ids[code]: values[name].as_dict() for code, values in found.items()
                if values[name].denominator}

    found, ids = by_unit["street"]
    return {"month": month.start.isoformat(),
            "district": {key: district[name].as_dict() for key, name in wall.items()},
            "departments": {"response": counted("department", "response_rate"),
                            "on_time": counted("department", "on_time_rate")},
            "streets": {"closure": counted("street", "closure_rate")},
            "communities": {"closure": counted("community", "closure_rate")},
            "street_kpis": {ids[code]: {key: values[name].as_dict()
                                        for key, name in wall.items()}
                            for code, values in found.items()},
            "nothing": {key: parts.NOTHING for key in wall}}


def parts_changed(old: dict[str, Any] | None, new: dict[str, Any]) -> list[str]:
    """Name the parts whose content differs; meta counts only beyond its data_time."""
    if old is None:
        return list(new)
    changed = [name for name in new if _content(new, name) != _content(old, name)]
    return changed + [name for name in old if name not in new]


def _content(snapshot: dict[str, Any], name: str) -> Any:
    part = snapshot.get(name)
    if name == "meta" and isinstance(part, dict):
        return {key: value for key, value in part.items() if key != "data_time"}
    return part


