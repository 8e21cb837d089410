"""A department liaison's desk (/desk): its department's incidents being handled, pushed live.

Four lists, most urgent first: to sign (with the response countdown), in progress and
returned (with the resolution countdown), waiting on an extension; and a fifth of those
another department leads and this one co-handles (协办), to read. A list says how many
there are in all (the signed, in three lists, together) when it shows only the most urgent;
the counts above say how many are to sign, signed and co-handled. Each code opens
the incident's page, where the liaison signs, sends back, resolves or asks for more time. The
countdowns are drawn here from the server's deadlines and tick in the browser (desk.js).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from dash import dcc, html
from dash.development.base_component import Component
from dash_socketio import DashSocketIO

from layouts import ids
from layouts.formats import local_time
from layouts.text import t

GROUPS = ("to_sign", "in_progress", "returned", "extension")
LISTS = (*GROUPS, "co_handling")
# What the store counts, and the lists each count holds: the signed are in three lists.
COUNTED = {"to_sign": ("to_sign",), "signed": ("in_progress", "returned", "extension"),
           "co_handling": ("co_handling",)}
TICK_MS = 1_000  # the countdowns' second hand; the data never depends on it


def labels(lang: str, zone: str, tick_seconds: float) -> dict[str, Any]:
    """What the browser's own code shows: the freshness line and the countdowns' words."""
    keys = ("wall_connecting", "wall_waiting", "wall_disconnected", "wall_live", "wall_stale",
            "desk_left", "desk_late", "lang")
    return {**{key: t(key, lang) for key in keys if key != "lang"}, "lang": lang,
            "zone": zone, "tickSeconds": tick_seconds, "staleTicks": 3}


def layout(lang: str, zone: str = "Asia/Shanghai", tick_seconds: float = 15.0) -> Component:
    """The desk's frame: empty lists until the first push."""
    return html.Div(className="desk", lang="en" if lang == "en" else "zh-CN", children=[
        html.Div(className="desk-hidden", children=[
            DashSocketIO(id=ids.DESK_SOCKET, eventNames=[ids.SNAPSHOT_EVENT, ids.STORE_EVENT],
                         options={"auth": {"room": ids.ROOM_DESK}}),
            dcc.Store(id=ids.DESK_LABELS, data=labels(lang, zone, tick_seconds)),
            dcc.Store(id=ids.DESK_PART), dcc.Store(id=ids.DESK_DATA_TIME),
            dcc.Store(id=ids.DESK_ARRIVALS, data=0),
            dcc.Interval(id=ids.DESK_TICK, interval=TICK_MS),
        ]),
        html.Header(className="desk-header", children=[
            html.H1(t("page_desk", lang)),
            html.Div(t("wall_connecting", lang), id=ids.DESK_STATUS, className="desk-status"),
        ]),
        html.Div(id=ids.DESK_COUNTS, className="desk-counts"),
        html.Div(t("wall_waiting", lang), id=ids.DESK_GROUPS, className="desk-groups"),
    ])


def counts(desk: dict[str, Any], lang: str) -> list[Component]:
    """How many there are in all, counted in the store: to sign, signed, co-handled."""
    counted = desk.get("counts") or {}
    return [html.Span(f"{t(f'desk_count_{name}', lang)} "
                      f"{counted.get(name, sum(len(desk.get(g) or []) for g in lists))}",
                      className=f"desk-count {name}") for name, lists in COUNTED.items()]


def groups(desk: dict[str, Any], lang: str, zone: str, now: datetime) -> list[Component]:
    """The five lists, each row with its countdown as of `now` (the browser ticks it on)."""
    return [html.Section(className=f"desk-group {name}", id=f"desk-{name}",
                         children=_list(desk, name, lang, zone, now)) for name in LISTS]


def _list(desk: dict[str, Any], name: str, lang: str, zone: str,
          now: datetime) -> list[Component]:
    rows = desk.get(name) or []
    drawn = [html.H2(t(f"desk_{name}", lang))]
    if name == "co_handling":
        drawn.append(html.P(t("desk_co_note", lang), className="desk-note"))
    drawn.append(html.Ol([_row(row, name, lang, zone, now) for row in rows],
                         className="desk-rows") if rows else
                 html.P(t("desk_empty", lang), className="desk-empty"))
    # A list of the most urgent alone says of how many: the signed are counted together.
    counted = next(key for key, lists in COUNTED.items() if name in lists)
    shown = sum(len(desk.get(other) or []) for other in COUNTED[counted])
    total = (desk.get("counts") or {}).get(counted, shown)
    if shown < total:
        key = "desk_showing_signed" if counted == "signed" else "desk_showing"
        drawn.append(html.P(t(key, lang).format(shown=shown, total=total),
                            className="desk-more"))
    return drawn


def countdown(deadline: str | None, now: datetime, lang: str) -> str:
    """Time left to `deadline` (ISO), or how late it is: "2 h 05 min left"."""
    if not deadline:
        return "—"
    seconds = int((datetime.fromisoformat(deadline) - now).total_seconds())
    late, seconds = seconds < 0, abs(seconds)
    hours, minutes = seconds // 3600, seconds % 3600 // 60
    span = f"{hours} h {minutes:02d} min" if hours else f"{minutes} min {seconds % 60:02d} s"
    return t("desk_late" if late else "desk_left", lang).format(span=span)


def _row(row: dict[str, Any], group: str, lang: str, zone: str, now: datetime) -> html.Li:
    deadline = row["response_deadline"] if group == "to_sign" else row["resolution_deadline"]
    suffix = "?lang=en" if lang == "en" else ""
    late = bool(deadline) and datetime.fromisoformat(deadline) <= now
    marks = [html.Span(t(f"priority_{row['priority']}", lang),
                       className=f"desk-mark {row['priority']}")]
    if row.get("supervised"):
        marks.append(html.Span(t("wall_supervised", lang), className="desk-mark supervised"))
    if group == "co_handling":
        marks.insert(0, html.Span(t("desk_co_handling", lang), className="desk-mark co"))
        marks.append(html.Span(t(f"state_{row['state']}", lang), className="desk-mark state"))
    if row.get("returns"):
        marks.append(html.Span(t("desk_returns", lang).format(count=row["returns"]),
                               className="desk-mark returned"))
    extension = row.get("extension")
    return html.Li(className="desk-row" + (" late" if late else ""), children=[
        html.A(row["code"], href=f"/incidents/{row['code']}{suffix}", className="desk-code"),
        html.Span(row["title"], className="desk-title"), *marks,
        html.Span(f"{row['item']} · {row['grid']}", className="desk-where"),
        html.Span(local_time(datetime.fromisoformat(deadline), zone) if deadline else "—",
                  className="desk-deadline"),
        html.Span(countdown(deadline, now, lang), className="desk-countdown",
                  **{"data-deadline": deadline or ""}),
        html.Span(t("desk_asked", lang).format(amount=extension["amount"],
                                               unit=t(f"unit_{extension['unit']}", lang),
                                               reason=extension["reason"]),
                  className="desk-asked") if extension else None,
    ])
