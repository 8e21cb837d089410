"""The webhooks' log on the administration page: each source's receiver with its latest
answer and failures, the latest deliveries, and a failed one sent again by an administrator
only, kept with their name."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select, update

from dashboard import auth
from data import clock
from data.domain import Role
from data.models import CatalogChange, Delivery
from layouts import ids
from tests.dashboard.api.conftest import Api
from tests.dashboard.test_admin_setup import call
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
    answer = call(api.site, client, [(ids.HOOKS_RECEIVERS, "children"),
                                     (ids.HOOKS_DELIVERIES, "children")],
                  [(ids.HOOKS_CHANGED, "data", 0), (ids.HOOKS_TICK, "n_intervals", None)],
                  [(ids.HOOKS_LANG, "data", "en")])
    return (json.dumps(answer[ids.HOOKS_RECEIVERS], ensure_ascii=False),
            json.dumps(answer[ids.HOOKS_DELIVERIES], ensure_ascii=False))


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


