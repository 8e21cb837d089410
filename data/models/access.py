"""Who may see and change things: users, access tokens, failed sign-ins, source systems."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from data.domain import Role, Source
from data.models.base import Base, str_enum
from data.models.catalog import Department
from data.models.district import Street


class User(Base):
    """A person who signs in: a liaison, a leader, a duty officer or an administrator."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(50), unique=True)
    display_name: Mapped[str] = mapped_column(String(100))
    role: Mapped[Role] = mapped_column(str_enum(Role))
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime]
    created_by: Mapped[str] = mapped_column(String(100), server_default="")
    deactivated_at: Mapped[datetime | None]
    deactivated_by: Mapped[str | None] = mapped_column(String(100))
    # A department liaison's department: the incidents it sees and moves (PRODUCT §7).
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"))

    department: Mapped[Department | None] = relationship()


class DisplayToken(Base):
    """A token a wall opens with instead of a login, or a console calls the API with.

    Only a hash of the token is kept. A token may act for a user, so that what a console
    changes carries that person's name in the trail.
    """

    __tablename__ = "display_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    role: Mapped[Role] = mapped_column(str_enum(Role), server_default=Role.DISPLAY.value)
    token_hash: Mapped[str] = mapped_column(String(128), unique=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # A wall's token bound to a street opens that street's wall only (PRODUCT §7).
    street_id: Mapped[int | None] = mapped_column(ForeignKey("streets.id"))
    # A wall's token may rotate through views every `rotation_seconds` (none: it does not):
    # `rotation` lists them, comma-separated, "district" for the district's; none lists the
    # district, then every street (data.people.rotation).
    rotation: Mapped[str | None] = mapped_column(String(500))
    rotation_seconds: Mapped[int | None]
    created_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]
    revoked_by: Mapped[str | None] = mapped_column(String(100))

    user: Mapped[User | None] = relationship()
    street: Mapped[Street | None] = relationship()


class FailedSignIn(Base):
    """Sign-in attempts not yet forgiven, per name typed and client address, kept in the
    store so every process slows them (data.people.sign_in).

    Keyed by the name typed, whether or not such a user exists, so the wait gives nothing
    away; the name "" counts every name tried from the client.
    """

    __tablename__ = "failed_sign_ins"

    username: Mapped[str] = mapped_column(String(50), primary_key=True)
    client: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int]
    last_failed_at: Mapped[datetime]
    wait_until: Mapped[datetime | None]


class SourceSystem(Base):
    """Another system that reports and works incidents through the API with its own token.

    Its kind decides what it may do (PRODUCT §11); a department's system names its department.
    Only a hash of the token is kept.
    """

    __tablename__ = "source_systems"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(50), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(128), unique=True)
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime]
    kind: Mapped[Source] = mapped_column(str_enum(Source), server_default=Source.PATROL.value)
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"))
    created_by: Mapped[str] = mapped_column(String(100), server_default="")
    revoked_at: Mapped[datetime | None]
    revoked_by: Mapped[str | None] = mapped_column(String(100))

    department: Mapped[Department | None] = relationship()
