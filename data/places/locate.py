"""Which grid a point lies in: an index of the grid polygons, built once and kept current.

A report from another system gives a WGS-84 point; finding its grid by testing every polygon
would cost thousands of tests a request. The index (a shapely STRtree) is built once per
process and rebuilt only when the grid layer changes: every import moves the layer's
counter on, and the count and the newest id catch grids written any other way.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

import shapely
from shapely.geometry import Point, shape
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from data.models import Counter, Grid

LAYER_COUNTER = "grid_layer"  # moved on by data.places.boundaries.import_grids
# How long an index is trusted before the store is asked whether the layer changed: a new
# layer is seen within this, and a busy process asks once for hundreds of reports.
RECHECK_S = 1.0


@dataclass(frozen=True)
class _Index:
    stamp: tuple[int, int, int]
    tree: shapely.STRtree
    ids: list[int]
    codes: list[str]


class Locator:
    """Find a point's grid; share one per process (it is thread-safe)."""

    def __init__(self) -> None:
        self._index: _Index | None = None
        self._checked = 0.0
        self._lock = threading.Lock()

    def grid_id(self, session: Session, lon: float, lat: float) -> int | None:
        """The id of the active grid that holds (lon, lat), or None when it is outside them.

        A point on a border between two grids goes to the one with the lower code.
        """
        index = self._current(session)
        hits = index.tree.query(Point(lon, lat), predicate="intersects")
        if len(hits) == 0:
            return None
        return index.ids[min(hits, key=lambda hit: index.codes[hit])]

    def _current(self, session: Session) -> _Index:
        index = self._index
        if index is not None and time.monotonic() - self._checked < RECHECK_S:
            return index
        stamp = layer_stamp(session)
        self._checked = time.monotonic()
        if index is not None and index.stamp == stamp:
            return index
        with self._lock:
            if self._index is None or self._index.stamp != stamp:
                rows = session.execute(select(Grid.id, Grid.code, Grid.boundary)
                                       .where(Grid.active).order_by(Grid.id)).all()
                self._index = _Index(stamp, shapely.STRtree([shape(r.boundary) for r in rows]),
                                     [r.id for r in rows], [r.code for r in rows])
            return self._index


def layer_stamp(session: Session) -> tuple[int, int, int]:
    """What changes whenever the grid layer does: its import counter, its count, its newest id."""
    count, newest = session.execute(
        select(func.count(Grid.id), func.coalesce(func.max(Grid.id), 0))).one()
    moved = session.scalar(select(Counter.value).where(Counter.name == LAYER_COUNTER)) or 0
    return int(moved), int(count), int(newest)


def layer_changed(session: Session) -> None:
    """Move the grid layer's counter on, so every process rebuilds its index."""
    row = session.get(Counter, LAYER_COUNTER)
    if row is None:
        session.add(Counter(name=LAYER_COUNTER, value=1))
    else:
        row.value += 1
