"""Re-parse a stored version with the current parser (an authenticated action).

The parser runs on the version's stored text (the text its figure spans point into) and the version's
figures are replaced in one transaction. Change events that pointed at the old figure rows keep their
values, quotes are in the new rows, and the events' figure links are nulled by the foreign keys. A version
stored without text (an extraction error) is refused: that needs a new fetch, not a new parse. When
``monitor.record`` grows its own ``reparse_version``, that one is used instead: storage rules live there.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy import delete, update
from sqlalchemy.orm import Session

import figures as parser
import monitor.record as record
from storage.models import DocumentVersion, StoredFigure

log = logging.getLogger(__name__)


@dataclass(slots=True)
class ReparseResult:
    version_id: int
    before: int
    after: int
    changed: bool
    error: str | None = None


def _signature(fig: StoredFigure) -> tuple:
    return (
        fig.identity_key,
        str(fig.value),
        str(fig.value_max),
        fig.comparator,
        fig.span_start,
        fig.span_end,
    )


def reparse_version(session: Session, version: DocumentVersion) -> ReparseResult:
    """Parse ``version`` again and store the figures found. Flushes; the caller commits."""
    delegate = getattr(record, "reparse_version", None)
    if callable(delegate):
        return delegate(session, version)
    old = sorted(map(_signature, record.figures_of(session, version)))
    if version.text is None:
        return ReparseResult(version.id, len(old), len(old), False, "this version has no text to parse")
    try:
        found = list(
            parser.extract(
                version.text, period=version.document.period, written_in=record.written_year(version.document)
            )
        )
    except Exception as exc:  # a parser bug is reported; the stored figures stay
        log.exception("re-parse of version %s failed", version.id)
        return ReparseResult(version.id, len(old), len(old), False, f"parse failed: {exc}")
    version_id = version.id
    session.execute(
        update(StoredFigure).where(StoredFigure.document_version_id == version_id).values(parent_id=None)
    )
    session.execute(delete(StoredFigure).where(StoredFigure.document_version_id == version_id))
    session.expire_all()
    version = session.get(DocumentVersion, version_id)
    assert version is not None
    stored = record.store_figures(session, version.document, version, found, version.superseded_at)
    return ReparseResult(version_id, len(old), len(stored), old != sorted(map(_signature, stored)))
