"""Many incidents at once, as copies of one played through the real moves, trail and all."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import insert, inspect, select
from sqlalchemy.orm import Session

from data.incidents import moves
from data.models import Event, Incident
from tests.factories import DEPARTMENT, handled, local, town

# A published month (a district's 月度通报): 972 due, 911 closed, 737 of them on time.
ON_TIME, LATE, OPEN = 737, 174, 61


def copy(session: Session, incident: Incident, times: int) -> None:
    """Add `times` incidents like `incident`: its columns, and its trail event for event.

    Every event is the one the moves wrote, data and all; only the ids and the code differ.
    Bulk inserts, so a month of a thousand incidents is built in a moment.
    """
    session.flush()
    columns = [column.key for column in inspect(Incident).column_attrs
               if column.key not in ("id", "code")]
    row = {key: getattr(incident, key) for key in columns}
    ids = session.scalars(
        insert(Incident).returning(Incident.id, sort_by_parameter_order=True),
        [{**row, "code": f"{incident.code}C{n:05d}"} for n in range(times)]).all()
    trail = session.execute(select(Event).where(Event.incident_id == incident.id)
                            .order_by(Event.id)).scalars().all()
    fields = [column.key for column in inspect(Event).column_attrs
              if column.key not in ("id", "incident_id")]
    session.execute(insert(Event), [{**{key: getattr(event, key) for key in fields},
                                     "incident_id": incident_id}
                                    for incident_id in ids for event in trail])


def published_month(session: Session, rules: moves.Rules) -> None:
    """Floods dispatched on 10 November 2025 (due the 11th at 10:00): 737 resolved on time,
    174 late and 61 never; one of each played through the moves, the rest its copies."""
    place = town(session)
    dispatched = local(2025, 11, 10, 10)
    for count, resolved in ((ON_TIME, local(2025, 11, 10, 18)),
                            (LATE, local(2025, 11, 12, 10)), (OPEN, None)):
        incident = handled(session, rules, place, dispatched, signed=timedelta(minutes=10))
        if resolved is not None:
            moves.resolve(session, incident, DEPARTMENT, at=resolved)
        copy(session, incident, count - 1)
    session.commit()
