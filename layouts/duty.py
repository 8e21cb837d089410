"""The duty console (/duty): the live alert queue, its actions, and the selected incident.

The queue arrives by push (PRODUCT §8) and is drawn by `layouts.duty_queue`; the actions
(acknowledge, escalate, supervise) and the incident beside the queue by the functions here.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from dash import dcc, html
from dash.development.base_component import Component
from dash_socketio import DashSocketIO

from layouts import ids
from layouts.duty_queue import KINDS, TONES, count_line, kind_text, queue
from layouts.text import t

__all__ = ["layout", "labels", "request", "options", "selected_line", "message", "queue",
           "count_line", "KINDS"]

FILTERS = ("kind", "street", "department")
NOTE_LIMIT = 2000  # what the trail keeps of a note
TICK_MS = 5_000  # how often the freshness line looks at the data's age
WATCH_MS = 1_000  # how often the page looks whether its socket needs opening anew


def request(query: dict[str, list[str]], lang: str) -> dict[str, Any]:
    """What the address asks of the console: its language, filters and selected alert."""
    asked = {name: (query.get(name) or [None])[0] or None for name in FILTERS}
    if asked["kind"] not in KINDS:
        asked["kind"] = None
    alert = (query.get("alert") or [""])[0]
    return {"lang": lang, **asked, "alert": int(alert) if alert.isdigit() else None}


def labels(lang: str, zone: str, tick_seconds: float) -> dict[str, Any]:
    """What the browser's own code shows: the sound toggle, the freshness line, the ids."""
    keys = ("duty_sound_on", "duty_sound_off", "duty_sound_waiting", "duty_sound_unsupported",
            "wall_connecting", "wall_waiting", "wall_disconnected", "wall_live", "wall_stale")
    return {**{key: t(key, lang) for key in keys}, "zone": zone, "tickSeconds": tick_seconds,
            "staleTicks": 3, "audio": ids.DUTY_AUDIO}


def layout(asked: dict[str, Any], zone: str = "Asia/Shanghai", tick_seconds: float = 15.0
           ) -> Component:
    """The console's frame: filters, an empty queue and an empty side, until the first push."""
    lang = asked["lang"]
    other = "zh" if lang == "en" else "en"
    return html.Div(className="duty", lang="en" if lang == "en" else "zh-CN", children=[
        html.Div(className="duty-hidden", children=[
            DashSocketIO(id=ids.DUTY_SOCKET, eventNames=[ids.SNAPSHOT_EVENT, ids.STORE_EVENT],
                         options={"auth": {"room": ids.ROOM_DUTY}}),
            dcc.Store(id=ids.DUTY_REQUEST, data=asked),
            dcc.Store(id=ids.DUTY_LABELS, data=labels(lang, zone, tick_seconds)),
            dcc.Store(id=ids.DUTY_QUEUE_PART), dcc.Store(id=ids.DUTY_DATA_TIME),
            dcc.Store(id=ids.DUTY_FRESH, data=[]),
            dcc.Store(id=ids.DUTY_AUDIO, data={"state": "waiting", "rang": 0}),
            dcc.Store(id=ids.DUTY_SELECTED,
                      data={"alert": asked["alert"], "code": None} if asked["alert"] else None),
            dcc.Store(id=ids.DUTY_SELECTED_ROW), dcc.Store(id=ids.DUTY_DONE, data=0),
            dcc.Interval(id=ids.DUTY_TICK, interval=TICK_MS),
            dcc.Interval(id=ids.DUTY_WATCH, interval=WATCH_MS),
        ]),
        html.Header(className="duty-header", children=[
            html.H1(t("duty_title", lang)),
            html.Div(t("wall_connecting", lang), id=ids.DUTY_STATUS, className="duty-status"),
            html.Button(t("duty_sound_waiting", lang), id=ids.DUTY_SOUND, n_clicks=0,
                        className="duty-sound waiting", title=t("duty_sound_hint", lang)),
            html.A(t("language", lang), href=_address(asked, other), className="duty-lang"),
        ]),
        html.Main(className="duty-main", children=[
            html.Section(className="duty-queue-panel", children=[
                html.Div(className="duty-filters", children=[
                    _filter(ids.DUTY_KIND, "duty_filter_kind", lang, asked["kind"],
                            [{"label": kind_text(kind, lang), "value": kind} for kind in KINDS]),
                    _filter(ids.DUTY_STREET, "duty_filter_street", lang, asked["street"],
                            _asked(asked["street"])),
                    _filter(ids.DUTY_DEPARTMENT, "duty_filter_department", lang,
                            asked["department"], _asked(asked["department"])),
                ]),
                html.Div(id=ids.DUTY_COUNT, className="duty-count"),
                html.Div(t("wall_waiting", lang), id=ids.DUTY_QUEUE, className="duty-queue"),
            ]),
            html.Aside(className="duty-side", children=[
                html.Section(className="duty-actions", children=[
                    html.Div(t("duty_pick", lang), id=ids.DUTY_ACTIONS,
                             className="duty-selected"),
                    dcc.Textarea(id=ids.DUTY_NOTE, className="duty-note", maxLength=NOTE_LIMIT,
                                 placeholder=t("duty_note", lang), value=""),
                    html.Div(className="duty-buttons", children=[
                        html.Button(t("duty_ack", lang), id=ids.DUTY_ACK, n_clicks=0),
                        html.Button(t("duty_escalate", lang), id=ids.DUTY_ESCALATE, n_clicks=0),
                        html.Button(t("duty_supervise", lang), id=ids.DUTY_SUPERVISE,
                                    n_clicks=0),
                    ]),
                    html.Div(id=ids.DUTY_MESSAGE, className="duty-message", role="status"),
                ]),
                html.Div(id=ids.DUTY_INCIDENT, className="duty-incident"),
            ]),
        ]),
    ])


def options(names: dict[str, str]) -> list[dict[str, str]]:
    """A filter's choices: each street's or department's name, by its code."""
    return [{"label": name, "value": code} for code, name in names.items()]


def selected_line(row: dict[str, Any] | None, code: str | None, lang: str) -> list:
    """The alert the actions act on, said in a line; or what to do when there is none."""
    if row is None:
        return [t("duty_gone" if code else "duty_pick", lang).format(code=code or "")]
    tone = TONES.get(row["kind"], "bad")
    suffix = "?lang=en" if lang == "en" else ""
    return [html.Span(kind_text(row["kind"], lang), className=f"duty-badge {tone}"),
            html.Span(row["code"], className="duty-code"),
            html.Span(row.get("title") or "", className="duty-title"),
            # The command centre's moves on the incident are made on its own page.
            html.A(t("duty_open_incident", lang), href=f"/incidents/{row['code']}{suffix}",
                   className="duty-open-incident")]


def message(text: str, ok: bool = True) -> html.Div:
    """The outcome of an action, said plainly."""
    return html.Div(text, className="duty-done" if ok else "duty-refused")


def _filter(component_id: str, label: str, lang: str, value: str | None,
            choices: list[dict[str, str]]) -> html.Label:
    return html.Label(className="duty-filter", children=[
        html.Span(t(label, lang)),
        dcc.Dropdown(id=component_id, options=choices, value=value, clearable=True,
                     placeholder=t("duty_all", lang)),
    ])


def _asked(code: str | None) -> list[dict[str, str]]:
    """The choice the address asked for, by its code, until the names arrive."""
    return [{"label": code, "value": code}] if code else []


def _address(asked: dict[str, Any], lang: str) -> str:
    """The console's address in `lang`, keeping the filters and the selected alert."""
    kept = {name: asked[name] for name in (*FILTERS, "alert") if asked.get(name)}
    return f"/duty?{urlencode({**kept, 'lang': lang})}"
