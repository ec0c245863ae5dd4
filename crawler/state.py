"""What the last crawl saw per URL (ETag, Last-Modified, body hash), for conditional requests and for
skipping bodies that did not change. Read from storage's version rows in one query per crawl, so the
state lives with the archive (shared by every crawler process on the same database).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session


@dataclass(frozen=True, slots=True)
class Validators:
    etag: str | None
    last_modified: str | None
    content_hash: str | None


class HttpState:
    def __init__(self) -> None:
        self._by_url: dict[str, Validators] = {}
        self._attachments: dict[str, set[str]] = {}

    def attachments_of(self, page_url: str) -> set[str]:
        """Attachment URLs stored under a page: re-checked when the page itself answers 304."""
        return self._attachments.get(page_url, set())

    def __len__(self) -> int:
        return len(self._by_url)

    def get(self, url: str) -> Validators | None:
        return self._by_url.get(url)

    def put(self, url: str, validators: Validators) -> None:
        self._by_url[url] = validators

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
            )
            .join(Document, Document.id == DocumentVersion.document_id)
            .join(Source, Source.id == Document.source_id)
            .where(Source.key.in_(keys))
            .order_by(DocumentVersion.fetched_at)
        )
        with Session(engine) as session:
            for url, etag, last_modified, digest, error in session.execute(query):
                # a version stored with an error is retried in full next time (no validators)
                self._by_url[url] = (
                    Validators(None, None, None) if error else Validators(etag, last_modified, digest)
                )
            self._load_attachments(session, keys)

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
