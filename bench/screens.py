"""Screens for the latency benchmark: Socket.IO spoken over a plain WebSocket.

Two hundred walls are two hundred browsers, each parsing its pushes natively in well under a
millisecond. Two hundred python-socketio clients in one benchmark process would instead
decode every push two hundred times under one interpreter lock, and time that rather than
the server. These screens read only the number they time from each push.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Callable
from urllib.parse import urlsplit

import websocket

from layouts import ids

# An Engine.IO message (4) carrying a Socket.IO event (2): a push, or the opening picture.
EVENTS = tuple(f'42["{event}",' for event in (ids.SNAPSHOT_EVENT, ids.OPENING_EVENT))
REPORTED = re.compile(r'"today_reported":(\d+)')
CURSOR = re.compile(r'"cursor":(\d+)')  # the newest event a push's snapshot holds
Seen = Callable[[float, int], None]  # when a push arrived, and the number it carries


class Screen:
    """One wall's connection: it joins with a display token and reports each push it gets.

    The number reported is the day's reported count, or with `number=CURSOR` the cursor.
    """

    number = REPORTED

    def __init__(self, url: str, token: str, seen: Seen) -> None:
        address = urlsplit(url)
        self.socket = websocket.create_connection(
            f"ws://{address.netloc}/socket.io/?EIO=4&transport=websocket", timeout=30,
            skip_utf8_validation=True)  # a browser checks text natively, at no cost
        if not self.socket.recv().startswith("0"):  # Engine.IO's open packet
            raise ConnectionError("no Engine.IO handshake")
        self.socket.send("40" + json.dumps({"token": token}))  # join the default namespace
        self.seen = seen
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        while True:
            try:
                frame = self.socket.recv()
            except (websocket.WebSocketException, OSError):
                return
            if frame == "2":  # the server's ping
                self.socket.send("3")
            elif frame.startswith(EVENTS):
                found = self.number.search(frame)
                if found:
                    self.seen(time.perf_counter(), int(found.group(1)))
            elif frame.startswith("44"):
                raise ConnectionRefusedError(frame)

    def close(self) -> None:
        """Hang up without a goodbye, as a screen switched off would."""
        self.socket.shutdown()
