"""Fetch faults the crawler tests do not cover: bad TLS, a 1 GiB body, an endless body, a trickling body.

Each misbehaving URL is recorded against its source with a stable kind, the crawl stops reading at its
size or time limit (the bodies are streamed lazily by the server and never held in memory anywhere), and
the healthy pages of the same crawl are stored with their figures.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from crawlkit.portals.common import TARGETS_2025, page, paragraphs
from crawlkit.registry import source_entry
from crawlkit.server import Resource, Site
from faultkit import GIB, run_crawl, self_signed_tls
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from crawler.settings import DOWNLOAD_MAXSIZE
from storage.models import Document, DocumentVersion

pytestmark = pytest.mark.fault

LISTING = "/news/kinh-te/"
GOOD = "/news/kinh-te/ke-hoach-phat-trien-kinh-te-xa-hoi-nam-2025-31.html"
HUGE = "/news/kinh-te/chi-tieu-ke-hoach-ban-day-du-32.html"
ENDLESS = "/news/kinh-te/chi-tieu-ke-hoach-truc-tiep-33.html"
DRIP = "/news/kinh-te/chi-tieu-ke-hoach-duong-truyen-cham-34.html"


def _article(title: str, lines: list[str]) -> Resource:
    return page(
        f'<div class="news_column panel"><div class="panel-body"><h1 class="title">{title}</h1>'
        f'<div id="news-bodyhtml" class="bodytext">{paragraphs(lines)}</div></div></div>',
        title,
    )


def _portal(links: list[str]) -> Site:
    site = Site()
    site["/robots.txt"] = Resource(b"User-agent: *\nDisallow:\n", "text/plain")
    entries = "".join(
        f'<div class="panel-body"><h3><a href="{u}">Chỉ tiêu kế hoạch năm 2025 (bài {i})</a></h3></div>'
        for i, u in enumerate(links, 1)
    )
    site[LISTING] = page(f'<div class="news_column">{entries}</div>', "Kinh tế")
    site[GOOD] = _article(
        "Kế hoạch phát triển kinh tế - xã hội năm 2025", ["Các chỉ tiêu:", *TARGETS_2025[:3]]
    )
    return site


def test_huge_endless_and_trickling_bodies_stop_at_the_limits(serve, tmp_path: Path) -> None:
    site = _portal([GOOD, HUGE, ENDLESS, DRIP])
    site[HUGE] = Resource(fault="gigabyte")
    site[ENDLESS] = Resource(fault="endless")
    site[DRIP] = Resource(fault="drip")
    base = serve(site)
    server = serve.servers[-1]

    run = run_crawl(tmp_path, [source_entry("fx-limits", "Cao Bằng", base, LISTING)])

    assert run.returncode == 0, run.stderr[-3000:]
    kinds = run.fault_kinds("fx-limits")
    assert kinds[base + HUGE] == "oversized"
    assert kinds[base + ENDLESS] == "oversized"
    assert kinds[base + DRIP] == "timeout"
    assert run.seconds < 60, "limits stop the reads quickly"
    # the 1 GiB body is refused from its Content-Length; the endless one once the limit is read
    assert server.sent.get(HUGE, 0) < GIB // 10
    assert server.sent.get(ENDLESS, 0) < 3 * DOWNLOAD_MAXSIZE
    assert len(site.hits_for(DRIP)) == 2, "a timeout is retried (RETRY_TIMES=1) before it is recorded"
    stored = _stored(run.db_url)
    assert stored == {base + GOOD: 3}, "only the healthy page is a version, with its three figures"
    assert run.source("fx-limits")["new_documents"] == 1


def test_self_signed_certificate_is_refused_and_recorded(serve, tmp_path: Path) -> None:
    bad = _portal([GOOD])
    good = _portal([GOOD])
    bad_base = serve(bad, tls=self_signed_tls(tmp_path))
    good_base = serve(good)

    run = run_crawl(
        tmp_path,
        [
            source_entry("fx-bad-tls", "Cao Bằng", bad_base, LISTING),
            source_entry("fx-healthy", "Bắc Ninh", good_base, LISTING),
        ],
    )

    assert run.returncode == 0, run.stderr[-3000:]
    assert bad_base.startswith("https://")
    kinds = run.fault_kinds("fx-bad-tls")
    assert kinds[bad_base + LISTING] == "tls", run.source("fx-bad-tls")["faults"]
    assert run.source("fx-bad-tls")["status"] == "failing"
    assert not [h for h in bad.hits if h.path == GOOD], "nothing behind the bad certificate was read"
    assert _stored(run.db_url) == {good_base + GOOD: 3}, "the other source is crawled as usual"


def _stored(db_url: str) -> dict[str, int]:
    engine = create_engine(db_url)
    try:
        with Session(engine) as session:
            rows = session.execute(
                select(Document.canonical_url, DocumentVersion.figure_count).join(
                    DocumentVersion, DocumentVersion.document_id == Document.id
                )
            ).all()
    finally:
        engine.dispose()
    return {url: figures for url, figures in rows}
