"""Check a username and password, and slow down repeated failures under one username.

The failures are counted in the store, so the wait holds across processes and restarts.
They are counted by the name typed, whether or not such a user exists, and the answer is
the same either way: a refusal never tells whether the user exists.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import cache

from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from data.models import FailedSignIn, User
from data.people import access

FREE_FAILURES = 5  # failures allowed before each further attempt must wait
FIRST_WAIT = timedelta(seconds=30)
LONGEST_WAIT = timedelta(minutes=15)  # the wait doubles up to this, so nobody is locked out


class SignInRefused(Exception):
    """The sign-in is refused; `retry_at` says when the next attempt is heard, if it must wait."""

    def __init__(self, retry_at: datetime | None = None) -> None:
        super().__init__(f"refused; next attempt heard from {retry_at:%H:%M:%S} UTC"
                         if retry_at else "wrong username or password")
        self.retry_at = retry_at


class WrongCredentials(SignInRefused):
    """The username and password do not match an active user."""


class MustWait(SignInRefused):
    """Too many failures under this username: the attempt was not even checked."""


def wait_after(failures: int) -> timedelta | None:
    """How long the next attempt must wait after `failures` failures in a row."""
    if failures < FREE_FAILURES:
        return None
    return min(FIRST_WAIT * 2 ** (failures - FREE_FAILURES), LONGEST_WAIT)


def sign_in(session: Session, username: str, password: str, at: datetime) -> User:
    """The active user with these credentials; raises `SignInRefused` (a subclass) if none.

    The caller commits either way, so a failure is counted.
    """
    key = username[:50]
    record = session.get(FailedSignIn, key, with_for_update=True)
    if record is not None and record.wait_until is not None and at < record.wait_until:
        raise MustWait(record.wait_until)
    user = session.scalar(select(User).where(User.username == username))
    if user is not None and user.active and _matches(user.password_hash, password):
        if record is not None:
            session.delete(record)
        if access.HASHER.check_needs_rehash(user.password_hash):
            user.password_hash = access.hash_password(password)
        return user
    if user is None:
        _matches(_unknown_hash(), password)  # take as long as for a real user
    record = _count_failure(session, key, at)
    raise WrongCredentials(record.wait_until)


def forgive(session: Session, username: str) -> None:
    """Forget the failures under `username`: its next attempt is heard at once."""
    record = session.get(FailedSignIn, username[:50])
    if record is not None:
        session.delete(record)


def _matches(password_hash: str, password: str) -> bool:
    try:
        return access.HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


@cache
def _unknown_hash() -> str:
    return access.hash_password("a password no user has")


def _count_failure(session: Session, key: str, at: datetime) -> FailedSignIn:
    record = session.get(FailedSignIn, key, with_for_update=True)
    if record is None:
        try:
            with session.begin_nested():  # another process may count the first failure too
                record = FailedSignIn(username=key, failures=0, last_failed_at=at)
                session.add(record)
        except IntegrityError:
            record = session.get(FailedSignIn, key, with_for_update=True, populate_existing=True)
    record.failures += 1
    record.last_failed_at = at
    wait = wait_after(record.failures)
    record.wait_until = at + wait if wait else None
    session.flush()
    return record
