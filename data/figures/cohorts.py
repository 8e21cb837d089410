"""The incidents each figure counts, found in the trail as one event per incident.

- reports: `report` events in the period; `accept` events in the period.
- dispatches: the dispatches in the period that still stand, i.e. were not sent back (退单):
  a send-back says the dispatch went to the wrong department, so it is the later dispatch
  that counts, for the department that took the incident on.
- resolutions: the resolutions (resolve, self_handle) in the period that still stand, i.e.
  were not returned (返工) since; an incident returned and resolved again counts once, when
  it was last resolved.
- closures: the `close` events in the period, with the callback (回访) they record.
- due (应结案数): an incident falls due once — when it is resolved, if that is before its
  deadline; otherwise when its deadline passes, resolved late or not at all. Its deadline is
  the one its latest dispatch, granted extension or resume set (parking does not stop it: a
  deadline passing while parked falls due like any other, and a resume moves it only from
  then on). So a period's due are the incidents resolved in it on time, and those whose
  deadline fell in it (by now) that were not resolved on time.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, func, null, select

from data.domain import LOCAL_LEVELS, Rating, State
from data.figures import trail
from data.figures.frame import Cohort, Frame
from data.figures.trail import DEADLINE_SETTING, RESOLVING, flag, text, within
from data.models import Incident

SATISFIED = [Rating.SATISFIED.value, Rating.BASIC.value]
LOCAL = sorted(level.value for level in LOCAL_LEVELS)


def reports(frame: Frame) -> Cohort:
    """Reports in the period, which of them were accepted by now, and acceptances in it."""
    event = trail.rows()
    reported = event.kind == "report"
    accepted = trail.latest(["accept"], frame.start, frame.now)
    return Cohort("report_or_accept", event, null(), [
        event.kind.in_(["report", "accept"]), *_during(event, frame)],
        joins=[trail.joined(event, accepted)],
        flags={"reported": reported, "accepted": event.kind == "accept",
               "reported_accepted": reported & trail.followed(event, accepted.c.last)})


def dispatches(frame: Frame) -> Cohort:
    """Standing dispatches in the period: signed on time, granted an extension."""
    event, start, now = trail.rows(), frame.start, frame.now
    sent_back = trail.latest(["send_back"], start, now)
    # A standing dispatch is followed by one sign at most: its own.
    signed = trail.latest(["sign"], start, now, lambda e: flag(e, "on_time"))
    granted = trail.latest(["grant_extension"], start, now)
    return Cohort("dispatched", event, event.department_id, [
        event.kind == "dispatch", *_during(event, frame), trail.standing(event, sent_back.c.last)],
        joins=[trail.joined(event, found) for found in (sent_back, signed, granted)],
        flags={"signed_on_time": trail.followed(event, signed.c.last),
               "extended": trail.followed(event, granted.c.last)})


def resolutions(frame: Frame) -> Cohort:
    """Standing resolutions in the period: returned before, at what level, how long it took."""
    event = trail.rows()
    returned = trail.latest(["return"], frame.start, frame.now)
    hours = trail.Hours(text(event, "dispatched_at"), event.at)
    return Cohort("resolved", event, event.department_id, [
        event.kind.in_(RESOLVING), *_during(event, frame), trail.standing(event, returned.c.last)],
        joins=[trail.joined(event, returned)],
        flags={"returned": event.data["returns"].as_integer() > 0,
               "local": text(event, "level").in_(LOCAL)},
        means={"handling_hours": hours})


def closures(frame: Frame) -> Cohort:
    """Closures in the period and their callbacks: reached, solved, rated, satisfied."""
    event = trail.rows()
    solved, rating = flag(event, "solved"), text(event, "rating")
    return Cohort("closed", event, event.department_id, [
        event.kind == "close", *_during(event, frame)],
        flags={"callbacks": solved.is_not(None), "solved": solved,
               "rated": rating.is_not(None), "satisfied": rating.in_(SATISFIED)})


def due_resolved(frame: Frame) -> Cohort:
    """Due because resolved in the period before the deadline (and not returned since)."""
    event = trail.rows()
    returned = trail.latest(["return"], frame.start, frame.now)
    # A resolution with no deadline (a matter handled on the spot, returned, resolved
    # again) was never dispatched, so it is never due.
    return Cohort("due_on_time", event, event.department_id, [
        event.kind == "resolve", *_during(event, frame), flag(event, "on_time"),
        trail.deadline(event).is_not(None), trail.standing(event, returned.c.last)],
        joins=[trail.joined(event, returned)])


def deadlines(frame: Frame) -> Cohort:
    """The deadlines that fell in the period by now, and the resolutions measured by them.

    An incident's deadline stands when no send-back, extension or resume came after the
    event that set it; its resolution stands when no return came after. A standing
    resolution names the deadline it was measured against, which is its incident's standing
    deadline (nothing moves a deadline after a resolution but a return). So of the
    incidents whose deadline fell in the period, those not resolved on time are the
    deadlines counted less the on-time resolutions counted, and those resolved late are the
    late resolutions counted. Everything is read from the deadline index.
    """
    event, now = trail.rows(), frame.now
    found = _deadline_in(event, frame)
    earliest = trail.rows()
    since = select(func.min(earliest.at)).where(*_deadline_in(earliest, frame)).scalar_subquery()
    # What followed an event set a deadline (or resolved) came after it, so from `since` on.
    moves = ["send_back", "grant_extension", "resume"]
    after = trail.latest([*moves, "return"], since, now,
                         apart={"moved": moves, "returned": ["return"]})
    resolution, on_time = event.kind == "resolve", flag(event, "on_time")
    return Cohort("deadlines_and_resolutions", event, event.department_id, [
        *found, (resolution & trail.standing(event, after.c.returned))
        | (~resolution & trail.standing(event, after.c.moved))],
        joins=[trail.joined(event, after)],
        flags={"deadlines": ~resolution, "met_on_time": resolution & on_time,
               "met_late": resolution & ~on_time})


def _deadline_in(event: trail.Rows, frame: Frame) -> list[ColumnElement[bool]]:
    """The event set (or met) a deadline that fell in the period by now."""
    deadline = trail.deadline(event)
    # `|| ''` keeps the kind-and-time index out of it: by kind, and time up to now, a
    # planner would read every dispatch ever made rather than a period's deadlines.
    return [deadline >= trail.iso(frame.start), deadline < trail.iso(frame.end),
            deadline <= trail.iso(frame.now),
            (event.kind + "").in_([*DEADLINE_SETTING, "resolve"]), event.at <= frame.now]


def current(frame: Frame) -> Cohort:
    """The incidents as they stand now: open, due soon, overdue, parked (PRODUCT §5)."""
    now, state, deadline = frame.now, Incident.state, Incident.resolution_deadline
    running = state.in_([State.DISPATCHED, State.IN_PROGRESS])
    # `+ 0`: the state index must find the few live incidents, however long the history;
    # SQLite would rather walk every incident in the order of an index on the grouping key.
    return Cohort("live", Incident, Incident.lead_department_id + 0, [
        state.in_([State.REPORTED, State.ACCEPTED, State.DISPATCHED, State.IN_PROGRESS,
                   State.PARKED])],
        flags={"open_now": state != State.PARKED,
               "due_soon_now": running & (Incident.due_soon_at <= now) & (deadline > now),
               "overdue_now": running & (deadline <= now),
               "parked_now": state == State.PARKED})


def _during(event: trail.Rows, frame: Frame) -> list[ColumnElement[bool]]:
    return [within(event.at, frame.start, frame.end), event.at <= frame.now]
