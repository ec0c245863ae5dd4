"""PortalSpider: crawls any number of registry sources, each through its platform adapter.

Flow per source: entry listings (or feeds / sitemaps) -> pagination and sub-sections (bounded) ->
relevant article pages -> their attachments. A known article or attachment is requested again only when
the revisit policy says it is due (``crawler.revisit``), and then conditionally (ETag / Last-Modified from
storage); a 304 or an unchanged body is counted, recorded as a check and not parsed again.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections.abc import AsyncIterator, Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar

import scrapy
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.http import Response, TextResponse
from scrapy.utils.asyncio import is_asyncio_available
from twisted.python.failure import Failure

from chitieu import clock
from crawler.adapters import Adapter, Link, adapter_for
from crawler.adapters.base import Article
from crawler.adapters.detect import detect_platform
from crawler.adapters.rss import feed_links
from crawler.adapters.sitemap import sitemap_links
from crawler.faults import WARNING_KINDS, classify_failure
from crawler.items import DocumentItem
from crawler.relevance import Relevance
from crawler.report import CrawlReport, SourceReport
from crawler.revisit import RevisitPolicy
from crawler.sources import Source
from crawler.state import HttpState
from figures import legacy

log = logging.getLogger(__name__)
_T = TypeVar("_T")


class PortalSpider(scrapy.Spider):
    name = "portal"

    def __init__(self, sources: list[Source], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.sources: dict[str, Source] = {s.key: s for s in sources}
        self.adapters: dict[str, Adapter] = {s.key: adapter_for(s) for s in sources}
        self.detected: set[str] = {s.key for s in sources if s.platform != "auto"}
        self.relevance: dict[str, Relevance] = {s.key: Relevance(s.keywords) for s in sources}
        self.http_state = HttpState()
        self.report = CrawlReport(
            sources={
                s.key: SourceReport(key=s.key, province=s.province, platform=s.platform) for s in sources
            }
        )
        self._seen: set[str] = set()
        self._not_due: set[str] = set()  # known URLs left for a later crawl (counted once)
        self.full_walks: set[str] = set(self.sources)  # sources whose every listing page is read this time
        self.revisit = RevisitPolicy()  # CHITIEU_REVISIT*, see from_crawler
        self.started = clock.now()  # the crawl's "now" for revisit decisions
        self._parse_workers = 1  # CHITIEU_PARSE_WORKERS, see from_crawler
        self._parse_pool: ThreadPoolExecutor | None = None  # started with the first page

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> PortalSpider:
        """Pages are parsed on ``CHITIEU_PARSE_WORKERS`` threads (0: on the reactor thread), so a slow page
        (a large table, trafilatura on an unknown layout) never holds up the downloads and their timers."""
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider._parse_workers = crawler.settings.getint("CHITIEU_PARSE_WORKERS", 1)
        spider.revisit = RevisitPolicy.from_settings(crawler.settings)
        crawler.signals.connect(spider._stop_parsing, signal=signals.spider_closed)
        return spider

    def _stop_parsing(self) -> None:
        if self._parse_pool is not None:
            self._parse_pool.shutdown(wait=False)

    # -- helpers used by middlewares and pipelines ------------------------------------------------
    def source_for_request(self, request: scrapy.Request) -> Source | None:
        return self.sources.get(request.meta.get("source", ""))

    def _request(
        self, url: str, source: Source, role: str, modified: datetime | None = None, **meta: Any
    ) -> scrapy.Request | None:
        """A request once per URL per crawl (our own dedupe, so redirect loops reach the guard), and for a
        known article or attachment only when it is due (``modified``: the portal's change hint, if any)."""
        adapter = self.adapters[source.key]
        url = adapter.canonical_url(url) if role not in ("feed", "sitemap") else url
        if url in self._seen:
            return None
        conditional = role in ("article", "attachment")
        if conditional and not self.revisit.is_due(self.http_state.known(url), self.started, modified):
            if url not in self._not_due:  # not marked seen: a link with a change hint may still ask
                self._not_due.add(url)
                self.report.source(source.key).not_due += 1
            return None
        self._seen.add(url)
        if url in self._not_due:  # asked for after all (a later link carried a change hint)
            self._not_due.discard(url)
            self.report.source(source.key).not_due -= 1
        return scrapy.Request(
            url,
            callback=self.parse,
            errback=self.on_error,
            dont_filter=True,
            meta={
                "source": source.key,
                "role": role,
                "conditional": conditional,
                "handle_httpstatus_list": [304] if conditional else [],
                **meta,
            },
        )

    # -- start ------------------------------------------------------------------------------------
    async def start(self) -> AsyncIterator[scrapy.Request]:
        for source in self.sources.values():
            for url, role in self.adapters[source.key].start_urls():
                request = self._request(url, source, role, listing_page=1, section_depth=0)
                if request is not None:
                    yield request

    # -- routing ----------------------------------------------------------------------------------
    async def parse(self, response: Response, **kwargs: Any) -> AsyncIterator[Any]:
        source = self.sources[response.meta["source"]]
        report = self.report.source(source.key)
        self._note_charset(source, response)
        role = response.meta["role"]
        if response.status == 304:
            report.not_modified += 1
            self.http_state.checked_unchanged(response.url, clock.now(), 304)
            for request in self._known_attachments(response, source):
                yield request
            return
        if role == "feed":
            out = self._follow_links(response, source, feed_links(response))
        elif role == "sitemap":
            out = self._follow_links(response, source, sitemap_links(response))
        elif role == "attachment":
            out = self._attachment(response, source)
        else:
            out = await self._page(response, source, role)
        for result in out:
            yield result

    def _known_attachments(self, response: Response, source: Source) -> Iterator[scrapy.Request]:
        """An unchanged page still has its attachments checked (conditionally, like the page)."""
        for url in sorted(self.http_state.attachments_of(response.url)):
            request = self._request(url, source, "attachment", parent_url=response.url)
            if request is not None:
                yield request

    def _note_charset(self, source: Source, response: Response) -> None:
        note = response.meta.get("charset_note")
        if note:
            self.report.fault(source.key, response.url, "charset", note, level="warning")

    def _adapter(self, source: Source, response: Response) -> Adapter:
        if source.key not in self.detected:
            platform = detect_platform(response)
            self.adapters[source.key] = adapter_for(source, platform)
            self.report.source(source.key).platform = f"auto:{platform}"
            self.detected.add(source.key)
            log.info("source %s: detected platform %s", source.key, platform)
        return self.adapters[source.key]

    def _page_adapter(self, source: Source, response: Response) -> Adapter:
        """Pages listed by a feed or sitemap are read with the adapter of their own platform."""
        key = f"{source.key}#pages"
        if key not in self.adapters:
            self.adapters[key] = adapter_for(source, detect_platform(response))
        return self.adapters[key]

    async def _page(self, response: Response, source: Source, role: str) -> Iterator[Any]:
        """An HTML page read off the reactor thread (``_read_page``), then followed or kept here."""
        if not isinstance(response, TextResponse):
            self.report.fault(source.key, response.url, "not-html", "expected an HTML page")
            return iter(())
        adapter = self._adapter(source, response)
        if role == "article" and adapter.name in ("rss", "sitemap"):
            adapter = self._page_adapter(source, response)
        read = await self._off_reactor(_read_page, response, adapter, role == "article")
        if read.legacy is not None:
            self.report.fault(
                source.key,
                response.url,
                "legacy-encoding",
                f"{read.legacy.upper()} text converted",
                level="warning",
            )
        if read.article is not None:
            return self._article(response, source, read.article)
        return self._follow_links(response, source, iter(read.links))

    async def _off_reactor(self, function: Callable[..., _T], *args: Any) -> _T:
        """``function(*args)`` on the parse thread, so that the reactor goes on fetching meanwhile.

        The function must touch no spider state (reports, the seen set, adapters): it only reads the
        response. Without an asyncio loop (another reactor) it runs here.
        """
        if self._parse_pool is None and self._parse_workers > 0 and is_asyncio_available():
            self._parse_pool = ThreadPoolExecutor(self._parse_workers, thread_name_prefix="chitieu-parse")
        if self._parse_pool is None:
            return function(*args)
        return await asyncio.get_running_loop().run_in_executor(self._parse_pool, function, *args)

    # -- listings ---------------------------------------------------------------------------------
    def _follow_links(self, response: Response, source: Source, links: Iterator[Link]) -> Iterator[Any]:
        """Requests for the links of a listing, feed or sitemap.

        Between full walks (``plan_listing_walks``) the next listing page is asked for only when this one
        showed something to fetch: a new article, or a known one due for a revisit. Listings put the newest
        first, so a page of known articles means the pages after it hold older known ones.
        """
        page = response.meta.get("listing_page", 1)
        depth = response.meta.get("section_depth", 0)
        relevance = self.relevance[source.key]
        next_pages: list[Link] = []
        followed = fetched = 0  # article links worth following / of those, asked for now
        for link in links:
            request = None
            if link.role == "next" and page < source.max_listing_pages:
                next_pages.append(link)
            elif link.role == "section" and depth < source.max_section_depth:
                request = self._request(link.url, source, "listing", listing_page=1, section_depth=depth + 1)
            elif link.role == "sitemap":
                request = self._request(link.url, source, "sitemap")
            elif link.role in ("article", "attachment"):
                relevant = relevance.link_is_relevant(link.text, link.url)
                if relevant or source.follow_all:
                    followed += 1
                    request = self._request(
                        link.url,
                        source,
                        link.role,
                        link.modified,
                        link_text=link.text,
                        link_relevant=relevant,
                    )
                    fetched += request is not None
            if request is not None:
                yield request
        if next_pages and followed and not fetched and source.key not in self.full_walks:
            self.report.source(source.key).listing_stops += 1
            return
        for link in next_pages:
            request = self._request(link.url, source, "listing", listing_page=page + 1, section_depth=depth)
            if request is not None:
                yield request

    def plan_listing_walks(self, walked: dict[str, datetime | None]) -> None:
        """Which sources walk every listing page in this crawl: those never walked in full, or not within
        the revisit ceiling (so that known articles deep in the pagination are reached when due), and all
        of them with ``CHITIEU_REVISIT = "all"``."""
        for key in self.sources:
            last = walked.get(key)
            full = self.revisit.mode == "all" or last is None or self.revisit.walk_due(last, self.started)
            if not full:
                self.full_walks.discard(key)
            self.report.source(key).full_walk = full

    # -- documents --------------------------------------------------------------------------------
    def _unchanged(self, response: Response, source: Source) -> tuple[bool, str]:
        digest = hashlib.sha256(response.body).hexdigest()
        known = self.http_state.get(response.url)
        if known is not None and known.content_hash == digest:
            self.report.source(source.key).skipped_unchanged += 1
            self.http_state.checked_unchanged(response.url, clock.now(), response.status)
            return True, digest
        return False, digest

    def _article(self, response: TextResponse, source: Source, article: Article) -> Iterator[Any]:
        unchanged, digest = self._unchanged(response, source)
        relevant = (
            source.follow_all
            or response.meta.get("link_relevant", False)
            or self.relevance[source.key].document_is_relevant(article.title, article.text)
        )
        if not relevant:
            self.report.source(source.key).irrelevant += 1
            return
        for link in article.attachments:
            request = self._request(
                link.url, source, "attachment", link_text=link.text, parent_url=response.url
            )
            if request is not None:
                yield request
        if unchanged:
            return
        yield self._item(response, source, "page", digest, **article.item_fields())

    def _attachment(self, response: Response, source: Source) -> Iterator[Any]:
        unchanged, digest = self._unchanged(response, source)
        if unchanged:
            return
        title = response.meta.get("link_text") or response.url.rsplit("/", 1)[-1]
        yield self._item(
            response, source, "attachment", digest, title=title, parent_url=response.meta.get("parent_url")
        )

    def _item(
        self, response: Response, source: Source, role: str, digest: str, **fields: Any
    ) -> DocumentItem:
        headers = response.headers
        redirects = response.meta.get("redirect_urls") or []
        return DocumentItem(
            source_key=source.key,
            url=response.url,
            body=response.body,
            fetched_at=clock.now(),
            role=role,
            content_type=headers.get(b"Content-Type", b"").decode("latin-1") or "application/octet-stream",
            http_status=response.status,
            etag=_header(headers, b"ETag"),
            last_modified=_header(headers, b"Last-Modified"),
            requested_url=redirects[0] if redirects else None,
            content_hash=digest,
            province=source.province,
            **fields,
        )

    # -- faults -----------------------------------------------------------------------------------
    def on_error(self, failure: Failure) -> None:
        request = failure.request
        kind, detail = classify_failure(failure)
        level = "warning" if kind in WARNING_KINDS else "error"
        self.report.fault(request.meta.get("source"), request.url, kind, detail, level=level)
        log.info("fault %s on %s: %s", kind, request.url, detail)


def _header(headers: Any, name: bytes) -> str | None:
    value = headers.get(name)
    return value.decode("latin-1") if value else None


@dataclass(slots=True)
class PageRead:
    """What ``_read_page`` found on a page: an article, or the links of a listing."""

    article: Article | None = None
    links: list[Link] = field(default_factory=list)
    legacy: str | None = None  # the legacy encoding (TCVN3/VNI) converted for the adapters, if any


def _read_page(response: TextResponse, adapter: Adapter, is_article: bool) -> PageRead:
    """Parse a page with its adapter: the CPU-heavy part of a crawl's own work (HTML tree, selectors,
    legacy-font repair, trafilatura for pages with no body selector). Pure: runs on the parse thread.

    The page is read through a copy of the response (same body, no copy of the bytes), so the decoded
    text and the parsed tree (several MB for a portal page) are cached on the copy and freed on return,
    not kept on the response while its item waits for storage.
    """
    page = response.replace()
    if is_article or adapter.is_article_page(page):
        view, encoding = readable(page)
        return PageRead(article=adapter.article(view), legacy=encoding)
    view, encoding = readable(page)
    return PageRead(links=list(adapter.links(view)), legacy=encoding)


def readable(response: TextResponse) -> tuple[TextResponse, str | None]:
    """The page as adapters should read it: text typed in the TCVN3/VNI fonts converted to Unicode, and
    the legacy encoding found (None: the page as it is).

    Only the adapters' view changes; the stored body stays the bytes the server sent.
    """
    text, encoding = legacy.repair_markup(response.text)
    if encoding is None:
        return response, None
    return response.replace(body=text.encode("utf-8"), encoding="utf-8"), encoding
