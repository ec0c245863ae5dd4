"""Distributed crawling on scrapy-redis: several worker processes share one request queue and one dupe
filter in Redis, and store into one PostgreSQL database through the normal pipelines.

A *crawl* is a named set of Redis keys (``<prefix>:<crawl>:...``, see :class:`CrawlKeys`). Seeding a
crawl (:func:`seed`) writes its sources and start URLs and starts a new *generation*: the dupe filter and
the queue are reset, so each seeded crawl fetches every page once. Workers (:func:`run_worker`) wait
until a crawl has work, run :class:`SharedQueueSpider` with :func:`redis_settings` layered over the
crawler's settings, and leave when the crawl has been idle for ``idle_exit`` seconds or when a newer
generation is seeded (a process manager starts them again: the Twisted reactor runs once per process).
Each worker publishes a heartbeat and its crawl report to Redis; :func:`crawl_status` and
:func:`merged_report` read them back.

Queued requests are serialised as tagged JSON, never pickle: whoever can write to Redis must not be
able to run code in a worker.
"""

from __future__ import annotations

import base64
import json
import logging
import os
import re
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from chitieu import clock
from chitieu.errors import ChitieuError, InputError
from crawler.report import CrawlReport, Fault, SourceReport
from crawler.sources import Source, source_from_dict

log = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 1.0
REPORT_EVERY_SECONDS = 5.0
_NAME = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")


class CrawlBusy(ChitieuError):
    """A crawl cannot be seeded now: its previous generation still has work."""


# -- keys -----------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CrawlKeys:
    """The Redis keys of one named crawl. Names are checked: they go into ``%``-formatted settings."""

    crawl: str = "default"
    prefix: str = "chitieu"

    def __post_init__(self) -> None:
        for value in (self.crawl, self.prefix):
            if not _NAME.match(value):
                raise InputError(f"crawl name and key prefix must match {_NAME.pattern}: {value!r}")

    def _key(self, name: str) -> str:
        return f"{self.prefix}:{self.crawl}:{name}"

    requests = property(lambda self: self._key("requests"))  # the shared priority queue (zset)
    dupefilter = property(lambda self: self._key("dupefilter"))  # request fingerprints (set)
    start_urls = property(lambda self: self._key("start_urls"))  # seeded entries (list of JSON)
    sources = property(lambda self: self._key("sources"))  # the crawl's sources (JSON)
    generation = property(lambda self: self._key("generation"))  # incremented by every seed
    seeded_at = property(lambda self: self._key("seeded_at"))
    workers = property(lambda self: self._key("workers"))  # worker id -> heartbeat JSON (hash)
    platforms = property(lambda self: self._key("platforms"))  # auto-detected platform per source

    def reports(self, generation: int) -> str:
        return self._key(f"reports:{generation}")  # worker id -> CrawlReport JSON (hash)

    def all(self) -> list[str]:
        fixed = [self.requests, self.dupefilter, self.start_urls, self.sources, self.generation]
        return [*fixed, self.seeded_at, self.workers, self.platforms]


def crawls_key(prefix: str) -> str:
    """The set of crawl names ever seeded under ``prefix`` (workers without ``--crawl`` look there)."""
    return f"{prefix}:crawls"


def redact(url: str | None) -> str:
    """A URL safe for logs and messages: any password replaced by ``***``."""
    if not url:
        return ""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.rsplit("@", 1)[1]
    user = f"{parts.username}:***@" if parts.username else ":***@"
    return urlunsplit((parts.scheme, user + netloc, parts.path, parts.query, parts.fragment))


def connect(redis_url: str) -> Any:
    """A Redis client (bytes replies); a clear error when Redis cannot be reached."""
    import redis

    try:
        client = redis.Redis.from_url(redis_url, socket_connect_timeout=10, socket_timeout=30)
        client.ping()
    except (redis.RedisError, ValueError) as exc:
        raise ChitieuError(f"Redis at {redact(redis_url)} unusable: {exc}") from exc
    return client


def _text(value: bytes | str | None) -> str | None:
    return value.decode("utf-8") if isinstance(value, bytes) else value


# -- Scrapy settings ------------------------------------------------------------------------------------


def redis_settings(redis_url: str, keys: CrawlKeys) -> dict[str, Any]:
    """Setting overrides that turn a crawl into one participant of the shared crawl ``keys``.

    The queue and the fingerprints persist when a worker closes (the other workers still use them);
    :func:`seed` resets them for the next generation.
    """
    return {
        "SCHEDULER": "crawler.distributed.SharedScheduler",
        "DOWNLOADER": "crawler.hostlimit.SharedPoliteDownloader",  # per-portal limits across workers
        "SCHEDULER_QUEUE_CLASS": "scrapy_redis.queue.PriorityQueue",
        "SCHEDULER_QUEUE_KEY": keys.requests,
        "SCHEDULER_DUPEFILTER_KEY": keys.dupefilter,
        "DUPEFILTER_CLASS": "crawler.distributed.RedirectAwareDupeFilter",
        "SCHEDULER_SERIALIZER": "crawler.distributed",  # this module's loads/dumps: JSON, not pickle
        "SCHEDULER_PERSIST": True,
        "SCHEDULER_FLUSH_ON_START": False,
        "REDIS_URL": redis_url,
        "REDIS_START_URLS_KEY": keys.start_urls,
        "CHITIEU_REDIS_PREFIX": keys.prefix,
        "CHITIEU_CRAWL": keys.crawl,
    }


# -- request serialisation (tagged JSON) -------------------------------------------------------------------


def _encode(obj: Any) -> Any:
    if obj is None or isinstance(obj, bool | int | float | str):
        return obj
    if isinstance(obj, bytes):
        return {"$b": base64.b64encode(obj).decode("ascii")}
    if isinstance(obj, list | tuple):
        return [_encode(v) for v in obj]
    if isinstance(obj, dict):
        if all(isinstance(k, str) and not k.startswith("$") for k in obj):
            return {k: _encode(v) for k, v in obj.items()}
        return {"$d": [[_encode(k), _encode(v)] for k, v in obj.items()]}
    raise TypeError(f"cannot queue a request carrying {type(obj).__name__}")


def _decode(obj: Any) -> Any:
    if isinstance(obj, list):
        return [_decode(v) for v in obj]
    if isinstance(obj, dict):
        if "$b" in obj:
            return base64.b64decode(obj["$b"])
        if "$d" in obj:
            return {_decode(k): _decode(v) for k, v in obj["$d"]}
        return {k: _decode(v) for k, v in obj.items()}
    return obj


def dumps(request_dict: dict[str, Any]) -> bytes:
    """scrapy-redis serializer hook (``SCHEDULER_SERIALIZER``)."""
    return json.dumps(_encode(request_dict), separators=(",", ":")).encode("utf-8")


def loads(data: bytes) -> dict[str, Any]:
    """Inverse of :func:`dumps`; refuses request classes outside Scrapy (no arbitrary constructors)."""
    request_dict = _decode(json.loads(data))
    cls = request_dict.get("_class")
    if cls is not None and not str(cls).startswith("scrapy.http."):
        raise ValueError(f"refusing queued request of class {cls!r}")
    return request_dict


# -- scrapy-redis components ------------------------------------------------------------------------------

from scrapy_redis.dupefilter import RFPDupeFilter  # noqa: E402  (after the pure helpers above)
from scrapy_redis.scheduler import Scheduler  # noqa: E402


class RedirectAwareDupeFilter(RFPDupeFilter):
    """The shared fingerprint set, except that a redirect back into its own chain is let through, so the
    network guard records it as a redirect loop instead of it vanishing as a duplicate."""

    def request_seen(self, request: Any) -> bool:
        if request.url in (request.meta.get("redirect_urls") or []):
            return False
        return super().request_seen(request)


class SharedScheduler(Scheduler):
    """scrapy-redis' scheduler; stops serving a worker whose crawl was re-seeded, and tells the spider
    when it takes work (its heartbeat then says busy, which :func:`crawl_status` relies on)."""

    def _stale(self) -> bool:
        return bool(getattr(self.spider, "is_stale", lambda: False)())

    def has_pending_requests(self) -> bool:
        return not self._stale() and super().has_pending_requests()

    def enqueue_request(self, request: Any) -> bool:
        if not request.dont_filter and self.df.request_seen(request):
            self.df.log(request, self.spider)
            return False
        if self.stats:
            self.stats.inc_value("scheduler/enqueued/redis")
        self.queue.push(request)
        return True

    def next_request(self) -> Any:
        if self._stale():
            return None
        request = self.queue.pop(self.idle_before_close)
        if request is not None:
            if self.stats:
                self.stats.inc_value("scheduler/dequeued/redis")
            if hasattr(self.spider, "mark_busy"):
                self.spider.mark_busy()
        return request


# -- sources and seeding --------------------------------------------------------------------------------


def sources_to_json(sources: list[Source]) -> str:
    return json.dumps([asdict(s) for s in sources], ensure_ascii=False, sort_keys=True)


def sources_from_json(data: bytes | str | None) -> list[Source]:
    if not data:
        return []
    return [source_from_dict(entry) for entry in json.loads(data)]


def start_entries(sources: list[Source]) -> list[str]:
    """One JSON entry per start URL (listing, feed, sitemap) of each source."""
    from crawler.adapters import adapter_for

    entries = []
    for source in sources:
        for url, role in adapter_for(source).start_urls():
            entries.append(json.dumps({"source": source.key, "url": url, "role": role}))
    return entries


@dataclass(slots=True)
class WorkerBeat:
    worker: str
    state: str  # busy | idle | closed
    at: float
    generation: int
    pages: int = 0

    def fresh(self, now: float) -> bool:
        return self.state != "closed" and now - self.at <= 5 * HEARTBEAT_SECONDS


@dataclass(slots=True)
class CrawlStatus:
    generation: int
    seeded_at: str | None
    start_urls: int
    queued: int
    seen: int
    workers: list[WorkerBeat] = field(default_factory=list)

    @property
    def live_workers(self) -> list[WorkerBeat]:
        now = time.time()
        return [w for w in self.workers if w.fresh(now) and w.generation == self.generation]

    @property
    def busy(self) -> bool:
        return any(w.state == "busy" for w in self.live_workers)

    @property
    def has_work(self) -> bool:
        return self.start_urls > 0 or self.queued > 0

    @property
    def running(self) -> bool:
        return self.has_work or self.busy


def crawl_status(client: Any, keys: CrawlKeys) -> CrawlStatus:
    with client.pipeline(transaction=True) as pipe:
        pipe.get(keys.generation).get(keys.seeded_at).llen(keys.start_urls)
        pipe.zcard(keys.requests).scard(keys.dupefilter).hgetall(keys.workers)
        generation, seeded_at, starts, queued, seen, beats = pipe.execute()
    workers = [WorkerBeat(**json.loads(v)) for v in beats.values()]
    return CrawlStatus(int(generation or 0), _text(seeded_at), starts, queued, seen, workers)


def seed(client: Any, keys: CrawlKeys, sources: list[Source], force: bool = False) -> int:
    """Start a new generation of the crawl with ``sources``; the number of start URLs queued.

    Refused (:class:`CrawlBusy`) while the previous generation still has queued work or busy workers,
    unless ``force``. One MULTI transaction: a worker sees the old generation or all of the new one.
    """
    if not sources:
        raise InputError("no source to seed")
    status = crawl_status(client, keys)
    if status.running and not force:
        raise CrawlBusy(
            f"crawl {keys.crawl!r} generation {status.generation} still running "
            f"({status.start_urls} start URLs, {status.queued} requests queued, "
            f"{sum(w.state == 'busy' for w in status.live_workers)} workers busy); use --force to restart it"
        )
    entries = start_entries(sources)
    with client.pipeline(transaction=True) as pipe:
        pipe.delete(keys.requests, keys.dupefilter, keys.start_urls, keys.platforms)
        pipe.set(keys.sources, sources_to_json(sources))
        pipe.set(keys.seeded_at, clock.now().isoformat())
        pipe.incr(keys.generation)
        pipe.rpush(keys.start_urls, *entries)
        pipe.sadd(crawls_key(keys.prefix), keys.crawl)
        generation = pipe.execute()[3]
    log.info(
        "crawl %s generation %d seeded: %d sources, %d start URLs",
        keys.crawl,
        generation,
        len(sources),
        len(entries),
    )
    return len(entries)


def crawl_with_work(client: Any, prefix: str) -> tuple[CrawlKeys, CrawlStatus] | None:
    """Among the crawls seeded under ``prefix``, one with work: the one with the fewest live workers
    (then the most queued), so idle workers spread over the crawls that are running."""
    best = None
    for name in sorted(_text(n) or "" for n in client.smembers(crawls_key(prefix))):
        keys = CrawlKeys(name, prefix)
        status = crawl_status(client, keys)
        if not status.has_work or not client.exists(keys.sources):
            continue
        rank = (len(status.live_workers), -(status.queued + status.start_urls))
        if best is None or rank < best[0]:
            best = (rank, keys, status)
    return None if best is None else (best[1], best[2])


def wait_for_work(
    client: Any, prefix: str, crawl: str | None = None, timeout: float = 0, poll: float = 2.0
) -> tuple[CrawlKeys, CrawlStatus] | None:
    """Block until crawl ``crawl`` (or any crawl under ``prefix``) has queued work; ``None`` after
    ``timeout`` seconds (0: wait forever)."""
    deadline = time.monotonic() + timeout if timeout > 0 else None
    while True:
        if crawl is None:
            found = crawl_with_work(client, prefix)
        else:
            keys = CrawlKeys(crawl, prefix)
            status = crawl_status(client, keys)
            found = (keys, status) if status.has_work and client.exists(keys.sources) else None
        if found is not None:
            return found
        if deadline is not None and time.monotonic() >= deadline:
            return None
        time.sleep(poll)


def wait_until_done(client: Any, keys: CrawlKeys, timeout: float = 0, poll: float = 1.0) -> bool:
    """True once the current generation has no work and no busy worker in three looks a heartbeat apart."""
    deadline = time.monotonic() + timeout if timeout > 0 else None
    quiet = 0
    while quiet < 3:
        if deadline is not None and time.monotonic() >= deadline:
            return False
        status = crawl_status(client, keys)
        quiet = 0 if status.running else quiet + 1
        time.sleep(max(poll, HEARTBEAT_SECONDS))
    return True


# -- reports --------------------------------------------------------------------------------------------


def report_from_dict(data: dict[str, Any]) -> CrawlReport:
    report = CrawlReport(
        started_at=datetime.fromisoformat(data["started_at"]),
        finished_at=datetime.fromisoformat(data["finished_at"]) if data.get("finished_at") else None,
        fatal=data.get("fatal"),
    )
    for key, src in data.get("sources", {}).items():
        faults = [Fault(**f) for f in src.get("faults", [])]
        fields = {k: v for k, v in src.items() if k in SourceReport.__slots__ and k != "faults"}
        report.sources[key] = SourceReport(**fields, faults=faults)
    return report


_COUNTERS = [
    n for n in SourceReport.__slots__ if n not in ("key", "province", "platform", "faults", "status")
]


def merge_reports(reports: list[CrawlReport]) -> CrawlReport:
    """One report for a crawl shared by several workers: counters summed, faults pooled, status redone."""
    merged = CrawlReport(started_at=min((r.started_at for r in reports), default=clock.now()))
    for report in reports:
        merged.fatal = merged.fatal or report.fatal
        for key, src in report.sources.items():
            total = merged.sources.setdefault(
                key, SourceReport(key=key, province=src.province, platform=src.platform)
            )
            if src.platform.startswith("auto:"):
                total.platform = src.platform
            for name in _COUNTERS:
                setattr(total, name, getattr(total, name) + getattr(src, name))
            total.faults.extend(src.faults[: max(0, 200 - len(total.faults))])
    merged.finish()
    return merged


def merged_report(client: Any, keys: CrawlKeys, generation: int | None = None) -> CrawlReport:
    if generation is None:
        generation = int(client.get(keys.generation) or 0)
    raw = client.hgetall(keys.reports(generation))
    return merge_reports([report_from_dict(json.loads(v)) for v in raw.values()])


# -- the database, prepared once for all workers ------------------------------------------------------------


@contextmanager
def _schema_lock(engine: Any) -> Iterator[None]:
    """Serialise schema upgrades and source registration across workers: a PostgreSQL advisory lock,
    or a file lock beside an SQLite database (workers on one machine)."""
    if engine.dialect.name == "postgresql":
        from sqlalchemy import text

        with engine.connect() as connection:
            connection.execute(text("SELECT pg_advisory_lock(hashtext('chitieu:schema'))"))
            try:
                yield
            finally:
                connection.execute(text("SELECT pg_advisory_unlock(hashtext('chitieu:schema'))"))
                connection.commit()
        return
    database = engine.url.database if engine.dialect.name == "sqlite" else None
    if not database or database == ":memory:" or database.startswith("file:"):
        yield
        return
    import fcntl
    from pathlib import Path

    lock_path = Path(database).expanduser().with_suffix(".lock")
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def prepare_database(db_url: str | None, sources: list[Source]) -> None:
    """Upgrade the schema and register the sources before Scrapy starts, one worker at a time: the
    pipeline does the same at start, and two workers inserting the same new rows at once would collide."""
    from storage.db import make_engine, session_scope, upgrade
    from storage.repository import upsert_source

    engine = make_engine(db_url)
    try:
        with _schema_lock(engine):
            upgrade(engine)
            with session_scope(engine) as session:
                for s in sources:
                    upsert_source(
                        session,
                        key=s.key,
                        province=s.province,
                        base_url=s.base_url,
                        platform=s.platform,
                        schedule=s.schedule,
                        config=s.config(),
                    )
    finally:
        engine.dispose()


def worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"
