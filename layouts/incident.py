"""An incident (/incidents/<code>): all of it, its place, its whole trail and its alerts.

`panel` draws one incident from the plain dict `data.incidents.detail` gives, so any screen
(this page, the duty console beside its queue) shows the same panel. Text from outside
(title, description, notes, names) is passed as strings, which Dash escapes.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from dash import dcc, html
from dash.development.base_component import Component

from layouts import ids, maps
from layouts.formats import local_time
from layouts.incident_trail import alerts, supervision, trail
from layouts.text import t

__all__ = ["layout", "panel", "missing", "trail", "alerts", "supervision"]

TIMES = ("reported_at", "accepted_at", "dispatched_at", "signed_at", "resolved_at",
         "verified_at", "closed_at", "parked_at", "updated_at")
DEADLINES = ("response_deadline", "due_soon_at", "resolution_deadline")


def layout(code: str, lang: str = "zh") -> Component:
    """The page's frame for `code`; the incident arrives through a callback."""
    other = "zh" if lang == "en" else "en"
    return html.Div(className="incident-page", lang="en" if lang == "en" else "zh-CN", children=[
        dcc.Store(id=ids.INCIDENT_REQUEST, data={"code": code, "lang": lang}),
        dcc.Store(id=ids.INCIDENT_SEEN), dcc.Store(id=ids.INCIDENT_DONE, data=0),
        html.Header(className="inc-header", children=[
            dcc.Link(t("inc_back", lang), href="/?lang=en" if lang == "en" else "/",
                     className="inc-back"),
            html.H1(t("inc_title", lang), className="inc-page-title"),
            html.A(t("language", lang), href=f"?lang={other}", className="inc-lang"),
        ]),
        html.Section(className="inc-section inc-moves", children=[
            html.H3(t("inc_moves", lang)),
            html.Div(id=ids.INCIDENT_MESSAGE, className="inc-message"),
            html.Div(id=ids.INCIDENT_MOVES),
        ]),
        html.Div(id=ids.INCIDENT_BODY, className="inc-body"),
    ])


def missing(code: str, lang: str) -> html.P:
    """What the page says when no incident has `code`."""
    return html.P(t("inc_missing", lang).format(code=code), className="inc-missing")


def not_yours(code: str, lang: str) -> html.P:
    """What a liaison sees of another department's incident: that it is not theirs."""
    return html.P(t("inc_not_yours", lang).format(code=code), className="inc-not-yours")


def panel(incident: dict[str, Any], lang: str, zone: str) -> html.Article:
    """Everything about one incident, in `lang`, its times in `zone`."""
    return html.Article(className="inc-panel", children=[
        _head(incident, lang),
        html.Div(className="inc-columns", children=[
            html.Section(className="inc-section inc-facts", children=[
                html.Dl(_facts(incident, lang)),
                html.H3(t("inc_description", lang)),
                html.P(incident.get("description") or "—", className="inc-description"),
            ]),
            html.Section(className="inc-section inc-where", children=[
                html.Div(dcc.Graph(figure=_map(incident, lang), config=maps.MAP_CONFIG,
                                   responsive=True, style={"height": "100%"}),
                         className="inc-map"),
                html.H3(t("inc_times", lang)),
                html.Dl(_times(incident, lang, zone), className="inc-times"),
            ]),
        ]),
        html.Section(supervision(incident.get("supervision") or [], lang, zone),
                     className="inc-section inc-supervision"),
        html.Section(trail(incident.get("trail") or [], lang, zone),
                     className="inc-section inc-trail"),
        html.Section(alerts(incident.get("alerts") or [], lang, zone),
                     className="inc-section inc-alerts"),
    ])


def _head(incident: dict[str, Any], lang: str) -> html.Header:
    priority = incident["priority"]
    badges = [html.Span(t(f"state_{incident['state']}", lang), className="inc-badge state"),
              html.Span(t(f"priority_{priority}", lang), className=f"inc-badge {priority}")]
    if incident.get("overdue"):
        badges.append(html.Span(t("wall_kind_overdue", lang), className="inc-badge overdue"))
    elif incident.get("due_soon"):
        badges.append(html.Span(t("wall_kind_due_soon", lang), className="inc-badge due-soon"))
    if incident.get("supervision"):
        badges.append(html.Span(t("wall_supervised", lang), className="inc-badge supervised"))
    return html.Header(className="inc-head", children=[
        html.Div([html.Span(incident["code"], className="inc-code"), *badges],
                 className="inc-badges"),
        html.H2(incident["title"], className="inc-title"),
    ])


def _facts(incident: dict[str, Any], lang: str) -> list:
    item, kind = incident["item"], incident["item_class"]
    place = " / ".join([incident["street"]["name"], incident["community"]["name"],
                        incident["grid"]["name"]])
    co = "、".join(department["name"] for department in incident.get("co_departments") or [])
    lead = incident.get("lead_department")
    level = incident.get("resolution_level")
    counts = " / ".join(str(incident.get(name) or 0)
                        for name in ("extension_count", "return_count", "send_back_count"))
    rows = [
        ("inc_item", f"{item['name']} ({item['code']}) · {kind['name']}"),
        ("inc_source", t(f"source_{incident['source']}", lang)),
        ("inc_reporter", incident.get("reporter") or "—"),
        ("inc_place", f"{place} ({incident['grid']['code']})"),
        ("inc_lead", lead["name"] if lead else "—"),
        ("inc_co", co or "—"),
        ("inc_level", t(f"level_{level}", lang) if level else "—"),
        ("inc_counts", counts),
        ("inc_callback", _callback(incident.get("callback") or {}, lang)),
    ]
    if incident.get("media_url"):
        rows.append(("inc_media", media(incident["media_url"])))
    if incident.get("merged_into"):
        rows.append(("inc_merged_into", incident["merged_into"]))
    return [part for key, value in rows
            for part in (html.Dt(t(key, lang)), html.Dd(value))]


def media(url: str) -> Component | str:
    """A reporter's photo or video: a link that opens apart from this page when it is an
    http or https address, else its text as it is (Dash escapes text, never markup)."""
    try:
        parts = urlsplit(url)
    except ValueError:  # a malformed port or host: not an address to follow
        return url
    if parts.scheme.lower() in ("http", "https") and parts.hostname and url.isprintable() \
            and " " not in url:
        return html.A(url, href=url, target="_blank", rel="noopener noreferrer nofollow",
                      className="inc-media")
    return url


def _callback(callback: dict[str, Any], lang: str) -> str:
    if callback.get("reached") is None:
        return "—"
    if not callback["reached"]:
        return t("inc_callback_unreached", lang)
    solved = t("inc_callback_solved" if callback.get("solved") else "inc_callback_unsolved", lang)
    rating = callback.get("rating")
    return f"{solved} · {t(f'rating_{rating}', lang)}" if rating else solved


def _times(incident: dict[str, Any], lang: str, zone: str) -> list:
    moments = [(name, incident["times"].get(name)) for name in TIMES]
    moments += [(name, incident["deadlines"].get(name)) for name in DEADLINES]
    return [part for name, moment in moments if moment is not None
            for part in (html.Dt(t(f"inc_time_{name}", lang)),
                         html.Dd(local_time(moment, zone), className=f"inc-time {name}"))]


def _map(incident: dict[str, Any], lang: str) -> object:
    point = {"code": incident["code"], "title": incident["title"], "lon": incident.get("lon"),
             "lat": incident.get("lat"), "overdue": incident.get("overdue"),
             "open": incident.get("open")}
    return maps.place_map(incident["grid"]["code"], incident["grid"].get("boundary"), [point],
                          lang)
