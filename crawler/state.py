"""What the last crawl saw per URL (ETag, Last-Modified, body hash), for conditional requests and for
skipping bodies that did not change, and when each URL was last fetched and checked, for the revisit
policy (``crawler.revisit``). Read from storage's version rows in one query per crawl, so the state lives
with the archive (shared by every crawler process on the same database).

Checks that found the page unchanged (a 304, or the same bytes) are collected during the crawl and written
back at its end (``save_checks``): the latest version's ``last_seen_at`` and ``seen_count``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from chitieu.clock import as_utc
from crawler.revisit import KnownPage
from storage.checks import Check, record_checks


@dataclass(frozen=True, slots=True)
class Validators:
    etag: str | None
    last_modified: str | None
    content_hash: str | None


class HttpState:
    def __init__(self) -> None:
        self._by_url: dict[str, Validators] = {}
        self._attachments: dict[str, set[str]] = {}
        self._known: dict[str, KnownPage] = {}
        self._version_ids: dict[str, int] = {}
        self._checks: dict[str, Check] = {}  # URL -> this crawl's check that found it unchanged

    def attachments_of(self, page_url: str) -> set[str]:
        """Attachment URLs stored under a page: re-checked when the page itself answers 304."""
        return self._attachments.get(page_url, set())

    def __len__(self) -> int:
        return len(self._by_url)

    def get(self, url: str) -> Validators | None:
        return self._by_url.get(url)

    def put(self, url: str, validators: Validators) -> None:
        self._by_url[url] = validators

    def known(self, url: str) -> KnownPage | None:
        """What storage held about ``url`` when the crawl started (None: never stored)."""
        return self._known.get(url)

    def checked_unchanged(self, url: str, when: datetime, http_status: int) -> None:
        """``url`` answered 304 or sent the stored bytes again at ``when``."""
        version_id = self._version_ids.get(url)
        validators = self._by_url.get(url)
        if version_id is not None and validators is not None and validators.content_hash:
            self._checks[url] = Check(version_id, url, when, http_status, validators.content_hash)

    def save_checks(self, engine: Engine) -> int:
        """Write this crawl's unchanged checks to their versions (one transaction); the number written.

        Lost if the crawl dies first: those pages are then only asked for again sooner than needed.
        """
        checks, self._checks = list(self._checks.values()), {}
        return record_checks(engine, checks)

    def load(self, engine: Engine, source_keys: Iterable[str]) -> None:
        """Latest version's validators for every URL of the given sources' documents."""
        from storage.models import Document, DocumentVersion, Source

        keys = list(source_keys)
        if not keys:
            return
        query = (
            select(
                DocumentVersion.url,
                DocumentVersion.etag,
                DocumentVersion.last_modified,
                DocumentVersion.content_hash,
                DocumentVersion.error,
                DocumentVersion.id,
                DocumentVersion.number,
                DocumentVersion.fetched_at,
                DocumentVersion.last_seen_at,
                Document.published_at,
                DocumentVersion.document_id,
            )
            .join(Document, Document.id == DocumentVersion.document_id)
            .join(Source, Source.id == Document.source_id)
            .where(Source.key.in_(keys))
            .order_by(DocumentVersion.fetched_at)
        )
        latest: dict[int, KnownPage] = {}  # document id -> its latest version, as the revisit policy sees it
        with Session(engine) as session:
            for row in session.execute(query):
                url, etag, last_modified, digest, error, version_id, number, fetched, seen, published, doc = (
                    row
                )
                # a version stored with an error is retried in full next time (no validators)
                self._by_url[url] = (
                    Validators(None, None, None) if error else Validators(etag, last_modified, digest)
                )
                self._version_ids[url] = version_id
                self._known[url] = KnownPage(
                    changed_at=as_utc(fetched),
                    checked_at=as_utc(max(seen or fetched, fetched)),
                    first_version=number == 1,
                    published_at=as_utc(published) if published else None,
                    last_modified=last_modified,
                    failed=bool(error),
                )
                latest[doc] = self._known[url]
            self._load_aliases(session, keys, latest)
            self._load_attachments(session, keys)

    def _load_aliases(self, session: Session, keys: list[str], latest: dict[int, KnownPage]) -> None:
        """The other URLs of stored documents (a link that redirects to the page, an older address): a
        listing that links to one of them leads to a known page, due when the document is."""
        from storage.models import Document, DocumentURL, Source

        query = (
            select(DocumentURL.url, DocumentURL.document_id)
            .join(Document, Document.id == DocumentURL.document_id)
            .join(Source, Source.id == Document.source_id)
            .where(Source.key.in_(keys))
        )
        for url, document_id in session.execute(query):
            if url not in self._known and document_id in latest:
                self._known[url] = latest[document_id]

    def _load_attachments(self, session: Session, keys: list[str]) -> None:
        from sqlalchemy.orm import aliased

        from storage.models import Document, DocumentURL, Source

        parent = aliased(Document)
        query = (
            select(DocumentURL.url, DocumentURL.document_id, parent.canonical_url)
            .join(Document, Document.id == DocumentURL.document_id)
            .join(parent, parent.id == Document.parent_document_id)
            .join(Source, Source.id == Document.source_id)
            .where(Source.key.in_(keys))
        )
        for child_url, _document_id, parent_url in session.execute(query):
            self._attachments.setdefault(parent_url, set()).add(child_url)
