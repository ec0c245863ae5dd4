"""``sources.listings_walked_at``: when a crawl last walked every listing page of a source.

Between two full walks a crawl stops a listing's pagination at the first page that shows nothing new
(``crawler.revisit``); a full walk, at least once per revisit ceiling, reaches the deeper pages again.

Revision ID: 20261126_listing_walks
Revises: 20261125_figure_read_indexes
Create Date: 2026-11-26 09:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "20261126_listing_walks"
down_revision: str | None = "20261125_figure_read_indexes"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("sources", schema=None) as batch_op:
        batch_op.add_column(sa.Column("listings_walked_at", sa.TIMESTAMP(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("sources", schema=None) as batch_op:
        batch_op.drop_column("listings_walked_at")
