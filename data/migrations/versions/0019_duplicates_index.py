"""an index for finding a report's likely duplicates

A report's likely duplicates are the open incidents of its item within a small box around
its point (data.incidents.reports). By item and latitude, each box is a short range of the
index, however many reports came in the window; by item and time it was every one of them.

Revision ID: 0019
Revises: 0013
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0019"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_incidents_item_lat", "incidents", ["item_id", "lat"])


def downgrade() -> None:
    op.drop_index("ix_incidents_item_lat", table_name="incidents")
