"""A source's own webhook through the API: set it, read it with its latest deliveries,
remove it. Only a source system has one; people register one for a source on the command
line (`register-webhook`)."""

from __future__ import annotations

from dashboard import auth, wiring
from dashboard.api import permits
from dashboard.api.errors import ApiError
from dashboard.api.schemas import hooks as shapes
from data import clock
from data.incidents import outbox
from data.models import Delivery, SourceSystem, Webhook
from data.people import webhooks


def put(body: shapes.WebhookIn) -> tuple[shapes.WebhookOut, int]:
    """Register or change the caller's webhook: 201 with its secret when new, else 200."""
    principal = source()
    with wiring.current().sessions.begin() as db:
        row = db.get(SourceSystem, principal.id)
        try:
            hook, secret = webhooks.register(db, row, body.url, list(body.topics),
                                             principal.name, clock.now())
        except webhooks.WebhookRefused as refused:
            raise ApiError(422, "invalid", str(refused).removeprefix(f"{refused.field}: "),
                           refused.field) from None
        return out(hook, [], secret), 201 if secret else 200


def get() -> shapes.WebhookOut:
    """The caller's webhook and its latest 50 deliveries, newest first."""
    principal = source()
    with wiring.current().sessions() as db:
        hook = webhooks.of_source(db, principal.id)
        if hook is None:
            raise ApiError(404, "not_found", "this source has no webhook; PUT one", None)
        return out(hook, outbox.log(db, source_id=principal.id), None)


def delete() -> shapes.Removed:
    """Stop posting to the caller."""
    principal = source()
    with wiring.current().sessions.begin() as db:
        return shapes.Removed(removed=webhooks.remove(db, principal.id))


def source() -> auth.Principal:
    """The calling source; people have no webhook of their own."""
    principal = permits.caller()
    if principal.source is None:
        raise ApiError(403, "forbidden", "a webhook belongs to a source system: call with its "
                       "token (an administrator uses `python -m dashboard register-webhook`)")
    return principal


def out(hook: Webhook, deliveries: list[Delivery], secret: str | None) -> shapes.WebhookOut:
    return shapes.WebhookOut(
        url=hook.url, topics=hook.topics.split(","), created_at=hook.created_at, secret=secret,
        deliveries=[shapes.DeliveryOut(
            id=d.id, event=d.event_id, topic=d.topic, status=d.status, attempts=d.attempts,
            created_at=d.created_at, next_at=d.next_at, delivered_at=d.delivered_at,
            last_status=d.last_status, last_error=d.last_error) for d in deliveries])

