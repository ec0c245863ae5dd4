"""Items: one fetched document body (an article page or an attachment) ready for storage."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass(slots=True)
class DocumentItem:
    source_key: str
    url: str
    body: bytes
    fetched_at: datetime  # UTC-aware, from chitieu.clock
    role: str = "page"  # page | attachment
    content_type: str = "text/html"
    http_status: int = 200
    etag: str | None = None
    last_modified: str | None = None
    requested_url: str | None = None
    content_hash: str | None = None
    text: str | None = None
    title: str | None = None
    issuer: str | None = None
    doc_number: str | None = None
    issued_on: date | None = None
    published_at: datetime | None = None
    province: str | None = None
    parent_url: str | None = None
    error: str | None = None
    extra: dict[str, str] = field(default_factory=dict)

    def __repr__(self) -> str:  # logs must never carry whole bodies
        return f"DocumentItem({self.role} {self.url} {len(self.body)} bytes, source={self.source_key})"
