"""A source's ``tls_verify: false``: its broken certificate is accepted only when it is crawled alone.

Scrapy checks certificates crawl-wide (``DOWNLOAD_VERIFY_CERTIFICATES``, on in crawler/settings.py), so
the escape cannot be per request; a crawl of that source with others keeps checking (fail closed).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from crawlkit.portals.common import page, paragraphs
from crawlkit.registry import source_entry
from crawlkit.server import Resource, Site

pytest.importorskip("monitor.record", reason="storage/monitor not available")
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "faults"))
from faultkit import FaultServer, self_signed_tls  # the fault tests' HTTPS server

LISTING = "/news/kinh-te/"
ARTICLE = "/news/kinh-te/nghi-quyet-ke-hoach-nam-2025-31.html"


def _portal() -> Site:
    entry = f'<div class="panel-body"><h3><a href="{ARTICLE}">Nghị quyết kế hoạch năm 2025</a></h3></div>'
    body = paragraphs(["Tỷ lệ che phủ rừng đạt 29,2%.", "Tổng thu ngân sách đạt 30.500 tỷ đồng."])
    return Site(
        {
            "/robots.txt": Resource(b"User-agent: *\nDisallow:\n", "text/plain"),
            LISTING: page(f'<div class="news_column">{entry}</div>'),
            ARTICLE: page(
                f'<div class="news_column"><h1 class="title">Chỉ tiêu năm 2025</h1><div id="news-bodyhtml">{body}'
                "</div></div>"
            ),
        }
    )


def test_tls_verify_false_accepts_the_broken_certificate_only_when_crawled_alone(
    serve, crawler, tmp_path: Path
) -> None:
    broken_site = _portal()
    server = FaultServer(broken_site, self_signed_tls(tmp_path)).__enter__()
    try:
        broken = server.base_url
        assert broken.startswith("https://")
        other = serve(_portal())

        alone = crawler.run(
            [source_entry("fx-broken-tls", "Cao Bằng", broken, LISTING, follow_all=True, tls_verify=False)]
        )
        assert alone.returncode == 0, alone.stderr[-3000:]
        assert alone.source("fx-broken-tls")["faults"] == []
        assert alone.source("fx-broken-tls")["new_documents"] == 1

        broken_site.update(ARTICLE, broken_site.resources[ARTICLE].body.replace(b"29,2", b"29,5"))
        mixed = crawler.run(
            [
                source_entry("fx-broken-tls", "Cao Bằng", broken, LISTING, follow_all=True, tls_verify=False),
                source_entry("fx-other", "Bắc Ninh", other, LISTING, follow_all=True),
            ]
        )
        assert mixed.returncode == 0, mixed.stderr[-3000:]
        faults = {f["url"]: f["kind"] for f in mixed.source("fx-broken-tls")["faults"]}
        assert faults[broken + LISTING] == "tls", faults
        assert mixed.source("fx-broken-tls")["new_versions"] == 0, "the changed page was not read"
        assert mixed.source("fx-other")["new_documents"] == 1
        assert "tls_verify: false is ignored for ['fx-broken-tls']" in mixed.stderr
    finally:
        server.__exit__(None, None, None)
