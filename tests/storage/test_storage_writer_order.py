"""Two storage writers at once on PostgreSQL never deadlock on the per-province ingest locks.

``record_version`` holds an advisory lock per province until the writer's batch commits. Two writers whose
batches hold the same two provinces in opposite submission order would each take one lock and wait for
the other's (PostgreSQL then kills one job with a deadlock error). ``record_batch`` records a batch in
province order, so the second writer waits for the first instead. The recording stand-in makes each writer
wait for the other after its first document, which forces the deadlock when the order is not fixed.
"""

from __future__ import annotations

import contextlib
import threading
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, func, select

from monitor.record import record_version
from storage.archive import Archive
from storage.db import session_scope
from storage.models import Document
from storage.testing import incoming
from storage.writer import Stored, record_batch

BARRIER_WAIT_S = 3.0  # longer than PostgreSQL's default deadlock_timeout (1 s)


def _job(number: int, province: str) -> tuple[int, Any, None]:
    text = f"Kế hoạch năm 2025 số {number}: tỷ lệ che phủ rừng đạt {50 + number}%.\n"
    return number, incoming(f"https://{number}.example.gov.vn/ke-hoach.html", text, province=province), None


def test_two_writers_with_provinces_in_opposite_order_both_store_everything(
    pg_engine: Engine, tmp_path: Path
) -> None:
    barrier = threading.Barrier(2)
    local = threading.local()

    def record_then_meet(session: Any, found: Any, **kwargs: Any) -> Any:
        result = record_version(session, found, **kwargs)
        if not getattr(local, "met", False):  # after the first document of the batch: meet the other writer
            local.met = True
            with contextlib.suppress(threading.BrokenBarrierError):
                barrier.wait(timeout=BARRIER_WAIT_S)
        return result

    batches = [
        [_job(1, "Cao Bằng"), _job(2, "Hà Giang")],
        [_job(3, "Hà Giang"), _job(4, "Cao Bằng")],
    ]
    answers: list[list[tuple[int, Stored | str]]] = [[], []]

    def write(index: int) -> None:
        archive = Archive(tmp_path / f"archive-{index}", background=True)
        answers[index] = record_batch(pg_engine, archive, record_then_meet, batches[index])

    threads = [threading.Thread(target=write, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    failures = [payload for batch in answers for _n, payload in batch if not isinstance(payload, Stored)]
    assert failures == [], failures
    assert sorted(n for batch in answers for n, _ in batch) == [1, 2, 3, 4]
    with session_scope(pg_engine) as session:
        assert session.scalar(select(func.count()).select_from(Document)) == 4
