"""The outbox: alerts wait while SMTP is down and go out once each when it is back; claims expire."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlalchemy import Engine, select
from test_alerts_delivery import V1, V2, record

from monitor import alerts, outbox
from monitor.demo.mailsink import MailSink, free_port
from monitor.subscriptions import upsert_subscription
from storage.db import session_scope
from storage.models.monitoring import AlertOutbox

FAST = outbox.Backoff(base=0.1, cap=0.3)


@pytest.fixture(autouse=True)
def _outbox_hook() -> Iterator[None]:
    from monitor.changes import unregister_change_hook

    outbox.install_hook()
    yield
    unregister_change_hook(outbox.enqueue_change)


def _states(engine: Engine) -> list[tuple[str, int, str | None]]:
    with session_scope(engine) as session:
        rows = session.execute(
            select(AlertOutbox.state, AlertOutbox.attempts, AlertOutbox.last_error).order_by(AlertOutbox.id)
        )
        return [tuple(r) for r in rows]


def _three_documents(engine: Engine) -> None:
    for n in range(3):
        url = f"https://caobang.gov.vn/news/kinh-te/bai-{n}.html"
        record(engine, V1, 11, url=url, title=f"Bài {n}")
        record(engine, V2, 16, url=url, title=f"Bài {n}")


@pytest.mark.fault
def test_smtp_down_then_back_every_alert_once(engine: Engine) -> None:
    port = free_port()
    sink = MailSink(port=port)
    with session_scope(engine) as session:
        upsert_subscription(session, name="mail", url=sink.mailto_url(), kinds=["figure_revised"])
    _three_documents(engine)

    for _ in range(3):  # nobody listening: refused connections, alerts stay queued
        report = outbox.deliver_due(engine, backoff=FAST)
        assert report.messages_sent == 0
        time.sleep(0.6)
    states = _states(engine)
    assert [s for s, _a, _e in states] == ["pending"] * 3
    assert all(attempts >= 2 and error for _s, attempts, error in states)

    with sink:  # a server that answers 451 (temporarily unavailable): still queued
        sink.refuse = True
        time.sleep(0.6)
        assert outbox.deliver_due(engine, backoff=FAST).messages_sent == 0
        assert sink.messages == []
        sink.refuse = False
        time.sleep(0.6)
        report = outbox.deliver_due(engine, backoff=FAST)
        time.sleep(0.6)
        assert outbox.deliver_due(engine, backoff=FAST).messages_sent == 0
    assert report.messages_sent == 3
    subjects = sorted(str(m["Subject"]) for m in sink.messages)
    assert len(subjects) == 3 and all("Bài" in s for s in subjects) and len(set(subjects)) == 3
    assert [s for s, _a, _e in _states(engine)] == ["delivered"] * 3


@pytest.mark.fault
def test_claim_of_a_crashed_sender_expires_and_is_sent_once(engine: Engine) -> None:
    sent: list[str] = []

    def sender(url: str, message: alerts.Message) -> None:
        sent.append(message.title)

    with session_scope(engine) as session:
        upsert_subscription(session, name="x", url="json://127.0.0.1:9/x", kinds=["figure_revised"])
    _three_documents(engine)
    from chitieu.clock import now

    token, claimed = outbox.claim(
        engine, now(), timedelta(seconds=1), limit=10
    )  # a worker claims, then "dies"
    assert len(claimed) == 3
    assert outbox.deliver_due(engine, sender=sender).messages_sent == 0, "a live claim is respected"
    time.sleep(1.2)
    report = outbox.deliver_due(engine, sender=sender)
    assert report.messages_sent == 3 and len(set(sent)) == 3
    assert outbox.deliver_due(engine, sender=sender).messages_sent == 0
    assert outbox._mark_delivered(engine, token, claimed) == 0, "the dead worker's late mark changes nothing"


@pytest.mark.fault
def test_a_failing_channel_never_drops_and_a_bug_in_it_is_recorded(engine: Engine) -> None:
    def broken(url: str, message: alerts.Message) -> None:
        raise RuntimeError("plugin bug")

    with session_scope(engine) as session:
        upsert_subscription(session, name="x", url="json://127.0.0.1:9/x", kinds=["figure_revised"])
    _three_documents(engine)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and min(a for _s, a, _e in _states(engine)) < 4:
        assert outbox.deliver_due(engine, sender=broken, backoff=FAST).messages_sent == 0
        time.sleep(0.1)
    states = _states(engine)
    assert len(states) == 3
    assert all(
        state == "pending" and attempts >= 4 and "plugin bug" in (error or "")
        for state, attempts, error in states
    )
