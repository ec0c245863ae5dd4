"""The main job: crawl every registry source on its schedule, record the outcome, deliver alerts.

``chitieu run`` is a long-running :class:`Service` on APScheduler: one job per source (cron or
interval, with jitter, coalescing and a misfire grace time) in a SQLAlchemy job store in chitieu's own
database, plus in-memory jobs that deliver the outbox, check source health and resume interrupted
crawls. ``chitieu run --once`` (:func:`run_once`) crawls every source that is due and exits.

Each crawl runs in a child process (``monitor.crawljob``) under a per-source lease
(``monitor.runs``), so several services on one database crawl each source once per due time, and a
killed service's crawl is resumed by whoever comes next. SIGTERM/SIGINT stop the service cleanly:
no new crawl starts, the crawl in flight is asked to finish (or is killed after a grace period and left
resumable), the alert in flight is sent and marked.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import sys
import tempfile
import threading
import uuid
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor as Pool
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.job import Job
from apscheduler.jobstores.base import ConflictingIdError
from apscheduler.jobstores.memory import MemoryJobStore
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy import Engine

from chitieu.clock import as_utc, now
from chitieu.errors import InputError
from monitor import outbox, runs
from monitor.crawljob import run_crawl_process
from monitor.schedules import TZ, due_slot, parse_schedule
from storage.db import session_scope
from storage.models.monitoring import CrawlRun

log = logging.getLogger(__name__)
_SERVICE: Service | None = None  # the service of this process, for jobs restored from the job store


@dataclass(slots=True)
class Options:
    """How a service (or a --once pass) crawls, delivers and judges health."""

    db_url: str
    registry: Path | None = None
    source_keys: tuple[str, ...] = ()
    provinces: tuple[str, ...] = ()
    allow_local: bool = False
    crawl_settings: dict[str, Any] = field(default_factory=dict)  # Scrapy overrides (--set)
    default_schedule: str = "30 5 * * *"
    jitter: float | None = None  # seconds; None: 10% of an interval, 10 minutes for cron
    misfire_grace: int = 3600
    lease: timedelta = timedelta(minutes=2)
    workers: int = 2
    deliver_every: float = 30.0
    health_every: float = 3600.0
    stop_grace: float = 30.0
    alert_lease: timedelta = timedelta(minutes=5)
    backoff: outbox.Backoff = field(default_factory=outbox.Backoff)
    rules: runs.HealthRules = field(default_factory=runs.HealthRules)
    sender: outbox.Sender | None = None  # default: apprise
    work_dir: Path | None = None
    child_env: dict[str, str] = field(default_factory=dict)  # extra environment of crawl children


# -- sources -------------------------------------------------------------------------------------------


def load_sources(options: Options) -> list[Any]:
    """Registry sources selected by key/province (``crawler.sources``)."""
    from crawler.sources import load_registry, select_sources

    sources = select_sources(load_registry(options.registry), options.source_keys, options.provinces)
    unknown = set(options.source_keys) - {s.key for s in sources}
    if unknown:
        raise InputError(f"unknown source key(s): {', '.join(sorted(unknown))}")
    if options.allow_local:
        sources = [replace(s, allow_local=True) for s in sources]
    return sources


def watched(sources: Sequence[Any]) -> list[runs.WatchedSource]:
    return [runs.WatchedSource(s.key, s.current_province or s.province) for s in sources]


# -- one crawl -----------------------------------------------------------------------------------------


@dataclass(slots=True)
class Crawler:
    """Crawls one source for one due time under the lease; shared by the service and --once."""

    engine: Engine
    options: Options
    holder: str
    stopping: threading.Event
    work_dir: Path

    def crawl(self, source: Any, slot: datetime, trigger: str) -> CrawlRun | None:
        """Crawl ``source`` for ``slot`` unless someone else has it or did it; the run record or None."""
        opts = self.options
        if self.stopping.is_set() or not runs.claim_source(
            self.engine, source.key, slot, self.holder, opts.lease
        ):
            return None
        run_id = runs.start_run(self.engine, source.key, slot, self.holder, trigger)
        log.info("crawling %s (due %s, run %d)", source.key, slot.isoformat(), run_id)
        outcome = run_crawl_process(
            self._args(source),
            self.work_dir / f"{source.key}-{run_id}.json",
            env={**_child_env(), **opts.child_env},
            on_wait=lambda: self._beat(source.key),
            wait_every=max(opts.lease.total_seconds() / 4, 0.5),
            should_stop=self.stopping.is_set,
            stop_grace=opts.stop_grace,
        )
        if outcome.interrupted:
            runs.interrupt_run(
                self.engine, run_id, source.key, self.holder, "service stopped during the crawl"
            )
            return None
        province = source.current_province or source.province
        run = runs.finish_run(
            self.engine, run_id, self.holder, outcome.source(source.key), outcome.fatal, opts.rules, province
        )
        log.info(
            "crawled %s: %s, %d new versions, %d changes",
            source.key,
            run.status,
            run.new_documents + run.new_versions,
            run.changes,
        )
        return run

    def _beat(self, key: str) -> None:
        if not runs.heartbeat(self.engine, key, self.holder, self.options.lease):
            log.warning("lease on %s lost while crawling", key)

    def _args(self, source: Any) -> list[str]:
        import json

        opts = self.options
        args = ["--source", source.key, "--db", opts.db_url]
        if opts.registry is not None:
            args += ["--registry", str(opts.registry)]
        if opts.allow_local or source.allow_local:
            args.append("--allow-local")
        for key, value in opts.crawl_settings.items():
            args += ["--set", f"{key}={json.dumps(value)}"]
        return args


def _child_env() -> dict[str, str]:
    """Make sure the child imports the same code as this process (also when run from a checkout)."""
    root = str(Path(__file__).resolve().parents[1])
    paths = [root, *[p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p and p != root]]
    return {"PYTHONPATH": os.pathsep.join(paths)}


def new_holder() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


# -- --once ----------------------------------------------------------------------------------------------


def run_once(engine: Engine, options: Options, stopping: threading.Event | None = None) -> list[CrawlRun]:
    """Crawl every due (or interrupted) source once, check health, deliver alerts; the runs made."""
    sources = load_sources(options)
    stopping = stopping or threading.Event()
    with tempfile.TemporaryDirectory(prefix="chitieu-run-") as tmp:
        crawler = Crawler(engine, options, new_holder(), stopping, options.work_dir or Path(tmp))
        todo = _due_now(engine, sources, options)
        with Pool(max_workers=max(options.workers, 1)) as pool:
            done = list(pool.map(lambda job: crawler.crawl(*job), todo))
    runs.check_health(engine, watched(sources), options.rules)
    deliver(engine, options, stopping)
    return [run for run in done if run is not None]


def _due_now(engine: Engine, sources: Sequence[Any], options: Options) -> list[tuple[Any, datetime, str]]:
    by_key = {s.key: s for s in sources}
    todo = [(by_key[k], slot, "resume") for k, slot in runs.resumable_slots(engine, by_key)]
    # A slot claimed but not completed is resumed, never replaced by a new due time: read apart from the
    # resumable ones, so a lease that expires between the two reads still leaves it to the resume job.
    unfinished = {s.key for s, _slot, _t in todo} | runs.unfinished_sources(engine, by_key)
    at = now()
    with session_scope(engine) as session:
        for source in sources:
            if source.key in unfinished:
                continue
            trigger = parse_schedule(source.schedule or options.default_schedule, 0)
            slot = due_slot(trigger, runs.completed_slot(session, source.key), at)
            if slot is not None:
                todo.append((source, slot, "once"))
    return todo


def deliver(engine: Engine, options: Options, stopping: threading.Event) -> outbox.DeliveryReport:
    report = outbox.deliver_due(
        engine,
        sender=options.sender,
        lease=options.alert_lease,
        backoff=options.backoff,
        should_stop=stopping.is_set,
    )
    if report.messages_sent or report.alerts_failed:
        log.info(
            "alerts: %d messages sent, %d alerts waiting after failure",
            report.messages_sent,
            report.alerts_failed,
        )
    return report


# -- the long-running service ----------------------------------------------------------------------------


class SlotExecutor(ThreadPoolExecutor):
    """Passes each job its due time (``due=``), which the lease uses to crawl each due time once."""

    def _do_submit_job(self, job: Job, run_times: list[datetime]) -> None:
        state = job.__getstate__()
        state["kwargs"] = {**state["kwargs"], "due": run_times[-1].isoformat()}
        clone = Job.__new__(Job)
        clone.__setstate__(state)
        clone._scheduler, clone._jobstore_alias = job._scheduler, job._jobstore_alias
        super()._do_submit_job(clone, run_times[-1:])


def scheduled_crawl(key: str, spec: str, due: str | None = None) -> None:
    """Job function stored in the job store (by reference): crawl ``key`` for due time ``due``."""
    service = _SERVICE
    if service is None:
        log.warning("job for %s fired with no service in this process", key)
        return
    service.crawl_due(key, datetime.fromisoformat(due) if due else now())


class Service:
    def __init__(self, engine: Engine, options: Options) -> None:
        if logging.root.level > logging.DEBUG:  # APScheduler logs every job run at INFO
            logging.getLogger("apscheduler").setLevel(logging.WARNING)
        self.engine = engine
        self.options = options
        self.sources = {s.key: s for s in load_sources(options)}
        self.stopping = threading.Event()
        self.holder = new_holder()
        self._tmp = tempfile.TemporaryDirectory(prefix="chitieu-run-")
        work_dir = options.work_dir or Path(self._tmp.name)
        self.crawler = Crawler(engine, options, self.holder, self.stopping, work_dir)
        self.scheduler = BackgroundScheduler(
            jobstores={"default": SQLAlchemyJobStore(engine=engine), "local": MemoryJobStore()},
            executors={
                "default": SlotExecutor(max_workers=max(options.workers, 1)),
                "local": ThreadPoolExecutor(max_workers=3),
            },
            job_defaults={"coalesce": True, "misfire_grace_time": options.misfire_grace, "max_instances": 1},
            timezone=TZ,
        )

    # jobs ------------------------------------------------------------------------------------------
    def _add_crawl_jobs(self) -> None:
        for key, source in self.sources.items():
            spec = source.schedule or self.options.default_schedule
            trigger = parse_schedule(spec, self.options.jitter)
            spec_id = f"{spec}|{self.options.jitter}"
            existing = self.scheduler.get_job(f"crawl:{key}", jobstore="default")
            if existing is not None and existing.kwargs.get("spec") == spec_id:
                continue  # keep its next run time: a restart must not shift or skip a due time
            try:
                self.scheduler.add_job(
                    "monitor.scheduler:scheduled_crawl",
                    trigger,
                    id=f"crawl:{key}",
                    name=f"crawl {key}",
                    kwargs={"key": key, "spec": spec_id},
                    jobstore="default",
                    replace_existing=existing is not None,
                )
            except ConflictingIdError:
                log.debug("job for %s was added by another service just now", key)
        self._drop_jobs_of_removed_sources()

    def _drop_jobs_of_removed_sources(self) -> None:
        """Jobs whose source left the registry (other services' selections are left alone)."""
        from crawler.sources import load_registry

        known = {s.key for s in load_registry(self.options.registry)}
        for job in self.scheduler.get_jobs(jobstore="default"):
            key = job.id.removeprefix("crawl:")
            if job.id.startswith("crawl:") and key not in known:
                log.info("source %s is no longer in the registry: its job is removed", key)
                job.remove()

    def _add_local_jobs(self) -> None:
        opts, start = self.options, now()
        for name, every, func in (
            ("deliver", opts.deliver_every, self.deliver),
            ("health", opts.health_every, self.check_health),
            ("resume", max(opts.lease.total_seconds(), 1), self.resume),
        ):
            self.scheduler.add_job(
                func,
                IntervalTrigger(seconds=every, timezone=TZ),
                id=name,
                jobstore="local",
                executor="local",
                next_run_time=start,
                coalesce=True,
            )

    def _add_catch_up(self) -> None:
        self.scheduler.add_job(
            self.catch_up, id="catch-up", jobstore="local", executor="local", next_run_time=now()
        )

    def crawl_due(self, key: str, due: datetime) -> None:
        source = self.sources.get(key)
        if source is None:
            return  # a job of another service's selection in the shared store
        if self.crawler.crawl(source, as_utc(due), "schedule") is not None:
            self.deliver_soon()

    def catch_up(self) -> None:
        """At start: crawl what is due now (never crawled, or a due time missed while no service ran)."""
        for source, slot, trigger in _due_now(self.engine, list(self.sources.values()), self.options):
            if self.stopping.is_set():
                return
            if self.crawler.crawl(source, slot, "catch-up" if trigger == "once" else trigger) is not None:
                self.deliver_soon()

    def resume(self) -> None:
        for key, slot in runs.resumable_slots(self.engine, self.sources):
            log.info("resuming interrupted crawl of %s (due %s)", key, slot.isoformat())
            if self.crawler.crawl(self.sources[key], slot, "resume") is not None:
                self.deliver_soon()

    def deliver(self) -> None:
        deliver(self.engine, self.options, self.stopping)

    def deliver_soon(self) -> None:
        if not self.stopping.is_set():
            self.scheduler.modify_job("deliver", jobstore="local", next_run_time=now())

    def check_health(self) -> None:
        runs.check_health(self.engine, watched(list(self.sources.values())), self.options.rules)

    # lifecycle -------------------------------------------------------------------------------------
    def start(self) -> None:
        global _SERVICE
        _SERVICE = self
        self.scheduler.start(paused=True)
        self._add_crawl_jobs()
        self._add_local_jobs()
        self._add_catch_up()
        self.scheduler.resume()
        log.info("chitieu service %s: %d sources scheduled", self.holder, len(self.sources))

    def stop(self) -> None:
        """Stop scheduling; let the crawl in flight finish or leave it resumable; wait for the jobs."""
        global _SERVICE
        self.stopping.set()
        self.scheduler.shutdown(wait=True)
        _SERVICE = None
        self._tmp.cleanup()
        log.info("chitieu service %s stopped", self.holder)

    def run_forever(self, wake_every: float = 2.0) -> None:
        """Run until SIGTERM/SIGINT. Wakes the scheduler now and then: jobs may be changed by others."""
        previous = install_stop_signals(self.stopping.set)
        self.start()
        try:
            while not self.stopping.wait(wake_every):
                self.scheduler.wakeup()
        finally:
            self.stop()
            restore_signals(previous)


def install_stop_signals(on_stop: Callable[[], None]) -> dict[int, Any]:
    """Call ``on_stop`` on SIGTERM/SIGINT/SIGHUP; returns the previous handlers (see :func:`restore_signals`)."""

    def handler(signum: int, _frame: Any) -> None:
        log.info("signal %d: stopping", signum)
        on_stop()

    wanted = [signal.SIGTERM, signal.SIGINT] + ([signal.SIGHUP] if sys.platform != "win32" else [])
    return {signum: signal.signal(signum, handler) for signum in wanted}


def restore_signals(previous: dict[int, Any]) -> None:
    for signum, handler in previous.items():
        signal.signal(signum, handler)
