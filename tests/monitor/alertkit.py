"""Helpers of the scheduler/alert tests: a real webhook receiver, portals, services in subprocesses.

Everything listens on 127.0.0.1 (free ports) and is stopped by the tests' fixtures.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import yaml

from monitor.demo import site
from monitor.demo.server import Pages

REPO = Path(__file__).resolve().parents[2]
FAST_CRAWL = {"DOWNLOAD_TIMEOUT": 5, "RETRY_TIMES": 0, "AUTOTHROTTLE_ENABLED": False}


class WebhookReceiver(ThreadingHTTPServer):
    """A chat-style webhook endpoint: records every JSON body POSTed to it; ``status`` is its answer."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _WebhookHandler)
        self.bodies: list[dict[str, Any]] = []
        self.status = 200
        self.lock = threading.Lock()
        self._thread = threading.Thread(target=self.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"json://127.0.0.1:{self.server_address[1]}/hooks/chitieu"

    def __enter__(self) -> WebhookReceiver:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.shutdown()
        self.server_close()


class _WebhookHandler(BaseHTTPRequestHandler):
    server: WebhookReceiver

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length)
        if self.server.status == 200:
            with self.server.lock:
                self.server.bodies.append({"path": self.path, **json.loads(raw)})
        self.send_response(self.server.status)
        self.send_header("Content-Length", "0")
        self.end_headers()


def article(title: str, lines: list[str]) -> bytes:
    """A NukeViet article page (the demo portal's layout) with ``lines`` as a bulleted list."""
    return site._article(
        title, "Thứ hai - 02/12/2019 08:00", "Tin tổng hợp.", ["Các chỉ tiêu năm 2020:"], lines, "UBND"
    )


def portal(articles: dict[str, tuple[str, list[str]]], delays: dict[str, float] | None = None) -> Pages:
    """A listing at /news/kinh-te/ linking to ``articles`` (path -> (title, target lines))."""
    entries = "".join(
        site._entry(path, title, "02/12/2019 08:00", "Kế hoạch năm 2020.")
        for path, (title, _l) in articles.items()
    )
    pages = {
        "/robots.txt": b"User-agent: *\nDisallow: /admin/\n",
        site.LISTING: site._page("Kinh tế", f'<div class="news_column">{entries}</div>'),
    }
    pages.update({path: article(title, lines) for path, (title, lines) in articles.items()})
    return Pages(pages, modified=datetime(2019, 12, 2, tzinfo=UTC), delays=delays)


def registry(path: Path, sources: list[tuple[str, str, str]], schedule: str | None = None) -> Path:
    """A registry of local NukeViet sources: (key, province, base_url)."""
    entries = []
    for key, province, base_url in sources:
        entry = {
            "key": key,
            "province": province,
            "base_url": f"{base_url}/",
            "platform": "nukeviet",
            "start_urls": [f"{base_url}{site.LISTING}"],
            "allow_local": True,
        }
        if schedule:
            entry["schedule"] = schedule
        entries.append(entry)
    path.write_text(yaml.safe_dump({"sources": entries}, allow_unicode=True), encoding="utf-8")
    return path


def fast_sets() -> list[str]:
    return [a for k, v in FAST_CRAWL.items() for a in ("--set", f"{k}={json.dumps(v)}")]


# ``chitieu run`` arguments for a fast local service: no jitter, short leases, frequent delivery.
SERVICE_ARGS = [
    "--allow-local",
    "--jitter",
    "0",
    "--lease",
    "2",
    "--deliver-every",
    "1",
    "--alert-lease",
    "2",
]


def subscriptions_file(tmp: Path, url: str, kinds: str = "[document_new]") -> Path:
    """A subscriptions YAML with one subscription to ``url``."""
    path = tmp / "subscriptions.yaml"
    path.write_text(f"subscriptions:\n- name: watch\n  url: '{url}'\n  kinds: {kinds}\n", encoding="utf-8")
    return path


class ServiceProcess:
    """``chitieu run`` in a real subprocess, in its own process group: ``kill9`` kills the service alone,
    ``crash`` kills the whole group (the service and its crawl children) at once.

    ``env`` adds variables; a ``PYTHONPATH`` in it goes before the repository (fault injection).
    """

    def __init__(
        self, tmp: Path, name: str, db_url: str, args: list[str], env: dict[str, str] | None = None
    ) -> None:
        self.log_path = tmp / f"{name}.log"
        extra = dict(env or {})
        paths = [p for p in (extra.pop("PYTHONPATH", ""), str(REPO)) if p]
        full_env = {
            **os.environ,
            "CHITIEU_DATA_DIR": str(tmp / "data"),
            **extra,
            "PYTHONPATH": os.pathsep.join(paths),
        }
        command = [sys.executable, "-m", "chitieu.cli.run", "-v", "run", "--db", db_url, *fast_sets(), *args]
        self._log = open(self.log_path, "wb")  # noqa: SIM115  (closed by terminate, kill9 or crash)
        self.proc = subprocess.Popen(
            command,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            env=full_env,
            cwd=REPO,
            start_new_session=True,
        )

    def terminate(self, timeout: float = 30) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        code = self.proc.wait(timeout=timeout)
        self._log.close()
        return code

    def kill9(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=10)
        self._log.close()

    def crash(self) -> None:
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=10)
        self._log.close()

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")


def crawl_children(marker: str) -> list[int]:
    """Pids of live crawl child processes whose command line contains ``marker`` (e.g. the test's db path)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
            state = (entry / "stat").read_text().split()[2]
        except OSError:
            continue
        if "monitor.crawljob" in cmdline and marker in cmdline and state != "Z":
            found.append(int(entry.name))
    return found


def wait_for(condition: Callable[[], Any], timeout: float, what: str, every: float = 0.1) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")
