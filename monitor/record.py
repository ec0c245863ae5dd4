"""``record_version``: the one function a fetcher calls per fetched version.

Everything happens in the caller's transaction (flush, never commit): archive the raw body, find or create
the document, skip an unchanged body with a "seen unchanged" check, extract text, parse figures, store
the version and its figures, and run change detection. A body that cannot be read or parsed is stored as a
version with its error and no figures; it is never dropped and never half-written.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import bindparam, insert, select, text, update
from sqlalchemy.orm import Session

import figures as parser
from chitieu.clock import now
from chitieu.errors import ExtractError
from chitieu.settings import get_settings
from figures.model import Figure
from monitor.changes import Detection, compare_versions, document_event, find_discrepancies
from storage import repository as repo
from storage.archive import Archive, ArchivedBody
from storage.identity import identity_key, indicator_key
from storage.incoming import IncomingVersion
from storage.models import ChangeEvent, Document, DocumentVersion, Province, Source, StoredFigure
from storage.provinces import province_for
from storage.textextract import extract_text

log = logging.getLogger(__name__)
Extractor = Callable[..., list[Figure]]
# Queries of a new version of a known document, built once with bound parameters (same SQL).
_LAST_NUMBER = (
    select(DocumentVersion.number)
    .where(DocumentVersion.document_id == bindparam("document_id"))
    .order_by(DocumentVersion.number.desc())
)
_FIGURES_OF = (
    select(StoredFigure)
    .where(StoredFigure.document_version_id == bindparam("version_id"))
    .order_by(StoredFigure.position)
)


@dataclass(slots=True)
class RecordResult:
    status: str  # "new_document" | "new_version" | "unchanged" | "error"
    document_id: int | None
    version_id: int | None
    figures: int = 0
    changes: list[ChangeEvent] = field(default_factory=list)
    error: str | None = None


def record_version(
    session: Session,
    incoming: IncomingVersion,
    *,
    source_key: str | None = None,
    archive: Archive | None = None,
    extract: Extractor | None = None,
) -> RecordResult:
    """Store one fetched version and detect what changed. Flushes; the caller commits."""
    source = _source(session, source_key or incoming.source_key)
    province = _province(session, incoming.province)
    if province is None and source is not None:
        province = source.province
    body = (archive or Archive()).put(incoming.body)
    locked = _serialise_province(session, province.id if province is not None else None)
    document = repo.find_document(session, incoming, province)
    is_new = document is None
    if document is None:
        document = repo.insert_document(session, incoming, province, source)
    else:
        repo.fill_metadata(document, incoming)
        document.province = document.province or province
        if document.province is not None and document.province.id != locked:  # filed under another one
            _serialise_province(session, document.province.id)
        _touch_urls(session, document, incoming)
    latest = None if is_new else repo.latest_version(session, document.id)
    if latest is not None and latest.content_hash == body.content_hash:
        return _unchanged(session, latest, incoming, body)
    text, error = _text_of(incoming)
    if latest is not None and text is not None and latest.text_hash == _text_hash(text):
        return _unchanged(session, latest, incoming, body)
    figures: list[Figure] = []
    if error is None:  # parsed before the version row exists, so that row is inserted complete
        figures, error = _parse(
            extract or parser.extract, text or "", incoming.period or document.period, written_year(document)
        )
    version = _new_version(session, document, incoming, body, (text, error, len(figures)), is_new)
    if error is not None:
        return _stored_with_error(session, document, version, is_new)
    return _store_and_detect(session, document, version, figures, is_new)


def _touch_urls(session: Session, document: Document, incoming: IncomingVersion) -> None:
    if incoming.requested_url and incoming.requested_url != incoming.url:
        repo.touch_url(session, document, incoming.requested_url, incoming.fetched_at)
    repo.touch_url(session, document, incoming.url, incoming.fetched_at, via=incoming.requested_url)


def _cached(session: Session, kind: str, key: str | None, load: Callable[[], object]) -> object:
    """Per-session memo of rows every ingest looks up (its source and province): a writer that records
    many documents in one session asks once. Rows a rolled-back savepoint created are not reused."""
    memo = session.info.setdefault(f"chitieu.{kind}", {})
    row = memo.get(key)
    if row is None or row not in session:
        row = memo[key] = load()
    return row


def _source(session: Session, key: str | None) -> Source | None:
    return _cached(session, "source", key, lambda: repo.source_by_key(session, key))  # type: ignore[return-value]


def _province(session: Session, name: str | None) -> Province | None:
    return _cached(session, "province", name, lambda: province_for(session, name))  # type: ignore[return-value]


_RECORD_LOCK_SPACE = "chitieu:record_version"  # the first key of the two-key advisory locks taken here
_NO_PROVINCE = 0  # province ids start at 1: the key shared by documents of no known province


def _serialise_province(session: Session, province_id: int | None) -> int | None:
    """Make concurrent recordings of one province's documents take turns (PostgreSQL); returns the id.

    Discrepancies are found between documents of the same province, and deciding that a version is new
    reads what is stored: two transactions recording at once would not see each other's figures, so both
    could store the same version, both report a discrepancy, or neither. A transaction-level advisory
    lock keyed on the province closes that window: the second recorder waits for the first to commit
    and then, at READ COMMITTED, reads what it stored.

    The lock lasts until the outer transaction ends, not its SAVEPOINT (only a SAVEPOINT rolled back
    gives it up early): ``storage.writer`` records a batch of jobs in one transaction, each in a
    SAVEPOINT, so it holds the locks of the batch's provinces until its single commit. That is fine:
    what a job stored is not visible to other recorders before that commit either. Two writers taking
    the same provinces in opposite orders can deadlock; PostgreSQL breaks it by failing one of the jobs,
    which its SAVEPOINT rolls back alone. SQLite serialises writers itself: nothing to do there.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(
            text("SELECT pg_advisory_xact_lock(hashtext(:space), CAST(:key AS integer))"),
            {"space": _RECORD_LOCK_SPACE, "key": _NO_PROVINCE if province_id is None else province_id},
        )
    return province_id


def _unchanged(
    session: Session, version: DocumentVersion, incoming: IncomingVersion, body: ArchivedBody
) -> RecordResult:
    repo.record_check(session, version, incoming, body.content_hash)
    return RecordResult("unchanged", version.document_id, version.id, version.figure_count)


def _text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _text_of(incoming: IncomingVersion) -> tuple[str | None, str | None]:
    """(text, error): the fetcher's text when given, else extracted from the body."""
    if incoming.error:
        return incoming.text, incoming.error
    if len(incoming.body) > get_settings().max_input_bytes:
        return None, f"body too large ({len(incoming.body)} bytes)"
    if incoming.text is not None:
        return incoming.text, None if incoming.text.strip() else "empty text"
    try:
        return extract_text(incoming.body, incoming.content_type), None
    except ExtractError as exc:
        return None, str(exc)


def written_year(document: Document) -> int | None:
    """The year a document was issued or published in, when its metadata says."""
    moment = document.issued_on or document.published_at
    return moment.year if moment is not None else None


def _parse(
    extract: Extractor, text: str, period: str | None, written_in: int | None
) -> tuple[list[Figure], str | None]:
    try:
        return list(extract(text, period=period, written_in=written_in)), None
    except Exception as exc:  # the parser is someone else's code: a bug there is recorded, not raised
        log.exception("parser failed")
        return [], f"parse failed: {type(exc).__name__}: {exc}"


def _new_version(
    session: Session,
    document: Document,
    incoming: IncomingVersion,
    body: ArchivedBody,
    content: tuple[str | None, str | None, int],
    is_new: bool,
) -> DocumentVersion:
    """Insert the version row, complete: ``content`` is (text, error, number of figures).

    A new document's first version goes in through Core, like the document (see
    :func:`storage.repository.insert_document`), and comes back transient with every column set.
    """
    text, error, figure_count = content
    count = None
    if not is_new:  # a document created in this transaction has no versions yet
        count = session.scalar(_LAST_NUMBER, {"document_id": document.id})
    version = DocumentVersion(
        document_id=document.id,
        number=(count or 0) + 1,
        url=incoming.url,
        fetched_at=incoming.fetched_at,
        http_status=incoming.http_status,
        etag=incoming.etag,
        last_modified=incoming.last_modified,
        content_type=incoming.content_type,
        content_hash=body.content_hash,
        body_path=body.relative_path,
        body_size=body.size,
        text=text,
        text_hash=_text_hash(text) if text is not None else None,
        error=error,
        figure_count=figure_count if error is None else 0,
        last_seen_at=incoming.fetched_at,
        extra=dict(incoming.extra),
    )
    if is_new:
        repo.insert_row(session, version)
        return version
    version.document = document
    session.add(version)
    session.flush()
    return version


def _stored_with_error(
    session: Session, document: Document, version: DocumentVersion, is_new: bool
) -> RecordResult:
    log.warning("document %s version %s stored with error: %s", document.id, version.number, version.error)
    changes = []
    if is_new:
        detection = Detection(session, document, version, None, now())
        document_event(detection, "document_new", note=f"not parseable: {version.error}")
        changes = detection.emit()
    return RecordResult("error", document.id, version.id, 0, changes, version.error)


def _store_and_detect(
    session: Session, document: Document, version: DocumentVersion, found: list[Figure], is_new: bool
) -> RecordResult:
    previous, following = (
        (None, None)  # a new document has no other version
        if is_new
        else repo.neighbour_good_versions(session, document.id, version.fetched_at, version.id)
    )
    valid_to = following.fetched_at if following is not None else None
    # The version row was just inserted: this transaction holds the write lock (see repo.first_new_id).
    stored = store_figures(session, document, version, found, valid_to, numbered=True)
    if previous is not None:
        _supersede(session, previous, version.fetched_at)
    status = "new_document" if is_new else "new_version"
    if following is not None:
        log.info(
            "document %s: version fetched %s backfilled, no change detection", document.id, version.fetched_at
        )
        return RecordResult(status, document.id, version.id, len(stored))
    detection = Detection(session, document, version, previous, now())
    if is_new:
        document_event(detection, "document_new")
    else:
        document_event(detection, "document_revised")
        compare_versions(detection, figures_of(session, previous), stored)
    find_discrepancies(detection, stored)
    repo.number_new_rows(session, detection.pending)
    return RecordResult(status, document.id, version.id, len(stored), detection.emit())


def _supersede(session: Session, previous: DocumentVersion, moment: object) -> None:
    previous.superseded_at = moment  # type: ignore[assignment]
    session.execute(
        update(StoredFigure).where(StoredFigure.document_version_id == previous.id).values(valid_to=moment)
    )


def figures_of(session: Session, version: DocumentVersion | None) -> list[StoredFigure]:
    if version is None:
        return []
    return list(session.scalars(_FIGURES_OF, {"version_id": version.id}))


def _as_decimal(value: object) -> Decimal | None:
    if value is None or isinstance(value, Decimal):
        return value
    return Decimal(str(value))


def store_figures(
    session: Session,
    document: Document,
    version: DocumentVersion,
    found: list[Figure],
    valid_to: object = None,
    *,
    numbered: bool = False,
) -> list[StoredFigure]:
    """Insert the parser's figures for ``version`` (version flushed), parents linked; the rows in order.

    ``numbered``: the caller's transaction has already written, so on SQLite the rows can be given their
    ids here (:func:`storage.repository.first_new_id`). They then go in as one Core executemany, parents
    included, and come back as transient objects with every column set (change detection reads them; they
    are not in the session): that skips the unit of work's per-object bookkeeping, the largest single cost
    of recording a version. Elsewhere the ORM inserts them and they come back in the session.
    """
    values = []
    for position, fig in enumerate(found):
        fig.period = fig.period or document.period
        parent = found[fig.parent] if fig.parent is not None and 0 <= fig.parent < len(found) else None
        values.append(_figure_values(document, version, fig, position, parent, valid_to))
    if version.figure_count != len(values):  # usually inserted with the count already
        version.figure_count = len(values)
    if not values:
        return []
    parents = [
        fig.parent if fig.parent is not None and 0 <= fig.parent < len(found) and fig.parent != i else None
        for i, fig in enumerate(found)
    ]
    first = repo.first_new_id(session, StoredFigure, len(values)) if numbered else None
    if first is not None:
        for number, row in enumerate(values, start=first):
            row["id"] = number
        for row, parent_position in zip(values, parents, strict=True):
            row["parent_id"] = None if parent_position is None else first + parent_position
        session.execute(_INSERT_FIGURES, values)
        return [StoredFigure(**row) for row in values]  # stored: every column set, not in the session
    rows = [StoredFigure(**row) for row in values]
    session.add_all(rows)
    session.flush()
    linked = False
    for row, parent_position in zip(rows, parents, strict=True):
        if parent_position is not None:
            row.parent_id = rows[parent_position].id
            linked = True
    if linked:
        session.flush()
    return rows


_INSERT_FIGURES = insert(StoredFigure.__table__)  # Core: no ORM objects, one executemany


def _figure_values(
    document: Document,
    version: DocumentVersion,
    fig: Figure,
    position: int,
    parent: Figure | None,
    valid_to: object,
) -> dict[str, Any]:
    return dict(
        document_version_id=version.id,
        document_id=document.id,
        province_id=document.province_id,
        position=position,
        parent_id=None,
        identity_key=identity_key(document.province_id, fig, parent),
        indicator_key=indicator_key(fig),
        indicator=fig.indicator,
        indicator_id=fig.indicator_id,
        category=fig.category,
        value=_as_decimal(fig.value),
        value_max=_as_decimal(fig.value_max),
        of_total=_as_decimal(fig.of_total),
        unit=fig.unit or "",
        unit_canonical=fig.unit_canonical,
        scale=fig.scale,
        comparator=fig.comparator or "=",
        direction=fig.direction,
        kind=fig.kind,
        period=fig.period,
        qualifier=fig.qualifier,
        span_start=fig.span[0],
        span_end=fig.span[1],
        quote=fig.quote,
        extra=dict(fig.extra),
        valid_from=version.fetched_at,
        valid_to=valid_to,
    )
