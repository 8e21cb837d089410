"""Open311's POST requests: a form becomes a report, taken in as `POST /api/v1/incidents`.

The same intake (dashboard.api.filing) checks the source's kind, locates the point to its
grid and makes the report idempotent: Open311 carries no reference of the client's own, so
the form's hash is the reference, and the same form sent again answers the same request.
"""

from __future__ import annotations

import hashlib
import math

import pydantic
from flask import Response, request
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from dashboard import wiring
from dashboard.api import filing, permits, schemas
from dashboard.api.errors import ApiError
from dashboard.open311 import formats, reading
from dashboard.open311.formats import Refusal
from data.incidents import media
from data.models import Community, Grid

DESCRIBED = 4000  # the spec's longest description
# The report's fields, as Open311 names them.
FIELDS = {"location": "lat and long", "grid": "address_string", "address": "address_string",
          "title": "description", "description": "description",
          "reporter.name": "first_name and last_name", "reporter.contact": "phone or email",
          "reporter": "first_name and last_name", "item": "service_code", "media_url": "media_url",
          "body": "the form"}
TAKEN = ("service_code", "lat", "long", "address_string", "address_id", "email", "device_id",
         "account_id", "first_name", "last_name", "phone", "description", "media_url")


def post(fmt: str) -> Response:
    """File the form as a report: 201 with the request's id, 200 when sent before."""
    reading.caller()
    principal = permits.reporter()
    report = body()
    try:
        made, status = filing.file(wiring.current(), principal, report)
    except ApiError as error:
        if error.field == "item":
            raise Refusal(404, f"no active service_code {report.item}") from None
        field = FIELDS.get(error.field or "", error.field or "the form")
        raise Refusal(400, f"{field}: {error.message}") from None
    return formats.answer([{"service_request_id": made.code, "service_notice": None,
                            "account_id": None}], fmt, "service_requests", "request", status)


def body() -> schemas.ReportIn:
    """The form as the incident API's report; 400 naming the field that cannot be one."""
    form = request.form
    code = form.get("service_code", "").strip()
    if not code:
        raise Refusal(400, "service_code is required")
    description = form.get("description", "").strip()
    if len(description) > DESCRIBED:
        raise Refusal(400, f"description is {len(description)} characters; at most {DESCRIBED}")
    place = where(form.get("lat"), form.get("long"), form.get("address_string"))
    name = " ".join(part for part in (form.get("last_name", "").strip(),
                                      form.get("first_name", "").strip()) if part)
    contact = form.get("phone", "").strip() or form.get("email", "").strip()
    link = form.get("media_url", "").strip() or None
    if link is not None and (len(link) > media.LONGEST or not media.linkable(link)):
        raise Refusal(400, f"media_url: give an http:// or https:// address, {media.LONGEST} "
                           "characters at most")
    title = (description.splitlines()[0] if description else "")[:200].strip()
    try:
        return schemas.ReportIn(
            source_ref="o311-" + hashlib.sha256(_canonical(form).encode()).hexdigest()[:40],
            item=code, title=title or code, description=description,
            address=(form.get("address_string") or "").strip() or None,
            reporter={"name": name or None, "contact": contact or None}, media_url=link,
            **place)
    except pydantic.ValidationError as error:
        first = error.errors()[0]
        where_ = ".".join(str(part) for part in first["loc"])
        field = FIELDS.get(where_, FIELDS.get(where_.split(".")[0], where_))
        raise Refusal(400, f"{field}: {first['msg']}") from None


def where(lat: str | None, lon: str | None, address: str | None) -> dict:
    """The report's place: a point from lat and long, or the grid an address names."""
    point = lat is not None or lon is not None
    if point == bool(address and address.strip()):
        raise Refusal(400, "give exactly one of lat and long, or address_string")
    if not point:
        return {"grid": grid_named(address.strip())}
    if lat is None or lon is None:
        raise Refusal(400, "lat and long are both required")
    try:
        lat_, lon_ = float(lat), float(lon)
    except ValueError:
        raise Refusal(400, "lat and long must be decimal degrees (WGS-84)") from None
    if not (math.isfinite(lat_) and math.isfinite(lon_) and -90 <= lat_ <= 90
            and -180 <= lon_ <= 180):
        raise Refusal(400, "lat must be within ±90 and long within ±180")
    return {"location": schemas.Location(lon=lon_, lat=lat_)}


def grid_named(address: str) -> str:
    """The one grid an address names, by its 15-digit code or its community's and its own
    names (翠苑社区第1网格); there is no street-address register to locate anything else."""
    with wiring.current().sessions() as db:
        rows = db.execute(select(Grid.code, Grid.name, Community.name)
                          .join(Community, Community.id == Grid.community_id)
                          .where(Grid.active)).all()
    found = {code for code, grid, community in rows
             if code in address or f"{community}{grid}" in address.replace(" ", "")}
    if len(found) != 1:
        raise Refusal(400, "address_string names no single grid: send lat and long, or name "
                           "the grid by its 15-digit code or as community and grid "
                           "(e.g. 翠苑社区第1网格)")
    return found.pop()


def _canonical(form: MultiDict[str, str]) -> str:
    """The fields that make a report, in one order: the same report gives the same text."""
    return "\x1f".join(f"{name}={form.get(name, '').strip()}" for name in TAKEN)
