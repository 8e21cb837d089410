"""The duty console reacts to pushes and to the officer: the queue, the incident, the actions.

The queue is drawn from the pushed duty part; only a filter over a queue too long to push
whole, the selected incident and the actions read or write the store.
"""

from __future__ import annotations

from typing import Any

from dash import ALL, ClientsideFunction, Dash, Input, Output, State, no_update

from callbacks import duty_actions, heal
from dashboard import auth, wiring
from data import clock
from data.alerts import queue
from data.domain import Role
from data.figures import scorecards
from data.incidents import detail
from data.live import parts
from layouts import duty, ids, incident

LANG = State(ids.DUTY_REQUEST, "data")


def matching(rows: list[dict[str, Any]], kind: str | None, street: str | None,
             department: str | None) -> list[dict[str, Any]]:
    """The rows of the alert kind, street and lead department chosen (None: any)."""
    return [row for row in rows if (not kind or row["kind"] == kind)
            and (not street or row.get("street_code") == street)
            and (not department or row.get("department_code") == department)]


def draw_queue(part: dict | None, fresh: list[int] | None, kind: str | None,
               street: str | None, department: str | None, selected: dict | None,
               shown_row: dict | None, asked: dict) -> tuple:
    """Draw the queue the filters choose, and hand on the selected alert's row if it changed."""
    if not part:
        return no_update, no_update, no_update
    wired, now = wiring.current(), clock.now()
    rows, filtered = part["alerts"], bool(kind or street or department)
    if not part["complete"] and filtered:
        # More alerts stand than were pushed: the filter looks among all of them.
        with wired.sessions() as session:
            chosen = queue.queue(session, now, kind=kind, street=street,
                                       department=department, limit=parts.DUTY_LENGTH)
    else:
        chosen = matching(rows, kind, street, department)
    alert_id = (selected or {}).get("alert")
    row = next((row for row in [*chosen, *rows] if row["id"] == alert_id), None)
    table = duty.queue(chosen, fresh or [], alert_id, asked["lang"], wired.zone,
                       now)
    line = duty.count_line(len(chosen), len(rows), part["complete"], filtered, asked["lang"])
    return table, line, no_update if row == shown_row else row


def choices(asked: dict) -> tuple:
    """The streets and departments to filter by, by name."""
    with wiring.current().sessions() as session:
        return (duty.options(scorecards.unit_names(session, "street")),
                duty.options(scorecards.unit_names(session, "department")))


def show_selected(row: dict | None, selected: dict | None, asked: dict) -> list:
    """Say which alert the actions will act on."""
    return duty.selected_line(row, (selected or {}).get("code"), asked["lang"])


def show_incident(selected: dict | None, row: dict | None, _done: int, asked: dict) -> object:
    """Draw the selected alert's incident with its whole trail."""
    code = (row or {}).get("code") or (selected or {}).get("code")
    if not code:
        return None
    wired = wiring.current()
    with wired.sessions() as session:
        found = detail.detail(session, code, clock.now())
    if found is None:
        return incident.missing(code, asked["lang"])
    return incident.panel(found, asked["lang"], wired.zone)


def register(app: Dash) -> None:
    """Attach the duty console's callbacks to `app`."""
    labels = State(ids.DUTY_LABELS, "data")
    # Each push: hand the queue on only when it changed, flash and sound a new red alert.
    auth.clientside_callback(
        app, Role.DUTY, ClientsideFunction("duty", "receive"),
        Output(ids.DUTY_QUEUE_PART, "data"), Output(ids.DUTY_DATA_TIME, "data"),
        Output(ids.DUTY_FRESH, "data"), Output(ids.DUTY_AUDIO, "data"),
        Input(ids.DUTY_SOCKET, f"data-{ids.SNAPSHOT_EVENT}"), State(ids.DUTY_QUEUE_PART, "data"),
        State(ids.DUTY_AUDIO, "data"), prevent_initial_call=True)
    heal.register(app, Role.DUTY, ids.DUTY_SOCKET, ids.DUTY_WATCH)
    auth.clientside_callback(
        app, Role.DUTY, ClientsideFunction("duty", "status"),
        Output(ids.DUTY_STATUS, "children"), Output(ids.DUTY_STATUS, "className"),
        Input(ids.DUTY_TICK, "n_intervals"), Input(ids.DUTY_SOCKET, "connected"),
        Input(ids.DUTY_DATA_TIME, "data"), labels)
    auth.clientside_callback(
        app, Role.DUTY, ClientsideFunction("duty", "sound"),
        Output(ids.DUTY_SOUND, "children"), Output(ids.DUTY_SOUND, "className"),
        Input(ids.DUTY_SOUND, "n_clicks"), Input(ids.DUTY_AUDIO, "data"), labels)
    # The filters and the selected alert live in the address, so a reload keeps them.
    auth.clientside_callback(
        app, Role.DUTY, ClientsideFunction("duty", "address"),
        Input(ids.DUTY_KIND, "value"), Input(ids.DUTY_STREET, "value"),
        Input(ids.DUTY_DEPARTMENT, "value"), Input(ids.DUTY_SELECTED, "data"),
        prevent_initial_call=True)
    auth.callback(app, Role.DUTY, Output(ids.DUTY_STREET, "options"),
                  Output(ids.DUTY_DEPARTMENT, "options"), Input(ids.DUTY_REQUEST, "data"))(choices)
    auth.callback(app, Role.DUTY, Output(ids.DUTY_QUEUE, "children"),
                  Output(ids.DUTY_COUNT, "children"), Output(ids.DUTY_SELECTED_ROW, "data"),
                  Input(ids.DUTY_QUEUE_PART, "data"), Input(ids.DUTY_FRESH, "data"),
                  Input(ids.DUTY_KIND, "value"), Input(ids.DUTY_STREET, "value"),
                  Input(ids.DUTY_DEPARTMENT, "value"), Input(ids.DUTY_SELECTED, "data"),
                  State(ids.DUTY_SELECTED_ROW, "data"), LANG)(draw_queue)
    # A click selects its row's alert, in the browser: drawing the rows again asks nothing.
    auth.clientside_callback(
        app, Role.DUTY, ClientsideFunction("duty", "select"), Output(ids.DUTY_SELECTED, "data"),
        Input({"type": ids.DUTY_ROW, "alert": ALL, "code": ALL}, "n_clicks"),
        prevent_initial_call=True)
    auth.callback(app, Role.DUTY, Output(ids.DUTY_ACTIONS, "children"),
                  Input(ids.DUTY_SELECTED_ROW, "data"), Input(ids.DUTY_SELECTED, "data"),
                  LANG)(show_selected)
    auth.callback(app, Role.DUTY, Output(ids.DUTY_INCIDENT, "children"),
                  Input(ids.DUTY_SELECTED, "data"), Input(ids.DUTY_SELECTED_ROW, "data"),
                  Input(ids.DUTY_DONE, "data"), LANG)(show_incident)
    duty_actions.register(app)
