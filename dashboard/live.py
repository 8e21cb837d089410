"""The live picture: one snapshot for every screen, rebuilt when the trail or the clock moves."""

from __future__ import annotations

import logging
import threading
import time
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from flask import Flask, current_app
from sqlalchemy import func, select

from dashboard import push
from dashboard.wiring import Wiring
from data import geometry, snapshot
from data.models import Event

logger = logging.getLogger(__name__)


class Live:
    """Holds the current snapshot and the map geometry, and pushes what changed."""

    def __init__(self, wired: Wiring) -> None:
        self.wired = wired
        self.zone = ZoneInfo(wired.settings.timezone)
        self.snapshot: dict[str, Any] | None = None
        self.geometry: dict[str, Any] | None = None
        self.grid_codes: list[str] = []
        self.cursor: int | None = None
        self.rates: dict[str, Any] | None = None  # the month's rates, refreshed on their own
        self.built_ms = 0.0
        self._lock = threading.Lock()  # one rebuild at a time, whoever asks

    def poll(self) -> list[str]:
        """Rebuild and push if the trail has new events since the last build."""
        with self.wired.sessions() as session:
            cursor = session.scalar(select(func.coalesce(func.max(Event.id), 0)))
        if cursor == self.cursor:
            return []
        return self.refresh()

    def refresh(self) -> list[str]:
        """Rebuild the snapshot now (time alone may have changed it) and push what changed."""
        with self._lock:
            started = time.perf_counter()
            with self.wired.sessions() as session:
                if self.wired.engine.dialect.name == "postgresql":
                    # One consistent picture: every part read from the same moment.
                    session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
                if self.geometry is None:
                    self._set_geometry(geometry.map_geometry(session))
                now = datetime.now(UTC)
                if self.rates is None:
                    self.rates = snapshot.month_rates(session, now, self.zone)
                new = snapshot.build(session, now, self.zone, self.rates)
            self.built_ms = (time.perf_counter() - started) * 1000
            changed = snapshot.parts_changed(self.snapshot, new)
            self.snapshot, self.cursor = new, new["meta"]["cursor"]
        parts = ["meta", *[name for name in changed if name != "meta"]]
        push.publish({name: new[name] for name in parts})
        logger.debug("snapshot built in %.1f ms; pushed %s", self.built_ms, parts)
        return changed

    def refresh_rates(self) -> list[str]:
        """Count the month's rates again, then rebuild so screens see them."""
        with self.wired.sessions() as session:
            self.rates = snapshot.month_rates(session, datetime.now(UTC), self.zone)
        return self.refresh()

    def opening(self) -> dict[str, Any]:
        """Everything a screen needs when it connects or reconnects: geometry first."""
        if self.snapshot is None:
            self.refresh()
        parts = {"geometry": self.opening_geometry()}
        parts.update((name, value) for name, value in self.snapshot.items()
                     if name not in {"map", "urgent"})
        return parts

    def opening_geometry(self) -> dict[str, Any]:
        # The map's values and markers ride with its geometry, so the first picture is whole.
        current = self.snapshot or {}
        return {**(self.geometry or {}), "values": current.get("map", {"open": {}}),
                "urgent": current.get("urgent", [])}

    def _set_geometry(self, value: dict[str, Any]) -> None:
        self.geometry = value
        self.grid_codes = [f["properties"]["code"] for f in value["grids"]["features"]]


def init_app(server: Flask, wired: Wiring) -> Live:
    """Give the server its live picture."""
    live = Live(wired)
    server.extensions["live"] = live
    return live


def current() -> Live:
    """The live picture of the server handling this request."""
    return current_app.extensions["live"]
