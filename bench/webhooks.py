"""Webhook delivery latency: from a dispatch's commit to its department's receiver.

Ten department systems each register a webhook for their dispatches, each with a receiver
of its own on loopback; incidents are reported, accepted and dispatched to the ten in turn
at a steady rate, and a sender claims and posts as the jobs' process does: every
`DASHBOARD_WEBHOOK_SECONDS`, and on PostgreSQL at each commit the store notifies. Each
delivery's latency is its arrival at the receiver less the moment its dispatch committed.
"""

from __future__ import annotations

import json
import statistics
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from sqlalchemy import Select, func, select, text

from bench import stores
from dashboard import leader, webhooks, wiring
from dashboard.config import Settings
from data import clock, schema, store
from data.domain import ClassKind, LimitUnit, Source
from data.incidents import moves, reports
from data.incidents.trail import Actor
from data.models import (
    Community,
    Department,
    District,
    Event,
    Grid,
    Item,
    ItemClass,
    Street,
)
from data.people import sources
from data.people import webhooks as hooks

SOURCES = 10
SCHEMA = "bench_webhooks"
SQUARE = {"type": "Polygon", "coordinates": [[[120.0, 30.0], [120.01, 30.0], [120.01, 30.01],
                                              [120.0, 30.01], [120.0, 30.0]]]}


def latency_figures(url: str | None = None, rate: float = 20.0, seconds: float = 15.0) -> list[str]:
    """Dispatch at `rate` a second for `seconds`; the commit-to-receiver latency figures."""
    folder = tempfile.TemporaryDirectory()
    url = _fresh(url) if url else f"sqlite:///{Path(folder.name) / 'webhooks.db'}"
    settings = Settings.from_env({}, database_url=url)
    wired = wiring.connect(settings)
    schema.upgrade(wired.engine)
    arrived: dict[int, float] = {}
    servers = [_receiver(arrived) for _ in range(SOURCES)]
    departments = _district(wired, [s.server_address[1] for s in servers])
    sender = webhooks.Sender(wired)
    stop = threading.Event()

    def send() -> None:
        while not stop.is_set():
            sender.send_due()
            time.sleep(settings.webhook_seconds)

    thread = threading.Thread(target=send, daemon=True)
    thread.start()
    if wired.engine.dialect.name == "postgresql":  # as the leading process: woken by commits
        threading.Thread(target=_woken, args=(wired, sender, stop), daemon=True).start()
    committed: dict[int, float] = {}
    item, grid = _catalog(wired)
    started = time.monotonic()
    n = 0
    while time.monotonic() - started < seconds:
        due = started + n / rate
        time.sleep(max(0.0, due - time.monotonic()))
        with wired.sessions.begin() as db:
            incident = reports.report(db, wired.rules, reports.Report(
                title="路面积水", item=db.get(Item, item), grid=db.get(Grid, grid),
                source=Source.RESIDENT, lon=120.005, lat=30.005), Actor.system("bench"))
            moves.accept(db, incident, Actor.person("值班员"))
            moves.dispatch(db, incident, Actor.person("值班员"), wired.rules,
                           lead=db.get(Department, departments[n % SOURCES]))
            db.flush()
            dispatched = db.scalar(_last_dispatch(incident.id))
        committed[dispatched] = time.time()
        n += 1
    deadline = time.monotonic() + 30
    while len(arrived) < len(committed) and time.monotonic() < deadline:
        time.sleep(0.05)
    stop.set()
    thread.join()
    sender.close(wait=True)
    for server in servers:
        server.shutdown()
    wired.dispose()
    folder.cleanup()
    waits = sorted((arrived[e] - at) * 1000 for e, at in committed.items() if e in arrived)
    p95 = waits[max(0, int(len(waits) * 0.95) - 1)] if waits else float("nan")
    return [f"webhooks ({wired.engine.dialect.name}, {SOURCES} department sources, "
            f"{rate:g} dispatches/s for {seconds:g} s, sender every "
            f"{settings.webhook_seconds:g} s): {len(waits)} of {len(committed)} delivered; "
            f"commit to receiver p50 {statistics.median(waits):.0f} ms, p95 {p95:.0f} ms, "
            f"max {waits[-1]:.0f} ms"]


def _woken(wired: wiring.Wiring, sender: webhooks.Sender, stop: threading.Event) -> None:
    """Send at each commit the store notifies, as dashboard.server's leader does."""
    with wired.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text(f"LISTEN {leader.CHANNEL}"))
        schema_name = connection.scalar(text("SELECT current_schema()"))
        driver = connection.connection.driver_connection
        while not stop.is_set():
            if any(note.payload == schema_name for note in driver.notifies(timeout=0.5)):
                sender.send_due()


def _fresh(database: str) -> str:
    """An empty schema `bench_webhooks` in a PostgreSQL database, made anew."""
    admin = store.make_engine(database)
    try:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA IF EXISTS "{SCHEMA}" CASCADE'))
            connection.execute(text(f'CREATE SCHEMA "{SCHEMA}"'))
    finally:
        admin.dispose()
    return stores.in_schema(database, SCHEMA)


def _last_dispatch(incident_id: int) -> Select:
    return select(func.max(Event.id)).where(Event.incident_id == incident_id,
                                            Event.kind == "dispatch")


def _receiver(arrived: dict[int, float]) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 (http.server's name)
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            arrived[body["event"]["id"]] = time.time()
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def _district(wired: wiring.Wiring, ports: list[int]) -> list[int]:
    """A one-grid district, ten departments, and each department's system with a webhook."""
    with wired.sessions.begin() as db:
        district = District(code="330100", name="基准区", boundary=SQUARE)
        street = Street(district=district, code="330100001", name="基准街道", kind="street")
        community = Community(street=street, code="330100001001", name="基准社区",
                              kind="community")
        db.add(Grid(community=community, code="330100001001001", name="第1网格",
                    boundary=SQUARE, lon=120.005, lat=30.005))
        departments = [Department(code=f"D{n + 1:02d}", name=f"部门{n + 1}",
                                  short_name=f"部{n + 1}") for n in range(SOURCES)]
        db.add_all(departments)
        db.add(Item(item_class=ItemClass(code="YJ", kind=ClassKind.EMERGENCY, name="应急处置"),
                    code="YJ01", name="积水内涝", lead_department=departments[0],
                    response_amount=0.5, response_unit=LimitUnit.HOURS,
                    resolution_amount=24, resolution_unit=LimitUnit.HOURS))
        db.flush()
        for department, port in zip(departments, ports, strict=True):
            row, _ = sources.create_source(db, f"{department.name}系统", Source.DEPARTMENT,
                                           "bench", clock.now(), department.code)
            hooks.register(db, row, f"http://127.0.0.1:{port}/hook", ["dispatch"], "bench",
                           clock.now())
        return [d.id for d in departments]


def _catalog(wired: wiring.Wiring) -> tuple[int, int]:
    with wired.sessions() as db:
        return db.scalar(select(Item.id)), db.scalar(select(Grid.id))
