"""score weights

The composite score's weights, set by the administrator (PRODUCT §6).

Revision ID: 0008
Revises: 0007
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "score_weight_sets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("set_by", sa.String(length=100), nullable=False),
        sa.Column("set_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_score_weight_sets")),
    )
    op.create_table(
        "score_weights",
        sa.Column("set_id", sa.Integer(), nullable=False),
        sa.Column("figure", sa.String(length=32), nullable=False),
        sa.Column("weight", sa.Double(), nullable=False),
        sa.CheckConstraint("weight >= 0", name=op.f("ck_score_weights_weight_not_negative")),
        sa.ForeignKeyConstraint(["set_id"], ["score_weight_sets.id"],
                                name=op.f("fk_score_weights_set_id_score_weight_sets")),
        sa.PrimaryKeyConstraint("set_id", "figure", name=op.f("pk_score_weights")),
    )


def downgrade() -> None:
    op.drop_table("score_weights")
    op.drop_table("score_weight_sets")
