"""Capacity measurements for deploy/CAPACITY.md: distributed crawl throughput, database growth, limits.

  1. throughput: the local mirror of bench/crawl.py crawled by 1 and then 2 ``chitieu crawl-worker``
     processes sharing a Redis queue, into PostgreSQL; pages/hour per worker (server-side clock: first
     to last request), the most requests one portal saw at once, Redis memory of the crawl's keys;
  2. growth: a realistic sample (the ../shared seed pages, real provincial target texts, restated by
     every current province, some revised) ingested into PostgreSQL; bytes per document version, per
     figure, per change event and per "seen unchanged" check from pg_total_relation_size;
  3. re-fetch cost: a page whose bytes change on every fetch (a visit counter) but whose text does not.

    CHITIEU_TEST_PG_URL=postgresql+psycopg://postgres@127.0.0.1:5432/test \\
    CHITIEU_TEST_REDIS_URL=redis://127.0.0.1:6379/0 .venv/bin/python bench/capacity.py [--pages 2000]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "bench"), str(REPO / "tests" / "crawler")]

from crawl import build_mirror  # noqa: E402  (bench/crawl.py: the NukeViet mirror)
from crawlkit.server import FixtureServer, Resource, Site  # noqa: E402

from storage.testing import scratch_database  # noqa: E402

LOCAL = {"AUTOTHROTTLE_ENABLED": False, "CONCURRENT_REQUESTS": 16, "CONCURRENT_REQUESTS_PER_DOMAIN": 8}
SEEDS = REPO.parent / "shared" / "seeds"


class TimedSite(Site):
    """Records when each request arrived and the most requests in flight at once."""

    def __init__(self, site: Site, delay: float = 0.002) -> None:
        super().__init__(site.resources)
        self.delay = delay
        self.times: list[float] = []
        self.active = 0
        self.peak = 0

    def lookup(self, path: str) -> Resource | None:
        with self.lock:
            self.times.append(time.monotonic())
            self.active += 1
            self.peak = max(self.peak, self.active)
        try:
            time.sleep(self.delay)  # a request is "in flight" for at least this long
            return super().lookup(path)
        finally:
            with self.lock:
                self.active -= 1


# -- 1. throughput -------------------------------------------------------------------------------------


def _workers(
    n: int, prefix: str, db_url: str, redis_url: str, data_dir: str, settings: dict | None = None
) -> float:
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO),
        "CHITIEU_DATA_DIR": data_dir,
        "CHITIEU_REDIS_URL": redis_url,
    }
    sets = [a for k, v in (settings or LOCAL).items() for a in ("--set", f"{k}={v}")]
    cmd = [sys.executable, "-m", "chitieu.cli.worker", "crawl-worker", "--prefix", prefix, "--db", db_url]
    cmd += ["--idle-exit", "2", "--wait", "30", "--quiet", *sets]
    start = time.perf_counter()
    log = Path(data_dir) / "workers.log"
    with open(log, "w") as out:
        procs = [subprocess.Popen(cmd, env=env, cwd=REPO, stdout=out, stderr=out) for _ in range(n)]
        if any(p.wait() != 0 for p in procs):
            raise SystemExit(f"a worker failed:\n{log.read_text()[-3000:]}")
    return time.perf_counter() - start


def _crawl_mirror(
    pages: int, n: int, redis_url: str, delay: float, settings: dict
) -> tuple[TimedSite, float, int]:
    from crawler.distributed import CrawlKeys, connect, seed
    from crawler.sources import adhoc_source

    site = TimedSite(build_mirror(pages), delay)
    prefix = f"chitieu-bench-{uuid.uuid4().hex[:8]}"
    client = connect(redis_url)
    with (
        FixtureServer(site) as server,
        tempfile.TemporaryDirectory() as tmp,
        scratch_database("postgresql", Path(tmp)) as db_url,
    ):
        listings = (pages + 19) // 20
        source = adhoc_source(
            server.base_url + "/news/kinh-te/", "Đồng Nai", "nukeviet", True, True, listings + 1
        )
        seed(client, CrawlKeys("bench", prefix), [source])
        wall = _workers(n, prefix, db_url, redis_url, tmp, settings)
        memory = sum(client.memory_usage(k) or 0 for k in client.scan_iter(match=f"{prefix}:*"))
        client.delete(*list(client.scan_iter(match=f"{prefix}:*")))
    return site, wall, memory


def throughput(pages: int, redis_url: str) -> None:
    print(f"== 1. throughput: {pages}-page mirror, workers into PostgreSQL, no politeness delays")
    for n in (1, 2):
        site, wall, memory = _crawl_mirror(pages, n, redis_url, 0.002, LOCAL)
        span = site.times[-1] - site.times[0]
        rate = len(site.times) / span * 3600
        print(
            f"  {n} worker(s): {len(site.times)} requests in {span:6.1f} s (process wall {wall:5.1f} s): "
            f"{rate:9,.0f} pages/h total, {rate / n:9,.0f} pages/h per worker; "
            f"peak {site.peak} requests in flight at the portal; Redis {memory / 1024:,.0f} KiB"
        )


def politeness(redis_url: str) -> None:
    """N workers on one portal keep one limit (crawler.hostlimit), and what a request start pays for it."""
    polite = {**LOCAL, "CONCURRENT_REQUESTS_PER_DOMAIN": 2}
    print("== 1b. politeness: CONCURRENT_REQUESTS_PER_DOMAIN=2, 200 pages, 50 ms per answer")
    for n in (1, 2):
        site, _wall, _memory = _crawl_mirror(200, n, redis_url, 0.05, polite)
        print(f"  {n} worker(s): peak {site.peak} requests in flight at the one portal")
    print(
        f"  shared limit: {_place_round_trip(redis_url) * 1000:.2f} ms per request (take a place, give it back)"
    )


def _place_round_trip(redis_url: str, requests: int = 5000) -> float:
    """Seconds a request start spends on the shared per-portal limit: the Lua check and the give-back."""
    import redis

    from crawler.hostlimit import ACQUIRE

    client = redis.Redis.from_url(redis_url)
    acquire = client.register_script(ACQUIRE)
    keys = [
        f"bench-{uuid.uuid4().hex[:8]}:host:portal:inflight",
        f"bench-{uuid.uuid4().hex[:8]}:host:portal:next",
    ]
    started = time.perf_counter()
    for _ in range(requests):
        member = uuid.uuid4().hex
        acquire(keys=keys, args=[requests, 0, 90, member])
        client.zrem(keys[0], member)
    spent = (time.perf_counter() - started) / requests
    client.delete(*keys)
    client.close()
    return spent


# -- 2. growth ----------------------------------------------------------------------------------------------

TABLES = ("documents", "document_urls", "document_versions", "document_checks", "figures", "change_events")


def _sizes(engine) -> dict[str, int]:
    from sqlalchemy import text

    with engine.connect() as c:
        return {t: c.execute(text(f"SELECT pg_total_relation_size('{t}')")).scalar_one() for t in TABLES}


def _counts(engine) -> dict[str, int]:
    from sqlalchemy import text

    with engine.connect() as c:
        return {t: c.execute(text(f"SELECT count(*) FROM {t}")).scalar_one() for t in TABLES}


def growth(copies: int) -> dict[str, float]:
    from functools import lru_cache

    from sqlalchemy import select

    import figures
    from monitor.record import record_version
    from storage.archive import Archive
    from storage.db import make_engine, session_scope, upgrade
    from storage.incoming import IncomingVersion
    from storage.models import Province

    seeds = sorted(SEEDS.glob("*.txt"))
    if not seeds:
        raise SystemExit(f"growth needs the seed pages in {SEEDS}")
    texts = [p.read_text(encoding="utf-8") for p in seeds]
    extract = lru_cache(maxsize=64)(lambda text, period=None: tuple(figures.extract(text, period=period)))
    print(f"== 2. growth: {len(texts)} real seed pages x 34 provinces x {copies} copies, then revisions")
    with tempfile.TemporaryDirectory() as tmp, scratch_database("postgresql", Path(tmp)) as db_url:
        engine = make_engine(db_url)
        upgrade(engine)
        archive = Archive(Path(tmp) / "archive")
        with session_scope(engine) as s:
            provinces = s.scalars(select(Province.name).where(Province.is_current)).all()
        at = datetime(2026, 1, 5, 2, 0, tzinfo=UTC)
        started = time.perf_counter()

        def ingest(url: str, body: str, province: str, when: datetime) -> None:
            version = IncomingVersion(
                url=url, body=body.encode(), fetched_at=when, content_type="text/plain; charset=utf-8",
                province=province, title=body.splitlines()[0][:200] or url,
            )  # fmt: skip
            with session_scope(engine) as session:
                record_version(
                    session, version, archive=archive, extract=lambda t, period=None: list(extract(t, period))
                )

        for p, province in enumerate(provinces):
            for k in range(copies):
                for i, body in enumerate(texts):
                    ingest(
                        f"https://p{p}.example.gov.vn/tin/{i}-{k}.html",
                        f"{body}\nBản tin số {k}.",
                        province,
                        at,
                    )
        first = (_sizes(engine), _counts(engine))
        for p, province in enumerate(provinces):  # one page per province revised: 7,5% becomes 7,8%
            body = texts[0].replace("7,5", "7,8").replace("7,0", "7,2")
            ingest(
                f"https://p{p}.example.gov.vn/tin/0-0.html",
                f"{body}\nBản tin số 0.",
                province,
                at + timedelta(days=1),
            )
            last = copies - 1  # and the newest copy fetched again, unchanged, a few times
            for k in range(copies):
                url, body = (
                    f"https://p{p}.example.gov.vn/tin/1-{last}.html",
                    f"{texts[1]}\nBản tin số {last}.",
                )
                ingest(url, body, province, at + timedelta(days=2, hours=k))
        second = (_sizes(engine), _counts(engine))
        elapsed = time.perf_counter() - started
        archive_bytes = sum(f.stat().st_size for f in (Path(tmp) / "archive").rglob("*") if f.is_file())
        engine.dispose()
    sizes, counts = first
    per_version = (
        sum(sizes[t] for t in ("documents", "document_urls", "document_versions"))
        / counts["document_versions"]
    )
    per_figure = sizes["figures"] / counts["figures"]
    per_event = sizes["change_events"] / max(counts["change_events"], 1)
    checks = second[1]["document_checks"] - counts["document_checks"]
    per_check = (second[0]["document_checks"] - sizes["document_checks"]) / max(checks, 1)
    result = {
        "versions": counts["document_versions"],
        "figures": counts["figures"],
        "events": counts["change_events"],
        "per_version": per_version,
        "per_figure": per_figure,
        "per_event": per_event,
        "per_check": per_check,
        "figures_per_version": counts["figures"] / counts["document_versions"],
        "events_per_version": counts["change_events"] / counts["document_versions"],
        "archive_per_version": archive_bytes / counts["document_versions"],
    }
    print(
        f"  ingested {counts['document_versions']} versions, {counts['figures']} figures, {counts['change_events']} change events in {elapsed:.0f} s"
    )
    for t in TABLES:
        print(f"  {t:18} {counts[t]:8,} rows  {sizes[t] / 1024:10,.0f} KiB")
    print(f"  bytes per document version (documents+urls+versions, text included): {per_version:8,.0f}")
    print(
        f"  bytes per figure:       {per_figure:8,.0f}   ({result['figures_per_version']:.1f} figures per version)"
    )
    print(
        f"  bytes per change event: {per_event:8,.0f}   ({result['events_per_version']:.1f} events per version)"
    )
    print(f"  bytes per 'seen unchanged' check: {per_check:,.0f} ({checks} checks from unchanged re-fetches)")
    return result


def extrapolate(r: dict[str, float], pages_per_day: tuple[int, ...] = (10, 50)) -> None:
    print("== growth per month for 34 provinces (30 days)")
    per_page = (
        r["per_version"]
        + r["figures_per_version"] * r["per_figure"]
        + r["events_per_version"] * r["per_event"]
    )
    for n in pages_per_day:
        versions = 34 * n * 30
        print(
            f"  {n:3} new versions/province/day: {versions:7,} versions, {versions * per_page / 2**20:8,.0f} MiB database"
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--pages", type=int, default=2000, help="mirror size for the throughput runs")
    parser.add_argument("--copies", type=int, default=3, help="copies of each seed page per province")
    parser.add_argument("--skip-throughput", action="store_true")
    parser.add_argument("--only-politeness", action="store_true")
    args = parser.parse_args()
    redis_url = os.environ.get("CHITIEU_TEST_REDIS_URL")
    if not os.environ.get("CHITIEU_TEST_PG_URL") or not redis_url:
        raise SystemExit("set CHITIEU_TEST_PG_URL and CHITIEU_TEST_REDIS_URL (see the docstring)")
    threading.stack_size(1 << 20)
    if args.only_politeness:
        politeness(redis_url)
        return
    if not args.skip_throughput:
        throughput(args.pages, redis_url)
        politeness(redis_url)
    extrapolate(growth(args.copies))


if __name__ == "__main__":
    main()
