"""Which process runs the scheduled jobs: the one holding the store's job lock.

On PostgreSQL the lock is an advisory lock held on a connection of its own, so it lasts
exactly as long as its process: when the holder dies, PostgreSQL ends its session and frees
the lock, and another process, trying every few seconds, takes over. The same connection
listens for the trail's notifications (migration 0006), so a commit wakes the poll at once.
A SQLite store is served by one embedded process, which runs the jobs from the start.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from sqlalchemy import Connection, Engine, create_engine, text
from sqlalchemy.pool import NullPool

logger = logging.getLogger(__name__)

RETRY_SECONDS = 2.0  # how soon a process without the lock tries again
WAIT_SECONDS = 1.0  # how long one wait for notifications lasts before the loop looks again
CHANNEL = "dashboard_trail"  # the trigger on events notifies here, naming its schema
# One lock per schema: stores in other schemas of the same database have their own jobs.
LOCK = text("SELECT pg_try_advisory_lock(hashtext('dashboard jobs ' || current_schema()))")


class Leader:
    """Holds the job lock when it can; says when it leads, follows, and when the trail moved."""

    def __init__(self, engine: Engine, lead: Callable[[], None], follow: Callable[[], None],
                 wake: Callable[[], None]) -> None:
        self.engine = engine
        self.lead, self.follow, self.wake = lead, follow, wake
        self.leading = False
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Lead at once on SQLite; on PostgreSQL, contend for the lock in a thread of its own."""
        if self.engine.dialect.name != "postgresql":
            self._lead()
            return
        self._thread = threading.Thread(target=self._contend, name="job-lock", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop contending; a held lock is freed with its connection."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=WAIT_SECONDS + 5)

    def _contend(self) -> None:
        # A pool of none: the lock's connection is never shared nor handed back.
        own = create_engine(self.engine.url, poolclass=NullPool)
        try:
            while not self._stop.is_set():
                try:
                    with own.connect() as connection:
                        self._hold(connection.execution_options(isolation_level="AUTOCOMMIT"))
                except Exception:
                    logger.warning("the job lock's connection failed; trying again",
                                   exc_info=True)
                finally:
                    if self.leading:
                        self.leading = False
                        logger.warning("this process no longer runs the scheduled jobs")
                        self.follow()
                self._stop.wait(RETRY_SECONDS)
        finally:
            own.dispose()

    def _hold(self, connection: Connection) -> None:
        """Take the lock if it is free, then lead until the connection or the process ends."""
        if not connection.scalar(LOCK):
            return
        connection.execute(text(f"LISTEN {CHANNEL}"))
        schema = connection.scalar(text("SELECT current_schema()"))
        self._lead()
        driver = connection.connection.driver_connection
        while not self._stop.is_set():
            # Several commits in one wait wake the poll once: it reads them all.
            if any(note.payload == schema for note in driver.notifies(timeout=WAIT_SECONDS)):
                try:
                    self.wake()
                except Exception:
                    logger.exception("the poll woken by a commit failed")

    def _lead(self) -> None:
        self.leading = True
        logger.info("this process runs the scheduled jobs")
        try:
            self.lead()
        except Exception:
            # The lock is held and the jobs run: their next round does what this could not.
            logger.exception("taking over the scheduled jobs failed in part")
