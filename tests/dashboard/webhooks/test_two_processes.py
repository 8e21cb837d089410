"""Webhooks from two server processes on one PostgreSQL store: whichever process takes a
move, the one running the jobs posts its delivery; when that process dies, the other takes
the sending over, and each delivery reaches the receiver once, signed, none lost."""

from __future__ import annotations

import json
import time
import urllib.request
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from data import clock
from data.domain import Role, Source, State
from data.models import Delivery, Department, Incident
from data.people import sources
from tests import people
from tests.browser.conftest import Server
from tests.dashboard.test_processes import leads, server_pair, wait_until
from tests.dashboard.webhooks.receivers import Receiver


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    started = Receiver(hang_s=0.3).start()  # each post in flight long enough to be tried twice
    yield started
    started.stop()


def call(server: Server, method: str, path: str, token: str, body: dict) -> dict:
    """Send a JSON request to the server's /api/v1 with a bearer token; its JSON answer."""
    request = urllib.request.Request(
        f"{server.url}/api/v1{path}", data=json.dumps(body).encode(), method=method,
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=15) as answer:  # noqa: S310 (loopback)
        assert answer.status in (200, 201)
        return json.load(answer)


def settled(server: Server, wanted: int) -> bool:
    """Whether `wanted` deliveries are marked delivered in the store."""
    with server.sessions()() as db:
        return len(db.scalars(select(Delivery.id).where(Delivery.status == "delivered"))
                   .all()) == wanted


def test_two_processes_deliver_each_dispatch_once_across_the_senders_death(
        tmp_path: Path, receiver: Receiver) -> None:
    with server_pair(tmp_path) as (first, second):
        _, duty = people.make_token(first.sessions(), Role.DUTY, name="值班台")
        with first.sessions().begin() as db:
            lead, name = db.execute(select(Department.code, Department.name)
                                    .order_by(Department.id).limit(1)).one()
            _, token = sources.create_source(db, f"{name}系统", Source.DEPARTMENT, "admin",
                                             clock.now(), lead)
            codes = db.scalars(select(Incident.code).where(Incident.state == State.ACCEPTED)
                               .order_by(Incident.id).limit(8)).all()
        assert len(codes) == 8
        first.start()
        wait_until(lambda: leads(first), 15)
        second.start()
        registered = call(second, "PUT", "/webhook", token,
                          {"url": receiver.url, "topics": ["dispatch"]})
        receiver.secret = registered["secret"]

        def dispatch(server: Server, code: str) -> None:
            moved = call(server, "POST", f"/incidents/{code}/dispatch", duty,
                         {"lead": lead})
            assert moved["state"] == "dispatched"

        for server, code in zip([first, second] * 2, codes[:4], strict=True):
            dispatch(server, code)  # taken by either process, sent by the first
        wait_until(lambda: len(receiver.posts) >= 4 and settled(first, 4), 15)
        assert not leads(second)

        first.process.kill()  # no goodbye: the second must take the sending over
        first.process.wait(timeout=10)
        dispatch(second, codes[4])  # owed while nobody sends: sent once the second leads
        wait_until(lambda: leads(second), 20)
        dispatch(second, codes[5])
        first.start()  # back, and following: a move it takes is sent by the second
        for server, code in zip([first, second], codes[6:], strict=True):
            dispatch(server, code)
        wait_until(lambda: len(receiver.posts) >= 8, 15)
        time.sleep(1.0)  # a second post of anything would arrive by now

    assert all(signed for _, _, signed in receiver.posts)
    bodies = [body for body, _, _ in receiver.posts]
    deliveries = Counter(body["delivery"] for body in bodies)
    assert len(deliveries) == 8 and set(deliveries.values()) == {1}
    assert sorted(receiver.delivery_ids) == sorted(str(each) for each in deliveries)
    assert sorted(body["incident"]["code"] for body in bodies) == sorted(codes)
    assert {(body["topic"], body["event"]["kind"]) for body in bodies} == {
        ("dispatch", "dispatch")}
    assert len({body["event"]["id"] for body in bodies}) == 8
    assert {body["incident"]["lead_department"] for body in bodies} == {lead}
