"""Documents, the URLs they were seen under, their versions and the 'seen unchanged' checks."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.models.base import Base, created_at_column
from storage.models.province import Province


class Document(Base):
    """A document keeps its identity across versions and URL moves (see ``storage.repository``)."""

    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    canonical_url: Mapped[str] = mapped_column(String(2000), unique=True)
    title: Mapped[str | None] = mapped_column(Text)
    title_folded: Mapped[str | None] = mapped_column(String(500), index=True)
    issuer: Mapped[str | None] = mapped_column(String(300))
    doc_number: Mapped[str | None] = mapped_column(String(100))
    doc_number_key: Mapped[str | None] = mapped_column(String(100), index=True)
    issued_on: Mapped[date | None]
    published_at: Mapped[datetime | None]
    period: Mapped[str | None] = mapped_column(String(20))
    province_id: Mapped[int | None] = mapped_column(ForeignKey("provinces.id"), index=True)
    source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id"), index=True)
    parent_document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))
    created_at: Mapped[datetime] = created_at_column()

    province: Mapped[Province | None] = relationship()
    urls: Mapped[list[DocumentURL]] = relationship(back_populates="document", order_by="DocumentURL.id")
    versions: Mapped[list[DocumentVersion]] = relationship(
        back_populates="document", order_by="DocumentVersion.fetched_at"
    )


class DocumentURL(Base):
    """Every URL a document was seen under, with when it was first and last seen there."""

    __tablename__ = "document_urls"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    url: Mapped[str] = mapped_column(String(2000), unique=True)
    first_seen_at: Mapped[datetime]
    last_seen_at: Mapped[datetime]
    via_redirect_from: Mapped[str | None] = mapped_column(String(2000))

    document: Mapped[Document] = relationship(back_populates="urls")


class DocumentVersion(Base):
    """One distinct content of a document. ``superseded_at`` is the fetch time of the next good version.

    A version whose body could not be turned into text keeps ``error`` and has no figures; it never
    supersedes a good version (a transient broken fetch must not read as every figure withdrawn).
    """

    __tablename__ = "document_versions"
    __table_args__ = (Index("ix_document_versions_document_fetched", "document_id", "fetched_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    number: Mapped[int]
    url: Mapped[str] = mapped_column(String(2000))
    fetched_at: Mapped[datetime]
    superseded_at: Mapped[datetime | None]
    http_status: Mapped[int | None]
    etag: Mapped[str | None] = mapped_column(String(300))
    last_modified: Mapped[str | None] = mapped_column(String(100))
    content_type: Mapped[str | None] = mapped_column(String(200))
    content_hash: Mapped[str] = mapped_column(String(64), index=True)
    body_path: Mapped[str] = mapped_column(String(300))
    body_size: Mapped[int]
    text: Mapped[str | None] = mapped_column(Text)
    text_hash: Mapped[str | None] = mapped_column(String(64))
    error: Mapped[str | None] = mapped_column(Text)
    figure_count: Mapped[int] = mapped_column(default=0)
    last_seen_at: Mapped[datetime]
    seen_count: Mapped[int] = mapped_column(default=1)
    extra: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = created_at_column()

    document: Mapped[Document] = relationship(back_populates="versions")
    checks: Mapped[list[DocumentCheck]] = relationship(back_populates="version", order_by="DocumentCheck.id")


class DocumentCheck(Base):
    """A fetch that found the same content as a stored version ("seen unchanged")."""

    __tablename__ = "document_checks"
    __table_args__ = (UniqueConstraint("version_id", "checked_at", "content_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(
        ForeignKey("document_versions.id", ondelete="CASCADE"), index=True
    )
    checked_at: Mapped[datetime]
    url: Mapped[str] = mapped_column(String(2000))
    http_status: Mapped[int | None]
    content_hash: Mapped[str] = mapped_column(String(64))

    version: Mapped[DocumentVersion] = relationship(back_populates="checks")
