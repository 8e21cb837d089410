"""Open311's services (the whistle list's active items) and requests (incidents) as read.

Requests are read with a source's `api_key` and show what that source may read through the
incident API: what it reported, and a department's system its department's too. Times are
ISO 8601 with the district's offset; at most 90 days and 1,000 requests an answer.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from flask import Response, g, request
from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from dashboard import auth, bearers, wiring
from dashboard.api import permits
from dashboard.open311 import formats
from dashboard.open311.formats import Refusal
from data import clock
from data.domain import OPEN_STATES, State
from data.incidents import listing
from data.models import Incident, Item
from layouts import text

MOST = 1000  # requests in one answer, as the spec suggests
WINDOW = timedelta(days=90)  # the longest span of one query, and the default one
OPEN = sorted(OPEN_STATES | {State.PARKED})  # still to be fixed: Open311's "open"
CLOSED = sorted(set(State) - set(OPEN))  # fixed, refused or merged: "closed"
LISTS = 100  # values in one comma-separated filter


def services(fmt: str) -> Response:
    """Every active item of the whistle list, its class as the group."""
    with wiring.current().sessions() as db:
        items = db.scalars(select(Item).where(Item.active.is_(True)).order_by(Item.code)
                           .options(joinedload(Item.item_class),
                                    joinedload(Item.lead_department))).all()
        records = [{"service_code": item.code, "service_name": item.name,
                    "description": f"{item.item_class.name} · {item.name}",
                    "metadata": False, "type": "realtime", "keywords": item.item_class.kind.value,
                    "group": item.item_class.name} for item in items]
    return formats.answer(records, fmt, "services", "service")


def service(code: str, fmt: str) -> Response:
    """An active item's definition: it asks for nothing beyond the standard fields."""
    with wiring.current().sessions() as db:
        found = (db.scalar(select(Item.code).where(Item.code == code, Item.active.is_(True)))
                 if len(code) <= 16 else None)
    if found is None:
        raise Refusal(404, f"no service_code {code[:40]}")
    return formats.answer_one({"service_code": found, "attributes": []}, fmt,
                              "service_definition")


def one(code: str, fmt: str) -> Response:
    """One request, if the key's source may read it."""
    with wiring.current().sessions() as db:
        seen = readable(db)
        rows = listing.chosen(db, seen, codes=[code]) if digits(code) else []
        if not rows:
            raise Refusal(404, f"no service_request_id {code[:40]} that this api_key may read")
        records = [shape(db, rows[0])]
    return formats.answer(records, fmt, "service_requests", "request")


def many(fmt: str) -> Response:
    """The requests the filters choose, newest first: by ids, or by service, window, status."""
    ids = listed("service_request_id")
    if ids is not None and not all(digits(each) for each in ids):
        raise Refusal(400, "service_request_id: give request ids (digits), comma-separated")
    with wiring.current().sessions() as db:
        seen = readable(db)
        if ids is not None:  # the spec: ids given, every other filter is ignored
            rows = listing.chosen(db, seen, codes=ids, limit=MOST)
        else:
            start, end = window()
            rows = listing.chosen(db, seen, items=listed("service_code") or (),
                                  states=statuses(), reported_from=start, reported_to=end,
                                  limit=MOST)
        records = [shape(db, row) for row in rows]
    return formats.answer(records, fmt, "service_requests", "request")


def digits(code: str) -> bool:
    """Whether `code` could be an incident's code: ASCII digits, 20 at most."""
    return code.isascii() and code.isdigit() and len(code) <= 20


def readable(db: Session) -> listing.Visible:
    """What the request's `api_key` may read; 403 without a usable one."""
    caller()
    return permits.reader(db)


def caller() -> auth.Principal:
    """The principal of the request's `api_key`, known to the API's permits from now on."""
    secret = request.form.get("api_key") if request.method == "POST" else None
    secret = secret or request.args.get("api_key")
    if not secret:
        raise Refusal(403, "api_key is required: a source system's token")
    principal = bearers.current().principal(secret, auth.token_named)
    if principal is None:
        raise Refusal(403, "api_key is unknown or revoked")
    g.auth_api_principal = principal
    return principal


def listed(name: str) -> list[str] | None:
    """A comma-separated filter's values, or None when it is not given."""
    raw = request.args.get(name)
    if raw is None or not raw.strip():
        return None
    values = [each.strip() for each in raw.split(",") if each.strip()]
    if len(values) > LISTS:
        raise Refusal(400, f"{name}: at most {LISTS} values")
    return values


def statuses() -> list[State]:
    """The states the `status` filter names: open, closed or both."""
    wanted = listed("status") or ["open", "closed"]
    unknown = sorted(set(wanted) - {"open", "closed"})
    if unknown:
        raise Refusal(400, f"status: {unknown[0][:40]!r} is neither open nor closed")
    return (OPEN if "open" in wanted else []) + (CLOSED if "closed" in wanted else [])


def window() -> tuple[datetime, datetime]:
    """The reporting window: `start_date` to `end_date`, 90 days at most; either alone
    reaches 90 days from the other, and neither asks for the last 90 days."""
    start, end = moment("start_date"), moment("end_date")
    if end is None:
        end = start + WINDOW if start is not None else clock.now()
    start = start or end - WINDOW
    if end < start:
        raise Refusal(400, "end_date is before start_date")
    if end - start > WINDOW:
        raise Refusal(400, "start_date to end_date spans more than 90 days; ask in parts")
    return start, end


def moment(name: str) -> datetime | None:
    """A W3C date-time filter (ISO 8601 with its zone), or None when it is not given."""
    raw = request.args.get(name)
    if raw is None:
        return None
    try:
        value = datetime.fromisoformat(raw.strip().replace("Z", "+00:00"))
    except ValueError:
        value = None
    if value is None or value.tzinfo is None or not 2000 <= value.year <= 2999:
        raise Refusal(400, f"{name}: give a W3C date-time with its zone, e.g. "
                           "2026-11-19T10:00:00+08:00")
    return value


def shape(db: Session, row: Incident) -> dict[str, Any]:
    """An incident as an Open311 request, its times in the district's zone."""
    zone = ZoneInfo(wiring.current().zone)
    agency = row.lead_department or row.item.lead_department
    return {
        "service_request_id": row.code,
        "status": "open" if row.state in OPEN else "closed",
        "status_notes": notes(db, row),
        "service_name": row.item.name,
        "service_code": row.item.code,
        "description": row.description or row.title,
        "agency_responsible": agency.name if agency else None,
        "service_notice": None,
        "requested_datetime": local(row.reported_at, zone),
        "updated_datetime": local(row.updated_at, zone),
        "expected_datetime": local(row.resolution_deadline, zone),
        "address": row.address,
        "address_id": None,
        "zipcode": None,
        "lat": row.lat,
        "long": row.lon,
        "media_url": row.media_url,
    }


def notes(db: Session, row: Incident) -> str:
    """The state in words, in the language asked for (`lang=en`; Chinese by default)."""
    lang = text.language(request.args.get("lang"))
    said = text.t(f"state_{row.state.value}", lang)
    if row.merged_into_id:
        into = db.get(Incident, row.merged_into_id)
        said += f" → {into.code}" if into else ""
    return said


def local(at: datetime | None, zone: ZoneInfo) -> str | None:
    """`at` as ISO 8601 with the district's offset."""
    return at.astimezone(zone).isoformat(timespec="seconds") if at else None
