"""The duty console's frame, its queue and its lines, rendered from the pushed queue."""

from __future__ import annotations

from datetime import UTC, datetime

from dash import dcc, html

from data.incidents import alert_rules
from layouts import duty, duty_queue, ids
from tests.layouts.components import texts, walk

NOW = datetime(2025, 11, 21, 5, 5, 9, tzinfo=UTC)  # 13:05:09 in Shanghai
ZONE = "Asia/Shanghai"


def alert(**fields: object) -> dict:
    row = {"id": 7, "code": "2025112100001", "title": "消防通道堵塞", "kind": "overdue",
           "level": 0, "escalated": False, "escalated_at": None,
           "raised_at": "2025-11-21T01:45:00+00:00", "acknowledged_by": None,
           "acknowledged_at": None, "minutes": 200, "deadline": "2025-11-21T01:45:00+00:00",
           "priority": "normal", "street": "东华门街道", "street_code": "110101001",
           "grid": "第3网格", "grid_code": "110101001001003", "department": "城管",
           "department_code": "D01", "supervised": False}
    row.update(fields)
    return row


def rows_of(table: object) -> list[html.Tr]:
    return [node for node in walk(table) if isinstance(node, html.Tr)
            and isinstance(getattr(node, "id", None), dict)]


def test_each_row_says_kind_level_incident_place_department_lateness_and_acknowledgement():
    table = duty.queue([alert(acknowledged_by="张三", acknowledged_at="2025-11-21T02:02:00+00:00",
                              supervised=True, level=1, escalated=True, priority="urgent")],
                       [], None, "zh", ZONE, NOW)
    [row] = rows_of(table)
    shown = texts(row)
    for said in ("红色超期", "已升级 · 区领导", "2025112100001", "消防通道堵塞",
                 "东华门街道 / 第3网格", "城管", "超期 3小时20分", "张三 · 10:02", "督办", "紧急"):
        assert said in shown, said
    link = next(node for node in walk(row) if isinstance(node, html.A))
    assert link.href == "/incidents/2025112100001" and link.target == "_blank"
    assert row.id == {"type": ids.DUTY_ROW, "alert": 7, "code": "2025112100001"}


def test_an_unacknowledged_row_says_so_and_an_earlier_day_shows_its_date():
    [waiting] = rows_of(duty.queue([alert()], [], None, "zh", ZONE, NOW))
    assert "待确认" in texts(waiting) and "街道领导" in texts(waiting)
    assert "acknowledged" not in waiting.className
    [earlier] = rows_of(duty.queue([alert(acknowledged_by="李四",
                                          acknowledged_at="2025-11-19T02:02:00+00:00")],
                                   [], None, "zh", ZONE, NOW))
    assert "李四 · 11-19 10:02" in texts(earlier)


def test_due_soon_says_time_left_and_is_amber():
    [row] = rows_of(duty.queue([alert(kind="due_soon", minutes=45)], [], None, "en", ZONE, NOW))
    assert "Due soon" in texts(row) and "45 min left" in texts(row)
    assert "warn" in row.className.split()


def test_a_fresh_row_flashes_and_the_selected_row_is_marked():
    rows = rows_of(duty.queue([alert(id=1), alert(id=2), alert(id=3)], [2], 3, "zh", ZONE, NOW))
    classes = [set(row.className.split()) for row in rows]
    assert ["fresh" in names for names in classes] == [False, True, False]
    assert ["selected" in names for names in classes] == [False, False, True]


def test_markup_in_a_title_stays_text():
    hostile = "<img src=x onerror=alert(1)>"
    [row] = rows_of(duty.queue([alert(title=hostile)], [], None, "zh", ZONE, NOW))
    assert hostile in texts(row)
    assert not any(isinstance(node, html.Img) for node in walk(row))


def test_an_empty_queue_says_there_are_no_alerts():
    assert "暂无预警" in texts(duty.queue([], [], None, "zh", ZONE, NOW))
    assert "No alerts" in texts(duty.queue([], [], None, "en", ZONE, NOW))


def test_the_count_line_says_what_is_listed_of_what_stands():
    assert duty.count_line(12, 12, True, False, "zh") == "共 12 条预警"
    assert duty.count_line(3, 12, True, True, "en") == "3 of 12 alerts match"
    assert duty.count_line(12, 12, True, True, "en") == "12 of 12 alerts match"
    assert duty.count_line(500, 500, False, False, "zh") == "最严重的 500 条预警（筛选时查询全部）"
    assert duty.count_line(7, 500, False, True, "zh") == "符合筛选 7 条（已查询全部预警）"


def test_the_address_gives_filters_and_selection_and_nonsense_is_ignored():
    asked = duty.request({"kind": ["overdue"], "street": ["330100001"], "alert": ["42"]}, "en")
    assert asked == {"lang": "en", "kind": "overdue", "street": "330100001",
                     "department": None, "alert": 42}
    assert duty.request({"kind": ["nonsense"], "alert": ["x"]}, "zh")["kind"] is None
    assert duty.request({"alert": ["x"]}, "zh")["alert"] is None


def test_the_frame_joins_the_duty_room_and_keeps_the_asked_filters():
    frame = duty.layout(duty.request({"department": ["D07"], "alert": ["9"]}, "zh"))
    nodes = list(walk(frame))
    socket = next(node for node in nodes if getattr(node, "id", None) == ids.DUTY_SOCKET)
    assert socket.options == {"auth": {"room": ids.ROOM_DUTY}}
    department = next(node for node in nodes if getattr(node, "id", None) == ids.DUTY_DEPARTMENT)
    assert department.value == "D07" and department.options == [{"label": "D07",
                                                                  "value": "D07"}]
    selected = next(node for node in nodes if getattr(node, "id", None) == ids.DUTY_SELECTED)
    assert isinstance(selected, dcc.Store) and selected.data == {"alert": 9, "code": None}


def test_the_selected_line_names_the_alert_or_says_it_left_the_queue():
    line = duty.selected_line(alert(), "2025112100001", "zh")
    assert "2025112100001" in texts(line)
    assert line[-1].href == "/incidents/2025112100001"  # its moves are made on its page
    assert texts(duty.selected_line(None, "2025112100001", "zh")) == [
        "事件 2025112100001 的这条预警已不在队列中（已解除）"]
    assert texts(duty.selected_line(None, None, "en")) == ["Pick an alert in the queue"]


def test_the_kind_filter_offers_every_alert_kind_most_severe_first_by_name():
    assert list(duty_queue.KINDS) == [kind.value for kind in alert_rules.SEVERITY]
    assert [duty_queue.kind_text(kind, "zh") for kind in duty_queue.KINDS] == [
        "红色超期", "响应超时", "黄色预警"]
    assert duty_queue.kind_text("due_soon", "en") == "Due soon"
