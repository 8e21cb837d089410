"""Webhooks on the administration page: the log read from the store, a delivery sent again."""

from __future__ import annotations

import time

from dash import ALL, Dash, Input, Output, State, ctx, no_update
from flask import abort

from dashboard import auth, wiring
from data import clock
from data.domain import Role
from data.incidents import deliveries
from layouts import admin, admin_webhooks, formats, ids
from layouts.text import t


def tables(_changed: int, _tick: int | None, source: str | None, status: str | None,
           _older: int | None, _newest: int | None, lang: str, page: dict | None) -> tuple:
    """Each source's webhook and a page of deliveries of the chosen source and status, as the
    store holds them now: the newest, or those older than the page before when asked."""
    if status not in deliveries.STATUSES:
        abort(400, description="status: not one of " + ", ".join(deliveries.STATUSES))
    if source is not None and not isinstance(source, str):
        abort(400, description="source: not a source's code")
    page = page or {}
    if ctx.triggered_id == ids.HOOKS_OLDER and page.get("next"):
        before = page["next"]
    elif ctx.triggered_id in (ids.HOOKS_SOURCE, ids.HOOKS_STATUS, ids.HOOKS_NEWEST):
        before = None  # another filter, or back: the newest again
    else:
        before = page.get("before")  # read again (a tick, a resend): the same page
    wired = wiring.current()
    zone = wired.zone
    with wired.sessions() as db:
        hooks = [{**row, "last": formats.local_time(row["last_at"], zone)}
                 for row in deliveries.receivers(db)]
        rows, more = deliveries.recent(
            db, source=None if source in (None, admin_webhooks.ALL_SOURCES) else source,
            status=status, before=before)
        latest = [_shown(row, zone) for row in rows]
    page = {"before": before, "next": latest[-1]["id"] if more and latest else None}
    return (admin_webhooks.receivers_table(hooks, lang),
            admin_webhooks.deliveries_table(latest, lang),
            admin_webhooks.source_options(hooks, lang), page,
            page["next"] is None, before is None)


def _shown(row: dict, zone: str) -> dict:
    """A delivery with its times in the district's: its latest try (or when it was owed),
    its next, its latest resend."""
    resent = row["resent"]
    return {**row, "time": formats.local_time(row["last_at"] or row["created_at"], zone),
            "next": row["next_at"] and formats.local_time(row["next_at"], zone),
            "resent": resent and {"by": resent["by"],
                                  "at": formats.local_time(resent["at"], zone)}}


def resend(clicks: list[int | None], lang: str) -> tuple:
    """Send the delivery whose button was pressed again at once, kept with the
    administrator's name."""
    if not ctx.triggered_id or not any(clicks):
        return no_update, no_update  # the buttons were only drawn again
    delivery_id = ctx.triggered_id["delivery"]
    with wiring.current().sessions.begin() as db:
        row = deliveries.resend(db, delivery_id, auth.current_name(), clock.now())
    if row is None:
        return admin.message(t("hooks_gone", lang).format(id=delivery_id), ok=False), no_update
    return admin.message(t("hooks_resent", lang).format(id=delivery_id)), time.time_ns()


def register(app: Dash) -> None:
    """Attach the webhooks page's callbacks; every one needs an administrator."""
    lang = State(ids.HOOKS_LANG, "data")
    auth.callback(app, Role.ADMIN, Output(ids.HOOKS_RECEIVERS, "children"),
                  Output(ids.HOOKS_DELIVERIES, "children"), Output(ids.HOOKS_SOURCE, "options"),
                  Output(ids.HOOKS_PAGE, "data"), Output(ids.HOOKS_OLDER, "disabled"),
                  Output(ids.HOOKS_NEWEST, "disabled"), Input(ids.HOOKS_CHANGED, "data"),
                  Input(ids.HOOKS_TICK, "n_intervals"), Input(ids.HOOKS_SOURCE, "value"),
                  Input(ids.HOOKS_STATUS, "value"), Input(ids.HOOKS_OLDER, "n_clicks"),
                  Input(ids.HOOKS_NEWEST, "n_clicks"), lang,
                  State(ids.HOOKS_PAGE, "data"))(tables)
    auth.callback(app, Role.ADMIN, Output(ids.HOOKS_MESSAGE, "children"),
                  Output(ids.HOOKS_CHANGED, "data"),
                  Input({"type": ids.HOOKS_RESEND, "delivery": ALL}, "n_clicks"), lang,
                  prevent_initial_call=True)(resend)
