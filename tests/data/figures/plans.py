"""How the store reads one figure: the plan of the one statement that counts it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import event
from sqlalchemy.orm import Session

from data import figures
from data.figures.periods import Period
from data.places import scopes


def plan_of(session: Session, period: Period, now: datetime, figure: str) -> str:
    """The store's plan, as text, for counting the district's `figure` over `period`."""
    engine, sent = session.get_bind(), []

    def keep(_conn, _cursor, statement, parameters, *_):
        sent.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", keep)
    try:
        figures.compute(session, scopes.DISTRICT, period, now, only=(figure,))
    finally:
        event.remove(engine, "before_cursor_execute", keep)
    (statement, parameters), = sent
    cursor = session.connection().connection.driver_connection.cursor()
    if engine.dialect.name == "postgresql":
        cursor.execute("SET LOCAL enable_seqscan = off")  # a few rows are read fastest whole
        cursor.execute("EXPLAIN " + statement, parameters)
    else:
        cursor.execute("EXPLAIN QUERY PLAN " + statement, parameters)
    return "\n".join(str(row) for row in cursor.fetchall())
