"""incident api

Other systems report and work incidents through the API (PRODUCT §11). A source system now
has a kind (patrol, resident, hotline, iot, department, leader) that decides what it may do,
a department when it is a department's system, who created it, and who revoked it and when.
An incident a source reported keeps a hash of the request that created it, so the same
`source_ref` sent again with the same body is answered with the same incident and with a
different body is refused; it keeps the address the reporter gave.

Revision ID: 0010
Revises: 0009
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("source_systems") as batch:
        batch.add_column(sa.Column("kind", sa.String(length=24), nullable=False,
                                   server_default="patrol"))
        batch.add_column(sa.Column("department_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("created_by", sa.String(length=100), nullable=False,
                                   server_default=""))
        batch.add_column(sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("revoked_by", sa.String(length=100), nullable=True))
        batch.create_foreign_key(op.f("fk_source_systems_department_id_departments"),
                                 "departments", ["department_id"], ["id"])
    with op.batch_alter_table("incidents") as batch:
        batch.add_column(sa.Column("address", sa.String(length=200), nullable=True))
        batch.add_column(sa.Column("request_hash", sa.String(length=64), nullable=True))


def downgrade() -> None:
    # Not a batch: SQLite would copy the incidents table, which the events' foreign key
    # forbids dropping; both stores drop a plain column in place.
    for column in ("request_hash", "address"):
        op.execute(f"ALTER TABLE incidents DROP COLUMN {column}")
    with op.batch_alter_table("source_systems") as batch:
        batch.drop_constraint(op.f("fk_source_systems_department_id_departments"),
                              type_="foreignkey")
        for column in ("revoked_by", "revoked_at", "created_by", "department_id", "kind"):
            batch.drop_column(column)
