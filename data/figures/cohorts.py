"""The incidents each figure counts, found in the trail as one event per incident.

Every cohort reads the trail as it stood at the frame's `seen`: the period's end, or now while
it runs, so nothing after a period's end changes any of its figures (only `current` reads now).

- reports: `report` events in the period; the decisions on reports in it: `accept`, and
  `reject` or `merge` of a report not yet accepted. The acceptance rate is accepted of
  decided, so its numerator is the period's accepted (立案数) itself.
- dispatches: the dispatches in the period that still stand, i.e. were not sent back (退单):
  a send-back says the dispatch went to the wrong department, so it is the later dispatch
  that counts, for the department that took the incident on.
- responses (响应): a standing dispatch's response is decided once — when it is signed, if
  that is on time; otherwise when its response deadline passes unsigned in time. So a
  period's decided responses are the on-time signs in it and the response deadlines that
  fell in it without one; a dispatch not yet signed whose deadline is still ahead is neither.
- resolutions: the resolutions (resolve, self_handle) in the period that still stand, i.e.
  were not returned (返工) since; an incident returned and resolved again counts once, when
  it was last resolved.
- closures: the `close` events in the period, with the callback (回访) they record.
- due (应结案数): an incident falls due once — when it is resolved, if that is before its
  deadline; otherwise when its deadline passes, resolved late or not at all. Its deadline is
  the one its latest dispatch, granted extension or resume set (parking does not stop it: a
  deadline passing while parked falls due like any other, and a resume moves it only from
  then on). So a period's due are the incidents resolved in it on time, and those whose
  deadline fell in it that were not resolved on time. An extension granted after the
  deadline it extends had passed (a request made in time, decided late) sets none: the
  incident stays due by the deadline it missed, and its resolution is measured by that one.
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
    """Reports in the period, and the decisions on reports in it: accepted, or not."""
    event = trail.rows()
    accepted = event.kind == "accept"
    # A merge of an accepted incident folds a case already counted as accepted.
    refused = (event.kind == "reject") | ((event.kind == "merge")
                                          & (event.from_state == State.REPORTED.value))
    return Cohort("report_events", event, null(), [
        event.kind.in_(["report", "accept", "reject", "merge"]), *_during(event, frame)],
        flags={"reported": event.kind == "report", "accepted": accepted,
               "report_decided": accepted | refused})


def dispatches(frame: Frame) -> Cohort:
    """Standing dispatches in the period, and which were granted an extension."""
    event, start, seen = trail.rows(), frame.start, frame.seen
    sent_back = trail.latest(["send_back"], start, seen)
    granted = trail.latest(["grant_extension"], start, seen)
    return Cohort("dispatched", event, event.department_id, [
        event.kind == "dispatch", *_during(event, frame), trail.standing(event, sent_back.c.last)],
        joins=[trail.joined(event, found) for found in (sent_back, granted)],
        flags={"extended": trail.followed(event, granted.c.last)})


def signs_on_time(frame: Frame) -> Cohort:
    """Responses decided on time: the standing dispatches' on-time signs in the period."""
    event = trail.rows()
    # A standing dispatch is followed by one sign at most: its own, voided with it.
    sent_back = trail.latest(["send_back"], frame.start, frame.seen)
    return Cohort("responded_on_time", event, event.department_id, [
        event.kind == "sign", *_during(event, frame), flag(event, "on_time"),
        trail.standing(event, sent_back.c.last)],
        joins=[trail.joined(event, sent_back)])


def responses_missed(frame: Frame) -> Cohort:
    """Responses decided late: response deadlines that fell in the period with no on-time sign.

    A sign late, or none yet, is decided when the deadline passes; a dispatch sent back by
    then counts nothing. Found through the response deadline index.
    """
    event, seen = trail.rows(), frame.seen
    found = _response_deadline_in(event, frame)
    earliest = trail.rows()
    since = select(func.min(earliest.at)).where(
        *_response_deadline_in(earliest, frame)).scalar_subquery()
    sent_back = trail.latest(["send_back"], since, seen)
    signed = trail.latest(["sign"], since, seen, lambda e: flag(e, "on_time"))
    return Cohort("response_missed", event, event.department_id, [
        *found, trail.standing(event, sent_back.c.last), trail.standing(event, signed.c.last)],
        joins=[trail.joined(event, sent_back), trail.joined(event, signed)])


def resolutions(frame: Frame) -> Cohort:
    """Standing resolutions in the period: returned before, at what level, how long it took."""
    event = trail.rows()
    returned = trail.latest(["return"], frame.start, frame.seen)
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
    returned = trail.latest(["return"], frame.start, frame.seen)
    # A resolution with no deadline (a matter handled on the spot, returned, resolved
    # again) was never dispatched, so it is never due.
    return Cohort("due_on_time", event, event.department_id, [
        event.kind == "resolve", *_during(event, frame), flag(event, "on_time"),
        trail.deadline(event).is_not(None), trail.standing(event, returned.c.last)],
        joins=[trail.joined(event, returned)])


def deadlines(frame: Frame) -> Cohort:
    """The deadlines that fell in the period, and the resolutions measured by them.

    An incident's deadline stands when no send-back, extension or resume came after the
    event that set it; its resolution stands when no return came after. A standing
    resolution names the deadline it was measured against, which is its incident's standing
    deadline (nothing moves a deadline after a resolution but a return). So of the
    incidents whose deadline fell in the period, those not resolved on time are the
    deadlines counted less the on-time resolutions counted, and those resolved late are the
    late resolutions counted. Everything is read from the deadline index.
    """
    event, seen = trail.rows(), frame.seen
    found = _deadline_in(event, frame)
    earliest = trail.rows()
    since = select(func.min(earliest.at)).where(*_deadline_in(earliest, frame)).scalar_subquery()
    # What followed an event set a deadline (or resolved) came after it, so from `since` on.
    # An extension granted late moves no deadline the figures judge by (PRODUCT §6).
    moves = ["send_back", "grant_extension", "resume"]
    after = trail.latest([*moves, "return"], since, seen, trail.timely,
                         apart={"moved": moves, "returned": ["return"]})
    resolution, on_time = event.kind == "resolve", flag(event, "on_time")
    return Cohort("deadlines_and_resolutions", event, event.department_id, [
        *found, (resolution & trail.standing(event, after.c.returned))
        | (~resolution & trail.standing(event, after.c.moved))],
        joins=[trail.joined(event, after)],
        flags={"deadlines": ~resolution, "met_on_time": resolution & on_time,
               "met_late": resolution & ~on_time})


def _response_deadline_in(event: trail.Rows, frame: Frame) -> list[ColumnElement[bool]]:
    """The dispatch named a response deadline that fell in the period (by `seen`)."""
    deadline = trail.response_deadline(event)
    # `|| ''`: as in _deadline_in, the deadline index, not every dispatch by kind and time.
    return [deadline >= trail.iso(frame.start), deadline < trail.iso(frame.end),
            deadline <= trail.iso(frame.seen), (event.kind + "") == "dispatch",
            event.at <= frame.seen]


def _deadline_in(event: trail.Rows, frame: Frame) -> list[ColumnElement[bool]]:
    """The event set (or met) a deadline that fell in the period (by `seen`)."""
    deadline = trail.deadline(event)
    # `|| ''` keeps the kind-and-time index out of it: by kind, and time up to now, a
    # planner would read every dispatch ever made rather than a period's deadlines.
    return [deadline >= trail.iso(frame.start), deadline < trail.iso(frame.end),
            deadline <= trail.iso(frame.seen),
            (event.kind + "").in_([*DEADLINE_SETTING, "resolve"]), event.at <= frame.seen,
            trail.timely(event)]


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
    return [within(event.at, frame.start, frame.end), event.at <= frame.seen]
