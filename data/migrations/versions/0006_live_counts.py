"""live counts

The live path at scale (PRODUCT §10). The snapshot counts the live incidents (open and
parked) per grid and state, and the open ones per department and state: two partial indexes
hold those incidents alone, in that order, with every column the counts read, so they are
counted from a few megabytes however long the history. They replace the index of 0003, which held every
incident. And every commit that adds to the trail notifies the process running the
scheduled job, so it rebuilds at once rather than at its next poll.

Revision ID: 0006
Revises: 0005
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The same texts as data.models.incident's STILL_THERE and STILL_OPEN: SQLite matches a
# partial index by its text.
STILL_THERE = "state IN ('accepted', 'dispatched', 'in_progress', 'parked', 'reported')"
STILL_OPEN = "state IN ('accepted', 'dispatched', 'in_progress', 'reported')"
INDEXES = {  # name: (columns, which incidents)
    "ix_incidents_live_grid": (["grid_id", "state", "resolution_deadline", "due_soon_at",
                                "response_deadline"], STILL_THERE),
    "ix_incidents_open_department": (["lead_department_id", "state", "resolution_deadline"],
                                     STILL_OPEN),
}
WHOLE = ["state", "grid_id", "lead_department_id", "resolution_deadline", "due_soon_at",
         "response_deadline"]

# Once per statement, not per row: a bulk load notifies once. The payload names the schema,
# for stores of different schemas share one database's channels. NOTIFY is sent on commit,
# and repeated ones in a transaction are sent once. The channel is dashboard.leader.CHANNEL.
NOTIFY = {
    "postgresql": [
        """
        CREATE FUNCTION notify_trail() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM pg_notify('dashboard_trail', TG_TABLE_SCHEMA);
            RETURN NULL;
        END
        $$
        """,
        "CREATE TRIGGER events_notify_trail AFTER INSERT ON events "
        "FOR EACH STATEMENT EXECUTE FUNCTION notify_trail()",
    ],
}
DROP_NOTIFY = {
    "postgresql": [
        "DROP TRIGGER events_notify_trail ON events",
        "DROP FUNCTION notify_trail()",
    ],
}


def upgrade() -> None:
    op.drop_index("ix_incidents_live", table_name="incidents")
    for name, (columns, which) in INDEXES.items():
        op.create_index(name, "incidents", columns, unique=False,
                        postgresql_where=sa.text(which), sqlite_where=sa.text(which))
    for statement in NOTIFY.get(op.get_bind().dialect.name, []):
        op.execute(statement)


def downgrade() -> None:
    for statement in DROP_NOTIFY.get(op.get_bind().dialect.name, []):
        op.execute(statement)
    for name in INDEXES:
        op.drop_index(name, table_name="incidents")
    op.create_index("ix_incidents_live", "incidents", WHOLE, unique=False)
