"""Distributed crawling: two worker processes share one Redis queue and dupe filter and one PostgreSQL
database. Every page is fetched once per seeded crawl and every document version and figure is stored
once; a re-seeded crawl fetches each page once again and stores only what changed."""

from __future__ import annotations

import itertools
import json
import time
from collections import Counter
from datetime import timedelta
from typing import Any

import pytest
import yaml
from scale_mirror import FixtureServer, article_path, build_mirror, source_entry
from sqlalchemy import create_engine, text

import figures


def _page_hits(site: Any, since: int = 0) -> Counter[str]:
    return Counter(h.path for h in site.hits[since:] if h.path != "/robots.txt")


def _db_rows(db_url: str) -> dict[str, Any]:
    engine = create_engine(db_url)
    with engine.connect() as c:
        rows = {
            "documents": dict(c.execute(text("SELECT canonical_url, id FROM documents")).all()),
            "versions_per_document": dict(
                c.execute(text("SELECT document_id, count(*) FROM document_versions GROUP BY 1")).all()
            ),
            "duplicate_figures": c.execute(
                text(
                    "SELECT f.document_id, f.span_start, f.span_end, count(*) FROM figures f"
                    " JOIN document_versions v ON v.id = f.document_version_id"
                    " WHERE v.superseded_at IS NULL GROUP BY 1, 2, 3 HAVING count(*) > 1"
                )
            ).all(),
            "versions": c.execute(
                text(
                    "SELECT v.id, v.text, v.figure_count, d.period,"
                    " (SELECT count(*) FROM figures f WHERE f.document_version_id = v.id)"
                    " FROM document_versions v JOIN documents d ON d.id = v.document_id"
                )
            ).all(),
        }
    engine.dispose()
    return rows


def _assert_each_figure_stored_once(rows: dict[str, Any]) -> None:
    assert rows["duplicate_figures"] == []
    for version_id, body_text, figure_count, period, stored in rows["versions"]:
        expected = len(figures.extract(body_text or "", period=period))
        assert stored == figure_count == expected, f"version {version_id}: {stored} rows, {expected} parsed"
    assert sum(row[4] for row in rows["versions"]) > 0


@pytest.mark.slow
def test_two_workers_fetch_every_page_once_and_store_every_figure_once(cluster) -> None:
    site = build_mirror(articles_per_section=30, delay=0.1)
    with FixtureServer(site) as server:
        seeded = cluster.seed([source_entry(server.base_url)])
        assert seeded.returncode == 0, seeded.stderr
        assert "3 start URLs queued" in seeded.stdout
        reports = cluster.workers(2)

        hits = _page_hits(site)
        robots = sum(1 for h in site.hits if h.path == "/robots.txt")
        expected_paths = set(site.resources) - {"/robots.txt"}
        assert set(hits) == expected_paths, sorted(expected_paths ^ set(hits))[:10]
        assert [p for p, n in hits.items() if n != 1] == []
        assert 1 <= robots <= 2  # robots.txt is read by each worker itself

        pages = [sum(s["pages"] for s in r["sources"].values()) for r in reports]
        assert len(pages) == 2 and all(n > 0 for n in pages), f"a worker fetched nothing: {pages}"
        assert sum(pages) == sum(hits.values())

        rows = _db_rows(cluster.db_url)
        articles_and_annexes = {server.base_url + p for p in expected_paths if "/page-" not in p}
        articles_and_annexes -= {
            server.base_url + f"/news/{s}/" for s in ("kinh-te", "tai-chinh-ngan-sach", "van-hoa-xa-hoi")
        }
        assert set(rows["documents"]) == articles_and_annexes
        assert set(rows["versions_per_document"].values()) == {1}
        _assert_each_figure_stored_once(rows)

        # a week later, one article changed: every known page is due again (crawler.revisit), so every
        # page is fetched once more, and one new version is stored
        from crawlkit.aging import age_archive  # on the path once scale_mirror is imported

        age_archive(cluster.db_url, timedelta(days=8))
        changed = article_path("kinh-te", 12)
        body = site.resources[changed].body
        site.update(
            changed, body.replace("GRDP) năm 2017 đạt 6,2%".encode(), "GRDP) năm 2017 đạt 6,4%".encode())
        )
        before = len(site.hits)
        reseeded = cluster.seed([source_entry(server.base_url)])
        assert reseeded.returncode == 0, reseeded.stderr
        assert "generation 2" in reseeded.stdout
        cluster.workers(2)
        again = _page_hits(site, before)
        assert set(again) == expected_paths
        assert [p for p, n in again.items() if n != 1] == []
        not_modified = sum(1 for h in site.hits[before:] if h.status == 304)
        assert not_modified >= len(articles_and_annexes) - 1  # every unchanged document answered by 304

        rows = _db_rows(cluster.db_url)
        new_versions = {
            url for url, doc in rows["documents"].items() if rows["versions_per_document"][doc] == 2
        }
        assert new_versions == {server.base_url + changed}
        assert max(rows["versions_per_document"].values()) == 2
        _assert_each_figure_stored_once(rows)


def test_seed_is_refused_while_the_crawl_still_has_work(redis_url: str, prefix: str, tmp_path) -> None:
    from crawler.distributed import CrawlBusy, CrawlKeys, connect, crawl_status, seed
    from crawler.sources import source_from_dict

    client = connect(redis_url)
    keys = CrawlKeys("daily", prefix)
    source = source_from_dict(source_entry("http://127.0.0.1:9"))
    assert seed(client, keys, [source]) == 3
    with pytest.raises(CrawlBusy, match="still running"):
        seed(client, keys, [source])
    assert crawl_status(client, keys).generation == 1
    assert seed(client, keys, [source], force=True) == 3
    status = crawl_status(client, keys)
    assert (status.generation, status.start_urls, status.queued, status.seen) == (2, 3, 0, 0)
    client.close()


def test_status_command_reports_a_seeded_crawl_without_workers(cluster) -> None:
    seeded = cluster.seed([source_entry("http://127.0.0.1:9")], "--crawl", "weekly")
    assert seeded.returncode == 0, seeded.stderr
    status = cluster.cli("crawl-status", "--prefix", cluster.prefix, "--crawl", "weekly", "--format", "json")
    assert status.returncode == 0, status.stderr
    assert '"start_urls": 3' in status.stdout and '"running": true' in status.stdout
    other = cluster.cli("crawl-status", "--prefix", cluster.prefix, "--format", "json")
    assert '"generation": 0' in other.stdout  # crawls are separate key spaces


def test_worker_without_work_leaves_after_its_wait(redis_url: str, prefix: str, tmp_path) -> None:
    from crawler.worker import WorkerOptions, run_worker

    start = time.monotonic()
    options = WorkerOptions(redis_url=redis_url, crawl="empty", prefix=prefix, wait=1.0)
    assert run_worker(options) is None
    assert time.monotonic() - start < 10


@pytest.mark.slow
def test_a_scheduler_style_crawl_runs_on_waiting_workers_and_reports_like_chitieu_crawl(cluster) -> None:
    """``crawl-seed --wait --report`` with ``chitieu crawl``'s options, as the scheduler's crawl child
    would call it: workers already waiting pick the crawl up; the merged report counts everything once."""
    site = build_mirror(articles_per_section=8, delay=0.05)
    with FixtureServer(site) as server:
        started = cluster.start_workers(2, wait=15)  # a small crawl may be over before the second looks
        registry = cluster.tmp / "registry.yaml"
        registry.write_text(yaml.safe_dump({"sources": [source_entry(server.base_url)]}), encoding="utf-8")
        report_file = cluster.tmp / "crawl-report.json"
        seeded = cluster.cli(
            "crawl-seed", "--prefix", cluster.prefix, "--crawl", "mirror-dong-nai", "--source", "mirror-dong-nai",
            "--registry", str(registry), "--db", cluster.db_url, "--no-progress", "--set", "DOWNLOAD_TIMEOUT=5",
            "--report", str(report_file), "--wait", "--wait-timeout", "120",
        )  # fmt: skip
        reports = cluster.finish(started)
    assert seeded.returncode == 0, seeded.stderr
    merged = json.loads(report_file.read_text(encoding="utf-8"))["sources"]["mirror-dong-nai"]
    hits = _page_hits(site)
    assert [p for p, n in hits.items() if n != 1] == []
    assert (
        merged["pages"]
        == sum(hits.values())
        == sum(r["sources"]["mirror-dong-nai"]["pages"] for r in reports)
    )
    rows = _db_rows(cluster.db_url)
    assert merged["new_documents"] == len(rows["documents"]) > 0
    assert merged["status"] == "ok"


def test_workers_on_one_portal_keep_its_limit_together(cluster) -> None:
    """Two workers with a cap of one request per portal: never two requests in flight at the portal
    (crawler.hostlimit; each worker alone would hold its own cap, and the two together send two)."""
    from crawlkit.server import peak_in_flight  # on the path once scale_mirror is imported

    site = build_mirror(articles_per_section=12, delay=0.15)
    with FixtureServer(site) as server:
        seeded = cluster.seed([source_entry(server.base_url)])
        assert seeded.returncode == 0, seeded.stderr
        reports = cluster.workers(2, settings={"CONCURRENT_REQUESTS_PER_DOMAIN": 1})
    pages = [sum(s["pages"] for s in r["sources"].values()) for r in reports]
    assert len(pages) == 2 and all(n > 0 for n in pages), f"a worker fetched nothing: {pages}"
    assert set(_page_hits(site)) == set(site.resources) - {"/robots.txt"}
    assert peak_in_flight(site.hits) == 1


def test_workers_on_one_portal_space_their_requests_by_the_delay_together(cluster) -> None:
    """With a download delay, a portal gets one request per delay from all the workers together."""
    site = build_mirror(articles_per_section=4)
    settings = {"DOWNLOAD_DELAY": 0.3, "DOWNLOAD_DELAY_JITTER": 0, "CONCURRENT_REQUESTS_PER_DOMAIN": 2}
    with FixtureServer(site) as server:
        seeded = cluster.seed([source_entry(server.base_url)])
        assert seeded.returncode == 0, seeded.stderr
        reports = cluster.workers(2, settings=settings)
    assert len(reports) == 2 and all(sum(s["pages"] for s in r["sources"].values()) for r in reports)
    arrivals = sorted(h.arrived for h in site.hits)
    gaps = [later - earlier for earlier, later in itertools.pairwise(arrivals)]
    assert len(arrivals) > 10 and min(gaps) >= 0.25, [round(g, 3) for g in gaps]
