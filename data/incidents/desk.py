"""The moves people make at a desk: which a role may make on an incident, and making one.

Who may make which move (PRODUCT §7): the command centre (duty officers and administrators)
accepts, rejects, merges, dispatches, verifies, returns, closes, grants or refuses more time,
parks and resumes; the lead department's liaison signs, sends back, resolves and asks for
more time. A leader reads and moves nothing. Each move is made by the state machine's own
function (moves, holds, reports), so a screen and the API share the rules, never copies.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from data.domain import Level, Role
from data.incidents import holds, moves, reports
from data.incidents.trail import (
    TRANSITIONS,
    Actor,
    InvalidMove,
    MoveError,
    MoveRefused,
    moment,
)
from data.models import Department, Incident

CENTRE_MOVES = ("accept", "reject", "merge", "dispatch", "verify", "return", "close",
                "grant_extension", "refuse_extension", "park", "resume")
LIAISON_MOVES = ("sign", "send_back", "resolve", "request_extension")
CENTRE = frozenset({Role.DUTY, Role.ADMIN})
# Who may open an incident's page: leaders and above, and liaisons (their department's only).
READERS = frozenset({Role.LEADER, Role.DEPARTMENT})
EXTENSION_DECISIONS = frozenset({"grant_extension", "refuse_extension"})


class Moved(MoveError):
    """The incident moved since the page that asks was read; nothing was written."""

    def __init__(self, incident: Incident) -> None:
        super().__init__(f"incident {incident.code} moved since this page was read: it is "
                         f"{incident.state} now")
        self.code, self.state = incident.code, incident.state


class NotYours(MoveError):
    """The role may not make this move on this incident."""

    def __init__(self, move: str, role: Role) -> None:
        super().__init__(f"a {role} may not {move} this incident")
        self.move, self.role = move, role


def may_read(incident: Incident, role: Role, department: str | None) -> bool:
    """Whether `role` (a liaison of `department`) may see `incident`."""
    if role is not Role.DEPARTMENT:
        return role in (Role.LEADER, *CENTRE)
    codes = {d.code for d in incident.co_departments}
    if incident.lead_department is not None:
        codes.add(incident.lead_department.code)
    return department is not None and department in codes


def offered(incident: Incident, role: Role, department: str | None) -> list[str]:
    """The moves `role` may make on `incident` in its state now, in the order a form lists."""
    if role in CENTRE:
        candidates = CENTRE_MOVES
    elif (role is Role.DEPARTMENT and incident.lead_department is not None
          and incident.lead_department.code == department):
        candidates = LIAISON_MOVES
    else:
        return []
    pending = incident.pending_extension is not None
    return [move for move in candidates if incident.state in TRANSITIONS[move][0]
            and (move not in EXTENSION_DECISIONS or pending)
            and not (move == "request_extension" and pending)]


def make(session: Session, incident: Incident, move: str, role: Role, department: str | None,
         actor: Actor, rules: moves.Rules, fields: dict[str, Any], *,
         seen: datetime | None = None, at: datetime | None = None) -> None:
    """Make `move` on `incident` with a form's `fields`, if the role and the state allow it.

    `seen` is the incident's last move as the asking page showed it: if it has moved since,
    the move is refused (Moved) rather than made on a state the person never saw.
    """
    at = moment(at)
    if move not in MAKERS:
        raise InvalidMove("move", f"unknown move {move!r}")
    if seen is not None and incident.updated_at != seen:
        raise Moved(incident)
    if move not in offered(incident, role, department):
        if incident.state not in TRANSITIONS[move][0]:
            raise MoveRefused(move, incident)
        raise NotYours(move, role)
    MAKERS[move](session, incident, actor, rules, _Form(fields), at)


class _Form:
    """A form's fields, read as each move needs them."""

    def __init__(self, fields: dict[str, Any]) -> None:
        self.fields = fields

    def text(self, name: str) -> str | None:
        value = self.fields.get(name)
        return value.strip() if isinstance(value, str) and value.strip() else None

    def choice(self, name: str) -> Any:
        value = self.fields.get(name)
        return value if value not in ("", None) else None


def _department(session: Session, field: str, code: object) -> Department:
    department = session.scalar(select(Department).where(Department.code == str(code or "")))
    if department is None:
        raise InvalidMove(field, f"no department {code!r}" if code else "choose a department")
    return department


def _into(session: Session, code: str | None) -> Incident:
    into = session.scalar(select(Incident).where(Incident.code == (code or "").strip()))
    if into is None:
        raise InvalidMove("into", f"no incident {code!r}" if code else "name the incident")
    return into


def _callback(form: _Form) -> moves.Callback:
    reached = form.choice("reached")
    if reached not in ("yes", "no"):
        raise InvalidMove("callback", "say whether the reporter was reached")
    if reached == "no":
        return moves.Callback(False)
    solved = form.choice("solved")
    if solved not in ("yes", "no"):
        raise InvalidMove("callback.solved", "say whether the reporter's problem was solved")
    return moves.Callback(True, solved == "yes", form.choice("rating"))


def _amount(form: _Form) -> float:
    try:
        return float(form.choice("amount"))
    except (TypeError, ValueError):
        raise InvalidMove("amount", f"must be a positive number, got "
                          f"{form.choice('amount')!r}") from None


def _level(form: _Form) -> Level:
    try:
        return Level(form.choice("level") or Level.DISTRICT)
    except ValueError:
        raise InvalidMove("level", f"unknown level {form.choice('level')!r}") from None


Maker = Callable[[Session, Incident, Actor, moves.Rules, _Form, datetime], None]
MAKERS: dict[str, Maker] = {
    "accept": lambda s, i, a, r, f, at: moves.accept(s, i, a, at=at, note=f.text("note")),
    "reject": lambda s, i, a, r, f, at: moves.reject(s, i, a, reason=f.text("reason"), at=at),
    "merge": lambda s, i, a, r, f, at: reports.merge(s, i, _into(s, f.text("into")), a, at=at,
                                                     note=f.text("note")),
    "dispatch": lambda s, i, a, r, f, at: moves.dispatch(
        s, i, a, r, lead=_department(s, "lead", f.choice("lead")),
        co=[_department(s, "co", code) for code in f.choice("co") or []], at=at,
        note=f.text("note")),
    "verify": lambda s, i, a, r, f, at: moves.verify(s, i, a, at=at, note=f.text("note")),
    "return": lambda s, i, a, r, f, at: moves.rework(s, i, a, reason=f.text("reason"), at=at),
    "close": lambda s, i, a, r, f, at: moves.close(s, i, a, callback=_callback(f), at=at,
                                                   note=f.text("note")),
    "grant_extension": lambda s, i, a, r, f, at: holds.grant_extension(s, i, a, r, at=at,
                                                                       note=f.text("note")),
    "refuse_extension": lambda s, i, a, r, f, at: holds.refuse_extension(
        s, i, a, reason=f.text("reason"), at=at),
    "park": lambda s, i, a, r, f, at: holds.park(s, i, a, reason=f.text("reason"), at=at),
    "resume": lambda s, i, a, r, f, at: holds.resume(s, i, a, r, at=at, note=f.text("note")),
    "sign": lambda s, i, a, r, f, at: moves.sign(s, i, a, at=at, note=f.text("note")),
    "send_back": lambda s, i, a, r, f, at: moves.send_back(s, i, a, reason=f.text("reason"),
                                                           at=at),
    "resolve": lambda s, i, a, r, f, at: moves.resolve(s, i, a, at=at, note=f.text("note"),
                                                       level=_level(f)),
    "request_extension": lambda s, i, a, r, f, at: holds.request_extension(
        s, i, a, amount=_amount(f), unit=f.choice("unit") or "work_days",
        reason=f.text("reason"), at=at),
}
