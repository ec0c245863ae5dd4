"""Pieces of the distributed crawl that need no services: queued-request encoding, key names, secrets
kept out of messages, report merging."""

from __future__ import annotations

import pytest
from scrapy import Request
from scrapy.utils.request import request_from_dict

from chitieu.errors import InputError
from crawler.distributed import CrawlKeys, dumps, loads, merge_reports, redact, report_from_dict
from crawler.report import CrawlReport, Fault, SourceReport


class _Spider:
    def parse(self, response):  # pragma: no cover - only its name is queued
        return None

    def on_error(self, failure):  # pragma: no cover
        return None


def test_a_queued_request_comes_back_with_callbacks_headers_and_meta() -> None:
    spider = _Spider()
    request = Request(
        "http://127.0.0.1:8080/news/kinh-te/ke-hoach-1.html?download=1",
        callback=spider.parse,
        errback=spider.on_error,
        headers={"If-None-Match": '"abc"'},
        meta={"source": "dong-nai", "role": "attachment", "redirect_urls": ["http://a/"], "listing_page": 2},
        priority=3,
    )
    data = dumps(request.to_dict(spider=spider))
    assert b"pickle" not in data and data.startswith(b"{")
    back = request_from_dict(loads(data), spider=spider)
    assert back.url == request.url
    assert back.callback == spider.parse and back.errback == spider.on_error
    assert back.headers.get(b"If-None-Match") == b'"abc"'
    assert back.meta == request.meta
    assert back.priority == 3 and back.dont_filter is False


def test_a_queued_request_naming_a_foreign_class_is_refused() -> None:
    forged = b'{"url": "http://x/", "_class": "subprocess.Popen", "callback": null, "errback": null}'
    with pytest.raises(ValueError, match="refusing"):
        loads(forged)


def test_objects_that_are_not_data_cannot_be_queued() -> None:
    with pytest.raises(TypeError):
        dumps({"url": "http://x/", "meta": {"engine": object()}})


def test_crawls_have_separate_key_spaces_and_names_are_checked() -> None:
    daily, weekly = CrawlKeys("daily", "chitieu"), CrawlKeys("weekly", "chitieu")
    assert not set(daily.all()) & set(weekly.all())
    assert daily.requests == "chitieu:daily:requests"
    with pytest.raises(InputError):
        CrawlKeys("daily %(spider)s")


def test_redis_passwords_never_appear_in_messages() -> None:
    assert redact("redis://:s3cret@redis:6379/0") == "redis://:***@redis:6379/0"
    assert redact("redis://worker:s3cret@10.0.0.5:6379/1") == "redis://worker:***@10.0.0.5:6379/1"
    assert redact("redis://127.0.0.1:6379/0") == "redis://127.0.0.1:6379/0"


def test_worker_reports_merge_into_one_crawl_summary() -> None:
    def worker(pages: int, new: int, faults: int) -> CrawlReport:
        src = SourceReport(key="dong-nai", province="Đồng Nai", platform="nukeviet", pages=pages)
        src.new_documents = new
        for n in range(faults):
            src.add_fault(Fault(url=f"http://x/{n}", kind="timeout", detail="slow"))
        report = CrawlReport(sources={"dong-nai": src})
        report.finish()
        return report_from_dict(report.to_dict())  # as read back from Redis

    merged = merge_reports([worker(10, 8, 1), worker(7, 5, 0)])
    src = merged.sources["dong-nai"]
    assert (src.pages, src.new_documents, src.error_count, len(src.faults)) == (17, 13, 1, 1)
    assert src.status == "ok"
    assert merge_reports([worker(3, 0, 2), worker(0, 0, 1)]).sources["dong-nai"].status == "failing"
