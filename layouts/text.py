"""Every UI string, in Simplified Chinese first and English as a switch."""

from __future__ import annotations

LANGUAGES = ("zh", "en")

TEXT: dict[str, dict[str, str]] = {
    "title": {"zh": "基层治理指挥中心", "en": "Grassroots Governance Command Centre"},
    "store": {"zh": "事件库状态", "en": "Incident store"},
    "district": {"zh": "辖区", "en": "District"},
    "streets": {"zh": "街道（镇）", "en": "Streets and towns"},
    "communities": {"zh": "社区（村）", "en": "Communities and villages"},
    "grids": {"zh": "网格", "en": "Grids"},
    "departments": {"zh": "职能部门", "en": "Departments"},
    "items": {"zh": "吹哨清单事项", "en": "Whistle-list items"},
    "incidents": {"zh": "事件总数", "en": "Incidents"},
    "open": {"zh": "在办事件", "en": "Open incidents"},
    "events": {"zh": "留痕记录", "en": "Trail events"},
    "last_event": {"zh": "最新动态", "en": "Latest move"},
    "empty": {"zh": "尚未导入辖区数据", "en": "No district loaded yet"},
    "language": {"zh": "English", "en": "中文"},
    # The wall (/wall)
    "wall_connecting": {"zh": "正在连接…", "en": "Connecting…"},
    "wall_waiting": {"zh": "等待数据…", "en": "Waiting for data…"},
    "wall_disconnected": {"zh": "连接中断", "en": "Disconnected"},
    "wall_live": {"zh": "数据更新于 {time}", "en": "Data as of {time}"},
    "wall_stale": {"zh": "数据中断 · 自 {time} 起", "en": "Data stale since {time}"},
    "wall_clock": {"zh": "{year}年{month}月{day}日 {weekday} {time}",
                   "en": "{weekday} {year}-{month}-{day} {time}"},
    "wall_weekdays": {"zh": "星期一,星期二,星期三,星期四,星期五,星期六,星期日",
                      "en": "Mon,Tue,Wed,Thu,Fri,Sat,Sun"},
    "wall_kpi_today_reported": {"zh": "今日上报", "en": "Reported today"},
    "wall_kpi_today_resolved": {"zh": "今日办结", "en": "Resolved today"},
    "wall_kpi_open": {"zh": "在办事件", "en": "Open"},
    "wall_kpi_due_soon": {"zh": "黄色预警", "en": "Due soon"},
    "wall_kpi_overdue": {"zh": "红色超期", "en": "Overdue"},
    "wall_kpi_month_response": {"zh": "本月响应率", "en": "Response, month"},
    "wall_kpi_month_closure": {"zh": "本月结案率", "en": "Closure, month"},
    "wall_kpi_month_on_time": {"zh": "本月按期结案率", "en": "On time, month"},
    "wall_kpi_month_satisfaction": {"zh": "本月满意率", "en": "Satisfied, month"},
    "wall_map": {"zh": "网格在办事件", "en": "Open incidents by grid"},
    "wall_map_scale": {"zh": "在办", "en": "Open"},
    "wall_ticker": {"zh": "超期预警", "en": "Overdue alerts"},
    "wall_ticker_empty": {"zh": "暂无超期预警", "en": "No alerts"},
    "wall_ticker_more": {"zh": "另有 {count} 条", "en": "{count} more"},
    "wall_departments": {"zh": "部门排名", "en": "Departments"},
    "wall_streets": {"zh": "街道排名", "en": "Streets"},
    "wall_sources": {"zh": "今日来源", "en": "Sources today"},
    "wall_categories": {"zh": "今日高发事项", "en": "Top matters today"},
    "wall_trend": {"zh": "24小时趋势", "en": "Last 24 hours"},
    "wall_reported": {"zh": "上报", "en": "Reported"},
    "wall_resolved": {"zh": "办结", "en": "Resolved"},
    "wall_none": {"zh": "暂无数据", "en": "No data"},
    "wall_col_rank": {"zh": "#", "en": "#"},
    "wall_col_department": {"zh": "部门", "en": "Department"},
    "wall_col_street": {"zh": "街道", "en": "Street"},
    "wall_col_today": {"zh": "今日", "en": "Today"},
    "wall_col_open": {"zh": "在办", "en": "Open"},
    "wall_col_overdue": {"zh": "超期", "en": "Overdue"},
    "wall_col_response": {"zh": "响应率", "en": "Response"},
    "wall_col_on_time": {"zh": "按期率", "en": "On time"},
    "wall_col_closure": {"zh": "结案率", "en": "Closure"},
    "wall_kind_overdue": {"zh": "红色超期", "en": "Overdue"},
    "wall_kind_response_overdue": {"zh": "响应超时", "en": "Response overdue"},
    "wall_kind_due_soon": {"zh": "黄色预警", "en": "Due soon"},
    "wall_overdue_by": {"zh": "超期 {duration}", "en": "Overdue {duration}"},
    "wall_left": {"zh": "剩余 {duration}", "en": "{duration} left"},
    "wall_minutes": {"zh": "{minutes}分", "en": "{minutes} min"},
    "wall_hours": {"zh": "{hours}小时{minutes}分", "en": "{hours} h {minutes} min"},
    "wall_days": {"zh": "{days}天{hours}小时", "en": "{days} d {hours} h"},
    "wall_acknowledged": {"zh": "已确认 · {name}", "en": "Acknowledged · {name}"},
    "wall_unacknowledged": {"zh": "待确认", "en": "Unacknowledged"},
    "wall_escalated": {"zh": "已升级", "en": "Escalated"},
    "wall_supervised": {"zh": "督办", "en": "Supervised"},
    "wall_priority_urgent": {"zh": "紧急", "en": "Urgent"},
    "source_patrol": {"zh": "网格员巡查", "en": "Grid patrol"},
    "source_resident": {"zh": "群众报事", "en": "Resident report"},
    "source_hotline": {"zh": "12345热线", "en": "12345 hotline"},
    "source_iot": {"zh": "智能感知", "en": "IoT sensing"},
    "source_department": {"zh": "部门转办", "en": "Department transfer"},
    "source_leader": {"zh": "领导交办", "en": "Leader's assignment"},
}


def t(key: str, lang: str) -> str:
    """The text for `key` in `lang`, falling back to Chinese."""
    entry = TEXT[key]
    return entry.get(lang) or entry["zh"]


def language(value: str | None) -> str:
    """A supported language code from a query value; Chinese by default."""
    return value if value in LANGUAGES else "zh"
