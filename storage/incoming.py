"""What a fetcher hands to storage: one fetched version of one document.

The crawler (or ``chitieu ingest`` for files on disk) builds an :class:`IncomingVersion`; storage decides
whether it is a new document, a new version of a known one, or a version already seen.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass(slots=True)
class IncomingVersion:
    url: str  # canonical URL the document was fetched from (after redirects)
    body: bytes  # raw bytes as received; kept content-addressed so any version can be re-parsed
    fetched_at: datetime  # UTC, timezone-aware
    content_type: str = "text/html"
    http_status: int | None = 200
    etag: str | None = None
    last_modified: str | None = None
    requested_url: str | None = None  # URL before redirects, when different
    text: str | None = None  # extracted main text, when the fetcher already has it (else storage extracts)
    title: str | None = None
    issuer: str | None = None
    doc_number: str | None = None  # e.g. "54/QĐ-UBND"
    issued_on: date | None = None
    published_at: datetime | None = None
    province: str | None = None  # name as configured for the source (old or current name)
    source_key: str | None = None  # registry key of the source, when crawled
    period: str | None = None  # the document's year when known from metadata
    parent_url: str | None = None  # for attachments: the article that links to it
    error: str | None = None  # a fetch/extract error to record with the version (no figures then)
    extra: dict[str, str] = field(default_factory=dict)
