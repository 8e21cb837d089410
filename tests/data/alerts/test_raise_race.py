"""A scan and a move raising the same alert at once leave one alert and one raise (PRODUCT §5).

Each runs in its own transaction: the second insert of the alert waits for the first
transaction, and when that commits, the second goes on from the alert it committed.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import datetime, timedelta

import pytest
from sqlalchemy import Engine, event, select, text
from sqlalchemy.orm import Session

from data import alerts, store
from data.domain import AlertKind, LimitUnit
from data.incidents import alert_rules, holds
from data.models import Alert, Event, Incident
from tests.factories import CENTRE, DEPARTMENT, handled, local, town

DUE = local(2026, 3, 3, 11)  # an hour past the resolution deadline of `overdue_flood`'s flood
WAIT = 30  # seconds a blocked transaction may take to show up, or to finish once unblocked


def overdue_flood(session: Session, rules, place=None) -> Incident:
    """A flood signed for 25 hours before DUE and left unresolved, committed, with no alert;
    more time was asked for at once, and the request still waits."""
    signed = DUE - timedelta(hours=25) + timedelta(minutes=10)
    incident = handled(session, rules, place or town(session), DUE - timedelta(hours=25),
                       signed=timedelta(minutes=10))
    holds.request_extension(session, incident, DEPARTMENT, amount=2, unit=LimitUnit.HOURS,
                            reason="等待配件", at=signed + timedelta(minutes=1))
    session.commit()
    return incident


def refuse_more_time(session: Session, incident_id: int, at: datetime) -> None:
    """The centre's move, past the deadline: the request is refused and the incident stays on
    the clock, so the move settles its alerts."""
    holds.refuse_extension(session, session.get(Incident, incident_id), CENTRE,
                           reason="已超过办理时限", at=at)


def in_thread(work: Callable[[], object]) -> tuple[threading.Thread, list[BaseException]]:
    """Start `work` in a thread of its own; the list receives its error, if it raises one."""
    failed: list[BaseException] = []

    def run() -> None:
        try:
            work()
        except BaseException as error:  # noqa: BLE001 - the test asserts there is none
            failed.append(error)

    thread = threading.Thread(target=run)
    thread.start()
    return thread, failed


def backend(session: Session) -> int:
    """The PostgreSQL backend serving the session's transaction."""
    return session.scalar(text("SELECT pg_backend_pid()"))


def wait_until_blocked_behind(engine: Engine, pid: int) -> None:
    """Return once another transaction waits for a lock held by backend `pid`."""
    deadline = time.monotonic() + WAIT
    with engine.connect() as watch:
        while not watch.scalar(text("SELECT count(*) FROM pg_stat_activity "
                                    "WHERE :pid = ANY(pg_blocking_pids(pid))"), {"pid": pid}):
            watch.rollback()  # a fresh look at the activity each time
            assert time.monotonic() < deadline, "nothing waited for the first transaction"
            time.sleep(0.01)


def raises(session: Session, incident: Incident) -> tuple[list[AlertKind], list[tuple]]:
    """The incident's alert kinds, and its raise events as (time, actor) pairs."""
    session.expire_all()
    kinds = session.scalars(select(Alert.kind).where(Alert.incident_id == incident.id)).all()
    events = session.execute(select(Event.at, Event.actor).where(
        Event.incident_id == incident.id, Event.kind == alert_rules.RAISE)).all()
    return [AlertKind(kind) for kind in kinds], [tuple(row) for row in events]


def extension_refused(session: Session, incident: Incident) -> bool:
    """Whether the centre's refusal of the request for more time was written."""
    return session.scalar(select(Incident.pending_extension).where(
        Incident.id == incident.id)) is None


def move_behind_the_scan(engine: Engine, incident: Incident, moved: datetime,
                         scan_commits: bool) -> list[BaseException]:
    """The scan inserts the alert and holds it; the move raising it waits; the scan ends."""
    sessions = store.make_sessionmaker(engine)
    with sessions() as scan:
        alerts.scan(scan, DUE, alerts.Policy())  # the overdue alert, inserted, not committed
        pid = backend(scan)

        def move() -> None:
            with sessions() as own, own.begin():
                refuse_more_time(own, incident.id, moved)

        thread, failed = in_thread(move)
        wait_until_blocked_behind(engine, pid)  # the move's insert of the same alert waits
        if scan_commits:
            scan.commit()
        else:
            scan.rollback()
    thread.join(timeout=WAIT)
    return failed


@pytest.mark.parametrize("engine", ["postgresql"], indirect=True)
def test_a_move_waiting_on_the_scan_raising_its_alert_commits_with_the_scans_alert(
        engine, session, rules):
    incident = overdue_flood(session, rules)
    assert move_behind_the_scan(engine, incident, DUE + timedelta(minutes=1), True) == []
    assert raises(session, incident) == ([AlertKind.OVERDUE], [(DUE, "alerts")])
    assert extension_refused(session, incident)


@pytest.mark.parametrize("engine", ["postgresql"], indirect=True)
def test_a_move_waiting_on_a_scan_that_fails_raises_the_alert_itself(engine, session, rules):
    incident = overdue_flood(session, rules)
    moved = DUE + timedelta(minutes=1)
    assert move_behind_the_scan(engine, incident, moved, False) == []
    assert raises(session, incident) == ([AlertKind.OVERDUE], [(moved, "alerts")])
    assert extension_refused(session, incident)


@pytest.mark.parametrize("engine", ["postgresql"], indirect=True)
def test_a_scan_waiting_on_a_move_raising_its_alert_commits_the_rest_of_its_run(
        engine, session, rules):
    place = town(session)
    incident, other = overdue_flood(session, rules, place), overdue_flood(session, rules, place)
    sessions = store.make_sessionmaker(engine)
    moved = DUE + timedelta(minutes=1)
    with sessions() as move:
        refuse_more_time(move, incident.id, moved)
        move.flush()  # the move's overdue alert, inserted, not committed
        pid = backend(move)
        written: list[int] = []

        def scan() -> None:
            with sessions() as own, own.begin():
                written.append(alerts.scan(own, moved + timedelta(seconds=5), alerts.Policy()))

        thread, failed = in_thread(scan)
        wait_until_blocked_behind(engine, pid)  # the scan's insert of the same alert waits
        move.commit()
    thread.join(timeout=WAIT)
    assert failed == []
    assert written == [1]  # the other incident's alert, raised in the same run
    assert raises(session, incident) == ([AlertKind.OVERDUE], [(moved, "alerts")])
    assert raises(session, other)[0] == [AlertKind.OVERDUE]


def test_a_move_whose_alert_the_scan_committed_after_the_move_read_it_keeps_that_alert(
        engine, session, rules):
    incident = overdue_flood(session, rules)
    sessions = store.make_sessionmaker(engine)

    def scan_in_between(_conn, _cursor, statement, *_args) -> None:
        # Right after the move read the incident's alerts, before it writes anything.
        if scanned or not statement.startswith("SELECT alerts."):
            return
        scanned.append(True)
        with sessions() as scan, scan.begin():
            alerts.scan(scan, DUE, alerts.Policy())

    scanned: list[bool] = []
    event.listen(engine, "after_cursor_execute", scan_in_between)
    try:
        with sessions() as own, own.begin():
            refuse_more_time(own, incident.id, DUE + timedelta(minutes=1))
    finally:
        event.remove(engine, "after_cursor_execute", scan_in_between)
    assert scanned == [True]
    assert raises(session, incident) == ([AlertKind.OVERDUE], [(DUE, "alerts")])
    assert extension_refused(session, incident)
