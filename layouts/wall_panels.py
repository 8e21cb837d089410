"""The wall's panels drawn as HTML: KPI tiles and the two rankings (the ticker: wall_ticker)."""

from __future__ import annotations

from dash import html

from layouts.text import t

# How many rows fit their panel at 16:9; the rest is summarised, never scrolled.
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


def change_text(value: int | None, before: int | None, lang: str) -> str:
    """How a count stands against yesterday at the same time: "较昨日同时 +12"."""
    if value is None or before is None:
        return ""
    return t("wall_vs_yesterday", lang).format(change=f"{value - before:+,}".replace("-", "−"))


def kpis(part: dict, lang: str) -> list:
    """The KPI tiles: today's counts (against yesterday at the same time), the open picture,
    and the month's four rates."""
    tiles = []
    yesterday = part.get("yesterday") or {}
    for key, label, tone in COUNT_TILES:
        value = part.get(key)
        shown_tone = tone if value else ""
        change = change_text(value, yesterday.get(key), lang)
        tiles.append(_tile(t(label, lang), count_text(value), "", shown_tone, change))
    for key, label in RATE_TILES:
        text, title = rate_text(part.get(key))
        tiles.append(_tile(t(label, lang), text, title, "rate"))
    return tiles


def _tile(label: str, value: str, title: str, tone: str, change: str = "") -> html.Div:
    return html.Div(className=f"wall-kpi {tone}".strip(), title=title or None, children=[
        html.Div(label, className="wall-kpi-label"),
        html.Div(value, className="wall-kpi-value"),
        *([html.Div(change, className="wall-kpi-change")] if change else []),
    ])


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
