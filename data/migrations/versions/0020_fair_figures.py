"""fair figures

A dispatch's response is decided when it is signed on time or when its response deadline
passes without (PRODUCT §6), so the figures find the response deadlines that fell in a period
through an index on the deadline text, spelt exactly as the queries spell it
(data.models.incident.event_response_deadline). The scorecards' minimum sample (样本量下限)
is set by the administrator with the score weights, 10 decided cases until one does.

Revision ID: 0020
Revises: 0019
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

RESPONSE = {
    "sqlite": "json_extract(data, '$.response_deadline')",
    "postgresql": "(data ->> 'response_deadline')",
}


def upgrade() -> None:
    deadline = RESPONSE[op.get_bind().dialect.name]
    op.create_index("ix_events_response_deadline", "events", [sa.text(deadline)], unique=False,
                    sqlite_where=sa.text(f"{deadline} IS NOT NULL"),
                    postgresql_where=sa.text(f"{deadline} IS NOT NULL"))
    with op.batch_alter_table("score_weight_sets") as table:
        table.add_column(sa.Column("minimum_sample", sa.Integer(), nullable=False,
                                   server_default="10"))


def downgrade() -> None:
    with op.batch_alter_table("score_weight_sets") as table:
        table.drop_column("minimum_sample")
    op.drop_index("ix_events_response_deadline", table_name="events")
