"""a report's media_url

The address of a photo or video of the problem, as the reporter's system keeps it (Open311's
`media_url`, the incident API's `media_url`): http or https, 500 characters at most.

Revision ID: 0023
Revises: 0022
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0023"
down_revision: str | None = "0022"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("incidents", recreate="never") as table:
        table.add_column(sa.Column("media_url", sa.String(500), nullable=True))


def downgrade() -> None:
    # In place on both stores (SQLite 3.35+): copying the table anew, as a batch would,
    # breaks the foreign keys of every table that refers to incidents.
    op.execute("ALTER TABLE incidents DROP COLUMN media_url")
