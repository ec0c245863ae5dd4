"""Item pipelines: validate, extract attachment text (off the reactor thread), record in storage.

Storage writes run on one dedicated thread (one transaction per document, in order), attachment
extraction (PDF, OCR, DOCX, DOC) on a small pool, so fetching goes on while documents are processed.
"""

from __future__ import annotations

import asyncio
import logging
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from chitieu.errors import ChitieuError, ExtractError, StorageError
from crawler.attachments import extract_attachment
from crawler.items import DocumentItem
from crawler.state import Validators

log = logging.getLogger(__name__)


class ValidationPipeline:
    """Every item must carry a source, a URL, bytes and a UTC-aware fetch time."""

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, DocumentItem):
            raise DropItem(f"unexpected item type {type(item).__name__}")
        problems = []
        if not item.source_key:
            problems.append("no source")
        if not item.url.startswith(("http://", "https://")):
            problems.append("bad url")
        if not isinstance(item.body, bytes):
            problems.append("body is not bytes")
        if item.fetched_at.tzinfo is None:
            problems.append("naive fetched_at")
        if problems:
            raise DropItem(f"invalid item {item.url}: {', '.join(problems)}")
        return item


class StoragePipeline:
    """Hand each document version to ``monitor.record.record_version`` and count the outcome."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.db_url: str | None = crawler.settings.get("CHITIEU_DB_URL")
        self.engine = None
        self._db = ThreadPoolExecutor(max_workers=1, thread_name_prefix="chitieu-db")
        self._extract = ThreadPoolExecutor(
            max_workers=crawler.settings.getint("CHITIEU_EXTRACT_WORKERS", 2),
            thread_name_prefix="chitieu-extract",
        )

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StoragePipeline:
        return cls(crawler)

    # -- lifecycle --------------------------------------------------------------------------------
    def open_spider(self) -> None:
        from storage.db import make_engine, upgrade

        spider = self.crawler.spider
        try:
            self.engine = make_engine(self.db_url)
            upgrade(self.engine)
            self._register_sources(spider)
            spider.http_state.load(self.engine, spider.sources)
        except ChitieuError as exc:
            spider.report.fatal = str(exc)
            raise
        except Exception as exc:  # SQLAlchemy/driver errors: one clear message
            spider.report.fatal = f"database unusable: {type(exc).__name__}: {exc}"
            raise StorageError(spider.report.fatal) from exc
        log.info("storage ready; %d known URLs for conditional requests", len(spider.http_state))

    def _register_sources(self, spider: Any) -> None:
        from storage.db import session_scope
        from storage.repository import upsert_source

        with session_scope(self.engine) as session:
            for source in spider.sources.values():
                upsert_source(
                    session,
                    key=source.key,
                    province=source.province,
                    base_url=source.base_url,
                    platform=source.platform,
                    schedule=source.schedule,
                    config=source.config(),
                )

    def close_spider(self) -> None:
        self._extract.shutdown(wait=True)
        self._db.shutdown(wait=True)
        if self.engine is not None:
            self.engine.dispose()

    # -- items ------------------------------------------------------------------------------------
    async def process_item(self, item: DocumentItem) -> DocumentItem:
        loop = asyncio.get_running_loop()
        report = self.crawler.spider.report.source(item.source_key)
        if item.role == "attachment":
            await loop.run_in_executor(self._extract, _extract_into, item)
            if item.error:
                self.crawler.spider.report.fault(item.source_key, item.url, _extract_kind(item), item.error)
        report.documents_sent += 1
        try:
            result = await loop.run_in_executor(self._db, self._record, item)
        except Exception as exc:  # one failed ingest never stops the crawl
            log.warning("storing %s failed: %s", item.url, exc)
            self.crawler.spider.report.fault(
                item.source_key, item.url, "storage", f"{type(exc).__name__}: {exc}"
            )
            return item
        _count(report, result)
        self.crawler.spider.http_state.put(
            item.url, Validators(item.etag, item.last_modified, item.content_hash)
        )
        return item

    def _record(self, item: DocumentItem) -> Any:
        from monitor.record import record_version
        from storage.db import session_scope

        with session_scope(self.engine) as session:
            return record_version(session, to_incoming(item), source_key=item.source_key)


def _extract_into(item: DocumentItem) -> None:
    try:
        extracted = extract_attachment(item.body, item.content_type, item.url)
    except ExtractError as exc:
        item.error = str(exc)
        return
    item.text = extracted.text
    item.extra["extraction"] = extracted.method
    if not extracted.text.strip():
        item.error = f"no text found ({extracted.method})"


def _extract_kind(item: DocumentItem) -> str:
    error = (item.error or "").lower()
    if "pdf" in error:
        return "broken-pdf"
    if "docx" in error or "doc " in error:
        return "broken-document"
    return "extract-error"


def _count(report: Any, result: Any) -> None:
    status = getattr(result, "status", None)
    if status == "new_document":
        report.new_documents += 1
    elif status == "new_version":
        report.new_versions += 1
    elif status == "unchanged":
        report.unchanged += 1
    elif status == "error":
        report.stored_errors += 1
    figures = getattr(result, "figures", 0)
    report.figures += len(figures) if isinstance(figures, list | tuple) else int(figures or 0)
    changes = getattr(result, "changes", 0)
    report.changes += len(changes) if isinstance(changes, list | tuple) else int(changes or 0)


def to_incoming(item: DocumentItem):
    """The storage hand-off record for an item."""
    from storage.incoming import IncomingVersion

    return IncomingVersion(
        url=item.url,
        body=item.body,
        fetched_at=item.fetched_at,
        content_type=item.content_type,
        http_status=item.http_status,
        etag=item.etag,
        last_modified=item.last_modified,
        requested_url=item.requested_url,
        text=item.text,
        title=item.title,
        issuer=item.issuer,
        doc_number=item.doc_number,
        issued_on=item.issued_on,
        published_at=item.published_at,
        province=item.province,
        source_key=item.source_key,
        parent_url=item.parent_url,
        error=item.error,
        extra={"role": item.role, **item.extra},
    )
