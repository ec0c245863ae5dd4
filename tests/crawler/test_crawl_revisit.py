"""The revisit policy: which known pages a crawl asks for again, and the checks it records."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from crawlkit.aging import age_archive
from crawlkit.portals import drupal, nukeviet, wordpress
from crawlkit.registry import source_entry
from crawlkit.server import Resource
from scrapy.http import TextResponse
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from crawler.adapters.rss import feed_links
from crawler.adapters.sitemap import sitemap_links
from crawler.revisit import KnownPage, RevisitPolicy, changed_after, parse_hint_date

pytest.importorskip("monitor.record", reason="storage/monitor not available")
from storage.models import Document, DocumentCheck, DocumentVersion

NOW = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)
POLICY = RevisitPolicy()


def page(changed_days_ago: float, checked_days_ago: float, **kw) -> KnownPage:
    return KnownPage(
        changed_at=NOW - timedelta(days=changed_days_ago),
        checked_at=NOW - timedelta(days=checked_days_ago),
        first_version=kw.pop("first_version", False),
        **kw,
    )


# -- the interval -----------------------------------------------------------------------------------


def test_a_page_never_stored_or_stored_with_an_error_is_always_asked_for() -> None:
    assert POLICY.is_due(None, NOW)
    assert POLICY.is_due(page(0, 0, failed=True), NOW)


def test_a_page_just_fetched_waits_the_floor_then_is_due() -> None:
    fresh = page(0, 0)
    assert POLICY.interval(fresh) == timedelta(hours=12)
    assert not POLICY.is_due(fresh, NOW)
    assert not POLICY.is_due(fresh, NOW + timedelta(hours=10))
    assert POLICY.is_due(fresh, NOW + timedelta(hours=12))


def test_the_interval_grows_with_the_time_a_page_has_stayed_the_same_up_to_the_ceiling() -> None:
    assert POLICY.interval(page(4, 0)) == timedelta(days=2)  # half of 4 days unchanged
    assert POLICY.interval(page(10, 0)) == timedelta(days=5)
    assert POLICY.interval(page(400, 0)) == timedelta(days=7)
    # checked 2 days ago after 8 unchanged days: due 4 days after that check; after 6, 3 days after
    assert not POLICY.is_due(page(10, 2), NOW)
    assert POLICY.is_due(page(10, 4), NOW)


def test_a_first_version_counts_as_unchanged_since_its_publication() -> None:
    old_article = page(0, 0, first_version=True, published_at=NOW - timedelta(days=700))
    assert POLICY.interval(old_article) == timedelta(days=7)
    revised = page(0, 0, first_version=False, published_at=NOW - timedelta(days=700))
    assert POLICY.interval(revised) == timedelta(hours=12)  # it changed just now: check it again soon


def test_a_daily_crawl_a_little_early_still_takes_a_page_due_daily() -> None:
    daily = page(3, 1, first_version=False)  # 2 days unchanged at its check: due one day later
    assert POLICY.interval(daily) == timedelta(days=1)
    assert POLICY.is_due(daily, NOW - timedelta(minutes=30))
    assert not POLICY.is_due(daily, NOW - timedelta(hours=3))


def test_mode_all_asks_for_every_page_and_bad_settings_are_refused() -> None:
    assert RevisitPolicy(mode="all").is_due(page(0, 0), NOW)
    with pytest.raises(ValueError, match="revisit mode"):
        RevisitPolicy(mode="sometimes")
    with pytest.raises(ValueError, match="floor"):
        RevisitPolicy(min_interval=timedelta(days=9))
    settings = {
        "CHITIEU_REVISIT_MIN_HOURS": "1",
        "CHITIEU_REVISIT_MAX_DAYS": "2",
        "CHITIEU_REVISIT_FACTOR": 1,
    }
    policy = RevisitPolicy.from_settings(settings)
    assert policy.interval(page(30, 0)) == timedelta(days=2)
    assert policy.interval(page(0, 0)) == timedelta(hours=1)


# -- the portal's change hints ----------------------------------------------------------------------


def test_a_change_hint_later_than_the_stored_version_makes_a_page_due() -> None:
    held = page(0, 0, last_modified="Wed, 11 Dec 2019 09:00:00 GMT")
    assert not POLICY.is_due(held, NOW, parse_hint_date("2019-12-11"))  # same day, earlier hour
    assert POLICY.is_due(held, NOW, parse_hint_date("2019-12-16T10:00:00+07:00"))
    no_header = page(2, 0)  # no Last-Modified: compared with the time we fetched it
    assert not changed_after(NOW - timedelta(days=3), no_header)
    assert changed_after(NOW - timedelta(days=1), no_header)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2019-12-16", datetime(2019, 12, 16, tzinfo=UTC)),
        ("2019-12-16T10:00:00+07:00", datetime(2019, 12, 16, 3, tzinfo=UTC)),
        ("2019-12-16T03:00:00Z", datetime(2019, 12, 16, 3, tzinfo=UTC)),
        ("Mon, 16 Dec 2019 10:00:00 +0700", datetime(2019, 12, 16, 3, tzinfo=UTC)),
        ("", None),
        ("hôm qua", None),
        (None, None),
    ],
)
def test_hint_dates_in_sitemap_atom_and_rss_forms(text: str | None, expected: datetime | None) -> None:
    assert parse_hint_date(text) == expected


def _response(url: str, body: str) -> TextResponse:
    return TextResponse(url, body=body.encode(), encoding="utf-8")


def test_sitemaps_and_feeds_carry_their_dates_as_hints() -> None:
    sitemap = _response(
        "https://a.example/sitemap.xml",
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        "<url><loc>https://a.example/x</loc><lastmod>2025-03-01</lastmod></url>"
        "<url><loc>https://a.example/y</loc></url></urlset>",
    )
    assert [(link.url, link.modified) for link in sitemap_links(sitemap)] == [
        ("https://a.example/x", datetime(2025, 3, 1, tzinfo=UTC)),
        ("https://a.example/y", None),
    ]
    stamped = _response(
        "https://a.example/sitemap.xml",
        "<urlset>"
        + "".join(
            f"<url><loc>https://a.example/{n}</loc><lastmod>2026-11-24T01:00:00Z</lastmod></url>"
            for n in range(6)
        )
        + "</urlset>",
    )
    assert {link.modified for link in sitemap_links(stamped)} == {None}  # one time for all: no hint
    atom = _response(
        "https://a.example/feed",
        '<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>Chỉ tiêu</title>'
        '<link href="https://a.example/z"/><published>2025-01-01T00:00:00Z</published>'
        "<updated>2025-02-01T00:00:00Z</updated></entry></feed>",
    )
    assert [link.modified for link in feed_links(atom)] == [datetime(2025, 2, 1, tzinfo=UTC)]


# -- crawls -----------------------------------------------------------------------------------------


def _versions(db_url: str) -> dict[str, int]:
    engine = create_engine(db_url)
    with Session(engine) as session:
        rows = session.execute(
            select(Document.canonical_url, DocumentVersion.id).join(DocumentVersion.document)
        ).all()
    engine.dispose()
    counts: dict[str, int] = {}
    for url, _ in rows:
        counts[url] = counts.get(url, 0) + 1
    return counts


@pytest.mark.slow
def test_pages_a_sitemap_or_feed_says_changed_are_asked_for_at_once(serve, crawler) -> None:
    wp_site, dr_site = wordpress.build(), drupal.build()
    wp, dr = serve(wp_site), serve(dr_site)
    sources = [
        source_entry("fx-feed", wordpress.PROVINCE, wp, wordpress.FEED, platform="rss"),
        source_entry("fx-sitemap", drupal.PROVINCE, dr, drupal.SITEMAP, platform="sitemap"),
    ]
    first = crawler.run(sources)
    assert first.returncode == 0, first.stderr[-2000:]
    assert {wp + wordpress.POST, dr + drupal.ALIAS} <= set(_versions(crawler.db_url))

    # both pages edited; the sitemap's <lastmod> and the feed item's date now say so
    dr_site.update(drupal.ALIAS, dr_site.resources[drupal.ALIAS].body.replace(b"142 tri", b"145 tri"))
    dr_site.resources[drupal.SITEMAP].body = dr_site.resources[drupal.SITEMAP].body.replace(
        b"<lastmod>2024-12-16</lastmod>", b"<lastmod>2025-01-03T09:00:00+07:00</lastmod>"
    )
    wp_site.update(wordpress.POST, wp_site.resources[wordpress.POST].body.replace(b"29,2%", b"29,6%"))
    wp_site.resources[wordpress.FEED].body = wp_site.resources[wordpress.FEED].body.replace(
        b"Fri, 20 Dec 2024 09:30:00 +0700", b"Fri, 03 Jan 2025 16:00:00 +0700"
    )
    second = crawler.run(sources)
    assert second.returncode == 0, second.stderr[-2000:]
    versions = _versions(crawler.db_url)
    assert versions[wp + wordpress.POST] == 2
    assert versions[dr + drupal.ALIAS] == 2
    assert second.source("fx-feed")["new_versions"] == 1
    assert second.source("fx-sitemap")["new_versions"] == 1


@pytest.mark.slow
def test_a_crawl_records_its_unchanged_checks_and_a_page_waits_its_interval(serve, crawler) -> None:
    site = nukeviet.build()
    base = serve(site)
    sources = [source_entry("fx-nv", nukeviet.PROVINCE, base, nukeviet.LISTING)]
    assert crawler.run(sources).returncode == 0
    checked = crawler.run(sources, "--revisit", "all")
    assert checked.source("fx-nv")["not_modified"] >= 3

    engine = create_engine(crawler.db_url)
    with Session(engine) as session:
        version = session.scalar(
            select(DocumentVersion).where(DocumentVersion.url == base + nukeviet.ARTICLE)
        )
        assert version is not None and version.seen_count == 2
        assert version.last_seen_at > version.fetched_at
        checks = session.scalars(select(DocumentCheck).where(DocumentCheck.version_id == version.id)).all()
        assert [(c.http_status, c.content_hash) for c in checks] == [(304, version.content_hash)]
    engine.dispose()

    site.update(nukeviet.ARTICLE, nukeviet.changed_article())
    age_archive(crawler.db_url, timedelta(hours=6))  # checked 6 hours ago: below the 12-hour floor
    assert crawler.run(sources).source("fx-nv")["new_versions"] == 0
    age_archive(crawler.db_url, timedelta(days=7))
    due = crawler.run(sources)
    assert due.source("fx-nv")["new_versions"] == 1, due.source("fx-nv")


def test_a_missing_or_already_recorded_check_is_skipped(tmp_path) -> None:
    from monitor.record import record_version
    from storage.archive import Archive
    from storage.checks import Check, record_checks
    from storage.db import make_engine, session_scope, upgrade
    from storage.incoming import IncomingVersion

    engine = make_engine(f"sqlite:///{tmp_path / 'c.sqlite'}")
    upgrade(engine)
    fetched = datetime(2026, 11, 20, tzinfo=UTC)
    incoming = IncomingVersion(
        url="https://a.example/p", body=b"<p>GRDP</p>", fetched_at=fetched, text="GRDP 7%"
    )
    with session_scope(engine) as session:
        record_version(session, incoming, archive=Archive(tmp_path / "archive"))
    with Session(engine) as session:
        version_id, digest = session.execute(select(DocumentVersion.id, DocumentVersion.content_hash)).one()
    seen = fetched + timedelta(days=1)
    check = Check(version_id, "https://a.example/p", seen, 304, digest)
    gone = Check(version_id + 99, "https://a.example/q", seen, 304, digest)
    assert record_checks(engine, [check, gone]) == 1
    assert record_checks(engine, [check]) == 0  # saving twice is harmless
    with Session(engine) as session:
        version = session.get(DocumentVersion, version_id)
        assert (version.last_seen_at, version.seen_count) == (seen, 2)
        assert session.scalar(select(DocumentCheck.http_status)) == 304
    engine.dispose()


@pytest.mark.slow
def test_listing_pages_after_one_with_nothing_new_are_read_again_only_in_a_full_walk(serve, crawler) -> None:
    site = nukeviet.build()
    base = serve(site)
    page_two = "/news/kinh-te/page-2/"
    sources = [source_entry("fx-nv", nukeviet.PROVINCE, base, nukeviet.LISTING)]
    first = crawler.run(sources)
    assert first.source("fx-nv")["full_walk"] and len(site.hits_for(page_two)) == 1

    quiet = crawler.run(sources)  # page 1 lists known articles only: page 2 is not read
    assert not quiet.source("fx-nv")["full_walk"]
    assert quiet.source("fx-nv")["listing_stops"] == 1
    assert len(site.hits_for(page_two)) == 1
    assert quiet.source("fx-nv")["status"] == "ok"

    # a new article on page 1: it is fetched, and page 2 is read (it may hold what page 1 pushed down)
    new = "/news/kinh-te/ke-hoach-phat-trien-kinh-te-xa-hoi-nam-2026-9001.html"
    site[new] = Resource(site.resources[nukeviet.ACTION].body.replace(b"72%", b"74%"))
    entry = f'<div class="panel-body"><h3><a href="{new}">Kế hoạch phát triển kinh tế - xã hội năm 2026</a></h3></div>'
    listing = site.resources[nukeviet.LISTING]
    listing.body = listing.body.replace(
        b'<div class="news_column">', b'<div class="news_column">' + entry.encode(), 1
    )
    news = crawler.run(sources)
    assert news.source("fx-nv")["documents_sent"] == 1  # the new page (it restates the programme)
    assert len(site.hits_for(new)) == 1 and len(site.hits_for(page_two)) == 2

    age_archive(crawler.db_url, timedelta(days=8))  # a week on: the listings are walked in full again
    weekly = crawler.run(sources)
    assert weekly.source("fx-nv")["full_walk"]
    assert len(site.hits_for(page_two)) == 3
    assert weekly.source("fx-nv")["not_modified"] >= 3  # every known document was due as well


@pytest.mark.slow
def test_a_link_that_redirects_to_a_known_page_waits_like_the_page(serve, crawler) -> None:
    site = nukeviet.build()
    alias = "/r/2411"  # the listing links here; the portal answers 301 to the article
    listing = site.resources[nukeviet.LISTING]
    listing.body = listing.body.replace(f'href="{nukeviet.ARTICLE}"'.encode(), f'href="{alias}"'.encode())
    site[alias] = Resource(status=301, location=nukeviet.ARTICLE)
    base = serve(site)
    sources = [source_entry("fx-nv", nukeviet.PROVINCE, base, nukeviet.LISTING)]
    first = crawler.run(sources)
    assert first.returncode == 0, first.stderr[-2000:]
    assert len(site.hits_for(alias)) == 1 and len(site.hits_for(nukeviet.ARTICLE)) == 1
    assert base + nukeviet.ARTICLE in _versions(crawler.db_url)

    again = crawler.run(sources)
    assert again.returncode == 0, again.stderr[-2000:]
    assert len(site.hits_for(alias)) == 1, "the redirecting link was followed although its page is not due"
    assert again.source("fx-nv")["not_due"] >= 1
