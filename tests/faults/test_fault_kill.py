"""kill -9 at each stage of a cycle, and of one of two services, then recovery: no figure lost, none stored
twice, every alert delivered exactly once.

The stages not covered by ``tests/monitor/test_kill.py`` (fetch, deliver) are reached with test-only
instrumentation (``inject/sitecustomize.py``): the ingest pauses right after parsing, right after the
figures are written (flushed, not committed) and right after the alert row is queued (same transaction),
and the whole service (process group: scheduler, crawl child, storage writer) is killed with SIGKILL there.
One test walks all three stages with one database: three crashes in a row, then a clean run.
"""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

import pytest
from alertkit import (
    SERVICE_ARGS,
    ServiceProcess,
    WebhookReceiver,
    portal,
    registry,
    subscriptions_file,
    wait_for,
)
from faultkit import INJECT
from sqlalchemy import Engine, func, select

from monitor.demo.server import PortalServer
from storage.db import session_scope
from storage.models import Document, DocumentVersion, StoredFigure
from storage.models.monitoring import AlertOutbox, CrawlLease, CrawlRun

pytestmark = pytest.mark.fault

TARGETS = [
    ["Tốc độ tăng trưởng kinh tế (GRDP) phấn đấu đạt 8%.", "Tỷ lệ che phủ rừng duy trì ở mức 65%."],
    ["Thu ngân sách nhà nước trên địa bàn đạt 2.900 tỷ đồng.", "Tỷ lệ lao động qua đào tạo đạt 70%."],
    ["GRDP bình quân đầu người đạt 60 triệu đồng.", "Tỷ lệ hộ nghèo giảm 3%."],
    ["Tỷ lệ dân số tham gia bảo hiểm y tế đạt 95%.", "Có thêm 10 xã đạt chuẩn nông thôn mới."],
]
ARTICLES = {
    f"/news/kinh-te/ke-hoach-nam-2026-phan-{n}-41{n:02d}.html": (
        f"Kế hoạch phát triển kinh tế - xã hội năm 2026 (phần {n})",
        lines,
    )
    for n, lines in enumerate(TARGETS, 1)
}
TITLES = [title for title, _lines in ARTICLES.values()]


def _group_gone(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return True
    return False


def _snapshot(engine: Engine) -> dict[str, int]:
    with session_scope(engine) as session:
        return {
            model.__name__: session.scalar(select(func.count()).select_from(model)) or 0
            for model in (Document, DocumentVersion, StoredFigure, AlertOutbox)
        }


def _consistent(engine: Engine) -> None:
    """Whatever a crash left: every stored version whole (its figures, its one alert), nothing else."""
    with session_scope(engine) as session:
        versions = list(session.scalars(select(DocumentVersion)))
        figures = Counter(session.scalars(select(StoredFigure.document_version_id)))
        alerts = session.scalar(select(func.count()).select_from(AlertOutbox))
    for version in versions:
        assert figures[version.id] == version.figure_count == 2, "a version is stored with all its figures"
    assert alerts == len(versions), "one alert per new document, none for what was rolled back"


def _settled(engine: Engine) -> bool:
    with session_scope(engine) as session:
        done = "ok" in set(session.scalars(select(CrawlRun.status)))
        states = Counter(session.scalars(select(AlertOutbox.state)))
    return done and states["delivered"] == len(TITLES)


def _assert_nothing_lost_nothing_twice(engine: Engine, received: list[str]) -> None:
    with session_scope(engine) as session:
        titles = sorted(session.scalars(select(Document.title)))
        versions = session.scalar(select(func.count()).select_from(DocumentVersion))
        figures = session.scalar(select(func.count()).select_from(StoredFigure))
    assert titles == sorted(TITLES) and versions == len(TITLES), "every document stored once"
    assert figures == sum(len(lines) for lines in TARGETS), "every figure stored, none twice"
    counts = Counter(next(t for t in TITLES if t in text) for text in received)
    assert counts == Counter(TITLES), f"every alert exactly once: {counts}"


def test_kill9_after_parse_after_store_and_after_enqueue_then_recover(
    tmp_path: Path, db_url: str, engine: Engine
) -> None:
    with PortalServer(portal(ARTICLES)) as site, WebhookReceiver() as hook:
        reg = registry(tmp_path / "sources.yaml", [("ha-tinh", "Hà Tĩnh", site.base_url)], "every 1h")
        args = [
            "--registry",
            str(reg),
            "--subscriptions",
            str(subscriptions_file(tmp_path, hook.url)),
            *SERVICE_ARGS,
        ]
        for stage in ("parse", "store", "enqueue"):
            flag = tmp_path / f"paused-{stage}"
            env = {
                "PYTHONPATH": str(INJECT),
                "CHITIEU_TEST_PAUSE_AT": stage,
                "CHITIEU_TEST_PAUSE_FILE": str(flag),
            }
            service = ServiceProcess(tmp_path, f"crash-{stage}", db_url, args, env)
            try:
                wait_for(flag.exists, 60, f"an ingest to reach the '{stage}' stage")
                before = _snapshot(engine)
            finally:
                service.crash()
            wait_for(lambda pgid=service.proc.pid: _group_gone(pgid), 10, "the whole service to be gone")
            assert _snapshot(engine) == before, f"nothing of the ingest killed at '{stage}' was committed"
            _consistent(engine)
        assert _snapshot(engine)["Document"] < len(TITLES), "the crashes did interrupt the crawl"

        last = ServiceProcess(tmp_path, "recover", db_url, args, {})
        try:
            wait_for(
                lambda: _settled(engine), 90, "the crawl finished and every alert delivered after restart"
            )
        finally:
            assert last.terminate() == 0, last.log()[-3000:]
    _assert_nothing_lost_nothing_twice(engine, [b["title"] + b["message"] for b in hook.bodies])
    with session_scope(engine) as session:
        runs = list(session.scalars(select(CrawlRun).order_by(CrawlRun.id)))
    assert [r.status for r in runs] == ["interrupted"] * 3 + ["ok"] and len({r.slot for r in runs}) == 1


def test_kill9_of_the_service_holding_a_crawl_while_another_runs(
    tmp_path: Path, db_url: str, engine: Engine
) -> None:
    slow = portal(ARTICLES, delays={"/news/kinh-te/ke-hoach-nam-2026-phan-3": 30.0})
    with PortalServer(slow) as site, WebhookReceiver() as hook:
        reg = registry(tmp_path / "sources.yaml", [("ha-tinh", "Hà Tĩnh", site.base_url)], "every 1h")
        args = [
            "--registry",
            str(reg),
            "--subscriptions",
            str(subscriptions_file(tmp_path, hook.url)),
            *SERVICE_ARGS,
        ]
        services = {name: ServiceProcess(tmp_path, name, db_url, args, {}) for name in ("svc-a", "svc-b")}
        try:
            holder = wait_for(lambda: _lease_holder(engine), 60, "one service to take the crawl")
            wait_for(
                lambda: _snapshot(engine)["Document"] >= 2, 60, "the fast half of the crawl to be stored"
            )
            pid = int(holder.split(":")[1])
            victim = next(name for name, s in services.items() if s.proc.pid == pid)
            services.pop(victim).crash()
            slow.delays.clear()
            survivor = next(iter(services.values()))
            wait_for(lambda: _settled(engine), 90, "the survivor to resume the crawl and deliver every alert")
        finally:
            for service in services.values():
                assert service.terminate() == 0, service.log()[-3000:]
    _assert_nothing_lost_nothing_twice(engine, [b["title"] + b["message"] for b in hook.bodies])
    with session_scope(engine) as session:
        runs = list(session.scalars(select(CrawlRun).order_by(CrawlRun.id)))
    assert [r.status for r in runs] == ["interrupted", "ok"] and runs[0].slot == runs[1].slot
    assert str(survivor.proc.pid) in runs[1].holder and runs[1].trigger == "resume"


def _lease_holder(engine: Engine) -> str | None:
    with session_scope(engine) as session:
        return session.scalar(select(CrawlLease.holder).where(CrawlLease.holder.is_not(None)))
