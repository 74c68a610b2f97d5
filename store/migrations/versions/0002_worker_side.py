"""worker side of a handoff: case risk, erasure records, call-back consent, worker roles and removal

Revision ID: 0002_worker_side
Revises: 0001
Create Date: 2026-12-01 22:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_worker_side"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.add_column(sa.Column("risk_level", sa.String(length=16), nullable=False, server_default="none"))
        batch_op.add_column(sa.Column("risk_words", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("erased_at", sa.DateTime(), nullable=True))
    with op.batch_alter_table("workers", schema=None) as batch_op:
        batch_op.add_column(sa.Column("role", sa.String(length=16), nullable=False, server_default="worker"))
        batch_op.add_column(sa.Column("removed_at", sa.DateTime(), nullable=True))
    op.create_table(
        "callback_consents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=32), nullable=False),
        sa.Column("consented_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("callback_consents", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_callback_consents_case_id"), ["case_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("callback_consents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_callback_consents_case_id"))
    op.drop_table("callback_consents")
    with op.batch_alter_table("workers", schema=None) as batch_op:
        batch_op.drop_column("removed_at")
        batch_op.drop_column("role")
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_column("erased_at")
        batch_op.drop_column("risk_words")
        batch_op.drop_column("risk_level")
