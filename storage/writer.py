"""A storage writer in its own process: records incoming versions (in order within a province), each atomically.

Parsing a document, storing it and detecting its changes is CPU work. Done on a thread of a crawl
process it shares one interpreter lock with the crawler, and each SQL statement or fsync that releases
the lock waits to get it back behind the crawler's parsing (and the reverse). In a process of its own the
writer uses another core and the crawler keeps its own.

Protocol: :meth:`WriterProcess.submit` queues ``(job id, IncomingVersion, source key)``; a sender thread
writes jobs into a pipe, so the writer always has a backlog to work on; the writer records them with
:func:`record_batch` and answers ``(job id, Stored | error text)``; a collector thread resolves the job's
future. ``None`` asks the writer to finish what it has and stop.

Group commit: the writer takes the jobs already waiting (at most ``BATCH_MAX``) into one transaction,
each job inside its own SAVEPOINT, so a job that fails rolls back alone, and commits once, after the
archived bodies of the batch are on disk. A job's answer is sent only after that commit: what the crawl
counts as stored is stored. A crash before the commit loses the uncommitted jobs whole (their pages are
fetched again next time, as no validators were stored for them). A batch waits up to
``BATCH_LINGER_S`` for more jobs once it has one: small transactions cost much more per job (a commit
and an fsync of the bodies each, the ORM's per-flush work), and nothing in a crawl waits on a single
answer. On SQLite the writer's transactions begin with ``BEGIN IMMEDIATE``
(the driver's own transaction handling does not support SAVEPOINT), so they hold the write lock from the
start and never fail on a stale read snapshot.

Life cycle: the writer ignores SIGINT (a Ctrl-C reaches the whole process group; its owner stops the
crawl and drains it), is killed with its owner (Linux), and leaves when the owner's end of the pipe
closes. If it dies, every unanswered job fails with :class:`WriterGone`; recording such a document again
is safe (ingest is idempotent).
"""

from __future__ import annotations

import importlib
import itertools
import logging
import multiprocessing
import os
import queue
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

from chitieu.errors import StorageError

log = logging.getLogger(__name__)
DEFAULT_RECORD = "monitor.record:record_version"
BATCH_MAX = 50  # jobs per transaction at most
BATCH_LINGER_S = 0.1  # how long a batch waits for more jobs once it has one (a commit per job costs more)


@dataclass(frozen=True, slots=True)
class Stored:
    """What the owner needs back from one ingest: plain data, so that it can cross a process boundary."""

    status: str  # as monitor.record.RecordResult.status
    figures: int
    changes: int


class WriterError(StorageError):
    """An ingest failed in the writer; the message is ``"<exception type>: <message>"`` from there."""


class WriterGone(StorageError):
    """The writer process died before answering this job."""


def record_in_transaction(
    engine: Any, archive: Any, record: Callable[..., Any], incoming: Any, source_key: str | None
) -> Stored:
    """One document version in one transaction, its archived body on disk before the commit."""
    from storage.db import session_scope

    with session_scope(engine) as session:
        try:
            result = record(session, incoming, source_key=source_key, archive=archive)
        except BaseException:
            archive.settle()
            raise
        archive.sync()
        return Stored(result.status, result.figures, len(result.changes))


Job = tuple[int, Any, str | None]  # (job id, IncomingVersion, source key)


def record_batch(
    engine: Any, archive: Any, record: Callable[..., Any], jobs: Sequence[Job]
) -> list[tuple[int, Stored | str]]:
    """The jobs in one transaction, each in a SAVEPOINT; answers are final only once this returns."""
    from storage.db import session_scope

    answers: list[tuple[int, Stored | str]] = []
    try:
        with session_scope(engine) as session:
            for number, incoming, source_key in sorted(jobs, key=_lock_order):
                mark = archive.mark()
                try:
                    with session.begin_nested():
                        result = record(session, incoming, source_key=source_key, archive=archive)
                except Exception as exc:  # this job is rolled back alone
                    archive.settle(mark)
                    answers.append((number, _failure(exc)))
                    continue
                answers.append((number, Stored(result.status, result.figures, len(result.changes))))
            archive.sync()
    except Exception as exc:  # the commit (or an archive write) failed: nothing of the batch is stored
        archive.settle()
        failure = _failure(exc)
        return [(number, failure) for number, _, _ in jobs]
    return answers


def _lock_order(job: Job) -> str:
    """Jobs of one batch in province order (stable: a province's documents keep their order).

    On PostgreSQL ``record_version`` takes a per-province advisory lock held to the batch's commit; writers
    (one per crawl process or worker) that took provinces in opposite orders could deadlock. Documents of
    different provinces never compare with each other, so the order across provinces changes nothing else.
    """
    return (getattr(job[1], "province", None) or "").casefold()


def _failure(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"


def writer_engine(db_url: str) -> Any:
    """An engine for the writer: on SQLite, transactions that SAVEPOINT works in (``BEGIN IMMEDIATE``)."""
    from sqlalchemy import event

    from storage.db import make_engine

    engine = make_engine(db_url)
    if engine.dialect.name == "sqlite":

        @event.listens_for(engine, "connect")
        def _driver_hands_off(dbapi_connection: Any, _record: Any) -> None:
            dbapi_connection.isolation_level = None  # no implicit BEGIN/COMMIT from the driver

        @event.listens_for(engine, "begin")
        def _begin(connection: Any) -> None:
            connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def resolve(path: str) -> Callable[..., Any]:
    module, _, name = path.partition(":")
    return getattr(importlib.import_module(module), name)


class WriterProcess:
    """The owner's side. ``submit`` is thread-safe and never blocks on the writer."""

    def __init__(self, db_url: str, hooks: Sequence[Callable[..., Any]] = (), record: str = DEFAULT_RECORD):
        self._args = (db_url, list(hooks), record, logging.getLogger().level, os.getpid())
        self._ids = itertools.count()
        self._pending: dict[int, Future[Stored]] = {}
        self._lock = threading.Lock()
        self._outbox: queue.SimpleQueue[tuple[int, Any, str | None] | None] = queue.SimpleQueue()
        self._process: multiprocessing.process.BaseProcess | None = None
        self._threads: list[threading.Thread] = []
        self._gone = False  # set once the collector has given up on the writer

    def start(self) -> None:
        context = multiprocessing.get_context("spawn")
        job_reader, job_writer = context.Pipe(duplex=False)
        result_reader, result_writer = context.Pipe(duplex=False)
        self._process = context.Process(
            target=_writer_main,
            args=(*self._args, job_reader, result_writer),
            name="chitieu-writer",
            daemon=True,
        )
        with _main_module_hidden():
            self._process.start()
        job_reader.close()  # the writer's ends: closed here, so either side sees the other leave
        result_writer.close()
        self._threads = [
            threading.Thread(target=self._send, args=(job_writer,), name="chitieu-writer-send", daemon=True),
            threading.Thread(
                target=self._collect, args=(result_reader,), name="chitieu-writer-recv", daemon=True
            ),
        ]
        for thread in self._threads:
            thread.start()

    def submit(self, incoming: Any, source_key: str | None) -> Future[Stored]:
        future: Future[Stored] = Future()
        with self._lock:
            if self._process is None or self._gone:
                future.set_exception(WriterGone("the storage writer process is not running"))
                return future
            job = next(self._ids)
            self._pending[job] = future
        self._outbox.put((job, incoming, source_key))
        return future

    def close(self) -> None:
        """Let the writer finish every job submitted so far, then stop it."""
        self._outbox.put(None)
        for thread in self._threads:
            thread.join()
        if self._process is not None:
            self._process.join(timeout=30)
            if self._process.is_alive():  # pragma: no cover - a writer that ignores the end of its input
                self._process.kill()
                self._process.join()

    # -- owner-side threads -----------------------------------------------------------------------
    def _send(self, connection: Connection) -> None:
        try:
            while True:
                job = self._outbox.get()
                connection.send(job)
                if job is None:
                    return
        except (OSError, ValueError):  # the writer is gone; the collector fails what is pending
            log.debug("storage writer pipe closed")
        finally:
            connection.close()

    def _collect(self, connection: Connection) -> None:
        try:
            while True:
                if not connection.poll(0.5):
                    if self._process is not None and not self._process.is_alive():
                        break
                    continue
                message = connection.recv()
                if message is None:
                    break
                self._answer(*message)
        except (EOFError, OSError):
            pass
        finally:
            connection.close()
            self._fail_pending()

    def _answer(self, job: int, payload: Stored | str) -> None:
        with self._lock:
            future = self._pending.pop(job, None)
        if future is None:
            return
        if isinstance(payload, Stored):
            future.set_result(payload)
        else:
            future.set_exception(WriterError(payload))

    def _fail_pending(self) -> None:
        with self._lock:
            self._gone = True
            pending, self._pending = self._pending, {}
        if pending:
            log.warning("storage writer process ended with %d document(s) unanswered", len(pending))
        for future in pending.values():
            future.set_exception(WriterGone("the storage writer process died"))


# -- the writer process ---------------------------------------------------------------------------


def _writer_main(
    db_url: str,
    hooks: list[Callable[..., Any]],
    record_path: str,
    log_level: int,
    owner_pid: int,
    jobs: Connection,
    results: Connection,
) -> None:
    _die_with_owner(owner_pid)
    # Ctrl-C reaches the whole process group: the owner stops the crawl and drains us. SIGTERM keeps its
    # default (die; the open transaction is rolled back), so an owner exiting abnormally never waits on us.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    logging.basicConfig(level=log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    from monitor.changes import register_change_hook
    from storage.archive import Archive

    for hook in hooks:
        register_change_hook(hook)
    engine, archive, record = writer_engine(db_url), Archive(background=True), resolve(record_path)
    try:
        while _serve_batch(jobs, results, engine, archive, record):
            pass
    finally:
        engine.dispose()


def _serve_batch(jobs: Connection, results: Connection, engine: Any, archive: Any, record: Any) -> bool:
    """Record the jobs waiting (at least one, blocking for it); False once told to stop or orphaned."""
    batch: list[Job] = []
    stop = False
    deadline = 0.0
    try:
        while len(batch) < BATCH_MAX:
            if batch and not jobs.poll(max(0.0, deadline - time.monotonic())):
                break
            job = jobs.recv()  # the first one: wait as long as it takes
            if job is None:
                stop = True
                break
            if not batch:
                deadline = time.monotonic() + BATCH_LINGER_S
            batch.append(job)
    except EOFError:  # the owner is gone: nobody will read the answers
        return False
    for answer in record_batch(engine, archive, record, batch) if batch else []:
        results.send(answer)
    if stop:
        results.send(None)
    return not stop


def _die_with_owner(owner_pid: int) -> None:
    """Linux: be killed with the owner, so a kill -9 of it never leaves a writer mid-transaction."""
    if sys.platform.startswith("linux"):
        import ctypes

        try:
            ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
        except OSError:
            log.debug("prctl unavailable")
    if os.getppid() != owner_pid:  # the owner died before we could ask
        os._exit(3)


@contextmanager
def _main_module_hidden() -> Iterator[None]:
    """Start the writer without re-running the owner's ``__main__`` in it.

    A spawned process first imports its parent's main module (for ``python -m chitieu.cli.crawl``, the
    whole CLI: two seconds). The writer needs none of it: what it runs comes from this module.
    """
    main = sys.modules.get("__main__")
    if main is None:
        yield
        return
    saved = {name: main.__dict__[name] for name in ("__spec__", "__file__") if name in main.__dict__}
    main.__dict__.pop("__file__", None)
    main.__spec__ = None
    try:
        yield
    finally:
        main.__dict__.update(saved)
