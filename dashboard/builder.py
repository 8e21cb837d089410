"""Snapshot builds in a process of their own, beside the one that serves (PostgreSQL).

A build is about twenty statements and a hundred milliseconds of Python. Built in the
serving process it shares one interpreter lock with every request's thread: with sixteen
API clients reporting flat out it took 1.2 to 3.8 s instead of 0.1 s, and every wall waited
that long for each commit. In a process of its own it runs beside the requests, on the other
core, and the serving process only pushes what it returns.

SQLite stores are embedded and small: they are built in the serving process, as before.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from data import store
from data.live import snapshot

log = logging.getLogger(__name__)

# The builder process's own sessions, one connection (set by _start, in that process only).
_sessions: sessionmaker[Session] | None = None


class Builder:
    """Builds snapshots of the store at `url` in one process of its own, started when first
    needed and started again if it dies."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._pool: ProcessPoolExecutor | None = None

    def build(self, now: datetime, zone: ZoneInfo, rates: dict[str, Any] | None
              ) -> dict[str, Any]:
        """The snapshot at `now`, as `snapshot.build` makes it, built in the builder process."""
        try:
            return self._submit(now, zone, rates)
        except BrokenProcessPool:  # killed, or out of memory: start another, once
            log.warning("the snapshot builder process died; starting another")
            self._pool = None
            return self._submit(now, zone, rates)

    def _submit(self, now: datetime, zone: ZoneInfo, rates: dict[str, Any] | None
                ) -> dict[str, Any]:
        if self._pool is None:
            # Spawned, not forked: the serving process runs threads that may hold locks.
            self._pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"),
                                             initializer=_start,
                                             initargs=(self.url, os.getpid()))
        return self._pool.submit(_build, now, zone.key, rates).result()

    def close(self) -> None:
        """Stop the builder process, if it runs."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


def for_engine(engine: Engine) -> Builder | None:
    """A builder apart for a PostgreSQL store; None (build in process) for SQLite."""
    if engine.dialect.name != "postgresql":
        return None
    return Builder(engine.url.render_as_string(hide_password=False))


def _start(url: str, parent: int) -> None:
    # `parent` is the serving process's id as it gave it: a server that died before this
    # process started has already made it an orphan, which must end too.
    global _sessions
    _put_ahead()
    _sessions = store.make_sessionmaker(store.make_engine(url, pool_size=1, max_overflow=0))
    threading.Thread(target=_end_with, args=(parent,), daemon=True).start()


def _end_with(parent: int) -> None:
    """End this process once the serving process is gone: a server stopped by a signal
    leaves no builder behind holding a connection."""
    while os.getppid() == parent:
        time.sleep(PARENT_CHECK_S)
    os._exit(0)


PARENT_CHECK_S = 1.0
# How far ahead of the serving process the builder runs. On cores shared with a stream of
# reports it got no more time than any one request's thread, and every wall waited for its
# builds. It builds one picture at a time, so ahead of them it never holds more than a core.
AHEAD = 5


def _put_ahead() -> None:
    """Run this process AHEAD niceness steps before its parent's, where allowed (root, or the
    service's LimitNICE); otherwise at the same priority, as before."""
    try:
        os.nice(-AHEAD)
    except OSError as error:  # no right to raise a priority
        log.info("the snapshot builder runs at the serving process's priority: %s", error)


def _build(now: datetime, zone: str, rates: dict[str, Any] | None) -> dict[str, Any]:
    with _sessions() as session:  # type: ignore[misc]  # _start made them
        snapshot.begin(session)
        return snapshot.build(session, now, ZoneInfo(zone), rates)
