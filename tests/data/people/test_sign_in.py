"""Signing in, and the waits after failures per name and client, on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from data import store
from data.domain import Role
from data.models import FailedSignIn
from data.people import access, sign_in

AT = datetime(2026, 10, 9, 2, 0, tzinfo=UTC)
PASSWORD = "correct horse"
HALL, ELSEWHERE = "10.1.2.3", "10.9.9.9"


@pytest.fixture
def sessions(engine, session):
    access.create_user(session, "wangfang", "值班员 王芳", Role.DUTY, PASSWORD, "管理员 李强", AT)
    session.commit()
    return store.make_sessionmaker(engine)


def fail(sessions, name="wangfang", at=AT, client=HALL) -> datetime | None:
    with pytest.raises(sign_in.WrongCredentials) as refused:
        sign_in.sign_in(sessions, name, "wrong", at, client)
    return refused.value.retry_at


def test_right_password_signs_in_and_wrong_one_is_refused(sessions):
    assert sign_in.sign_in(sessions, "wangfang", PASSWORD, AT, HALL).username == "wangfang"
    assert fail(sessions) is None


def test_unknown_and_deactivated_users_are_refused_like_a_wrong_password(sessions, session):
    user = session.scalar(select(access.User).where(access.User.username == "wangfang"))
    access.deactivate_user(session, user.id, "管理员 李强", AT)
    session.commit()
    for name in ("wangfang", "nobody"):
        with pytest.raises(sign_in.WrongCredentials) as refused:
            sign_in.sign_in(sessions, name, PASSWORD, AT, HALL)
        assert refused.value.retry_at is None and str(refused.value) == "wrong username or password"


def test_after_five_failures_each_attempt_waits_twice_as_long(sessions, session):
    at = AT
    assert [fail(sessions, at=at) for _ in range(5)] == [None] * 4 + [at + timedelta(seconds=30)]
    # Within the wait even the right password is not heard.
    with pytest.raises(sign_in.MustWait) as waiting:
        sign_in.sign_in(sessions, "wangfang", PASSWORD, at + timedelta(seconds=29), HALL)
    assert waiting.value.retry_at == at + timedelta(seconds=30)
    at += timedelta(seconds=30)
    assert fail(sessions, at=at) == at + timedelta(seconds=60)
    at += timedelta(seconds=60)
    assert sign_in.sign_in(sessions, "wangfang", PASSWORD, at, HALL).username == "wangfang"
    # Success starts the count again: the name's row is gone, the client's back to nothing.
    assert session.scalar(select(func.max(FailedSignIn.failures)).where(
        FailedSignIn.username == "wangfang")) is None
    assert fail(sessions, at=at) is None


def test_wait_grows_to_fifteen_minutes_and_no_further():
    waits = [sign_in.wait_after(n) for n in range(1, 12)]
    assert waits[:4] == [None] * 4
    assert [w.total_seconds() for w in waits[4:]] == [30, 60, 120, 240, 480, 900, 900]


def test_unknown_username_earns_the_same_wait_as_a_real_one(sessions):
    answers = {name: [fail(sessions, name) for _ in range(5)][-1]
               for name in ("wangfang", "nobody")}
    assert answers["wangfang"] == answers["nobody"] == AT + timedelta(seconds=30)


def test_failures_are_counted_in_the_store_for_every_process(sessions, engine):
    for _ in range(5):
        fail(sessions)
    other = store.make_sessionmaker(engine)  # as another process would open
    with pytest.raises(sign_in.MustWait):
        sign_in.sign_in(other, "wangfang", PASSWORD, AT + timedelta(seconds=1), HALL)


def test_failing_under_someones_name_elsewhere_never_keeps_them_out(sessions):
    for n in range(40):
        fail(sessions, at=AT + timedelta(minutes=16 * n), client=ELSEWHERE)
    late = AT + timedelta(minutes=16 * 40)
    assert sign_in.sign_in(sessions, "wangfang", PASSWORD, late, HALL).username == "wangfang"


def test_one_client_trying_many_names_must_wait_after_twenty_failures(sessions):
    waits = [fail(sessions, f"user{n}", client=ELSEWHERE) for n in range(20)]
    assert waits[-1] == AT + timedelta(seconds=30)
    with pytest.raises(sign_in.MustWait):  # a new name from the same client waits too
        sign_in.sign_in(sessions, "wangfang", PASSWORD, AT + timedelta(seconds=5), ELSEWHERE)
    assert sign_in.sign_in(sessions, "wangfang", PASSWORD, AT, HALL).username == "wangfang"


def test_thirty_attempts_at_once_get_no_more_than_five_passwords_checked(sessions, monkeypatch):
    checked, lock = [], threading.Lock()
    real = sign_in._matches

    def counting(password_hash: str, password: str) -> bool:
        with lock:
            checked.append(password)
        return real(password_hash, password)

    monkeypatch.setattr(sign_in, "_matches", counting)
    start, answers = threading.Barrier(30), []

    def attempt() -> None:
        start.wait()
        try:
            sign_in.sign_in(sessions, "wangfang", "wrong", AT, HALL)
        except sign_in.SignInRefused as refused:
            with lock:
                answers.append(type(refused).__name__)

    threads = [threading.Thread(target=attempt) for _ in range(30)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert len(checked) == 5
    assert sorted(answers) == ["MustWait"] * 25 + ["WrongCredentials"] * 5
