"""GET /scorecards/export.csv|xlsx: a scorecard as the monthly bulletin's file (月度通报);
GET /incidents.csv|xlsx: the incidents list, filtered as its address says."""

from __future__ import annotations

import io
from zoneinfo import ZoneInfo

from flask import Blueprint, Flask, abort, request, send_file
from flask.typing import ResponseReturnValue

from dashboard import auth, wiring
from data import clock, queries
from data.domain import Role
from data.figures import scorecards
from data.incidents import desk, finding
from layouts import bulletin, incidents_export
from layouts.scorecards import EXPORT_PATH, period_text
from layouts.text import language

exports = Blueprint("exports", __name__)

KINDS = {
    "csv": ("text/csv; charset=utf-8", bulletin.csv_bytes),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
             bulletin.xlsx_bytes),
}


@exports.get(f"{EXPORT_PATH}.<kind>")
def scorecard(kind: str) -> ResponseReturnValue:
    """Send the scorecard of ?unit= for ?period= as CSV or Excel; leaders and above only."""
    if not auth.allowed(Role.LEADER):
        abort(403)
    unit, lang = request.args.get("unit", "department"), language(request.args.get("lang"))
    if kind not in KINDS or unit not in scorecards.UNITS:
        abort(404)
    wired, now = wiring.current(), clock.now()
    zone = ZoneInfo(wired.zone)
    try:
        period = scorecards.period(request.args.get("period", "month"), now, zone)
    except ValueError as error:
        abort(400, description=str(error))
    with wired.sessions() as session:
        rows = scorecards.build(session, unit, period, now)
        district = queries.district_name(session) or ""
    heading = bulletin.title(district, unit, period_text(*scorecards.local_days(period, zone),
                                                         lang), lang)
    mimetype, write = KINDS[kind]
    return send_file(io.BytesIO(write(rows, unit, heading, lang)), mimetype=mimetype,
                     as_attachment=True, download_name=f"{heading.replace(' ', '-')}.{kind}",
                     max_age=0)


LISTS = {
    "csv": (KINDS["csv"][0], incidents_export.csv_bytes),
    "xlsx": (KINDS["xlsx"][0], incidents_export.xlsx_bytes),
}


@exports.get("/incidents.<kind>")
@auth.requires(desk.READERS)
def incident_list(kind: str) -> ResponseReturnValue:
    """Send the incidents the address's filters find, in its order, as CSV or Excel: for a
    liaison, its department's alone."""
    if kind not in LISTS:
        abort(404)
    lang = language(request.args.get("lang"))
    try:
        search = finding.parse(request.args.to_dict(flat=False))
    except finding.SearchError as refused:
        abort(400, description=str(refused))
    wired = wiring.current()
    zone = wired.zone
    with wired.sessions() as session:
        rows = finding.export_rows(session, search, clock.now(), ZoneInfo(zone),
                                   department=auth.scope())
    mimetype, write = LISTS[kind]
    stamp = clock.now().astimezone(ZoneInfo(zone)).strftime("%Y%m%d-%H%M")
    return send_file(io.BytesIO(write(rows, lang, zone)), mimetype=mimetype, as_attachment=True,
                     download_name=f"incidents-{stamp}.{kind}", max_age=0)


def init_app(server: Flask) -> None:
    """Serve the bulletin's files."""
    server.register_blueprint(exports)
