"""Bind the incident store and the district's rules to the Flask server."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from datetime import timedelta

from flask import Flask, current_app
from sqlalchemy import Engine, inspect
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from dashboard.config import Settings
from data import store
from data.incidents import calendar_days
from data.incidents.moves import Rules
from data.incidents.workdays import OfficeHours, WorkCalendar
from data.places import locate

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Wiring:
    """What every request and job shares: settings, the engine, sessions, rules, the grid index."""

    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    rules: Rules
    locator: locate.Locator = field(default_factory=locate.Locator)  # a point's grid
    # PostgreSQL only: a few connections of their own that number reports apart from the
    # reports' transactions (dashboard.api.reporting), never waiting behind them for the pool.
    numbering: Engine | None = None
    # PostgreSQL only: the live picture's and the jobs' own few connections (the trail's
    # poll, a build in this process, the alert scan, webhook claims). Reports streaming in
    # hold every connection of the shared pool for their transactions; polled through it,
    # a wall's picture waited 150-430 ms for a connection before each build.
    apart: Engine | None = None
    # Sessions for the live picture and the jobs: on `apart`'s connections, else the shared.
    job_sessions: sessionmaker[Session] = field(init=False, repr=False)
    entered_days: calendar_days.Refresher = field(init=False)
    # When the entered calendar days were last compared with the store (time.monotonic).
    checked: list[float] = field(default_factory=lambda: [0.0])

    def __post_init__(self) -> None:
        object.__setattr__(self, "entered_days", calendar_days.Refresher(self.rules.calendar))
        object.__setattr__(self, "job_sessions", self.sessions if self.apart is None
                           else store.make_sessionmaker(self.apart))

    def dispose(self) -> None:
        """Close every connection the wiring's engines hold (before a fork, or at the end)."""
        for engine in (self.engine, self.numbering, self.apart):
            if engine is not None:
                engine.dispose()

    @property
    def zone(self) -> str:
        """The district's time zone, in which deadlines count and times are shown: the one
        its workbook gives, else the settings'."""
        return self.rules.calendar.zone.key

    def refresh_calendar(self) -> bool:
        """Load the entered calendar days and the district's zone and office hours if the
        store's changed; return whether they did.

        A store that cannot be read leaves the days as they were: the next look, seconds
        later, tries again, and nothing that serves waits on it.
        """
        self.checked[0] = time.monotonic()
        try:
            if not inspect(self.engine).has_table("calendar_days"):
                return False  # a store not yet migrated: nothing entered
            with self.sessions() as session:
                return self.entered_days.refresh(session)
        except OperationalError as error:
            log.warning("the entered calendar days could not be read: %s",
                        str(error.orig or error).strip().splitlines()[0])
            return False


    def keep_calendar_in_step(self) -> bool:
        """Refresh the calendar if it was last compared with the store CALENDAR_CHECK_S ago
        or more; return whether it changed. Cheap enough to call on every request or tick."""
        if time.monotonic() - self.checked[0] < CALENDAR_CHECK_S:
            return False
        return self.refresh_calendar()


def rules_from(settings: Settings) -> Rules:
    """The district's rules as the settings describe them."""
    return Rules(
        WorkCalendar(settings.timezone, OfficeHours.parse(settings.office_hours)),
        duplicate_radius_m=settings.duplicate_radius_m,
        duplicate_window=timedelta(hours=settings.duplicate_window_h),
    )


def connect(settings: Settings) -> Wiring:
    """Open the engine and session factory for the configured store."""
    engine = store.make_engine(settings.database_url)
    numbering = apart = None
    if engine.dialect.name == "postgresql":
        numbering = store.make_engine(settings.database_url, pool_size=4, max_overflow=4,
                                      isolation_level="AUTOCOMMIT")
        apart = store.make_engine(settings.database_url, pool_size=2, max_overflow=4)
    wired = Wiring(settings, engine, store.make_sessionmaker(engine), rules_from(settings),
                   numbering=numbering, apart=apart)
    wired.refresh_calendar()
    return wired


# Entered days change a few times a year; a request looks at the store's stamp at most this
# often, so every process counts the new schedule within seconds and no deadline waits on it.
CALENDAR_CHECK_S = 10.0


def init_app(server: Flask, wiring: Wiring) -> None:
    """Make the wiring available to the server's requests, the calendar kept in step."""
    server.extensions["dashboard"] = wiring

    @server.before_request
    def keep_calendar_in_step() -> None:
        wiring.keep_calendar_in_step()


def current() -> Wiring:
    """The wiring of the server handling this request."""
    return current_app.extensions["dashboard"]
