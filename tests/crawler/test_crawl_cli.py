"""``chitieu crawl`` as a user runs it: an ad-hoc start URL with platform detection, feeds and sitemaps."""

from __future__ import annotations

import pytest
from crawlkit.portals import drupal, liferay, wordpress
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

pytest.importorskip("monitor.record", reason="storage/monitor not available")
from storage.models import Document


def _urls(db_url: str) -> set[str]:
    engine = create_engine(db_url)
    with Session(engine) as session:
        urls = set(session.scalars(select(Document.canonical_url)))
    engine.dispose()
    return urls


@pytest.mark.slow
def test_adhoc_start_url_with_auto_platform(serve, crawler) -> None:
    base = serve(liferay.build())
    run = crawler.run_cli(
        "--start-url", base + liferay.LISTING, "--province", "Bắc Ninh", "--platform", "auto", "--allow-local"
    )
    assert run.returncode == 0, run.stderr[-2000:]
    (source,) = run.report["sources"].values()
    assert source["platform"] == "auto:liferay"
    assert source["new_documents"] >= 3 and source["figures"] > 0
    assert {base + liferay.ARTICLE, base + liferay.PDF} <= _urls(crawler.db_url)
    assert "new docs" in run.stdout  # the summary table


def test_adhoc_needs_a_province_and_local_needs_the_flag(serve, crawler) -> None:
    base = serve(liferay.build())
    missing = crawler.run_cli("--start-url", base + liferay.LISTING)
    assert missing.returncode != 0 and "--province" in missing.stderr
    refused = crawler.run_cli("--start-url", base + liferay.LISTING, "--province", "Bắc Ninh")
    (source,) = refused.report["sources"].values()
    assert source["status"] == "failing" and source["faults"][0]["kind"] == "private-address"


@pytest.mark.slow
def test_feed_and_sitemap_sources(serve, crawler) -> None:
    wp, dr = serve(wordpress.build()), serve(drupal.build())
    run = crawler.run(
        [
            {
                "key": "fx-feed",
                "province": wordpress.PROVINCE,
                "base_url": wp + "/",
                "platform": "rss",
                "start_urls": [wp + wordpress.FEED],
            },
            {
                "key": "fx-sitemap",
                "province": drupal.PROVINCE,
                "base_url": dr + "/",
                "platform": "sitemap",
                "start_urls": [dr + drupal.SITEMAP],
            },
        ]
    )
    assert run.returncode == 0, run.stderr[-2000:]
    urls = _urls(crawler.db_url)
    assert wp + wordpress.POST in urls and wp + wordpress.OTHER not in urls  # relevance from the feed item
    assert dr + drupal.ALIAS in urls and dr + drupal.FESTIVAL not in urls  # relevance from the slug
