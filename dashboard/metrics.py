"""GET /metrics: this process's counts in Prometheus's text format, for its own addresses.

Each `serve` process is one gunicorn worker, so each keeps its own counts in one registry and
is scraped on its own port (not through nginx, which would pick a process by the scraper's
address). The counts tell how the district's screens are served, not what is in the store,
yet they are no one else's business: /metrics answers the addresses in DASHBOARD_METRICS_FROM
(this host by default) and administrators signed in or with an admin token.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Iterator, Mapping

from flask import Blueprint, Flask, Response, current_app, request
from flask.typing import ResponseReturnValue
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    ProcessCollector,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from dashboard import auth
from data.domain import Role
from data.people import access

PATH = "/metrics"
REGISTRY = CollectorRegistry()
ProcessCollector(registry=REGISTRY)  # resident memory, CPU seconds, open files

BUILDS = Counter("dashboard_snapshot_builds", "snapshots built", registry=REGISTRY)
BUILD_SECONDS = Histogram(
    "dashboard_snapshot_build_seconds", "time to build one snapshot", registry=REGISTRY,
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0))
PUSHES = Counter("dashboard_pushes", "snapshot events sent, one per room", ["room"],
                 registry=REGISTRY)
JOB_RUNS = Counter("dashboard_job_runs", "scheduled job runs", ["job"], registry=REGISTRY)
JOB_FAILURES = Counter("dashboard_job_failures", "scheduled job runs that raised", ["job"],
                       registry=REGISTRY)
API_REQUESTS = Counter("dashboard_api_requests", "API requests answered, by status",
                       ["status"], registry=REGISTRY)
LEADING = Gauge("dashboard_leading", "1 while this process runs the scheduled jobs",
                registry=REGISTRY)

metrics = Blueprint("metrics", __name__)
Rooms = Callable[[], Mapping[str, int]]


class _Screens(Collector):
    """Screens connected to this process, by room, counted when scraped."""

    rooms: Rooms | None = None

    def collect(self) -> Iterator[GaugeMetricFamily]:
        family = GaugeMetricFamily("dashboard_screens_connected",
                                   "screens connected to this process", labels=["room"])
        for room, count in sorted((self.rooms() if self.rooms else {}).items()):
            family.add_metric([room], count)
        yield family


SCREENS = _Screens()
REGISTRY.register(SCREENS)


def count_rooms(rooms: Rooms) -> None:
    """Count connected screens with `rooms` (the Socket.IO server's rooms and their sizes)."""
    SCREENS.rooms = rooms


def allowed(address: str | None, networks: str) -> bool:
    """Whether a client at `address` is in one of the comma-separated `networks`."""
    try:
        client = ipaddress.ip_address(address or "")
    except ValueError:
        return False
    return any(client in ipaddress.ip_network(part.strip(), strict=False)
               for part in networks.split(",") if part.strip())


@metrics.get(PATH)
def scrape() -> ResponseReturnValue:
    """The counts, to an allowed address or an administrator; 403 to anyone else."""
    settings = current_app.extensions["dashboard"].settings
    if not allowed(request.remote_addr, settings.metrics_from):
        principal = auth.api_principal()
        if principal is None or not access.includes(principal.role, Role.ADMIN):
            return Response("metrics are for this host and administrators\n", 403,
                            mimetype="text/plain")
    return Response(generate_latest(REGISTRY), mimetype=CONTENT_TYPE_LATEST)


def _count_api(response: Response) -> Response:
    if request.path.startswith(auth.API_PREFIX):
        API_REQUESTS.labels(status=str(response.status_code)).inc()
    return response


def init_app(server: Flask) -> None:
    """Serve /metrics and count the API's answers."""
    server.register_blueprint(metrics)
    server.after_request(_count_api)
