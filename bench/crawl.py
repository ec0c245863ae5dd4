"""Crawler benchmark on a generated local mirror (NukeViet-style, N article pages, 20 per listing page).

Measures, each crawl in its own subprocess:
  1. a bare Scrapy fetch of the same pages (same politeness settings, no parse, no storage);
  2. the full ``chitieu crawl`` (adapters, relevance, figures.extract, storage, change detection) into SQLite;
  3. the same crawl again with nothing changed (conditional requests: 304s).
Prints full/bare (goal <= 1.3x), re-crawl/first (goal <= 10%) and the crawl's peak RSS (goal <= 300 MB).

    .venv/bin/python bench/crawl.py [--pages 2000]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "crawler"))  # the fixture HTTP server

from crawlkit.server import FixtureServer, Resource, Site  # noqa: E402

PER_PAGE = 20
LOCAL = {
    "DOWNLOAD_DELAY": 0,
    "AUTOTHROTTLE_ENABLED": False,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 8,
    "CONCURRENT_REQUESTS": 16,
    "ROBOTSTXT_OBEY": True,
    "LOG_LEVEL": "ERROR",
}


def _article(i: int) -> bytes:
    """Articles restate one plan's figures (as portals do: news, resolution, programme), in their own words.

    Differing values across thousands of documents of one province and year would each be a discrepancy;
    that is change detection's load, not the crawler's, so the mirror keeps the values consistent.
    """
    lines = [
        f"Bài {i}: Nghị quyết số {i}/NQ-HĐND đề ra các chỉ tiêu chủ yếu năm 2025:",
        "Tốc độ tăng trưởng GRDP đạt 7,5%.",
        "Tổng thu ngân sách nhà nước trên địa bàn đạt 1.800 tỷ đồng.",
        "Tỷ lệ che phủ rừng đạt 55,2%.",
        "Tỷ lệ hộ nghèo giảm 1,2%.",
    ]
    body = "".join(f"<p>{line}</p>" for line in lines)
    return (
        '<html><head><meta charset="utf-8"><title>Chỉ tiêu</title></head><body>'
        '<ul class="counter"><li>Đang truy cập 12</li></ul><div class="news_column panel"><div class="panel-body">'
        f'<h1 class="title">Kế hoạch phát triển kinh tế - xã hội số {i}</h1>'
        '<div class="row margin-bottom-lg"><span class="h5">Thứ hai - 16/12/2024 08:00</span></div>'
        f'<div id="news-bodyhtml" class="bodytext">{body}</div></div></div></body></html>'
    ).encode()


def build_mirror(pages: int) -> Site:
    site = Site({"/robots.txt": Resource(b"User-agent: *\nDisallow:\n", "text/plain")})
    listings = (pages + PER_PAGE - 1) // PER_PAGE
    for n in range(1, listings + 1):
        ids = range((n - 1) * PER_PAGE, min(n * PER_PAGE, pages))
        entries = "".join(
            f'<div class="panel-body"><h3><a href="/news/kinh-te/chi-tieu-ke-hoach-{i}-{i}.html">Chỉ tiêu {i}</a></h3></div>'
            for i in ids
        )
        pager = (
            f'<ul class="pagination"><li class="page-item"><a class="page-link" href="/news/kinh-te/page-{n + 1}/">Sau</a></li></ul>'
            if n < listings
            else ""
        )
        path = "/news/kinh-te/" if n == 1 else f"/news/kinh-te/page-{n}/"
        site[path] = Resource(
            f'<html><body><div class="news_column">{entries}</div>{pager}</body></html>'.encode()
        )
        for i in ids:
            site[f"/news/kinh-te/chi-tieu-ke-hoach-{i}-{i}.html"] = Resource(_article(i))
    return site


def _run(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall seconds, peak RSS MB) of one child process."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"command failed: {' '.join(cmd)}\n{proc.stderr.read().decode()[-3000:]}")
    return wall, usage.ru_maxrss / 1024


def bare_worker(start_url: str, max_pages: int) -> None:
    """The baseline: the same requests with a plain Scrapy spider that only follows links."""
    import scrapy
    from scrapy.crawler import CrawlerProcess

    class Bare(scrapy.Spider):
        name = "bare"
        start_urls = (start_url,)

        def parse(self, response):
            if "/page-" in response.url or response.url == start_url:
                for href in response.css(
                    ".news_column h3 a::attr(href), ul.pagination a::attr(href)"
                ).getall():
                    yield response.follow(href)

    process = CrawlerProcess({**LOCAL, "DEPTH_LIMIT": max_pages + 2})
    process.crawl(Bare)
    process.start()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--bare-worker", nargs=2, metavar=("URL", "PAGES"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.bare_worker:
        bare_worker(args.bare_worker[0], int(args.bare_worker[1]))
        return
    listings = (args.pages + PER_PAGE - 1) // PER_PAGE
    site = build_mirror(args.pages)
    with FixtureServer(site) as server, tempfile.TemporaryDirectory(prefix="chitieu-bench-") as tmp:
        start = server.base_url + "/news/kinh-te/"
        env = {**os.environ, "CHITIEU_DATA_DIR": tmp, "PYTHONPATH": str(REPO)}
        sets = [a for k, v in LOCAL.items() for a in ("--set", f"{k}={v}")]
        crawl = [
            sys.executable,
            "-m",
            "chitieu.cli.crawl",
            "--start-url",
            start,
            "--province",
            "Đồng Nai",
            "--platform",
            "nukeviet",
            "--allow-local",
            "--follow-all",
            "--max-pages",
            str(listings + 1),
            "--db",
            f"sqlite:///{tmp}/bench.sqlite",
            "--no-progress",
            *sets,
        ]
        bare_s, bare_rss = _run([sys.executable, __file__, "--bare-worker", start, str(listings)], env)
        bare_hits = len(site.hits)
        full_s, full_rss = _run(crawl, env)
        full_hits = len(site.hits) - bare_hits
        again_s, again_rss = _run(crawl, env)
        not_modified = sum(1 for h in site.hits[bare_hits + full_hits :] if h.status == 304)
    print(
        f"pages: {args.pages} articles + {listings} listings (requests: bare {bare_hits}, full {full_hits})"
    )
    print(f"bare Scrapy fetch:          {bare_s:7.2f} s   peak RSS {bare_rss:6.0f} MB")
    print(f"full crawl+extract+store:   {full_s:7.2f} s   peak RSS {full_rss:6.0f} MB")
    print(
        f"no-change re-crawl:         {again_s:7.2f} s   peak RSS {again_rss:6.0f} MB   ({not_modified} x 304)"
    )
    print(f"ratio full/bare:            {full_s / bare_s:7.2f} x  (goal <= 1.3)")
    print(f"re-crawl share of first:    {100 * again_s / full_s:7.1f} %  (goal <= 10)")
    print(f"peak RSS of a crawl:        {max(full_rss, again_rss):7.0f} MB (goal <= 300)")


if __name__ == "__main__":
    main()
