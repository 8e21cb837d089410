"""snapshot indexes

Every query of the snapshot and of the month's figures starts from one of these, so that
building it costs the same however long the history grows.

Revision ID: 0002
Revises: 0001
"""

from collections.abc import Sequence

from alembic import op

revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# name -> column of incidents
INDEXES = {
    'ix_incidents_dispatched_at': 'dispatched_at',  # response rate: dispatched this month
    'ix_incidents_resolution_deadline': 'resolution_deadline',  # due: deadline this month
    'ix_incidents_resolved_at': 'resolved_at',  # due: resolved this month before it
    'ix_incidents_closed_at': 'closed_at',  # satisfaction: closed this month
}


def upgrade() -> None:
    for name, column in INDEXES.items():
        op.create_index(name, 'incidents', [column], unique=False)


def downgrade() -> None:
    for name in INDEXES:
        op.drop_index(name, table_name='incidents')
