"""The grid layer reacts: an upload checked into refusals or a preview map, then imported."""

from __future__ import annotations

from dash import Dash, Input, Output, State, no_update

from callbacks.admin_district import decoded, oversize, too_large
from dashboard import auth, wiring
from data import store
from data.domain import Role
from data.places import boundaries
from layouts import admin, charts, ids
from layouts.text import t


def _features(collection: dict) -> list[str]:
    codes = []
    for feature in collection.get("features") or []:
        properties = feature.get("properties") if isinstance(feature, dict) else None
        if isinstance(properties, dict) and properties.get("code") is not None:
            codes.append(str(properties["code"]).strip())
    return codes


def checked(contents: str | None, name: str | None, lang: str) -> tuple:
    """Check an uploaded layer: its refusals, or what it will do and a map of it."""
    name = name or "?"
    if count := oversize(contents):
        return too_large(count, lang), charts.blank(), True, None, ""
    try:
        collection = boundaries.parse_collection(decoded(contents) or b"", name)
        with wiring.current().sessions() as session:  # imported to see it, then rolled back
            summary = boundaries.import_grids(session, collection)
            grids = boundaries.outlines(session, _features(collection))
            session.rollback()
    except boundaries.BoundaryError as refused:
        heading = t("grids_refused", lang).format(name=name, count=len(refused.problems))
        return admin.problems(heading, refused.problems), charts.blank(), True, None, ""
    text = t("grids_preview", lang).format(name=name, count=len(grids), created=summary.created,
                                           updated=summary.updated) + _dropped(summary, lang)
    return admin.message(text), charts.grid_outlines(grids), False, \
        {"contents": contents, "name": name}, ""


def apply(_clicks: int | None, pending: object, lang: str) -> tuple:
    """Import the checked layer; a layer the store no longer accepts changes nothing."""
    pending = pending if isinstance(pending, dict) else {}
    if count := oversize(pending.get("contents")):
        return too_large(count, lang), True, None
    content = decoded(pending.get("contents"))
    if content is None:
        return admin.message(t("district_nothing", lang), ok=False), no_update, no_update
    wired, name = wiring.current(), str(pending.get("name") or "?")
    try:
        collection = boundaries.parse_collection(content, name)
        with wired.sessions.begin() as session:
            summary = boundaries.import_grids(session, collection)
    except boundaries.BoundaryError as refused:
        heading = t("grids_refused", lang).format(name=name, count=len(refused.problems))
        return admin.problems(heading, refused.problems), True, None
    store.analyze(wired.engine)
    text = t("grids_applied", lang).format(created=summary.created,
                                           updated=summary.updated) + _dropped(summary, lang)
    return admin.message(text), True, None


def _dropped(summary: boundaries.ImportSummary, lang: str) -> str:
    if not summary.deactivated and not summary.removed:
        return ""
    return " " + t("grids_dropped", lang).format(deactivated=summary.deactivated,
                                                 removed=summary.removed)


def register(app: Dash) -> None:
    """Attach the grid layer page's callbacks; every one needs an administrator."""
    lang = State(ids.GRIDS_LANG, "data")
    auth.callback(app, Role.ADMIN, Output(ids.GRIDS_RESULT, "children"),
                  Output(ids.GRIDS_PREVIEW, "figure"), Output(ids.GRIDS_APPLY, "disabled"),
                  Output(ids.GRIDS_PENDING, "data"), Output(ids.GRIDS_MESSAGE, "children"),
                  Input(ids.GRIDS_UPLOAD, "contents"), State(ids.GRIDS_UPLOAD, "filename"),
                  lang, prevent_initial_call=True)(checked)
    auth.callback(app, Role.ADMIN, Output(ids.GRIDS_MESSAGE, "children", allow_duplicate=True),
                  Output(ids.GRIDS_APPLY, "disabled", allow_duplicate=True),
                  Output(ids.GRIDS_PENDING, "data", allow_duplicate=True),
                  Input(ids.GRIDS_APPLY, "n_clicks"), State(ids.GRIDS_PENDING, "data"), lang,
                  prevent_initial_call=True)(apply)
