"""The wall's panels drawn as HTML: KPI tiles, the overdue ticker and the two rankings."""

from __future__ import annotations

from typing import Any

from dash import html

from layouts.text import t

# How many rows fit their panel at 16:9; the rest is summarised, never scrolled.
TICKER_ROWS = 8
DEPARTMENT_ROWS = 6
STREET_ROWS = 6

COUNT_TILES = (  # (snapshot key, text key, tone when the count is not zero)
    ("today_reported", "wall_kpi_today_reported", ""),
    ("today_resolved", "wall_kpi_today_resolved", "good"),
    ("open", "wall_kpi_open", ""),
    ("due_soon", "wall_kpi_due_soon", "warn"),
    ("overdue", "wall_kpi_overdue", "bad"),
)
RATE_TILES = (
    ("month_response", "wall_kpi_month_response"),
    ("month_closure", "wall_kpi_month_closure"),
    ("month_on_time", "wall_kpi_month_on_time"),
    ("month_satisfaction", "wall_kpi_month_satisfaction"),
)
KIND_TONES = {"overdue": "bad", "response_overdue": "bad", "due_soon": "warn"}
TOP_LEVEL = 1  # alert levels: 0 street leader, 1 district leader


def rate_text(rate: dict | None) -> tuple[str, str]:
    """A rate as "93.7%" and its "numerator / denominator"; "—" when nothing is counted."""
    if not rate:
        return "—", ""
    numerator, denominator = rate.get("numerator", 0), rate.get("denominator", 0)
    title = f"{numerator:,} / {denominator:,}"
    if not denominator:
        return "—", title  # a rate of nothing is neither 0 % nor 100 % (PRODUCT §6)
    return f"{100 * numerator / denominator:.1f}%", title


def count_text(value: int | None) -> str:
    """A count with thousands separators, or "—" when it is unknown."""
    return "—" if value is None else f"{value:,}"


def duration_text(minutes: float, lang: str) -> str:
    """A span of minutes as "3小时20分", "45分" or "2天3小时"."""
    total = max(0, int(minutes))
    days, rest = divmod(total, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days:
        return t("wall_days", lang).format(days=days, hours=hours)
    if hours:
        return t("wall_hours", lang).format(hours=hours, minutes=mins)
    return t("wall_minutes", lang).format(minutes=mins)


def kpis(part: dict, lang: str) -> list:
    """The KPI tiles: today's counts, the open picture, and the month's four rates."""
    tiles = []
    for key, label, tone in COUNT_TILES:
        value = part.get(key)
        shown_tone = tone if value else ""
        tiles.append(_tile(t(label, lang), count_text(value), "", shown_tone))
    for key, label in RATE_TILES:
        text, title = rate_text(part.get(key))
        tiles.append(_tile(t(label, lang), text, title, "rate"))
    return tiles


def _tile(label: str, value: str, title: str, tone: str) -> html.Div:
    return html.Div(className=f"wall-kpi {tone}".strip(), title=title or None, children=[
        html.Div(label, className="wall-kpi-label"),
        html.Div(value, className="wall-kpi-value"),
    ])


def ticker(part: list, lang: str, total: int | None = None) -> list:
    """The alert ticker, most severe first, with each alert's acknowledgement state.

    `total` is how many alerts stand, of which `part` carries the most severe: the rows not
    shown are counted from it.
    """
    total = max(len(part or []), total or 0)
    if not total:
        return [html.Div(t("wall_ticker_empty", lang), className="wall-empty")]
    rows = [_ticker_row(alert, lang) for alert in part[:TICKER_ROWS]]
    if total > len(rows):
        more = t("wall_ticker_more", lang).format(count=total - len(rows))
        rows.append(html.Div(more, className="wall-ticker-more"))
    return rows


def _ticker_row(alert: dict[str, Any], lang: str) -> html.Div:
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
    return html.Div(className=f"wall-ticker-row {tone}", children=[
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


def departments(part: list, lang: str) -> list:
    """The department ranking, most overdue first, as a table's head and body."""
    head = ["wall_col_rank", "wall_col_department", "wall_col_open", "wall_col_overdue",
            "wall_col_response", "wall_col_on_time"]
    rows = [[_rank(index), _name(row.get("short_name") or row.get("name")),
             _count(row.get("open")), _count(row.get("overdue"), "bad"),
             _rate(row.get("response")), _rate(row.get("on_time"))]
            for index, row in enumerate(part[:DEPARTMENT_ROWS])]
    return _table(head, rows, lang)


def streets(part: list, lang: str, unit: str = "street") -> list:
    """The street ranking (a street's wall: its communities' ranking), most overdue first,
    then most open, then in code order."""
    ranked = sorted(part, key=lambda row: (-(row.get("overdue") or 0),
                                           -(row.get("open") or 0), row.get("code") or ""))
    head = ["wall_col_rank", f"wall_col_{unit}", "wall_col_today", "wall_col_open",
            "wall_col_overdue", "wall_col_closure"]
    rows = [[_rank(index), _name(row.get("name")), _count(row.get("today_reported")),
             _count(row.get("open")), _count(row.get("overdue"), "bad"),
             _rate(row.get("closure"))]
            for index, row in enumerate(ranked[:STREET_ROWS])]
    return _table(head, rows, lang)


def _table(head: list[str], rows: list[list], lang: str) -> list:
    header = html.Thead(html.Tr([html.Th(t(key, lang)) for key in head]))
    if not rows:
        empty = html.Tr(html.Td(t("wall_none", lang), colSpan=len(head), className="wall-empty"))
        return [header, html.Tbody(empty)]
    return [header, html.Tbody([html.Tr(cells) for cells in rows])]


def _rank(index: int) -> html.Td:
    return html.Td(str(index + 1), className="rank")


def _name(name: str | None) -> html.Td:
    return html.Td(name or "", className="name", title=name or None)


def _count(value: int | None, tone: str = "") -> html.Td:
    return html.Td(count_text(value), className=f"num {tone if value else ''}".strip())


def _rate(rate: dict | None) -> html.Td:
    text, title = rate_text(rate)
    return html.Td(text, className="num rate", title=title or None)
