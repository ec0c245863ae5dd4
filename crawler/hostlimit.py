"""One politeness limit per portal for all the workers of a distributed crawl, kept in Redis.

Each worker's downloader caps its own requests per host (``CONCURRENT_REQUESTS_PER_DOMAIN``) and spaces
them (``DOWNLOAD_DELAY``, AutoThrottle); alone, N workers on one portal would send up to N times that.
:class:`SharedPoliteDownloader` asks Redis before it starts a request: a host has at most
``CONCURRENT_REQUESTS_PER_DOMAIN`` requests in flight across all workers, and a request starts no sooner
than the delay after the previous start on that host by any worker. The check is one Lua script (atomic,
on Redis's clock, so workers on other machines agree). A request's place is a lease that expires on its
own (a killed worker does not hold a portal's place for ever); it is given back when the download ends.

If Redis stops answering, the worker keeps its own limits (a warning) rather than stopping the crawl;
the shared queue it reads from is down then anyway.
"""

from __future__ import annotations

import logging
import uuid
from typing import Any

from scrapy import Request
from scrapy.core.downloader import Slot
from scrapy.crawler import Crawler

from crawler.downloader import PoliteDownloader

log = logging.getLogger(__name__)

# KEYS: in-flight leases (sorted set: member -> expiry), next start time (string)
# ARGV: cap, delay (s), lease (s), member. Returns 0 (go), or the seconds to wait as a string.
ACQUIRE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
local next_start = tonumber(redis.call('GET', KEYS[2]) or '0')
if now < next_start then
  return tostring(next_start - now)
end
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[1]) then
  return '0.05'
end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[4])
redis.call('EXPIRE', KEYS[1], 3600)
redis.call('SET', KEYS[2], tostring(now + tonumber(ARGV[2])), 'EX', 3600)
return 0
"""


class SharedPoliteDownloader(PoliteDownloader):
    """:class:`~crawler.downloader.PoliteDownloader` whose per-host limits hold across workers."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        from crawler.distributed import connect

        settings = crawler.settings
        self._client = connect(settings["REDIS_URL"])
        self._acquire = self._client.register_script(ACQUIRE)
        self._keys = f"{settings['CHITIEU_REDIS_PREFIX']}:host"  # shared by every crawl on the prefix
        self._cap = settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN", 2)
        # a download cannot outlive its timeout; the lease is a little longer, then frees itself
        self._lease_seconds = settings.getfloat("DOWNLOAD_TIMEOUT", 60) + 30
        self._leases: dict[Request, tuple[str, str]] = {}  # request -> (in-flight key, its member)
        self._shared = True

    def _wait_before(self, slot: Slot, request: Request) -> float:
        """0 once ``request`` holds a place on its host (or Redis is away); else the seconds to wait."""
        if not self._shared:
            return 0.0
        host = self.get_slot_key(request)
        inflight, member = f"{self._keys}:{host}:inflight", uuid.uuid4().hex
        try:
            answer = self._acquire(
                keys=[inflight, f"{self._keys}:{host}:next"],
                args=[self._cap, slot.download_delay(), self._lease_seconds, member],
            )
        except Exception as exc:  # Redis gone: keep this worker's own limits
            log.warning("shared per-portal limit unavailable (%s); this worker keeps its own", exc)
            self._shared = False
            return 0.0
        wait = float(answer)
        if wait <= 0:
            self._leases[request] = (inflight, member)
        return wait

    async def _wait_for_download(self, slot: Slot, request: Request, queue_dfd: Any) -> None:
        try:
            await super()._wait_for_download(slot, request, queue_dfd)
        finally:
            self._give_back(request)

    def _give_back(self, request: Request) -> None:
        lease = self._leases.pop(request, None)
        if lease is None or not self._shared:
            return
        key, member = lease
        try:
            self._client.zrem(key, member)
        except Exception as exc:  # the lease expires on its own
            log.debug("could not give back %s: %s", key, exc)

    def close(self) -> None:
        for request in list(self._leases):
            self._give_back(request)
        super().close()
        self._client.close()
