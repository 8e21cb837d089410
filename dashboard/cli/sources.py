"""The command line's source commands: the systems that report through the API."""

from __future__ import annotations

import click

from dashboard import wiring
from dashboard.cli.access import actor
from data import clock
from data.domain import Source
from data.people import access, sources

KINDS = click.Choice([kind.value for kind in Source])


@click.command("create-source")
@click.option("--name", required=True, help="the system's name, recorded for every move it makes")
@click.option("--kind", type=KINDS, required=True, help="what it is; decides what it may do")
@click.option("--department", default=None, help="the department code of a department's system")
@click.pass_context
def create_source(context: click.Context, name: str, kind: str, department: str | None) -> None:
    """Add a source system; its bearer token is printed this once and only its hash is kept."""
    with wiring.connect(context.obj).sessions() as db:
        try:
            row, token = sources.create_source(db, name, Source(kind), actor(), clock.now(),
                                               department)
        except access.AccessError as refused:
            raise click.ClickException(f"source not created: {refused}") from refused
        db.commit()
        click.echo(f"source {row.id} created: {row.name} ({row.kind}"
                   + (f", {row.department.code}" if row.department else "") + ")")
        click.echo(f"token (shown once): {token}")


@click.command("list-sources")
@click.pass_context
def list_sources(context: click.Context) -> None:
    """List the source systems, revoked ones too, the newest first."""
    with wiring.connect(context.obj).sessions() as db:
        rows = sources.sources(db)
        if not rows:
            click.echo("no sources")
        for row in rows:
            state = (f"revoked {row.revoked_at:%Y-%m-%d %H:%M} UTC by {row.revoked_by}"
                     if not row.active else "active")
            department = f" {row.department.code}" if row.department else ""
            click.echo(f"{row.id}\t{row.name}\t{row.kind}{department}\t{state}\t"
                       f"created {row.created_at:%Y-%m-%d %H:%M} UTC by {row.created_by}")


@click.command("revoke-source")
@click.argument("source_id", type=int)
@click.pass_context
def revoke_source(context: click.Context, source_id: int) -> None:
    """Revoke a source's token: its next request is refused."""
    with wiring.connect(context.obj).sessions() as db:
        try:
            row = sources.revoke_source(db, source_id, actor(), clock.now())
        except access.AccessError as refused:
            raise click.ClickException(f"not revoked: {refused}") from refused
        db.commit()
        click.echo(f"source {row.id} ({row.name}) revoked")


COMMANDS = (create_source, list_sources, revoke_source)
