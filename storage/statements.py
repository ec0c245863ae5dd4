"""Set-based reads for change detection: what other documents currently state under some identity keys.

Discrepancy detection compares a new version's figures with the current figures of every other document
under the same identity keys. A plan's figures are restated by many documents (news, resolution,
programme, reports), so loading every such row as an ORM object costs time in proportion to how often a
figure was repeated, for nothing when the repetitions agree. These queries let the caller ask the
database first which distinct statements exist (``GROUP BY`` the statement columns, answered from the
covering index ``ix_figures_identity_statement``) and load full rows only for the documents that can
disagree.

A *statement* here is the raw tuple ``(comparator, value, value_max, scale)``; callers turn it into their
own signature (scaled, normalised), so two raw statements may still be the same statement to them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, bindparam, func, select
from sqlalchemy.orm import Session

from storage.models import StoredFigure

CHUNK = 500  # identity keys per query (well below every backend's bound-parameter limit)


class Statement(NamedTuple):
    identity_key: str
    comparator: str
    value: Decimal | None
    value_max: Decimal | None
    scale: float | None
    count: int  # per document: how often; distinct_statements: at most how often in one document


class DocumentStatement(NamedTuple):
    document_id: int
    statement: Statement


_STATEMENT = (
    StoredFigure.identity_key,
    StoredFigure.comparator,
    StoredFigure.value,
    StoredFigure.value_max,
    StoredFigure.scale,
)


def _chunks(keys: Sequence[str]) -> Iterator[list[str]]:
    for start in range(0, len(keys), CHUNK):
        yield list(keys[start : start + CHUNK])


def _current_elsewhere(document_id: Any, keys: Any) -> tuple[ColumnElement[bool], ...]:
    return (
        StoredFigure.identity_key.in_(keys),
        StoredFigure.valid_to.is_(None),
        StoredFigure.document_id != document_id,
    )


# The statement reads of every stored version, built once with bound parameters: the same SQL as building
# them per call with the values inline (``in_`` of a list binds an expanding parameter just the same), at a
# fraction of the cost. Run with ``{"document_id": ..., "keys": [...]}``.
_ELSEWHERE = _current_elsewhere(bindparam("document_id"), bindparam("keys", expanding=True))
_DISTINCT = (
    select(*_STATEMENT, func.count() - func.count(StoredFigure.document_id.distinct()) + 1)
    .where(*_ELSEWHERE)
    .group_by(*_STATEMENT)
)
_BY_DOCUMENT = (
    select(StoredFigure.document_id, *_STATEMENT, func.count())
    .where(*_ELSEWHERE)
    .group_by(StoredFigure.document_id, *_STATEMENT)
)


def distinct_statements(session: Session, document_id: int, keys: Sequence[str]) -> list[Statement]:
    """Each distinct statement current figures of other documents make under ``keys``.

    ``count`` bounds from above how many times a single document makes that statement under that key
    (what pairing by value needs to know whether some document has a statement left over): with ``n``
    figures over ``d`` documents, one document has at most ``n - d + 1`` of them, exactly 1 in the usual
    case of one statement per document. One ordered walk of ``ix_figures_identity_statement``.
    """
    found: list[Statement] = []
    for chunk in _chunks(keys):
        rows = session.execute(_DISTINCT, {"document_id": document_id, "keys": chunk})
        found += (Statement(*row) for row in rows)
    return found


def statements_by_document(
    session: Session, document_id: int, keys: Sequence[str]
) -> list[DocumentStatement]:
    """Per other document, the distinct current statements it makes under ``keys``, with their counts."""
    found: list[DocumentStatement] = []
    for chunk in _chunks(keys):
        rows = session.execute(_BY_DOCUMENT, {"document_id": document_id, "keys": chunk})
        found += (DocumentStatement(row[0], Statement(*row[1:])) for row in rows)
    return found


def current_figures(
    session: Session, pairs: Iterable[tuple[int, str]], exclude_document_id: int
) -> list[StoredFigure]:
    """The current figures of the given (document id, identity key) pairs, as ORM objects."""
    wanted = set(pairs)
    if not wanted:
        return []
    documents = sorted({doc for doc, _ in wanted})
    keys = sorted({key for _, key in wanted})
    found: list[StoredFigure] = []
    for doc_start in range(0, len(documents), CHUNK):
        doc_chunk = documents[doc_start : doc_start + CHUNK]
        for chunk in _chunks(keys):
            query = select(StoredFigure).where(
                *_current_elsewhere(exclude_document_id, chunk), StoredFigure.document_id.in_(doc_chunk)
            )
            found += (f for f in session.scalars(query) if (f.document_id, f.identity_key) in wanted)
    return found
