"""Queries and writes for sources, documents, URLs and versions. Functions flush; callers commit."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from figures.text import fold
from storage.incoming import IncomingVersion
from storage.models import Document, DocumentCheck, DocumentURL, DocumentVersion, Province, Source
from storage.provinces import ProvinceDirectory

_NON_WORD = re.compile(r"[^0-9a-z]+")
_DOC_NUMBER_JUNK = re.compile(r"[\s._]+")


def upsert_source(
    session: Session,
    *,
    key: str,
    province: str | None,
    base_url: str,
    platform: str,
    schedule: str | None = None,
    config: dict[str, Any] | None = None,
) -> Source:
    """Create or update the source registered under ``key``."""
    source = session.scalar(select(Source).where(Source.key == key)) or Source(key=key)
    source.province = ProvinceDirectory(session).get_or_create(province)
    source.base_url, source.platform, source.schedule = base_url, platform, schedule
    source.config = dict(config or {})
    session.add(source)
    session.flush()
    return source


def source_by_key(session: Session, key: str | None) -> Source | None:
    if not key:
        return None
    return session.scalar(select(Source).where(Source.key == key))


def doc_number_key(doc_number: str | None) -> str | None:
    """``"Số 54/QĐ-UBND"`` and ``"54 / QD-UBND"`` compare equal."""
    if not doc_number or not doc_number.strip():
        return None
    folded = fold(doc_number).removeprefix("so ").upper()
    return _DOC_NUMBER_JUNK.sub("", folded) or None


def title_key(title: str | None) -> str | None:
    if not title or not title.strip():
        return None
    return _NON_WORD.sub(" ", fold(title)).strip()[:500] or None


def document_by_url(session: Session, url: str | None) -> Document | None:
    if not url:
        return None
    row = session.scalar(select(DocumentURL).where(DocumentURL.url == url))
    return row.document if row is not None else None


def _same_year(doc: Document, incoming: IncomingVersion) -> bool:
    if doc.issued_on and incoming.issued_on:
        return doc.issued_on == incoming.issued_on
    if doc.period and incoming.period:
        return doc.period == incoming.period
    return True


def _by_doc_number(session: Session, incoming: IncomingVersion, province: Province | None) -> Document | None:
    key = doc_number_key(incoming.doc_number)
    if key is None:
        return None
    issuer = title_key(incoming.issuer)
    for doc in session.scalars(select(Document).where(Document.doc_number_key == key)):
        same_issuer = not issuer or not doc.issuer or title_key(doc.issuer) == issuer
        same_province = province is None or doc.province_id in (None, province.id)
        if same_issuer and same_province and _same_year(doc, incoming):
            return doc
    return None


def _by_title(session: Session, incoming: IncomingVersion, province: Province | None) -> Document | None:
    key = title_key(incoming.title)
    if key is None or province is None:
        return None
    query = select(Document).where(Document.title_folded == key, Document.province_id == province.id)
    return session.scalars(query.order_by(Document.id)).first()


def find_document(session: Session, incoming: IncomingVersion, province: Province | None) -> Document | None:
    """The known document this fetch belongs to: by URL, redirect, document number or title + province."""
    return (
        document_by_url(session, incoming.url)
        or document_by_url(session, incoming.requested_url)
        or _by_doc_number(session, incoming, province)
        or _by_title(session, incoming, province)
    )


def create_document(
    session: Session,
    incoming: IncomingVersion,
    province: Province | None,
    source: Source | None,
    *,
    flush: bool = True,
) -> Document:
    """A new document; ``flush=False`` leaves the INSERT to the caller's next flush (one round trip less)."""
    parent = document_by_url(session, incoming.parent_url)
    doc = Document(canonical_url=incoming.url, province=province, source_id=source.id if source else None)
    doc.urls = []  # known empty: URLs are then added without loading the collection from the database
    doc.parent_document_id = parent.id if parent else None
    fill_metadata(doc, incoming)
    session.add(doc)
    if flush:
        session.flush()
    return doc


def fill_metadata(doc: Document, incoming: IncomingVersion) -> None:
    """Take metadata the document does not have yet (a later fetch may know more)."""
    doc.title = doc.title or incoming.title
    doc.title_folded = title_key(doc.title)
    doc.issuer = doc.issuer or incoming.issuer
    doc.doc_number = doc.doc_number or incoming.doc_number
    doc.doc_number_key = doc_number_key(doc.doc_number)
    doc.issued_on = doc.issued_on or incoming.issued_on
    doc.published_at = doc.published_at or incoming.published_at
    doc.period = doc.period or incoming.period


def touch_url(session: Session, doc: Document, url: str, seen_at: datetime, via: str | None = None) -> None:
    """Record that ``doc`` was seen under ``url`` at ``seen_at``; the newest location becomes canonical."""
    row = session.scalar(select(DocumentURL).where(DocumentURL.url == url))
    if row is None:
        row = DocumentURL(document=doc, url=url, first_seen_at=seen_at, last_seen_at=seen_at)
        row.via_redirect_from = via if via and via != url else None
        session.add(row)
    else:
        row.first_seen_at = min(row.first_seen_at, seen_at)
        row.last_seen_at = max(row.last_seen_at, seen_at)
    newest = max((u for u in doc.urls if u is not row), key=lambda u: u.last_seen_at, default=None)
    if newest is None or row.last_seen_at >= newest.last_seen_at:
        doc.canonical_url = url
    session.flush()


def add_new_url(session: Session, doc: Document, url: str, seen_at: datetime, via: str | None = None) -> None:
    """:func:`touch_url` for a URL known not to be recorded (the caller just looked it up and found no
    document): no lookup, no flush. The newest location becomes canonical, as there."""
    row = DocumentURL(document=doc, url=url, first_seen_at=seen_at, last_seen_at=seen_at)
    row.via_redirect_from = via if via and via != url else None
    session.add(row)
    doc.canonical_url = url


def latest_version(session: Session, document_id: int, *, good_only: bool = False) -> DocumentVersion | None:
    query = select(DocumentVersion).where(DocumentVersion.document_id == document_id)
    if good_only:
        query = query.where(DocumentVersion.error.is_(None))
    newest_first = query.order_by(DocumentVersion.fetched_at.desc(), DocumentVersion.id.desc())
    return session.scalars(newest_first).first()


def neighbour_good_versions(
    session: Session, document_id: int, moment: datetime, exclude_id: int
) -> tuple[DocumentVersion | None, DocumentVersion | None]:
    """The good versions just before (or at) and just after ``moment``."""
    base = select(DocumentVersion).where(
        DocumentVersion.document_id == document_id,
        DocumentVersion.error.is_(None),
        DocumentVersion.id != exclude_id,
    )
    before = base.where(DocumentVersion.fetched_at <= moment).order_by(DocumentVersion.fetched_at.desc())
    after = base.where(DocumentVersion.fetched_at > moment).order_by(DocumentVersion.fetched_at)
    return session.scalars(before).first(), session.scalars(after).first()


def record_check(session: Session, version: DocumentVersion, incoming: IncomingVersion, digest: str) -> bool:
    """Record a "seen unchanged" fetch; False when this exact check is already recorded (a no-op)."""
    if incoming.fetched_at == version.fetched_at and digest == version.content_hash:
        return False
    duplicate = select(DocumentCheck.id).where(
        DocumentCheck.version_id == version.id,
        DocumentCheck.checked_at == incoming.fetched_at,
        DocumentCheck.content_hash == digest,
    )
    if session.scalar(duplicate) is not None:
        return False
    session.add(
        DocumentCheck(
            version=version,
            checked_at=incoming.fetched_at,
            url=incoming.url,
            http_status=incoming.http_status,
            content_hash=digest,
        )
    )
    version.last_seen_at = max(version.last_seen_at, incoming.fetched_at)
    version.seen_count += 1
    session.flush()
    return True


def versions_of(session: Session, document: Document) -> list[DocumentVersion]:
    query = select(DocumentVersion).where(DocumentVersion.document_id == document.id)
    return list(session.scalars(query.order_by(DocumentVersion.fetched_at, DocumentVersion.id)))
