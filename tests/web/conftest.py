"""Fixtures for the web tests: databases filled through ``record_version``, the app, a live server.

``filled_url`` is built once per session and backend (SQLite always, PostgreSQL when
CHITIEU_TEST_PG_URL is set; with CHITIEU_REQUIRE_SERVICES=1 a missing PostgreSQL fails). Tests that
change state use ``fresh_app``, a database of their own.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from webcorpus import ingest_corpus, ingest_seeds
from webhelpers import ADMIN_TOKEN

from storage.testing import BACKENDS, missing_backend_reason, scratch_database, skip_or_fail

# Until pyproject lists the ``web`` package, make it importable from the repository like the others.
_REPO = str(Path(__file__).resolve().parents[2])
if _REPO not in sys.path:
    sys.path.insert(0, _REPO)


CHROMIUM = Path("/usr/bin/chromium")
INSTALL_SCRIPT = Path(__file__).with_name("install_browser.sh")


def _fill(url: str, tmp: Path) -> str:
    from storage.db import make_engine, upgrade

    engine = make_engine(url)
    try:
        upgrade(engine)
        ingest_corpus(engine, tmp / "archive")
        ingest_seeds(engine, tmp / "archive")
    finally:
        engine.dispose()
    return url


@pytest.fixture(scope="session", params=BACKENDS)
def filled_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A database holding our corpus (and the Cao Bằng seeds when ../shared exists), per backend."""
    skip_or_fail(missing_backend_reason(request.param))
    tmp = tmp_path_factory.mktemp(f"web-{request.param}")
    with scratch_database(request.param, tmp) as url:
        yield _fill(url, tmp)


@pytest.fixture(scope="session")
def sqlite_filled_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    tmp = tmp_path_factory.mktemp("web-sqlite-only")
    with scratch_database("sqlite", tmp) as url:
        yield _fill(url, tmp)


@pytest.fixture(scope="session")
def app(filled_url: str):
    from web.app import create_app

    return create_app(filled_url, admin_token=ADMIN_TOKEN)


@pytest.fixture(scope="session")
def client(app) -> Iterator:
    from fastapi.testclient import TestClient

    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture
def fresh_app(tmp_path: Path):
    """An app on a database of this test's own (for tests that change state), SQLite."""
    from web.app import create_app

    with scratch_database("sqlite", tmp_path) as url:
        yield create_app(_fill(url, tmp_path), admin_token=ADMIN_TOKEN)


# -- a live server for the browser ----------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def live_server(sqlite_filled_url: str) -> Iterator[str]:
    """uvicorn in a background thread on 127.0.0.1 and a free port; yields the base URL."""
    import uvicorn

    from web.app import create_app

    port = free_port()
    config = uvicorn.Config(
        create_app(sqlite_filled_url, admin_token=ADMIN_TOKEN),
        host="127.0.0.1",
        port=port,
        log_level="warning",
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="chitieu-web-test", daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the test web server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


def _ensure_chromium() -> str | None:
    """None when /usr/bin/chromium is usable (installing it if needed), else why not."""
    if not CHROMIUM.exists() and not os.environ.get("CHITIEU_NO_BROWSER_INSTALL"):
        try:
            subprocess.run(["bash", str(INSTALL_SCRIPT)], check=True, capture_output=True, timeout=900)
        except (OSError, subprocess.SubprocessError) as exc:
            detail = getattr(exc, "stderr", b"") or b""
            return f"chromium missing and {INSTALL_SCRIPT.name} failed: {exc} {detail.decode(errors='replace')[-300:]}"
    if not CHROMIUM.exists():
        return f"{CHROMIUM} not found"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright Python package is not installed"
    return None


CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser() -> Iterator:
    """Debian's headless Chromium driven by Playwright (never a downloaded browser build)."""
    reason = _ensure_chromium()
    if reason is not None:
        pytest.skip(f"browser tests need Chromium: {reason}")
    from playwright.sync_api import Error, sync_playwright

    with sync_playwright() as playwright:
        try:
            chromium = playwright.chromium.launch(
                executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
            )
        except Error as exc:
            pytest.skip(f"browser tests need Chromium: it did not start ({str(exc).splitlines()[0]})")
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser) -> Iterator:
    context = browser.new_context(viewport={"width": 1360, "height": 900}, locale="vi-VN")
    tab = context.new_page()
    yield tab
    context.close()
