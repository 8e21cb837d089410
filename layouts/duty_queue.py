"""The duty console's queue as a table: one row per standing alert, most severe first.

Rows are data.alerts.queue's plain dicts, as the snapshot's duty part carries them. Text from
outside (titles, names) is passed as strings, which Dash escapes.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from dash import html

from layouts import ids
from layouts.text import t
from layouts.wall_panels import duration_text

KINDS = ("overdue", "response_overdue", "due_soon")  # the alert kinds, most severe first
TONES = {"overdue": "bad", "response_overdue": "bad", "due_soon": "warn"}
HEAD = ("duty_col_kind", "duty_col_incident", "duty_col_place", "duty_col_department",
        "duty_col_late", "duty_col_acknowledged", "duty_col_marks")
TOP_LEVEL = 1  # alert levels: 0 street leader, 1 district leader


def kind_text(kind: str, lang: str) -> str:
    """An alert kind's name: 红色超期, 响应超时, 黄色预警."""
    return t(f"wall_kind_{kind}", lang) if kind in TONES else kind


def level_text(level: int, lang: str) -> str:
    """Who answers for an alert at `level`: 街道领导 or 区领导."""
    return t(f"duty_level_{min(max(int(level), 0), TOP_LEVEL)}", lang)


def moment_text(moment: str | datetime | None, zone: str, now: datetime) -> str:
    """A moment as the hall says it: "10:02" today, "11-20 10:02" another day."""
    if not moment:
        return "—"
    when = datetime.fromisoformat(moment) if isinstance(moment, str) else moment
    local, today = when.astimezone(ZoneInfo(zone)), now.astimezone(ZoneInfo(zone)).date()
    return local.strftime("%H:%M" if local.date() == today else "%m-%d %H:%M")


def count_line(shown: int, total: int, complete: bool, filtered: bool, lang: str) -> str:
    """How many alerts the queue lists, of how many stand (of all, when too many to push)."""
    if not filtered:
        return t("duty_count" if complete else "duty_count_most_severe", lang).format(count=total)
    if not complete:
        return t("duty_count_filtered_all", lang).format(shown=shown)
    return t("duty_count_filtered", lang).format(shown=shown, count=total)


def queue(rows: list[dict[str, Any]], fresh: list[int], selected: int | None, lang: str,
          zone: str, now: datetime) -> html.Table | html.P:
    """The queue's table; the selected row marked, the overdue alerts just arrived flashing."""
    if not rows:
        return html.P(t("duty_empty", lang), className="duty-empty")
    header = html.Thead(html.Tr([html.Th(t(key, lang)) for key in HEAD]))
    body = [_row(row, row["id"] in fresh, row["id"] == selected, lang, zone, now)
            for row in rows]
    return html.Table([header, html.Tbody(body)], className="duty-table")


def _row(row: dict[str, Any], fresh: bool, selected: bool, lang: str, zone: str,
         now: datetime) -> html.Tr:
    kind = row["kind"]
    tone = TONES.get(kind, "bad")
    classes = ["duty-row", tone, *(["fresh"] if fresh else []),
               *(["selected"] if selected else []),
               *(["acknowledged"] if row.get("acknowledged_by") else [])]
    suffix = "?lang=en" if lang == "en" else ""
    late = t("wall_left" if kind == "due_soon" else "wall_overdue_by", lang).format(
        duration=duration_text(row.get("minutes") or 0, lang))
    place = " / ".join(part for part in (row.get("street"), row.get("grid")) if part)
    return html.Tr(
        id={"type": ids.DUTY_ROW, "alert": row["id"], "code": row["code"]}, n_clicks=0,
        className=" ".join(classes), children=[
            html.Td([html.Span(kind_text(kind, lang), className=f"duty-badge {tone}"),
                     html.Span(_level(row, lang), className="duty-level")],
                    className="duty-kind"),
            html.Td([html.A(row["code"], href=f"/incidents/{row['code']}{suffix}",
                            target="_blank", rel="noopener", className="duty-code"),
                     html.Span(row.get("title") or "", className="duty-title",
                               title=row.get("title") or None)],
                    className="duty-incident-cell"),
            html.Td(place, className="duty-place", title=row.get("grid_code")),
            html.Td(row.get("department") or "—", className="duty-department"),
            html.Td(late, className=f"duty-late {tone}"),
            html.Td(_acknowledged(row, lang, zone, now), className="duty-ack-cell"),
            html.Td(_marks(row, lang), className="duty-marks"),
        ])


def _level(row: dict[str, Any], lang: str) -> str:
    level = level_text(row.get("level") or 0, lang)
    return t("duty_level_escalated", lang).format(level=level) if row.get("escalated") else level


def _acknowledged(row: dict[str, Any], lang: str, zone: str, now: datetime) -> str:
    if not row.get("acknowledged_by"):
        return t("wall_unacknowledged", lang)
    return t("inc_acknowledged", lang).format(
        name=row["acknowledged_by"], time=moment_text(row.get("acknowledged_at"), zone, now))


def _marks(row: dict[str, Any], lang: str) -> list:
    marks = []
    if row.get("supervised"):
        marks.append(html.Span(t("wall_supervised", lang), className="duty-mark supervised"))
    if row.get("priority") == "urgent":
        marks.append(html.Span(t("wall_priority_urgent", lang), className="duty-mark urgent"))
    return marks
