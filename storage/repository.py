"""Queries and writes for sources, documents, URLs and versions. Functions flush; callers commit."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, func, insert, select
from sqlalchemy.orm import Session

from figures.text import fold
from storage.incoming import IncomingVersion
from storage.models import Document, DocumentCheck, DocumentURL, DocumentVersion, Province, Source
from storage.provinces import ProvinceDirectory

_NON_WORD = re.compile(r"[^0-9a-z]+")
_DOC_NUMBER_JUNK = re.compile(r"[\s._]+")

# The lookups every ingest makes, built once with bound parameters: the same SQL as building them per call
# with the values inline, without rebuilding and re-coercing the statement each time (about half the cost
# of such a query on SQLite).
_URL_ROW = select(DocumentURL).where(DocumentURL.url == bindparam("url"))
_BY_DOC_NUMBER = select(Document).where(Document.doc_number_key == bindparam("key"))
# ``province_id + 0``: the same test, but SQLite (no statistics) would otherwise walk the province index,
# i.e. every document of the province, for each ingest; so it takes the title index (a handful of rows).
_BY_TITLE = (
    select(Document)
    .where(Document.title_folded == bindparam("key"), Document.province_id + 0 == bindparam("province_id"))
    .order_by(Document.id)
)
_VERSIONS = select(DocumentVersion).where(DocumentVersion.document_id == bindparam("document_id"))
_NEWEST_FIRST = (DocumentVersion.fetched_at.desc(), DocumentVersion.id.desc())
_LATEST = _VERSIONS.order_by(*_NEWEST_FIRST)
_LATEST_GOOD = _VERSIONS.where(DocumentVersion.error.is_(None)).order_by(*_NEWEST_FIRST)
_OTHER_GOOD = _VERSIONS.where(DocumentVersion.error.is_(None), DocumentVersion.id != bindparam("exclude_id"))
_GOOD_BEFORE = _OTHER_GOOD.where(DocumentVersion.fetched_at <= bindparam("moment")).order_by(
    DocumentVersion.fetched_at.desc()
)
_GOOD_AFTER = _OTHER_GOOD.where(DocumentVersion.fetched_at > bindparam("moment")).order_by(
    DocumentVersion.fetched_at
)
_CHECK_RECORDED = select(DocumentCheck.id).where(
    DocumentCheck.version_id == bindparam("version_id"),
    DocumentCheck.checked_at == bindparam("checked_at"),
    DocumentCheck.content_hash == bindparam("content_hash"),
)


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
    row = session.scalar(_URL_ROW, {"url": url})
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
    for doc in session.scalars(_BY_DOC_NUMBER, {"key": key}):
        same_issuer = not issuer or not doc.issuer or title_key(doc.issuer) == issuer
        same_province = province is None or doc.province_id in (None, province.id)
        if same_issuer and same_province and _same_year(doc, incoming):
            return doc
    return None


def _by_title(session: Session, incoming: IncomingVersion, province: Province | None) -> Document | None:
    key = title_key(incoming.title)
    if key is None or province is None:
        return None
    if province.id is None:  # a province not flushed yet (an inline None compares as IS NULL)
        query = select(Document).where(Document.title_folded == key, Document.province_id.is_(None))
        return session.scalars(query.order_by(Document.id)).first()
    return session.scalars(_BY_TITLE, {"key": key, "province_id": province.id}).first()


def find_document(session: Session, incoming: IncomingVersion, province: Province | None) -> Document | None:
    """The known document this fetch belongs to: by URL, redirect, document number or title + province."""
    return (
        document_by_url(session, incoming.url)
        or document_by_url(session, incoming.requested_url)
        or _by_doc_number(session, incoming, province)
        or _by_title(session, incoming, province)
    )


def insert_document(
    session: Session, incoming: IncomingVersion, province: Province | None, source: Source | None
) -> Document:
    """A new document and the URLs it was fetched under, inserted now, outside the unit of work.

    Most ingests are new documents. Core INSERTs cost a fraction of the ORM's per-object bookkeeping, and a
    single-row INSERT hands its id back on SQLite and PostgreSQL alike. The document comes back as a
    transient ``Document`` with every column set (not in the session): the ingest reads it, and a later
    lookup in the same transaction loads the row like any other.
    """
    parent = document_by_url(session, incoming.parent_url)
    if province is not None and province.id is None:
        session.flush()  # a province named for the first time: its row goes in first
    doc = Document(
        canonical_url=incoming.url,  # the newest location (see touch_url)
        province_id=province.id if province is not None else None,
        source_id=source.id if source else None,
        parent_document_id=parent.id if parent else None,
    )
    fill_metadata(doc, incoming)
    insert_row(session, doc)
    seen = incoming.fetched_at
    urls = [(incoming.requested_url, None)] if incoming.requested_url not in (None, incoming.url) else []
    urls.append((incoming.url, incoming.requested_url))
    session.execute(
        _INSERT_URL,
        [
            {
                "document_id": doc.id,
                "url": url,
                "first_seen_at": seen,
                "last_seen_at": seen,
                "via_redirect_from": via if via and via != url else None,
            }
            for url, via in urls
        ],
    )
    return doc


def insert_row(session: Session, row: Any) -> None:
    """Insert a new mapped object through Core, outside the unit of work, and set its id.

    ``row`` stays transient (not in the session). Columns it leaves unset get their defaults, which are
    then set on it too, so every column of the stored row can be read from it.
    """
    table = type(row).__table__
    if table not in _INSERTS:
        _INSERTS[table] = insert(table)
    values = {
        column.key: value
        for column in table.columns
        if column.key != "id" and ((value := getattr(row, column.key)) is not None or column.default is None)
    }
    result = session.execute(_INSERTS[table], values)
    row.id = result.inserted_primary_key[0]
    for key, value in result.last_inserted_params().items():
        if key not in values and key != "id":
            setattr(row, key, value)


_INSERTS: dict[Any, Any] = {}  # table -> its INSERT, built once
_INSERT_URL = insert(DocumentURL.__table__)


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
    row = session.scalar(_URL_ROW, {"url": url})
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


def latest_version(session: Session, document_id: int, *, good_only: bool = False) -> DocumentVersion | None:
    query = _LATEST_GOOD if good_only else _LATEST
    return session.scalars(query, {"document_id": document_id}).first()


def neighbour_good_versions(
    session: Session, document_id: int, moment: datetime, exclude_id: int
) -> tuple[DocumentVersion | None, DocumentVersion | None]:
    """The good versions just before (or at) and just after ``moment``."""
    params = {"document_id": document_id, "exclude_id": exclude_id, "moment": moment}
    return session.scalars(_GOOD_BEFORE, params).first(), session.scalars(_GOOD_AFTER, params).first()


def record_check(session: Session, version: DocumentVersion, incoming: IncomingVersion, digest: str) -> bool:
    """Record a "seen unchanged" fetch; False when this exact check is already recorded (a no-op)."""
    if incoming.fetched_at == version.fetched_at and digest == version.content_hash:
        return False
    params = {"version_id": version.id, "checked_at": incoming.fetched_at, "content_hash": digest}
    if session.scalar(_CHECK_RECORDED, params) is not None:
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


_TOP_ID: dict[type, Any] = {}  # model -> SELECT max(id), built once


def number_new_rows(session: Session, rows: Sequence[Any]) -> None:
    """Give new ORM rows of one table the ids SQLite would give them (``max(id) + 1``, ``+ 2``, ...), so that
    the ORM inserts them with one executemany instead of one INSERT per row: it needs every new id back, and
    SQLite cannot hand back the ids of a multi-row insert in a guaranteed order. Same rows, same ids.

    Only for two rows or more (one INSERT gives its id back anyway), and only where :func:`first_new_id`
    holds.
    """
    if len(rows) < 2:
        return
    first = first_new_id(session, type(rows[0]), len(rows))
    if first is not None:
        for number, row in enumerate(rows, start=first):
            row.id = number


def first_new_id(session: Session, model: type, count: int) -> int | None:
    """The id SQLite would give the first of ``count`` new rows of ``model`` inserted now; None elsewhere.

    Only where that holds: on SQLite (an INTEGER PRIMARY KEY without AUTOINCREMENT gives a new row the
    largest id + 1), and only in a transaction that has already written, so that it holds SQLite's single
    write lock and no one else can insert between the read of ``max(id)`` and the insert. Elsewhere
    (PostgreSQL: ids from a sequence, inserted in batches anyway) None.
    """
    if count < 1 or session.get_bind().dialect.name != "sqlite":
        return None
    if model not in _TOP_ID:
        _TOP_ID[model] = select(func.max(model.id))
    # On the session's connection, not through the session: no autoflush of unrelated pending changes (rows of
    # ``model`` are inserted by the caller right after, with these ids).
    return (session.connection().scalar(_TOP_ID[model]) or 0) + 1


def versions_of(session: Session, document: Document) -> list[DocumentVersion]:
    query = select(DocumentVersion).where(DocumentVersion.document_id == document.id)
    return list(session.scalars(query.order_by(DocumentVersion.fetched_at, DocumentVersion.id)))
