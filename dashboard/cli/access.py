"""The command line's access commands: users, and tokens for walls and consoles."""

from __future__ import annotations

import getpass
import unicodedata
from collections.abc import Sequence

import click
from sqlalchemy import select

from dashboard import wiring
from dashboard.config import Settings
from data import clock
from data.domain import Role
from data.models import DisplayToken, User
from data.people import access, rotation
from layouts import formats

ROLES = click.Choice([role.value for role in access.ROLES])


def actor() -> str:
    """The name recorded for what the command line changes: the operator's login."""
    return f"{getpass.getuser()} (command line)"


def wall_url(settings: Settings, token: str, street: str | None = None) -> str:
    """The address a wall opens with its token: a street's wall for a street's token."""
    return f"{settings.base_url}/wall?" + (f"street={street}&" if street else "") + \
        f"token={token}"


@click.command("create-user")
@click.option("--username", required=True, help="what they sign in with")
@click.option("--name", required=True, help="the name recorded for what they change")
@click.option("--role", type=ROLES, required=True,
              help="display < leader < duty < admin; department: a liaison of --department")
@click.option("--department", default=None, metavar="CODE",
              help="the department a liaison (--role department) is bound to")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True,
              help="asked for without echo when not given")
@click.pass_context
def create_user(context: click.Context, username: str, name: str, role: str,
                department: str | None, password: str) -> None:
    """Add a user who signs in at /login with a role."""
    with wiring.connect(context.obj).sessions() as db:
        try:
            user = access.create_user(db, username, name, Role(role), password, actor(),
                                      clock.now(), department)
        except access.AccessError as refused:
            raise click.ClickException(f"user not created: {refused}") from refused
        db.commit()
        bound = f", department {user.department.code}" if user.department else ""
        click.echo(f"user {user.id} created: {user.username} ({user.display_name}), "
                   f"role {user.role}{bound}")


@click.command("create-token")
@click.option("--name", required=True, help="which wall or console it is for")
@click.option("--role", type=ROLES, default=Role.DISPLAY.value, show_default=True)
@click.option("--user", "username", default=None,
              help="a user the token acts for, so their name is recorded for its changes")
@click.option("--street", default=None, metavar="CODE",
              help="a wall's token opens this street's wall only (/wall?street=CODE)")
@click.option("--rotate", "views", default=None, metavar="VIEWS",
              help="a wall's token rotates through these views, e.g. district,S01,S02 "
                   f"({rotation.DISTRICT}: the district's wall; the rest streets' codes)")
@click.option("--every", default=None, metavar="SECONDS",
              help=f"seconds each view stays up ({rotation.SHORTEST}-{rotation.LONGEST}, "
                   f"default {rotation.DEFAULT_SECONDS}); alone, the wall rotates through "
                   "the district's and then every street's")
@click.pass_context
def create_token(context: click.Context, name: str, role: str, username: str | None,
                 street: str | None, views: str | None, every: str | None) -> None:
    """Make an access token; it is printed this once and only its hash is kept."""
    settings: Settings = context.obj
    with wiring.connect(settings).sessions() as db:
        user = None
        if username is not None:
            user = db.scalar(select(User).where(User.username == username))
            if user is None or not user.active:
                raise click.ClickException(f"token not created: no active user {username!r}")
        try:
            plan = rotation.checked(db, Role(role), street, views, every)
            row, token = access.create_token(db, name, actor(), clock.now(), Role(role),
                                             user, street, plan)
        except access.AccessError as refused:
            raise click.ClickException(f"token not created: {refused}") from refused
        db.commit()
        bound = row.street.code if row.street else None
        click.echo(f"token {row.id} created: {row.name}, role {row.role}"
                   + (f", acting for {user.username}" if user else "")
                   + (f", street {bound} ({row.street.name}) only" if bound else "")
                   + (f", rotating through {rotated(row)}" if row.rotation_seconds else ""))
    click.echo(f"token (shown this once): {token}")
    if Role(role) is Role.DISPLAY:
        click.echo(f"wall URL: {wall_url(settings, token, bound)}")
    else:
        click.echo(f"use it as the header  Authorization: Bearer {token}")


def rotated(row: DisplayToken) -> str:
    """What a rotating token's wall turns through, and how often."""
    views = row.rotation.replace(",", ", ") if row.rotation else \
        f"{rotation.DISTRICT} and every street"
    return f"{views}, every {row.rotation_seconds} s"


@click.command("list-tokens")
@click.pass_context
def list_tokens(context: click.Context) -> None:
    """List every token: who made it, when, and whether it was revoked."""
    settings: Settings = context.obj
    wired = wiring.connect(settings)
    with wired.sessions() as db:
        rows = [(str(row.id), row.name, row.role.value,
                 row.user.username if row.user else "—",
                 row.street.code if row.street else "—",
                 rotated(row) if row.rotation_seconds else "—", row.created_by,
                 formats.local_time(row.created_at, wired.zone),
                 f"revoked {formats.local_time(row.revoked_at, wired.zone)} "
                 f"by {row.revoked_by}" if row.revoked_at else "active")
                for row in access.tokens(db)]
    click.echo(_table(("id", "name", "role", "acts for", "street", "rotation", "created by",
                       "created at", "state"), rows) if rows else "no tokens")


@click.command("revoke-token")
@click.argument("token_id", metavar="ID", type=int)
@click.pass_context
def revoke_token(context: click.Context, token_id: int) -> None:
    """Revoke a token by its id: it stops working on its next request or connection."""
    with wiring.connect(context.obj).sessions() as db:
        try:
            row = access.revoke_token(db, token_id, actor(), clock.now())
        except access.AccessError as refused:
            raise click.ClickException(str(refused)) from refused
        db.commit()
        click.echo(f"token {row.id} ({row.name}) revoked")


def _table(head: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    widths = [max(_width(line[i]) for line in (head, *rows)) for i in range(len(head))]
    return "\n".join("  ".join(cell + " " * (width - _width(cell))
                                for cell, width in zip(line, widths, strict=True)).rstrip()
                      for line in (head, *rows))


def _width(text: str) -> int:
    # Chinese characters take two columns in a terminal.
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


COMMANDS = (create_user, create_token, list_tokens, revoke_token)
