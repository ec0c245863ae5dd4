"""Run one crawl in this process. The Twisted reactor cannot be restarted, so call this once per process:
``chitieu crawl`` does; a scheduler runs ``chitieu crawl`` (or ``python -m crawler.run``) in a subprocess.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from scrapy.crawler import CrawlerProcess
from twisted.internet import task

from crawler.report import CrawlReport
from crawler.settings import build_settings
from crawler.sources import Source
from crawler.spiders.portal import PortalSpider

log = logging.getLogger(__name__)


def run_crawl(
    sources: list[Source],
    db_url: str | None = None,
    report_file: Path | None = None,
    overrides: dict[str, Any] | None = None,
    on_tick: Callable[[CrawlReport], None] | None = None,
) -> CrawlReport:
    """Crawl ``sources`` into the database; returns the per-source report (also written to ``report_file``)."""
    local = bool(sources) and all(s.allow_local for s in sources)
    extra = dict(overrides or {})
    if report_file is not None:
        extra["CHITIEU_REPORT_FILE"] = str(report_file)
    settings = build_settings(db_url, extra, local=local, sources=sources)
    root_level = logging.root.level
    quiet = settings.get("LOG_LEVEL", "WARNING")
    for name in ("scrapy", "twisted", "protego", "py.warnings"):
        logging.getLogger(name).setLevel(quiet)
    process = CrawlerProcess(settings)
    logging.root.setLevel(root_level)  # Scrapy resets it; the CLI owns logging configuration
    for name in ("scrapy", "twisted", "protego", "py.warnings"):
        logging.getLogger(name).setLevel(settings.get("LOG_LEVEL", "WARNING"))
    crawler = process.create_crawler(PortalSpider)
    failures: list[str] = []
    done = process.crawl(crawler, sources=sources)
    done.addErrback(lambda failure: failures.append(f"{failure.type.__name__}: {failure.value}"))
    ticker = None
    if on_tick is not None:
        ticker = task.LoopingCall(lambda: crawler.spider is not None and on_tick(crawler.spider.report))
        ticker.start(0.5, now=False)
    process.start()
    if ticker is not None and ticker.running:
        ticker.stop()
    spider = crawler.spider
    report = spider.report if spider is not None else CrawlReport()
    if failures and not report.fatal:
        report.fatal = failures[0]
    if spider is None and not report.fatal:
        report.fatal = "crawl did not start"
    if report.finished_at is None:
        report.finish()
    if report_file is not None and report.fatal:
        report.write(report_file)
    return report
