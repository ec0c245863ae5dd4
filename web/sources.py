"""Sources and their health, from what storage records: last fetch, last new version, fetch errors.

Until the scheduler's per-run table exists (issue 5), health is read from versions: a version stored with
an ``error`` is a recorded fetch/extract failure, ``last_seen_at`` covers "seen unchanged" checks.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from chitieu.clock import now
from storage.models import Document, DocumentVersion, Source
from storage.provinces import display_name

STALE_AFTER = timedelta(days=7)
STATUS_LABELS = {
    "ok": "Bình thường",
    "error": "Lỗi ở lần lấy gần nhất",
    "stale": "Lâu không lấy được gì",
    "never": "Chưa lấy lần nào",
}


@dataclass(slots=True)
class SourceHealth:
    source: Source | None  # None: documents ingested without a registered source
    documents: int
    versions: int
    errors: int
    last_fetch: datetime | None
    last_new_version: datetime | None
    last_error: str | None
    last_error_at: datetime | None

    @property
    def status(self) -> str:
        if self.last_fetch is None:
            return "never"
        if self.last_error_at is not None and self.last_error_at >= (
            self.last_new_version or self.last_fetch
        ):
            return "error"
        if now() - self.last_fetch > STALE_AFTER:
            return "stale"
        return "ok"

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    def as_dict(self) -> dict[str, Any]:
        src = self.source
        return {
            "key": src.key if src else None,
            "province": display_name(src.province) if src else None,
            "base_url": src.base_url if src else None,
            "platform": src.platform if src else None,
            "schedule": src.schedule if src else None,
            "documents": self.documents,
            "versions": self.versions,
            "errors": self.errors,
            "last_fetch": self.last_fetch,
            "last_new_version": self.last_new_version,
            "last_error": self.last_error,
            "last_error_at": self.last_error_at,
            "status": self.status,
        }


def _version_stats(session: Session) -> dict[int | None, tuple[int, int, int, Any, Any]]:
    query = (
        select(
            Document.source_id,
            func.count(func.distinct(Document.id)),
            func.count(DocumentVersion.id),
            func.sum(case((DocumentVersion.error.is_not(None), 1), else_=0)),
            func.max(DocumentVersion.last_seen_at),
            func.max(DocumentVersion.fetched_at),
        )
        .select_from(Document)
        .outerjoin(DocumentVersion, DocumentVersion.document_id == Document.id)
        .group_by(Document.source_id)
    )
    return {row[0]: (row[1], row[2], int(row[3] or 0), row[4], row[5]) for row in session.execute(query)}


def _last_errors(session: Session) -> dict[int | None, tuple[str, datetime]]:
    newest = (
        select(Document.source_id, func.max(DocumentVersion.fetched_at).label("at"))
        .join(DocumentVersion, DocumentVersion.document_id == Document.id)
        .where(DocumentVersion.error.is_not(None))
        .group_by(Document.source_id)
        .subquery()
    )
    query = (
        select(Document.source_id, DocumentVersion.error, DocumentVersion.fetched_at)
        .join(DocumentVersion, DocumentVersion.document_id == Document.id)
        .join(
            newest,
            and_(
                DocumentVersion.fetched_at == newest.c.at,
                (Document.source_id == newest.c.source_id)
                | (Document.source_id.is_(None) & newest.c.source_id.is_(None)),
            ),
        )
        .where(DocumentVersion.error.is_not(None))
    )
    return {source_id: (error, at) for source_id, error, at in session.execute(query)}


def source_health(session: Session) -> list[SourceHealth]:
    """One row per registered source (plus one for documents without a source, when there are any)."""
    stats = _version_stats(session)
    errors = _last_errors(session)
    sources = list(session.scalars(select(Source).order_by(Source.key)))
    keys: list[int | None] = [s.id for s in sources] + ([None] if None in stats else [])
    by_id: dict[int | None, Source | None] = {s.id: s for s in sources}
    rows = []
    for key in keys:
        documents, versions, error_count, last_fetch, last_new = stats.get(key, (0, 0, 0, None, None))
        last_error, last_error_at = errors.get(key, (None, None))
        rows.append(
            SourceHealth(
                by_id.get(key),
                documents,
                versions,
                error_count,
                last_fetch,
                last_new,
                last_error,
                last_error_at,
            )
        )
    return rows


def source_documents(session: Session, key: str) -> tuple[Source | None, list[Document]]:
    source = session.scalar(select(Source).where(Source.key == key))
    if source is None:
        return None, []
    docs = session.scalars(
        select(Document).where(Document.source_id == source.id).order_by(Document.id.desc())
    )
    return source, list(docs)


def add_source(session: Session, wanted: Any) -> Source:
    """Register or update a source from a validated :class:`web.schemas.SourceIn`.

    The province must be one chitieu knows (old or new name): a typo must not invent a province.
    """
    from storage.provinces import ProvinceDirectory
    from storage.repository import upsert_source

    if wanted.province and ProvinceDirectory(session).find(wanted.province) is None:
        raise ValueError(f"unknown province {wanted.province!r}")
    return upsert_source(session, **wanted.model_dump())
