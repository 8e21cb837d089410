"""The shared snapshot: how long one build takes, and what a tick costs the database.

PRODUCT §10: building the snapshot costs the same with 10 screens or 500, and takes under
100 ms with 5 million incidents on PostgreSQL (1 million on SQLite).
"""

from __future__ import annotations

import statistics
import time
from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any
from zoneinfo import ZoneInfo

from flask import Flask
from sqlalchemy import Engine, event

from bench import serving
from bench.stores import Store
from dashboard import live, push, wiring
from dashboard.config import Settings
from data import store
from data.live import parts, snapshot
from layouts import ids

RUNS, WARM_UPS = 20, 2
BAR_MS = 100.0
SCREENS = (10, 200)


@contextmanager
def counting(engine: Engine) -> Iterator[list[int]]:
    """Count the SQL statements sent through `engine` inside the block."""
    count = [0]

    def one_more(*_: Any) -> None:
        count[0] += 1

    event.listen(engine, "before_cursor_execute", one_more)
    try:
        yield count
    finally:
        event.remove(engine, "before_cursor_execute", one_more)


@contextmanager
def timing(engine: Engine) -> Iterator[defaultdict[str, list[float]]]:
    """Time each statement sent through `engine` inside the block, by its opening words."""
    took: defaultdict[str, list[float]] = defaultdict(list)

    def started(connection: Any, *_: Any) -> None:
        connection.info["bench.started"] = time.perf_counter()

    def done(connection: Any, _cursor: Any, statement: str, *_: Any) -> None:
        moment = connection.info.pop("bench.started", None)
        if moment is not None:
            took[" ".join(statement.split()[:4])[:60]].append(
                (time.perf_counter() - moment) * 1000)

    event.listen(engine, "before_cursor_execute", started)
    event.listen(engine, "after_cursor_execute", done)
    try:
        yield took
    finally:
        event.remove(engine, "before_cursor_execute", started)
        event.remove(engine, "after_cursor_execute", done)


def build_figures(kept: Store) -> list[str]:
    """Time a snapshot build at the store's own present, and the month's rates apart.

    The live path keeps the month's rates between builds and counts them again on their own
    cadence (DASHBOARD_RATES_SECONDS), so a build on a move or a tick is the first figure.
    """
    engine = kept.engine()
    sessions = store.make_sessionmaker(engine)
    zone = ZoneInfo(Settings().timezone)
    try:
        with sessions() as session:
            rates = snapshot.month_rates(session, kept.now, zone)

        def build() -> None:
            with sessions() as session:
                snapshot.begin(session)  # as the live path does
                snapshot.build(session, kept.now, zone, rates)

        def count_rates() -> None:
            with sessions() as session:
                snapshot.month_rates(session, kept.now, zone)

        lines = [_timed(engine, build, f"snapshot build, {_label(kept)}", bar=True),
                 _timed(engine, count_rates, f"month rates, {_label(kept)}", bar=False)]
    finally:
        engine.dispose()
    return lines


def _timed(engine: Engine, call: Any, label: str, *, bar: bool) -> str:
    for _ in range(WARM_UPS):
        call()
    took = []
    with counting(engine) as count, timing(engine) as statements:
        for _ in range(RUNS):
            started = time.perf_counter()
            call()
            took.append((time.perf_counter() - started) * 1000)
    took.sort()
    median, p95 = statistics.median(took), took[int(0.95 * (len(took) - 1) + 0.5)]
    verdict = ""
    if bar:
        verdict = f" ({'meets' if p95 < BAR_MS else 'misses'} the {BAR_MS:.0f} ms bar)"
    slowest, times = max(statements.items(), key=lambda pair: statistics.median(pair[1]))
    return (f"{label}: median {median:.1f} ms, p95 {p95:.1f} ms, min {took[0]:.1f} ms, "
            f"{count[0] / RUNS:g} statements{verdict}; the slowest, {statistics.median(times):.1f}"
            f" ms: {slowest} …")


def tick_figures(kept: Store) -> list[str]:
    """Statements and time of one clock tick (Live.refresh) with screens really connected.

    The screens are Socket.IO test clients of a bare Flask server carrying the real push
    module: each gets the opening picture on connect, then the one event each tick pushes.
    """
    results = {f"{screens} screens": _tick(kept, screens) for screens in SCREENS}
    # Every street's room joined too: the street walls come from the same build.
    streets = _streets(kept)
    results[f"{SCREENS[0]} + {len(streets)} street rooms"] = _tick(kept, SCREENS[0], streets)
    counts = ", ".join(f"{statements:g} with {screens}"
                       for screens, (statements, _) in results.items())
    took = ", ".join(f"{ms:.1f} ms with {screens}" for screens, (_, ms) in results.items())
    return [f"statements per tick, {_label(kept)}: {counts}",
            f"tick (build at the wall clock + push to every screen), {_label(kept)}: {took}"]


def _streets(kept: Store) -> list[str]:
    engine = kept.engine()
    try:
        with store.make_sessionmaker(engine)() as session:
            return [code for _, code, _ in parts.all_streets(session)]
    finally:
        engine.dispose()


def _tick(kept: Store, screens: int, streets: Sequence[str] = ()) -> tuple[float, float]:
    settings = Settings(database_url=kept.url)
    engine = kept.engine()
    wired = wiring.Wiring(settings, engine, store.make_sessionmaker(engine),
                          wiring.rules_from(settings))
    picture = live.Live(wired)
    server = Flask("bench")
    wiring.init_app(server, wired)
    push.init_app(server, settings, picture.opening)
    token = serving.wall_token(kept)
    clients = [push.socketio.test_client(server, auth={"token": token})
               for _ in range(screens)]
    clients += [push.socketio.test_client(server, auth={"token": token, "street": street,
                                                        "room": ids.ROOM_STREET})
                for street in streets]
    try:
        if not all(client.is_connected() for client in clients):
            raise RuntimeError("a screen did not connect")
        picture.refresh()  # warm
        took, statements = [], []
        for _ in range(5):
            for client in clients:
                client.get_received()
            with counting(engine) as count:
                started = time.perf_counter()
                picture.refresh()
                took.append((time.perf_counter() - started) * 1000)
            statements.append(count[0])
            if not all(client.get_received() for client in clients):
                raise RuntimeError("a screen received nothing from the tick")
    finally:
        for client in clients:
            client.disconnect()
        engine.dispose()
    return statistics.median(statements), statistics.median(took)


def _label(kept: Store) -> str:
    return f"{kept.incidents:,} incidents ({kept.kind})"
