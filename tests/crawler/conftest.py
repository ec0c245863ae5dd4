"""Fixtures of the crawler tests: fixture portals served on 127.0.0.1 and a crawl runner.

Each crawl runs ``python -m chitieu.cli.crawl`` in a subprocess (the Twisted reactor cannot restart in
one process), against a registry file written for the running servers and a SQLite database in tmp.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from crawlkit.server import FixtureServer, Site

REPO = Path(__file__).resolve().parents[2]
FAST_SETTINGS = {
    "DOWNLOAD_TIMEOUT": 2,
    "RETRY_TIMES": 1,
    "RETRY_BACKOFF_BASE": 0.05,
    "DOWNLOAD_MAXSIZE": 300_000,
    "DOWNLOAD_WARNSIZE": 0,
    "AUTOTHROTTLE_ENABLED": False,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 8,
}


@dataclass
class CrawlRun:
    returncode: int
    report: dict[str, Any]
    stdout: str
    stderr: str

    def source(self, key: str) -> dict[str, Any]:
        return self.report["sources"][key]


class Crawler:
    """Runs crawls of the given sources into one database, one subprocess per crawl."""

    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.db_url = f"sqlite:///{tmp / 'chitieu.sqlite'}"
        self.runs = 0

    def run(self, sources: list[dict[str, Any]], *extra: str, timeout: float = 120) -> CrawlRun:
        self.runs += 1
        registry = self.tmp / f"registry-{self.runs}.yaml"
        registry.write_text(yaml.safe_dump({"sources": sources}, allow_unicode=True), encoding="utf-8")
        report = self.tmp / f"report-{self.runs}.json"
        sets = [a for k, v in FAST_SETTINGS.items() for a in ("--set", f"{k}={json.dumps(v)}")]
        cmd = [
            sys.executable,
            "-m",
            "chitieu.cli.crawl",
            "--registry",
            str(registry),
            "--db",
            self.db_url,
            "--report",
            str(report),
            "--allow-local",
            "--no-progress",
            *sets,
            *extra,
        ]
        return self._exec(cmd, report, timeout)

    def run_cli(self, *args: str, timeout: float = 120) -> CrawlRun:
        self.runs += 1
        report = self.tmp / f"report-{self.runs}.json"
        sets = [a for k, v in FAST_SETTINGS.items() for a in ("--set", f"{k}={json.dumps(v)}")]
        cmd = [
            sys.executable,
            "-m",
            "chitieu.cli.crawl",
            "--db",
            self.db_url,
            "--report",
            str(report),
            "--no-progress",
            *sets,
            *args,
        ]
        return self._exec(cmd, report, timeout)

    def _exec(self, cmd: list[str], report: Path, timeout: float) -> CrawlRun:
        env = {**os.environ, "CHITIEU_DATA_DIR": str(self.tmp / "data"), "PYTHONPATH": str(REPO)}
        done = subprocess.run(
            cmd, capture_output=True, text=True, timeout=timeout, env=env, cwd=REPO, check=False
        )
        data = json.loads(report.read_text(encoding="utf-8")) if report.exists() else {}
        return CrawlRun(done.returncode, data, done.stdout, done.stderr)


@pytest.fixture
def crawler(tmp_path: Path) -> Crawler:
    return Crawler(tmp_path)


@pytest.fixture
def serve() -> Iterator[Any]:
    """``serve(site, host="127.0.0.1", latency=0.0) -> base_url``; every server is stopped at the end of
    the test."""
    servers: list[FixtureServer] = []

    def start(site: Site, host: str = "127.0.0.1", latency: float = 0.0) -> str:
        server = FixtureServer(site, host, latency).__enter__()
        servers.append(server)
        return server.base_url

    yield start
    for server in servers:
        server.__exit__(None, None, None)
