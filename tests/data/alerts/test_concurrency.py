"""Fifty officers acknowledging one alert at once leave exactly one acknowledgement."""

from __future__ import annotations

import threading
from datetime import timedelta

from sqlalchemy import func, select

from data import alerts, store
from data.incidents.trail import Actor
from data.models import Alert, Event
from tests.factories import local, standing_overdue, town

OFFICERS = 50
RAISED = local(2026, 3, 3, 11)


def test_fifty_concurrent_acknowledgements_leave_one_and_name_it_to_the_rest(
        engine, session, rules):
    alert_id = standing_overdue(session, rules, town(session), at=RAISED).id
    sessions = store.make_sessionmaker(engine)
    start = threading.Barrier(OFFICERS)
    won: list[str] = []
    told: list[str] = []
    failed: list[BaseException] = []

    def officer(n: int) -> None:
        name = f"值班员 {n:02d}"
        start.wait()
        try:
            with sessions() as own, own.begin():
                alerts.acknowledge(own, alert_id, Actor.person(name), note=f"第{n}位确认",
                                   at=RAISED + timedelta(minutes=1))
            won.append(name)
        except alerts.AlreadyAcknowledged as refused:
            told.append(refused.by)
        except BaseException as error:  # noqa: BLE001 - reported below, with the thread's name
            failed.append(error)

    threads = [threading.Thread(target=officer, args=(n,)) for n in range(OFFICERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert failed == []
    assert len(won) == 1 and len(told) == OFFICERS - 1
    assert set(told) == set(won)  # every one of the others is told who was first
    session.expire_all()
    alert = session.get(Alert, alert_id)
    assert (alert.acknowledged_by, alert.ack_note) == (won[0], f"第{int(won[0][-2:])}位确认")
    acknowledgements = session.scalar(select(func.count()).select_from(Event).where(
        Event.kind == "alert_acknowledge"))
    assert acknowledgements == 1
