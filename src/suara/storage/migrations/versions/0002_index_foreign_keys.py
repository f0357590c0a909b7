"""index the foreign keys that lacked one

Deleting or erasing a customer cascades through these references; without an index each one
is a full scan per deleted row on PostgreSQL.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 14:45:00
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

INDEXED = [
    ("touchpoints", "order_id"),
    ("support_tickets", "order_id"),
    ("responses", "order_id"),
    ("responses", "ticket_id"),
    ("feedback_items", "order_id"),
    ("feedback_items", "product_id"),
    ("feedback_items", "ticket_id"),
    ("feedback_items", "response_id"),
]


def upgrade() -> None:
    for table, column in INDEXED:
        op.create_index(op.f(f"ix_{table}_{column}"), table, [column], unique=False)


def downgrade() -> None:
    for table, column in reversed(INDEXED):
        op.drop_index(op.f(f"ix_{table}_{column}"), table_name=table)
