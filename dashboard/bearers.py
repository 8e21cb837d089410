"""Bearer tokens of API calls, found in the store and kept a few seconds.

A source sending hundreds of reports a second would otherwise ask the store for its token on
every request. A revoked token, a revoked source or a deactivated user's token therefore
still works for at most `KEEP_S` after the change; `clear` forgets every token at once. Only
the API's bearer header is kept: a wall's address and a socket's token are checked afresh.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable
from typing import Generic, TypeVar

from flask import Flask, current_app

KEY = "bearers"
KEEP_S = 5.0  # how long a revocation may take to reach this process
MOST = 10_000  # tokens kept at once; past it, every one is found again
P = TypeVar("P")


class Bearers(Generic[P]):
    """The principals of tokens found lately, by the token's hash; thread-safe."""

    def __init__(self, keep_s: float = KEEP_S) -> None:
        self.keep_s = keep_s
        self._found: dict[str, tuple[float, P]] = {}
        self._lock = threading.Lock()

    def principal(self, secret: str, find: Callable[[str], P | None]) -> P | None:
        """The principal of `secret`: kept if found within `keep_s`, else `find`'s answer.

        An unknown token is never kept, so guessing fills nothing and a new one works at once.
        """
        key = hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()
        now = time.monotonic()
        with self._lock:
            kept = self._found.get(key)
        if kept is not None and now - kept[0] < self.keep_s:
            return kept[1]
        found = find(secret)
        with self._lock:
            if found is None:
                self._found.pop(key, None)
            else:
                if len(self._found) >= MOST:
                    self._found.clear()
                self._found[key] = (now, found)
        return found

    def clear(self) -> None:
        """Forget every token: the next call of each is checked in the store."""
        with self._lock:
            self._found.clear()


def init_app(server: Flask) -> None:
    """Give the app its own keeping of tokens."""
    server.extensions[KEY] = Bearers()


def current() -> Bearers:
    """The current app's tokens."""
    return current_app.extensions[KEY]
