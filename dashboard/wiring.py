"""Bind the incident store and the district's rules to the Flask server."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from flask import Flask, current_app
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from dashboard.config import Settings
from data import store
from data.incidents.moves import Rules
from data.incidents.workdays import OfficeHours, WorkCalendar
from data.places import locate


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
    numbering = (store.make_engine(settings.database_url, pool_size=4, max_overflow=4,
                                   isolation_level="AUTOCOMMIT")
                 if engine.dialect.name == "postgresql" else None)
    return Wiring(settings, engine, store.make_sessionmaker(engine), rules_from(settings),
                  numbering=numbering)


def init_app(server: Flask, wiring: Wiring) -> None:
    """Make the wiring available to the server's requests."""
    server.extensions["dashboard"] = wiring


def current() -> Wiring:
    """The wiring of the server handling this request."""
    return current_app.extensions["dashboard"]
