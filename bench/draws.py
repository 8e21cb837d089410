"""The drawing board of a run of lives: random waits, actors, and recording each move."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from bench import words
from bench.cast import PATROL, PRIORITY_FACTOR, SYSTEM_OF, Cast
from bench.reports import Reports
from bench.trail import NULL, Move
from bench.words import objects
from bench.workclock import WorkClock
from data.incidents.deadlines import DUE_SOON_FRACTION

MINUTE, HOUR, DAY = 60, 3600, 86400
LOCAL_LEVELS = objects(["grid", "community", "street"])
Rows = Callable[[np.ndarray], Any]


class Draws:
    """Arrays over the n incidents of `reports`; each move records the rows that make it."""

    def __init__(self, rng: np.random.Generator, cast: Cast, clock: WorkClock,
                 reports: Reports, now: int) -> None:
        self.rng, self.cast, self.clock, self.r, self.now = rng, cast, clock, reports, now
        self.n = reports.n
        self.last = reports.reported.copy()  # each incident's latest move so far
        self.moves: list[Move] = []
        limits, item = cast.item_limits, reports.item
        factor = PRIORITY_FACTOR[reports.priority]
        self.response = limits["response"][item] * factor
        self.resolution = limits["resolution"][item] * factor
        self.response_natural = limits["response_natural"][item]
        self.natural = limits["resolution_natural"][item]

    def make(self, kind: str, mask: np.ndarray, at: np.ndarray, to_state: str | None,
             actor: Rows | np.ndarray, *, department: np.ndarray | int = NULL,
             note: Rows | str | None = None, data: Rows | None = None,
             system: np.ndarray | bool = False, sets: dict[str, Any] | None = None) -> None:
        """The incidents in `mask` make the move `kind` at `at`.

        Arrays are full length (one value per incident); callables are given the rows that
        make the move and return a value for each, so text is built only where it is needed.
        """
        rows = np.flatnonzero(mask)
        self.last[rows] = at[rows]

        def per_row(value: Any) -> Any:
            if callable(value):
                return value(rows)
            return value[rows] if isinstance(value, np.ndarray) else value

        self.moves.append(Move(
            kind=kind, rows=rows, at=at[rows], to_state=to_state, actor=per_row(actor),
            department=per_row(department), note=per_row(note), data=per_row(data),
            system=per_row(system),
            sets={name: per_row(value) for name, value in (sets or {}).items()}))

    def limits(self, start: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The response and resolution deadlines and the yellow warning, counted from start."""
        clock = self.clock
        return (clock.add(start, self.response, self.response_natural),
                clock.add(start, self.resolution, self.natural),
                clock.add(start, self.resolution * DUE_SOON_FRACTION, self.natural))

    def chance(self, p: float | np.ndarray) -> np.ndarray:
        return self.rng.random(self.n) < p

    def u(self, low: float, high: float) -> np.ndarray:
        return self.rng.uniform(low, high, self.n)

    def wait(self, low: float, high: float, unit: int) -> np.ndarray:
        """A moment a random while after each incident's latest move."""
        return self.after(self.last + self.u(low, high) * unit)

    def after(self, target: np.ndarray) -> np.ndarray:
        """The target times, but at least a minute after each incident's latest move."""
        return np.maximum(np.rint(target).astype(np.int64), self.last + MINUTE)

    def other(self, department: np.ndarray) -> np.ndarray:
        """Another department than the given one, at random."""
        count = len(self.cast.department_ids)
        return (department + self.rng.integers(1, count, self.n)) % count

    def local_level(self) -> np.ndarray:
        """Where a matter fixed on the spot was fixed."""
        return LOCAL_LEVELS[self.rng.choice(3, self.n, p=[0.65, 0.28, 0.07])]

    def centre(self, rows: np.ndarray) -> np.ndarray:
        """A duty officer of the command centre for each row."""
        return words.pick(self.rng, self.cast.officers, len(rows))

    def staff(self, department: np.ndarray) -> Rows:
        """A member of staff of each department (of the grid where there is none)."""
        shorts = objects([*self.cast.department_shorts, "网格"])
        return lambda rows: (shorts[np.where(department[rows] == NULL, -1, department[rows])]
                             + " " + words.pick(self.rng, self.cast.people, len(rows)))

    def reporter(self) -> np.ndarray:
        """Who reported: the source system, the grid worker on patrol, or the reporter."""
        r, cast = self.r, self.cast
        workers = [w[k % len(w)] for w, k in zip(
            (cast.grid_workers[g] for g in r.grid), self.rng.integers(0, 99, self.n),
            strict=True)]
        person = objects(cast.people)[r.reporter]
        patrol = np.where(r.source == PATROL, "网格员 " + objects(workers), person)
        system = objects(SYSTEM_OF)[r.source]
        return np.where(system != None, system, patrol)  # noqa: E711
