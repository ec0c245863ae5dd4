"""Accent-insensitive full-text search over archived document versions.

One code path on both databases: the SQL function ``chitieu_fold(text)`` folds a text exactly as
:func:`search_fold` does (lower case, Vietnamese marks removed, ``đ`` -> ``d``, line breaks -> spaces, one
character out per character in), and the query is folded the same way and matched with ``LIKE``. On
SQLite the function is registered on each connection; on PostgreSQL it is a ``translate()`` SQL function
created once (``CREATE OR REPLACE``) when the app starts. Because folding keeps length, an offset found in
the folded text is an offset in the original, which is how snippets mark the words that matched.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape
from sqlalchemy import Engine, and_, event, func, select, text
from sqlalchemy.orm import Session

from figures.text import fold, fold_keep_length
from storage.models import Document, DocumentVersion
from web.filters import like_escape, province_ids
from web.paging import Page, PageRequest, count_of

log = logging.getLogger(__name__)
SQL_FUNCTION = "chitieu_fold"
_WHITESPACE = "\n\r\t\f\v"
_WS_TABLE = str.maketrans(_WHITESPACE, " " * len(_WHITESPACE))
SNIPPET_RADIUS = 110
MAX_TERMS = 8


def search_fold(value: str | None) -> str | None:
    """Length-preserving fold used both in SQL (as ``chitieu_fold``) and for snippets."""
    if value is None:
        return None
    return fold_keep_length(value).translate(_WS_TABLE)


def _translate_pairs() -> tuple[str, str]:
    """The (from, to) strings of a PostgreSQL ``translate()`` equal to :func:`search_fold` on NFC text."""
    sources, targets = [], []
    candidates = [*range(0x41, 0x5B), *range(0xC0, 0x250), *range(0x1E00, 0x1F00)]
    for cp in candidates:
        ch = chr(cp)
        folded = search_fold(ch) or ch
        if folded != ch and len(folded) == 1:
            sources.append(ch)
            targets.append(folded)
    sources.extend(_WHITESPACE)
    targets.extend(" " * len(_WHITESPACE))
    return "".join(sources), "".join(targets)


def install_fold_function(engine: Engine) -> None:
    """Make ``chitieu_fold`` available on every connection of ``engine`` (call before first use)."""
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _register_sqlite_function)
        return
    if engine.dialect.name == "postgresql":
        source, target = _translate_pairs()
        ddl = (
            f"CREATE OR REPLACE FUNCTION {SQL_FUNCTION}(value text) RETURNS text "
            "LANGUAGE sql IMMUTABLE PARALLEL SAFE AS "
            f"$$ SELECT translate(value, {_sql_literal(source)}, {_sql_literal(target)}) $$"
        )
        with engine.begin() as connection:
            connection.execute(text(ddl))
        return
    log.warning("no %s for dialect %s: search will not fold accents", SQL_FUNCTION, engine.dialect.name)


def _sql_literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _register_sqlite_function(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.create_function(SQL_FUNCTION, 1, search_fold, deterministic=True)


def query_terms(query: str) -> list[str]:
    """Folded words of a query (at most :data:`MAX_TERMS`; duplicates dropped)."""
    return list(dict.fromkeys(fold(query).split()))[:MAX_TERMS]


@dataclass(slots=True)
class SearchHit:
    document: Document
    version: DocumentVersion
    matching_versions: int
    snippet: Markup


def _matching_versions(terms: list[str], ids: list[int] | None) -> Any:
    folded = getattr(func, SQL_FUNCTION)(DocumentVersion.text)
    conditions = [folded.like(f"%{like_escape(term)}%", escape="\\") for term in terms]
    query = (
        select(
            DocumentVersion.document_id,
            func.max(DocumentVersion.fetched_at).label("newest"),
            func.count(DocumentVersion.id).label("versions"),
        )
        .where(DocumentVersion.text.is_not(None), and_(*conditions))
        .group_by(DocumentVersion.document_id)
    )
    if ids is not None:
        query = query.join(Document, Document.id == DocumentVersion.document_id).where(
            Document.province_id.in_(ids)
        )
    return query


def snippet(text_: str, terms: list[str], radius: int = SNIPPET_RADIUS) -> Markup:
    """A window around the first match, every occurrence of a term marked, everything escaped."""
    folded = search_fold(text_) or ""
    first = min((i for i in (folded.find(t) for t in terms) if i >= 0), default=0)
    start, end = max(0, first - radius), min(len(text_), first + radius)
    window, window_folded = text_[start:end], folded[start:end]
    marks = sorted(_occurrences(window_folded, terms))
    out, cursor = [], 0
    for begin, stop in marks:
        if begin < cursor:
            continue
        out.append(str(escape(window[cursor:begin])))
        out.append(f"<mark>{escape(window[begin:stop])}</mark>")
        cursor = stop
    out.append(str(escape(window[cursor:])))
    prefix, suffix = ("… " if start > 0 else ""), (" …" if end < len(text_) else "")
    return Markup(prefix + "".join(out) + suffix)


def _occurrences(haystack: str, terms: list[str]) -> list[tuple[int, int]]:
    found = []
    for term in terms:
        at = haystack.find(term)
        while at >= 0:
            found.append((at, at + len(term)))
            at = haystack.find(term, at + len(term))
    return found


def search_documents(
    session: Session, query: str, request: PageRequest, province: str | None = None
) -> Page[SearchHit]:
    """Documents whose archived text contains every word of ``query`` (accents and case ignored)."""
    terms = query_terms(query)
    ids = province_ids(session, province)
    if not terms or ids == []:
        return Page([], 0, request)
    matches = _matching_versions(terms, ids)
    total = count_of(session, matches)
    ordered = matches.order_by(
        func.max(DocumentVersion.fetched_at).desc(), DocumentVersion.document_id.desc()
    )
    rows = list(session.execute(ordered.limit(request.per_page).offset(request.offset)))
    return Page([_hit(session, row, terms) for row in rows], total, request)


def _hit(session: Session, row: Any, terms: list[str]) -> SearchHit:
    document_id, newest, versions = row
    version = session.scalars(
        select(DocumentVersion)
        .where(DocumentVersion.document_id == document_id, DocumentVersion.fetched_at == newest)
        .order_by(DocumentVersion.id.desc())
    ).first()
    assert version is not None
    document = session.get(Document, document_id)
    assert document is not None
    return SearchHit(document, version, int(versions), snippet(version.text or "", terms))


def hit_dict(hit: SearchHit) -> dict[str, Any]:
    return {
        "document_id": hit.document.id,
        "title": hit.document.title,
        "url": hit.document.canonical_url,
        "version": hit.version.number,
        "fetched_at": hit.version.fetched_at,
        "matching_versions": hit.matching_versions,
        "snippet": str(hit.snippet.striptags()),
    }
