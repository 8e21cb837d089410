"""The snapshot the walls show, built from a command hall's afternoon of known incidents."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from datetime import datetime, timedelta

import pytest
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from data import alerts
from data.alerts import queue
from data.domain import Level, Priority, Source
from data.incidents import holds, moves, supervision
from data.incidents.trail import Actor, record
from data.live import desks, hours, parts, snapshot
from data.models import Department, Incident, Street
from tests.factories import CENTRE, DEPARTMENT, SHANGHAI, Town, handled, local, reported, town

NOW = local(2025, 11, 19, 15, 0)  # a Wednesday afternoon
MINUTE = timedelta(minutes=1)
# What one build sends, month rates and every desk included, any store; one of them reads
# back what stood open, overdue and due soon at the same time yesterday from the day's moves.
STATEMENTS = 27
# PostgreSQL also keeps the desks' prepared plan for their one statement, and then lets go.
PLAN_STATEMENTS = {"sqlite": 0, "postgresql": 2}
# What a scheduler tick's build sends, the month's rates kept from before: the district's
# wall, every street's wall, the duty queue and every desk, from the same reads.
TICK_STATEMENTS = 17
GRIDS = ("330100001001001", "330100001001002", "330100001002003")


@pytest.fixture
def hall(session: Session, rules: moves.Rules) -> dict[str, Incident]:
    """Incidents in every kind of standing at NOW; floods: sign in 30 min, resolve in 24 h."""
    place = town(session)
    session.add(Street(district=place.district, code="330100002", name="江南街道", kind="street"))

    def day(d: int, h: int, m: int = 0) -> datetime:
        return local(2025, 11, d, h, m)

    found = {
        "yesterday": reported(session, rules, place, at=day(18, 23, 50), item="street"),
        "after_midnight": reported(session, rules, place, at=day(19, 0, 10),
                                   item="construction", grid=1, source=Source.HOTLINE),
        "both_overdue": handled(session, rules, place, day(18, 9)),  # due 09:00, never signed
        "overdue": handled(session, rules, place, day(18, 14), grid=1, signed=10 * MINUTE),
        "unsigned": handled(session, rules, place, day(19, 13), grid=2),  # sign by 13:30
        "due_soon": handled(session, rules, place, day(18, 19), grid=1, signed=10 * MINUTE),
        "parked": handled(session, rules, place, day(18, 9), signed=10 * MINUTE),
        "resolved": handled(session, rules, place, day(19, 10), grid=1, signed=5 * MINUTE),
        "on_the_spot": reported(session, rules, place, at=day(19, 12), item="street"),
        "resolved_late": handled(session, rules, place, day(3, 10), grid=2, signed=10 * MINUTE),
        "construction": handled(session, rules, place, day(17, 10), item="construction",
                                grid=2, signed=30 * MINUTE),
        "urgent": reported(session, rules, place, at=day(19, 14, 30), item="flood", grid=2,
                           priority=Priority.URGENT, source=Source.IOT),
    }
    holds.park(session, found["parked"], CENTRE, reason="需财政立项", at=day(18, 10))
    moves.resolve(session, found["resolved"], DEPARTMENT, at=day(19, 11))
    moves.accept(session, found["on_the_spot"], CENTRE, at=day(19, 12, 10))
    moves.self_handle(session, found["on_the_spot"], CENTRE, level=Level.GRID,
                      at=day(19, 12, 30))
    moves.resolve(session, found["resolved_late"], DEPARTMENT, at=day(5, 10))
    session.commit()
    return found


def test_kpis_count_today_in_district_time_and_what_stands_now(session, hall):
    kpis = snapshot.build(session, NOW, SHANGHAI)["kpis"]
    # Reported yesterday 23:50 is not today; 00:10 is.
    assert {name: kpis[name] for name in ("today_reported", "today_resolved", "open",
                                          "due_soon", "overdue", "response_overdue",
                                          "parked")} == {
        "today_reported": 5, "today_resolved": 2, "open": 8, "due_soon": 1, "overdue": 2,
        "response_overdue": 2, "parked": 1}


def test_kpis_compare_today_with_yesterday_until_the_same_time(session, hall):
    today = snapshot.build(session, NOW, SHANGHAI)["kpis"]
    # Yesterday 09:00, 09:00 and 14:00 are before 15:00; 19:00 and 23:50 are not yet.
    # Open at 15:00 yesterday: the two reported at 09:00 and 14:00 and the one of the 17th
    # (the other of 09:00 was parked at 10:00); none past its deadline, nor its warning, yet.
    assert today["yesterday"] == {"today_reported": 3, "today_resolved": 0, "open": 3,
                                  "overdue": 0, "due_soon": 0}
    tomorrow = snapshot.build(session, NOW + timedelta(days=1), SHANGHAI)["kpis"]
    assert tomorrow["yesterday"] == {name: today[name] for name in (
        "today_reported", "today_resolved", "open", "overdue", "due_soon")} == {
        "today_reported": 5, "today_resolved": 2, "open": 8, "overdue": 2, "due_soon": 1}
    assert tomorrow["today_reported"] == tomorrow["today_resolved"] == 0


def test_what_stood_yesterday_is_read_back_from_the_trail_whatever_moved_since(
        session, rules, hall):
    """The open, overdue and due soon of this afternoon, seen from tomorrow, after the
    overdue were resolved, the one due soon was given more time, and the parked one
    resumed."""
    later = NOW + timedelta(hours=1)
    moves.resolve(session, hall["overdue"], DEPARTMENT, at=later)
    moves.sign(session, hall["both_overdue"], DEPARTMENT, at=later)
    moves.resolve(session, hall["both_overdue"], DEPARTMENT, at=later + MINUTE)
    holds.request_extension(session, hall["due_soon"], DEPARTMENT, amount=2, unit="work_days",
                            reason="材料未到", at=later)
    holds.grant_extension(session, hall["due_soon"], CENTRE, rules, at=later + MINUTE)
    holds.resume(session, hall["parked"], CENTRE, rules, at=later)
    session.commit()
    tomorrow = snapshot.build(session, NOW + timedelta(days=1), SHANGHAI)["kpis"]
    assert tomorrow["yesterday"]["open"] == 8
    assert (tomorrow["yesterday"]["overdue"], tomorrow["yesterday"]["due_soon"]) == (2, 1)
    assert tomorrow["open"] == 7  # two resolved, one resumed
    walls = snapshot.build(session, NOW + timedelta(days=1), SHANGHAI)["street_walls"]
    assert [sum(wall["kpis"]["yesterday"][name] for wall in walls.values())
            for name in ("open", "due_soon")] == [8, 1]


@pytest.mark.parametrize(("extended", "due_soon"), [(False, 1), (True, 0)])
def test_a_warning_the_trail_never_recorded_is_told_only_while_its_deadline_stands(
        session, rules, monkeypatch, extended, due_soon):
    """A dispatch written before the moves recorded the yellow warning names the deadline
    alone: the warning now is the one it set while that deadline stands; once more time
    was given (half an hour: the warning now, 14:36, is still before 15:00), the warning
    then cannot be told and is not counted."""
    place = town(session)
    with monkeypatch.context() as old:
        old.setattr(moves, "record", lambda *args, data=None, **kw: record(
            *args, data=data and {key: value for key, value in data.items()
                                  if key != "due_soon_at"}, **kw))
        incident = handled(session, rules, place, local(2025, 11, 18, 19), signed=MINUTE)
    later = NOW + timedelta(hours=1)
    if extended:
        holds.request_extension(session, incident, DEPARTMENT, amount=0.5, unit="hours",
                                reason="材料未到", at=later)
        holds.grant_extension(session, incident, CENTRE, rules, at=later + MINUTE)
    else:
        moves.resolve(session, incident, DEPARTMENT, at=later)
    session.commit()
    tomorrow = snapshot.build(session, NOW + timedelta(days=1), SHANGHAI)["kpis"]
    assert tomorrow["yesterday"]["due_soon"] == due_soon


def test_an_incident_granted_time_after_its_deadline_stood_overdue_yesterday(session, rules,
                                                                              hall):
    """A request made in time and granted after the deadline moves the working deadline
    later; yesterday the incident still stood overdue."""
    holds.request_extension(session, hall["overdue"], DEPARTMENT, amount=2, unit="work_days",
                            reason="材料未到", at=NOW - timedelta(hours=2))
    holds.grant_extension(session, hall["overdue"], CENTRE, rules, at=NOW + timedelta(hours=1))
    session.commit()
    tomorrow = snapshot.build(session, NOW + timedelta(days=1), SHANGHAI)["kpis"]
    assert tomorrow["yesterday"]["overdue"] == 2


def test_month_rates_show_their_parts_and_nothing_rated_as_zero_of_zero(session, hall):
    kpis = snapshot.build(session, NOW, SHANGHAI)["kpis"]
    assert kpis["month_response"] == {"numerator": 6, "denominator": 8}
    # Due so far this month: two overdue, the parked one, one resolved early, one late.
    assert kpis["month_closure"] == {"numerator": 2, "denominator": 5}
    assert kpis["month_on_time"] == {"numerator": 1, "denominator": 5}
    assert kpis["month_satisfaction"] == {"numerator": 0, "denominator": 0}


def test_ticker_shows_standing_alerts_overdue_first_then_response_overdue_then_due_soon(
        session, hall):
    alerts.scan(session, NOW, alerts.Policy())
    ticker = snapshot.build(session, NOW, SHANGHAI)["ticker"]
    # The incident never signed for is overdue twice over: each alert is its own row.
    assert [(item["code"], item["kind"], item["minutes"]) for item in ticker] == [
        (hall["both_overdue"].code, "overdue", 360),
        (hall["overdue"].code, "overdue", 60),
        (hall["both_overdue"].code, "response_overdue", 1770),
        (hall["unsigned"].code, "response_overdue", 90),
        (hall["due_soon"].code, "due_soon", 240),
    ]
    first = ticker[0]
    assert first == {
        "id": first["id"], "code": hall["both_overdue"].code, "title": "路面有积水和垃圾",
        "kind": "overdue", "level": 0, "escalated": False, "escalated_at": None,
        "raised_at": "2025-11-19T07:00:00+00:00", "acknowledged_by": None,
        "acknowledged_at": None, "minutes": 360, "deadline": "2025-11-19T01:00:00+00:00",
        "priority": "normal", "street": "望江街道", "street_code": "330100001",
        "grid": "第1网格", "grid_code": "330100001001001",
        "department": "水利", "department_code": "D03", "supervised": False}
    assert ticker[3]["deadline"] == "2025-11-19T05:30:00+00:00"  # the response deadline


def test_ticker_puts_an_escalated_overdue_alert_first_and_shows_who_acknowledged(session, hall):
    alerts.scan(session, NOW, alerts.Policy())
    rows = {(row["code"], row["kind"]): row["id"]
            for row in snapshot.build(session, NOW, SHANGHAI)["ticker"]}
    alerts.escalate(session, rows[hall["overdue"].code, "overdue"], CENTRE, at=NOW)
    alerts.acknowledge(session, rows[hall["unsigned"].code, "response_overdue"],
                       Actor.person("张三"), at=NOW)
    supervision.supervise(session, hall["due_soon"], CENTRE, note="限今日办结", at=NOW)
    ticker = snapshot.build(session, NOW, SHANGHAI)["ticker"]
    assert [(row["code"], row["kind"], row["level"], row["escalated"], row["acknowledged_by"],
             row["supervised"]) for row in ticker] == [
        (hall["overdue"].code, "overdue", 1, True, None, False),
        (hall["both_overdue"].code, "overdue", 0, False, None, False),
        (hall["both_overdue"].code, "response_overdue", 0, False, None, False),
        (hall["unsigned"].code, "response_overdue", 0, False, "张三", False),
        (hall["due_soon"].code, "due_soon", 0, False, None, True),
    ]
    assert ticker[3]["acknowledged_at"] == "2025-11-19T07:00:00+00:00"


def test_due_soon_overdue_and_response_counts_agree_with_the_standing_alerts(session, rules):
    place = town(session)
    many(session, rules, place, 120)
    for at in (NOW - timedelta(hours=20), NOW - timedelta(hours=3), NOW):
        alerts.scan(session, at, alerts.Policy())
    session.commit()
    kpis = snapshot.build(session, NOW, SHANGHAI)["kpis"]
    standing = Counter(row["kind"] for row in queue.queue(session, NOW))
    assert standing["overdue"] and standing["due_soon"] and standing["response_overdue"]
    assert {kind: kpis[kind] for kind in ("due_soon", "overdue", "response_overdue")} == {
        kind: standing[kind] for kind in ("due_soon", "overdue", "response_overdue")}


def test_map_counts_open_and_overdue_incidents_per_grid(session, hall):
    assert snapshot.build(session, NOW, SHANGHAI)["map"] == {
        "open": {GRIDS[0]: 2, GRIDS[1]: 3, GRIDS[2]: 3},
        "overdue": {GRIDS[0]: 1, GRIDS[1]: 1},
    }


def test_streets_are_listed_in_code_order_even_without_incidents(session, hall):
    assert snapshot.build(session, NOW, SHANGHAI)["streets"] == [
        {"code": "330100001", "name": "望江街道", "open": 8, "overdue": 2, "today_reported": 5,
         "closure": {"numerator": 2, "denominator": 5}},
        {"code": "330100002", "name": "江南街道", "open": 0, "overdue": 0, "today_reported": 0,
         "closure": {"numerator": 0, "denominator": 0}},
    ]


def test_departments_with_work_this_month_are_listed_most_overdue_first(session, hall):
    assert snapshot.build(session, NOW, SHANGHAI)["departments"] == [
        {"code": "D03", "name": "区水利局", "short_name": "水利", "open": 4, "overdue": 2,
         "response": {"numerator": 5, "denominator": 7},
         "on_time": {"numerator": 1, "denominator": 5}},
        {"code": "D01", "name": "区城市管理局", "short_name": "城管", "open": 1, "overdue": 0,
         "response": {"numerator": 1, "denominator": 1},
         "on_time": {"numerator": 0, "denominator": 0}},
    ]


def test_sources_list_every_source_with_zero_where_none_came_today(session, hall):
    assert snapshot.build(session, NOW, SHANGHAI)["sources"] == {
        "patrol": 3, "resident": 0, "hotline": 1, "iot": 1, "department": 0, "leader": 0}


def test_categories_rank_the_items_reported_most_today(session, hall):
    assert snapshot.build(session, NOW, SHANGHAI)["categories"] == [
        {"code": "YJ01", "name": "积水内涝", "count": 3},
        {"code": "GL01", "name": "道路不洁", "count": 1},
        {"code": "ZF01", "name": "违法建设", "count": 1},
    ]


def test_trend_counts_reports_and_resolutions_in_their_local_hours(session, hall):
    trend = snapshot.build(session, NOW, SHANGHAI)["trend"]
    assert len(trend["hours"]) == 24
    assert trend["hours"][0] == "2025-11-18T16:00:00+08:00"
    assert trend["hours"][-1] == "2025-11-19T15:00:00+08:00"
    hour = {start[11:13]: n for n, start in enumerate(trend["hours"])}
    # 19:00 yesterday, 23:50 yesterday, 00:10, 10:00, 12:00, 13:00 and 14:30 today.
    assert [n for n, count in enumerate(trend["reported"]) for _ in range(count)] == [
        hour["19"], hour["23"], hour["00"], hour["10"], hour["12"], hour["13"], hour["14"]]
    assert [n for n, count in enumerate(trend["resolved"]) for _ in range(count)] == [
        hour["11"], hour["12"]]


def test_urgent_shows_open_urgent_reports_of_the_last_two_hours(session, hall):
    place_grid = hall["urgent"].grid
    urgent = snapshot.build(session, NOW, SHANGHAI)["urgent"]
    assert urgent == [{"code": hall["urgent"].code, "title": "路面有积水和垃圾",
                       "lon": place_grid.lon, "lat": place_grid.lat,
                       "reported_at": "2025-11-19T06:30:00+00:00", "grid": GRIDS[2],
                       "supervised": False}]
    later = snapshot.build(session, NOW + timedelta(hours=2), SHANGHAI)["urgent"]
    assert later == []


def test_urgent_marks_a_supervised_incident(session, hall):
    supervision.supervise(session, hall["urgent"], CENTRE, note="涉及群众安全", at=NOW)
    assert snapshot.build(session, NOW, SHANGHAI)["urgent"][0]["supervised"] is True


def test_meta_names_the_district_its_zone_its_day_and_the_newest_move(session, hall):
    meta = snapshot.build(session, NOW, SHANGHAI)["meta"]
    newest = max(e.id for incident in hall.values() for e in incident.events)
    assert meta == {"data_time": "2025-11-19T07:00:00+00:00", "cursor": newest,
                    "district": "测试区", "timezone": "Asia/Shanghai", "today": "2025-11-19"}


def test_snapshot_of_an_empty_store_is_all_zeros(session):
    built = snapshot.build(session, NOW, SHANGHAI)
    assert built["meta"]["cursor"] == 0 and built["meta"]["district"] is None
    assert built["kpis"]["open"] == 0 and built["ticker"] == [] and built["streets"] == []
    assert built["trend"]["reported"] == [0] * 24


def test_snapshot_is_plain_json(session, hall):
    built = snapshot.build(session, NOW, SHANGHAI)
    assert json.loads(json.dumps(built)) == built
    assert list(built) == ["meta", "kpis", "map", "urgent", "ticker", "departments",
                           "streets", "sources", "categories", "trend", "duty", "desks",
                           "street_walls"]


def test_building_refuses_a_time_without_a_zone(session):
    with pytest.raises(ValueError, match="naive"):
        snapshot.build(session, datetime(2025, 11, 19, 15), SHANGHAI)


def test_parts_changed_names_every_part_of_a_first_snapshot():
    assert snapshot.parts_changed(None, {"meta": {}, "kpis": {}}) == ["meta", "kpis"]


def test_parts_changed_ignores_a_newer_data_time_alone():
    old = {"meta": {"data_time": "a", "cursor": 1}, "kpis": {"open": 1}, "map": {}}
    new = {"meta": {"data_time": "b", "cursor": 1}, "kpis": {"open": 1}, "map": {}}
    assert snapshot.parts_changed(old, new) == []


def test_parts_changed_names_exactly_the_parts_that_differ():
    old = {"meta": {"data_time": "a", "cursor": 1}, "kpis": {"open": 1}, "map": {"open": {}},
           "ticker": [{"code": "1"}]}
    new = {"meta": {"data_time": "b", "cursor": 2}, "kpis": {"open": 1}, "map": {"open": {}},
           "ticker": [{"code": "1"}, {"code": "2"}]}
    assert snapshot.parts_changed(old, new) == ["meta", "ticker"]


def test_building_issues_as_many_statements_for_200_incidents_as_for_5(session, rules):
    place = town(session)
    many(session, rules, place, 5)
    alerts.scan(session, NOW, alerts.Policy())
    session.commit()
    few = statements(session)
    many(session, rules, place, 195)
    alerts.scan(session, NOW, alerts.Policy())
    session.commit()
    assert statements(session) == few == STATEMENTS + PLAN_STATEMENTS[dialect(session)]
    assert snapshot.build(session, NOW, SHANGHAI)["kpis"]["today_reported"] > 5


def test_a_tick_sends_as_few_statements_with_many_streets_as_with_one(session, rules):
    place = town(session)
    many(session, rules, place, 20)
    session.commit()
    one = statements(session, snapshot.month_rates(session, NOW, SHANGHAI))
    for n in range(2, 9):
        session.add(Street(district=place.district, code=f"33010000{n}", name=f"{n}街道",
                           kind="street"))
    session.commit()
    rates = snapshot.month_rates(session, NOW, SHANGHAI)
    assert len(snapshot.build(session, NOW, SHANGHAI, rates)["street_walls"]) == 8
    assert statements(session, rates) == one == TICK_STATEMENTS + PLAN_STATEMENTS[dialect(session)]


def test_a_build_after_more_moves_equals_one_made_with_nothing_kept(session, rules):
    """The statements kept between builds (the trend's for its hours, the desks' for the
    active departments) count what moved since, as a build that keeps nothing does."""
    place = town(session)
    many(session, rules, place, 10)
    session.commit()
    first = snapshot.build(session, NOW, SHANGHAI)  # keeps its statements
    many(session, rules, place, 15)
    newcomer = Department(code="D09", name="新设部门", short_name="新设")
    place.items["street"].lead_department = newcomer
    session.commit()
    led = handled(session, rules, place, NOW - timedelta(minutes=20), item="street")
    moves.resolve(session, handled(session, rules, place, NOW - 3 * MINUTE, signed=MINUTE),
                  DEPARTMENT, at=NOW - MINUTE)
    session.commit()
    kept = snapshot.build(session, NOW, SHANGHAI)
    hours._trend_statement.cache_clear()
    desks._lead_statement.cache_clear()
    assert kept == snapshot.build(session, NOW, SHANGHAI)
    assert [row["code"] for row in kept["desks"]["D09"]["to_sign"]] == [led.code]
    assert kept["trend"] != first["trend"]


def many(session: Session, rules: moves.Rules, place: Town, count: int) -> None:
    """Incidents of every standing over the last day and a half, in every grid."""
    start = NOW - timedelta(hours=40)
    sources = list(Source)
    for n in range(count):
        at, kind = start + timedelta(minutes=11 * n), n % 5
        if kind == 0:
            reported(session, rules, place, at=at, grid=n % 3, source=sources[n % len(sources)],
                     priority=Priority.URGENT)
            continue
        incident = handled(session, rules, place, at, item=("flood", "street")[n % 2],
                           grid=n % 3, signed=MINUTE if kind > 1 else None)
        if kind == 3:
            moves.resolve(session, incident, DEPARTMENT, at=at + 2 * MINUTE)
        elif kind == 4:
            holds.park(session, incident, CENTRE, reason="需财政立项", at=at + 2 * MINUTE)


def dialect(session: Session) -> str:
    return session.get_bind().dialect.name


def statements(session: Session, rates: dict | None = None) -> int:
    """How many SQL statements one build of the snapshot sends to the database."""
    engine, sent = session.get_bind(), []

    def count(*_: object) -> None:
        sent.append(1)

    snapshot.build(session, NOW, SHANGHAI, rates)  # warm: nothing of the first connection counts
    event.listen(engine, "before_cursor_execute", count)
    try:
        snapshot.build(session, NOW, SHANGHAI, rates)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return len(sent)


def test_live_counts_are_read_from_the_small_live_indexes(session, rules):
    """However long the history, the counts of now read only the live incidents' indexes
    (SQLite uses a partial index only when a query states its very condition)."""
    place = town(session)
    many(session, rules, place, 20)
    session.commit()
    clock = parts.clock(NOW, SHANGHAI)
    places = parts.places(session)
    reported = parts.reported(session, clock, places)
    read = {"grids": plan(session, lambda: parts.grid_counts(session, clock, places, reported),
                          "grid_id"),
            "departments": plan(session, lambda: parts.department_counts(session, clock),
                                "lead_department_id")}
    assert "ix_incidents_live_grid" in read["grids"]
    assert "ix_incidents_open_department" in read["departments"]


def plan(session: Session, call: Callable[[], object], grouped_by: str) -> str:
    """The plan of the statement `call` sends to count by `grouped_by` and state."""
    engine, sent = session.get_bind(), []

    def keep(_conn, _cursor, statement, parameters, *_):
        if f"GROUP BY incidents.{grouped_by}, incidents.state" in statement:
            sent.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", keep)
    try:
        call()
    finally:
        event.remove(engine, "before_cursor_execute", keep)
    (statement, parameters), = sent
    cursor = session.connection().connection.driver_connection.cursor()
    if engine.dialect.name == "postgresql":
        # A handful of rows is read fastest from the table itself; the question is whether
        # the live index can answer at all.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + statement, parameters)
    else:
        cursor.execute("ANALYZE")  # a store of any size, once analysed, has its statistics
        cursor.execute("EXPLAIN QUERY PLAN " + statement, parameters)
    return "\n".join(str(row) for row in cursor.fetchall())


def test_trend_counts_as_the_trail_does_across_the_hours_edges(session, rules):
    """Reports and resolutions on, just before and just after the hours' edges, the window's
    first and last included, count in the hour of their own move, in their incident's grid."""
    place = town(session)
    clock = parts.clock(NOW, SHANGHAI)
    start, end = clock.hours[0], clock.hours[-1]
    tick = timedelta(microseconds=1)
    edges = [start - tick, start, start + tick, clock.hours[5] - tick, clock.hours[5],
             clock.hours[17], NOW - 3 * MINUTE, end - tick]
    for n, at in enumerate(edges):
        kept = reported(session, rules, place, at=at, grid=n % 3)
        if n % 2:
            moves.accept(session, kept, CENTRE, at=at)
            moves.self_handle(session, kept, CENTRE, level=Level.GRID, at=at)
    for n, at in enumerate(edges[:-1]):
        worked = handled(session, rules, place, at - 2 * MINUTE, grid=(n + 1) % 3,
                         signed=MINUTE)
        moves.resolve(session, worked, DEPARTMENT, at=at)
    session.flush()

    def hour(at: datetime) -> int | None:
        return next((n for n in range(hours.TREND_HOURS)
                     if clock.hours[n] <= at < clock.hours[n + 1]), None)

    expected = Counter(
        ((hour(move.at), move.kind), incident.grid_id)
        for incident in session.scalars(select(Incident)) for move in incident.events
        if move.kind in ("report", *hours.RESOLVING) and hour(move.at) is not None)
    counted = {(key, grid_id): count for key, grid_id, count in hours.trend_counts(session, clock)}
    assert counted == expected
    # All but the first edge's report, and the resolved ones reported in the window: from
    # the third edge's on.
    assert sum(n for (key, _), n in counted.items() if key[1] == "report") == 7 + 4
    assert {key for key, _ in counted} >= {(0, "report"), (0, "resolve"), (0, "self_handle"),
                                           (22, "resolve"), (23, "report")}
