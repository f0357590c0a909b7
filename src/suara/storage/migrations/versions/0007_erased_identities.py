"""erased identities: tombstones that keep an erased customer erased through re-imports

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07 14:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "erased_identities",
        sa.Column("source", sa.String(length=64), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customers.id"],
            name=op.f("fk_erased_identities_customer_id_customers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("source", "digest", name=op.f("pk_erased_identities")),
    )
    op.create_index(op.f("ix_erased_identities_customer_id"), "erased_identities", ["customer_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_erased_identities_customer_id"), table_name="erased_identities")
    op.drop_table("erased_identities")
