"""grids kept inactive when a new layer drops them

A grid that incidents refer to and a re-imported layer no longer holds is kept, inactive, so
its incidents keep their place; it is neither drawn nor found for new reports.

Revision ID: 0014
Revises: 0013
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # In place, never by copying the table: incidents refer to its rows.
    with op.batch_alter_table("grids", schema=None, recreate="never") as batch_op:
        batch_op.add_column(sa.Column("active", sa.Boolean(), nullable=False,
                                      server_default=sa.true()))


def downgrade() -> None:
    with op.batch_alter_table("grids", schema=None, recreate="never") as batch_op:
        batch_op.drop_column("active")
