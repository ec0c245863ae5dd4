"""``chitieu demo``: the whole pipeline offline, in well under a minute.

Serve the bundled portal on 127.0.0.1, crawl it (the real crawler, in a child process) into an SQLite
database, apply the revision (one figure corrected, one added, one removed), crawl again, print the
change report, and deliver the alert through apprise to a local SMTP sink that writes a mailbox file.
The database stays behind for the archivist commands (``chitieu changes --db ...``).
"""

from __future__ import annotations

import mailbox
import shutil
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email import policy
from email.parser import BytesParser
from pathlib import Path
from typing import Any

import yaml
from rich.console import Console
from rich.table import Table
from sqlalchemy import func, select

from chitieu.clock import now
from chitieu.settings import get_settings
from monitor import alert_text, alerts
from monitor.demo import site
from monitor.demo.mailsink import MailSink
from monitor.demo.server import SITEMAP, Pages, PortalServer
from monitor.scheduler import Crawler, Options, deliver, new_holder
from monitor.subscriptions import upsert_subscription
from storage.db import make_engine, session_scope, upgrade
from storage.models import ChangeEvent
from storage.models.monitoring import CrawlRun

SOURCE_KEY = "demo-cao-bang"
ALERT_KINDS = ["figure_new", "figure_revised", "figure_withdrawn", "discrepancy"]
FAST_CRAWL = {"DOWNLOAD_TIMEOUT": 10, "RETRY_TIMES": 1, "AUTOTHROTTLE_ENABLED": False}


@dataclass(slots=True)
class DemoResult:
    db_url: str
    mailbox: Path
    runs: list[CrawlRun] = field(default_factory=list)
    changes: list[alerts.AlertItem] = field(default_factory=list)
    mail_subject: str | None = None
    mail_text: str | None = None
    seconds: float = 0.0


def _fresh_places(db_url: str | None, mailbox_path: Path | None) -> tuple[str, Path, Path]:
    """(database URL, archive dir, mailbox). The default demo database is recreated on every run."""
    home = get_settings().data_dir / "demo"
    if db_url is None:
        shutil.rmtree(home, ignore_errors=True)
        db_url = f"sqlite:///{home / 'chitieu-demo.sqlite'}"
    home.mkdir(parents=True, exist_ok=True)
    box = mailbox_path or home / "mailbox.mbox"
    box.unlink(missing_ok=True)
    return db_url, home / "archive", box


def _registry(path: Path, base_url: str) -> Path:
    entry = {
        "key": SOURCE_KEY,
        "province": site.PROVINCE,
        "base_url": f"{base_url}/",
        "platform": "nukeviet",
        "start_urls": [f"{base_url}{site.LISTING}"],
        "sitemaps": [f"{base_url}{SITEMAP}"],
        "kind": "portal",
        "allow_local": True,
        "verified": True,
        "notes": "chitieu demo portal (bundled, served on 127.0.0.1)",
    }
    path.write_text(yaml.safe_dump({"sources": [entry]}, allow_unicode=True), encoding="utf-8")
    return path


def run_demo(db_url: str | None, mailbox_path: Path | None, lang: str, console: Console) -> DemoResult:
    started = time.monotonic()
    db_url, archive, box = _fresh_places(db_url, mailbox_path)
    engine = make_engine(db_url)
    upgrade(engine)
    result = DemoResult(db_url, box)
    pages = Pages(site.pages(), modified=datetime(2019, 12, 11, 9, 0, tzinfo=UTC))
    with (
        tempfile.TemporaryDirectory(prefix="chitieu-demo-") as tmp,
        MailSink(box) as sink,
        PortalServer(pages) as portal,
    ):
        console.print(
            f"[bold]chitieu demo[/]: portal of {site.PROVINCE} (NukeViet style) at {portal.base_url}/"
        )
        with session_scope(engine) as session:
            upsert_subscription(
                session, name="demo-mailbox", url=sink.mailto_url(), language=lang, kinds=ALERT_KINDS
            )
        options = Options(
            db_url=db_url,
            registry=_registry(Path(tmp) / "registry.yaml", portal.base_url),
            source_keys=(SOURCE_KEY,),
            allow_local=True,
            crawl_settings=FAST_CRAWL,
            work_dir=Path(tmp),
            child_env={"CHITIEU_ARCHIVE_DIR": str(archive)},
        )
        crawler = Crawler(engine, options, new_holder(), threading.Event(), Path(tmp))
        source = _source(options)
        result.runs.append(_crawl(crawler, source, console, "first crawl"))
        first_change = _last_change_id(engine)
        pages.replace(site.pages(revised=True), modified=datetime(2019, 12, 16, 10, 0, tzinfo=UTC))
        console.print("revision applied: GRDP per head corrected, one target added, one dropped")
        result.runs.append(_crawl(crawler, source, console, "second crawl"))
        with session_scope(engine) as session:
            ids = session.scalars(select(ChangeEvent.id).where(ChangeEvent.id > first_change))
            result.changes = alerts.load_items(session, list(ids))
        deliver(engine, options, threading.Event())
        _read_mail(result, box)
    engine.dispose()
    result.seconds = time.monotonic() - started
    _report(result, console, lang)
    return result


def _source(options: Options) -> Any:
    from monitor.scheduler import load_sources

    return load_sources(options)[0]


def _crawl(crawler: Crawler, source: Any, console: Console, label: str) -> CrawlRun:
    slot = now()
    run = crawler.crawl(source, slot, "demo")
    if run is None:
        raise RuntimeError(f"{label}: the demo source is locked by another process")
    console.print(
        f"{label}: {run.pages} pages, {run.new_documents} new documents, {run.new_versions} new "
        f"versions, {run.figures} figures, {run.changes} changes ({run.status}, {run.duration_s:.1f} s)"
    )
    if run.status == "error":
        raise RuntimeError(f"{label} failed: {run.error}")
    return run


def _last_change_id(engine: Any) -> int:
    with session_scope(engine) as session:
        return session.scalar(select(func.max(ChangeEvent.id))) or 0


def _read_mail(result: DemoResult, box: Path, wait: float = 5.0) -> None:
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline and not (box.exists() and box.stat().st_size):
        time.sleep(0.05)
    if not box.exists():
        return
    messages = list(mailbox.mbox(str(box)))
    if not messages:
        return
    message = BytesParser(policy=policy.default).parsebytes(messages[-1].as_bytes())
    result.mail_subject = str(message["Subject"])
    body = message.get_body(("plain",))
    result.mail_text = body.get_content() if body is not None else None


def _report(result: DemoResult, console: Console, lang: str) -> None:
    table = Table(title="changes found by the second crawl")
    for name in ("kind", "indicator", "period", "old", "new", "note"):
        table.add_column(name)
    for item in result.changes:
        old = alert_text.statement(
            item.old.value, item.old.value_max, item.old.comparator, item.old.unit, lang
        )
        new = alert_text.statement(
            item.new.value, item.new.value_max, item.new.comparator, item.new.unit, lang
        )
        note = alert_text.plausibility_note(
            item.plausibility, item.note, item.old.value, item.new.value, lang
        )
        table.add_row(
            item.kind, item.indicator or item.new.title or "", item.period or "", old, new, note or ""
        )
    console.print(table)
    if result.mail_subject:
        console.print(f"\n[bold]alert sent[/] to the local mailbox {result.mailbox}")
        console.print(f"Subject: {result.mail_subject}", markup=False, highlight=False, soft_wrap=True)
        console.print(result.mail_text or "", markup=False, highlight=False, soft_wrap=True)
    else:
        console.print(f"[red]no alert reached the mailbox {result.mailbox}[/]")
    db = result.db_url
    console.print(f"\ndone in {result.seconds:.1f} s. The database stays for the archivist commands:")
    for command in (
        f"chitieu changes --db {db}",
        f"chitieu history 'GRDP bình quân đầu người' --db {db}",
        f"chitieu versions {_resolution_url(result)} --db {db}",
    ):
        console.print(f"  {command}", markup=False, highlight=False, soft_wrap=True)


def _resolution_url(result: DemoResult) -> str:
    for item in result.changes:
        if item.new.url:
            return item.new.url
    return "URL"
