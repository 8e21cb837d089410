"""The status page reads the store's counts every few seconds."""

from __future__ import annotations

from urllib.parse import parse_qs
from zoneinfo import ZoneInfo

from dash import Dash, Input, Output

from dashboard import auth, wiring
from data import clock, queries
from data.domain import Role
from layouts import ids, status
from layouts.text import language


def render(_tick: int | None, search: str | None) -> list:
    """Build the status body from the store's current counts."""
    lang = language(parse_qs((search or "").lstrip("?")).get("lang", [None])[0])
    wired = wiring.current()
    with wired.sessions() as session:
        counts = queries.store_counts(session)
        name = queries.district_name(session)
        last = queries.last_event_at(session)
    zone = ZoneInfo(wired.zone)
    shown = last.astimezone(zone).strftime("%Y-%m-%d %H:%M:%S") if last else None
    other = "?lang=en" if lang == "zh" else "?lang=zh"
    return status.body(lang, name, counts, shown, other, calendar_years(wired))


def calendar_years(wired: wiring.Wiring) -> list[tuple[int, str]]:
    """This year and next, with where the working calendar of each comes from."""
    year = clock.now().astimezone(ZoneInfo(wired.zone)).year
    return [(each, wired.rules.calendar.source(each)) for each in (year, year + 1)]


def register(app: Dash) -> None:
    """Attach the status page's callbacks to `app`."""
    auth.callback(
        app, Role.ADMIN,
        Output(ids.STATUS_BODY, "children"),
        Input(ids.STATUS_TICK, "n_intervals"),
        Input(ids.STATUS_URL, "search"),
    )(render)
