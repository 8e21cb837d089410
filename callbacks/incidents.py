"""Incidents (/incidents): read the page the address asks for (a liaison's department's
incidents alone); make the filters an address."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from dash import ALL, Dash, Input, Output, State

from dashboard import auth, wiring
from data import clock
from data.incidents import desk, finding
from layouts import ids, incidents


def render(request: dict[str, Any]) -> tuple[str, list, list]:
    """The count line, the rows and the pager of the page the address asks for."""
    lang, query = request["lang"], request["query"]
    try:
        search = finding.parse(query)
    except finding.SearchError as refused:
        return incidents.refused(str(refused), lang), [], []
    wired = wiring.current()
    zone = wired.zone
    with wired.sessions() as session:
        page = finding.find(session, search, clock.now(), ZoneInfo(zone),
                            department=auth.scope())
    return (incidents.count_line(page.total, page.total_capped, page.page, finding.PAGE_SIZE,
                                 len(page.rows), lang),
            incidents.rows(page.rows, lang, zone),
            incidents.pager(query, lang, page.page, page.more))


def options(request: dict[str, Any]) -> list[list[dict[str, str]]]:
    """Each place, department and item filter's options, from the store."""
    with wiring.current().sessions() as session:
        found = finding.choices(session)
    return [[{"label": f"{name} ({code})", "value": code} for code, name in found[kind]]
            for kind in incidents.PLACES]


def apply(_clicks: int | None, _submits: int | None, text: str | None, values: list,
          names: list[dict], start: str | None, end: str | None,
          request: dict[str, Any]) -> str:
    """The address of the list the filters ask for, from its first page."""
    query = {"q": (text or "").strip(), "from": (start or "")[:10], "to": (end or "")[:10]}
    query.update({name["name"]: value for name, value in zip(names, values, strict=True)})
    # The sort chosen by a heading stays; a new search starts on its first page.
    query.update({key: request["query"].get(key) for key in ("sort", "order")})
    return incidents.address(query, request["lang"])


def register(app: Dash) -> None:
    """Attach the incidents list's callbacks to `app`."""
    request = Input(ids.INCIDENTS_REQUEST, "data")
    auth.callback(app, desk.READERS, Output(ids.INCIDENTS_COUNT, "children"),
                  Output(ids.INCIDENTS_TABLE, "children"),
                  Output(ids.INCIDENTS_PAGER, "children"), request)(render)
    auth.callback(app, desk.READERS,
                  [Output({"type": ids.INCIDENTS_FILTER, "name": name}, "options")
                   for name in incidents.PLACES], request)(options)
    auth.callback(app, desk.READERS, Output(ids.INCIDENTS_NAV, "href"),
                  Input(ids.INCIDENTS_APPLY, "n_clicks"), Input(ids.INCIDENTS_TEXT, "n_submit"),
                  State(ids.INCIDENTS_TEXT, "value"),
                  State({"type": ids.INCIDENTS_FILTER, "name": ALL}, "value"),
                  State({"type": ids.INCIDENTS_FILTER, "name": ALL}, "id"),
                  State(ids.INCIDENTS_RANGE, "start_date"), State(ids.INCIDENTS_RANGE, "end_date"),
                  State(ids.INCIDENTS_REQUEST, "data"), prevent_initial_call=True)(apply)
