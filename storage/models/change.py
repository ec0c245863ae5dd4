"""Change events: what changed, between which figures of which document versions, and how plausible."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, created_at_column

CHANGE_KINDS: tuple[str, ...] = (
    "document_new",
    "document_revised",
    "figure_new",
    "figure_revised",
    "figure_withdrawn",
    "discrepancy",
)


class ChangeEvent(Base):
    """One detected change. ``old_*`` is the earlier (or the other document's) side, ``new_*`` this ingest's.

    ``fingerprint`` makes detection idempotent: the same discrepancy is not reported twice.
    ``plausibility`` is a short code (``decimal_slip``, ``swap``, ``target_as_actual``, ``comparator_only``)
    and ``note`` the sentence a person reads.
    """

    __tablename__ = "change_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(30), index=True)
    created_at: Mapped[datetime] = created_at_column()
    detected_at: Mapped[datetime] = mapped_column(index=True)
    province_id: Mapped[int | None] = mapped_column(ForeignKey("provinces.id"), index=True)
    identity_key: Mapped[str | None] = mapped_column(String(600), index=True)
    indicator: Mapped[str | None] = mapped_column(Text)
    indicator_id: Mapped[str | None] = mapped_column(String(100))
    period: Mapped[str | None] = mapped_column(String(20))
    document_id: Mapped[int | None] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    version_id: Mapped[int | None] = mapped_column(ForeignKey("document_versions.id", ondelete="CASCADE"))
    old_document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    old_version_id: Mapped[int | None] = mapped_column(ForeignKey("document_versions.id", ondelete="CASCADE"))
    old_figure_id: Mapped[int | None] = mapped_column(ForeignKey("figures.id", ondelete="SET NULL"))
    new_figure_id: Mapped[int | None] = mapped_column(ForeignKey("figures.id", ondelete="SET NULL"))
    old_value: Mapped[Decimal | None]
    old_value_max: Mapped[Decimal | None]
    old_comparator: Mapped[str | None] = mapped_column(String(8))
    old_unit: Mapped[str | None] = mapped_column(String(100))
    new_value: Mapped[Decimal | None]
    new_value_max: Mapped[Decimal | None]
    new_comparator: Mapped[str | None] = mapped_column(String(8))
    new_unit: Mapped[str | None] = mapped_column(String(100))
    plausibility: Mapped[str | None] = mapped_column(String(30))
    note: Mapped[str | None] = mapped_column(Text)
    fingerprint: Mapped[str | None] = mapped_column(String(800), index=True)
