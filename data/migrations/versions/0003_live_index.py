"""live index

The snapshot counts the live incidents (open and parked) by grid and by department, and
sorts those past or near their deadlines. This index holds every column those queries
read, so they are answered from the index alone, however long the history.

Revision ID: 0003
Revises: 0002
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = ["state", "grid_id", "lead_department_id", "resolution_deadline", "due_soon_at",
           "response_deadline"]


def upgrade() -> None:
    op.create_index("ix_incidents_live", "incidents", COLUMNS, unique=False)


def downgrade() -> None:
    op.drop_index("ix_incidents_live", table_name="incidents")
