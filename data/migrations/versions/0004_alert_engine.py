"""alert engine

The alert engine: escalation, re-raising and supervision orders (PRODUCT §5). An alert row is
reused when its incident falls due again, so it counts its raises and keeps the latest one;
supervision orders (督办单) are rows of their own, any number per incident.

Revision ID: 0004
Revises: 0003
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    with op.batch_alter_table("alerts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("reraised_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("raise_count", sa.Integer(), nullable=False,
                                      server_default="1"))
    op.create_table(
        "supervision_orders",
        sa.Column("id", BIG_ID, nullable=False),
        sa.Column("incident_id", BIG_ID, nullable=False),
        sa.Column("ordered_by", sa.String(length=100), nullable=False),
        sa.Column("ordered_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["incident_id"], ["incidents.id"],
                                name=op.f("fk_supervision_orders_incident_id_incidents")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_supervision_orders")),
    )
    op.create_index(op.f("ix_supervision_orders_incident_id"), "supervision_orders",
                    ["incident_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_supervision_orders_incident_id"), table_name="supervision_orders")
    op.drop_table("supervision_orders")
    with op.batch_alter_table("alerts", schema=None) as batch_op:
        batch_op.drop_column("raise_count")
        batch_op.drop_column("reraised_at")
