"""district set-up

A district sets itself up from its own workbook (PRODUCT §2.1). Streets and communities can
be deactivated rather than deleted once incidents refer to them; the district keeps the time
zone and office hours its workbook gives; every change to the set-up (a limit, a name, an
activation) is kept with who made it and when; and the days of an official schedule that
the calendar package does not know yet are entered and kept.

Revision ID: 0011
Revises: 0010
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("districts", schema=None, recreate="never") as batch_op:
        batch_op.add_column(sa.Column("timezone", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("office_hours", sa.String(length=100), nullable=True))
    # In place, never by copying the table: grids and communities refer to these rows, and
    # SQLite's foreign keys would refuse the copy's drop. The default fills existing rows.
    for table in ("streets", "communities"):
        with op.batch_alter_table(table, schema=None, recreate="never") as batch_op:
            batch_op.add_column(sa.Column("active", sa.Boolean(), nullable=False,
                                          server_default=sa.true()))
    op.create_table(
        "catalog_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subject", sa.String(length=16), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("field", sa.String(length=32), nullable=False),
        sa.Column("before", sa.String(length=200), nullable=True),
        sa.Column("after", sa.String(length=200), nullable=True),
        sa.Column("changed_by", sa.String(length=100), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_catalog_changes")),
    )
    op.create_index("ix_catalog_changes_subject_code", "catalog_changes", ["subject", "code"])
    op.create_table(
        "calendar_days",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.Column("entered_by", sa.String(length=100), nullable=False),
        sa.Column("entered_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("kind IN ('off', 'work')",
                           name=op.f("ck_calendar_days_kind_off_or_work")),
        sa.PrimaryKeyConstraint("day", name=op.f("pk_calendar_days")),
    )


def downgrade() -> None:
    op.drop_table("calendar_days")
    op.drop_index("ix_catalog_changes_subject_code", table_name="catalog_changes")
    op.drop_table("catalog_changes")
    for table in ("communities", "streets"):
        with op.batch_alter_table(table, schema=None, recreate="never") as batch_op:
            batch_op.drop_column("active")
    with op.batch_alter_table("districts", schema=None, recreate="never") as batch_op:
        batch_op.drop_column("office_hours")
        batch_op.drop_column("timezone")
