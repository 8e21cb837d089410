"""One incident as its page shows it: its data, its place, its whole trail and its alerts."""

from __future__ import annotations

from datetime import UTC, timedelta

from sqlalchemy.orm import Session

from data.domain import AlertKind, State
from data.incidents import detail, moves
from data.models import Alert, SupervisionOrder
from tests.data.lifecycle import incident_in
from tests.factories import handled, local, town

START = local(2025, 11, 3, 10, 0)


def test_an_unknown_code_has_no_detail(session: Session) -> None:
    town(session)
    session.commit()
    assert detail.detail(session, "E20990101-0001", START) is None


def test_detail_holds_the_place_departments_callback_and_every_move_in_order(
        session: Session, rules: moves.Rules) -> None:
    place = town(session)
    code = incident_in(State.CLOSED, session, rules, place, START).code

    found = detail.detail(session, code, START + timedelta(days=1))

    assert (found["code"], found["state"], found["title"]) == (code, "closed", "路面有积水和垃圾")
    assert found["reporter"] == "市民 陈女士"
    assert found["item"] == {"code": "GL01", "name": "道路不洁"}
    assert found["item_class"]["name"] == "管理服务"
    assert (found["street"]["name"], found["community"]["name"], found["grid"]["name"]) == (
        "望江街道", "翠苑社区", "第1网格")
    assert found["grid"]["boundary"]["type"] == "Polygon"
    assert found["lead_department"]["name"] == "区城市管理局"
    assert [d["name"] for d in found["co_departments"]] == ["公安分局"]
    assert found["callback"] == {"reached": True, "solved": True, "rating": "satisfied"}
    assert [event["kind"] for event in found["trail"]] == [
        "report", "accept", "dispatch", "sign", "resolve", "verify", "close"]
    dispatch = found["trail"][2]
    assert (dispatch["from_state"], dispatch["to_state"]) == ("accepted", "dispatched")
    assert dispatch["department"] == "区城市管理局"
    assert dispatch["actor"] == "值班员 王芳"
    assert found["times"]["closed_at"] == START + timedelta(minutes=6)
    assert found["times"]["reported_at"].tzinfo is not None
    assert found["deadlines"]["resolution_deadline"] is not None
    assert not found["overdue"] and not found["open"]
    assert found["alerts"] == [] and found["supervision"] == []


def test_detail_lists_the_alerts_and_supervision_orders_and_marks_overdue(
        session: Session, rules: moves.Rules) -> None:
    place = town(session)
    incident = handled(session, rules, place, START, item="flood")  # resolve within 24 h
    later = START + timedelta(hours=30)
    session.add_all([
        Alert(incident=incident, kind=AlertKind.DUE_SOON, raised_at=START + timedelta(hours=20),
              cleared_at=START + timedelta(hours=24), level=0),
        Alert(incident=incident, kind=AlertKind.OVERDUE, raised_at=START + timedelta(hours=24),
              level=1, escalated_at=START + timedelta(hours=25),
              acknowledged_at=START + timedelta(hours=26), acknowledged_by="值班员 李明",
              ack_note="已电话催办"),
        SupervisionOrder(incident=incident, ordered_by="值班员 李明",
                         ordered_at=START + timedelta(hours=27), note="限今日办结"),
    ])
    session.commit()

    found = detail.detail(session, f"  {incident.code} ", later)

    assert found["overdue"] and found["open"] and not found["due_soon"]
    assert [alert["kind"] for alert in found["alerts"]] == ["due_soon", "overdue"]
    overdue = found["alerts"][1]
    assert overdue["cleared_at"] is None and overdue["level"] == 1
    assert overdue["acknowledged_by"] == "值班员 李明" and overdue["ack_note"] == "已电话催办"
    assert overdue["escalated_at"] == (START + timedelta(hours=25)).astimezone(UTC)
    assert found["supervision"] == [{"at": (START + timedelta(hours=27)).astimezone(UTC),
                                     "by": "值班员 李明", "note": "限今日办结"}]
