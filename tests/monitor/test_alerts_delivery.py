"""Alerts reach a real SMTP server and a real webhook with content a person can act on, once each."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from alertkit import WebhookReceiver
from freezegun import freeze_time
from sqlalchemy import Engine, select

from monitor import outbox
from monitor.demo.mailsink import MailSink
from monitor.record import record_version
from monitor.subscriptions import upsert_subscription
from storage.db import session_scope
from storage.models.monitoring import AlertOutbox
from storage.testing import incoming

URL = "https://caobang.gov.vn/news/kinh-te/chi-tieu-2020-2411.html"
TITLE = "Thống nhất các chỉ tiêu phát triển kinh tế - xã hội năm 2020"
V1 = (
    "Các chỉ tiêu chủ yếu năm 2020 của tỉnh:\n"
    "- Tốc độ tăng trưởng kinh tế (GRDP) phấn đấu đạt 7,5%.\n"
    "- GRDP bình quân đầu người đạt 3,33 triệu đồng.\n"
    "- Tỷ lệ che phủ rừng duy trì ở mức 55%.\n"
)
V2 = V1.replace("3,33 triệu", "33,3 triệu")


@pytest.fixture(autouse=True)
def _outbox_hook() -> Iterator[None]:
    from monitor.changes import unregister_change_hook

    outbox.install_hook()
    yield
    unregister_change_hook(outbox.enqueue_change)


def record(
    engine: Engine, text: str, day: int, url: str = URL, province: str = "Cao Bằng", title: str = TITLE
):
    with session_scope(engine) as session:
        fetched = datetime(2019, 12, day, 3, 0, tzinfo=UTC)
        return record_version(
            session, incoming(url, text, fetched_at=fetched, title=title, province=province, period="2020")
        )


def subscribe(engine: Engine, **fields) -> None:
    with session_scope(engine) as session:
        upsert_subscription(session, **fields)


def test_revision_email_over_real_smtp_has_html_and_text_with_all_facts(engine: Engine) -> None:
    with MailSink() as sink:
        subscribe(engine, name="mail", url=sink.mailto_url(), kinds=["figure_revised"])
        record(engine, V1, 11)
        record(engine, V2, 16)
        report = outbox.deliver_due(engine)
        again = outbox.deliver_due(engine)
    assert (report.messages_sent, report.alerts_delivered) == (1, 1)
    assert again.messages_sent == 0
    assert len(sink.messages) == 1
    mail = sink.messages[0]
    assert mail.get_content_type() == "multipart/alternative"
    assert "Cao Bằng" in str(mail["Subject"]) and TITLE in str(mail["Subject"])
    html = mail.get_body(("html",)).get_content()
    text = mail.get_body(("plain",)).get_content()
    for part in (html, text):
        assert "GRDP bình quân đầu người" in part
        assert "năm 2020" in part
        assert "3,33 triệu đồng → 33,3 triệu đồng" in part
        assert URL in part
        assert "“GRDP bình quân đầu người đạt 3,33 triệu đồng”" in part
        assert "“GRDP bình quân đầu người đạt 33,3 triệu đồng”" in part
        assert "11/12/2019 10:00 → 16/12/2019 10:00" in part  # versions, Vietnam time
        assert "nhầm dấu phẩy" in part  # the decimal-slip note, in Vietnamese
    assert f'href="{URL}"' in html


def test_webhook_receives_the_chat_message_in_english(engine: Engine) -> None:
    with WebhookReceiver() as hook:
        subscribe(
            engine, name="chat", url=hook.url, language="en", kinds=["figure_revised", "figure_withdrawn"]
        )
        record(engine, V1, 11)
        record(engine, V2.replace("- Tỷ lệ che phủ rừng duy trì ở mức 55%.\n", ""), 16)
        outbox.deliver_due(engine)
    assert len(hook.bodies) == 1, "one message per document revision, not one per change"
    body = hook.bodies[0]
    assert body["path"] == "/hooks/chitieu"
    assert body["title"].startswith("[chitieu] Cao Bằng: 2 changes")
    message = body["message"]
    assert (
        "Figure revised: GRDP per capita (GRDP bình quân đầu người) (period 2020): 3.33 triệu đồng → 33.3 triệu đồng"
        in message
    )
    assert "Figure withdrawn: Forest cover" in message and "55%" in message
    assert f"Document: {TITLE} — {URL}" in message
    assert "Before: “Tỷ lệ che phủ rừng duy trì ở mức 55%”" in message
    assert "slip of the decimal comma" in message


def test_subscriptions_filter_by_province_indicator_and_kind(engine: Engine) -> None:
    subscribe(engine, name="hanoi-only", url="json://127.0.0.1:9/x", provinces=["Hà Nội"])
    subscribe(engine, name="forest", url="json://127.0.0.1:9/x", indicators=["forest_cover"])
    subscribe(engine, name="grdp-name", url="json://127.0.0.1:9/x", indicators=["grdp binh quan dau nguoi"])
    subscribe(engine, name="new-docs", url="json://127.0.0.1:9/x", kinds=["document_new"])
    record(engine, V1, 11)
    record(engine, V2.replace("55%", "56%"), 16)
    with session_scope(engine) as session:
        rows = session.execute(select(AlertOutbox.kind, AlertOutbox.subscription_id)).all()
        names = {s.id: s.name for s in session.scalars(select(outbox.Subscription))}
    queued = sorted((names[sub], kind) for kind, sub in rows)
    assert queued == [
        ("forest", "figure_revised"),
        ("grdp-name", "figure_revised"),
        ("new-docs", "document_new"),
    ]


def test_daily_digest_is_one_message_grouped_by_province_and_indicator(engine: Engine) -> None:
    with WebhookReceiver() as hook:
        with freeze_time("2019-12-16 03:00:00"):  # 10:00 in Vietnam
            subscribe(
                engine,
                name="digest",
                url=hook.url,
                mode="digest",
                digest_at="07:00",
                kinds=["figure_revised", "figure_new"],
            )
            record(engine, V1, 11)
            record(engine, V2, 12)
            other = "https://bacninh.gov.vn/ke-hoach-2020.html"
            record(engine, V1, 11, url=other, province="Bắc Ninh", title="Kế hoạch năm 2020 của Bắc Ninh")
            record(
                engine,
                V1.replace("55%", "57%").replace("7,5%", "8%"),
                12,
                url=other,
                province="Bắc Ninh",
                title="Kế hoạch năm 2020 của Bắc Ninh",
            )
            assert outbox.deliver_due(engine).messages_sent == 0, "a digest waits for its hour"
        with freeze_time("2019-12-17 00:01:00"):  # 07:01 in Vietnam, the next morning
            report = outbox.deliver_due(engine)
    assert (report.messages_sent, report.alerts_delivered) == (1, 3)
    message = hook.bodies[0]["message"]
    bac_ninh, cao_bang = message.index("== Bắc Ninh =="), message.index("== Cao Bằng ==")
    assert bac_ninh < cao_bang
    bac_ninh_part = message[bac_ninh:cao_bang]
    assert bac_ninh_part.index("-- Tốc độ tăng trưởng kinh tế (GRDP) --") < bac_ninh_part.index(
        "-- Tỷ lệ che phủ rừng --"
    )
    assert "7,5% → 8%" in bac_ninh_part and "55% → 57%" in bac_ninh_part
    assert "3,33 triệu đồng → 33,3 triệu đồng" in message[cao_bang:]


def test_scraped_markup_is_escaped_in_html_mail(engine: Engine) -> None:
    hostile_title = 'Kế hoạch <script>alert("x")</script> <img src=x onerror=alert(1)>'
    hostile_url = 'https://caobang.gov.vn/a.html?q="><script>alert(2)</script>'
    with MailSink() as sink:
        subscribe(engine, name="mail", url=sink.mailto_url(), kinds=["figure_revised"])
        record(engine, V1, 11, url=hostile_url, title=hostile_title)
        record(engine, V2, 16, url=hostile_url, title=hostile_title)
        outbox.deliver_due(engine)
    html = sink.messages[0].get_body(("html",)).get_content()
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert 'href="https://caobang.gov.vn/a.html?q=&quot;&gt;&lt;script&gt;' in html


def test_health_alert_and_change_alert_share_the_outbox_without_duplicates(engine: Engine) -> None:
    with WebhookReceiver() as hook:
        subscribe(engine, name="ops", url=hook.url, kinds=["health"])
        with session_scope(engine) as session:
            payload = {
                "kind": "source_failing",
                "source_key": "cao-bang-portal",
                "province": "Cao Bằng",
                "count": 3,
                "last_error": "timeout",
            }
            assert outbox.enqueue_health(session, payload, "source_failing:cao-bang-portal:after:0") == 1
            assert outbox.enqueue_health(session, payload, "source_failing:cao-bang-portal:after:0") == 0
        outbox.deliver_due(engine)
    assert len(hook.bodies) == 1
    assert "Nguồn cao-bang-portal (Cao Bằng) đã lỗi 3 lần liên tiếp" in hook.bodies[0]["message"]


def test_backoff_grows_and_is_capped() -> None:
    backoff = outbox.Backoff(base=10, cap=100)
    delays = [backoff.delay(n).total_seconds() for n in (1, 2, 3, 10)]
    assert 8 <= delays[0] <= 12 and 16 <= delays[1] <= 24 and 32 <= delays[2] <= 48
    assert delays[3] <= 120 and timedelta(seconds=delays[3]) >= timedelta(seconds=80)
