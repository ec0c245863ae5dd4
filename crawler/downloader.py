"""Scrapy's downloader with the per-domain concurrency cap made to hold (setting ``DOWNLOADER``).

Why: on the asyncio reactor (Scrapy's default), ``Downloader._process_queue`` starts each download with
``loop.create_task`` and the task marks its request as *transferring* only when it first runs, on a
later turn of the loop. The loop that hands out the slot's free places checks
``slot.free_transfer_slots()`` after every request it dequeues, and since no request has been marked
yet, it dequeues the whole slot queue at once. With no download delay a slot therefore sent everything
queued for a host (up to ``CONCURRENT_REQUESTS``, 16) whatever ``CONCURRENT_REQUESTS_PER_DOMAIN`` said:
a fixture portal saw 14 requests in flight with a cap of 2 (deploy/CAPACITY.md). With a download delay
the loop stops after one request, which is why the bug hid behind the production delay.

The fix marks the request as transferring before its task is scheduled; ``Downloader._download`` adds
it again (a set: no change) and removes it when the download ends, as before. The test
``tests/crawler/test_crawl_politeness.py`` counts requests in flight at the server, so a Scrapy upgrade
that changes this code path shows there.
"""

from __future__ import annotations

from time import monotonic

from scrapy import Request
from scrapy.core.downloader import Downloader, Slot
from scrapy.utils.asyncio import call_later
from scrapy.utils.defer import _schedule_coro


class PoliteDownloader(Downloader):
    """``Downloader`` whose slots never have more than their ``concurrency`` requests in transfer."""

    def _process_queue(self, slot: Slot) -> None:
        if slot.latercall:  # a delayed call will process the queue
            return
        now = monotonic()
        delay = slot.download_delay()
        if delay:
            penalty = delay - now + slot.lastseen
            if penalty > 0:
                slot.latercall = call_later(penalty, self._latercall, slot)
                return
        while slot.queue and slot.free_transfer_slots() > 0:
            wait = self._wait_before(slot, slot.queue[0][0])
            if wait > 0:
                slot.latercall = call_later(wait, self._latercall, slot)
                return
            slot.lastseen = now
            request, queue_dfd = slot.queue.popleft()
            slot.transferring.add(request)  # now, not when the task first runs: the cap counts it
            _schedule_coro(self._wait_for_download(slot, request, queue_dfd))
            if delay:  # one request per delay, as Scrapy does
                self._process_queue(slot)
                break

    def _wait_before(self, slot: Slot, request: Request) -> float:
        """Seconds to wait before ``request`` may start (0: now), beyond this slot's own limits: a hook
        for limits shared with other processes (``crawler.hostlimit``)."""
        return 0.0
