"""Scrapy settings for chitieu's crawler. Politeness first: robots.txt, AutoThrottle, few requests per
domain, a User-Agent that says who we are, retries with backoff and hard size and time limits.

``build_settings`` layers chitieu's settings object (``CHITIEU_USER_AGENT``, database URL) and per-run
overrides on top of these module values.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from scrapy.settings import Settings, default_settings

if TYPE_CHECKING:
    from crawler.sources import Source

log = logging.getLogger(__name__)

BOT_NAME = "chitieu"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 0.5
DOWNLOAD_DELAY_JITTER = 0.5
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
# Scrapy's downloader let a slot start its whole queue at once on the asyncio reactor when no delay is set,
# so the per-domain cap above did not hold (crawler.downloader says why).
DOWNLOADER = "crawler.downloader.PoliteDownloader"
# Connections go to the address the network guard checked, not to a second DNS answer (crawler.resolver).
TWISTED_DNS_RESOLVER = "crawler.resolver.PinnedResolver"

DOWNLOAD_TIMEOUT = 60
# Certificates are checked: a page behind a certificate that does not verify is a recorded "tls" fault,
# never a body anyone on the path could have written, archived as the portal's. A source known to serve a
# broken chain may say ``tls_verify: false`` in the registry (see build_settings).
DOWNLOAD_VERIFY_CERTIFICATES = True
DOWNLOAD_MAXSIZE = 50 * 1024 * 1024  # a resolution PDF with scans can be large; nothing legitimate is bigger
DOWNLOAD_WARNSIZE = 20 * 1024 * 1024
DOWNLOAD_FAIL_ON_DATALOSS = True  # a truncated body is a fault, never a version

RETRY_ENABLED = True
RETRY_TIMES = 2
RETRY_BACKOFF_BASE = 2.0  # seconds before the first retry, doubled each time (crawler.middlewares)
RETRY_BACKOFF_MAX = 60.0
REDIRECT_MAX_TIMES = 8

COOKIES_ENABLED = False
# Scrapy's telnet console and its remote-control HTTP server (on by default since Scrapy 2.19) both run
# Python code sent to them inside the crawl process; a crawler of outside content opens no such port.
# Disabled in EXTENSIONS as well, and taken out of EXTENSIONS_BASE: Scrapy imports every extension listed
# there, even a disabled one, and these two modules bring aiohttp and twisted.conch (~0.1 s of every crawl's
# start).
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False
_code_servers = ("scrapy.extensions.telnet.TelnetConsole", "scrapy.extensions.remote_control.RemoteControl")
EXTENSIONS_BASE = {k: v for k, v in default_settings.EXTENSIONS_BASE.items() if k not in _code_servers}
HTTPCACHE_ENABLED = False
DEPTH_LIMIT = 0  # bounded by max_listing_pages and max_section_depth per source
DUPEFILTER_CLASS = "scrapy.dupefilters.BaseDupeFilter"  # the spider dedupes itself (redirect loops must show)
REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
LOG_LEVEL = "WARNING"
LOG_INSTALL_ROOT_HANDLER = False  # the CLI configures logging once

DOWNLOADER_MIDDLEWARES = {
    "crawler.middlewares.NetworkGuardMiddleware": 50,
    "scrapy.downloadermiddlewares.offsite.OffsiteMiddleware": None,  # the guard does this per source
    "crawler.middlewares.ConditionalRequestMiddleware": 560,
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "crawler.middlewares.BackoffRetryMiddleware": 550,
    "crawler.middlewares.CharsetMiddleware": 950,
}
ITEM_PIPELINES = {
    "crawler.pipelines.ValidationPipeline": 100,
    "crawler.pipelines.StoragePipeline": 500,
}
EXTENSIONS = {
    "crawler.extensions.CrawlStatusExtension": 500,
    **dict.fromkeys(_code_servers),
}

# Responses wait in Scrapy's scraper until storage has answered for their items; past this many body bytes
# in waiting, downloads pause. Storage is the slower side of a crawl with no politeness delays, so a large
# buffer only holds memory: 1.5 MB (~25 portal pages) keeps the storage writer's batch full. (Pages are
# parsed through a copy of the response, so a waiting response holds its body, not its parsed tree.)
SCRAPER_SLOT_MAX_ACTIVE_SIZE = 1_500_000

# Items (and requests) of a callback's output worked on in parallel. Scrapy starts that many tasks for
# every response, and our callbacks yield at most one item each: its default of 100 cost ~3 ms of CPU per
# response on the bench mirror (bench/crawl.py --local), for nothing.
CONCURRENT_ITEMS = 4

CHITIEU_DB_URL: str | None = None
CHITIEU_REPORT_FILE: str | None = None
CHITIEU_EXTRACT_WORKERS = 2
CHITIEU_PARSE_WORKERS = 1  # threads that parse pages off the reactor (crawler.spiders.portal); 0: inline
CHITIEU_STORAGE_PROCESS = True  # store in a writer process of its own (storage.writer); False: a thread
# Known articles and attachments are asked for again when due (crawler.revisit): after half the time they
# have gone unchanged, at least 12 hours and at most 7 days later; "all" asks for every known page.
CHITIEU_REVISIT = "due"
CHITIEU_REVISIT_MIN_HOURS = 12.0
CHITIEU_REVISIT_MAX_DAYS = 7.0
CHITIEU_REVISIT_FACTOR = 0.5

# Local sources (tests, the offline demo, the bench mirror) need no politeness delays.
LOCAL_OVERRIDES: dict[str, Any] = {
    "DOWNLOAD_DELAY": 0,
    "AUTOTHROTTLE_START_DELAY": 0.0,
    "AUTOTHROTTLE_MAX_DELAY": 1.0,
    "AUTOTHROTTLE_TARGET_CONCURRENCY": 8.0,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 8,
    "RETRY_BACKOFF_BASE": 0.2,
}


def build_settings(
    db_url: str | None = None,
    overrides: dict[str, Any] | None = None,
    local: bool = False,
    sources: Sequence[Source] = (),
) -> Settings:
    """The settings of one crawl of ``sources``.

    Certificate checks are crawl-wide in Scrapy, so a source's ``tls_verify: false`` takes effect only
    when every source of the crawl says so (the scheduler crawls one source at a time); in a crawl with
    other sources the certificate is checked and a broken one is a recorded fault, never silently
    trusted. ``--set DOWNLOAD_VERIFY_CERTIFICATES=...`` (``overrides``) still decides over both.
    """
    from chitieu.settings import get_settings

    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    settings.set("USER_AGENT", get_settings().user_agent, priority="project")
    settings.set("CHITIEU_DB_URL", db_url or get_settings().database_url, priority="project")
    unverified = [s.key for s in sources if not s.tls_verify]
    if unverified and len(unverified) == len(sources):
        settings.set("DOWNLOAD_VERIFY_CERTIFICATES", False, priority="project")
        log.warning("TLS certificates are not checked in this crawl (tls_verify: false): %s", unverified)
    elif unverified:
        log.warning(
            "tls_verify: false is ignored for %s: crawled with other sources, certificates are checked",
            unverified,
        )
    if local:
        settings.update(LOCAL_OVERRIDES, priority="cmdline")
    settings.update(overrides or {}, priority="cmdline")
    return settings
