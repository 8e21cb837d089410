"""An incident's history as tables: its trail of moves, its alerts, its supervision orders."""

from __future__ import annotations

from typing import Any

from dash import html

from layouts.formats import local_time
from layouts.text import TEXT, t


def trail(events: list[dict[str, Any]], lang: str, zone: str) -> list:
    """Every move: when, what, from which state to which, by whom, for which department, why."""
    head = ("inc_col_time", "inc_col_move", "inc_col_states", "inc_col_actor",
            "inc_col_department", "inc_col_note")
    rows = [[local_time(event["at"], zone), _move(event["kind"], lang)
             + (t("inc_granted_late", lang) if event.get("late") else ""),
             _states(event, lang), event.get("actor") or "", event.get("department") or "",
             event.get("note") or ""] for event in events]
    return [html.H3(t("inc_trail", lang)), _table(head, rows, lang, "inc-trail-table")]


def alerts(rows: list[dict[str, Any]], lang: str, zone: str) -> list:
    """Every alert: its kind, when it was raised and cleared, its level and who acknowledged it."""
    head = ("inc_col_kind", "inc_col_raised", "inc_col_cleared", "inc_col_level",
            "inc_col_acknowledged", "inc_col_note")
    cells = [[t(f"wall_kind_{alert['kind']}", lang) if f"wall_kind_{alert['kind']}" in TEXT
              else alert["kind"], _raised(alert, lang, zone),
              local_time(alert["cleared_at"], zone) if alert.get("cleared_at")
              else t("inc_alert_standing", lang),
              _level(alert, lang, zone), _acknowledged(alert, lang, zone),
              alert.get("ack_note") or ""] for alert in rows]
    return [html.H3(t("inc_alerts", lang)), _table(head, cells, lang, "inc-alerts-table")]


def supervision(orders: list[dict[str, Any]], lang: str, zone: str) -> list:
    """The supervision orders (督办单): when, by whom, and why."""
    head = ("inc_col_time", "inc_col_actor", "inc_col_note")
    rows = [[local_time(order["at"], zone), order.get("by") or "", order.get("note") or ""]
            for order in orders]
    return [html.H3(t("inc_supervision", lang)), _table(head, rows, lang, "inc-supervision-table")]


def _move(kind: str, lang: str) -> str:
    key = f"move_{kind}"
    return t(key, lang) if key in TEXT else kind


def _states(event: dict[str, Any], lang: str) -> str:
    before, after = event.get("from_state"), event.get("to_state")
    if not before and not after:
        return ""
    if before == after:
        return _state(after, lang)
    return f"{_state(before, lang)} → {_state(after, lang)}" if before else _state(after, lang)


def _state(state: str | None, lang: str) -> str:
    key = f"state_{state}"
    return t(key, lang) if key in TEXT else state or ""


def _raised(alert: dict[str, Any], lang: str, zone: str) -> str:
    raised = local_time(alert["raised_at"], zone)
    if (alert.get("raise_count") or 1) > 1 and alert.get("reraised_at"):
        again = t("inc_raised_again", lang).format(count=alert["raise_count"],
                                                   time=local_time(alert["reraised_at"], zone))
        return f"{raised} ({again})"
    return raised


def _level(alert: dict[str, Any], lang: str, zone: str) -> str:
    level = t("inc_alert_level_1" if alert.get("level") else "inc_alert_level_0", lang)
    if alert.get("escalated_at"):
        escalated = t("inc_escalated_at", lang).format(time=local_time(alert["escalated_at"], zone))
        return f"{level} · {escalated}"
    return level


def _acknowledged(alert: dict[str, Any], lang: str, zone: str) -> str:
    if not alert.get("acknowledged_at"):
        return t("wall_unacknowledged", lang)
    return t("inc_acknowledged", lang).format(name=alert.get("acknowledged_by") or "",
                                              time=local_time(alert["acknowledged_at"], zone))


def _table(head: tuple[str, ...], rows: list[list[str]], lang: str, name: str) -> html.Table:
    header = html.Thead(html.Tr([html.Th(t(key, lang)) for key in head]))
    if not rows:
        empty = html.Td(t("inc_none", lang), colSpan=len(head), className="inc-empty")
        return html.Table([header, html.Tbody(html.Tr(empty))], className=f"inc-table {name}")
    body = html.Tbody([html.Tr([html.Td(cell) for cell in row]) for row in rows])
    return html.Table([header, body], className=f"inc-table {name}")
