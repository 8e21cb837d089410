"""The incident panel, drawn from a plain dict: every fact, every move, every alert."""

from __future__ import annotations

from datetime import UTC, datetime

from dash import dcc

from data.domain import AlertKind, Level, Priority, Rating, Source, State
from data.incidents import alert_rules, supervision
from data.incidents.trail import TRANSITIONS
from layouts import ids, incident
from layouts.text import TEXT
from tests.layouts.components import texts, walk

ZONE = "Asia/Shanghai"
HOSTILE = "<script>window.__pwned=1</script><b>x</b>"


def at(hour: int, minute: int = 0) -> datetime:
    return datetime(2025, 11, 21, hour, minute, tzinfo=UTC)


def detail(**changes: object) -> dict:
    """An incident dict as data.incidents.detail gives it."""
    found = {
        "code": "E20251121-0007", "title": "消防通道堵塞", "description": "三轮车长期占道",
        "state": "in_progress", "priority": "urgent", "source": "hotline",
        "reporter": "市民 陈女士",
        "item": {"code": "ZF03", "name": "占用消防通道"},
        "item_class": {"code": "EN", "name": "综合执法", "kind": "enforcement"},
        "lead_department": {"code": "D01", "name": "区城市管理局"},
        "co_departments": [{"code": "D02", "name": "公安分局"},
                           {"code": "D05", "name": "消防救援大队"}],
        "extension_count": 1, "return_count": 2, "send_back_count": 0, "resolution_level": None,
        "callback": {"reached": None, "solved": None, "rating": None},
        "lon": 120.005, "lat": 30.005,
        "grid": {"code": "330100001001001", "name": "第1网格", "head": "李强",
                 "boundary": {"type": "Polygon", "coordinates": [[[120, 30], [120.01, 30],
                                                                  [120.01, 30.01], [120, 30]]]}},
        "community": {"code": "330100001001", "name": "翠苑社区"},
        "street": {"code": "330100001", "name": "望江街道"},
        "times": {"reported_at": at(1, 5), "accepted_at": at(1, 6), "dispatched_at": at(1, 7),
                  "signed_at": at(1, 20), "resolved_at": None, "verified_at": None,
                  "closed_at": None, "parked_at": None, "updated_at": at(1, 20)},
        "deadlines": {"response_deadline": at(1, 37), "due_soon_at": at(5, 0),
                      "resolution_deadline": at(6, 0)},
        "open": True, "overdue": True, "due_soon": False, "merged_into": None,
        "supervision": [{"at": at(7, 0), "by": "值班员 李明", "note": "限今日办结"}],
        "trail": [
            {"at": at(1, 5), "kind": "report", "from_state": None, "to_state": "reported",
             "actor": "网格员 张伟", "actor_kind": "person", "department": None, "note": None},
            {"at": at(1, 7), "kind": "dispatch", "from_state": "accepted",
             "to_state": "dispatched", "actor": "值班员 王芳", "actor_kind": "person",
             "department": "区城市管理局", "note": "请速处置"},
            {"at": at(6, 1), "kind": "alert_raise", "from_state": "in_progress",
             "to_state": "in_progress", "actor": "system", "actor_kind": "system",
             "department": None, "note": None},
            {"at": at(6, 2), "kind": "something_new", "from_state": "in_progress",
             "to_state": "in_progress", "actor": "hotline-12345", "actor_kind": "system",
             "department": None, "note": None},
        ],
        "alerts": [
            {"kind": "overdue", "raised_at": at(6, 1), "cleared_at": None, "level": 1,
             "escalated_at": at(6, 16), "acknowledged_at": at(6, 30),
             "acknowledged_by": "值班员 李明", "ack_note": "已电话催办", "reraised_at": None,
             "raise_count": 1},
            {"kind": "due_soon", "raised_at": at(5, 0), "cleared_at": at(6, 1), "level": 0,
             "escalated_at": None, "acknowledged_at": None, "acknowledged_by": None,
             "ack_note": None, "reraised_at": None, "raise_count": 1},
        ],
    }
    found.update(changes)
    return found


def test_panel_shows_every_fact_in_the_districts_time_zone() -> None:
    shown = set(texts(incident.panel(detail(), "zh", ZONE)))
    assert {"E20251121-0007", "消防通道堵塞", "三轮车长期占道", "处置中", "紧急", "红色超期",
            "督办", "12345热线", "市民 陈女士", "区城市管理局", "公安分局、消防救援大队",
            "1 / 2 / 0"} <= shown
    assert "占用消防通道 (ZF03) · 综合执法" in shown
    assert "望江街道 / 翠苑社区 / 第1网格 (330100001001001)" in shown
    # 01:05 UTC is 09:05 in Shanghai; deadlines too.
    assert {"2025-11-21 09:05", "2025-11-21 09:37", "2025-11-21 14:00"} <= shown
    assert "—" in shown  # no callback yet


def test_panel_lists_every_move_with_its_states_actor_department_and_note() -> None:
    panel = incident.panel(detail(), "zh", ZONE)
    table = next(item for item in walk(panel)
                 if "inc-trail-table" in (getattr(item, "className", "") or ""))
    rows = table.children[1].children
    assert len(rows) == 4
    first, dispatch, raised, unknown = (texts(row) for row in rows)
    assert first[:3] == ["2025-11-21 09:05", "上报", "待受理"]
    assert dispatch == ["2025-11-21 09:07", "派遣（吹哨）", "已立案 → 已派遣", "值班员 王芳",
                        "区城市管理局", "请速处置"]
    assert raised[1:3] == ["触发预警", "处置中"]
    assert unknown[1] == "something_new"  # a move the screen has no name for keeps its own


def test_panel_lists_alerts_with_level_escalation_and_acknowledgement() -> None:
    shown = texts(incident.panel(detail(), "en", ZONE))
    assert "Overdue" in shown and "Due soon" in shown
    assert "District · escalated 2025-11-21 14:16" in shown
    assert "值班员 李明 · 2025-11-21 14:30" in shown and "已电话催办" in shown
    assert "Standing" in shown and "Unacknowledged" in shown
    assert "Street" in shown and "2025-11-21 14:01" in shown


def test_panel_says_none_where_nothing_happened_and_shows_the_callback() -> None:
    closed = detail(state="closed", priority="normal", overdue=False, open=False,
                    supervision=[], alerts=[], resolution_level="community",
                    callback={"reached": True, "solved": True, "rating": "basic"})
    panel = incident.panel(closed, "zh", ZONE)
    shown = texts(panel)
    assert shown.count("无") == 2  # no supervision order, no alert
    assert {"已结案", "社区（村）", "问题已解决 · 基本满意"} <= set(shown)
    badges = [item.className for item in walk(panel)
              if (getattr(item, "className", "") or "").startswith("inc-badge ")]
    assert badges == ["inc-badge state", "inc-badge normal"]  # neither overdue nor supervised
    assert "红色超期" not in shown
    unreached = detail(callback={"reached": False, "solved": None, "rating": None})
    assert "Reporter not reached" in texts(incident.panel(unreached, "en", ZONE))


def test_panel_keeps_outside_text_as_plain_strings() -> None:
    hostile = detail(title=HOSTILE, description=HOSTILE, reporter=HOSTILE,
                     trail=[{**detail()["trail"][1], "note": HOSTILE, "actor": HOSTILE}])
    panel = incident.panel(hostile, "zh", ZONE)
    assert texts(panel).count(HOSTILE) == 5
    kinds = {type(item).__name__ for item in walk(panel)}
    assert not kinds & {"Script", "Markdown", "Iframe", "B"}


def test_panel_map_draws_the_grid_and_the_point() -> None:
    graph = next(item for item in walk(incident.panel(detail(), "zh", ZONE))
                 if isinstance(item, dcc.Graph))
    place, points = graph.figure.data
    assert list(place.locations) == ["330100001001001"]
    assert (list(points.lon), list(points.lat)) == ([120.005], [30.005])
    assert graph.config["topojsonURL"] == "/assets/topojson/"


def test_page_frame_asks_for_its_code_and_an_unknown_code_is_named() -> None:
    frame = incident.layout("E1", "en")
    found = {getattr(item, "id", None): item for item in walk(frame)}
    assert found[ids.INCIDENT_REQUEST].data == {"code": "E1", "lang": "en"}
    assert ids.INCIDENT_BODY in found
    assert texts(incident.missing("E404", "zh")) == ["没有编号为 E404 的事件"]
    assert texts(incident.missing("E404", "en")) == ["No incident with code E404"]


def test_every_state_priority_level_rating_and_move_has_a_name_in_both_languages() -> None:
    keys = [f"state_{state}" for state in State] + [f"priority_{p}" for p in Priority]
    keys += [f"level_{level}" for level in Level] + [f"rating_{rating}" for rating in Rating]
    keys += [f"source_{source}" for source in Source] + [f"wall_kind_{kind}" for kind in AlertKind]
    moves = ["report", *TRANSITIONS, supervision.SUPERVISE, *alert_rules.EVENTS]
    keys += [f"move_{move}" for move in moves]
    for key in keys:
        assert set(TEXT.get(key, {})) == {"zh", "en"}, key


def test_a_reported_photo_is_a_link_only_when_it_is_an_http_address() -> None:
    photo = "https://img.example.cn/p/1.jpg?a=1&b=<b>"
    panel = incident.panel(detail(media_url=photo), "zh", ZONE)
    [link] = [item for item in walk(panel) if type(item).__name__ == "A"
              and getattr(item, "className", None) == "inc-media"]
    assert link.href == photo and link.children == photo and "noopener" in link.rel
    for unsafe in ("javascript:alert(1)", "data:text/html,<script>x</script>",
                   "http://exa mple.cn/x", "https://[::1/x"):
        shown = incident.panel(detail(media_url=unsafe), "en", ZONE)
        assert unsafe in texts(shown) and "Photo or video" in texts(shown)
        assert not [item for item in walk(shown) if getattr(item, "href", None) == unsafe]
    assert "现场照片/视频" not in texts(incident.panel(detail(), "zh", ZONE))


def test_an_extension_granted_after_its_deadline_says_so_in_the_trail() -> None:
    grant = {**detail()["trail"][1], "kind": "grant_extension", "late": True}
    timely = {**grant, "late": False}
    shown = texts(incident.panel(detail(trail=[timely, grant]), "zh", ZONE))
    assert shown.count("批准延期") == 1
    assert "批准延期（逾期后批准，按原时限计超期）" in shown
