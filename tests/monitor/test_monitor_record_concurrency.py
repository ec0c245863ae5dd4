"""record_version from two connections at once on PostgreSQL: recordings of one province take turns.

Each thread records in its own transaction. The parser stand-in waits at a barrier for the other thread,
so without serialisation both are sure to be inside ``record_version`` at the same time, each having read
the database before the other wrote; with it, the second waits for the first to commit and the barrier
times out. SQLite serialises writers by itself and is not tested here.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from datetime import timedelta

from sqlalchemy import Engine, func, select

from monitor.record import RecordResult, record_version
from storage.archive import Archive
from storage.db import session_scope
from storage.incoming import IncomingVersion
from storage.models import ChangeEvent, Document, StoredFigure
from storage.testing import (
    figure_in,
    incoming,
)

FOREST = "Tỷ lệ che phủ rừng"
PLAN_A = "Kế hoạch năm 2024: tỷ lệ che phủ rừng đạt 55%.\n"
PLAN_B = "Báo cáo năm 2024: tỷ lệ che phủ rừng đạt 56%.\n"
BARRIER_WAIT_S = 2.0  # how long a thread waits for the other before going on alone


def forest_figure(text: str) -> list:
    quote = text[text.index("tỷ lệ") : text.index("%") + 1]
    value = quote.rsplit(" ", 1)[1].rstrip("%")
    return [figure_in(text, quote, value, "%", indicator=FOREST, unit_canonical="percent", scale=1.0)]


def version(url: str, text: str, days: int = 0) -> IncomingVersion:
    found = incoming(url, text, province="Cao Bằng", period="2024")
    found.fetched_at += timedelta(days=days)
    return found


def record(engine: Engine, archive: Archive, found: IncomingVersion, extract: Callable) -> RecordResult:
    with session_scope(engine) as session:
        return record_version(session, found, archive=archive, extract=extract)


def at_once(engine: Engine, archive: Archive, versions: list[IncomingVersion]) -> list[RecordResult]:
    """Record ``versions`` from one thread each; the parser step of each waits for the others."""
    barrier = threading.Barrier(len(versions))
    results: list[RecordResult | BaseException | None] = [None] * len(versions)

    def extract(text: str, period: str | None = None, **_: object) -> list:
        # Broken after the timeout: the others are waiting for our commit, so go on alone.
        with contextlib.suppress(threading.BrokenBarrierError):
            barrier.wait(timeout=BARRIER_WAIT_S)
        return forest_figure(text)

    def run(index: int) -> None:
        try:
            results[index] = record(engine, archive, versions[index], extract)
        except BaseException as exc:  # reported by the main thread
            results[index] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(versions))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    for result in results:
        if isinstance(result, BaseException):
            raise result
    return results  # type: ignore[return-value]


def discrepancies(engine: Engine) -> list[tuple[str, str]]:
    with session_scope(engine) as session:
        query = select(ChangeEvent.old_value, ChangeEvent.new_value).where(ChangeEvent.kind == "discrepancy")
        return [(str(old), str(new)) for old, new in session.execute(query)]


def test_two_conflicting_documents_recorded_at_once_give_one_discrepancy(pg_engine, archive) -> None:
    at_once(
        pg_engine, archive, [version("https://a.gov.vn/kh", PLAN_A), version("https://b.gov.vn/bc", PLAN_B)]
    )
    found = discrepancies(pg_engine)
    assert len(found) == 1
    assert sorted(found[0]) == ["55", "56"]


def test_one_report_published_at_two_addresses_at_once_is_stored_once(pg_engine, archive) -> None:
    """The second recording finds the first one's document by its number: one document, one figure."""
    record(pg_engine, archive, version("https://a.gov.vn/kh", PLAN_A), lambda t, **_: forest_figure(t))
    copies = [version(url, PLAN_B) for url in ("https://b.gov.vn/bc", "https://mirror.b.gov.vn/bc")]
    for copy in copies:
        copy.doc_number = "12/BC-UBND"
    results = at_once(pg_engine, archive, copies)
    assert sorted(r.status for r in results) == ["new_document", "unchanged"]
    assert discrepancies(pg_engine) == [("55", "56")]
    with session_scope(pg_engine) as session:
        assert session.scalar(select(func.count()).select_from(Document)) == 2
        values = session.scalars(select(StoredFigure.value).order_by(StoredFigure.id))
        assert [str(v) for v in values] == ["55", "56"]
