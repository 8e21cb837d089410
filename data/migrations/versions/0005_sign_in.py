"""sign in

Signing in: users' failed logins and access tokens with roles (PRODUCT §7).

Users record who created and who deactivated them; tokens carry a role, who revoked them,
and optionally the user they act for; failed sign-ins are counted per username in the
store, so the wait they earn holds across processes and restarts.

Revision ID: 0005
Revises: 0004
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("created_by", sa.String(length=100), nullable=False,
                                   server_default=""))
        batch.add_column(sa.Column("deactivated_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("deactivated_by", sa.String(length=100), nullable=True))
    with op.batch_alter_table("display_tokens") as batch:
        batch.add_column(sa.Column("role", sa.String(length=24), nullable=False,
                                   server_default="display"))
        batch.add_column(sa.Column("user_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("revoked_by", sa.String(length=100), nullable=True))
        batch.create_foreign_key(op.f("fk_display_tokens_user_id_users"), "users",
                                 ["user_id"], ["id"])
    op.create_table(
        "failed_sign_ins",
        sa.Column("username", sa.String(length=50), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_failed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("wait_until", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("username", name=op.f("pk_failed_sign_ins")),
    )


def downgrade() -> None:
    op.drop_table("failed_sign_ins")
    with op.batch_alter_table("display_tokens") as batch:
        batch.drop_constraint(op.f("fk_display_tokens_user_id_users"), type_="foreignkey")
        batch.drop_column("revoked_by")
        batch.drop_column("user_id")
        batch.drop_column("role")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("deactivated_by")
        batch.drop_column("deactivated_at")
        batch.drop_column("created_by")
