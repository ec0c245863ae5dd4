"""Pydantic models of the JSON API (they are what the OpenAPI description shows).

Numbers are exact decimals written as JSON numbers (whole numbers as integers); times are ISO 8601 in
Asia/Ho_Chi_Minh.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Generic, TypeVar

from pydantic import BaseModel, Field

T = TypeVar("T")
Number = int | float


class PageOut(BaseModel, Generic[T]):
    items: list[T]
    total: int
    page: int
    per_page: int
    pages: int


class SourceOut(BaseModel):
    key: str | None = Field(description="Registry key; null for documents ingested without a source")
    province: str | None
    base_url: str | None
    platform: str | None
    schedule: str | None
    documents: int
    versions: int
    errors: int = Field(description="Versions stored with a fetch or extraction error")
    last_fetch: datetime | None
    last_new_version: datetime | None
    last_error: str | None
    last_error_at: datetime | None
    status: str = Field(description="ok | error | stale | never")


class ChangeOut(BaseModel):
    id: int
    kind: str
    detected_at: datetime
    province: str | None
    indicator: str | None
    indicator_id: str | None
    period: str | None
    old_value: Number | None
    new_value: Number | None
    old_value_max: Number | None
    new_value_max: Number | None
    old_comparator: str | None
    new_comparator: str | None
    unit: str | None
    old_unit: str | None
    new_unit: str | None
    old_quote: str | None
    new_quote: str | None
    old_url: str | None
    new_url: str | None
    plausibility: str | None
    note: str | None
    document_id: int | None
    document_title: str | None
    version: int | None
    old_document_id: int | None
    old_version: int | None


class DocumentOut(BaseModel):
    id: int
    canonical_url: str
    title: str | None
    issuer: str | None
    doc_number: str | None
    issued_on: date | None
    published_at: datetime | None
    period: str | None
    province: str | None
    last_fetch: datetime | None = None


class VersionOut(BaseModel):
    id: int
    number: int
    url: str
    fetched_at: datetime
    last_seen_at: datetime
    seen_count: int
    superseded_at: datetime | None
    http_status: int | None
    content_type: str | None
    content_hash: str
    body_size: int
    figure_count: int
    error: str | None


class URLOut(BaseModel):
    url: str
    first_seen_at: datetime
    last_seen_at: datetime
    via_redirect_from: str | None


class DocumentDetailOut(DocumentOut):
    urls: list[URLOut]
    versions: list[VersionOut]


class FigureOut(BaseModel):
    id: int
    indicator: str
    indicator_id: str | None
    indicator_key: str
    category: str | None
    value: Number
    value_max: Number | None
    unit: str
    unit_canonical: str | None
    comparator: str
    direction: str | None
    kind: str
    period: str | None
    quote: str
    span: list[int] = Field(description="[start, end) character offsets into the version's text")
    document_id: int
    version_id: int


class VersionDetailOut(VersionOut):
    document_id: int
    text: str | None
    figures: list[FigureOut]


class DiffOut(BaseModel):
    document_id: int
    old_version: int
    new_version: int
    added_lines: int
    removed_lines: int
    changed_lines: int
    unified: str = Field(description="Unified diff (diff -u) of the two versions' texts")


class HistoryRowOut(BaseModel):
    figure_id: int
    province: str | None
    province_now: str | None
    indicator: str
    indicator_id: str | None
    period: str | None
    kind: str
    comparator: str
    value: Number
    value_max: Number | None
    unit: str
    unit_canonical: str | None
    quote: str
    span: list[int]
    url: str
    title: str | None
    doc_number: str | None
    version: int
    fetched_at: datetime
    valid_to: datetime | None


class IndicatorOut(BaseModel):
    key: str = Field(description="id:<catalog id> or name:<normalised name>")
    indicator_id: str | None
    name: str
    figures: int
    provinces: int
    first_period: str | None
    last_period: str | None


class IndicatorHistoryOut(BaseModel):
    key: str
    name: str
    rows: list[HistoryRowOut]


class SearchHitOut(BaseModel):
    document_id: int
    title: str | None
    url: str
    version: int
    fetched_at: datetime
    matching_versions: int
    snippet: str


class ProvinceOut(BaseModel):
    name: str
    slug: str
    type: str | None
    is_current: bool
    merged_into: str | None
    merged_on: date | None
    former_names: list[str]
    absorbed: list[str]
    figures: int


class FiledFigureOut(BaseModel):
    figure_id: int
    filed_under: str
    indicator: str
    indicator_id: str | None
    period: str | None
    kind: str
    comparator: str
    value: Number
    value_max: Number | None
    unit: str
    quote: str
    document_id: int
    document_title: str | None
    url: str
    version: int
    fetched_at: datetime
    current: bool


class SourceIn(BaseModel):
    key: str = Field(min_length=1, max_length=200, pattern=r"^[\w.\-]+$")
    province: str | None = Field(default=None, max_length=100)
    base_url: str = Field(min_length=1, max_length=2000, pattern=r"^https?://\S+$")
    platform: str = Field(default="generic", min_length=1, max_length=50)
    schedule: str | None = Field(default=None, max_length=100)


class ReparseOut(BaseModel):
    version_id: int
    before: int
    after: int
    changed: bool
    error: str | None
