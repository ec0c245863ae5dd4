"""Fixtures of the distributed-crawl tests: Redis (a unique key prefix per test, removed afterwards),
a fresh PostgreSQL schema per test, a slow local mirror, and worker processes (real subprocesses).

Without CHITIEU_TEST_REDIS_URL / CHITIEU_TEST_PG_URL these tests skip with the reason; with
CHITIEU_REQUIRE_SERVICES=1 they fail instead.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from storage.testing import missing_backend_reason, scratch_database, skip_or_fail

REPO = Path(__file__).resolve().parents[2]
REDIS_ENV = "CHITIEU_TEST_REDIS_URL"
WORKER_SETTINGS = {
    "CONCURRENT_REQUESTS": 2,  # each worker takes little at a time, so two workers share the mirror
    "CONCURRENT_REQUESTS_PER_DOMAIN": 2,
    "AUTOTHROTTLE_ENABLED": False,
    "DOWNLOAD_TIMEOUT": 20,
    "RETRY_TIMES": 1,
    "RETRY_BACKOFF_BASE": 0.05,
}


@pytest.fixture
def redis_url() -> Iterator[str]:
    url = os.environ.get(REDIS_ENV)
    skip_or_fail(None if url else f"distributed-crawl tests need {REDIS_ENV} (e.g. redis://127.0.0.1:6379/0)")
    yield url


@pytest.fixture
def prefix(redis_url: str) -> Iterator[str]:
    """A key prefix of this test alone; every key under it is deleted afterwards."""
    import redis

    name = f"chitieu-test-{uuid.uuid4().hex[:10]}"
    client = redis.Redis.from_url(redis_url)
    yield name
    keys = list(client.scan_iter(match=f"{name}:*", count=500))
    if keys:
        client.delete(*keys)
    client.close()


@pytest.fixture
def pg_url(tmp_path: Path) -> Iterator[str]:
    skip_or_fail(missing_backend_reason("postgresql"))
    with scratch_database("postgresql", tmp_path) as url:
        yield url


@dataclass
class Cluster:
    """Seeds crawls and runs worker processes that share one Redis crawl and one database."""

    tmp: Path
    redis_url: str
    prefix: str
    db_url: str

    def env(self) -> dict[str, str]:
        env = {**os.environ, "PYTHONPATH": str(REPO), "CHITIEU_DATA_DIR": str(self.tmp / "data")}
        env["CHITIEU_REDIS_URL"] = self.redis_url
        env.pop("CHITIEU_DB_URL", None)
        return env

    def cli(self, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        cmd = [sys.executable, "-m", "chitieu.cli.worker", *args]
        return subprocess.run(
            cmd, capture_output=True, text=True, timeout=timeout, env=self.env(), cwd=REPO, check=False
        )

    def seed(self, sources: list[dict[str, Any]], *extra: str) -> subprocess.CompletedProcess[str]:
        registry = self.tmp / f"registry-{uuid.uuid4().hex[:6]}.yaml"
        registry.write_text(yaml.safe_dump({"sources": sources}, allow_unicode=True), encoding="utf-8")
        return self.cli("crawl-seed", "--prefix", self.prefix, "--registry", str(registry), *extra)

    def start_workers(
        self, count: int, idle_exit: float = 3.0, wait: float = 60, settings: dict[str, Any] | None = None
    ) -> list[tuple[subprocess.Popen, Path]]:
        """Start ``count`` worker processes (any crawl of this test's prefix); see :meth:`finish`.
        A worker that finds no work within ``wait`` seconds leaves without a report."""
        chosen = {**WORKER_SETTINGS, **(settings or {})}
        sets = [a for k, v in chosen.items() for a in ("--set", f"{k}={json.dumps(v)}")]
        started = []
        for n in range(count):
            report = self.tmp / f"worker-{uuid.uuid4().hex[:6]}-{n}.json"
            cmd = [sys.executable, "-m", "chitieu.cli.worker", "crawl-worker", "--prefix", self.prefix]
            cmd += ["--db", self.db_url, "--idle-exit", str(idle_exit), "--wait", str(wait)]
            cmd += ["--report", str(report), "--quiet", *sets]
            with open(self.tmp / f"{report.stem}.log", "w") as out:
                started.append(
                    (subprocess.Popen(cmd, env=self.env(), cwd=REPO, stdout=out, stderr=out), report)
                )
        return started

    def finish(
        self, started: list[tuple[subprocess.Popen, Path]], timeout: float = 240
    ) -> list[dict[str, Any]]:
        """Wait for the workers to leave; the JSON reports of those that worked."""
        for proc, _report in started:
            try:
                proc.wait(timeout=timeout)
            finally:
                if proc.poll() is None:
                    proc.kill()
                    proc.wait()
        logs = "\n".join(p.read_text() for p in self.tmp.glob("worker-*.log"))
        assert all(proc.returncode == 0 for proc, _ in started), logs[-4000:]
        return [json.loads(r.read_text(encoding="utf-8")) for _proc, r in started if r.exists()]

    def workers(
        self, count: int, idle_exit: float = 3.0, settings: dict[str, Any] | None = None
    ) -> list[dict[str, Any]]:
        return self.finish(self.start_workers(count, idle_exit, settings=settings))


@pytest.fixture
def cluster(tmp_path: Path, redis_url: str, prefix: str, pg_url: str) -> Cluster:
    return Cluster(tmp_path, redis_url, prefix, pg_url)
