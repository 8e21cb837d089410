"""The overview (/): the leaders' picture of the district, drilled down by clicking.

The address holds the whole state (period, street, community, grid, language), so back,
forward and a shared link land on the same view. A click only sets the address; the page
is drawn again from it. Above the period's view, the wall's live tiles arrive by push
(`layouts.overview_live`).
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote, urlencode

from dash import dcc, html
from dash.development.base_component import Component

from layouts import ids, maps, overview_live
from layouts.formats import day, picked_period
from layouts.overview_tables import incidents, kpis, units
from layouts.text import t

__all__ = ["state", "href", "down", "incident_href", "clicked", "chosen", "layout", "render",
           "missing", "bad_period", "kpis", "units", "incidents"]

LEVELS = ("district", "street", "community", "grid")
CHILD = {"district": "street", "street": "community", "community": "grid"}
PRESETS = ("today", "week", "month")
DEFAULT_PERIOD = "month"
RANGE = re.compile(r"^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$")


def state(query: dict[str, list[str]], lang: str) -> dict[str, str | None]:
    """The drill's state as the address's query gives it."""
    def first(name: str) -> str | None:
        value = (query.get(name) or [""])[0].strip()
        return value or None
    return {"period": first("period") or DEFAULT_PERIOD, "street": first("street"),
            "community": first("community"), "grid": first("grid"), "lang": lang}


def level(current: dict[str, Any]) -> str:
    """The level the state stands on: the deepest unit it names."""
    return next((name for name in reversed(LEVELS[1:]) if current.get(name)), "district")


def href(current: dict[str, Any], **changes: str | None) -> str:
    """The overview's address for `current` with `changes`, the period first."""
    merged = {**current, **changes}
    pairs = [("period", merged["period"])]
    pairs += [(name, merged[name]) for name in LEVELS[1:] if merged.get(name)]
    if merged.get("lang") == "en":
        pairs.append(("lang", "en"))
    return "/?" + urlencode(pairs)


def down(current: dict[str, Any], code: str) -> str:
    """The address one level below the state's, at the unit `code`."""
    return href(current, **{CHILD[level(current)]: code})


def up_to(current: dict[str, Any], name: str) -> str:
    """The address of the state's unit at level `name`, forgetting what lies below it."""
    below = LEVELS[LEVELS.index(name) + 1:]
    return href(current, **dict.fromkeys(below))


def incident_href(code: str, lang: str) -> str:
    """The address of the incident page for `code`."""
    return f"/incidents/{quote(code, safe='')}" + ("?lang=en" if lang == "en" else "")


def clicked(current: dict[str, Any], click: dict | None) -> str | None:
    """Where a click on the map leads: a unit one level down, or an incident; None if nowhere."""
    points = (click or {}).get("points") or []
    if not points:
        return None
    point = points[0]
    if point.get("curveNumber") == maps.INCIDENT_TRACE and point.get("customdata"):
        return incident_href(point["customdata"][0], current.get("lang") or "zh")
    if point.get("location") and level(current) in CHILD:
        return down(current, point["location"])
    return None


def chosen(current: dict[str, Any], preset: str | None, start: str | None,
           end: str | None, by_range: bool) -> str | None:
    """The address for a period picked from the presets or as a range of days."""
    period = picked_period(preset, start, end, by_range, PRESETS)
    if period is None or period == current.get("period"):
        return None
    return href(current, period=period)


def layout(current: dict[str, Any], tick_seconds: float = 15.0) -> Component:
    """The overview's frame for `current`; its figures arrive by push and through a callback."""
    lang = current["lang"]
    other = "zh" if lang == "en" else "en"
    return html.Div(className="overview", lang="en" if lang == "en" else "zh-CN", children=[
        dcc.Store(id=ids.OVERVIEW_STATE, data=current),
        dcc.Location(id=ids.OVERVIEW_NAV, refresh="callback-nav"),
        html.Header(className="ov-header", children=[
            html.H1(t("ov_title", lang), className="ov-title"),
            _period(current),
            html.A(t("language", lang), href=href(current, lang=other), className="ov-lang"),
        ]),
        overview_live.strip(lang, tick_seconds),
        html.Nav(id=ids.OVERVIEW_CRUMBS, className="ov-crumbs"),
        html.Section(id=ids.OVERVIEW_KPIS, className="ov-kpis"),
        html.Main(className="ov-main", children=[
            html.Section(className="ov-panel ov-map-panel", children=dcc.Graph(
                id=ids.OVERVIEW_MAP, figure=maps.empty(lang), config=maps.MAP_CONFIG,
                responsive=True, className="ov-map", style={"height": "100%"})),
            html.Section(id=ids.OVERVIEW_TABLE, className="ov-panel ov-table-panel"),
        ]),
    ])


def _period(current: dict[str, Any]) -> html.Div:
    lang, period = current["lang"], current["period"]
    days = RANGE.match(period)
    return html.Div(className="ov-period", children=[
        dcc.RadioItems(id=ids.OVERVIEW_PERIOD, className="ov-presets", inline=True,
                       value=period if period in PRESETS else None,
                       options=[{"label": t(f"ov_period_{name}", lang), "value": name}
                                for name in PRESETS]),
        dcc.DatePickerRange(
            id=ids.OVERVIEW_RANGE, className="ov-range", display_format="YYYY-MM-DD",
            start_date=days.group(1) if days else None, end_date=days.group(2) if days else None,
            updatemode="bothdates", first_day_of_week=1, minimum_nights=0,
            start_date_placeholder_text=t("ov_period_from", lang),
            end_date_placeholder_text=t("ov_period_to", lang)),
    ])


def render(shown: dict[str, Any], current: dict[str, Any], zone: str) -> tuple:
    """The crumbs, tiles, map and table of the drill's view `shown`."""
    lang = current["lang"]
    here = shown["level"]
    if here == "grid":
        figure = maps.place_map(shown["path"][-1]["code"], shown["boundary"],
                                shown["incidents"], lang)
        table = incidents(shown["incidents"], shown["total"],
                          lambda code: incident_href(code, lang), lang, zone)
    else:
        figure = maps.units_map(shown["units"], lang)
        table = units(shown["units"], CHILD[here], lambda code: down(current, code), lang)
    figure.update_layout(uirevision=href(current))  # a refresh keeps the leader's pan and zoom
    heading = html.H2(_heading(shown, lang, zone), className="ov-table-title")
    return (crumbs(shown["path"], current), kpis(shown["figures"], lang), figure,
            [heading, *table])


def _heading(shown: dict[str, Any], lang: str, zone: str) -> str:
    here = shown["level"]
    name = t("ov_incidents", lang) if here == "grid" else t(f"ov_units_{CHILD[here]}", lang)
    start, end = day(shown["period"]["start"], zone), day(shown["period"]["end"], zone, last=True)
    return f"{name} · " + t("ov_period_range", lang).format(start=start, end=end)


def crumbs(path: list[dict[str, str]], current: dict[str, Any]) -> list:
    """District › street › community › grid, each a link but the last."""
    items: list = []
    for index, unit in enumerate(path):
        if index:
            items.append(html.Span("›", className="ov-crumb-sep"))
        if index == len(path) - 1:
            items.append(html.Span(unit["name"], className="ov-crumb here"))
        else:
            items.append(dcc.Link(unit["name"], href=up_to(current, unit["level"]),
                                  className="ov-crumb"))
    return items


def missing(current: dict[str, Any], code: str | None) -> tuple:
    """What the page shows when the address names a unit the district does not have.

    Without a code, the store holds no district yet.
    """
    lang = current["lang"]
    return _refused(current, t("ov_missing", lang).format(code=code) if code
                    else t("empty", lang))


def bad_period(current: dict[str, Any], reason: str) -> tuple:
    """What the page shows when the address's period cannot be read."""
    return _refused(current, t("ov_bad_period", current["lang"]).format(reason=reason))


def _refused(current: dict[str, Any], message: str) -> tuple:
    lang = current["lang"]
    home = href({"period": DEFAULT_PERIOD, "lang": lang})
    back = dcc.Link(t("ov_back_to_district", lang), href=home, className="ov-crumb")
    return ([back], [], maps.empty(lang), [html.P(message, className="ov-refused")])
