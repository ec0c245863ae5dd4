"""The storage writer's CPU per document, without a crawl around it.

The writer (``storage.writer``) is the one serial step of a crawl: in ``bench/crawl.py --local`` its
batches are always full, so the crawl goes as fast as it records. This replays what it receives from a
crawl of the bench's portal mirror: the 2,000 article pages of ``bench/crawl.py`` read by the NukeViet
adapter as the spider reads them, made into items as the spider makes them and handed over by
``crawler.pipelines.to_incoming``, and recorded in batches of ``storage.writer.BATCH_MAX`` with
``record_batch`` (parse, store, change detection, archive) into a fresh SQLite database. The clock is the
process's CPU time (``time.process_time``), so waiting for disk (the archive's fsyncs run on threads) does
not count; the best of ``--repeat`` runs is the least disturbed by the machine.

    .venv/bin/python bench/writer.py [--pages 2000] [--repeat 3]

Prints ms of CPU per document and what was stored (documents, figures, change events), which must not
change when the writer is made faster.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "bench")]

from crawl import PROVINCES, build_mirror  # noqa: E402  (the crawl bench's mirror)

BASE = "http://127.0.0.1:8000"  # never contacted: the pages are read from the mirror in memory
SOURCE_KEY = "bench-writer"


def incoming_versions(pages: int) -> list[Any]:
    """The writer's input for a crawl of the mirror: one IncomingVersion per article page."""
    from scrapy.http import HtmlResponse, Request

    from crawler.adapters import adapter_for
    from crawler.items import DocumentItem
    from crawler.pipelines import to_incoming
    from crawler.sources import Source
    from crawler.spiders.portal import _read_page

    source = Source(key=SOURCE_KEY, province=PROVINCES[0], base_url=BASE + "/", platform="nukeviet")
    adapter = adapter_for(source)
    start = datetime(2026, 11, 24, 1, 0, tzinfo=UTC)
    versions = []
    site = build_mirror(pages)
    for n, (path, resource) in enumerate(sorted(site.resources.items())):
        if not path.endswith(".html"):
            continue
        url = BASE + path
        response = HtmlResponse(url, body=resource.body, encoding="utf-8", request=Request(url))
        article = _read_page(response, adapter, True).article
        item = DocumentItem(
            source_key=SOURCE_KEY,
            url=url,
            body=resource.body,
            fetched_at=start + timedelta(seconds=n),
            content_type="text/html; charset=utf-8",
            province=source.province,
            **article.item_fields(),
        )
        versions.append(to_incoming(item))
    return versions


def record_all(versions: list[Any], data_dir: Path) -> tuple[float, dict[str, int]]:
    """CPU seconds to record ``versions`` into a fresh database under ``data_dir``, and what was stored."""
    os.environ["CHITIEU_DATA_DIR"] = str(data_dir)
    from chitieu.settings import get_settings

    get_settings.cache_clear()
    from sqlalchemy import func, select

    from monitor.record import record_version
    from storage.archive import Archive
    from storage.db import session_scope, upgrade
    from storage.models import ChangeEvent, Document, StoredFigure
    from storage.repository import upsert_source
    from storage.writer import BATCH_MAX, record_batch, writer_engine

    url = f"sqlite:///{data_dir / 'writer.sqlite'}"
    upgrade(url)
    engine = writer_engine(url)
    with session_scope(engine) as session:
        upsert_source(
            session, key=SOURCE_KEY, province=PROVINCES[0], base_url=BASE + "/", platform="nukeviet"
        )
    archive = Archive(background=True)
    jobs = [(n, version, SOURCE_KEY) for n, version in enumerate(versions)]
    started = time.process_time()
    for first in range(0, len(jobs), BATCH_MAX):
        for _n, answer in record_batch(engine, archive, record_version, jobs[first : first + BATCH_MAX]):
            if isinstance(answer, str):
                raise SystemExit(f"an ingest failed: {answer}")
    cpu = time.process_time() - started
    with session_scope(engine) as session:
        stored = {
            name: session.scalar(select(func.count()).select_from(model))
            for name, model in (("documents", Document), ("figures", StoredFigure), ("changes", ChangeEvent))
        }
    engine.dispose()
    return cpu, stored


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    versions = incoming_versions(args.pages)
    runs = []
    for _ in range(args.repeat):
        with tempfile.TemporaryDirectory(prefix="chitieu-bench-writer-") as tmp:
            cpu, stored = record_all(versions, Path(tmp))
        runs.append(cpu)
    best = min(runs)
    print(f"documents   {len(versions)} article pages of the crawl bench's mirror, batches of the writer")
    print(
        f"stored      {stored['documents']} documents, {stored['figures']} figures, {stored['changes']} change events"
    )
    print(f"writer CPU  {best:.2f} s = {best / len(versions) * 1000:.2f} ms a document (best of {args.repeat}: "
          + ", ".join(f"{r:.2f}" for r in runs) + " s)")  # fmt: skip


if __name__ == "__main__":
    main()
