"""display tokens bound to a street

A wall's token may be bound to one street (PRODUCT §7, Street walls): it then opens that
street's wall only. The binding is a nullable reference on the token; other tokens have none.

Revision ID: 0016
Revises: 0013
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("display_tokens") as batch:
        batch.add_column(sa.Column("street_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(op.f("fk_display_tokens_street_id_streets"), "streets",
                                 ["street_id"], ["id"])


def downgrade() -> None:
    with op.batch_alter_table("display_tokens") as batch:
        batch.drop_constraint(op.f("fk_display_tokens_street_id_streets"), type_="foreignkey")
        batch.drop_column("street_id")
