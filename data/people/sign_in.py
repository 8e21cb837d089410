"""Check a username and password, and slow down repeated failures, per client and per name.

Failures are counted in the store, so a wait holds across processes and restarts, and they
are counted before the password is checked: each attempt is admitted by one conditional
update, committed before the check, so however many arrive at once, no more than the free
attempts are ever checked. Two counts slow an attacker:

- the name typed from one client address (5 free failures, then 30 s doubling to 15 min):
  guessing one account's password from one place;
- every name from one client address (20 free failures, then the same waits): trying many
  accounts from one place.

Neither is counted per name alone, so nobody can keep an administrator out by failing under
their name from elsewhere. A name is counted whether or not such a user exists, and the answer
is the same either way: a refusal never tells whether the user exists.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import cache

from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import case, delete, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, selectinload, sessionmaker

from data.models import FailedSignIn, User
from data.people import access

FREE_FAILURES = 5  # failures of one name from one client before each attempt must wait
FREE_CLIENT_FAILURES = 20  # failures of any names from one client before it must wait
FIRST_WAIT = timedelta(seconds=30)
LONGEST_WAIT = timedelta(minutes=15)  # the wait doubles up to this, so nobody is locked out
ANY_NAME = ""  # the client's own count, across every name it tries


class SignInRefused(Exception):
    """The sign-in is refused; `retry_at` says when the next attempt is heard, if it must wait."""

    def __init__(self, retry_at: datetime | None = None) -> None:
        super().__init__(f"refused; next attempt heard from {retry_at:%H:%M:%S} UTC"
                         if retry_at else "wrong username or password")
        self.retry_at = retry_at


class WrongCredentials(SignInRefused):
    """The username and password do not match an active user."""


class MustWait(SignInRefused):
    """Too many failures from this client: the attempt was not even checked."""


def wait_after(failures: int, free: int = FREE_FAILURES) -> timedelta | None:
    """How long the next attempt must wait after `failures` failures in a row."""
    if failures < free:
        return None
    return min(FIRST_WAIT * 2 ** (failures - free), LONGEST_WAIT)


def sign_in(sessions: sessionmaker[Session], username: str, password: str, at: datetime,
            client: str = "") -> User:
    """The active user with these credentials; raises `SignInRefused` (a subclass) if none.

    It commits twice, on purpose: the attempt is counted and committed before the password
    is checked, so that concurrent attempts see each other; the verdict after.
    """
    name, client = username[:50], client[:64]
    with sessions.begin() as session:
        admitted = _admit(session, name, client, at)
    with sessions.begin() as session:
        # The caller reads the user after this session: its department comes along now.
        user = session.scalar(select(User).options(selectinload(User.department))
                              .where(User.username == username))
        if user is not None and user.active and _matches(user.password_hash, password):
            _counted_as_success(session, name, client)
            if access.HASHER.check_needs_rehash(user.password_hash):
                user.password_hash = access.hash_password(password)
            session.expunge(user)
            return user
        if user is None:
            _matches(_unknown_hash(), password)  # take as long as for a real user
    raise WrongCredentials(admitted)


def forgive(session: Session, username: str) -> None:
    """Forget the failures under `username` from every client: its next attempt is heard."""
    session.execute(delete(FailedSignIn).where(FailedSignIn.username == username[:50]))


def _admit(session: Session, name: str, client: str, at: datetime) -> datetime | None:
    """Count the attempt under the name and under the client, or refuse it if either must
    wait; return when the name may next be tried if this attempt fails."""
    waits = []
    for key, free in ((name, FREE_FAILURES), (ANY_NAME, FREE_CLIENT_FAILURES)):
        insert = (postgresql if session.get_bind().dialect.name == "postgresql"
                  else sqlite).insert
        session.execute(insert(FailedSignIn).on_conflict_do_nothing().values(
            username=key, client=client, failures=0, last_failed_at=at))
        row = FailedSignIn.username == key, FailedSignIn.client == client
        counted = session.execute(
            update(FailedSignIn).where(
                *row, (FailedSignIn.wait_until.is_(None)) | (FailedSignIn.wait_until <= at))
            .values(failures=FailedSignIn.failures + 1, last_failed_at=at,
                    wait_until=_ladder(FailedSignIn.failures + 1, free, at))
            .returning(FailedSignIn.wait_until)).first()
        if counted is None:
            raise MustWait(session.scalar(select(FailedSignIn.wait_until).where(*row)))
        waits.append(counted.wait_until)
    return max((wait for wait in waits if wait is not None), default=None)


def _ladder(failures: object, free: int, at: datetime) -> object:
    """The wait after `failures` (a SQL expression), as one CASE: decided in the update."""
    steps = [(failures == free + n, at + wait_after(free + n, free)) for n in range(6)]
    return case(*steps, (failures > free + 5, at + LONGEST_WAIT), else_=None)


def _counted_as_success(session: Session, name: str, client: str) -> None:
    """Undo the attempt's count: a right password forgives the name from this client."""
    session.execute(delete(FailedSignIn).where(FailedSignIn.username == name,
                                               FailedSignIn.client == client))
    fewer = FailedSignIn.failures - 1
    session.execute(update(FailedSignIn).where(
        FailedSignIn.username == ANY_NAME, FailedSignIn.client == client,
        FailedSignIn.failures > 0).values(
            failures=fewer, wait_until=case((fewer < FREE_CLIENT_FAILURES, None),
                                            else_=FailedSignIn.wait_until)))


def _matches(password_hash: str, password: str) -> bool:
    try:
        return access.HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


@cache
def _unknown_hash() -> str:
    return access.hash_password("a password no user has")
