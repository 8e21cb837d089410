"""The webhooks' log on the administration page: each source's receiver with its latest
answer and failures, the latest deliveries, and a failed one sent again by an administrator
only, kept with their name."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import timedelta

import pytest
from flask.testing import FlaskClient
from sqlalchemy import delete, select, update

from dashboard import auth
from data import clock
from data.domain import Role
from data.incidents import deliveries
from data.models import CatalogChange, Delivery, Webhook
from layouts import ids
from tests.dashboard.api.conftest import Api
from tests.dashboard.test_auth import csrf_header
from tests.dashboard.webhooks.receivers import Receiver
from tests.dashboard.webhooks.test_webhooks import dispatched, register, sender, until

RESEND = [(ids.HOOKS_MESSAGE, "children"), (ids.HOOKS_CHANGED, "data")]


@pytest.fixture
def failing(api: Api) -> Iterator[tuple[Receiver, int]]:
    """A department's receiver whose one delivery failed for good (500, its day over)."""
    receiver = Receiver(fail_first=1).start()
    register(api, "department", receiver, ["dispatch"])
    dispatched(api)
    with api.site.sessions.begin() as db:
        db.execute(update(Delivery).values(
            created_at=clock.now() - timedelta(hours=23, minutes=59)))
    send = sender(api)
    send.base = timedelta(minutes=5)  # the next try would fall past the day: failed
    until(lambda: status(api) == "failed", send)
    with api.site.sessions() as db:
        delivery_id = db.scalar(select(Delivery.id))
    yield receiver, delivery_id
    send.close()
    receiver.stop()


def status(api: Api) -> str:
    with api.site.sessions() as db:
        return db.scalar(select(Delivery.status))


def shown(api: Api, client: FlaskClient) -> tuple[str, str]:
    """Both tables as the page draws them, in English."""
    code, answer = browse(api, client, ids.HOOKS_CHANGED)
    assert code == 200
    return (json.dumps(answer["response"][ids.HOOKS_RECEIVERS], ensure_ascii=False),
            json.dumps(answer["response"][ids.HOOKS_DELIVERIES], ensure_ascii=False))


def resend(api: Api, client: FlaskClient, delivery_id: int) -> tuple[int, dict]:
    """Press the delivery's resend button as dash-renderer posts it."""
    button = {"type": ids.HOOKS_RESEND, "delivery": delivery_id}
    key = next(key for key in auth.callback_roles(api.site.app)
               if ids.HOOKS_MESSAGE in key and ids.HOOKS_CHANGED in key)
    body = {"output": key, "outputs": [{"id": name, "property": prop} for name, prop in RESEND],
            "inputs": [[{"id": button, "property": "n_clicks", "value": 1}]],
            "changedPropIds": [json.dumps(button, separators=(",", ":"), sort_keys=True)
                               + ".n_clicks"],
            "state": [{"id": ids.HOOKS_LANG, "property": "data", "value": "en"}]}
    answer = client.post("/_dash-update-component", json=body, headers=csrf_header(client))
    return answer.status_code, answer.json


def signed_in(api: Api, role: Role) -> tuple[FlaskClient, str]:
    client, person = api.site.signed_in(role)
    client.get("/")  # a page the role opens: its CSRF cookie
    return client, person.name


def test_the_administrator_sees_each_receiver_and_its_failed_delivery(
        api: Api, failing: tuple[Receiver, int]) -> None:
    receiver, delivery_id = failing
    client, _ = signed_in(api, Role.ADMIN)
    assert client.get("/admin/webhooks").status_code == 200
    receivers, deliveries = shown(api, client)
    assert "department system" in receivers
    assert receiver.url in receivers and "dispatch" in receivers
    assert "HTTP 500" in receivers and '"1 / 0"' in receivers  # one failed, none retrying
    assert f'"hook-delivery-{delivery_id}"' in deliveries
    assert "failed" in deliveries and "dispatch · " in deliveries and "HTTP 500" in deliveries
    assert f'"delivery": {delivery_id}' in deliveries  # its resend button


def test_a_resend_is_due_at_once_kept_with_the_administrators_name_and_then_delivered(
        api: Api, failing: tuple[Receiver, int]) -> None:
    receiver, delivery_id = failing
    client, name = signed_in(api, Role.ADMIN)
    code, answer = resend(api, client, delivery_id)
    assert code == 200 and f"Delivery {delivery_id} is due again" in json.dumps(answer)
    assert status(api) == "pending"
    with api.site.sessions() as db:
        [kept] = db.scalars(select(CatalogChange).where(CatalogChange.subject == "delivery"))
        assert (kept.code, kept.field, kept.before, kept.after, kept.changed_by) == (
            str(delivery_id), "resend", "failed", "pending", name)
    _, deliveries = shown(api, client)
    assert f"resent by {name}" in deliveries and "pending" in deliveries
    send = sender(api)
    until(lambda: status(api) == "delivered", send)
    send.close()
    assert receiver.posts[0][0]["delivery"] == delivery_id
    receivers, deliveries = shown(api, client)
    assert "delivered" in deliveries and "HTTP 204" in receivers and '"0 / 0"' in receivers


@pytest.mark.parametrize("role", [Role.DUTY, Role.LEADER])
def test_only_an_administrator_sees_the_log_or_resends(
        api: Api, failing: tuple[Receiver, int], role: Role) -> None:
    _, delivery_id = failing
    client, _ = signed_in(api, role)
    assert client.get("/admin/webhooks").status_code == 403
    code, answer = resend(api, client, delivery_id)
    assert code == 403 and "admin" in answer["message"]
    tables = next(key for key in auth.callback_roles(api.site.app)
                  if ids.HOOKS_DELIVERIES in key)
    assert auth.callback_roles(api.site.app)[tables] is Role.ADMIN
    assert status(api) == "failed"
    with api.site.sessions() as db:
        assert db.scalar(select(CatalogChange).where(CatalogChange.subject == "delivery")) \
            is None


def test_a_delivery_whose_webhook_was_removed_is_named_not_resent(
        api: Api, failing: tuple[Receiver, int]) -> None:
    _, delivery_id = failing
    client, _ = signed_in(api, Role.ADMIN)
    assert api.call("DELETE", "/webhook", "department").status_code == 200
    code, answer = resend(api, client, delivery_id)
    assert code == 200 and "no longer exists" in json.dumps(answer)
    _, deliveries = shown(api, client)
    assert "No deliveries yet." in deliveries


# The log filtered by source and status, and paged back by delivery id.

STATES = (("delivered", 1), ("failed", 3), ("pending", 2), ("pending", 0))  # status, attempts
FAILING = {("failed", 3), ("pending", 2)}  # failed, or being retried


@pytest.fixture
def log(api: Api) -> Iterator[dict[int, tuple[str, str, int]]]:
    """Sixty deliveries, alternately to the department's and the resident system's webhook,
    their statuses in turn delivered, failed, retrying and owed: each id's source code,
    status and attempts."""
    receivers = [Receiver().start(), Receiver().start()]
    register(api, "department", receivers[0], ["dispatch"])
    register(api, "resident", receivers[1], ["moves"])
    dispatched(api)
    kept: dict[int, tuple[str, str, int]] = {}
    with api.site.sessions.begin() as db:
        event_id = db.scalar(select(Delivery.event_id).limit(1))
        db.execute(delete(Delivery))
        hooks = sorted(db.scalars(select(Webhook)), key=lambda hook: hook.source.code)
        now = clock.now()
        for n in range(60):
            hook = hooks[n % 2]
            status, attempts = STATES[(n // 2) % 4]
            row = Delivery(webhook_id=hook.id, event_id=event_id, topic="dispatch",
                           status=status, attempts=attempts, created_at=now, next_at=now,
                           last_at=now if attempts else None,
                           last_status=(204 if status == "delivered" else 500)
                           if attempts else None)
            db.add(row)
            db.flush()
            kept[row.id] = (hook.source.code, status, attempts)
    yield kept
    for receiver in receivers:
        receiver.stop()


def codes(kept: dict[int, tuple[str, str, int]]) -> list[str]:
    return sorted({code for code, _, _ in kept.values()})


def test_the_log_pages_back_by_id_without_gaps_or_repeats(
        api: Api, log: dict[int, tuple[str, str, int]]) -> None:
    with api.site.sessions() as db:
        first, more = deliveries.recent(db)
        assert more and len(first) == 50
        rest, more = deliveries.recent(db, before=first[-1]["id"])
        assert not more
    shown_ids = [row["id"] for row in first + rest]
    assert shown_ids == sorted(log, reverse=True)  # each once, newest first


def test_the_log_of_one_source_and_status(
        api: Api, log: dict[int, tuple[str, str, int]]) -> None:
    source = codes(log)[0]
    with api.site.sessions() as db:
        failing, more = deliveries.recent(db, source=source, status="failing")
        delivered, _ = deliveries.recent(db, source=source, status="delivered")
        page, more_paged = deliveries.recent(db, most=5, source=source, status="failing")
        older, _ = deliveries.recent(db, most=5, source=source, status="failing",
                                     before=page[-1]["id"])
    assert not more
    assert [row["id"] for row in failing] == sorted(
        (id_ for id_, (code, status, attempts) in log.items()
         if code == source and (status, attempts) in FAILING), reverse=True)
    assert {row["status"] for row in failing} == {"failed", "pending"}
    assert all(row["resendable"] for row in failing)
    assert [row["id"] for row in delivered] == sorted(
        (id_ for id_, (code, status, _) in log.items()
         if code == source and status == "delivered"), reverse=True)
    assert more_paged and [row["id"] for row in page + older] == \
        [row["id"] for row in failing][:10]
    with pytest.raises(ValueError, match="status"):
        deliveries.recent(db, status="lost")


TABLES = [(ids.HOOKS_RECEIVERS, "children"), (ids.HOOKS_DELIVERIES, "children"),
          (ids.HOOKS_SOURCE, "options"), (ids.HOOKS_PAGE, "data"), (ids.HOOKS_OLDER, "disabled"),
          (ids.HOOKS_NEWEST, "disabled")]


def browse(api: Api, client: FlaskClient, trigger: str, source: str = "all",
           status: str = "all", page: dict | None = None) -> tuple[int, dict]:
    """The log's tables as dash-renderer asks for them when `trigger` changed."""
    key = next(key for key in auth.callback_roles(api.site.app)
               if ids.HOOKS_DELIVERIES in key)
    inputs = [(ids.HOOKS_CHANGED, "data", 0), (ids.HOOKS_TICK, "n_intervals", None),
              (ids.HOOKS_SOURCE, "value", source), (ids.HOOKS_STATUS, "value", status),
              (ids.HOOKS_OLDER, "n_clicks", 1 if trigger == ids.HOOKS_OLDER else None),
              (ids.HOOKS_NEWEST, "n_clicks", 1 if trigger == ids.HOOKS_NEWEST else None)]
    prop = next(prop for name, prop, _ in inputs if name == trigger)
    body = {"output": key, "outputs": [{"id": name, "property": prop} for name, prop in TABLES],
            "inputs": [{"id": name, "property": prop, "value": value}
                       for name, prop, value in inputs],
            "changedPropIds": [f"{trigger}.{prop}"],
            "state": [{"id": ids.HOOKS_LANG, "property": "data", "value": "en"},
                      {"id": ids.HOOKS_PAGE, "property": "data",
                       "value": page or {"before": None, "next": None}}]}
    answer = client.post("/_dash-update-component", json=body, headers=csrf_header(client))
    return answer.status_code, answer.json if answer.is_json else {"text": answer.text}


def rows_of(answer: dict) -> list[int]:
    drawn = json.dumps(answer["response"][ids.HOOKS_DELIVERIES], ensure_ascii=False)
    return [int(found) for found in re.findall(r'"hook-delivery-(\d+)"', drawn)]


def test_the_administrator_filters_the_log_by_source_and_status(
        api: Api, log: dict[int, tuple[str, str, int]]) -> None:
    client, _ = signed_in(api, Role.ADMIN)
    code, answer = browse(api, client, ids.HOOKS_TICK)
    assert code == 200 and len(rows_of(answer)) == 50
    options = answer["response"][ids.HOOKS_SOURCE]["options"]
    assert [option["value"] for option in options] == ["all", *codes(log)]
    source = codes(log)[1]
    code, answer = browse(api, client, ids.HOOKS_STATUS, source, "failing")
    assert code == 200
    assert rows_of(answer) == sorted(
        (id_ for id_, (each, status, attempts) in log.items()
         if each == source and (status, attempts) in FAILING), reverse=True)
    assert answer["response"][ids.HOOKS_OLDER]["disabled"] is True  # all fit on one page
    code, answer = browse(api, client, ids.HOOKS_SOURCE, source, "delivered")
    assert code == 200 and rows_of(answer) and all(
        log[id_] == (source, "delivered", 1) for id_ in rows_of(answer))


def test_the_administrator_pages_to_older_deliveries_and_back(
        api: Api, log: dict[int, tuple[str, str, int]]) -> None:
    client, _ = signed_in(api, Role.ADMIN)
    _, answer = browse(api, client, ids.HOOKS_TICK)
    first, page = rows_of(answer), answer["response"][ids.HOOKS_PAGE]["data"]
    assert page == {"before": None, "next": first[-1]}
    assert answer["response"][ids.HOOKS_OLDER]["disabled"] is False
    assert answer["response"][ids.HOOKS_NEWEST]["disabled"] is True
    _, answer = browse(api, client, ids.HOOKS_OLDER, page=page)
    older, page = rows_of(answer), answer["response"][ids.HOOKS_PAGE]["data"]
    assert first + older == sorted(log, reverse=True)
    assert answer["response"][ids.HOOKS_OLDER]["disabled"] is True
    assert answer["response"][ids.HOOKS_NEWEST]["disabled"] is False
    _, answer = browse(api, client, ids.HOOKS_TICK, page=page)  # read again: the same page
    assert rows_of(answer) == older
    _, answer = browse(api, client, ids.HOOKS_STATUS, status="failing", page=page)
    assert rows_of(answer)[0] == max(id_ for id_, (_, status, attempts) in log.items()
                                     if (status, attempts) in FAILING)  # a filter: newest
    _, answer = browse(api, client, ids.HOOKS_NEWEST, page=page)
    assert rows_of(answer) == first


def test_a_resend_from_the_filtered_log_keeps_the_filter(
        api: Api, log: dict[int, tuple[str, str, int]]) -> None:
    client, name = signed_in(api, Role.ADMIN)
    source = codes(log)[0]
    _, answer = browse(api, client, ids.HOOKS_STATUS, source, "failing")
    failed = next(id_ for id_ in rows_of(answer) if log[id_][1] == "failed")
    code, said = resend(api, client, failed)
    assert code == 200 and f"Delivery {failed} is due again" in json.dumps(said)
    _, answer = browse(api, client, ids.HOOKS_CHANGED, source, "failing",
                       answer["response"][ids.HOOKS_PAGE]["data"])
    drawn = json.dumps(answer["response"][ids.HOOKS_DELIVERIES], ensure_ascii=False)
    assert f'"hook-delivery-{failed}"' in drawn and f"resent by {name}" in drawn  # retrying
    assert all(log[id_][0] == source for id_ in rows_of(answer))


@pytest.mark.parametrize("role", [Role.DUTY, Role.LEADER])
def test_only_an_administrator_reads_the_filtered_log(
        api: Api, log: dict[int, tuple[str, str, int]], role: Role) -> None:
    client, _ = signed_in(api, role)
    code, answer = browse(api, client, ids.HOOKS_OLDER, codes(log)[0], "failing",
                          {"before": None, "next": max(log)})
    assert code == 403 and "admin" in answer["message"]


def test_an_unknown_status_is_refused_by_name(
        api: Api, log: dict[int, tuple[str, str, int]]) -> None:
    client, _ = signed_in(api, Role.ADMIN)
    code, answer = browse(api, client, ids.HOOKS_STATUS, status="lost")
    assert code == 400 and "status" in json.dumps(answer)
