"""Drawn moves, and what they leave once the present cuts them: incident columns and events."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

import numpy as np

NULL = -1  # no time, no department, no incident: written as NULL

TIME_COLUMNS = ("accepted_at", "dispatched_at", "signed_at", "resolved_at", "verified_at",
                "closed_at", "parked_at", "updated_at", "response_deadline",
                "resolution_deadline", "due_soon_at")
POSITION_COLUMNS = ("lead", "co", "merged_into")  # department or incident positions
COUNT_COLUMNS = ("extension_count", "return_count", "send_back_count")
OBJECT_COLUMNS = ("state", "resolution_level", "callback_reached", "callback_solved", "rating",
                  "pending_extension")


@dataclass
class Move:
    """One kind of move made by some incidents of a run, each at its own time."""

    kind: str
    rows: np.ndarray  # positions of the incidents that make it
    at: np.ndarray  # epoch seconds, one per row
    to_state: str | None  # None keeps the state
    actor: list[str]
    department: np.ndarray | int = NULL  # department position per row
    note: list[str] | str | None = None
    data: list[str] | None = None
    system: np.ndarray | bool = False  # whether the actor is a source system
    sets: dict[str, Any] = field(default_factory=dict)  # incident column -> value(s)


@dataclass
class Events:
    """Rows of the events table, column by column; incident and department as positions."""

    incident: np.ndarray
    at: np.ndarray
    kind: np.ndarray
    from_state: np.ndarray
    to_state: np.ndarray
    system: np.ndarray
    actor: np.ndarray
    department: np.ndarray
    note: np.ndarray
    data: np.ndarray

    def __len__(self) -> int:
        return len(self.at)

    def take(self, index: np.ndarray) -> Events:
        """These rows, in this order."""
        return Events(**{f.name: getattr(self, f.name)[index] for f in fields(self)})

    @classmethod
    def concat(cls, parts: list[Events]) -> Events:
        """All rows of `parts`, one after another."""
        return cls(**{f.name: np.concatenate([getattr(p, f.name) for p in parts])
                      for f in fields(cls)})


def settle(n: int, reported: np.ndarray, moves: list[Move],
           now: int) -> tuple[dict[str, np.ndarray], Events]:
    """Apply the moves made by `now`, in path order: each incident's columns, and the events.

    Within an incident the moves come in the order of the list and in time, so those before
    `now` are a prefix of its life, and the last one applied leaves each column's value.
    """
    columns: dict[str, np.ndarray] = {name: np.full(n, NULL, np.int64) for name in TIME_COLUMNS}
    columns |= {name: np.full(n, NULL, np.int64) for name in POSITION_COLUMNS}
    columns |= {name: np.zeros(n, np.int64) for name in COUNT_COLUMNS}
    columns |= {name: np.full(n, None, object) for name in OBJECT_COLUMNS}
    columns["updated_at"][:] = reported
    state = columns["state"]
    parts = []
    for move in moves:
        keep = move.at <= now
        rows, at = move.rows[keep], move.at[keep]
        before = state[rows]
        after = before if move.to_state is None else np.full(len(rows), move.to_state, object)
        state[rows] = after
        columns["updated_at"][rows] = at
        for name, value in move.sets.items():
            columns[name][rows] = value[keep] if isinstance(value, np.ndarray) else value
        parts.append(Events(
            incident=rows, at=at, kind=np.full(len(rows), move.kind, object),
            from_state=before, to_state=after, system=_each(move.system, keep, bool),
            actor=np.array(move.actor, object)[keep],
            department=_each(move.department, keep, np.int64),
            note=_each(move.note, keep, object), data=_each(move.data, keep, object),
        ))
    return columns, Events.concat(parts)


def _each(value: Any, keep: np.ndarray, dtype: Any) -> np.ndarray:
    """One value per kept row, from a value per row or one for all."""
    if isinstance(value, np.ndarray | list):
        return np.asarray(value, dtype=dtype)[keep]
    return np.full(int(keep.sum()), value, dtype=dtype)
