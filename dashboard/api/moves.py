"""Every move of an incident's life through the API (PRODUCT §4, §11): the same functions the
desk and the simulator call, in one transaction, in the caller's name.

A move the state does not allow is 409 `move_refused` with the incident's state; bad input
is 422 naming the field; either way nothing is written.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from dashboard import wiring
from dashboard.api import incidents, permits, schemas, shapes
from dashboard.api.errors import ApiError
from data import clock
from data.domain import Level, LimitUnit, Rating
from data.incidents import holds, moves, reports
from data.incidents.moves import Rules
from data.incidents.trail import Actor, InvalidMove, MoveRefused
from data.models import Department, Incident

Reason = Field(min_length=1, max_length=2000)


class NoteIn(schemas.In):
    """An optional note for the trail."""

    note: schemas.Note


class ReasonIn(schemas.In):
    """The reason, recorded in the trail."""

    reason: str = Reason


class MergeIn(NoteIn):
    """The open incident this report repeats."""

    into: schemas.Code


class DispatchIn(NoteIn):
    """The lead department (主办) and any co-handling ones (协办), by code."""

    lead: schemas.Code
    co: list[schemas.Code] = Field(default_factory=list, max_length=10)


class ResolveIn(NoteIn):
    """The level at which it was resolved."""

    level: Level = Level.DISTRICT


class SelfHandleIn(NoteIn):
    """The level below the district at which it was handled on the spot."""

    level: Level


class CallbackIn(schemas.In):
    """The reporter's callback (回访): reached or not; solved; the rating."""

    reached: bool
    solved: bool | None = None
    rating: Rating | None = None


class CloseIn(NoteIn):
    """Close with the reporter's callback."""

    callback: CallbackIn


class ExtensionIn(ReasonIn):
    """More time asked for, and why."""

    amount: float = Field(gt=0, le=1000)
    unit: LimitUnit


Apply = Callable[[Session, Incident, Actor, Rules, Any], None]


def _department(db: Session, code: str, field: str) -> Department:
    found = db.scalar(select(Department).where(Department.code == code))
    if found is None:
        raise ApiError(422, "invalid", f"no department {code}", field)
    return found


def _dispatch(db: Session, row: Incident, actor: Actor, rules: Rules, body: DispatchIn) -> None:
    co = [_department(db, code, f"co.{n}") for n, code in enumerate(body.co)]
    moves.dispatch(db, row, actor, rules, lead=_department(db, body.lead, "lead"), co=co,
                   note=body.note)


def _merge(db: Session, row: Incident, actor: Actor, rules: Rules, body: MergeIn) -> None:
    into = incidents.by_code(db, body.into)
    if into is None:
        raise ApiError(422, "invalid", f"no incident {body.into}", "into")
    reports.merge(db, row, into, actor, note=body.note)


def _close(db: Session, row: Incident, actor: Actor, rules: Rules, body: CloseIn) -> None:
    callback = moves.Callback(**body.callback.model_dump())
    moves.close(db, row, actor, callback=callback, note=body.note)


# move -> (what it takes, how it is made)
MOVES: dict[str, tuple[type[BaseModel], Apply]] = {
    "accept": (NoteIn, lambda db, r, a, rules, b: moves.accept(db, r, a, note=b.note)),
    "reject": (ReasonIn, lambda db, r, a, rules, b: moves.reject(db, r, a, reason=b.reason)),
    "merge": (MergeIn, _merge),
    "dispatch": (DispatchIn, _dispatch),
    "sign": (NoteIn, lambda db, r, a, rules, b: moves.sign(db, r, a, note=b.note)),
    "send-back": (ReasonIn, lambda db, r, a, rules, b: moves.send_back(db, r, a,
                                                                       reason=b.reason)),
    "resolve": (ResolveIn, lambda db, r, a, rules, b: moves.resolve(db, r, a, note=b.note,
                                                                    level=b.level)),
    "self-handle": (SelfHandleIn, lambda db, r, a, rules, b: moves.self_handle(
        db, r, a, level=b.level, note=b.note)),
    "return": (ReasonIn, lambda db, r, a, rules, b: moves.rework(db, r, a, reason=b.reason)),
    "verify": (NoteIn, lambda db, r, a, rules, b: moves.verify(db, r, a, note=b.note)),
    "close": (CloseIn, _close),
    "request-extension": (ExtensionIn, lambda db, r, a, rules, b: holds.request_extension(
        db, r, a, amount=b.amount, unit=b.unit, reason=b.reason)),
    "grant-extension": (NoteIn, lambda db, r, a, rules, b: holds.grant_extension(
        db, r, a, rules, note=b.note)),
    "refuse-extension": (ReasonIn, lambda db, r, a, rules, b: holds.refuse_extension(
        db, r, a, reason=b.reason)),
    "park": (ReasonIn, lambda db, r, a, rules, b: holds.park(db, r, a, reason=b.reason)),
    "resume": (NoteIn, lambda db, r, a, rules, b: holds.resume(db, r, a, rules, note=b.note)),
}


def view(move: str) -> Callable[..., schemas.IncidentOut]:
    """The view that makes `move` on the incident named in the path."""
    apply = MOVES[move][1]

    def make(code: str, body: BaseModel) -> schemas.IncidentOut:
        wired = wiring.current()
        with wired.sessions.begin() as db:
            row = incidents.by_code(db, code, for_update=True)
            if row is None or not permits.sees(db, row):
                raise ApiError(404, "not_found", f"no incident {code} that you may see", "code")
            principal = permits.mover(move, row)
            try:
                apply(db, row, permits.actor(principal), wired.rules, body)
                db.flush()
            except MoveRefused as refused:
                raise ApiError(409, "move_refused", str(refused), None,
                               state=refused.state.value) from None
            except InvalidMove as bad:
                raise ApiError(422, "invalid", str(bad), bad.field) from None
            return shapes.incident(db, row, clock.now())

    make.__name__ = move.replace("-", "_")
    make.__doc__ = f"Make the move {move} on the incident."
    return make
