"""Documents, their versions and the figures of a version (read side of the document pages)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from monitor.record import figures_of
from storage.models import Document, DocumentVersion, Province, Source, StoredFigure
from storage.provinces import display_name
from storage.repository import versions_of
from web.filters import province_ids
from web.highlight import Span, highlight
from web.paging import Page, PageRequest, paged


def figure_dict(fig: StoredFigure) -> dict[str, Any]:
    return {
        "id": fig.id,
        "indicator": fig.indicator,
        "indicator_id": fig.indicator_id,
        "indicator_key": fig.indicator_key,
        "category": fig.category,
        "value": fig.value,
        "value_max": fig.value_max,
        "unit": fig.unit,
        "unit_canonical": fig.unit_canonical,
        "comparator": fig.comparator,
        "direction": fig.direction,
        "kind": fig.kind,
        "period": fig.period,
        "quote": fig.quote,
        "span": [fig.span_start, fig.span_end],
        "document_id": fig.document_id,
        "version_id": fig.document_version_id,
    }


def version_dict(version: DocumentVersion) -> dict[str, Any]:
    return {
        "id": version.id,
        "number": version.number,
        "url": version.url,
        "fetched_at": version.fetched_at,
        "last_seen_at": version.last_seen_at,
        "seen_count": version.seen_count,
        "superseded_at": version.superseded_at,
        "http_status": version.http_status,
        "content_type": version.content_type,
        "content_hash": version.content_hash,
        "body_size": version.body_size,
        "figure_count": version.figure_count,
        "error": version.error,
    }


def document_dict(doc: Document) -> dict[str, Any]:
    return {
        "id": doc.id,
        "canonical_url": doc.canonical_url,
        "title": doc.title,
        "issuer": doc.issuer,
        "doc_number": doc.doc_number,
        "issued_on": doc.issued_on,
        "published_at": doc.published_at,
        "period": doc.period,
        "province": display_name(doc.province),
    }


@dataclass(slots=True)
class VersionView:
    document: Document
    version: DocumentVersion
    figures: list[StoredFigure]

    @property
    def highlighted(self) -> Any:
        spans = [Span(f.span_start, f.span_end, f.id, f.kind) for f in self.figures]
        return highlight(self.version.text or "", spans)


def get_document(session: Session, document_id: int) -> Document | None:
    return session.get(Document, document_id)


def document_versions(session: Session, doc: Document) -> list[DocumentVersion]:
    return versions_of(session, doc)


def version_by_number(session: Session, doc: Document, number: int | None) -> DocumentVersion | None:
    """Version ``number``, or by default the newest good version (the newest at all when none is good)."""
    versions = versions_of(session, doc)
    if number is not None:
        return next((v for v in versions if v.number == number), None)
    good = [v for v in versions if v.error is None]
    return (good or versions or [None])[-1]


def version_view(session: Session, doc: Document, number: int | None) -> VersionView | None:
    version = version_by_number(session, doc, number)
    if version is None:
        return None
    return VersionView(doc, version, figures_of(session, version))


def _documents_query(session: Session, province: str | None, source: str | None) -> Select[Any] | None:
    latest = (
        select(DocumentVersion.document_id, func.max(DocumentVersion.fetched_at).label("last_fetch"))
        .group_by(DocumentVersion.document_id)
        .subquery()
    )
    query = (
        select(Document, latest.c.last_fetch)
        .outerjoin(latest, latest.c.document_id == Document.id)
        .outerjoin(Province, Province.id == Document.province_id)
    )
    ids = province_ids(session, province)
    if ids is not None:
        if not ids:
            return None
        query = query.where(Document.province_id.in_(ids))
    if source:
        query = query.join(Source, Source.id == Document.source_id).where(Source.key == source)
    return query.order_by(latest.c.last_fetch.desc(), Document.id.desc())


def list_documents(
    session: Session, request: PageRequest, province: str | None = None, source: str | None = None
) -> Page[tuple[Document, Any]]:
    query = _documents_query(session, province, source)
    if query is None:
        return Page([], 0, request)
    rows, total = paged(session, query, request)
    return Page([(doc, last) for doc, last in rows], total, request)


def all_documents(session: Session, province: str | None = None, source: str | None = None) -> Iterator[dict]:
    query = _documents_query(session, province, source)
    if query is None:
        return
    for doc, last in session.execute(query.execution_options(yield_per=1000)):
        yield document_dict(doc) | {"last_fetch": last}


def figure_location(session: Session, figure_id: int) -> tuple[int, int] | None:
    """(document id, version number) of a stored figure, to link a chart point to its quote."""
    query = (
        select(StoredFigure.document_id, DocumentVersion.number)
        .join(DocumentVersion, DocumentVersion.id == StoredFigure.document_version_id)
        .where(StoredFigure.id == figure_id)
    )
    row = session.execute(query).first()
    return (row[0], row[1]) if row is not None else None
