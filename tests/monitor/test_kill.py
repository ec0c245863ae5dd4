"""kill -9 of the service during a crawl and during delivery, then a restart: nothing lost, duplicates bounded.

The stated bound (``monitor.outbox``): a crash duplicates at most the one message in flight, i.e. at
most one extra copy per alert per crash; every other alert is delivered exactly once.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from alertkit import (
    SERVICE_ARGS,
    ServiceProcess,
    WebhookReceiver,
    crawl_children,
    portal,
    registry,
    subscriptions_file,
    wait_for,
)
from sqlalchemy import Engine, func, select

from monitor.demo.mailsink import MailSink
from monitor.demo.server import PortalServer
from storage.db import session_scope
from storage.models import Document, DocumentVersion, StoredFigure
from storage.models.monitoring import AlertOutbox, CrawlRun

TARGETS = [
    ["Tốc độ tăng trưởng kinh tế (GRDP) phấn đấu đạt 7,5%.", "Tỷ lệ che phủ rừng duy trì ở mức 55%."],
    ["Tổng sản lượng lương thực có hạt đạt trên 276 ngàn tấn.", "Tỷ lệ lao động qua đào tạo đạt 45%."],
    [
        "Thu ngân sách nhà nước trên địa bàn đạt trên 1.800 tỷ đồng.",
        "Tỷ lệ dân số tham gia bảo hiểm y tế đạt 98,5%.",
    ],
    ["GRDP bình quân đầu người đạt 33,3 triệu đồng.", "Tỷ lệ gia đình đạt tiêu chuẩn văn hóa đạt 85%."],
]
ARTICLES = {
    f"/news/kinh-te/ke-hoach-so-{n}-32{n:02d}.html": (
        f"Kế hoạch phát triển kinh tế - xã hội năm 2020 (phần {n})",
        lines,
    )
    for n, lines in enumerate(TARGETS, 1)
}
TITLES = [title for title, _lines in ARTICLES.values()]


def _count(engine: Engine, model: type) -> int:
    with session_scope(engine) as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def _settled(engine: Engine) -> bool:
    with session_scope(engine) as session:
        finished = "ok" in set(session.scalars(select(CrawlRun.status)))
    return finished and _states(engine)["delivered"] == len(TITLES)


def _states(engine: Engine) -> Counter[str]:
    with session_scope(engine) as session:
        return Counter(session.scalars(select(AlertOutbox.state)))


def _assert_nothing_lost(engine: Engine) -> None:
    with session_scope(engine) as session:
        titles = sorted(session.scalars(select(Document.title)))
        versions = session.scalar(select(func.count()).select_from(DocumentVersion))
        figures = session.scalar(select(func.count()).select_from(StoredFigure))
        alerts = list(session.scalars(select(AlertOutbox)))
    assert titles == sorted(TITLES) and versions == len(TITLES), "every document stored once"
    assert figures == sum(len(lines) for lines in TARGETS), "every figure stored, none twice"
    assert len(alerts) == len(TITLES) and {a.state for a in alerts} == {"delivered"}, (
        "one alert per change, all sent"
    )


def _assert_bound(titles_received: list[str], crashes: int) -> None:
    counts = Counter(next(t for t in TITLES if t in received) for received in titles_received)
    assert set(counts) == set(TITLES), f"an alert was lost: {counts}"
    assert max(counts.values()) <= 1 + crashes and sum(counts.values()) <= len(TITLES) + crashes, counts


@pytest.mark.fault
def test_kill9_during_a_crawl_then_restart(tmp_path: Path, db_url: str, engine: Engine) -> None:
    slow = portal(ARTICLES, delays={"/news/kinh-te/ke-hoach-so-3": 30.0, "/news/kinh-te/ke-hoach-so-4": 30.0})
    with PortalServer(slow) as site, WebhookReceiver() as hook:
        reg = registry(tmp_path / "sources.yaml", [("cao-bang", "Cao Bằng", site.base_url)], "every 1h")
        args = [
            "--registry",
            str(reg),
            "--subscriptions",
            str(subscriptions_file(tmp_path, hook.url)),
            *SERVICE_ARGS,
        ]
        first = ServiceProcess(tmp_path, "first", db_url, args)
        try:
            wait_for(lambda: _count(engine, Document) >= 2, 60, "the fast half of the crawl to be stored")
            assert crawl_children(db_url), "the crawl runs in a child process"
        finally:
            first.kill9()  # mid-crawl: two articles stored, two still being fetched
        wait_for(lambda: not crawl_children(db_url), 5, "the crawl child to die with its service")
        assert _count(engine, Document) == 2
        with session_scope(engine) as session:
            assert list(session.scalars(select(CrawlRun.status))) == ["running"]
        slow.delays.clear()
        second = ServiceProcess(tmp_path, "second", db_url, args)
        try:
            wait_for(
                lambda: _settled(engine), 60, "the crawl finished and all alerts delivered after restart"
            )
        finally:
            assert second.terminate() == 0, second.log()[-3000:]
    _assert_nothing_lost(engine)
    with session_scope(engine) as session:
        runs = list(session.scalars(select(CrawlRun).order_by(CrawlRun.id)))
    assert [r.status for r in runs] == ["interrupted", "ok"] and runs[0].slot == runs[1].slot
    _assert_bound([b["title"] + b["message"] for b in hook.bodies], crashes=1)


@pytest.mark.fault
def test_kill9_during_delivery_then_restart(tmp_path: Path, db_url: str, engine: Engine) -> None:
    with PortalServer(portal(ARTICLES)) as site, MailSink(delay=30.0) as sink:
        reg = registry(tmp_path / "sources.yaml", [("cao-bang", "Cao Bằng", site.base_url)], "every 1h")
        args = [
            "--registry",
            str(reg),
            "--subscriptions",
            str(subscriptions_file(tmp_path, sink.mailto_url())),
            *SERVICE_ARGS,
        ]
        first = ServiceProcess(tmp_path, "first", db_url, args)
        try:
            wait_for(sink.received.is_set, 60, "the first mail to reach the SMTP server")
        finally:
            first.kill9()  # the server has the message; the service never heard "250 OK"
        assert len(sink.messages) == 1 and _states(engine)["delivered"] == 0
        sink.delay = 0.0
        second = ServiceProcess(tmp_path, "second", db_url, args)
        try:
            wait_for(
                lambda: _settled(engine), 60, "the crawl finished and all alerts delivered after restart"
            )
        finally:
            assert second.terminate() == 0, second.log()[-3000:]
    _assert_nothing_lost(engine)
    subjects = [str(m["Subject"]) for m in sink.messages]
    _assert_bound(subjects, crashes=1)
