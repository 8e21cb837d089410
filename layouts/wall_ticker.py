"""The wall's alert list: every standing alert, most severe first, paged in the browser.

The list carries every row the ticker part holds; the browser (assets/wall.js) shows one
page of them at a time, turning a page every `PAGE_SECONDS`. An alert raised or escalated in
the last `FRESH` is put at the top and highlighted, so the hall sees it at once.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from dash import html

from layouts.text import t
from layouts.wall_panels import count_text, duration_text

PAGE_SECONDS = 8  # long enough to read a page of rows from 5 m
FRESH = timedelta(minutes=3)  # how long a new or escalated alert stays on top, highlighted
KIND_TONES = {"overdue": "bad", "response_overdue": "bad", "due_soon": "warn"}
TOP_LEVEL = 1  # alert levels: 0 street leader, 1 district leader


def ticker(part: list, lang: str, total: int | None = None,
           now: datetime | None = None) -> list:
    """The alert list: its rows (new and escalated first), and the true count of alerts.

    `total` is how many alerts stand, of which `part` carries the most severe; `now` is the
    snapshot's time, against which an alert is new.
    """
    part = part or []
    total = max(len(part), total or 0)
    if not total:
        return [html.Div(t("wall_ticker_empty", lang), className="wall-empty")]
    fresh = [row for row in part if _is_fresh(row, now)]
    fresh.sort(key=lambda row: _changed_at(row) or "", reverse=True)  # newest change first
    ordered = fresh + [row for row in part if not _is_fresh(row, now)]
    rows = [_row(alert, lang, _is_fresh(alert, now)) for alert in ordered]
    foot = [html.Span(t("wall_ticker_total", lang).format(count=count_text(total)),
                      className="wall-ticker-count")]
    if total > len(part):
        more = t("wall_ticker_more", lang).format(count=count_text(total - len(part)))
        foot.append(html.Span(more, className="wall-ticker-more"))
    foot.append(html.Span(className="wall-ticker-page"))  # "2/7", written by the browser
    return [html.Div(html.Div(rows, className="wall-ticker-rows"), className="wall-ticker-window"),
            html.Div(foot, className="wall-ticker-foot")]


def _changed_at(alert: dict[str, Any]) -> str | None:
    return max(filter(None, (alert.get("raised_at"), alert.get("escalated_at"))), default=None)


def _is_fresh(alert: dict[str, Any], now: datetime | None) -> bool:
    changed = _changed_at(alert)
    if now is None or not changed:
        return False
    return datetime.fromisoformat(changed) >= now - FRESH


def _row(alert: dict[str, Any], lang: str, fresh: bool) -> html.Div:
    kind = alert.get("kind", "overdue")
    tone = KIND_TONES.get(kind, "bad")
    minutes = alert.get("minutes") or 0
    due = (t("wall_left", lang) if kind == "due_soon" else t("wall_overdue_by", lang))
    title = alert.get("title") or ""
    first = [html.Span(t(f"wall_kind_{kind}", lang) if kind in KIND_TONES else kind,
                       className=f"wall-badge {tone}"),
             html.Span(alert.get("code") or "", className="wall-code")]
    if alert.get("priority") == "urgent":
        first.append(html.Span(t("wall_priority_urgent", lang), className="wall-badge urgent"))
    first.append(html.Span(title, className="wall-ticker-title", title=title))
    second = [html.Span(alert.get("street") or "", className="wall-street"),
              html.Span(alert.get("department") or "", className="wall-department"),
              html.Span(due.format(duration=duration_text(minutes, lang)),
                        className=f"wall-due {tone}"),
              html.Span(_markers(alert, lang), className="wall-markers")]
    return html.Div(className=f"wall-ticker-row {tone}" + (" fresh" if fresh else ""),
                    **{"data-alert": str(alert.get("id", ""))}, children=[
        html.Div(first, className="wall-ticker-line"),
        html.Div(second, className="wall-ticker-line wall-ticker-detail"),
    ])


def _markers(alert: dict[str, Any], lang: str) -> list:
    """督办, 已升级 · to whom, and 已确认 · name, or 待确认 while nobody has looked."""
    markers = []
    if alert.get("supervised"):
        markers.append(html.Span(t("wall_supervised", lang), className="wall-mark supervised"))
    if alert.get("escalated"):
        level = min(int(alert.get("level") or TOP_LEVEL), TOP_LEVEL)  # to whom: 区领导
        text = t(f"wall_escalated_{level}", lang)
        markers.append(html.Span(text, className="wall-mark escalated"))
    if alert.get("acknowledged_by"):
        text = t("wall_acknowledged", lang).format(name=alert["acknowledged_by"])
        markers.append(html.Span(text, className="wall-mark acknowledged"))
    elif not alert.get("escalated"):
        markers.append(html.Span(t("wall_unacknowledged", lang), className="wall-mark waiting"))
    return markers
