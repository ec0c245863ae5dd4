"""Two ``chitieu run`` services (real processes) on one database: each source crawled once per due time."""

from __future__ import annotations

import itertools
import time
from collections import Counter
from pathlib import Path

import pytest
from alertkit import ServiceProcess, portal, registry, wait_for
from sqlalchemy import Engine, select

from monitor.demo.server import PortalServer
from storage.db import session_scope
from storage.models import Document
from storage.models.monitoring import CrawlRun

ARTICLES = {
    "/news/kinh-te/ke-hoach-2020-3101.html": (
        "Kế hoạch phát triển kinh tế - xã hội năm 2020",
        ["Tốc độ tăng trưởng kinh tế (GRDP) phấn đấu đạt 7,5%.", "Tỷ lệ che phủ rừng duy trì ở mức 55%."],
    ),
}
SERVICE_ARGS = [
    "--allow-local",
    "--jitter",
    "0",
    "--lease",
    "10",
    "--deliver-every",
    "1",
    "--stop-grace",
    "5",
]


def _runs(engine: Engine) -> list[CrawlRun]:
    with session_scope(engine) as session:
        return list(session.scalars(select(CrawlRun).order_by(CrawlRun.source_key, CrawlRun.started_at)))


@pytest.mark.fault
def test_two_services_share_the_work_without_crawling_a_due_time_twice(
    tmp_path: Path, db_url: str, engine: Engine
) -> None:
    with PortalServer(portal(ARTICLES)) as one, PortalServer(portal(ARTICLES)) as two:
        reg = registry(
            tmp_path / "sources.yaml",
            [("portal-one", "Cao Bằng", one.base_url), ("portal-two", "Bắc Ninh", two.base_url)],
            "every 3s",
        )
        args = ["--registry", str(reg), *SERVICE_ARGS]
        services = [ServiceProcess(tmp_path, name, db_url, args) for name in ("svc-a", "svc-b")]
        try:
            wait_for(lambda: sum(r.status == "ok" for r in _runs(engine)) >= 5, 90, "five finished crawls")
        finally:
            codes = [s.terminate() for s in services]
    assert codes == [0, 0], "\n".join(s.log()[-3000:] for s in services)
    runs = _runs(engine)
    per_due_time = Counter((r.source_key, r.slot) for r in runs)
    assert max(per_due_time.values()) == 1, f"a due time crawled twice: {per_due_time}"
    assert {r.source_key for r in runs} == {"portal-one", "portal-two"}
    for key in ("portal-one", "portal-two"):
        mine = [r for r in runs if r.source_key == key and r.status != "running"]
        for earlier, later in itertools.pairwise(mine):
            assert later.started_at >= earlier.finished_at, f"{key}: two crawls at once"
    assert "running" not in {r.status for r in runs}, "a clean stop leaves no crawl half-done"
    assert len({r.holder.rsplit(":", 2)[-2] for r in runs}) >= 1
    with session_scope(engine) as session:
        assert len(list(session.scalars(select(Document)))) == 2, "one document per portal, stored once"


@pytest.mark.fault
def test_sigterm_during_a_crawl_leaves_it_resumable_and_a_restart_finishes_it(
    tmp_path: Path, db_url: str, engine: Engine
) -> None:
    slow = portal(ARTICLES, delays={"/news/kinh-te/ke-hoach": 4.0})
    with PortalServer(slow) as site:
        reg = registry(tmp_path / "sources.yaml", [("slow-portal", "Cao Bằng", site.base_url)], "every 1h")
        args = ["--registry", str(reg), *SERVICE_ARGS, "--stop-grace", "1", "--lease", "3"]
        first = ServiceProcess(tmp_path, "first", db_url, args)
        try:
            wait_for(
                lambda: any(p.startswith("/news/kinh-te/ke-hoach") for p in slow.requests), 60, "the article"
            )
        finally:
            started = time.monotonic()
            code = first.terminate()
        assert code == 0, first.log()[-3000:]
        assert time.monotonic() - started < 15, "SIGTERM stops the service promptly"
        assert [r.status for r in _runs(engine)] == ["interrupted"]
        slow.delays.clear()
        second = ServiceProcess(tmp_path, "second", db_url, args)
        try:
            wait_for(lambda: any(r.status == "ok" for r in _runs(engine)), 60, "the resumed crawl")
        finally:
            assert second.terminate() == 0, second.log()[-3000:]
    runs = _runs(engine)
    assert [r.status for r in runs] == ["interrupted", "ok"]
    assert runs[0].slot == runs[1].slot, "the same due time was resumed"
    assert runs[1].trigger in ("resume", "catch-up") and runs[1].new_documents == 1
