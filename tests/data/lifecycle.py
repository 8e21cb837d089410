"""Drive an incident into any state through the real moves, and call any move with good input."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from data.domain import Level, Rating, State
from data.incidents import holds, moves, reports
from data.models import Incident
from tests.factories import CENTRE, DEPARTMENT, Town, reported

Move = Callable[[Session, Incident, moves.Rules, Town, datetime], None]

MOVES: dict[str, Move] = {
    "accept": lambda s, i, r, t, at: moves.accept(s, i, CENTRE, at=at),
    "reject": lambda s, i, r, t, at: moves.reject(s, i, CENTRE, reason="不属于受理范围", at=at),
    "merge": lambda s, i, r, t, at: reports.merge(s, i, earlier_report(s, i), CENTRE, at=at),
    "dispatch": lambda s, i, r, t, at: moves.dispatch(
        s, i, CENTRE, r, lead=t.departments["D01"], co=[t.departments["D02"]], at=at),
    "self_handle": lambda s, i, r, t, at: moves.self_handle(
        s, i, CENTRE, level=Level.GRID, at=at, note="网格员现场清理"),
    "sign": lambda s, i, r, t, at: moves.sign(s, i, DEPARTMENT, at=at),
    "send_back": lambda s, i, r, t, at: moves.send_back(
        s, i, DEPARTMENT, reason="不属于本部门职责", at=at),
    "resolve": lambda s, i, r, t, at: moves.resolve(s, i, DEPARTMENT, at=at),
    "return": lambda s, i, r, t, at: moves.rework(s, i, CENTRE, reason="现场仍有垃圾", at=at),
    "verify": lambda s, i, r, t, at: moves.verify(s, i, CENTRE, at=at),
    "close": lambda s, i, r, t, at: moves.close(
        s, i, CENTRE, callback=moves.Callback(True, True, Rating.SATISFIED), at=at),
    "request_extension": lambda s, i, r, t, at: holds.request_extension(
        s, i, DEPARTMENT, amount=2, unit="work_hours", reason="需协调物业", at=at),
    "grant_extension": lambda s, i, r, t, at: holds.grant_extension(s, i, CENTRE, r, at=at),
    "refuse_extension": lambda s, i, r, t, at: holds.refuse_extension(
        s, i, CENTRE, reason="可按期完成", at=at),
    "park": lambda s, i, r, t, at: holds.park(s, i, CENTRE, reason="需财政立项", at=at),
    "resume": lambda s, i, r, t, at: holds.resume(s, i, CENTRE, r, at=at),
}

# The shortest real path from a new report to each state.
PATHS: dict[State, list[str]] = {
    State.REPORTED: [],
    State.ACCEPTED: ["accept"],
    State.REJECTED: ["reject"],
    State.MERGED: ["merge"],
    State.DISPATCHED: ["accept", "dispatch"],
    State.IN_PROGRESS: ["accept", "dispatch", "sign"],
    State.RESOLVED: ["accept", "dispatch", "sign", "resolve"],
    State.VERIFIED: ["accept", "dispatch", "sign", "resolve", "verify"],
    State.CLOSED: ["accept", "dispatch", "sign", "resolve", "verify", "close"],
    State.PARKED: ["accept", "dispatch", "sign", "park"],
}


def earlier_report(session: Session, incident: Incident) -> Incident:
    """The open report made just before `incident`, to merge it into."""
    session.flush()
    return session.scalars(select(Incident).where(
        Incident.id < incident.id, Incident.state == State.REPORTED
    ).order_by(Incident.id.desc())).first()


def incident_in(state: State, session: Session, rules: moves.Rules, place: Town,
                start: datetime, *, extension_pending: bool = False) -> Incident:
    """A committed incident brought to `state` one real move at a time, a minute apart.

    An open report of the same matter comes just before it, to be merged into.
    """
    reported(session, rules, place, at=start - timedelta(minutes=5))
    incident = reported(session, rules, place, at=start)
    at = start
    for step in PATHS[state]:
        at += timedelta(minutes=1)
        MOVES[step](session, incident, rules, place, at)
        if extension_pending and step == "dispatch":
            at += timedelta(minutes=1)
            MOVES["request_extension"](session, incident, rules, place, at)
    session.commit()
    return incident
