"""Item pipelines: validate, extract attachment text (off the reactor thread), record in storage.

Storage writes (parse, store, change detection: ``monitor.record.record_version``) run in one writer, in
order, one transaction per document; attachment extraction (PDF, OCR, DOCX, DOC) on a small thread pool,
so fetching goes on while documents are processed.

The writer is a process of its own (``storage.writer``; setting ``CHITIEU_STORAGE_PROCESS``), started with
the first document, with the change hooks registered in this process (e.g. the alert outbox). Where it
cannot be used (an in-memory database, a hook that cannot be sent to another process), or once it has
died, the writer is a thread of this process, as it always was before.
"""

from __future__ import annotations

import asyncio
import logging
import pickle
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from chitieu.errors import ChitieuError, ExtractError, StorageError
from crawler.attachments import extract_attachment
from crawler.items import DocumentItem
from crawler.state import Validators
from storage.checks import listing_walks, record_listing_walks
from storage.writer import Stored, WriterError, WriterGone, WriterProcess, record_in_transaction

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
        self._writer: WriterProcess | None = None  # the writer process, once started
        self._thread: ThreadPoolExecutor | None = None  # or the writer thread
        self._archive: Any = None  # that thread's archive
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
            spider.plan_listing_walks(listing_walks(self.engine, list(spider.sources)))
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

    def _why_not_a_process(self) -> str | None:
        if not self.crawler.settings.getbool("CHITIEU_STORAGE_PROCESS", True):
            return "CHITIEU_STORAGE_PROCESS is off"
        if self.engine.dialect.name == "sqlite" and self.engine.url.database in (None, "", ":memory:"):
            return "an in-memory database cannot be shared"
        hooks = _change_hooks()
        if any(getattr(hook, "__module__", None) == "__main__" for hook in hooks):
            return "a change hook is defined in __main__, which the writer process does not import"
        try:
            pickle.dumps(hooks)
        except Exception as exc:  # a closure or lambda registered as a change hook
            return f"a change hook cannot be sent to another process ({exc})"
        return None

    def _start_writer(self) -> None:
        """At the first document (a crawl that stores nothing starts no writer)."""
        reason = self._why_not_a_process()
        if reason is not None:
            log.info("storage writer runs in the crawl process: %s", reason)
            self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="chitieu-db")
            return
        self._writer = WriterProcess(self.engine.url.render_as_string(hide_password=False), _change_hooks())
        self._writer.start()

    def close_spider(self) -> None:
        self._extract.shutdown(wait=True)
        if self._writer is not None:
            self._writer.close()
        if self._thread is not None:
            self._thread.shutdown(wait=True)
        if self.engine is not None:
            self._save_revisit_state()
            self.engine.dispose()

    def _save_revisit_state(self) -> None:
        """The crawl's 304s and unchanged bodies, as checks of their versions, and the sources whose
        listings it walked in full without an error (``crawler.revisit``). A failure here loses only that:
        pages are asked for again, and listings walked in full again, sooner than needed."""
        spider = self.crawler.spider
        walked = [
            key
            for key in spider.full_walks
            if spider.report.source(key).pages and not spider.report.source(key).error_count
        ]
        try:
            saved = spider.http_state.save_checks(self.engine)
            record_listing_walks(self.engine, walked, spider.started)
        except Exception as exc:
            log.warning("could not record this crawl's checks and listing walks: %s", exc)
            return
        log.info("recorded %d unchanged checks; listings walked in full: %s", saved, walked or "none")

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
            result = await self._store(loop, to_incoming(item), item.source_key)
        except Exception as exc:  # one failed ingest never stops the crawl
            log.warning("storing %s failed: %s", item.url, exc)
            detail = str(exc) if isinstance(exc, WriterError) else f"{type(exc).__name__}: {exc}"
            self.crawler.spider.report.fault(item.source_key, item.url, "storage", detail)
            return item
        _count(report, result)
        self.crawler.spider.http_state.put(
            item.url, Validators(item.etag, item.last_modified, item.content_hash)
        )
        return item

    async def _store(self, loop: asyncio.AbstractEventLoop, incoming: Any, source_key: str) -> Stored:
        if self._writer is None and self._thread is None:
            self._start_writer()
        if self._writer is not None:
            try:
                return await asyncio.wrap_future(self._writer.submit(incoming, source_key))
            except WriterGone:
                # Killed or out of memory: what it held was committed or rolled back, and recording it
                # again is a no-op or the missing ingest. Go on in this process.
                if self._thread is None:
                    log.warning("storage writer process died; storing in the crawl process from now on")
                    self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="chitieu-db")
        return await loop.run_in_executor(self._thread, self._record_here, incoming, source_key)

    def _record_here(self, incoming: Any, source_key: str) -> Stored:
        from monitor.record import record_version
        from storage.archive import Archive

        if self._archive is None:
            self._archive = Archive(background=True)
        return record_in_transaction(self.engine, self._archive, record_version, incoming, source_key)


def _change_hooks() -> list[Any]:
    from monitor.changes import registered_change_hooks

    return registered_change_hooks()


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
