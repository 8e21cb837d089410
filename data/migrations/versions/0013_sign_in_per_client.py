"""sign-in attempts per client

Attempts are counted per name typed and client address, and per client across names, so
nobody can keep a user out by failing under their name from elsewhere (data.people.sign_in).
The counts are only ever a few minutes' worth: they are dropped, not carried over.

Revision ID: 0013
Revises: 0012
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _table(*key: sa.Column) -> None:
    op.create_table(
        "failed_sign_ins",
        *key,
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_failed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("wait_until", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint(*(column.name for column in key),
                                name=op.f("pk_failed_sign_ins")),
    )


def upgrade() -> None:
    op.drop_table("failed_sign_ins")
    _table(sa.Column("username", sa.String(length=50), nullable=False),
           sa.Column("client", sa.String(length=64), nullable=False))


def downgrade() -> None:
    op.drop_table("failed_sign_ins")
    _table(sa.Column("username", sa.String(length=50), nullable=False))
