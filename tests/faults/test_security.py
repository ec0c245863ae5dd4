"""Security as tests: where the crawler may connect, limits on every download and parse, secrets kept out
of logs and error messages, secrets only from the environment or a config file outside the repository."""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path

import pytest
from crawlkit.portals.common import TARGETS_2025, page, paragraphs
from crawlkit.registry import source_entry
from crawlkit.server import Resource, Site
from faultkit import INJECT, run_crawl
from scrapy import Request
from sqlalchemy import Engine, select

from chitieu.errors import InputError
from crawler import attachments, netguard
from crawler.middlewares import NetworkGuardMiddleware, RefusedRequest
from crawler.settings import build_settings
from crawler.sources import source_from_dict
from figures.loader import InputRejected, load_text

pytestmark = pytest.mark.fault

PUBLIC_LOOKING = "cong.tinh-mau.vn"
SECRET_SMTP = "Mk-smtp-9x7q2"
SECRET_TOKEN = "Tk-webhook-4f8a1c"
SECRET_ADMIN = "Ad-admin-77e3b0"


# -- where the crawler connects ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "host",
    ["127.0.0.1", "2130706433", "0x7f000001", "127.1", "0177.0.0.1", "[::1]", "[::ffff:127.0.0.1]", "localhost.",
     "10.0.0.5", "192.168.1.1", "172.16.0.1", "169.254.169.254", "[fe80::1]", "100.64.0.1", "0.0.0.0"],
)  # fmt: skip
def test_loopback_private_and_link_local_in_any_spelling_are_refused(host: str) -> None:
    assert netguard.private_address_reason(netguard.host_of(f"http://{host}/")) is not None


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("https://caobang.gov.vn.evil.example/chi-tieu.html", "off-domain"),
        ("https://evilcaobang.gov.vn/chi-tieu.html", "off-domain"),
        ("https://caobang.gov.vn@evil.example/chi-tieu.html", "off-domain"),
        ("https://gov.vn/chi-tieu.html", "off-domain"),
        ("http://169.254.169.254/latest/meta-data/", "private-address"),
        ("http://[::ffff:10.0.0.1]/noi-bo.pdf", "private-address"),
    ],
)
def test_the_guard_keeps_a_public_source_inside_its_domains(url: str, kind: str) -> None:
    source = source_from_dict({"key": "cb", "province": "Cao Bằng", "base_url": "https://caobang.gov.vn/"})
    guard = NetworkGuardMiddleware(_Crawler(_Spider(source)))
    with pytest.raises(RefusedRequest) as refused:
        guard.process_request(Request(url, meta={"source": "cb"}))
    assert refused.value.kind == kind
    assert guard.process_request(Request("https://CAOBANG.GOV.VN./a.html", meta={"source": "cb"})) is None


class _Spider:
    def __init__(self, *sources) -> None:
        self.sources = {s.key: s for s in sources}

    def source_for_request(self, request):
        return self.sources.get(request.meta.get("source", ""))


class _Crawler:
    def __init__(self, spider) -> None:
        self.spider = spider


def _site(extra_links: list[str]) -> Site:
    site = Site()
    site["/robots.txt"] = Resource(b"User-agent: *\nDisallow:\n", "text/plain")
    good = "/news/kinh-te/ke-hoach-phat-trien-kinh-te-xa-hoi-nam-2025-71.html"
    links = [good, *extra_links]
    entries = "".join(
        f'<div class="panel-body"><h3><a href="{u}">Chỉ tiêu kế hoạch năm 2025 (bài {i})</a></h3></div>'
        for i, u in enumerate(links, 1)
    )
    site["/news/kinh-te/"] = page(f'<div class="news_column">{entries}</div>', "Kinh tế")
    site[good] = page(
        '<div class="news_column panel"><div class="panel-body"><h1 class="title">Kế hoạch năm 2025</h1>'
        f'<div id="news-bodyhtml" class="bodytext">{paragraphs(TARGETS_2025[:2])}</div></div></div>',
        "Kế hoạch năm 2025",
    )
    return site


def test_a_public_looking_name_that_points_at_loopback_is_refused(serve, tmp_path: Path) -> None:
    site = _site([])
    port = int(serve(site).rsplit(":", 1)[1])
    base = f"http://{PUBLIC_LOOKING}:{port}"
    dns = {"PYTHONPATH": str(INJECT), "CHITIEU_TEST_DNS": f"{PUBLIC_LOOKING}=127.0.0.1"}

    run = run_crawl(
        tmp_path, [source_entry("fx-rebound", "Cao Bằng", base, "/news/kinh-te/")], env=dns, allow_local=False
    )

    assert run.returncode == 0, run.stderr[-3000:]
    assert run.fault_kinds("fx-rebound")[base + "/news/kinh-te/"] == "private-address"
    assert site.hits == [], "not even robots.txt was fetched"


def test_dns_rebinding_after_the_guard_check_never_reaches_loopback(serve, tmp_path: Path) -> None:
    """The guard's lookup says public, a second lookup would say 127.0.0.1: the connection goes to the
    address the guard checked (``crawler.resolver``), never to the local server."""
    site = _site([])
    port = int(serve(site).rsplit(":", 1)[1])
    base = f"http://{PUBLIC_LOOKING}:{port}"
    env = {
        "PYTHONPATH": str(INJECT),
        "CHITIEU_TEST_GUARD_DNS": f"{PUBLIC_LOOKING}=203.113.131.9",  # what the guard checks
        "CHITIEU_TEST_DNS": f"{PUBLIC_LOOKING}=127.0.0.1",  # what any later lookup answers
    }

    run = run_crawl(
        tmp_path,
        [source_entry("fx-rebind", "Cao Bằng", base, "/news/kinh-te/")],
        env=env,
        allow_local=False,
        settings={"DOWNLOAD_TIMEOUT": 3, "RETRY_ENABLED": False, "ROBOTSTXT_OBEY": False},
    )

    assert run.returncode == 0, run.stderr[-3000:]
    assert site.hits == [], "nothing reached the local server"
    assert run.fault_kinds("fx-rebind"), "the unreachable portal is recorded as a fault"


def test_a_redirect_from_a_public_host_to_loopback_is_refused(serve, tmp_path: Path) -> None:
    site = _site(
        ["/news/kinh-te/chi-tieu-chuyen-huong-72.html", "http://noi-bo.tinh-mau.vn:@PORT@/tai-lieu-73.html"]
    )
    port = int(serve(site).rsplit(":", 1)[1])
    listing = site.resources["/news/kinh-te/"]
    listing.body = listing.body.replace(b"@PORT@", str(port).encode())
    loopback = f"http://127.0.0.1:{port}/noi-bo/bao-cao-mat.html"
    site["/news/kinh-te/chi-tieu-chuyen-huong-72.html"] = Resource(status=302, location=loopback)
    site["/noi-bo/bao-cao-mat.html"] = Resource(b"<html><body>n\xe1\xbb\x99i b\xe1\xbb\x99</body></html>")
    base = f"http://{PUBLIC_LOOKING}:{port}"
    env = {  # both names really reach 127.0.0.1; the guard is told the portal is public, the intranet not
        "PYTHONPATH": str(INJECT),
        "CHITIEU_TEST_DNS": f"{PUBLIC_LOOKING}=127.0.0.1,noi-bo.tinh-mau.vn=127.0.0.1",
        "CHITIEU_TEST_GUARD_DNS": f"{PUBLIC_LOOKING}=203.113.131.1,noi-bo.tinh-mau.vn=10.20.30.40",
        "CHITIEU_TEST_NAT": "203.113.131.1=127.0.0.1",  # the public portal's address reaches the test server
    }

    run = run_crawl(
        tmp_path,
        [source_entry("fx-redirect", "Cao Bằng", base, "/news/kinh-te/", allowed_domains=["tinh-mau.vn"])],
        env=env,
        allow_local=False,
        settings={"DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False},
    )

    assert run.returncode == 0, run.stderr[-3000:]
    kinds = run.fault_kinds("fx-redirect")
    assert kinds[loopback] == "private-address"
    assert kinds[f"http://noi-bo.tinh-mau.vn:{port}/tai-lieu-73.html"] == "private-address"
    paths = {hit.path for hit in site.hits}
    assert "/news/kinh-te/chi-tieu-chuyen-huong-72.html" in paths, "the public page was fetched"
    assert "/noi-bo/bao-cao-mat.html" not in paths and "/tai-lieu-73.html" not in paths
    assert run.source("fx-redirect")["new_documents"] == 1


# -- limits on every download and every parse -----------------------------------------------------------


def test_every_download_has_size_and_time_limits() -> None:
    from scrapy.crawler import Crawler

    from crawler.spiders.portal import PortalSpider

    settings = Crawler(PortalSpider, build_settings("sqlite://")).settings
    assert 0 < settings.getint("DOWNLOAD_MAXSIZE") <= 100 * 1024 * 1024
    assert 0 < settings.getint("DOWNLOAD_WARNSIZE") <= settings.getint("DOWNLOAD_MAXSIZE")
    assert 0 < settings.getfloat("DOWNLOAD_TIMEOUT") <= 120
    assert settings.getbool("DOWNLOAD_FAIL_ON_DATALOSS")
    assert 0 < settings.getint("REDIRECT_MAX_TIMES") <= 10
    assert settings.getbool("DOWNLOAD_VERIFY_CERTIFICATES")
    assert settings.getint("RETRY_TIMES") <= 5
    # parses: attachments in a child process with time and memory limits, OCR tools with their own
    assert 0 < attachments.EXTRACT_TIMEOUT_S <= 3600 and 0 < attachments.EXTRACT_MEMORY_BYTES <= 4 << 30
    assert 0 < attachments.OCR_TIMEOUT_S <= attachments.EXTRACT_TIMEOUT_S
    assert attachments.MAX_DOCX_UNCOMPRESSED <= 100 << 20 and attachments.MAX_PAGES <= 100


def test_a_crawl_opens_no_control_port() -> None:
    """Scrapy's telnet console and remote-control server execute code sent to them: never in a crawl."""
    from scrapy.crawler import Crawler
    from scrapy.exceptions import NotConfigured
    from scrapy.extensions.remote_control import RemoteControl
    from scrapy.extensions.telnet import TelnetConsole

    from crawler.spiders.portal import PortalSpider

    crawler = Crawler(PortalSpider, build_settings("sqlite://"))
    for extension in (RemoteControl, TelnetConsole):
        with pytest.raises(NotConfigured):
            extension.from_crawler(crawler)
        path = f"{extension.__module__}.{extension.__name__}"
        assert crawler.settings.getdict("EXTENSIONS").get(path, "off") is None
        assert path not in crawler.settings.getdict("EXTENSIONS_BASE")  # so not even imported


def test_the_loader_refuses_huge_inputs_before_parsing(tmp_path: Path) -> None:
    from chitieu.settings import get_settings

    huge = tmp_path / "nghi-quyet.txt"
    limit = get_settings().max_input_bytes
    huge.write_bytes(b"GRDP t\xc4\x83ng 7,5%.\n" * (limit // 16 + 1))
    started = time.monotonic()
    with pytest.raises(InputRejected, match="too large"):
        load_text(huge)
    assert time.monotonic() - started < 1


def test_an_oversized_body_is_stored_with_its_error_not_parsed(engine: Engine) -> None:
    from chitieu.settings import get_settings
    from monitor.record import record_version
    from storage.db import session_scope
    from storage.models import DocumentVersion
    from storage.testing import incoming

    body = "Thu ngân sách đạt 1.800 tỷ đồng.\n" * (get_settings().max_input_bytes // 30)
    started = time.monotonic()
    with session_scope(engine) as session:
        result = record_version(session, incoming("https://caobang.gov.vn/lon.html", body))
    assert time.monotonic() - started < 10
    assert result.status == "error" and "too large" in (result.error or "")
    with session_scope(engine) as session:
        assert session.scalar(select(DocumentVersion.figure_count)) == 0


# -- secrets ---------------------------------------------------------------------------------------------


def _delivery_logs(engine: Engine, url: str, caplog: pytest.LogCaptureFixture) -> str:
    """Every log line and stored error of a failing delivery to ``url``, at DEBUG level."""
    from monitor import outbox
    from monitor.changes import unregister_change_hook
    from monitor.record import record_version
    from monitor.subscriptions import upsert_subscription
    from storage.db import session_scope
    from storage.models.monitoring import AlertOutbox
    from storage.testing import incoming

    outbox.install_hook()
    try:
        with session_scope(engine) as session:
            upsert_subscription(session, name="secret", url=url, kinds=["document_new"])
        with session_scope(engine) as session:
            record_version(session, incoming("https://caobang.gov.vn/kh.html", "GRDP tăng 7,5%.", title="KH"))
        caplog.clear()
        with caplog.at_level(logging.DEBUG):
            report = outbox.deliver_due(engine)
    finally:
        unregister_change_hook(outbox.enqueue_change)
    assert report.alerts_failed == 1 and report.messages_sent == 0, "the delivery failed, as arranged"
    with session_scope(engine) as session:
        stored = " ".join(e or "" for e in session.scalars(select(AlertOutbox.last_error)))
    assert stored, "the failure is recorded"
    return "\n".join([caplog.text, *report.errors, stored])


@pytest.mark.parametrize("form", ["literal", "environment"])
def test_smtp_password_never_reaches_logs_or_errors(
    engine: Engine, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch, form: str
) -> None:
    from monitor.demo.mailsink import MailSink

    monkeypatch.setenv("CHITIEU_TEST_SMTP_PASSWORD", SECRET_SMTP)
    password = SECRET_SMTP if form == "literal" else "${CHITIEU_TEST_SMTP_PASSWORD}"
    with MailSink() as sink:  # a server without AUTH: the login with the password fails
        url = f"mailto://canh-bao:{password}@127.0.0.1:{sink.port}?to=luu-tru@so-kh.gov.vn&from=canh-bao@so-kh.gov.vn"
        text = _delivery_logs(engine, url, caplog)
    assert "127.0.0.1" in text, "the logs do say where delivery failed"
    assert SECRET_SMTP not in text


def test_webhook_token_never_reaches_logs_or_errors(engine: Engine, caplog: pytest.LogCaptureFixture) -> None:
    from alertkit import WebhookReceiver

    with WebhookReceiver() as hook:
        hook.status = 500
        url = hook.url.replace("/hooks/chitieu", f"/hooks/{SECRET_TOKEN}") + f"?token={SECRET_TOKEN}"
        text = _delivery_logs(engine, url, caplog)
    assert "500" in text and SECRET_TOKEN not in text


def test_admin_token_never_reaches_logs_or_responses(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    from fastapi.testclient import TestClient

    from chitieu.settings import get_settings
    from web.app import create_app

    monkeypatch.setenv("CHITIEU_ADMIN_TOKEN", SECRET_ADMIN)
    get_settings.cache_clear()
    source = {"key": "tq-hdnd", "province": "Tuyên Quang", "base_url": "https://hdnd.tuyenquang.gov.vn/"}
    seen: list[str] = []
    with (
        caplog.at_level(logging.DEBUG),
        TestClient(create_app(f"sqlite:///{tmp_path / 'web.sqlite'}")) as client,
    ):
        for headers in (
            {"Authorization": f"Bearer {SECRET_ADMIN}x"},
            {"Authorization": f"Basic {SECRET_ADMIN}"},
        ):
            answer = client.post("/api/sources", json=source, headers=headers)
            assert answer.status_code == 401
            seen.append(answer.text + str(answer.headers))
        answer = client.post("/login", data={"token": SECRET_ADMIN + "x"}, follow_redirects=False)
        seen.append(answer.text + str(answer.headers))
        answer = client.post("/api/sources", json=source, headers={"Authorization": f"Bearer {SECRET_ADMIN}"})
        assert answer.status_code in (200, 201)
        seen.append(answer.text + str(answer.headers))
        answer = client.post("/login", data={"token": SECRET_ADMIN}, follow_redirects=False)
        seen.append(answer.text + str(answer.headers))
    assert SECRET_ADMIN not in caplog.text
    assert not [s for s in seen if SECRET_ADMIN in s], "no response echoes the token (the cookie is an HMAC)"
    assert SECRET_ADMIN not in repr(get_settings())


def test_settings_repr_hides_the_database_password(monkeypatch: pytest.MonkeyPatch) -> None:
    from chitieu.settings import Settings

    monkeypatch.setenv("CHITIEU_DB_URL", "postgresql+psycopg://chitieu:Db-pass-31x@db.internal/chitieu")
    settings = Settings()
    assert "Db-pass-31x" not in repr(settings) and "Db-pass-31x" not in str(settings)
    assert settings.database_url.endswith("@db.internal/chitieu")


def test_secrets_come_from_a_config_file_outside_the_repository(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from chitieu.settings import get_settings

    outside = tmp_path / "etc" / "chitieu.env"
    outside.parent.mkdir()
    outside.write_text(
        f"CHITIEU_ADMIN_TOKEN={SECRET_ADMIN}\nCHITIEU_MAX_INPUT_BYTES=12345\n", encoding="utf-8"
    )
    outside.chmod(0o600)
    monkeypatch.setenv("CHITIEU_CONFIG", str(outside))
    get_settings.cache_clear()
    settings = get_settings()
    assert settings.admin_token is not None and settings.admin_token.get_secret_value() == SECRET_ADMIN
    assert settings.max_input_bytes == 12345
    monkeypatch.setenv("CHITIEU_MAX_INPUT_BYTES", "777")  # the environment wins over the file
    get_settings.cache_clear()
    assert get_settings().max_input_bytes == 777

    repo = Path(__file__).resolve().parents[2]
    inside = repo / "tests" / "faults" / f".secrets-{os.getpid()}.env"
    inside.write_text(f"CHITIEU_ADMIN_TOKEN={SECRET_ADMIN}\n", encoding="utf-8")
    try:
        monkeypatch.setenv("CHITIEU_CONFIG", str(inside))
        get_settings.cache_clear()
        with pytest.raises(InputError, match="inside the repository") as refused:
            get_settings()
        assert SECRET_ADMIN not in str(refused.value)
    finally:
        inside.unlink()
        get_settings.cache_clear()
