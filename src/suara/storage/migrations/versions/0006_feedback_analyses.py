"""feedback analyses: what text analytics read in each feedback item, and with which model

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23 15:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "feedback_analyses",
        sa.Column("feedback_id", sa.Integer(), nullable=False),
        sa.Column("model_version", sa.String(length=128), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("sentiment", sa.String(length=16), nullable=False),
        sa.Column("sentiment_score", sa.Float(), nullable=False),
        sa.Column("emotion", sa.String(length=16), nullable=True),
        sa.Column("aspects", sa.JSON(), nullable=False),
        sa.Column("redacted_text", sa.Text(), nullable=False),
        sa.Column("analysed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["feedback_id"],
            ["feedback_items.id"],
            name=op.f("fk_feedback_analyses_feedback_id_feedback_items"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("feedback_id", name=op.f("pk_feedback_analyses")),
    )
    op.create_index(
        op.f("ix_feedback_analyses_model_version"), "feedback_analyses", ["model_version"]
    )
    op.create_index(op.f("ix_feedback_analyses_sentiment"), "feedback_analyses", ["sentiment"])


def downgrade() -> None:
    op.drop_index(op.f("ix_feedback_analyses_sentiment"), table_name="feedback_analyses")
    op.drop_index(op.f("ix_feedback_analyses_model_version"), table_name="feedback_analyses")
    op.drop_table("feedback_analyses")
