"""What the moves decide: deadlines, on-time flags, counts, extensions, parking and callbacks."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from data.domain import Level, Priority, Rating, State
from data.incidents import holds, moves
from data.incidents.trail import InvalidMove
from data.models import Event, Incident
from tests.data.lifecycle import incident_in
from tests.factories import CENTRE, DEPARTMENT, Town, dispatched, local, reported, town

MONDAY = local(2026, 11, 16, 10, 0)  # an ordinary working Monday morning
CLOCKS = ("response_deadline", "resolution_deadline", "due_soon_at")


def accepted(session: Session, rules: moves.Rules, place: Town, at: datetime, *,
             item: str = "street", priority: Priority = Priority.NORMAL) -> Incident:
    """A new report of `item`, accepted at `at`."""
    incident = reported(session, rules, place, at=at, item=item, priority=priority)
    moves.accept(session, incident, CENTRE, at=at)
    return incident


def in_progress(session: Session, rules: moves.Rules, place: Town, at: datetime, *,
                item: str = "street") -> Incident:
    """An incident dispatched at `at` and signed for a minute later."""
    incident = dispatched(session, rules, place, at=at, item=item)
    moves.sign(session, incident, DEPARTMENT, at=at + timedelta(minutes=1))
    return incident


def fresh(session: Session, incident: Incident) -> Incident:
    """The incident as the store holds it after a commit."""
    session.commit()
    session.expire_all()
    return session.get(Incident, incident.id)


def last_event(session: Session, incident: Incident) -> Event:
    session.flush()
    return session.scalars(select(Event).where(Event.incident_id == incident.id)
                           .order_by(Event.id.desc()).limit(1)).one()


def event_count(session: Session) -> int:
    return session.scalar(select(func.count(Event.id)))


def clocks(incident: Incident) -> tuple[datetime | None, ...]:
    return tuple(getattr(incident, name) for name in CLOCKS)


# item, priority, dispatched at -> response deadline, resolution deadline, due soon (all local)
DEADLINES = [
    pytest.param(
        # 1 h: 16:00-17:00.  5 h: 1.5 on Friday, then 09:00-12:00 and 13:30-14:00 on the
        # adjusted working Saturday (调休).  80 % = 4 h: 1.5 on Friday, 09:00-11:30 Saturday.
        "street", Priority.NORMAL, local(2026, 10, 9, 16, 0),
        local(2026, 10, 9, 17, 0), local(2026, 10, 10, 14, 0), local(2026, 10, 10, 11, 30),
        id="work-hours-friday-16h-into-working-saturday"),
    pytest.param(
        # 1 h: 17:00-17:30, then 09:00-09:30 Saturday.  5 h: 0.5 + 3 + 13:30-15:00.
        # 4 h: 0.5 + 3 + 13:30-14:00.
        "street", Priority.NORMAL, local(2026, 10, 9, 17, 0),
        local(2026, 10, 10, 9, 30), local(2026, 10, 10, 15, 0), local(2026, 10, 10, 14, 0),
        id="work-hours-friday-17h-response-on-working-saturday"),
    pytest.param(
        # A working day is 7 office hours; 6 remain on Sep 30, Oct 1-7 is National Day.
        # 1 day ends an hour into Oct 8.  Working days after Sep 30: Oct 8, 9, 10 (Sat),
        # 12-16, 19-23, 26, 27: the 12th is Oct 22, the 15th Oct 27, each at 10:00.
        "construction", Priority.NORMAL, local(2026, 9, 30, 10, 0),
        local(2026, 10, 8, 10, 0), local(2026, 10, 27, 10, 0), local(2026, 10, 22, 10, 0),
        id="work-days-across-national-day"),
    pytest.param(
        # Natural hours run through the night: 30 min, 24 h, and 80 % of 24 h = 19 h 12 min.
        "flood", Priority.NORMAL, local(2026, 11, 16, 23, 50),
        local(2026, 11, 17, 0, 20), local(2026, 11, 17, 23, 50), local(2026, 11, 17, 19, 2),
        id="natural-hours-across-midnight"),
    pytest.param(
        # Urgent halves 1 / 5 working hours to 0.5 / 2.5; 80 % of 2.5 h is 2 h.
        "street", Priority.URGENT, local(2026, 11, 16, 9, 0),
        local(2026, 11, 16, 9, 30), local(2026, 11, 16, 11, 30), local(2026, 11, 16, 11, 0),
        id="urgent-work-hours-halved"),
    pytest.param(
        # Urgent halves 30 min / 24 h to 15 min / 12 h; 80 % of 12 h is 9 h 36 min.
        "flood", Priority.URGENT, local(2026, 11, 16, 10, 0),
        local(2026, 11, 16, 10, 15), local(2026, 11, 16, 22, 0), local(2026, 11, 16, 19, 36),
        id="urgent-natural-hours-halved"),
]


@pytest.mark.parametrize(
    ("item", "priority", "at", "response", "resolution", "due_soon"), DEADLINES)
def test_dispatch_sets_both_deadlines_and_the_due_soon_warning_from_the_item_limits(
        session, rules, item, priority, at, response, resolution, due_soon):
    place = town(session)
    incident = accepted(session, rules, place, at, item=item, priority=priority)

    moves.dispatch(session, incident, CENTRE, rules,
                   lead=place.items[item].lead_department, at=at)

    stored = fresh(session, incident)
    assert clocks(stored) == (response, resolution, due_soon)
    data = last_event(session, stored).data
    assert datetime.fromisoformat(data["response_deadline"]) == response
    assert datetime.fromisoformat(data["resolution_deadline"]) == resolution


def test_dispatch_records_the_co_handling_departments(session, rules):
    place = town(session)
    incident = accepted(session, rules, place, MONDAY)
    d = place.departments

    moves.dispatch(session, incident, CENTRE, rules, lead=d["D01"], co=[d["D02"], d["D03"]],
                   at=MONDAY)

    stored = fresh(session, incident)
    assert stored.lead_department.code == "D01"
    assert [department.code for department in stored.co_departments] == ["D02", "D03"]
    event = last_event(session, stored)
    assert event.department_id == d["D01"].id
    assert event.data["lead"] == "D01"
    assert event.data["co"] == ["D02", "D03"]


def test_dispatch_naming_the_lead_also_as_co_handler_is_refused_and_writes_nothing(
        session, rules):
    place = town(session)
    incident = accepted(session, rules, place, MONDAY)
    session.commit()
    before = event_count(session)
    d = place.departments

    with pytest.raises(InvalidMove) as refused:
        moves.dispatch(session, incident, CENTRE, rules, lead=d["D01"],
                       co=[d["D02"], d["D01"]], at=MONDAY + timedelta(minutes=1))

    assert refused.value.field == "co"
    stored = fresh(session, incident)
    assert stored.state == State.ACCEPTED
    assert stored.lead_department_id is None and stored.co_departments == []
    assert event_count(session) == before


@pytest.mark.parametrize(("signed_at", "on_time"), [
    (local(2026, 11, 16, 10, 59), True),
    (local(2026, 11, 16, 11, 0), True),  # at the deadline is still in time
    (local(2026, 11, 16, 11, 1), False),
])
def test_signing_records_whether_it_came_within_the_response_deadline(
        session, rules, signed_at, on_time):
    place = town(session)
    incident = dispatched(session, rules, place, at=MONDAY)  # street: sign within 1 h, by 11:00

    moves.sign(session, incident, DEPARTMENT, at=signed_at)

    stored = fresh(session, incident)
    assert stored.signed_at == signed_at
    event = last_event(session, stored)
    assert event.data == {"on_time": on_time}


DEPARTMENT_MOVES = [
    pytest.param(lambda s, i, at: moves.sign(s, i, DEPARTMENT, at=at), id="sign"),
    pytest.param(lambda s, i, at: moves.send_back(s, i, DEPARTMENT, reason="不属于本部门职责",
                                                  at=at), id="send_back"),
]


@pytest.mark.parametrize("move", DEPARTMENT_MOVES)
def test_the_department_that_signs_or_sends_back_is_on_its_event(session, rules, move):
    place = town(session)
    incident = dispatched(session, rules, place, at=MONDAY)
    session.commit()

    move(session, incident, MONDAY + timedelta(minutes=10))

    assert last_event(session, incident).department_id == place.departments["D01"].id


@pytest.mark.parametrize("move", DEPARTMENT_MOVES)
def test_a_move_in_the_same_transaction_as_dispatch_names_the_department(session, rules, move):
    place = town(session)
    incident = dispatched(session, rules, place, at=MONDAY)

    move(session, incident, MONDAY + timedelta(minutes=10))

    assert last_event(session, incident).department_id == place.departments["D01"].id


def test_send_back_clears_the_department_and_clocks_and_keeps_the_reason(session, rules):
    place = town(session)
    incident = accepted(session, rules, place, MONDAY)
    d = place.departments
    moves.dispatch(session, incident, CENTRE, rules, lead=d["D01"], co=[d["D02"]], at=MONDAY)
    moves.sign(session, incident, DEPARTMENT, at=MONDAY + timedelta(minutes=10))

    moves.send_back(session, incident, DEPARTMENT, reason="  不属于本部门职责 ",
                    at=MONDAY + timedelta(minutes=20))

    stored = fresh(session, incident)
    assert stored.state == State.ACCEPTED
    assert stored.lead_department_id is None
    assert stored.co_departments == []
    assert clocks(stored) == (None, None, None)
    assert stored.dispatched_at is None and stored.signed_at is None
    assert stored.send_back_count == 1
    assert last_event(session, stored).note == "不属于本部门职责"


def test_send_back_is_counted_each_time(session, rules):
    place = town(session)
    incident = dispatched(session, rules, place, at=MONDAY)
    moves.send_back(session, incident, DEPARTMENT, reason="不属于本部门职责",
                    at=MONDAY + timedelta(minutes=5))
    moves.dispatch(session, incident, CENTRE, rules, lead=place.departments["D02"],
                   at=MONDAY + timedelta(minutes=10))

    moves.send_back(session, incident, DEPARTMENT, reason="应由水利局处理",
                    at=MONDAY + timedelta(minutes=15))

    assert fresh(session, incident).send_back_count == 2


def test_a_fresh_dispatch_after_send_back_restarts_both_clocks(session, rules):
    place = town(session)
    incident = dispatched(session, rules, place, at=MONDAY)
    moves.send_back(session, incident, DEPARTMENT, reason="不属于本部门职责",
                    at=MONDAY + timedelta(minutes=30))
    again = local(2026, 11, 17, 9, 0)  # Tuesday morning

    moves.dispatch(session, incident, CENTRE, rules, lead=place.departments["D02"], at=again)

    stored = fresh(session, incident)
    assert stored.dispatched_at == again
    # 1 h: 09:00-10:00.  5 h: 09:00-12:00, 13:30-15:30.  4 h: 09:00-12:00, 13:30-14:30.
    assert clocks(stored) == (local(2026, 11, 17, 10, 0), local(2026, 11, 17, 15, 30),
                              local(2026, 11, 17, 14, 30))
    assert stored.lead_department.code == "D02"


@pytest.mark.parametrize(("resolved_at", "on_time"), [
    (local(2026, 11, 16, 16, 30), True),  # the street deadline: 10:00-12:00, 13:30-16:30
    (local(2026, 11, 16, 16, 31), False),
])
def test_resolve_records_the_district_level_and_whether_it_was_on_time(
        session, rules, resolved_at, on_time):
    place = town(session)
    incident = in_progress(session, rules, place, MONDAY)

    moves.resolve(session, incident, DEPARTMENT, at=resolved_at)

    stored = fresh(session, incident)
    assert stored.state == State.RESOLVED
    assert stored.resolved_at == resolved_at
    assert stored.resolution_level == Level.DISTRICT
    data = last_event(session, stored).data
    assert data["level"] == "district"
    assert data["on_time"] is on_time
    assert datetime.fromisoformat(data["resolution_deadline"]) == local(2026, 11, 16, 16, 30)


def test_self_handling_on_the_spot_records_the_grid_level(session, rules):
    place = town(session)
    incident = accepted(session, rules, place, MONDAY)
    at = MONDAY + timedelta(minutes=20)

    moves.self_handle(session, incident, CENTRE, level=Level.GRID, at=at, note="网格员现场清理")

    stored = fresh(session, incident)
    assert stored.state == State.RESOLVED
    assert stored.resolved_at == at
    assert stored.resolution_level == Level.GRID
    assert stored.lead_department_id is None
    event = last_event(session, stored)
    assert event.data == {"level": "grid", "returns": 0}
    assert event.note == "网格员现场清理"


def test_self_handling_accepts_the_level_given_as_text(session, rules):
    place = town(session)
    incident = accepted(session, rules, place, MONDAY)

    moves.self_handle(session, incident, CENTRE, level="community",
                      at=MONDAY + timedelta(minutes=20))

    stored = fresh(session, incident)
    assert stored.resolution_level == Level.COMMUNITY
    assert last_event(session, stored).data == {"level": "community", "returns": 0}


def test_self_handling_at_district_level_is_refused_and_writes_nothing(session, rules):
    place = town(session)
    incident = accepted(session, rules, place, MONDAY)
    session.commit()
    before = event_count(session)

    with pytest.raises(InvalidMove) as refused:
        moves.self_handle(session, incident, CENTRE, level=Level.DISTRICT,
                          at=MONDAY + timedelta(minutes=20))

    assert refused.value.field == "level"
    stored = fresh(session, incident)
    assert stored.state == State.ACCEPTED
    assert stored.resolved_at is None and stored.resolution_level is None
    assert event_count(session) == before


def test_return_counts_reopens_and_keeps_the_original_resolution_deadline(session, rules):
    place = town(session)
    incident = in_progress(session, rules, place, MONDAY)
    moves.resolve(session, incident, DEPARTMENT, at=MONDAY + timedelta(hours=1))
    moves.rework(session, incident, CENTRE, reason="现场仍有垃圾",
                 at=MONDAY + timedelta(hours=2))
    moves.resolve(session, incident, DEPARTMENT, at=MONDAY + timedelta(hours=3))

    moves.rework(session, incident, CENTRE, reason="垃圾未清运", at=MONDAY + timedelta(hours=4))

    stored = fresh(session, incident)
    assert stored.state == State.IN_PROGRESS
    assert stored.return_count == 2
    assert stored.resolved_at is None and stored.resolution_level is None
    # 5 working hours from Monday 10:00, as set at dispatch; a return does not restart it.
    assert stored.resolution_deadline == local(2026, 11, 16, 16, 30)
    assert stored.due_soon_at == local(2026, 11, 16, 15, 30)
    assert last_event(session, stored).note == "垃圾未清运"


def test_granted_extension_moves_the_deadline_and_warning_and_is_counted(session, rules):
    place = town(session)
    incident = in_progress(session, rules, place, MONDAY)
    holds.request_extension(session, incident, DEPARTMENT, amount=2, unit="work_days",
                            reason="需协调物业", at=MONDAY + timedelta(minutes=30))

    holds.grant_extension(session, incident, CENTRE, rules, at=MONDAY + timedelta(hours=1))

    stored = fresh(session, incident)
    # Monday 16:30 plus 2 working days (14 office hours) is Wednesday 16:30.
    assert stored.resolution_deadline == local(2026, 11, 18, 16, 30)
    # 80 % of Monday 10:00 - Wednesday 16:30 (6 + 7 + 6 = 19 h) is 15 h 12 min:
    # 6 on Monday, 7 on Tuesday, 09:00-11:12 on Wednesday.
    assert stored.due_soon_at == local(2026, 11, 18, 11, 12)
    assert stored.response_deadline == local(2026, 11, 16, 11, 0)
    assert stored.extension_count == 1
    assert stored.pending_extension is None
    data = last_event(session, stored).data
    assert datetime.fromisoformat(data["from"]) == local(2026, 11, 16, 16, 30)
    assert datetime.fromisoformat(data["to"]) == local(2026, 11, 18, 16, 30)
    assert (data["amount"], data["unit"]) == (2, "work_days")


def test_asking_for_more_time_while_a_request_is_pending_is_refused(session, rules):
    place = town(session)
    incident = in_progress(session, rules, place, MONDAY)
    holds.request_extension(session, incident, DEPARTMENT, amount=2, unit="work_hours",
                            reason="需协调物业", at=MONDAY + timedelta(minutes=30))
    session.commit()
    before = event_count(session)

    with pytest.raises(InvalidMove) as refused:
        holds.request_extension(session, incident, DEPARTMENT, amount=1, unit="work_days",
                                reason="还需更多时间", at=MONDAY + timedelta(minutes=40))

    assert refused.value.field == "extension"
    assert fresh(session, incident).pending_extension["amount"] == 2
    assert event_count(session) == before


@pytest.mark.parametrize("decide", [
    pytest.param(lambda s, i, r, at: holds.grant_extension(s, i, CENTRE, r, at=at), id="grant"),
    pytest.param(lambda s, i, r, at: holds.refuse_extension(
        s, i, CENTRE, reason="可按期完成", at=at), id="refuse"),
])
def test_deciding_on_an_extension_nobody_asked_for_is_refused(session, rules, decide):
    place = town(session)
    incident = in_progress(session, rules, place, MONDAY)
    session.commit()
    before = event_count(session)

    with pytest.raises(InvalidMove) as refused:
        decide(session, incident, rules, MONDAY + timedelta(hours=1))

    assert refused.value.field == "extension"
    stored = fresh(session, incident)
    assert stored.resolution_deadline == local(2026, 11, 16, 16, 30)
    assert stored.extension_count == 0
    assert event_count(session) == before


def test_refused_extension_keeps_the_deadline(session, rules):
    place = town(session)
    incident = in_progress(session, rules, place, MONDAY)
    holds.request_extension(session, incident, DEPARTMENT, amount=2, unit="work_days",
                            reason="需协调物业", at=MONDAY + timedelta(minutes=30))

    holds.refuse_extension(session, incident, CENTRE, reason="可按期完成",
                           at=MONDAY + timedelta(hours=1))

    stored = fresh(session, incident)
    assert stored.resolution_deadline == local(2026, 11, 16, 16, 30)
    assert stored.due_soon_at == local(2026, 11, 16, 15, 30)
    assert stored.extension_count == 0
    assert stored.pending_extension is None
    assert last_event(session, stored).note == "可按期完成"


@pytest.mark.parametrize("parked_from", [State.ACCEPTED, State.IN_PROGRESS])
def test_resume_returns_to_the_state_parked_from_and_moves_deadlines_by_the_parked_time(
        session, rules, parked_from):
    place = town(session)
    # Flood limits are natural hours, so the clock that stood still is plain elapsed time.
    if parked_from == State.ACCEPTED:
        incident = accepted(session, rules, place, MONDAY, item="flood")
    else:
        incident = in_progress(session, rules, place, MONDAY, item="flood")
    before = clocks(incident)
    parked_at = MONDAY + timedelta(minutes=20)
    holds.park(session, incident, CENTRE, reason="需财政立项", at=parked_at)
    assert clocks(fresh(session, incident)) == before  # parked, it keeps its deadlines

    holds.resume(session, incident, CENTRE, rules, at=parked_at + timedelta(hours=3))

    stored = fresh(session, incident)
    assert stored.state == parked_from
    assert stored.parked_at is None
    assert clocks(stored) == tuple(
        moment and moment + timedelta(hours=3) for moment in before)
    event = last_event(session, stored)
    assert (event.from_state, event.to_state) == ("parked", parked_from.value)
    assert event.data["parked_seconds"] == 3 * 3600


def test_a_working_hours_deadline_does_not_move_for_a_weekend_parked(session, rules):
    place = town(session)
    friday = local(2026, 11, 20, 16, 0)
    # 5 working hours: Friday 16:00-17:30, Monday 09:00-12:00 and 13:30-14:00.
    incident = in_progress(session, rules, place, friday)
    holds.park(session, incident, CENTRE, reason="需财政立项", at=local(2026, 11, 20, 17, 30))

    holds.resume(session, incident, CENTRE, rules, at=local(2026, 11, 23, 9, 0))

    # No office time passed while it was parked, so the clock owes nothing.
    assert fresh(session, incident).resolution_deadline == local(2026, 11, 23, 14, 0)


def test_close_without_reaching_the_reporter_carries_no_rating(session, rules):
    place = town(session)
    incident = incident_in(State.VERIFIED, session, rules, place, MONDAY)

    moves.close(session, incident, CENTRE, callback=moves.Callback(reached=False),
                at=MONDAY + timedelta(hours=1))

    stored = fresh(session, incident)
    assert stored.state == State.CLOSED
    assert stored.callback_reached is False
    assert stored.callback_solved is None and stored.rating is None
    assert last_event(session, stored).data == {"reached": False, "solved": None, "rating": None}


@pytest.mark.parametrize("rating", [Rating.BASIC, "dissatisfied"])
def test_close_stores_the_reporters_rating_on_the_incident_and_the_trail(
        session, rules, rating):
    place = town(session)
    incident = incident_in(State.VERIFIED, session, rules, place, MONDAY)

    moves.close(session, incident, CENTRE, at=MONDAY + timedelta(hours=1),
                callback=moves.Callback(reached=True, solved=True, rating=rating))

    stored = fresh(session, incident)
    assert stored.rating == Rating(rating)
    assert stored.callback_reached is True and stored.callback_solved is True
    assert stored.closed_at == MONDAY + timedelta(hours=1)
    assert last_event(session, stored).data == {
        "reached": True, "solved": True, "rating": Rating(rating).value}


@pytest.mark.parametrize(("callback", "field"), [
    pytest.param(moves.Callback(reached=True, rating=Rating.SATISFIED), "callback.solved",
                 id="reached-without-saying-solved"),
    pytest.param(moves.Callback(reached=False, rating=Rating.SATISFIED), "callback",
                 id="not-reached-but-rated"),
])
def test_close_with_a_contradictory_callback_is_refused_and_writes_nothing(
        session, rules, callback, field):
    place = town(session)
    incident = incident_in(State.VERIFIED, session, rules, place, MONDAY)
    before = event_count(session)

    with pytest.raises(InvalidMove) as refused:
        moves.close(session, incident, CENTRE, callback=callback, at=MONDAY + timedelta(hours=1))

    assert refused.value.field == field
    stored = fresh(session, incident)
    assert stored.state == State.VERIFIED
    assert stored.closed_at is None and stored.rating is None
    assert event_count(session) == before


def test_an_unknown_rating_is_refused_naming_the_ratings():
    with pytest.raises(InvalidMove) as refused:
        moves.Callback(reached=True, solved=True, rating="great")

    assert refused.value.field == "callback.rating"
    assert "satisfied, basic, dissatisfied" in str(refused.value)


def test_a_move_dated_before_the_last_move_is_refused_and_writes_nothing(session, rules):
    place = town(session)
    incident = incident_in(State.DISPATCHED, session, rules, place, MONDAY)  # dispatched 10:02
    before = event_count(session)

    with pytest.raises(InvalidMove) as refused:
        moves.sign(session, incident, DEPARTMENT, at=MONDAY + timedelta(minutes=1))

    assert refused.value.field == "at"
    stored = fresh(session, incident)
    assert stored.state == State.DISPATCHED and stored.signed_at is None
    assert event_count(session) == before


def test_a_move_with_a_time_without_zone_is_refused(session, rules):
    place = town(session)
    incident = incident_in(State.REPORTED, session, rules, place, MONDAY)
    before = event_count(session)

    with pytest.raises(InvalidMove) as refused:
        moves.accept(session, incident, CENTRE, at=datetime(2026, 11, 16, 11, 0))

    assert refused.value.field == "at"
    assert fresh(session, incident).state == State.REPORTED
    assert event_count(session) == before


WITH_REASON = [
    ("reject", State.REPORTED, lambda s, i, r, at: moves.reject(s, i, CENTRE, reason=" ", at=at)),
    ("send_back", State.DISPATCHED,
     lambda s, i, r, at: moves.send_back(s, i, DEPARTMENT, reason="", at=at)),
    ("return", State.RESOLVED,
     lambda s, i, r, at: moves.rework(s, i, CENTRE, reason="\n\t", at=at)),
    ("park", State.IN_PROGRESS, lambda s, i, r, at: holds.park(s, i, CENTRE, reason=" ", at=at)),
]


@pytest.mark.parametrize(("move", "state", "call"), WITH_REASON,
                         ids=[move for move, _, _ in WITH_REASON])
def test_a_move_that_needs_a_reason_is_refused_without_one_and_writes_nothing(
        session, rules, move, state, call):
    place = town(session)
    incident = incident_in(state, session, rules, place, MONDAY)
    before = event_count(session)
    kept = clocks(incident), incident.lead_department_id, incident.resolved_at

    with pytest.raises(InvalidMove) as refused:
        call(session, incident, rules, MONDAY + timedelta(hours=1))

    assert refused.value.field == "reason"
    stored = fresh(session, incident)
    assert stored.state == state
    assert (clocks(stored), stored.lead_department_id, stored.resolved_at) == kept
    assert stored.send_back_count == stored.return_count == 0
    assert event_count(session) == before


@pytest.mark.parametrize("statement", [
    "UPDATE events SET note = 'x'",
    "DELETE FROM events",
])
def test_the_trail_cannot_be_changed_or_deleted_even_with_raw_sql(session, rules, statement):
    place = town(session)
    incident = incident_in(State.IN_PROGRESS, session, rules, place, MONDAY)
    before = [(event.id, event.note) for event in incident.events]

    # SQLite raises IntegrityError from its trigger; PostgreSQL's RAISE EXCEPTION surfaces
    # through psycopg as ProgrammingError. Both are DBAPIErrors.
    with pytest.raises(DBAPIError) as refused:
        session.execute(text(statement))
    session.rollback()

    assert "append-only" in str(refused.value)
    session.expire_all()
    rows = session.execute(select(Event.id, Event.note).where(Event.incident_id == incident.id)
                           .order_by(Event.id)).all()
    assert [tuple(row) for row in rows] == before
    assert len(before) == 4  # report, accept, dispatch, sign

