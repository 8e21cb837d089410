"""figures from trail

The figures counted from the trail (PRODUCT §6). An incident falls due when its resolution
deadline passes, and that deadline is written only in the events that set it (a dispatch, a
granted extension, a resume) and the resolution measured by it. An index on the deadline
text lets the figures find the deadlines that fell in a period without reading every
dispatch ever made; its expression is spelt exactly as the queries spell it
(data.models.incident.event_deadline), or it is never used. The period's events of each
kind are counted by incident and department, so those join the kind-and-time index.

Revision ID: 0007
Revises: 0006
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

DEADLINE = {
    "sqlite": "coalesce(json_extract(data, '$.to'), json_extract(data, '$.resolution_deadline'))",
    "postgresql": "coalesce(data ->> 'to', data ->> 'resolution_deadline')",
}


def upgrade() -> None:
    deadline = DEADLINE[op.get_bind().dialect.name]
    op.create_index("ix_events_deadline", "events", [sa.text(deadline)], unique=False,
                    sqlite_where=sa.text(f"{deadline} IS NOT NULL"),
                    postgresql_where=sa.text(f"{deadline} IS NOT NULL"))
    op.drop_index("ix_events_kind_at", table_name="events")
    op.create_index("ix_events_kind_at", "events", ["kind", "at", "incident_id", "department_id"],
                    unique=False)


def downgrade() -> None:
    op.drop_index("ix_events_kind_at", table_name="events")
    op.create_index("ix_events_kind_at", "events", ["kind", "at"], unique=False)
    op.drop_index("ix_events_deadline", table_name="events")
