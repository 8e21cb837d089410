"""The one shared snapshot of what the screens show, built once per change for every screen.

A snapshot is a dict of parts; each part is plain JSON (str, int, float, None, list, dict),
so it can be pushed as is and compared part by part to push only what changed:

- "meta": {"data_time": ISO UTC, "cursor": newest event id (0 when none),
  "district": name or None, "timezone": zone name, "today": local ISO date}
- "kpis": {"today_reported", "today_resolved", "open", "due_soon", "overdue",
  "response_overdue", "parked": int,
  "month_response", "month_closure", "month_on_time", "month_satisfaction":
  {"numerator": int, "denominator": int}}
- "map": {"open": {grid code: int}, "overdue": {grid code: int}} (only grids with any)
- "urgent": [{"code", "title", "lon", "lat", "reported_at", "grid"}] urgent incidents
  reported in the last two hours and still open, newest first
- "ticker": [{"code", "title", "kind" (overdue | response_overdue | due_soon), "minutes"
  (past the deadline, or left before it for due_soon), "deadline", "priority", "street",
  "department", "supervised": bool, "acknowledged_by": None, "escalated": bool}], most
  severe first (overdue by longest, then response overdue, then due soon by least left),
  at most 30
- "departments": [{"code", "name", "short_name", "open", "overdue",
  "response": {"numerator", "denominator"}, "on_time": {...}}] for departments with any
  incident this month or open now, most overdue first
- "streets": [{"code", "name", "open", "overdue", "today_reported",
  "closure": {"numerator", "denominator"}}] in code order
- "sources": {source value: count of today's reports} for every source
- "categories": [{"code", "name", "count"}] the ten items reported most today
- "trend": {"hours": [local ISO hour starts, 24 of them, oldest first],
  "reported": [int × 24], "resolved": [int × 24]}

The grid geometry is not in the snapshot: it changes only on import and is sent once.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from data import snapshot_parts as parts


def build(session: Session, now: datetime, zone: ZoneInfo,
          rates: dict[str, Any] | None = None) -> dict[str, Any]:
    """Build the snapshot of the store at `now`, counting days and hours in `zone`.

    `rates` are the month's rates from `month_rates`, when the caller keeps them between
    builds; without them they are computed here.
    """
    clock = parts.clock(now, zone)
    if rates is None or rates["month"] != clock.month[0].isoformat():
        rates = parts.period(session, clock)
    # The cursor is read first: a move committed while the rest is read is then seen again
    # by the next poll, rather than missed.
    meta = parts.meta(session, clock)
    grids = parts.grid_counts(session, clock)
    return {
        "meta": meta,
        "kpis": {**parts.now_kpis(session, clock, grids), **rates["district"]},
        "map": {kind: {row["code"]: row[kind] for row in grids if row[kind]}
                for kind in ("open", "overdue")},
        "urgent": parts.urgent(session, clock),
        "ticker": parts.ticker(session, clock),
        "departments": parts.departments(session, clock, rates["departments"]),
        "streets": parts.streets(session, grids, rates["streets"]),
        "sources": parts.sources(session, clock),
        "categories": parts.categories(session, clock),
        "trend": parts.trend(session, clock),
    }


def month_rates(session: Session, now: datetime, zone: ZoneInfo) -> dict[str, Any]:
    """The month's rates at `now`: the slow part of a snapshot, to keep between builds."""
    return parts.period(session, parts.clock(now, zone))


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


