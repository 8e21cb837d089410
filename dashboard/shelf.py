"""The latest snapshot and map geometry, kept in Redis for the processes without the job.

Only the process running the scheduled job builds the snapshot; a screen may connect to any
process, and must get the whole current picture at once (PRODUCT §8). The builder keeps
its latest picture here; the others read it when a screen connects.
"""

from __future__ import annotations

import json
import logging
from typing import Any

import redis

logger = logging.getLogger(__name__)


class Shelf:
    """The picture kept under `<channel>:snapshot` and `<channel>:geometry` in Redis."""

    def __init__(self, url: str, channel: str) -> None:
        self.client = redis.Redis.from_url(url)
        self.keys = (f"{channel}:snapshot", f"{channel}:geometry")

    def keep(self, snapshot: dict[str, Any], geometry: dict[str, Any] | None = None) -> None:
        """Keep `snapshot`, and `geometry` when given (it changes only on import)."""
        values = {self.keys[0]: json.dumps(snapshot, ensure_ascii=False)}
        if geometry is not None:
            values[self.keys[1]] = json.dumps(geometry, ensure_ascii=False)
        try:
            self.client.mset(values)
        except redis.RedisError:
            # The pushes still go out; a screen connecting elsewhere gets an older picture.
            logger.warning("could not keep the snapshot in Redis", exc_info=True)

    def picture(self) -> tuple[dict[str, Any], dict[str, Any]] | None:
        """The kept snapshot and geometry, or None while either is missing."""
        try:
            snapshot, geometry = self.client.mget(self.keys)
        except redis.RedisError:
            logger.warning("could not read the snapshot from Redis", exc_info=True)
            return None
        if snapshot is None or geometry is None:
            return None
        return json.loads(snapshot), json.loads(geometry)
