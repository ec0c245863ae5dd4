"""Politeness as a portal sees it: requests in flight per host, counted at the fixture server.

Two portals on two loopback addresses (two host names to Scrapy), each answering slowly, crawled at
once with no download delay and no AutoThrottle, so only ``CONCURRENT_REQUESTS_PER_DOMAIN`` bounds what
each portal sees (see ``crawler.downloader`` for the Scrapy behaviour this guards against).
"""

from __future__ import annotations

import json

import pytest
from crawlkit.portals.common import page, paragraphs
from crawlkit.server import Resource, Site, peak_in_flight

pytest.importorskip("monitor.record", reason="storage/monitor not available")

ARTICLES = 24
LATENCY = 0.15  # seconds per answer: long enough for every free place of a slot to be taken
HOSTS = ("127.0.0.1", "127.0.0.2")


def _portal(name: str) -> Site:
    """A NukeViet section of ``ARTICLES`` articles on one listing page, all linked at once."""
    entries = "".join(
        f'<div class="panel-body"><h3><a href="/news/kinh-te/bai-viet-{i}-{i}.html">Bài {i}</a></h3></div>'
        for i in range(ARTICLES)
    )
    site = Site(
        {
            "/robots.txt": Resource(b"User-agent: *\nDisallow:\n", "text/plain"),
            "/news/kinh-te/": page(f'<div class="news_column">{entries}</div>'),
        }
    )
    for i in range(ARTICLES):
        lines = [f"Cổng {name}, bài {i}: tỷ lệ che phủ rừng đạt {40 + i % 9},5%."]
        site[f"/news/kinh-te/bai-viet-{i}-{i}.html"] = page(
            f'<div class="news_column"><h1 class="title">Tin số {i} của cổng {name}</h1>'
            f'<div id="news-bodyhtml">{paragraphs(lines)}</div></div>'
        )
    return site


@pytest.mark.parametrize("cap", [1, 2])
def test_per_domain_cap_holds_at_each_portal_and_portals_are_fetched_in_parallel(
    serve, crawler, cap: int
) -> None:
    sites = [_portal(host) for host in HOSTS]
    bases = [serve(site, host, LATENCY) for site, host in zip(sites, HOSTS, strict=True)]
    sources = [
        {
            "key": f"fx-polite-{n}",
            "province": "Đồng Nai",
            "base_url": base + "/",
            "platform": "nukeviet",
            "start_urls": [base + "/news/kinh-te/"],
            "follow_all": True,
        }
        for n, base in enumerate(bases)
    ]
    settings = {
        "CONCURRENT_REQUESTS_PER_DOMAIN": cap,
        "CONCURRENT_REQUESTS": 16,
        "DOWNLOAD_DELAY": 0,
        "AUTOTHROTTLE_ENABLED": False,
    }
    sets = [a for k, v in settings.items() for a in ("--set", f"{k}={json.dumps(v)}")]
    run = crawler.run(sources, *sets)
    assert run.returncode == 0, run.stderr[-3000:]

    for site, base in zip(sites, bases, strict=True):
        host = base.removeprefix("http://")
        assert {h.host for h in site.hits} == {host}
        assert len(site.hits) == ARTICLES + 2  # robots.txt, the listing, every article once
        assert peak_in_flight(site.hits) == cap, f"{host}: the per-domain cap is {cap}"
    both = [h for site in sites for h in site.hits]
    assert peak_in_flight(both) > cap, "the two portals were not fetched in parallel"
    assert sum(s["new_documents"] for s in run.report["sources"].values()) == 2 * ARTICLES
