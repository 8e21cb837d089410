"""District set-up reacts: a workbook checked, previewed and applied; calendar days entered."""

from __future__ import annotations

import base64
import binascii
import time
from datetime import date

from dash import ALL, Dash, Input, Output, State, ctx, no_update

from dashboard import auth, wiring
from data import clock, store
from data.domain import Role
from data.incidents import calendar_days
from data.places import files, setup, workbook
from data.places.sheets import WorkbookError
from layouts import admin, admin_district, formats, ids
from layouts.text import t

CHANGED = Output(ids.DISTRICT_CHANGED, "data", allow_duplicate=True)


def decoded(contents: object) -> bytes | None:
    """The bytes of an uploaded file from its data URL, or None if it is not one or is over
    the upload limit (`oversize` says so)."""
    if not isinstance(contents, str) or "," not in contents or oversize(contents):
        return None
    try:
        return base64.b64decode(contents.split(",", 1)[1], validate=True)
    except (binascii.Error, ValueError):
        return None


def oversize(contents: object) -> int | None:
    """The size of an uploaded file over the upload limit, or None."""
    if not isinstance(contents, str):
        return None
    count = (len(contents) - contents.find(",") - 1) * 3 // 4  # base64: 4 characters a 3 bytes
    return count if count > files.MAX_UPLOAD else None


def too_large(count: int, lang: str) -> object:
    """The page's refusal of a file over the limit, naming the limit."""
    return admin.message(t("admin_upload_too_large", lang).format(
        size=files.size(count), limit=files.size(files.MAX_UPLOAD)), ok=False)


def checked(contents: str | None, name: str | None, lang: str) -> tuple:
    """Check an uploaded workbook: its refusals, or what it will change, written nowhere."""
    if count := oversize(contents):
        return too_large(count, lang), True, None, ""
    content, name = decoded(contents), name or "?"
    wired = wiring.current()
    try:
        plan = workbook.read(content if content is not None else b"")
        with wired.sessions() as session:  # applied to see its changes, then rolled back
            changes = setup.apply(session, plan, auth.current_name(), clock.now(),
                                  f"workbook {name}")
            session.rollback()
    except WorkbookError as refused:
        heading = t("district_refused", lang).format(name=name, count=len(refused.problems))
        return admin.problems(heading, refused.problems), True, None, ""
    lines = [change.line() for change in changes]
    return admin_district.preview(name, lines, lang), False, \
        {"contents": contents, "name": name}, ""


def apply(_clicks: int | None, pending: object, lang: str) -> tuple:
    """Apply the checked workbook, recorded with the administrator's name."""
    pending = pending if isinstance(pending, dict) else {}
    if count := oversize(pending.get("contents")):
        return too_large(count, lang), True, None, no_update
    content = decoded(pending.get("contents"))
    if content is None:
        return admin.message(t("district_nothing", lang), ok=False), no_update, no_update, \
            no_update
    wired, name = wiring.current(), str(pending.get("name") or "?")
    try:
        plan = workbook.read(content)
        with wired.sessions.begin() as session:
            changes = setup.apply(session, plan, auth.current_name(), clock.now(),
                                  f"workbook {name}")
    except WorkbookError as refused:
        heading = t("district_refused", lang).format(name=name, count=len(refused.problems))
        return admin.problems(heading, refused.problems), True, None, no_update
    store.analyze(wired.engine)
    wired.refresh_calendar()
    text = t("district_applied", lang).format(count=len(changes), by=auth.current_name())
    return admin.message(text), True, None, time.time_ns()


def days(_changed: int, lang: str) -> tuple:
    """The entered days and the years still without an official schedule."""
    wired = wiring.current()
    zone = wired.zone
    wired.refresh_calendar()
    with wired.sessions() as session:
        rows = [{"day": row.day.isoformat(), "kind": row.kind, "source": row.source,
                 "by": row.entered_by, "at": formats.local_time(row.entered_at, zone)}
                for row in calendar_days.listed(session)]
    today = clock.now().astimezone(wired.rules.calendar.zone).date()
    missing = calendar_days.missing_schedules(wired.rules.calendar, today)
    return admin_district.days_table(rows, lang), admin_district.warnings(missing, lang)


def enter_day(_clicks: int | None, text: str | None, kind: str, lang: str) -> tuple:
    """Enter one day off or make-up working day."""
    try:
        day = date.fromisoformat((text or "").strip())
    except ValueError:
        return _refused(t("district_col_date", lang), f"{text!r}: YYYY-MM-DD", lang), no_update
    try:
        with wiring.current().sessions.begin() as session:
            calendar_days.enter(session, day, kind, auth.current_name(), clock.now())
    except calendar_days.CalendarDayError as refused:
        return _refused(refused.field, str(refused), lang), no_update
    wiring.current().refresh_calendar()
    text = t("district_day_entered", lang).format(day=day, kind=t(f"district_day_{kind}", lang))
    return admin.message(text), time.time_ns()


def remove_day(clicks: list[int | None], lang: str) -> tuple:
    """Take the day whose button was pressed back out."""
    if not ctx.triggered_id or not any(clicks):
        return no_update, no_update
    try:
        day = date.fromisoformat(str(ctx.triggered_id["day"]))
    except ValueError:
        return _refused(t("district_col_date", lang), "YYYY-MM-DD", lang), no_update
    try:
        with wiring.current().sessions.begin() as session:
            calendar_days.remove(session, day, auth.current_name(), clock.now())
    except calendar_days.CalendarDayError as refused:
        return _refused(refused.field, str(refused), lang), no_update
    wiring.current().refresh_calendar()
    return admin.message(t("district_day_removed", lang).format(day=day)), time.time_ns()


def _refused(field: str, reason: str, lang: str) -> object:
    return admin.message(t("admin_field", lang).format(field=field, reason=reason), ok=False)


def register(app: Dash) -> None:
    """Attach the district set-up page's callbacks; every one needs an administrator."""
    lang = State(ids.DISTRICT_LANG, "data")
    auth.callback(app, Role.ADMIN, Output(ids.DISTRICT_RESULT, "children"),
                  Output(ids.DISTRICT_APPLY, "disabled"), Output(ids.DISTRICT_PENDING, "data"),
                  Output(ids.DISTRICT_MESSAGE, "children"),
                  Input(ids.DISTRICT_UPLOAD, "contents"), State(ids.DISTRICT_UPLOAD, "filename"),
                  lang, prevent_initial_call=True)(checked)
    auth.callback(app, Role.ADMIN,
                  Output(ids.DISTRICT_MESSAGE, "children", allow_duplicate=True),
                  Output(ids.DISTRICT_APPLY, "disabled", allow_duplicate=True),
                  Output(ids.DISTRICT_PENDING, "data", allow_duplicate=True), CHANGED,
                  Input(ids.DISTRICT_APPLY, "n_clicks"), State(ids.DISTRICT_PENDING, "data"),
                  lang, prevent_initial_call=True)(apply)
    auth.callback(app, Role.ADMIN, Output(ids.DISTRICT_DAYS, "children"),
                  Output(ids.DISTRICT_WARNINGS, "children"),
                  Input(ids.DISTRICT_CHANGED, "data"), lang)(days)
    auth.callback(app, Role.ADMIN, Output(ids.DISTRICT_DAY_MESSAGE, "children"), CHANGED,
                  Input(ids.DISTRICT_DAY_ENTER, "n_clicks"),
                  State(ids.DISTRICT_DAY_DATE, "value"), State(ids.DISTRICT_DAY_KIND, "value"),
                  lang, prevent_initial_call=True)(enter_day)
    auth.callback(app, Role.ADMIN,
                  Output(ids.DISTRICT_DAY_MESSAGE, "children", allow_duplicate=True), CHANGED,
                  Input({"type": ids.DISTRICT_DAY_REMOVE, "day": ALL}, "n_clicks"), lang,
                  prevent_initial_call=True)(remove_day)
