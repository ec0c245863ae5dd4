"""Delivery faults: a webhook answering 500, a receiver slower than usual, one that never answers, and
one that acts on a message but answers too late. Alerts wait in the outbox and go out once the receiver
is back; nothing is dropped and nothing is sent twice, except the one stated case (a receiver that took
the message but answered after the timeout), where every copy carries the same message id to dedupe on.
(SMTP down is ``tests/monitor/test_outbox_retry.py``; kill -9 during delivery is ``test_kill.py``.)
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from alertkit import WebhookReceiver
from sqlalchemy import Engine, select

from monitor import outbox
from monitor.record import record_version
from monitor.subscriptions import upsert_subscription
from storage.db import session_scope
from storage.models.monitoring import AlertOutbox
from storage.testing import incoming

pytestmark = pytest.mark.fault

FAST = outbox.Backoff(base=0.2, cap=0.4)
URL = "https://tuyenquang.gov.vn/news/kinh-te/ke-hoach-2026-{n}.html"
TEXT = "Các chỉ tiêu năm 2026:\n- Tốc độ tăng trưởng kinh tế (GRDP) đạt 8%.\n- Tỷ lệ che phủ rừng đạt 65%.\n"


@pytest.fixture(autouse=True)
def _outbox_hook() -> Iterator[None]:
    from monitor.changes import unregister_change_hook

    outbox.install_hook()
    yield
    unregister_change_hook(outbox.enqueue_change)


def _documents(engine: Engine, count: int) -> None:
    for n in range(count):
        with session_scope(engine) as session:
            record_version(
                session,
                incoming(URL.format(n=n), TEXT, province="Tuyên Quang", title=f"Kế hoạch năm 2026 (bài {n})"),
            )


def _subscribe(engine: Engine, url: str) -> None:
    with session_scope(engine) as session:
        upsert_subscription(session, name="hook", url=url, kinds=["document_new"])


def _rows(engine: Engine) -> list[tuple[str, int, str | None]]:
    with session_scope(engine) as session:
        rows = session.execute(
            select(AlertOutbox.state, AlertOutbox.attempts, AlertOutbox.last_error).order_by(AlertOutbox.id)
        )
        return [tuple(r) for r in rows]


def _deliver_until_settled(engine: Engine, seconds: float = 15) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and any(state != "delivered" for state, _a, _e in _rows(engine)):
        outbox.deliver_due(engine, backoff=FAST)
        time.sleep(0.1)


def test_webhook_answering_500_keeps_alerts_queued_then_delivers_once(engine: Engine) -> None:
    with WebhookReceiver() as hook:
        hook.status = 500
        _subscribe(engine, hook.url)
        _documents(engine, 2)
        for _ in range(2):
            report = outbox.deliver_due(engine, backoff=FAST)
            assert report.messages_sent == 0 and report.alerts_failed == 2
            time.sleep(0.5)
        assert all(
            state == "pending" and attempts >= 2 and "500" in (error or "")
            for state, attempts, error in _rows(engine)
        )
        hook.status = 200
        _deliver_until_settled(engine)
        assert outbox.deliver_due(engine, backoff=FAST).messages_sent == 0
    titles = sorted(body["title"] for body in hook.bodies)
    assert len(titles) == 2 and len(set(titles)) == 2, "each alert once"


class SlowReceiver(ThreadingHTTPServer):
    """A JSON webhook that takes ``delay`` seconds to answer. ``stall`` connections are first accepted and
    left unread (a receiver that is stuck: it never sees the message). ``act_then_stall``: the first
    request is recorded (acted on) and answered only after ``delay``. Every request body is kept."""

    daemon_threads = True

    def __init__(self, delay: float = 0.0, stall: int = 0, act_then_stall: bool = False) -> None:
        super().__init__(("127.0.0.1", 0), _SlowHandler)
        self.delay, self.stall, self.act_then_stall = delay, stall, act_then_stall
        self.received: list[dict[str, Any]] = []
        self.stalled: list[socket.socket] = []
        self.lock = threading.Lock()
        self._thread = threading.Thread(
            target=self.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def url(self, timeout: float) -> str:
        return f"json://127.0.0.1:{self.server_address[1]}/hooks/chitieu?rto={timeout}&cto={timeout}"

    def get_request(self) -> tuple[Any, Any]:
        while True:
            sock, address = self.socket.accept()
            with self.lock:
                if self.stall <= 0:
                    return sock, address
                self.stall -= 1
                self.stalled.append(sock)  # held open, never read

    def __enter__(self) -> SlowReceiver:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.shutdown()
        for sock in self.stalled:
            sock.close()
        self.server_close()


class _SlowHandler(BaseHTTPRequestHandler):
    server: SlowReceiver

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)))
        with self.server.lock:
            first = not self.server.received
            self.server.received.append({"id": self.headers.get("X-Chitieu-Message-Id"), **body})
        if self.server.delay and (first or not self.server.act_then_stall):
            time.sleep(self.server.delay)
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()


def test_slow_receiver_within_the_timeout_is_sent_once_without_retry(engine: Engine) -> None:
    with SlowReceiver(delay=1.0) as slow:
        _subscribe(engine, slow.url(timeout=3))
        _documents(engine, 1)
        report = outbox.deliver_due(engine, backoff=FAST)
    assert report.messages_sent == 1 and len(slow.received) == 1
    assert _rows(engine) == [("delivered", 1, None)]


def test_receiver_that_never_answers_times_out_and_gets_it_later_once(engine: Engine) -> None:
    with SlowReceiver(stall=1) as stuck:
        _subscribe(engine, stuck.url(timeout=1))
        _documents(engine, 1)
        started = time.monotonic()
        first = outbox.deliver_due(engine, backoff=FAST)
        assert time.monotonic() - started < 5, "the worker is not held beyond the channel timeout"
        assert first.messages_sent == 0 and first.alerts_failed == 1
        [(state, attempts, error)] = _rows(engine)
        assert state == "pending" and attempts == 1 and error
        _deliver_until_settled(engine)
    assert len(stuck.received) == 1, "the stuck connection never delivered it; the retry did, once"
    assert _rows(engine)[0][:2] == ("delivered", 2)


def test_receiver_that_acts_but_answers_late_gets_copies_with_one_message_id(engine: Engine) -> None:
    with SlowReceiver(delay=2.0, act_then_stall=True) as late:
        _subscribe(engine, late.url(timeout=1))
        _documents(engine, 1)
        _deliver_until_settled(engine)
    copies = late.received
    assert len(copies) == 2, "the stated bound: one extra copy per timed-out attempt the receiver acted on"
    assert copies[0]["id"] and copies[0]["id"] == copies[1]["id"], "receivers can drop the copy by its id"
    assert copies[0]["title"] == copies[1]["title"]
    assert _rows(engine)[0][0] == "delivered"
