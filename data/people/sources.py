"""Source systems: other systems that report and work incidents with their own token.

A source's kind decides what it may do (PRODUCT §11); a department's system works only its
own department's incidents. Only a hash of the token is kept. Functions here never commit.
"""

from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from data.domain import Source
from data.models import Department, SourceSystem
from data.people import access

NAME_LIMIT = 50  # the name is also the source's code, kept on every incident it reports


def create_source(session: Session, name: str, kind: Source | str, created_by: str,
                  at: datetime, department: str | None = None) -> tuple[SourceSystem, str]:
    """Add a source system; its bearer token is returned once and never kept."""
    name = (name or "").strip()
    if not name or len(name) > NAME_LIMIT or any(not c.isprintable() for c in name):
        raise access.AccessError("source_name", f"source name: 1 to {NAME_LIMIT} printable "
                                 "characters")
    try:
        kind = Source(kind)
    except ValueError:
        raise access.AccessError("source_kind", f"unknown kind {kind!r}; one of "
                                 + ", ".join(s.value for s in Source)) from None
    if session.scalar(select(SourceSystem.id).where(SourceSystem.code == name)) is not None:
        raise access.AccessError("source_taken", f"a source named {name!r} exists", name=name)
    row_department = None
    if kind == Source.DEPARTMENT:
        if not department:
            raise access.AccessError("source_department",
                                     "a department's system needs --department CODE")
        row_department = session.scalar(select(Department).where(
            Department.code == department, Department.active.is_(True)))
        if row_department is None:
            raise access.AccessError("source_department", f"no active department {department!r}",
                                     department=department)
    elif department:
        raise access.AccessError("source_department",
                                 "only a source of kind department names a department")
    token = secrets.token_urlsafe(32)
    row = SourceSystem(code=name, name=name, kind=kind, department=row_department,
                       token_hash=access.hash_token(token), active=True, created_at=at,
                       created_by=created_by)
    session.add(row)
    session.flush()
    return row, token


def revoke_source(session: Session, source_id: int, by: str, at: datetime) -> SourceSystem:
    """Revoke a source's token: its next request is refused."""
    row = session.get(SourceSystem, source_id)
    if row is None:
        raise access.AccessError("no_source", f"no source {source_id}", id=source_id)
    if not row.active:
        raise access.AccessError("source_revoked", f"source {source_id} ({row.name}) was already "
                                 f"revoked by {row.revoked_by}", id=source_id, by=row.revoked_by)
    row.active, row.revoked_at, row.revoked_by = False, at, by
    return row


def sources(session: Session) -> list[SourceSystem]:
    """Every source, revoked ones too, the newest first."""
    return list(session.scalars(select(SourceSystem).order_by(SourceSystem.id.desc())))


def source_by_secret(session: Session, token: str) -> SourceSystem | None:
    """The active source whose token is `token`."""
    row = session.scalar(select(SourceSystem).where(
        SourceSystem.token_hash == access.hash_token(token)))
    return row if row is not None and row.active else None
