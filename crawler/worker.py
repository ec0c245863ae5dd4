"""One distributed crawl worker: :class:`SharedQueueSpider` (the portal spider reading its work from the
shared Redis queue) and :func:`run_worker`, which runs it once in this process.

The spider differs from :class:`~crawler.spiders.portal.PortalSpider` only where sharing needs it:
requests go through the shared dupe filter (``dont_filter`` off), start URLs come from Redis, an
auto-detected platform is shared with the other workers, and it publishes a heartbeat and its report.
Fetching, adapters, relevance, the network guard and the storage pipeline are the normal ones.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import scrapy
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.http import Response
from scrapy_redis.spiders import RedisMixin
from twisted.internet import task

from crawler.adapters import Adapter, adapter_for
from crawler.adapters.base import Article
from crawler.distributed import (
    HEARTBEAT_SECONDS,
    REPORT_EVERY_SECONDS,
    CrawlKeys,
    WorkerBeat,
    _text,
    connect,
    crawl_status,
    prepare_database,
    redis_settings,
    sources_from_json,
    worker_id,
)
from crawler.items import DocumentItem
from crawler.report import CrawlReport
from crawler.sources import Source
from crawler.spiders.portal import PortalSpider

log = logging.getLogger(__name__)


class SharedQueueSpider(RedisMixin, PortalSpider):
    """The portal spider as one of several workers of a crawl (see :mod:`crawler.distributed`)."""

    def __init__(
        self, sources: list[Source], keys: CrawlKeys, generation: int, idle_exit: float = 60.0, **kwargs: Any
    ) -> None:
        super().__init__(sources=sources, **kwargs)
        self.keys = keys
        self.generation = generation
        self.idle_exit = idle_exit
        self.redis_key = keys.start_urls
        self.worker = worker_id()
        self._state = "busy"
        self._idle_since: float | None = None
        self._stale_checked = 0.0
        self._stale = False
        self._last_report = 0.0
        self._beat: task.LoopingCall | None = None
        self._after_store: dict[str, list[scrapy.Request]] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> SharedQueueSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.setup_redis(crawler)
        crawler.signals.connect(spider._opened, signal=signals.spider_opened)
        crawler.signals.connect(spider._closed, signal=signals.spider_closed)
        crawler.signals.connect(lambda **_: spider.mark_busy(), signal=signals.response_received)
        for signal in (signals.item_scraped, signals.item_dropped, signals.item_error):
            crawler.signals.connect(spider._release_attachments, signal=signal)
        return spider

    # -- requests go through the shared dupe filter ----------------------------------------------------
    def _request(
        self, url: str, source: Source, role: str, modified: datetime | None = None, **meta: Any
    ) -> scrapy.Request | None:
        request = super()._request(url, source, role, modified, **meta)
        if request is not None:
            request.dont_filter = False
        return request

    async def start(self) -> AsyncIterator[scrapy.Request]:
        """Nothing of our own: start entries move from Redis into the shared queue on each tick."""
        return
        yield

    def make_request_from_data(self, data: bytes) -> scrapy.Request | None:
        """A seeded start entry ``{"source", "url", "role"}`` as the portal spider's own request."""
        try:
            entry = json.loads(data)
            source = self.sources[entry["source"]]
        except (ValueError, KeyError, TypeError):
            log.warning("ignoring start entry not made by chitieu crawl-seed: %r", data[:200])
            return None
        return self._request(entry["url"], source, entry["role"], listing_page=1, section_depth=0)

    # -- attachments wait for their page to be stored ----------------------------------------------------
    def _article(self, response: Any, source: Source, article: Article) -> Iterator[Any]:
        """As the portal spider, but a new page's attachment requests are queued only once the page is
        stored: another worker may fetch an attachment at once, and it must find its parent document."""
        out = list(super()._article(response, source, article))
        items = [o for o in out if isinstance(o, DocumentItem)]
        if not items:
            yield from out
            return
        self._after_store[items[0].url] = [o for o in out if isinstance(o, scrapy.Request)]
        yield from items

    def _release_attachments(self, item: Any, **_: Any) -> None:
        for request in self._after_store.pop(getattr(item, "url", None), []):
            self.crawler.engine.crawl(request)

    # -- platform detection is shared -------------------------------------------------------------------
    def _adapter(self, source: Source, response: Response) -> Adapter:
        if source.key not in self.detected:
            known = _text(self.server.hget(self.keys.platforms, source.key))
            if known:
                self.adapters[source.key] = adapter_for(source, known)
                self.report.source(source.key).platform = f"auto:{known}"
                self.detected.add(source.key)
                return self.adapters[source.key]
            adapter = super()._adapter(source, response)
            self.server.hsetnx(self.keys.platforms, source.key, adapter.name)
            return adapter
        return super()._adapter(source, response)

    # -- idle, staleness, heartbeat ----------------------------------------------------------------------
    def is_stale(self) -> bool:
        """True once a newer generation of the crawl was seeded (checked at most once a second)."""
        now = time.monotonic()
        if not self._stale and now - self._stale_checked >= 1.0:
            self._stale_checked = now
            current = int(self.server.get(self.keys.generation) or 0)
            self._stale = current != self.generation
            if self._stale:
                log.info("crawl %s was re-seeded (generation %d): worker leaves", self.keys.crawl, current)
        return self._stale

    def mark_busy(self) -> None:
        self._idle_since = None
        if self._state != "busy":
            self._state = "busy"
            self._publish_beat()

    def spider_idle(self) -> None:
        """Stay (DontCloseSpider) while the crawl has work anywhere; leave after ``idle_exit`` quiet seconds."""
        from scrapy.exceptions import DontCloseSpider

        if self.is_stale():
            return
        self._take_start_entries()
        if self._state != "idle":
            self._state = "idle"
            self._publish_report()  # complete now: the seeder reads it once every worker is idle
            self._publish_beat()
        status = crawl_status(self.server, self.keys)
        if status.has_work or any(w.state == "busy" and w.worker != self.worker for w in status.live_workers):
            self._idle_since = None  # another worker may still find links for us
            raise DontCloseSpider
        self._idle_since = self._idle_since or time.monotonic()
        if self.idle_exit > 0 and time.monotonic() - self._idle_since >= self.idle_exit:
            return
        raise DontCloseSpider

    def _take_start_entries(self) -> None:
        """Move seeded start entries into the shared queue (LRANGE+LTRIM: each entry taken once)."""
        if not self.is_stale() and self.count_size(self.redis_key) > 0:
            self.schedule_next_requests()

    def _opened(self) -> None:
        self._beat = task.LoopingCall(self._tick)
        self._beat.start(HEARTBEAT_SECONDS, now=True)

    def _tick(self) -> None:
        try:
            self._take_start_entries()
            self._publish_beat()
            if time.monotonic() - self._last_report >= REPORT_EVERY_SECONDS:
                self._publish_report()
        except Exception as exc:  # Redis away for a moment: the next tick tries again
            log.warning("heartbeat to Redis failed: %s", exc)

    def _publish_beat(self, state: str | None = None) -> None:
        pages = sum(s.pages for s in self.report.sources.values())
        beat = WorkerBeat(self.worker, state or self._state, time.time(), self.generation, pages)
        self.server.hset(self.keys.workers, self.worker, json.dumps(asdict(beat)))

    def _publish_report(self) -> None:
        self._last_report = time.monotonic()
        data = json.dumps(self.report.to_dict(), ensure_ascii=False)
        self.server.hset(self.keys.reports(self.generation), self.worker, data)

    def _closed(self, reason: str) -> None:
        if self._beat is not None and self._beat.running:
            self._beat.stop()
        try:
            self._publish_report()
            self._publish_beat("closed")
        except Exception as exc:
            log.warning("final report to Redis failed: %s", exc)
        log.info("worker %s leaves crawl %s: %s", self.worker, self.keys.crawl, reason)


# -- running a worker ---------------------------------------------------------------------------------------


@dataclass(slots=True)
class WorkerOptions:
    redis_url: str
    crawl: str | None = None  # None: whichever seeded crawl has work
    prefix: str = "chitieu"
    db_url: str | None = None
    idle_exit: float = 60.0  # seconds idle (shared queue empty) before the worker leaves; 0: never
    wait: float = 0.0  # seconds to wait for a seeded crawl; 0: forever
    report_file: Path | None = None
    overrides: dict[str, Any] = field(default_factory=dict)


def run_worker(options: WorkerOptions) -> CrawlReport | None:
    """Wait for work, then crawl from the shared queue until idle; this worker's report (None: no work)."""
    from crawler.distributed import wait_for_work

    client = connect(options.redis_url)
    found = wait_for_work(client, options.prefix, options.crawl, options.wait)
    if found is None:
        return None
    keys, status = found
    sources = sources_from_json(client.get(keys.sources))
    client.close()
    log.info("joining crawl %s generation %d (%d sources)", keys.crawl, status.generation, len(sources))
    prepare_database(options.db_url, sources)
    return _crawl(options, keys, sources, status.generation)


def _crawl(options: WorkerOptions, keys: CrawlKeys, sources: list[Source], generation: int) -> CrawlReport:
    from scrapy.crawler import CrawlerProcess

    from crawler.settings import build_settings

    local = bool(sources) and all(s.allow_local for s in sources)
    extra = {**options.overrides, **redis_settings(options.redis_url, keys)}
    if options.report_file is not None:
        extra["CHITIEU_REPORT_FILE"] = str(options.report_file)
    settings = build_settings(options.db_url, extra, local=local, sources=sources)
    quiet = settings.get("LOG_LEVEL", "WARNING")  # Scrapy logs its settings (with REDIS_URL) at INFO
    root_level = logging.root.level
    process = CrawlerProcess(settings)
    logging.root.setLevel(root_level)
    for name in ("scrapy", "scrapy_redis", "twisted", "protego", "py.warnings"):
        logging.getLogger(name).setLevel(quiet)
    crawler = process.create_crawler(SharedQueueSpider)
    failures: list[str] = []
    done = process.crawl(
        crawler, sources=sources, keys=keys, generation=generation, idle_exit=options.idle_exit
    )
    done.addErrback(lambda failure: failures.append(f"{failure.type.__name__}: {failure.value}"))
    process.start()
    spider = crawler.spider
    report = spider.report if spider is not None else CrawlReport()
    report.fatal = report.fatal or (failures[0] if failures else None)
    if spider is None and not report.fatal:
        report.fatal = "worker did not start"
    if report.finished_at is None:
        report.finish()
    if options.report_file is not None and report.fatal:
        report.write(options.report_file)
    return report
