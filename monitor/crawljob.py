"""One crawl in a child process (the Twisted reactor cannot be restarted in the scheduler's process).

Child side (``python -m monitor.crawljob <chitieu crawl options>``): dies with its parent (Linux
``PR_SET_PDEATHSIG``; a crawl left running by a killed service would otherwise race the next one),
queues alerts for every change it records (outbox hook, same transaction), then runs ``chitieu crawl``.
Each document is one transaction, so killing the child never leaves anything half-written.

Parent side: :func:`run_crawl_process` starts it, calls ``on_wait`` every few seconds (the lease
heartbeat) and returns the exit status, the JSON report and the tail of stderr.
"""

from __future__ import annotations

import ctypes
import json
import logging
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)
PARENT_ENV = "CHITIEU_CRAWL_PARENT_PID"
_PR_SET_PDEATHSIG = 1


@dataclass(slots=True)
class CrawlOutcome:
    returncode: int
    report: dict[str, Any] = field(default_factory=dict)
    stderr_tail: str = ""
    interrupted: bool = False

    def source(self, key: str) -> dict[str, Any] | None:
        return (self.report.get("sources") or {}).get(key)

    @property
    def fatal(self) -> str | None:
        if self.interrupted:
            return None
        if self.report.get("fatal"):
            return str(self.report["fatal"])
        if self.returncode != 0:
            return f"crawl exited with status {self.returncode}: {self.stderr_tail[-300:]}".strip()
        if not self.report:
            return "crawl wrote no report"
        return None


def _die_with_parent() -> None:
    """Ask Linux to SIGKILL us when the parent dies; elsewhere, only the start-up check below."""
    expected = os.environ.get(PARENT_ENV)
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL("libc.so.6", use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except OSError:  # no libc by that name: the parent's lease still bounds the damage
            log.debug("prctl unavailable")
    if expected and str(os.getppid()) != expected:
        sys.exit(3)  # the parent died before we could ask


def main(argv: Sequence[str] | None = None) -> None:
    _die_with_parent()
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    from chitieu.cli.crawl import crawl
    from monitor.outbox import install_hook

    install_hook()
    args = list(argv if argv is not None else sys.argv[1:])
    if os.environ.get("CHITIEU_CRAWL_DISPATCH") == "workers" and os.environ.get("CHITIEU_REDIS_URL"):
        # Distributed deployment: seed the crawl into Redis and wait for the shared workers' merged report.
        from chitieu.cli.worker import crawl_via_workers

        crawl_via_workers(args)
        return
    crawl.main(args=args, prog_name="chitieu crawl")


def run_crawl_process(
    args: Sequence[str],
    report_path: Path,
    *,
    env: dict[str, str] | None = None,
    on_wait: Callable[[], None] | None = None,
    wait_every: float = 5.0,
    should_stop: Callable[[], bool] | None = None,
    stop_grace: float = 30.0,
) -> CrawlOutcome:
    """Run one crawl child; ``args`` are ``chitieu crawl`` options (``--report`` is added)."""
    report_path.unlink(missing_ok=True)
    command = [sys.executable, "-m", "monitor.crawljob", *args, "--report", str(report_path), "--no-progress"]
    child_env = {**os.environ, **(env or {}), PARENT_ENV: str(os.getpid())}
    with open(report_path.with_suffix(".stderr"), "w+b") as errors:
        child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=errors, env=child_env)
        interrupted = _wait(child, on_wait, wait_every, should_stop, stop_grace)
        errors.seek(0)
        tail = errors.read()[-4000:].decode("utf-8", "replace")
    report = _read_report(report_path)
    return CrawlOutcome(child.returncode, report, tail, interrupted)


def _wait(
    child: subprocess.Popen[bytes],
    on_wait: Callable[[], None] | None,
    every: float,
    should_stop: Callable[[], bool] | None,
    grace: float,
) -> bool:
    """Wait for the child, heartbeating; on stop, ask it to finish (SIGINT), then kill it. True if stopped."""
    last_beat = time.monotonic()
    while True:
        try:
            child.wait(timeout=0.25)
            return False
        except subprocess.TimeoutExpired:
            pass
        if should_stop is not None and should_stop():
            break
        if on_wait is not None and time.monotonic() - last_beat >= every:
            last_beat = time.monotonic()
            on_wait()
    child.send_signal(signal.SIGINT)  # Scrapy: stop scheduling, finish what is in flight
    try:
        child.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        child.kill()
        child.wait()
    return True


def _read_report(path: Path) -> dict[str, Any]:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


if __name__ == "__main__":
    from chitieu.cli.fastexit import run_as_process

    run_as_process(main)
