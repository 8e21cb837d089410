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
from datetime import datetime
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from data import store
from data.live import snapshot, tally

log = logging.getLogger(__name__)

# The builder process's own sessions, one connection (set by _start, in that process only).
_sessions: sessionmaker[Session] | None = None
# Its tally of the day's reports, kept from build to build (data.live.tally).
_tally = tally.Tally()


class BuilderDied(RuntimeError):
    """The builder process ended while a build was asked of it."""


class Builder:
    """Builds snapshots of the store at `url` in one process of its own, started when first
    needed and started again if it dies.

    The serving thread that asks for a build writes the question down one pipe and reads the
    answer from it itself. A pool of processes would hand each over between two threads of
    its own on the way out and two on the way back, each waiting for the serving process's
    interpreter lock behind the requests' threads: with reports streaming in, that was
    140 ms of every build (the build itself 150).
    """

    def __init__(self, url: str) -> None:
        self.url = url
        self._process: BaseProcess | None = None
        self._pipe: Connection | None = None
        self._lock = threading.Lock()  # one question on the pipe at a time

    def build(self, now: datetime, zone: ZoneInfo, rates: dict[str, Any] | None
              ) -> dict[str, Any]:
        """The snapshot at `now`, as `snapshot.build` makes it, built in the builder process."""
        with self._lock:
            try:
                return self._ask(now, zone, rates)
            except BuilderDied:  # killed, or out of memory: start another, once
                log.warning("the snapshot builder process died; starting another")
                self._stop()
                return self._ask(now, zone, rates)

    def _ask(self, now: datetime, zone: ZoneInfo, rates: dict[str, Any] | None
             ) -> dict[str, Any]:
        if self._pipe is None:
            # Spawned, not forked: the serving process runs threads that may hold locks.
            context = multiprocessing.get_context("spawn")
            self._pipe, theirs = context.Pipe()
            self._process = context.Process(target=_serve, args=(theirs, self.url, os.getpid()),
                                            name="snapshot-builder", daemon=True)
            self._process.start()
            theirs.close()
        try:
            self._pipe.send((now, zone.key, rates))
            built, failure = self._pipe.recv()
        except (EOFError, OSError) as error:
            raise BuilderDied(str(error)) from error
        if failure is not None:
            raise failure
        return built

    def _stop(self) -> None:
        if self._pipe is not None:
            self._pipe.close()
        if self._process is not None:
            self._process.join(timeout=10)
            if self._process.is_alive():
                self._process.kill()
        self._pipe = self._process = None

    def close(self) -> None:
        """Stop the builder process, if it runs."""
        with self._lock:
            self._stop()


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


def _serve(pipe: Connection, url: str, parent: int) -> None:
    """Answer the serving process's questions until it hangs up: (snapshot, None), or
    (None, the error) when a build fails."""
    _start(url, parent)
    while True:
        try:
            now, zone, rates = pipe.recv()
        except (EOFError, OSError):
            return
        try:
            answer: tuple[Any, Exception | None] = (_build(now, zone, rates), None)
        except Exception as error:  # the serving process raises it; this process goes on
            answer = (None, error)
        try:
            pipe.send(answer)
        except (OSError, ValueError):
            return
        except Exception as error:  # an error that cannot be sent as it is
            pipe.send((None, RuntimeError(f"the snapshot build failed: {error!r}")))


def _build(now: datetime, zone: str, rates: dict[str, Any] | None) -> dict[str, Any]:
    with _sessions() as session:  # type: ignore[misc]  # _start made them
        snapshot.begin(session)
        return snapshot.build(session, now, ZoneInfo(zone), rates, _tally)
