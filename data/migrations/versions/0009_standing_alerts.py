"""standing alerts

The alert queue at scale (PRODUCT §10). The queue puts the standing alerts in order by kind,
level and the deadline each is about, and the wall's ticker reads its head on every
snapshot. That deadline is the incident's, so ordering read every incident with a standing
alert, tens of thousands at 5 million incidents. Each alert now keeps a copy of it
(data.incidents.alert_rules sets it on each raise and each move), and a partial index holds the
standing alerts alone with every column the order reads. The copy is filled in here from
the incidents: the response deadline for response overdue, the resolution deadline else.

Revision ID: 0009
Revises: 0008
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The same text as data.models.alert's STANDING: SQLite matches a partial index by its text.
STANDING = "cleared_at IS NULL"
DEADLINE = """
    UPDATE alerts SET deadline = (
        SELECT CASE WHEN alerts.kind = 'response_overdue' THEN incidents.response_deadline
                    ELSE incidents.resolution_deadline END
        FROM incidents WHERE incidents.id = alerts.incident_id)
"""


def upgrade() -> None:
    with op.batch_alter_table("alerts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("deadline", sa.DateTime(timezone=True), nullable=True))
    op.execute(DEADLINE)
    op.create_index("ix_alerts_standing", "alerts",
                    ["kind", sa.text("level DESC"), "deadline", "id"], unique=False,
                    postgresql_where=sa.text(STANDING), sqlite_where=sa.text(STANDING))


def downgrade() -> None:
    op.drop_index("ix_alerts_standing", table_name="alerts")
    with op.batch_alter_table("alerts", schema=None) as batch_op:
        batch_op.drop_column("deadline")
