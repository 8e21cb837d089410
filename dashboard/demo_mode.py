"""The demo: load the demo district into an empty store and keep it alive with the simulator."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime

from tqdm import tqdm

from dashboard.wiring import Wiring
from data import queries, simulator
from data.demo import load


def load_with_progress(wired: Wiring, seed: int, days: int) -> str:
    """Load the demo with a progress bar; return a line saying what it made."""
    started = time.perf_counter()
    with wired.sessions() as session:
        with tqdm(total=days, unit="day", desc="demo history") as bar:
            made = load.load_demo(session, wired.rules, seed=seed, days=days,
                                  now=datetime.now(UTC), progress=bar.update)
        counts = queries.store_counts(session)
    return (f"loaded {counts['grids']} grids, {made} incidents, {counts['events']} events "
            f"in {time.perf_counter() - started:.1f} s")


def start_simulator(wired: Wiring, rate_per_hour: float, tick: float) -> threading.Event:
    """Run the simulator in a daemon thread; set the returned event to stop it."""
    stop = threading.Event()
    thread = threading.Thread(
        target=simulator.run, name="simulator", daemon=True,
        args=(wired.sessions, wired.rules),
        kwargs={"rate_per_hour": rate_per_hour, "stop": stop, "tick": tick},
    )
    thread.start()
    return stop
