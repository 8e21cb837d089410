"""display tokens that rotate through views

A wall's token may rotate through views at a set interval (PRODUCT §7, Street walls and
rotation): `rotation_seconds` is the interval (none: the wall does not rotate), `rotation`
the views in order, comma-separated, "district" for the district's (none: the district, then
every street).

Revision ID: 0022
Revises: 0021
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0022"
down_revision: str | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("display_tokens") as batch:
        batch.add_column(sa.Column("rotation", sa.String(500), nullable=True))
        batch.add_column(sa.Column("rotation_seconds", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("display_tokens") as batch:
        batch.drop_column("rotation_seconds")
        batch.drop_column("rotation")
