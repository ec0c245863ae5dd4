"""Crawl status: per-source page counts, a status per source (ok / failing / empty), the JSON report.

Silent breakage is the most common failure of scrapers: a source that errors or yields nothing is
marked so in the report instead of looking like a quiet day.
"""

from __future__ import annotations

import logging
from pathlib import Path

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.http import Request, Response

log = logging.getLogger(__name__)


class CrawlStatusExtension:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        path = crawler.settings.get("CHITIEU_REPORT_FILE")
        self.report_path = Path(path) if path else None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlStatusExtension:
        ext = cls(crawler)
        crawler.signals.connect(ext.response_received, signal=signals.response_received)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def response_received(self, response: Response, request: Request) -> None:
        report = getattr(self.crawler.spider, "report", None)
        key = request.meta.get("source")
        if report is not None and key in report.sources:
            report.sources[key].pages += 1

    def spider_closed(self, reason: str) -> None:
        report = self.crawler.spider.report
        report.finish()
        for src in report.sources.values():
            if src.status != "ok":
                log.warning("source %s is %s (%d errors)", src.key, src.status, src.error_count)
        if self.report_path is not None:
            report.write(self.report_path)
