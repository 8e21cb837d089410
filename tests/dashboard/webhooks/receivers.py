"""A webhook receiver on loopback, as a department's system would run one: it checks each
post's signature and age, and answers as a test tells it to (fine, failing, hanging)."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

OLDEST_S = 300  # a post older than five minutes is refused: a replay


def verified(secret: str, timestamp: str, signature: str, body: bytes) -> bool:
    """Whether `signature` is HMAC-SHA256 of `timestamp.body` and the timestamp is fresh."""
    if not timestamp.isdigit() or abs(time.time() - int(timestamp)) > OLDEST_S:
        return False
    expected = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return hmac.compare_digest(signature, "sha256=" + expected.hexdigest())


@dataclass
class Receiver:
    """What arrived (body, arrival time, whether the signature held), and how to answer."""

    secret: str = ""
    fail_first: int = 0  # answer 500 to this many posts first
    hang_s: float = 0.0  # wait this long before answering
    posts: list[tuple[dict, float, bool]] = field(default_factory=list)
    delivery_ids: list[str] = field(default_factory=list)  # X-Dashboard-Delivery, per post
    tries: list[float] = field(default_factory=list)
    server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/hook"

    def start(self) -> Receiver:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's name)
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                receiver.tries.append(time.monotonic())
                if receiver.hang_s:
                    time.sleep(receiver.hang_s)
                if len(receiver.tries) <= receiver.fail_first:
                    self.send_response(500)
                    self.end_headers()
                    return
                good = verified(receiver.secret, self.headers.get("X-Dashboard-Timestamp", ""),
                                self.headers.get("X-Dashboard-Signature", ""), body)
                receiver.delivery_ids.append(self.headers.get("X-Dashboard-Delivery", ""))
                receiver.posts.append((json.loads(body), time.monotonic(), good))
                self.send_response(204 if good else 401)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
