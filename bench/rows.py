"""Settled lives as table rows, in the form each database's bulk load takes."""

from __future__ import annotations

import functools
from collections.abc import Iterator

import numpy as np

from bench.cast import PRIORITY_VALUES, SOURCE_VALUES, Cast
from bench.reports import Reports
from bench.trail import NULL, Events
from bench.words import objects
from data.demo.story import DETAILS

INCIDENT_COLUMNS = (
    "id", "code", "title", "description", "item_id", "grid_id", "lon", "lat", "source",
    "priority", "reporter", "reporter_contact", "source_system", "source_ref", "state",
    "lead_department_id", "reported_at", "accepted_at", "dispatched_at", "signed_at",
    "resolved_at", "verified_at", "closed_at", "parked_at", "updated_at", "response_deadline",
    "resolution_deadline", "due_soon_at", "resolution_level", "callback_reached",
    "callback_solved", "rating", "extension_count", "return_count", "send_back_count",
    "pending_extension", "merged_into_id",
)
EVENT_COLUMNS = ("id", "incident_id", "kind", "from_state", "to_state", "at", "actor_kind",
                 "actor", "department_id", "note", "data")
CO_COLUMNS = ("incident_id", "department_id")
TIME_SUFFIX = {"sqlite": ".000000", "postgresql": "+00"}  # SQLite keeps naive UTC text


def stamps(seconds: np.ndarray, dialect: str) -> list[str | None]:
    """Epoch seconds as the timestamp text the dialect stores; NULL as None."""
    text = np.full(len(seconds), None, object)
    known = seconds != NULL
    if known.any():
        day, second = np.divmod(seconds[known], 86400)
        first = day.min()
        dates = np.arange(first, day.max() + 1).astype("datetime64[D]")
        text[known] = (np.datetime_as_string(dates).astype(object)[day - first]
                       + _clock_face(TIME_SUFFIX[dialect])[second])
    return text.tolist()


@functools.cache
def _clock_face(suffix: str) -> np.ndarray:
    """' HH:MM:SS' and the suffix for every second of a day."""
    return objects([f" {s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}{suffix}"
                    for s in range(86400)])


def ids(positions: np.ndarray, table: np.ndarray | int) -> list[int | None]:
    """Positions as ids: into an id table, or from a first id; NULL as None."""
    found = table[positions] if isinstance(table, np.ndarray) else positions + table
    return np.where(positions == NULL, None, found.astype(object)).tolist()


def incidents(r: Reports, columns: dict[str, np.ndarray], cast: Cast,
              dialect: str) -> Iterator[tuple]:
    """One row per incident of the run, in INCIDENT_COLUMNS order."""
    n, c = r.n, columns
    item_names, grid = objects(cast.item_names)[r.item], r.grid
    title = objects(cast.grid_names)[grid] + item_names
    description = (objects(cast.grid_communities)[grid] + "附近" + item_names + "。"
                   + objects(DETAILS)[r.detail])
    nothing = [None] * n
    values = [
        range(r.first_id, r.first_id + n), r.codes, title.tolist(), description.tolist(),
        cast.item_ids[r.item].tolist(), cast.grid_ids[grid].tolist(),
        r.point[:, 0].tolist(), r.point[:, 1].tolist(),
        objects(SOURCE_VALUES)[r.source].tolist(), objects(PRIORITY_VALUES)[r.priority].tolist(),
        objects(cast.people)[r.reporter].tolist(), r.contact.tolist(), nothing, nothing,
        c["state"].tolist(), ids(c["lead"], cast.department_ids), stamps(r.reported, dialect),
        *(stamps(c[name], dialect) for name in (
            "accepted_at", "dispatched_at", "signed_at", "resolved_at", "verified_at",
            "closed_at", "parked_at", "updated_at", "response_deadline",
            "resolution_deadline", "due_soon_at")),
        *(c[name].tolist() for name in (
            "resolution_level", "callback_reached", "callback_solved", "rating",
            "extension_count", "return_count", "send_back_count", "pending_extension")),
        ids(c["merged_into"], r.first_id),
    ]
    return zip(*values, strict=True)


def co_departments(r: Reports, columns: dict[str, np.ndarray], cast: Cast) -> Iterator[tuple]:
    """The co-handling departments named at the last dispatch."""
    rows = np.flatnonzero(columns["co"] != NULL)
    return zip((rows + r.first_id).tolist(),
               cast.department_ids[columns["co"][rows]].tolist(), strict=True)


def events(e: Events, first_id: int, cast: Cast, dialect: str) -> Iterator[tuple]:
    """One row per event, ids from `first_id`, in EVENT_COLUMNS order (incidents as ids)."""
    kinds = np.where(e.system, "system", "person").astype(object)
    values = [
        range(first_id, first_id + len(e)), e.incident.tolist(), e.kind.tolist(),
        e.from_state.tolist(), e.to_state.tolist(), stamps(e.at, dialect), kinds.tolist(),
        e.actor.tolist(), ids(e.department, cast.department_ids), e.note.tolist(),
        e.data.tolist(),
    ]
    return zip(*values, strict=True)

