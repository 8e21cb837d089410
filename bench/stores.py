"""Benchmark stores, kept between runs: SQLite files in bench/out/, PostgreSQL schemas.

A store named for its size (`bench_<incidents>`) is reused when it holds that many incidents;
otherwise it is generated under a temporary name and renamed when complete, so a stopped
load never passes for a finished one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine, func, make_url, select, text

from bench import history
from data import alerts, clock, schema, store
from data.models import Alert, Event, Incident

OUT = Path(__file__).parent / "out"
POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


@dataclass(frozen=True)
class Store:
    """A kept benchmark store: its database kind, size, URL and the moment its history ends."""

    kind: str
    incidents: int
    url: str
    now: datetime

    def engine(self, **options: object) -> Engine:
        return store.make_engine(self.url, **options)


def ensure(database: str, incidents: int, *, seed: int = 1, days: int = 365,
           progress: bool = True) -> Store:
    """The kept store of `incidents` incidents on `database` ("sqlite" or a URL), made if need be.

    A SQLite URL names its file; "sqlite" means bench/out/bench_<incidents>.db; a PostgreSQL
    URL names the database, in which the store is the schema bench_<incidents>.
    """
    name = f"bench_{incidents}"
    if database == "sqlite":
        database = f"sqlite:///{OUT / name}.db"
    url = make_url(database)
    if url.get_backend_name() == "sqlite":
        path = Path(url.database or "")
        if _holds(str(url), incidents) is None:
            _generate_sqlite(path, incidents, seed, days, progress)
        final = str(url)
    else:
        final = in_schema(database, name)
        if _holds(final, incidents) is None:
            _generate_postgres(database, name, incidents, seed, days, progress)
    engine = store.make_engine(final)
    try:
        schema.upgrade(engine)  # a store kept from before a new migration catches up
        now = _holds(final, incidents, engine)
        assert now is not None
        _raise_alerts(engine, now)
    finally:
        engine.dispose()
    return Store(url.get_backend_name(), incidents, final, now)


def _raise_alerts(engine: Engine, now: datetime) -> None:
    """Raise the alerts a live store would hold at `now`: the history is written without them,
    and the wall's ticker reads them."""
    with store.make_sessionmaker(engine)() as session:
        if session.scalar(select(Alert.id).limit(1)) is None:
            alerts.scan(session, now, alerts.Policy())
            session.commit()


def _holds(url: str, incidents: int, engine: Engine | None = None) -> datetime | None:
    """When the store's history ends, if it is complete with `incidents` incidents."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and not Path(parsed.database or "").exists():
        return None
    own = engine is None
    engine = engine or store.make_engine(url)
    try:
        with engine.connect() as connection:
            if schema.current_revision(engine) is None:
                return None
            if connection.scalar(select(func.count(Incident.id))) != incidents:
                return None
            # Event ids follow time, so the last event is the latest move.
            return connection.scalar(select(Event.at).order_by(Event.id.desc()).limit(1))
    finally:
        if own:
            engine.dispose()


def _generate_sqlite(path: Path, incidents: int, seed: int, days: int, progress: bool) -> None:
    part = path.with_name(path.name + ".part")
    for stale in (path, part, *(Path(f"{p}{s}") for p in (path, part) for s in ("-wal", "-shm"))):
        stale.unlink(missing_ok=True)
    engine = store.make_engine(f"sqlite:///{part}")
    try:
        history.generate(engine, incidents, seed=seed, days=days, now=_now(), progress=progress)
    finally:
        engine.dispose()
    part.rename(path)


def _generate_postgres(database: str, name: str, incidents: int, seed: int, days: int,
                       progress: bool) -> None:
    part = f"{name}_part"
    admin = store.make_engine(database)
    try:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA IF EXISTS "{part}" CASCADE'))
            connection.execute(text(f'CREATE SCHEMA "{part}"'))
        engine = store.make_engine(in_schema(database, part))
        try:
            history.generate(engine, incidents, seed=seed, days=days, now=_now(),
                             progress=progress)
        finally:
            engine.dispose()
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA IF EXISTS "{name}" CASCADE'))
            connection.execute(text(f'ALTER SCHEMA "{part}" RENAME TO "{name}"'))
    finally:
        admin.dispose()


def in_schema(database: str, name: str) -> str:
    """The URL of the store in schema `name`: another process given it opens the same store."""
    joiner = "&" if "?" in database else "?"
    return f"{database}{joiner}options=-csearch_path%3D{name}"


def _now() -> datetime:
    return clock.now().replace(second=0, microsecond=0)
