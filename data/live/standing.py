"""What stood open, overdue and due soon at the same time yesterday, read back from the trail.

An incident's state at that moment is the state its first move since then left (each move
records the state it left), or, with no move since, the state it is in now. Its working
deadline then, and the yellow warning's moment (80 % of the limit gone), are the ones the
last dispatch, extension or resume before then set; with no move and no extension since,
they are its deadline and warning now. Events written before the moves recorded the
warning's moment name the deadline alone: such an event's warning is taken to be the
incident's warning now when the deadline it set is the deadline now (nothing has moved it
since), and otherwise cannot be told, so that incident is left out of "due soon" then.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime

from sqlalchemy import and_, func, literal, or_, select
from sqlalchemy.orm import Session, aliased

from data.domain import CLOCK_STATES, OPEN_STATES
from data.figures import trail as figures_trail
from data.incidents.trail import TRANSITIONS
from data.models import Event, Incident
from data.models.incident import event_deadline, event_due_soon

# The moves that change an incident's state; the extensions leave it as it is.
STATE_MOVES = tuple(sorted({move for move, (_, to) in TRANSITIONS.items() if to is not None}
                           | {"resume"}))
# An extension moves the deadline without a move: one granted after the deadline had passed
# leaves an incident overdue then with a later deadline now.
EXTENDED = "grant_extension"
OPEN, RUNNING = sorted(OPEN_STATES), sorted(CLOCK_STATES)
# Each grid's corrections of this moment's counts to that moment's (see `moved_since`).
CORRECTIONS = ("open_now", "overdue_now", "due_soon_now", "open_then", "overdue_then",
               "due_soon_then")
# Less apart than this, in hours, an event's deadline is the incident's deadline now.
SAME_MOMENT = 1 / 3600
# The moves since a moment are read between it, hidden from the planner, and this bound:
# PostgreSQL, its guess from the trail's times swollen by the day's reports (none of them a
# move), would otherwise expect thousands of moves where a day has hundreds, and hash the
# whole trail and every incident rather than look each moved incident up by key; a range
# with a bound it cannot see, it takes to be narrow.
END_OF_TIME = datetime(9999, 12, 31, tzinfo=UTC)


def moved_since(session: Session, then: object) -> dict[int, dict[str, int]]:
    """Per grid, of the incidents reported by `then` that moved state or were given more
    time since: how many are open now, and in a running clock now past a deadline, or past
    the warning but not the deadline, as the two stood at `then`; and how many were open
    then, overdue then, and due soon then.

    Read over the moves since `then` (a day's) and the deadline history of their incidents
    alone, so its cost follows a day's activity, not the size of the history.
    """
    # Grouped by an expression, not the column: SQLite would otherwise walk the whole trail
    # in the incident index's order to group it, rather than the day's moves by kind and time.
    touched = (Event.incident_id + 0).label("incident_id")
    moved = (select(touched, func.min(Event.id).filter(Event.kind.in_(STATE_MOVES))
                    .label("first"))
             .where(Event.kind.in_((*STATE_MOVES, EXTENDED)),
                    Event.at > select(literal(then, Event.at.type)).scalar_subquery(),
                    Event.at <= END_OF_TIME)
             .group_by(touched).subquery())
    # Each moved incident's two events looked up by key, one by one, whatever the planner
    # guesses; fenced (offset 0) so that each is looked up once, not once per count. Its row
    # PostgreSQL may still find by hashing the incidents reported by then: that follows the
    # size of the history, not the day's reports.
    left = aliased(Event)  # the first move since then: the state it left
    setting = aliased(Event)  # the last to set a deadline by then
    step = (select(moved.c.incident_id,
                   select(left.from_state).where(left.id == moved.c.first)
                   .scalar_subquery().label("left"),
                   select(setting.data)
                   .where(setting.incident_id == moved.c.incident_id,
                          setting.kind.in_(figures_trail.DEADLINE_SETTING),
                          setting.at <= then)
                   .order_by(setting.id.desc()).limit(1).scalar_subquery().label("data"))
            .offset(0).subquery())
    stood = func.coalesce(step.c.left, Incident.state)
    deadline_then, warned_then = event_deadline(step.c.data), event_due_soon(step.c.data)
    passed = figures_trail.iso(then)
    unchanged = func.abs(figures_trail.Hours(Incident.resolution_deadline, deadline_then))
    warned = or_(warned_then <= passed,
                 and_(warned_then.is_(None), unchanged < SAME_MOMENT,
                      Incident.due_soon_at <= then))
    running_then = stood.in_(RUNNING)
    rows = session.execute(
        select(Incident.grid_id,
               func.count().filter(Incident.state.in_(OPEN)),
               func.count().filter(and_(Incident.state.in_(RUNNING),
                                        Incident.resolution_deadline <= then)),
               func.count().filter(and_(Incident.state.in_(RUNNING),
                                        Incident.due_soon_at <= then,
                                        Incident.resolution_deadline > then)),
               func.count().filter(stood.in_(OPEN)),
               func.count().filter(and_(running_then, deadline_then <= passed)),
               func.count().filter(and_(running_then, deadline_then > passed, warned)))
        .select_from(step).join(Incident, Incident.id == step.c.incident_id)
        .where(Incident.reported_at <= then).group_by(Incident.grid_id))
    found: defaultdict[int, dict[str, int]] = defaultdict(lambda: dict.fromkeys(CORRECTIONS, 0))
    for grid_id, *numbers in rows:
        found[grid_id] = dict(zip(CORRECTIONS, numbers, strict=True))
    return found
