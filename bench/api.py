"""The incident API under load (PRODUCT §10): concurrent clients report through the real HTTP
server into the store, while walls are connected and timed.

Prints incidents a second, the answer time's p50 and p95, and commit to wall p95 measured in
the same run: one request per incident, then batches of reports as an IoT platform sends;
each flat out (every client sends again as soon as it is answered) and at a steady rate
(requests sent on a schedule, as a busy day's platforms would; an answer's time counts from
when its request was due, so a server falling behind shows in it).
"""

from __future__ import annotations

import bisect
import itertools
import random
import statistics
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

import requests

from bench import screens, serving, stores
from data import clock, store
from data.demo.story import Cast
from data.domain import Source
from data.people import sources

CLIENTS = 16  # one report a request: many small requests in flight
BATCH_CLIENTS = 16  # batches: platforms each sending one batch at a time
SECONDS = 20.0
WALLS = 50
BATCH = 50
BAR_PER_S, BAR_MS = 500, 1_000.0  # PRODUCT §10
RATE = 550.0  # incidents a second offered in batches at the steady rate: the bar and a margin
SINGLE_RATE = 100.0  # incidents a second offered one a request at the steady rate


@dataclass
class Run:
    """What one load run saw: each answer's time and when it came, and the walls' counts."""

    answers: list[tuple[float, float]] = field(default_factory=list)  # (answered at, took s)
    reported: int = 0  # incidents the answers reported
    refused: Counter[int] = field(default_factory=Counter)  # by status
    shown: dict[int, list[tuple[float, int]]] = field(default_factory=dict)  # by wall
    lock: threading.Lock = field(default_factory=threading.Lock)


def api_figures(kept: stores.Store, rate: float = RATE,
                single_rate: float = SINGLE_RATE) -> list[str]:
    """Single reports, then batches, flat out and steady: throughput, answer times, walls."""
    source_token, wall_token = _tokens(kept)
    bodies = _bodies(kept)
    lines = []
    with serving.served(kept, 8593) as url:
        for label, size, clients, steady in (
                ("one report a request", 1, CLIENTS, single_rate),
                (f"batches of {BATCH}", BATCH, BATCH_CLIENTS, rate)):
            for offered in (None, steady):
                lines.append(_load(url, source_token, wall_token, bodies, size, clients,
                                   label, kept.kind, offered))
    return lines


def _tokens(kept: stores.Store) -> tuple[str, str]:
    engine = kept.engine()
    with store.make_sessionmaker(engine).begin() as session:
        _, source = sources.create_source(session, f"bench iot {time.time_ns()}", Source.IOT,
                                          "bench", clock.now())
    engine.dispose()
    return source, serving.wall_token(kept)


def _bodies(kept: stores.Store) -> Callable[[int], dict]:
    """A maker of plausible report bodies, located by their point."""
    engine = kept.engine()
    with store.make_sessionmaker(engine)() as session:
        cast = Cast.from_store(session, random.Random(7))
        drawn = [cast.report()[0] for _ in range(2_000)]
        plans = [(r.item.code, r.title, r.description, r.lon, r.lat, r.priority) for r in drawn]
    engine.dispose()
    run_id = time.time_ns()

    def body(n: int) -> dict:
        item, title, description, lon, lat, priority = plans[n % len(plans)]
        return {"source_ref": f"bench-{run_id}-{n}", "item": item, "title": title,
                "description": description, "priority": str(priority),
                "location": {"lon": lon, "lat": lat}}
    return body


def _load(url: str, source_token: str, wall_token: str, body: Callable[[int], dict],
          size: int, clients: int, label: str, kind: str, offered: float | None) -> str:
    run = Run()
    walls = [screens.Screen(url, wall_token, _watcher(run, n)) for n in range(WALLS)]
    time.sleep(3)  # every wall has its opening picture
    with run.lock:
        base = max((count for seen in run.shown.values() for _, count in seen), default=0)
    # refs of their own each run
    counter = iter(range(int(time.time() * 1000) * 10**6, int(time.time() * 1000 + 1) * 10**6))
    built = _builds(url)
    started = time.perf_counter()
    stop = started + SECONDS
    due = _schedule(started, size / offered) if offered else None
    threads = [threading.Thread(target=_client, args=(url, source_token, body, size, counter,
                                                      stop, run, due)) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    count, seconds = (now - before for now, before in zip(_builds(url), built, strict=True))
    time.sleep(3)  # the last commits reach the walls
    for wall in walls:
        wall.close()
    took = sorted(t for _, t in run.answers)
    p50, p95 = statistics.median(took) * 1000, took[int(len(took) * 0.95) - 1] * 1000
    rate = run.reported / elapsed
    wall_p95 = _wall_p95(run, base, size)
    pace = f"steady {offered:.0f}/s offered" if offered else "flat out"
    return (f"API reports ({kind}, {label}, {pace}, {clients} clients, {WALLS} walls): "
            f"{rate:.0f} incidents/s ({'meets' if rate >= BAR_PER_S else 'misses'} the "
            f"{BAR_PER_S}/s bar), answer p50 {p50:.0f} ms, p95 {p95:.0f} ms, "
            f"{sum(run.refused.values())} refused {dict(run.refused) or ''}; "
            f"commit to wall p95 {wall_p95:.0f} ms "
            f"({'meets' if wall_p95 < BAR_MS else 'misses'} the {BAR_MS:.0f} ms bar); "
            f"{count:.0f} snapshots built meanwhile, "
            f"{seconds / count * 1000 if count else float('nan'):.0f} ms each on average")


def _builds(url: str) -> tuple[float, float]:
    """How many snapshots the server has built, and in how many seconds (its /metrics)."""
    found = dict.fromkeys(BUILT, 0.0)
    for line in requests.get(f"{url}/metrics", timeout=10).text.splitlines():
        name, _, value = line.partition(" ")
        if name in found:
            found[name] = float(value)
    return found[BUILT[0]], found[BUILT[1]]


BUILT = ("dashboard_snapshot_build_seconds_count", "dashboard_snapshot_build_seconds_sum")


def _watcher(run: Run, wall: int) -> screens.Seen:
    def seen(moment: float, reported: int) -> None:
        with run.lock:
            run.shown.setdefault(wall, []).append((moment, reported))
    return seen


def _schedule(started: float, every: float) -> Callable[[], float]:
    """The moments requests are due, one after another, shared by every client."""
    slots, lock = itertools.count(), threading.Lock()

    def due() -> float:
        with lock:
            return started + next(slots) * every
    return due


def _client(url: str, token: str, body: Callable[[int], dict], size: int, counter, stop: float,
            run: Run, due: Callable[[], float] | None) -> None:
    session = requests.Session()
    session.headers.update({"Authorization": f"Bearer {token}"})
    while time.perf_counter() < stop:
        sent = time.perf_counter()
        if due is not None:  # wait for the request's moment; count from it, even if late
            sent = due()
            if sent >= stop:
                return
            time.sleep(max(0.0, sent - time.perf_counter()))
        with run.lock:
            numbers = [next(counter) for _ in range(size)]
        if size == 1:
            answer = session.post(f"{url}/api/v1/incidents", json=body(numbers[0]))
            statuses = [answer.status_code]
        else:
            answer = session.post(f"{url}/api/v1/incidents:batch",
                                  json={"reports": [body(n) for n in numbers]})
            statuses = ([r["status"] for r in answer.json()["results"]]
                        if answer.status_code == 200 else [answer.status_code] * size)
        answered = time.perf_counter()
        with run.lock:
            run.answers.append((answered, answered - sent))
            run.reported += statuses.count(201)
            run.refused.update(status for status in statuses if status != 201)


def _wall_p95(run: Run, base: int, size: int) -> float:
    """For the k-th incident answered, the time until each wall shows k more reported.

    An answer comes after its commit, so this counts from a moment the commit had surely
    happened by; a wall that shows the count before that answer counts as no delay.
    """
    answered = sorted(at for at, _ in run.answers for _ in range(size))[:run.reported]
    step = max(1, len(answered) // 500)  # a sample of the incidents, on every wall
    delays = []
    for seen in run.shown.values():
        moments = [moment for moment, _ in seen]
        counts = list(itertools.accumulate((count for _, count in seen), max))
        for k in range(1, len(answered) + 1, step):
            where = bisect.bisect_left(counts, base + k)
            if where < len(moments):
                delays.append(max(moments[where] - answered[k - 1], 0.0))
    delays.sort()
    return delays[int(len(delays) * 0.95) - 1] * 1000 if delays else float("nan")
