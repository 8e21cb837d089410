"""department liaisons

A department liaison (部门联络员, PRODUCT §7) is a user bound to one department: it sees
that department's incidents alone, and signs, sends back, resolves and asks for time for
them. The binding is a nullable reference on the user; other roles have none. Roles are
stored as checked text, so the new role needs no change to the column.

Revision ID: 0012
Revises: 0011
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("department_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(op.f("fk_users_department_id_departments"), "departments",
                                 ["department_id"], ["id"])


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.drop_constraint(op.f("fk_users_department_id_departments"), type_="foreignkey")
        batch.drop_column("department_id")
