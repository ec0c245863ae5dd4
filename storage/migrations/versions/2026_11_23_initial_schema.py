"""Initial schema: provinces, sources, documents and versions, figures, change events.

Revision ID: 20261123_initial_schema
Revises:
Create Date: 2026-11-23 18:59:28.218695
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "20261123_initial_schema"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Spelled out here (not imported from storage.models) so this migration never changes under our feet.
TIMESTAMP = sa.TIMESTAMP(timezone=True)
EXACT_DECIMAL = sa.Numeric().with_variant(sa.String(48), "sqlite")  # SQLite NUMERIC is a float


def upgrade() -> None:
    op.create_table(
        "provinces",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("name_folded", sa.String(length=100), nullable=False),
        sa.Column("type", sa.String(length=20), nullable=True),
        sa.Column("is_current", sa.Boolean(), nullable=False),
        sa.Column("merged_into_id", sa.Integer(), nullable=True),
        sa.Column("merged_on", sa.Date(), nullable=True),
        sa.Column("former_names", sa.JSON(), nullable=False),
        sa.Column("aliases", sa.JSON(), nullable=False),
        sa.Column("domains", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["merged_into_id"], ["provinces.id"], name=op.f("fk_provinces_merged_into_id_provinces")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_provinces")),
        sa.UniqueConstraint("name", name=op.f("uq_provinces_name")),
    )
    with op.batch_alter_table("provinces", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_provinces_name_folded"), ["name_folded"], unique=False)

    op.create_table(
        "sources",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("province_id", sa.Integer(), nullable=True),
        sa.Column("base_url", sa.String(length=2000), nullable=False),
        sa.Column("platform", sa.String(length=50), nullable=False),
        sa.Column("schedule", sa.String(length=100), nullable=True),
        sa.Column("config", sa.JSON(), nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.ForeignKeyConstraint(
            ["province_id"], ["provinces.id"], name=op.f("fk_sources_province_id_provinces")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sources")),
        sa.UniqueConstraint("key", name=op.f("uq_sources_key")),
    )
    with op.batch_alter_table("sources", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sources_province_id"), ["province_id"], unique=False)

    op.create_table(
        "documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("canonical_url", sa.String(length=2000), nullable=False),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("title_folded", sa.String(length=500), nullable=True),
        sa.Column("issuer", sa.String(length=300), nullable=True),
        sa.Column("doc_number", sa.String(length=100), nullable=True),
        sa.Column("doc_number_key", sa.String(length=100), nullable=True),
        sa.Column("issued_on", sa.Date(), nullable=True),
        sa.Column("published_at", TIMESTAMP, nullable=True),
        sa.Column("period", sa.String(length=20), nullable=True),
        sa.Column("province_id", sa.Integer(), nullable=True),
        sa.Column("source_id", sa.Integer(), nullable=True),
        sa.Column("parent_document_id", sa.Integer(), nullable=True),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.ForeignKeyConstraint(
            ["parent_document_id"], ["documents.id"], name=op.f("fk_documents_parent_document_id_documents")
        ),
        sa.ForeignKeyConstraint(
            ["province_id"], ["provinces.id"], name=op.f("fk_documents_province_id_provinces")
        ),
        sa.ForeignKeyConstraint(["source_id"], ["sources.id"], name=op.f("fk_documents_source_id_sources")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_documents")),
        sa.UniqueConstraint("canonical_url", name=op.f("uq_documents_canonical_url")),
    )
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_documents_doc_number_key"), ["doc_number_key"], unique=False)
        batch_op.create_index(batch_op.f("ix_documents_province_id"), ["province_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_documents_source_id"), ["source_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_documents_title_folded"), ["title_folded"], unique=False)

    op.create_table(
        "document_urls",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("url", sa.String(length=2000), nullable=False),
        sa.Column("first_seen_at", TIMESTAMP, nullable=False),
        sa.Column("last_seen_at", TIMESTAMP, nullable=False),
        sa.Column("via_redirect_from", sa.String(length=2000), nullable=True),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_document_urls_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document_urls")),
        sa.UniqueConstraint("url", name=op.f("uq_document_urls_url")),
    )
    with op.batch_alter_table("document_urls", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_document_urls_document_id"), ["document_id"], unique=False)

    op.create_table(
        "document_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("url", sa.String(length=2000), nullable=False),
        sa.Column("fetched_at", TIMESTAMP, nullable=False),
        sa.Column("superseded_at", TIMESTAMP, nullable=True),
        sa.Column("http_status", sa.Integer(), nullable=True),
        sa.Column("etag", sa.String(length=300), nullable=True),
        sa.Column("last_modified", sa.String(length=100), nullable=True),
        sa.Column("content_type", sa.String(length=200), nullable=True),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("body_path", sa.String(length=300), nullable=False),
        sa.Column("body_size", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("text_hash", sa.String(length=64), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("figure_count", sa.Integer(), nullable=False),
        sa.Column("last_seen_at", TIMESTAMP, nullable=False),
        sa.Column("seen_count", sa.Integer(), nullable=False),
        sa.Column("extra", sa.JSON(), nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_document_versions_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document_versions")),
    )
    with op.batch_alter_table("document_versions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_document_versions_content_hash"), ["content_hash"], unique=False)
        batch_op.create_index(
            "ix_document_versions_document_fetched", ["document_id", "fetched_at"], unique=False
        )

    op.create_table(
        "document_checks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("checked_at", TIMESTAMP, nullable=False),
        sa.Column("url", sa.String(length=2000), nullable=False),
        sa.Column("http_status", sa.Integer(), nullable=True),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["document_versions.id"],
            name=op.f("fk_document_checks_version_id_document_versions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document_checks")),
        sa.UniqueConstraint(
            "version_id",
            "checked_at",
            "content_hash",
            name=op.f("uq_document_checks_version_id_checked_at_content_hash"),
        ),
    )
    with op.batch_alter_table("document_checks", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_document_checks_version_id"), ["version_id"], unique=False)

    op.create_table(
        "figures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_version_id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("province_id", sa.Integer(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("identity_key", sa.String(length=600), nullable=False),
        sa.Column("indicator_key", sa.String(length=300), nullable=False),
        sa.Column("indicator", sa.Text(), nullable=False),
        sa.Column("indicator_id", sa.String(length=100), nullable=True),
        sa.Column("category", sa.String(length=100), nullable=True),
        sa.Column("value", EXACT_DECIMAL, nullable=False),
        sa.Column("value_max", EXACT_DECIMAL, nullable=True),
        sa.Column("of_total", EXACT_DECIMAL, nullable=True),
        sa.Column("unit", sa.String(length=100), nullable=False),
        sa.Column("unit_canonical", sa.String(length=100), nullable=True),
        sa.Column("scale", sa.Double(), nullable=True),
        sa.Column("comparator", sa.String(length=8), nullable=False),
        sa.Column("direction", sa.String(length=10), nullable=True),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("period", sa.String(length=20), nullable=True),
        sa.Column("qualifier", sa.Text(), nullable=True),
        sa.Column("span_start", sa.Integer(), nullable=False),
        sa.Column("span_end", sa.Integer(), nullable=False),
        sa.Column("quote", sa.Text(), nullable=False),
        sa.Column("extra", sa.JSON(), nullable=False),
        sa.Column("valid_from", TIMESTAMP, nullable=False),
        sa.Column("valid_to", TIMESTAMP, nullable=True),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_figures_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["document_version_id"],
            ["document_versions.id"],
            name=op.f("fk_figures_document_version_id_document_versions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(["parent_id"], ["figures.id"], name=op.f("fk_figures_parent_id_figures")),
        sa.ForeignKeyConstraint(
            ["province_id"], ["provinces.id"], name=op.f("fk_figures_province_id_provinces")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_figures")),
    )
    with op.batch_alter_table("figures", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_figures_document_id"), ["document_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_figures_document_version_id"), ["document_version_id"], unique=False
        )
        batch_op.create_index("ix_figures_identity_current", ["identity_key", "valid_to"], unique=False)
        batch_op.create_index(
            "ix_figures_indicator_province", ["indicator_key", "province_id", "period"], unique=False
        )

    op.create_table(
        "change_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column("detected_at", TIMESTAMP, nullable=False),
        sa.Column("province_id", sa.Integer(), nullable=True),
        sa.Column("identity_key", sa.String(length=600), nullable=True),
        sa.Column("indicator", sa.Text(), nullable=True),
        sa.Column("indicator_id", sa.String(length=100), nullable=True),
        sa.Column("period", sa.String(length=20), nullable=True),
        sa.Column("document_id", sa.Integer(), nullable=True),
        sa.Column("version_id", sa.Integer(), nullable=True),
        sa.Column("old_document_id", sa.Integer(), nullable=True),
        sa.Column("old_version_id", sa.Integer(), nullable=True),
        sa.Column("old_figure_id", sa.Integer(), nullable=True),
        sa.Column("new_figure_id", sa.Integer(), nullable=True),
        sa.Column("old_value", EXACT_DECIMAL, nullable=True),
        sa.Column("old_value_max", EXACT_DECIMAL, nullable=True),
        sa.Column("old_comparator", sa.String(length=8), nullable=True),
        sa.Column("old_unit", sa.String(length=100), nullable=True),
        sa.Column("new_value", EXACT_DECIMAL, nullable=True),
        sa.Column("new_value_max", EXACT_DECIMAL, nullable=True),
        sa.Column("new_comparator", sa.String(length=8), nullable=True),
        sa.Column("new_unit", sa.String(length=100), nullable=True),
        sa.Column("plausibility", sa.String(length=30), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("fingerprint", sa.String(length=800), nullable=True),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_change_events_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["new_figure_id"],
            ["figures.id"],
            name=op.f("fk_change_events_new_figure_id_figures"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["old_document_id"],
            ["documents.id"],
            name=op.f("fk_change_events_old_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["old_figure_id"],
            ["figures.id"],
            name=op.f("fk_change_events_old_figure_id_figures"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["old_version_id"],
            ["document_versions.id"],
            name=op.f("fk_change_events_old_version_id_document_versions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["province_id"], ["provinces.id"], name=op.f("fk_change_events_province_id_provinces")
        ),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["document_versions.id"],
            name=op.f("fk_change_events_version_id_document_versions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_change_events")),
    )
    with op.batch_alter_table("change_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_change_events_detected_at"), ["detected_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_change_events_document_id"), ["document_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_change_events_fingerprint"), ["fingerprint"], unique=False)
        batch_op.create_index(batch_op.f("ix_change_events_identity_key"), ["identity_key"], unique=False)
        batch_op.create_index(batch_op.f("ix_change_events_kind"), ["kind"], unique=False)
        batch_op.create_index(batch_op.f("ix_change_events_province_id"), ["province_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("change_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_change_events_province_id"))
        batch_op.drop_index(batch_op.f("ix_change_events_kind"))
        batch_op.drop_index(batch_op.f("ix_change_events_identity_key"))
        batch_op.drop_index(batch_op.f("ix_change_events_fingerprint"))
        batch_op.drop_index(batch_op.f("ix_change_events_document_id"))
        batch_op.drop_index(batch_op.f("ix_change_events_detected_at"))

    op.drop_table("change_events")
    with op.batch_alter_table("figures", schema=None) as batch_op:
        batch_op.drop_index("ix_figures_indicator_province")
        batch_op.drop_index("ix_figures_identity_current")
        batch_op.drop_index(batch_op.f("ix_figures_document_version_id"))
        batch_op.drop_index(batch_op.f("ix_figures_document_id"))

    op.drop_table("figures")
    with op.batch_alter_table("document_checks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_document_checks_version_id"))

    op.drop_table("document_checks")
    with op.batch_alter_table("document_versions", schema=None) as batch_op:
        batch_op.drop_index("ix_document_versions_document_fetched")
        batch_op.drop_index(batch_op.f("ix_document_versions_content_hash"))

    op.drop_table("document_versions")
    with op.batch_alter_table("document_urls", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_document_urls_document_id"))

    op.drop_table("document_urls")
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_documents_title_folded"))
        batch_op.drop_index(batch_op.f("ix_documents_source_id"))
        batch_op.drop_index(batch_op.f("ix_documents_province_id"))
        batch_op.drop_index(batch_op.f("ix_documents_doc_number_key"))

    op.drop_table("documents")
    with op.batch_alter_table("sources", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sources_province_id"))

    op.drop_table("sources")
    with op.batch_alter_table("provinces", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_provinces_name_folded"))

    op.drop_table("provinces")
