"""Covering indexes for the hot reads: discrepancy detection's distinct statements per identity key.

``ix_figures_identity_statement`` holds every column the statement queries of ``storage.statements`` read
(identity key, currency, comparator, value, range top, scale, document), in the order the statement
groups are read, so the database answers "which distinct statements do other documents make under these
keys" by one ordered walk of the index, however many documents repeat a figure. It extends ``ix_figures_identity_current`` (same leading columns).

Revision ID: 20261125_figure_read_indexes
Revises: 20261124_monitoring
Create Date: 2026-11-25 09:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "20261125_figure_read_indexes"
down_revision: str | None = "20261124_monitoring"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

STATEMENT_COLUMNS = ["identity_key", "valid_to", "comparator", "value", "value_max", "scale", "document_id"]


def upgrade() -> None:
    with op.batch_alter_table("figures", schema=None) as batch_op:
        batch_op.create_index("ix_figures_identity_statement", STATEMENT_COLUMNS, unique=False)


def downgrade() -> None:
    with op.batch_alter_table("figures", schema=None) as batch_op:
        batch_op.drop_index("ix_figures_identity_statement")
