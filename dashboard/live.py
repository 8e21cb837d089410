"""The live picture: one snapshot for every screen, rebuilt when the trail or the clock moves."""

from __future__ import annotations

import logging
import threading
import time
from typing import Any
from zoneinfo import ZoneInfo

from flask import Flask, current_app
from sqlalchemy import func, select

from dashboard import builder, metrics, push, webhooks
from dashboard.shelf import Shelf
from dashboard.wiring import Wiring
from data import clock
from data.live import snapshot
from data.models import Event
from data.places import geometry
from layouts import ids

logger = logging.getLogger(__name__)


class Live:
    """Holds the current snapshot and the map geometry, and pushes each new snapshot.

    Only the leading process (the one running the scheduled job) builds and pushes; with a
    shelf, it keeps its latest picture there for the others to hand to connecting screens.
    """

    @property
    def zone(self) -> ZoneInfo:
        """The district's time zone, as the calendar counts in it now."""
        return self.wired.rules.calendar.zone

    def __init__(self, wired: Wiring, shelf: Shelf | None = None,
                 apart: builder.Builder | None = None) -> None:
        self.wired = wired
        self.shelf = shelf
        self.apart = apart  # builds in a process of its own, or None: in this one
        self.snapshot: dict[str, Any] | None = None
        self.geometry: dict[str, Any] | None = None
        self.cursor: int | None = None
        self.rates: dict[str, Any] | None = None  # the month's rates, refreshed on their own
        self.leading = False
        self.built_ms = 0.0
        self._geometry_kept = False
        self._lock = threading.Lock()  # one build at a time, and pushes in the order built
        self.webhooks = webhooks.Sender(wired)  # sends only while this process runs the jobs

    def poll(self) -> list[str]:
        """Rebuild and push if the trail has new events since the last build."""
        with self._lock:
            with self.wired.job_sessions() as session:
                cursor = session.scalar(select(func.coalesce(func.max(Event.id), 0)))
            if cursor == self.cursor:
                return []
            return self._refresh()

    def refresh(self) -> list[str]:
        """Rebuild and push the snapshot now (time alone may change it); name what changed."""
        with self._lock:
            return self._refresh()

    def refresh_rates(self) -> list[str]:
        """Count the month's rates again, then rebuild so screens see them."""
        with self.wired.job_sessions() as session:
            self.rates = snapshot.month_rates(session, clock.now(), self.zone)
        return self.refresh()

    def lead(self) -> None:
        """Start building, keeping and pushing the snapshot."""
        with self._lock:
            self.leading, self._geometry_kept = True, False
            self._refresh()

    def follow(self) -> None:
        """Stop building: another process leads, or none does for now."""
        with self._lock:
            self.leading = False

    def opening(self) -> dict[str, Any]:
        """Everything a screen needs when it connects or reconnects, in one payload."""
        kept = self.shelf.picture() if self.shelf and not self.leading else None
        if kept is None:
            with self._lock:
                if not self.leading:
                    # No leader's picture to hand over: build one for this screen alone.
                    self.snapshot = self._build()
                elif self.snapshot is None:
                    self._refresh()
                kept = self.snapshot, self.geometry
        current, shapes = kept
        # The map's values and markers ride with its geometry, so the first picture is whole.
        parts: dict[str, Any] = {ids.GEOMETRY: {**(shapes or {}), "values": current["map"],
                                                 "urgent": current["urgent"]}}
        parts.update((name, value) for name, value in current.items()
                     if name not in {"map", "urgent"})
        return parts

    def _refresh(self) -> list[str]:
        new = self._build()
        changed = snapshot.parts_changed(self.snapshot, new)
        self.snapshot, self.cursor = new, new["meta"]["cursor"]
        if self.shelf is not None:
            self.shelf.keep(new, None if self._geometry_kept else self.geometry)
            self._geometry_kept = True
        # Every push carries the whole snapshot, so a screen that missed one, or whose page
        # took two at once, loses nothing; the page redraws only the parts that differ.
        push.publish(new)
        logger.debug("snapshot built in %.1f ms; changed %s", self.built_ms, changed)
        return changed

    def _build(self) -> dict[str, Any]:
        started = time.perf_counter()
        now = clock.now()
        if self.geometry is None or self.rates is None:
            with self.wired.job_sessions() as session:
                if self.geometry is None:
                    self.geometry = geometry.map_geometry(session)
                if self.rates is None:
                    self.rates = snapshot.month_rates(session, now, self.zone)
        if self.apart is not None:
            new = self.apart.build(now, self.zone, self.rates)
        else:
            with self.wired.job_sessions() as session:
                snapshot.begin(session)
                new = snapshot.build(session, now, self.zone, self.rates)
        elapsed = time.perf_counter() - started
        self.built_ms = elapsed * 1000
        metrics.BUILDS.inc()
        metrics.BUILD_SECONDS.observe(elapsed)
        return new


def init_app(server: Flask, wired: Wiring) -> Live:
    """Give the server its live picture, kept in Redis too when Redis is configured."""
    settings = wired.settings
    shelf = Shelf(settings.redis_url, settings.redis_channel) if settings.redis_url else None
    live = Live(wired, shelf, builder.for_engine(wired.engine))
    server.extensions["live"] = live
    return live


def current() -> Live:
    """The live picture of the server handling this request."""
    return current_app.extensions["live"]
