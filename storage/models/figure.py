"""Stored figures: everything the parser emits, tied to a document version, with an identity key."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.models.base import Base
from storage.models.document import Document, DocumentVersion


class StoredFigure(Base):
    """A figure as stated by one version of one document.

    ``identity_key`` follows the same figure across versions and documents (``storage.identity``);
    ``indicator_key`` is its indicator part (catalog id or normalised name), used by history queries.
    ``valid_from``/``valid_to`` copy the version's fetch time and supersession time so that "what the
    sources said on date D" is one indexed range test on this table.
    """

    __tablename__ = "figures"
    __table_args__ = (
        Index("ix_figures_indicator_province", "indicator_key", "province_id", "period"),
        Index("ix_figures_identity_current", "identity_key", "valid_to"),
        # Covers the statement reads of change detection (storage.statements): answered from the index.
        Index(
            "ix_figures_identity_statement",
            "identity_key",
            "valid_to",
            "comparator",
            "value",
            "value_max",
            "scale",
            "document_id",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    document_version_id: Mapped[int] = mapped_column(
        ForeignKey("document_versions.id", ondelete="CASCADE"), index=True
    )
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    province_id: Mapped[int | None] = mapped_column(ForeignKey("provinces.id"))
    position: Mapped[int]
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("figures.id"))
    identity_key: Mapped[str] = mapped_column(String(600))
    indicator_key: Mapped[str] = mapped_column(String(300))
    indicator: Mapped[str] = mapped_column(Text)
    indicator_id: Mapped[str | None] = mapped_column(String(100))
    category: Mapped[str | None] = mapped_column(String(100))
    value: Mapped[Decimal]
    value_max: Mapped[Decimal | None]
    of_total: Mapped[Decimal | None]
    unit: Mapped[str] = mapped_column(String(100), default="")
    unit_canonical: Mapped[str | None] = mapped_column(String(100))
    scale: Mapped[float | None]
    comparator: Mapped[str] = mapped_column(String(8), default="=")
    direction: Mapped[str | None] = mapped_column(String(10))
    kind: Mapped[str] = mapped_column(String(10), default="target")
    period: Mapped[str | None] = mapped_column(String(20))
    qualifier: Mapped[str | None] = mapped_column(Text)
    span_start: Mapped[int]
    span_end: Mapped[int]
    quote: Mapped[str] = mapped_column(Text)
    extra: Mapped[dict[str, Any]] = mapped_column(default=dict)
    valid_from: Mapped[datetime]
    valid_to: Mapped[datetime | None]

    version: Mapped[DocumentVersion] = relationship()
    document: Mapped[Document] = relationship()
