"""Storage faults: the database down at start and in the middle of an ingest, the archive disk full.

Decisions (see README.md here): a crawl whose database is down at start does not fetch anything: one
line on stderr, exit status 1. When the database goes away mid-crawl, the ingest in flight is rolled back
whole, that document is recorded as a ``storage`` fault and the crawl goes on (the next documents reconnect
when the database is back); its validators are not saved, so the next crawl fetches it again in full. A
body that cannot be archived (disk full) is never stored as a version: the same ``storage`` fault, retried
by the next crawl.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from crawlkit.portals.common import page, paragraphs
from crawlkit.registry import source_entry
from crawlkit.server import Resource, Site
from faultkit import REPO, TcpProxy, child_env, run_crawl
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

import figures
from chitieu.errors import StorageError
from monitor.record import record_version
from storage.archive import Archive
from storage.db import make_engine, session_scope, upgrade
from storage.models import ChangeEvent, Document, DocumentVersion, StoredFigure
from storage.testing import incoming, missing_backend_reason, scratch_database, skip_or_fail

pytestmark = pytest.mark.fault

LISTING = "/news/kinh-te/"
MARKER = "Kon Plông"  # only in one article's body: the proxy cuts the database when it passes
ARTICLES = {
    f"/news/kinh-te/ke-hoach-phat-trien-kinh-te-xa-hoi-huyen-{n}-2026-{60 + n}.html": (
        f"Kế hoạch phát triển kinh tế - xã hội năm 2026 của huyện số {n}",
        [
            f"Tốc độ tăng trưởng kinh tế đạt {6 + n},{n}%.",
            f"Thu ngân sách trên địa bàn đạt {100 + 7 * n} tỷ đồng.",
            f"Tỷ lệ che phủ rừng duy trì ở mức {40 + n}%.",
        ]
        + ([f"Huyện {MARKER} tập trung phát triển du lịch sinh thái."] if n == 3 else []),
    )
    for n in range(1, 7)
}
FIGURES_PER_ARTICLE = 3


def _portal(padding: int = 0) -> Site:
    site = Site()
    site["/robots.txt"] = Resource(b"User-agent: *\nDisallow:\n", "text/plain")
    entries = "".join(
        f'<div class="panel-body"><h3><a href="{path}">{title}</a></h3></div>'
        for path, (title, _l) in ARTICLES.items()
    )
    site[LISTING] = page(f'<div class="news_column">{entries}</div>', "Kinh tế")
    filler = f"<!-- {'lưu trữ ' * padding} -->"
    for path, (title, lines) in ARTICLES.items():
        site[path] = page(
            f'<div class="news_column panel"><div class="panel-body"><h1 class="title">{title}</h1>'
            f'<div id="news-bodyhtml" class="bodytext">{paragraphs(lines)}</div></div></div>{filler}',
            title,
        )
    return site


@pytest.fixture
def pg_url(tmp_path: Path) -> Iterator[str]:
    """A scratch PostgreSQL schema (the production store; SQLite has no server to lose)."""
    skip_or_fail(missing_backend_reason("postgresql"))
    with scratch_database("postgresql", tmp_path) as url:
        upgrade(url)
        yield url


def _via(proxy: TcpProxy, url: str) -> str:
    return make_url(url).set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)


def _counts(url: str) -> dict[str, int]:
    engine = make_engine(url)
    try:
        with session_scope(engine) as session:
            return {
                model.__name__: session.scalar(select(func.count()).select_from(model)) or 0
                for model in (Document, DocumentVersion, StoredFigure, ChangeEvent)
            }
    finally:
        engine.dispose()


# -- database down at start -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [
        ["crawl", "--registry", "{registry}", "--allow-local", "--no-progress"],
        ["run", "--once", "--registry", "{registry}", "--allow-local"],
        ["history", "grdp binh quan dau nguoi"],
        ["ingest", "{registry}", "--source", "local", "--url", "file:///x", "--province", "Cao Bằng"],
    ],
    ids=["crawl", "run-once", "history", "ingest"],
)
def test_database_down_at_start_is_one_line_and_exit_1(serve, tmp_path: Path, command: list[str]) -> None:
    site = _portal()
    base = serve(site)
    registry = tmp_path / "sources.yaml"
    import yaml

    registry.write_text(
        yaml.safe_dump(
            {"sources": [source_entry("fx-db-down", "Cao Bằng", base, LISTING)]}, allow_unicode=True
        ),
        encoding="utf-8",
    )
    proxy = TcpProxy("127.0.0.1", 9)  # nothing listens behind it: every connection is refused
    down = f"postgresql+psycopg://chitieu:mat-khau-bi-mat@127.0.0.1:{proxy.port}/chitieu"
    proxy.cut()
    try:
        args = [a.replace("{registry}", str(registry)) for a in command]
        done = subprocess.run(
            [sys.executable, "-c", "from chitieu.cli import main; main()", *args, "--db", down],
            capture_output=True,
            text=True,
            timeout=60,
            env=child_env(tmp_path),
            cwd=REPO,
            check=False,
        )
    finally:
        proxy.close()
    assert done.returncode == 1, done.stdout + done.stderr
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "database" in lines[0].lower(), done.stderr
    assert "Traceback" not in done.stderr and "mat-khau-bi-mat" not in done.stdout + done.stderr
    assert not site.hits, "nothing is fetched when nothing could be stored"


# -- database down mid-ingest -------------------------------------------------------------------------


def test_database_lost_mid_ingest_rolls_the_whole_ingest_back(pg_url: str) -> None:
    host, port = make_url(pg_url).host or "127.0.0.1", make_url(pg_url).port or 5432
    proxy = TcpProxy(host, port)
    engine = make_engine(_via(proxy, pg_url))
    text = "Kế hoạch năm 2026.\n" + "\n".join(next(iter(ARTICLES.values()))[1])

    def parse_then_lose_the_database(body: str, **options: object) -> list[figures.Figure]:
        found = figures.extract(body, **options)  # type: ignore[arg-type]
        proxy.cut()  # the document and its version row are written (flushed), its figures not yet
        return found

    try:
        with (
            pytest.raises(Exception, match=r"(?i)connection|closed|terminat|server"),
            session_scope(engine) as session,
        ):
            record_version(
                session,
                incoming("https://kontum.gov.vn/ke-hoach-2026.html", text, province="Kon Tum"),
                extract=parse_then_lose_the_database,
            )
        assert _counts(pg_url) == {"Document": 0, "DocumentVersion": 0, "StoredFigure": 0, "ChangeEvent": 0}
        proxy.restore()
        with session_scope(engine) as session:  # the same ingest, retried once the database is back
            result = record_version(
                session, incoming("https://kontum.gov.vn/ke-hoach-2026.html", text, province="Kon Tum")
            )
        assert result.status == "new_document"
        assert _counts(pg_url) == {"Document": 1, "DocumentVersion": 1, "StoredFigure": 3, "ChangeEvent": 1}
    finally:
        engine.dispose()
        proxy.close()


def test_crawl_survives_losing_the_database_and_the_next_crawl_completes(
    serve, tmp_path: Path, pg_url: str
) -> None:
    site = _portal()
    base = serve(site)
    url = make_url(pg_url)
    proxy = TcpProxy(url.host or "127.0.0.1", url.port or 5432, cut_on=MARKER.encode(), down_for=1.0)
    sources = [source_entry("fx-db-lost", "Kon Tum", base, LISTING)]
    try:
        first = run_crawl(tmp_path, sources, db_url=_via(proxy, pg_url), name="first")
        assert proxy.cuts == 1
        assert first.returncode == 0, first.stderr[-3000:]
        storage_faults = {f["url"] for f in first.source("fx-db-lost")["faults"] if f["kind"] == "storage"}
        marked = next(p for p, (_t, lines) in ARTICLES.items() if any(MARKER in line for line in lines))
        assert base + marked in storage_faults
        stored = _versions(pg_url)
        assert base + marked not in stored, "the ingest in flight was rolled back whole"
        assert all(figures == FIGURES_PER_ARTICLE for figures in stored.values()), "nothing half-written"
        assert set(stored) | storage_faults == {base + p for p in ARTICLES}, "each page: stored or a fault"

        proxy.cut_on = None
        assert proxy.wait_restored(), "the database came back"  # the first crawl may end while it is down
        second = run_crawl(tmp_path, sources, db_url=_via(proxy, pg_url), name="second")
        assert second.returncode == 0, second.stderr[-3000:]
    finally:
        proxy.close()
    final = _versions(pg_url)
    assert final == {base + p: FIGURES_PER_ARTICLE for p in ARTICLES}, "every page stored once, figures once"
    assert _counts(pg_url)["DocumentVersion"] == len(ARTICLES)


def _versions(url: str) -> dict[str, int]:
    engine = make_engine(url)
    try:
        with session_scope(engine) as session:
            rows = session.execute(select(DocumentVersion.url, DocumentVersion.figure_count)).all()
    finally:
        engine.dispose()
    return {u: n for u, n in rows}


# -- archive disk full --------------------------------------------------------------------------------


def test_unwritable_archive_refuses_the_version_not_just_the_body(tmp_path: Path, engine) -> None:
    blocked = tmp_path / "archive"
    blocked.write_text("a file where the archive directory should be")
    body = incoming("https://kontum.gov.vn/a.html", "Thu ngân sách 90 tỷ đồng.")
    with pytest.raises(StorageError, match="cannot archive"), session_scope(engine) as session:
        record_version(session, body, archive=Archive(blocked))
    with session_scope(engine) as session:
        assert session.scalar(select(func.count()).select_from(DocumentVersion)) == 0
        assert session.scalar(select(func.count()).select_from(Document)) == 0


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """An archive directory on a 48 KiB tmpfs when we may mount one, else under a file (every write fails)."""
    mount = tmp_path / "tiny"
    mount.mkdir()
    mounted = shutil.which("mount") is not None and (
        subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=48k,nr_inodes=64", "tmpfs", str(mount)],
            capture_output=True,
            check=False,
        ).returncode
        == 0
    )
    if mounted:
        yield mount / "archive", "tmpfs"
        subprocess.run(["umount", "-l", str(mount)], check=False)
    else:
        (mount / "archive").write_text("not a directory")
        yield mount / "archive", "blocked"


def test_archive_disk_full_never_stores_a_version_without_its_body(
    serve, tmp_path: Path, tiny_disk: tuple[Path, str]
) -> None:
    archive_dir, how = tiny_disk
    site = _portal(padding=1500)  # ~16 KB per page: a few fit on the tiny disk, then it is full
    base = serve(site)
    sources = [source_entry("fx-disk-full", "Kon Tum", base, LISTING)]
    env = {"CHITIEU_ARCHIVE_DIR": str(archive_dir)}

    first = run_crawl(
        tmp_path, sources, env=env, name="first", settings={"CONCURRENT_REQUESTS_PER_DOMAIN": 1}
    )

    assert first.returncode == 0, first.stderr[-3000:]
    faults = {f["url"]: f["detail"] for f in first.source("fx-disk-full")["faults"] if f["kind"] == "storage"}
    assert faults, "the full disk was noticed"
    assert all("cannot archive" in detail for detail in faults.values())
    stored = _bodies(first.db_url)
    assert set(stored) | set(faults) == {base + p for p in ARTICLES}
    for url, (relative, digest) in stored.items():  # every version's body is there, whole
        assert hashlib.sha256((archive_dir / relative).read_bytes()).hexdigest() == digest, url
    if how == "tmpfs":
        subprocess.run(["mount", "-o", "remount,size=4m,nr_inodes=4096", str(archive_dir.parent)], check=True)
    else:
        archive_dir.unlink()

    second = run_crawl(tmp_path, sources, env=env, name="second")

    assert second.returncode == 0, second.stderr[-3000:]
    final = _bodies(second.db_url)
    assert set(final) == {base + p for p in ARTICLES}, "the refused pages are stored by the next crawl"
    for url, (relative, digest) in final.items():
        assert hashlib.sha256((archive_dir / relative).read_bytes()).hexdigest() == digest, url


def _bodies(url: str) -> dict[str, tuple[str, str]]:
    engine = make_engine(url)
    try:
        with session_scope(engine) as session:
            rows = session.execute(
                select(DocumentVersion.url, DocumentVersion.body_path, DocumentVersion.content_hash)
            ).all()
    finally:
        engine.dispose()
    return {u: (path, digest) for u, path, digest in rows}
