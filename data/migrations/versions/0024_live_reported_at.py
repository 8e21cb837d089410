"""the live grid index holds when each incident was reported

The snapshot reads back what stood open at the same time yesterday, for which it counts the
incidents reported since then and open now. It counts them with the other live counts, from
the live incidents' own index (0006), which now holds reported_at too: the day's reports are
counted apart, from a tally the snapshot builder keeps (data.live.tally), and no longer read
with the incidents' states.

Revision ID: 0024
Revises: 0023
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0024"
down_revision: str | None = "0023"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The same text as data.models.incident's STILL_THERE: SQLite matches a partial index by it.
STILL_THERE = "state IN ('accepted', 'dispatched', 'in_progress', 'parked', 'reported')"
NAME = "ix_incidents_live_grid"
BEFORE = ["grid_id", "state", "resolution_deadline", "due_soon_at", "response_deadline"]


def _index(columns: list[str]) -> None:
    op.create_index(NAME, "incidents", columns, unique=False,
                    postgresql_where=sa.text(STILL_THERE), sqlite_where=sa.text(STILL_THERE))


def upgrade() -> None:
    op.drop_index(NAME, table_name="incidents")
    _index([*BEFORE, "reported_at"])


def downgrade() -> None:
    op.drop_index(NAME, table_name="incidents")
    _index(BEFORE)
