"""co-handlers index

A liaison's incidents list finds the incidents its department co-handles (协办) from the
department's side; the table's key starts with the incident, so it needs its own index.

Revision ID: 0015
Revises: 0013
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_incident_co_departments_department", "incident_co_departments",
                    ["department_id", "incident_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_incident_co_departments_department",
                  table_name="incident_co_departments")
