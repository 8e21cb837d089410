"""The trail: which moves each state allows, who made them, and how they are recorded."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from data import clock
from data.domain import ActorKind, State
from data.incidents import alert_rules, outbox
from data.models import Event, Incident

S = State

# move -> (states it is allowed from, state it leads to; None keeps the state)
TRANSITIONS: dict[str, tuple[frozenset[State], State | None]] = {
    "accept": (frozenset({S.REPORTED}), S.ACCEPTED),  # 立案
    "reject": (frozenset({S.REPORTED}), S.REJECTED),
    "merge": (frozenset({S.REPORTED, S.ACCEPTED}), S.MERGED),
    "dispatch": (frozenset({S.ACCEPTED}), S.DISPATCHED),  # 派遣 / 吹哨
    "self_handle": (frozenset({S.ACCEPTED}), S.RESOLVED),  # 就地处置
    "sign": (frozenset({S.DISPATCHED}), S.IN_PROGRESS),  # 签收 / 报到
    "send_back": (frozenset({S.DISPATCHED, S.IN_PROGRESS}), S.ACCEPTED),  # 退单
    "resolve": (frozenset({S.IN_PROGRESS}), S.RESOLVED),
    "return": (frozenset({S.RESOLVED}), S.IN_PROGRESS),  # 返工
    "verify": (frozenset({S.RESOLVED}), S.VERIFIED),  # 核查通过
    "close": (frozenset({S.VERIFIED}), S.CLOSED),  # 结案
    "request_extension": (frozenset({S.DISPATCHED, S.IN_PROGRESS}), None),
    "grant_extension": (frozenset({S.DISPATCHED, S.IN_PROGRESS}), None),  # 延期
    "refuse_extension": (frozenset({S.DISPATCHED, S.IN_PROGRESS}), None),
    "park": (frozenset({S.ACCEPTED, S.DISPATCHED, S.IN_PROGRESS}), S.PARKED),  # 挂账
    "resume": (frozenset({S.PARKED}), None),  # back to the state it was parked from
}


class MoveError(Exception):
    """A move was not made; nothing was written."""


class MoveRefused(MoveError):
    """The incident's current state does not allow the move."""

    def __init__(self, move: str, incident: Incident) -> None:
        allowed = ", ".join(sorted(TRANSITIONS[move][0]))
        super().__init__(
            f"cannot {move} incident {incident.code}: it is {incident.state}, "
            f"and {move} is allowed only from {allowed}"
        )
        self.move = move
        self.state = incident.state
        self.code = incident.code


class InvalidMove(MoveError):
    """A move's input is wrong; `field` names what."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field


@dataclass(frozen=True)
class Actor:
    """Who made a move: a signed-in person or a source system, by name."""

    kind: ActorKind
    name: str

    @classmethod
    def person(cls, name: str) -> Actor:
        return cls(ActorKind.PERSON, name)

    @classmethod
    def system(cls, code: str) -> Actor:
        return cls(ActorKind.SYSTEM, code)


# Alerts raised, cleared, escalated and raised again by the rules, not by a person.
ALERT_ENGINE = Actor.system("alerts")


def moment(at: datetime | None) -> datetime:
    """The move's time: `at` (aware, any zone) in UTC, or now."""
    if at is None:
        return clock.now()
    if at.tzinfo is None:
        raise InvalidMove("at", f"naive datetime {at.isoformat()}: give a time zone")
    return at.astimezone(UTC)


def check(move: str, incident: Incident, actor: Actor, at: datetime) -> None:
    """Refuse the move before anything is written if the state, actor or time is wrong."""
    allowed, _ = TRANSITIONS[move]
    if incident.state not in allowed:
        raise MoveRefused(move, incident)
    if not actor.name or not actor.name.strip():
        raise InvalidMove("actor", "every move records who made it; the name is empty")
    if incident.updated_at is not None and at < incident.updated_at:
        raise InvalidMove(
            "at",
            f"{at.isoformat()} is before the incident's last move "
            f"at {incident.updated_at.isoformat()}",
        )


def required_text(field: str, value: str | None, limit: int = 2000) -> str:
    """Return `value` stripped, or refuse it when it is empty, too long or not storable."""
    text = storable_text(field, value, limit)
    if not text:
        raise InvalidMove(field, "is required")
    return text


def optional_text(field: str, value: str | None, limit: int = 2000) -> str | None:
    """Return `value` stripped, None when it is empty, or refuse it when it is too long."""
    return storable_text(field, value, limit) or None


def storable_text(field: str, value: str | None, limit: int) -> str:
    """`value` stripped, refused when longer than its column or holding what no store keeps.

    PostgreSQL keeps no NUL character, and no store keeps half of a UTF-16 surrogate pair;
    refusing them here holds every writer to it: the API, the command line, the simulator.
    """
    if value is not None and not isinstance(value, str):
        raise InvalidMove(field, f"must be text, not {type(value).__name__}")
    text = (value or "").strip()
    if len(text) > limit:
        raise InvalidMove(field, f"is {len(text)} characters; at most {limit}")
    flaw = text_flaw(text)
    if flaw:
        raise InvalidMove(field, flaw)
    return text


def text_flaw(value: str) -> str | None:
    """What makes `value` unfit for any text field, or None: PostgreSQL keeps no NUL
    character, and no store keeps half of a UTF-16 surrogate pair."""
    if "\x00" in value:
        return "holds a NUL character"
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return "holds a lone UTF-16 surrogate, which is not text"
    return None


def record(
    session: Session,
    incident: Incident,
    move: str,
    actor: Actor,
    at: datetime,
    *,
    to_state: State | None = None,
    note: str | None = None,
    department_id: int | None = None,
    data: dict[str, Any] | None = None,
) -> Event:
    """Move the incident to its next state and append the move to its trail."""
    from_state = incident.state
    target = to_state or TRANSITIONS.get(move, (None, None))[1] or from_state
    incident.state = target
    incident.updated_at = at
    event = Event(
        incident=incident,
        kind=move,
        from_state=from_state.value if from_state else None,
        to_state=target.value,
        at=at,
        actor_kind=actor.kind,
        actor=actor.name.strip(),
        department_id=department_id,
        note=note,
        data=data,
    )
    session.add(event)
    outbox.owe(session, incident, event)  # its webhooks' deliveries, committed with it
    # A move can make an alert due or move the incident past one: settled in the same
    # transaction, so the trail shows the move and what it did to the alerts together.
    for change in alert_rules.settle(session, incident, from_state, at):
        append(session, change.incident, change.event, ALERT_ENGINE, at, data=change.data())
    return event


def append(
    session: Session,
    incident: Incident,
    kind: str,
    actor: Actor,
    at: datetime,
    *,
    note: str | None = None,
    data: dict[str, Any] | None = None,
) -> Event:
    """Append an event that leaves the incident's state as it is: alerts, 督办."""
    state = incident.state.value
    event = Event(
        incident=incident,
        kind=kind,
        from_state=state,
        to_state=state,
        at=at,
        actor_kind=actor.kind,
        actor=actor.name.strip(),
        note=note,
        data=data,
    )
    session.add(event)
    outbox.owe(session, incident, event)
    return event


# The moves that set an incident's resolution deadline (figures count due from them).
DEADLINE_SETTING = ("dispatch", "grant_extension", "resume")


def judged_deadline(session: Session, incident: Incident) -> datetime | None:
    """The deadline the figures judge the incident by (PRODUCT §6): the one its latest
    dispatch, resume or timely extension set. An extension granted after that deadline had
    passed moves the working deadline, but the incident stays judged by the one it missed."""
    if not incident.extension_count:  # no grant since the deadline was set
        return incident.resolution_deadline
    data = session.scalar(select(Event.data).where(
        Event.incident_id == incident.id, Event.kind.in_(DEADLINE_SETTING))
        .order_by(Event.id.desc()).limit(1))
    if data and data.get("late") and data.get("judged"):
        return datetime.fromisoformat(data["judged"])
    return incident.resolution_deadline
