"""The answer while the store cannot be read: a page that waits for it, not an error.

A wall opened, or reloaded, during a store outage must not sit on "Internal Server Error":
it gets a page saying the store is awaited, which asks again every few seconds and so
becomes the screen itself once the store answers. Scripts and API callers get 503 JSON.
"""

from __future__ import annotations

from flask import Flask, jsonify, request
from flask.typing import ResponseReturnValue
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from dashboard import auth, login

RETRY_SECONDS = 2
# The store is down, unreachable, or every connection is taken: not a fault of the request.
STORE_ERRORS = (OperationalError, InterfaceError, PoolTimeout)


def unavailable(error: Exception) -> ResponseReturnValue:
    """503: the waiting page for a page, JSON for a script or an API caller."""
    headers = {"Retry-After": str(RETRY_SECONDS), "Cache-Control": "no-store"}
    auth.as_nobody()  # the page must not ask the store who is signed in
    if request.path.startswith((auth.API_PREFIX, "/_")) or request.method != "GET":
        return jsonify(error="store_unavailable", field=None,
                       message="the store cannot be read for now; try again"), 503, headers
    return login.waiting(request.args.get("lang"), RETRY_SECONDS), 503, headers


def init_app(server: Flask) -> None:
    """Answer every request that finds the store unreadable with 503, not 500."""
    for kind in STORE_ERRORS:
        server.register_error_handler(kind, unavailable)
