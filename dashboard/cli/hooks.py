"""The command line's webhook commands: register a source's receiver, read and re-send its
deliveries."""

from __future__ import annotations

import click

from dashboard import wiring
from dashboard.cli.access import actor
from data import clock
from data.incidents import deliveries, outbox
from data.models import SourceSystem
from data.people import webhooks


@click.command("register-webhook")
@click.option("--source", "source_id", type=int, required=True, help="the source's id")
@click.option("--url", required=True, help="where to post: http:// or https://")
@click.option("--topics", default="dispatch,moves,alerts", show_default=True,
              help="comma-separated: dispatch, moves, alerts")
@click.pass_context
def register_webhook(context: click.Context, source_id: int, url: str, topics: str) -> None:
    """Register or change a source's webhook; a new one's secret is printed this once."""
    with wiring.connect(context.obj).sessions() as db:
        source = db.get(SourceSystem, source_id)
        if source is None or not source.active:
            raise click.ClickException(f"no active source {source_id}")
        try:
            hook, secret = webhooks.register(db, source, url, topics.split(","), actor(),
                                             clock.now())
        except webhooks.WebhookRefused as refused:
            raise click.ClickException(f"webhook not registered: {refused}") from refused
        db.commit()
        click.echo(f"webhook of {source.name}: {hook.url} ({hook.topics})")
        if secret:
            click.echo(f"secret (shown once): {secret}")


@click.command("webhook-log")
@click.option("--source", "source_id", type=int, default=None, help="one source's only")
@click.option("--limit", type=click.IntRange(1, 1000), default=50, show_default=True)
@click.pass_context
def webhook_log(context: click.Context, source_id: int | None, limit: int) -> None:
    """The latest deliveries, newest first: event, status, tries and the last answer."""
    with wiring.connect(context.obj).sessions() as db:
        rows = outbox.log(db, source_id=source_id, most=limit)
        if not rows:
            click.echo("no deliveries")
        for row in rows:
            answer = row.last_error or (f"HTTP {row.last_status}" if row.last_status else "-")
            click.echo(f"{row.id}\t{row.webhook.source.name}\tevent {row.event_id}\t{row.topic}"
                       f"\t{row.status}\t{row.attempts} tries\t{answer}\t"
                       f"next {row.next_at:%Y-%m-%d %H:%M:%S} UTC")


@click.command("webhook-resend")
@click.argument("delivery_id", type=int)
@click.pass_context
def webhook_resend(context: click.Context, delivery_id: int) -> None:
    """Send a delivery again at once, with a day of retries from now; kept with who asked."""
    with wiring.connect(context.obj).sessions() as db:
        row = deliveries.resend(db, delivery_id, actor(), clock.now())
        if row is None:
            raise click.ClickException(f"no delivery {delivery_id}")
        db.commit()
        click.echo(f"delivery {delivery_id} is due again")


COMMANDS = (register_webhook, webhook_log, webhook_resend)
