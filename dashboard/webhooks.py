"""Webhooks sent: due deliveries claimed from the store and posted by a pool of threads.

Only the process running the jobs sends (dashboard.scheduler), and a claim in the store
makes each delivery go out once even if two senders ask at once. A receiver gets at most one
delivery at a time and `TIMEOUT_S` to answer it, so a slow or dead one holds one thread of
the pool and never a move, a push or another receiver; looking up its name counts within
those seconds too, so a host whose name never resolves fails as fast as one that never
answers. Each post is signed: HMAC-SHA256 with the webhook's secret over `timestamp.body`,
in the headers below.
"""

from __future__ import annotations

import hashlib
import hmac
import http.client
import json
import logging
import socket
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from dashboard.wiring import Wiring
from data import clock
from data.incidents import outbox

log = logging.getLogger(__name__)

TIMESTAMP = "X-Dashboard-Timestamp"
SIGNATURE = "X-Dashboard-Signature"  # "sha256=" and the hex digest
DELIVERY = "X-Dashboard-Delivery"
TIMEOUT_S = 5.0
LEASE = timedelta(seconds=60)  # a claim lapses after this, if its sender died holding it
WORKERS = 16


def sign(secret: str, timestamp: str, body: bytes) -> str:
    """The signature header's value: HMAC-SHA256 over `timestamp.body`."""
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + digest.hexdigest()


def post(url: str, secret: str, delivery: int, body: bytes,
         timeout: float = TIMEOUT_S) -> tuple[int | None, str | None]:
    """Post one delivery; its HTTP status, or None and why it failed."""
    stamp = str(int(time.time()))
    request = urllib.request.Request(url, data=body, method="POST", headers={
        "Content-Type": "application/json", TIMESTAMP: stamp, DELIVERY: str(delivery),
        SIGNATURE: sign(secret, stamp, body), "User-Agent": "dashboard-webhooks"})
    opener = urllib.request.build_opener(_BoundedHttp, _BoundedHttps)
    try:
        with opener.open(request, timeout=timeout) as answer:
            return answer.status, None
    except urllib.error.HTTPError as error:
        return error.code, f"HTTP {error.code}"
    except (OSError, ValueError) as error:  # refused, timed out, unreadable address
        return None, f"{type(error).__name__}: {error}"[:200]


def resolved(host: str, port: int, within: float) -> list[tuple]:
    """`host`'s addresses, looked up apart so that a lookup past `within` seconds is a
    TimeoutError; the lookup itself ends when the system's resolver gives up."""
    found: list = []
    done = threading.Event()

    def look() -> None:
        try:
            # The system's lookup: no socket timeout bounds it.
            found.append(socket.getaddrinfo(host, port, type=socket.SOCK_STREAM))
        except (OSError, UnicodeError) as error:  # unknown, unreachable, not a name
            found.append(error)
        finally:
            done.set()

    threading.Thread(target=look, name="webhook-lookup", daemon=True).start()
    if not done.wait(within):
        raise TimeoutError(f"looking up {host[:100]} took over {within:g} s")
    if isinstance(found[0], Exception):
        raise found[0]
    return found[0]


def connected(address: tuple[str, int], timeout: object = socket._GLOBAL_DEFAULT_TIMEOUT,
              source_address: tuple[str, int] | None = None) -> socket.socket:
    """`socket.create_connection` with its name lookup and connecting held to `timeout`
    together."""
    if not isinstance(timeout, int | float):
        return socket.create_connection(address, timeout, source_address)
    began = time.monotonic()
    host, port = address
    error: OSError | None = None
    for family, kind, proto, _, where in resolved(host, port, timeout):
        left = timeout - (time.monotonic() - began)
        if left <= 0:
            raise TimeoutError(f"connecting to {host[:100]} took over {timeout:g} s")
        sock = socket.socket(family, kind, proto)
        try:
            sock.settimeout(left)
            if source_address:
                sock.bind(source_address)
            sock.connect(where)
            sock.settimeout(timeout)  # each read and write then has the whole timeout
            return sock
        except OSError as failed:
            error = failed
            sock.close()
    raise error or OSError(f"no address for {host[:100]}")


class _HttpConnection(http.client.HTTPConnection):
    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self._create_connection = connected


class _HttpsConnection(http.client.HTTPSConnection):
    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self._create_connection = connected  # the certificate is still checked by name


class _BoundedHttp(urllib.request.HTTPHandler):
    def http_open(self, request: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(_HttpConnection, request)


class _BoundedHttps(urllib.request.HTTPSHandler):
    def https_open(self, request: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(_HttpsConnection, request, context=self._context)


class Sender:
    """Claims due deliveries and posts them on a pool of threads, one per receiver at once."""

    def __init__(self, wired: Wiring, *, workers: int = WORKERS, timeout: float = TIMEOUT_S,
                 lease: timedelta = LEASE) -> None:
        self.wired = wired
        self.base = timedelta(seconds=wired.settings.webhook_backoff_seconds)
        self.workers, self.timeout, self.lease = workers, timeout, lease
        self._pool: ThreadPoolExecutor | None = None
        self._busy: set[int] = set()  # webhooks with a delivery on its way
        self._lock = threading.Lock()
        self._claiming = threading.Lock()  # the job and a commit's wake claim in turn

    def send_due(self) -> int:
        """Claim what is due and hand it to the pool; return how many were claimed."""
        with self._claiming:
            return self._send_due()

    def _send_due(self) -> int:
        with self._lock:
            busy = set(self._busy)
            room = self.workers - len(busy)
        if room <= 0:
            return 0
        with self.wired.job_sessions.begin() as db:  # never behind the requests' pool
            claimed = outbox.claim(db, clock.now(), self.lease, room, busy)
        if claimed and self._pool is None:
            self._pool = ThreadPoolExecutor(self.workers, thread_name_prefix="webhook")
        for delivery in claimed:
            with self._lock:
                self._busy.add(delivery.webhook_id)
            self._pool.submit(self._deliver, delivery)
        return len(claimed)

    def _deliver(self, delivery: outbox.Claimed) -> None:
        try:
            body = json.dumps(delivery.body, ensure_ascii=False).encode()
            status, error = post(delivery.url, delivery.secret, delivery.id, body, self.timeout)
            with self.wired.sessions.begin() as db:
                outbox.settle(db, delivery.id, clock.now(), status=status, error=error,
                              base=self.base)
        except Exception:  # the store went away: the lease lapses and it is claimed again
            log.exception("webhook delivery %s could not be settled", delivery.id)
        finally:
            with self._lock:
                self._busy.discard(delivery.webhook_id)

    def close(self, wait: bool = False) -> None:
        """Stop taking deliveries; those on their way finish (waited for, if `wait`)."""
        if self._pool is not None:
            self._pool.shutdown(wait=wait)
