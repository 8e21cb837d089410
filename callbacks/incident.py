"""The incident page reads one incident, its trail and its alerts, and draws its panel."""

from __future__ import annotations

from dash import Dash, Input, Output

from dashboard import auth, wiring
from data import clock
from data.domain import Role
from data.incidents import detail
from layouts import ids, incident


def render(request: dict) -> object:
    """Draw the incident the address names, or say there is none."""
    wired = wiring.current()
    with wired.sessions() as session:
        found = detail.detail(session, request["code"], clock.now())
    if found is None:
        return incident.missing(request["code"], request["lang"])
    return incident.panel(found, request["lang"], wired.settings.timezone)


def register(app: Dash) -> None:
    """Attach the incident page's callbacks to `app`."""
    auth.callback(app, Role.LEADER, Output(ids.INCIDENT_BODY, "children"),
                  Input(ids.INCIDENT_REQUEST, "data"))(render)
