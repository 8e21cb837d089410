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
}


def t(key: str, lang: str) -> str:
    """The text for `key` in `lang`, falling back to Chinese."""
    entry = TEXT[key]
    return entry.get(lang) or entry["zh"]


def language(value: str | None) -> str:
    """A supported language code from a query value; Chinese by default."""
    return value if value in LANGUAGES else "zh"
