"""The key that signs sessions when none is configured: made once, kept in a file.

A key made afresh at each start would sign everyone out and refuse every open screen's
reconnection whenever the server restarts; kept, it outlives restarts, and every process of
one host reads the same key.
"""

from __future__ import annotations

import os
import secrets
import time
from pathlib import Path

WAIT_SECONDS = 5.0  # how long to wait for another process that is writing the key


def kept(path: Path) -> str:
    """The key kept at `path`; the first process to ask makes it, readable by its owner only."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return _read(path)
    key = secrets.token_hex(32)
    with os.fdopen(handle, "w") as file:
        file.write(key + "\n")
    return key


def _read(path: Path) -> str:
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        key = path.read_text().strip()
        if key:
            return key
        if time.monotonic() > deadline:
            raise RuntimeError(f"the key file {path} is empty: delete it, or set "
                               "DASHBOARD_SECRET_KEY")
        time.sleep(0.05)  # another process made the file and is writing its key
