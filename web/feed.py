"""The change feed: change events filtered by province, indicator, kind and date, newest first."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Select
from sqlalchemy.orm import Session

from storage.models import ChangeEvent, DocumentVersion
from storage.provinces import display_name
from storage.queries import ChangeRow, change_event_select
from web.filters import change_indicator_condition, day_end, day_start, province_ids, resolve_indicator
from web.paging import Page, PageRequest, paged

KIND_LABELS = {
    "document_new": "Văn bản mới",
    "document_revised": "Văn bản được sửa",
    "figure_new": "Chỉ tiêu mới",
    "figure_revised": "Chỉ tiêu thay đổi",
    "figure_withdrawn": "Chỉ tiêu bị bỏ",
    "discrepancy": "Hai nguồn vênh nhau",
}


@dataclass(slots=True)
class FeedFilter:
    province: str | None = None
    indicator: str | None = None
    kinds: list[str] = field(default_factory=list)
    since: date | None = None
    until: date | None = None

    def is_empty(self) -> bool:
        return not (self.province or self.indicator or self.kinds or self.since or self.until)


@dataclass(slots=True)
class FeedItem:
    """A change with what a reader needs to follow it: both figures, both documents and both versions."""

    row: ChangeRow
    version: DocumentVersion | None
    old_version: DocumentVersion | None

    @property
    def event(self) -> ChangeEvent:
        return self.row.event

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.event.kind, self.event.kind)

    @property
    def province_label(self) -> str | None:
        return display_name(self.row.province)

    def as_dict(self) -> dict[str, Any]:
        out = self.row.as_dict()
        out["province"] = self.province_label
        out["document_id"] = self.event.document_id
        out["document_title"] = self.row.new_document.title if self.row.new_document else None
        out["version"] = self.version.number if self.version else None
        out["old_document_id"] = self.event.old_document_id
        out["old_version"] = self.old_version.number if self.old_version else None
        return out


def feed_query(session: Session, wanted: FeedFilter) -> Select[Any] | None:
    """The filtered, newest-first select; None when a filter names nothing stored (an empty feed)."""
    query = change_event_select()
    ids = province_ids(session, wanted.province)
    if ids is not None:
        if not ids:
            return None
        query = query.where(ChangeEvent.province_id.in_(ids))
    keys = resolve_indicator(session, wanted.indicator)
    if keys is not None:
        if not keys:
            return None
        query = query.where(change_indicator_condition(keys))
    if wanted.kinds:
        query = query.where(ChangeEvent.kind.in_(wanted.kinds))
    if wanted.since:
        query = query.where(ChangeEvent.detected_at >= day_start(wanted.since))
    if wanted.until:
        query = query.where(ChangeEvent.detected_at < day_end(wanted.until))
    return query.order_by(ChangeEvent.detected_at.desc(), ChangeEvent.id.desc())


def _item(row: Any) -> FeedItem:
    event, old_fig, new_fig, old_doc, new_doc, province, version, old_version = row
    return FeedItem(ChangeRow(event, old_fig, new_fig, old_doc, new_doc, province), version, old_version)


def change_feed(session: Session, wanted: FeedFilter, request: PageRequest) -> Page[FeedItem]:
    query = feed_query(session, wanted)
    if query is None:
        return Page([], 0, request)
    rows, total = paged(session, query, request)
    return Page([_item(r) for r in rows], total, request)


def all_changes(session: Session, wanted: FeedFilter, batch: int = 1000) -> Iterator[dict[str, Any]]:
    """Every matching change as an export row."""
    query = feed_query(session, wanted)
    if query is None:
        return
    for row in session.execute(query.execution_options(yield_per=batch)):
        yield _item(row).as_dict()


def change_by_id(session: Session, change_id: int) -> FeedItem | None:
    row = session.execute(change_event_select().where(ChangeEvent.id == change_id)).first()
    return _item(row) if row is not None else None
