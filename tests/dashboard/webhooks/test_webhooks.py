"""Webhooks: a source's receiver gets the changes it asked for, signed; a failing one is
tried again with backoff; a hanging one holds up neither a move nor another receiver; what
is owed survives a restart and goes out once however many senders run."""

from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Callable, Iterator
from datetime import timedelta

import pytest
from click.testing import CliRunner
from sqlalchemy import select, update

from dashboard import webhooks, wiring
from dashboard.cli import main
from dashboard.config import Settings
from data import alerts, clock
from data.incidents import outbox
from data.models import CatalogChange, Delivery, SourceSystem
from tests.dashboard.api.conftest import Api, report_body
from tests.dashboard.webhooks.receivers import Receiver, verified

FAST = timedelta(milliseconds=200)


@pytest.fixture
def receivers() -> Iterator[Callable[..., Receiver]]:
    started: list[Receiver] = []

    def start(**how: object) -> Receiver:
        started.append(Receiver(**how).start())
        return started[-1]

    yield start
    for each in started:
        each.stop()


def register(api: Api, who: str, receiver: Receiver, topics: list[str]) -> None:
    answer = api.call("PUT", "/webhook", who, json={"url": receiver.url, "topics": topics})
    assert answer.status_code == 201, answer.text
    receiver.secret = answer.json["secret"]


def sender(api: Api, **options: object) -> webhooks.Sender:
    made = webhooks.Sender(api.site.app.server.extensions["dashboard"], **options)
    made.base = FAST
    return made


def report(api: Api, ref: str = "R-1") -> str:
    answer = api.call("POST", "/incidents", "resident", json=report_body(ref))
    assert answer.status_code == 201, answer.text
    return answer.json["code"]


def move(api: Api, code: str, name: str, body: dict | None = None) -> float:
    """Make a move as the duty console; how long the request took."""
    began = time.monotonic()
    answer = api.call("POST", f"/incidents/{code}/{name}", "duty-token", json=body)
    assert answer.status_code == 200, answer.text
    return time.monotonic() - began


def dispatched(api: Api, ref: str = "R-1") -> str:
    """Report an incident, accept it and dispatch it to department D01; its code."""
    code = report(api, ref)
    move(api, code, "accept")
    move(api, code, "dispatch", {"lead": "D01"})
    return code


def until(condition: Callable[[], bool], *senders: webhooks.Sender, within: float = 10.0) -> None:
    """Run the senders' job until `condition` holds."""
    deadline = time.monotonic() + within
    while not condition():
        assert time.monotonic() < deadline, "not delivered in time"
        for each in senders:
            each.send_due()
        time.sleep(0.02)


def test_a_dispatch_reaches_its_departments_receiver_signed_and_the_reporter_sees_each_move(
        api: Api, receivers: Callable[..., Receiver]) -> None:
    department, reporter = receivers(), receivers()
    register(api, "department", department, ["dispatch"])
    register(api, "resident", reporter, ["moves"])
    code = dispatched(api)
    send = sender(api)
    until(lambda: len(department.posts) == 1 and len(reporter.posts) == 2, send)
    [(body, _, signed)] = department.posts
    assert signed and body["topic"] == "dispatch"
    assert body["event"]["kind"] == "dispatch" and body["incident"]["code"] == code
    assert body["incident"]["lead_department"] == "D01"
    assert [p[0]["event"]["kind"] for p in reporter.posts] == ["accept", "dispatch"]
    assert all(p[2] for p in reporter.posts)
    time.sleep(0.2)
    send.send_due()
    assert len(department.posts) == 1  # delivered once, not again


def test_an_alert_reaches_the_lead_departments_receiver_and_not_a_reporter_asking_for_moves(
        api: Api, receivers: Callable[..., Receiver]) -> None:
    water, reporter = receivers(), receivers()
    register(api, "water", water, ["alerts"])
    register(api, "resident", reporter, ["moves"])
    answer = api.call("POST", "/incidents", "resident",
                      json=report_body("R-flood", item="YJ01", title="积水"))
    code = answer.json["code"]
    move(api, code, "accept")
    move(api, code, "dispatch", {"lead": "D03"})  # to sign within half an hour
    with api.site.sessions.begin() as db:
        assert alerts.scan(db, clock.now() + timedelta(hours=1), alerts.Policy()) > 0
    send = sender(api)
    until(lambda: len(water.posts) >= 1 and len(reporter.posts) == 2, send)
    time.sleep(0.3)
    send.send_due()
    assert {p[0]["topic"] for p in water.posts} == {"alerts"}
    assert "alert_raise" in {p[0]["event"]["kind"] for p in water.posts}
    assert all(p[0]["incident"]["code"] == code for p in water.posts)
    assert [p[0]["event"]["kind"] for p in reporter.posts] == ["accept", "dispatch"]


def test_a_post_signed_with_another_secret_or_too_old_is_refused_by_the_receiver() -> None:
    body = b'{"delivery": 1}'
    now = str(int(time.time()))
    assert verified("s", now, webhooks.sign("s", now, body), body)
    assert not verified("s", now, webhooks.sign("t", now, body), body)
    assert not verified("s", now, webhooks.sign("s", now, body), body + b" ")
    old = str(int(time.time()) - 301)
    assert not verified("s", old, webhooks.sign("s", old, body), body)


def test_a_failing_receiver_is_tried_again_with_doubling_waits_then_delivered(
        api: Api, receivers: Callable[..., Receiver]) -> None:
    department = receivers(fail_first=2)
    register(api, "department", department, ["dispatch"])
    dispatched(api)
    send = sender(api)
    until(lambda: len(department.posts) == 1, send)
    send.close(wait=True)  # the receiver has the post; the sender records its answer after
    first, second, third = department.tries
    assert second - first >= FAST.total_seconds() * 0.9
    assert third - second >= 2 * FAST.total_seconds() * 0.9
    log = api.call("GET", "/webhook", "department").json["deliveries"]
    [delivery] = log
    assert delivery["status"] == "delivered" and delivery["attempts"] == 3
    assert delivery["last_status"] == 204


def test_a_delivery_failing_for_a_day_is_given_up_and_can_be_sent_again(
        api: Api, receivers: Callable[..., Receiver]) -> None:
    department = receivers(fail_first=1)
    register(api, "department", department, ["dispatch"])
    dispatched(api)
    with api.site.sessions.begin() as db:  # owed since yesterday: its day of tries is over
        db.execute(update(Delivery).values(
            created_at=clock.now() - timedelta(hours=23, minutes=59)))
    send = sender(api)
    send.base = timedelta(minutes=5)  # the next try would fall past the day
    until(lambda: len(department.tries) == 1, send)
    until(lambda: api.call("GET", "/webhook", "department").json["deliveries"][0]["status"]
          == "failed", send)
    [delivery] = api.call("GET", "/webhook", "department").json["deliveries"]
    assert delivery["last_status"] == 500 and delivery["attempts"] == 1
    url = api.site.app.server.extensions["dashboard"].settings.database_url
    env = {"DASHBOARD_DATABASE_URL": url,
           "DASHBOARD_CLOCK_SHIFT": str(clock.shift().total_seconds())}
    runner = CliRunner()
    logged = runner.invoke(main, ["webhook-log"], env=env)
    assert logged.exit_code == 0 and "failed" in logged.output and "HTTP 500" in logged.output
    again = runner.invoke(main, ["webhook-resend", str(delivery["id"])], env=env)
    assert again.exit_code == 0, again.output
    with api.site.sessions() as db:  # kept with the operator who asked
        [kept] = db.scalars(select(CatalogChange).where(CatalogChange.subject == "delivery"))
        assert kept.code == str(delivery["id"]) and kept.changed_by.endswith("(command line)")
    until(lambda: len(department.posts) == 1, send)
    assert department.posts[0][0]["delivery"] == delivery["id"]


def test_a_hanging_receiver_holds_up_neither_a_move_nor_another_receiver(
        api: Api, receivers: Callable[..., Receiver]) -> None:
    hanging, other = receivers(hang_s=3.0), receivers()
    register(api, "resident", hanging, ["moves"])
    register(api, "department", other, ["dispatch"])
    send = sender(api, timeout=2.0, workers=2)
    backlog = [report(api, f"R-{n}") for n in range(6)]
    for code in backlog:  # the hanging receiver is owed these first
        move(api, code, "accept")
    until(lambda: len(hanging.tries) == 1, send)  # and now holds one of its threads
    took = move(api, backlog[0], "dispatch", {"lead": "D01"})
    started = time.monotonic()
    until(lambda: len(other.posts) == 1, send, within=1.0)
    assert time.monotonic() - started < 1.0 and took < 1.0
    assert len(hanging.tries) == 1 and not hanging.posts  # still hanging meanwhile
    send.close(wait=True)  # the hanging post times out and is settled as a failure


def test_what_is_owed_survives_a_restart_and_a_sender_dying_with_a_claim(
        api: Api, receivers: Callable[..., Receiver]) -> None:
    reporter = receivers()
    register(api, "resident", reporter, ["moves"])
    dispatched(api)
    url = api.site.app.server.extensions["dashboard"].settings.database_url
    dying = wiring.connect(Settings.from_env({}, database_url=url))
    with dying.sessions.begin() as db:  # claimed, then the process died before posting
        held = outbox.claim(db, clock.now(), timedelta(milliseconds=300), 10, set())
    assert len(held) == 1
    dying.dispose()
    restarted = wiring.connect(Settings.from_env({}, database_url=url))
    try:
        after = webhooks.Sender(restarted)
        until(lambda: len(reporter.posts) == 2, after)
    finally:
        restarted.dispose()
    assert sorted(p[0]["event"]["kind"] for p in reporter.posts) == ["accept", "dispatch"]


def test_two_senders_on_one_store_deliver_each_change_exactly_once(
        api: Api, receivers: Callable[..., Receiver]) -> None:
    reporter = receivers()
    register(api, "resident", reporter, ["moves"])
    for n in range(6):
        dispatched(api, f"R-{n}")
    url = api.site.app.server.extensions["dashboard"].settings.database_url
    wirings = [wiring.connect(Settings.from_env({}, database_url=url)) for _ in range(2)]
    try:
        senders = [webhooks.Sender(each, workers=4) for each in wirings]
        stop = threading.Event()

        def run(each: webhooks.Sender) -> None:
            while not stop.is_set():
                each.send_due()

        threads = [threading.Thread(target=run, args=(each,)) for each in senders]
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + 15
        while len(reporter.posts) < 12 and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.5)  # a second post of anything would arrive by now
        stop.set()
        for thread in threads:
            thread.join()
    finally:
        for each in wirings:
            each.dispose()
    delivered = [p[0]["delivery"] for p in reporter.posts]
    assert len(delivered) == 12 and len(set(delivered)) == 12


def test_a_webhook_is_refused_by_name_and_only_a_source_has_one(api: Api) -> None:
    def put(who: str, **body: object) -> dict:
        return api.call("PUT", "/webhook", who, json=body)

    assert put("resident", url="ftp://x", topics=["moves"]).json["field"] == "url"
    assert put("resident", url="http://127.0.0.1:1/h", topics=["dispatch"]).json["field"] \
        == "topics"  # a resident's system has no department
    assert put("resident", url="http://127.0.0.1:1/h", topics=["all"]).status_code == 422
    assert put("duty-token", url="http://127.0.0.1:1/h", topics=["moves"]).status_code == 403
    assert api.call("GET", "/webhook", "resident").status_code == 404
    made = put("resident", url="http://127.0.0.1:1/h", topics=["moves"])
    changed = put("resident", url="http://127.0.0.1:2/h", topics=["moves", "alerts"])
    assert made.status_code == 201 and made.json["secret"]
    assert changed.status_code == 200 and changed.json["secret"] is None
    assert api.call("GET", "/webhook", "resident").json["topics"] == ["moves", "alerts"]
    move(api, report(api), "accept")  # owed to the receiver, never sent
    assert api.call("DELETE", "/webhook", "resident").json == {"removed": True}
    assert api.call("GET", "/webhook", "resident").status_code == 404
    assert sender(api).send_due() == 0  # nothing is owed to a removed webhook


def test_an_administrator_registers_a_sources_webhook_on_the_command_line(api: Api) -> None:
    with api.site.sessions() as db:
        hotline = db.scalar(select(SourceSystem.id).where(SourceSystem.name == "hotline system"))
    url = api.site.app.server.extensions["dashboard"].settings.database_url
    env = {"DASHBOARD_DATABASE_URL": url,
           "DASHBOARD_CLOCK_SHIFT": str(clock.shift().total_seconds())}
    runner = CliRunner()
    made = runner.invoke(main, ["register-webhook", "--source", str(hotline), "--url",
                                "http://127.0.0.1:9/hook", "--topics", "moves"], env=env)
    assert made.exit_code == 0, made.output
    assert re.search(r"secret \(shown once\): [0-9a-f]{64}", made.output)
    assert api.call("GET", "/webhook", "hotline").json["url"] == "http://127.0.0.1:9/hook"
    refused = runner.invoke(main, ["register-webhook", "--source", str(hotline), "--url",
                                   "http://127.0.0.1:9/hook", "--topics", "dispatch"], env=env)
    assert refused.exit_code != 0 and "department" in refused.output


def test_waits_double_from_30_seconds_to_two_hours_and_end_after_a_day(api: Api) -> None:
    api.call("PUT", "/webhook", "resident", json={"url": "http://127.0.0.1:9/h",
                                                   "topics": ["moves"]})
    move(api, report(api), "accept")
    now = clock.now()
    waits, status = [], "pending"
    with api.site.sessions.begin() as db:
        [delivery] = db.scalars(select(Delivery)).all()
        while status == "pending":
            row = outbox.settle(db, delivery.id, now, status=503, error="HTTP 503",
                                base=timedelta(seconds=30))
            status = row.status
            if status == "pending":
                waits.append((row.next_at - now).total_seconds())
                now = row.next_at
    assert waits[:5] == [30, 60, 120, 240, 480] and max(waits) == 7200
    assert now - delivery.created_at <= timedelta(days=1) < now - delivery.created_at \
        + timedelta(hours=2)
    assert delivery.attempts == len(waits) + 1 and delivery.last_status == 503


@pytest.fixture
def stuck_lookups(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """A name lookup that hangs, as a resolver whose server never answers; released after."""
    asked: list[str] = []
    release = threading.Event()

    def hang(host: str, port: int, *_: object, **__: object) -> list:
        asked.append(host)
        release.wait(60)
        raise OSError("released")

    monkeypatch.setattr(socket, "getaddrinfo", hang)
    yield asked
    release.set()


def test_a_host_whose_name_lookup_hangs_fails_within_the_timeout(
        stuck_lookups: list[str]) -> None:
    began = time.monotonic()
    status, error = webhooks.post("http://cg.slow-dns.example/hook", "secret", 1, b"{}",
                                  timeout=0.5)
    took = time.monotonic() - began
    assert stuck_lookups == ["cg.slow-dns.example"]
    assert status is None and "looking up cg.slow-dns.example took over 0.5 s" in error
    assert took < 1.5, took


def test_a_host_whose_name_is_unknown_fails_at_once_saying_so(
        monkeypatch: pytest.MonkeyPatch) -> None:
    def unknown(host: str, port: int, *_: object, **__: object) -> list:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", unknown)
    began = time.monotonic()
    status, error = webhooks.post("https://nowhere.example/hook", "secret", 1, b"{}")
    assert status is None and "Name or service not known" in error
    assert time.monotonic() - began < 1.0


def test_a_receiver_found_through_the_bounded_lookup_gets_its_post_signed_by_name(
        monkeypatch: pytest.MonkeyPatch, receivers: Callable[..., Receiver]) -> None:
    receiver = receivers()
    receiver.secret = "s" * 64
    asked: list[str] = []
    system = socket.getaddrinfo

    def local(host: str, port: int, *args: object, **how: object) -> list:
        asked.append(host)
        return system("127.0.0.1", port, *args, **how)

    monkeypatch.setattr(socket, "getaddrinfo", local)
    port = receiver.server.server_address[1]
    status, error = webhooks.post(f"http://hooks.cg.example:{port}/hook", receiver.secret, 7,
                                  b'{"delivery": 7}', timeout=2)
    assert (status, error) == (204, None) and asked == ["hooks.cg.example"]
    assert receiver.posts[0][2] and receiver.delivery_ids == ["7"]
