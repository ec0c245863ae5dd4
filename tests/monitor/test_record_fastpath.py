"""The ingest shortcuts store exactly what the plain path stores.

``record_version`` emits the change events of an ingest in one flush (``Detection.emit``) and, on SQLite,
numbers the new figures and events of a version itself (``storage.repository.first_new_id``): the figures
then go in as one Core executemany, and the ORM inserts the events with one executemany. Both must leave
the same rows with the same ids, and run the change hooks in the same order with the same events, as one
INSERT and one flush per row did; also across a batch whose failed job was rolled back to its SAVEPOINT.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, event, inspect, select, text

from monitor import changes
from monitor.changes import register_change_hook, unregister_change_hook
from monitor.record import record_version
from storage import repository
from storage.archive import Archive
from storage.db import session_scope
from storage.models import ChangeEvent, StoredFigure
from storage.testing import figure_in, incoming
from storage.writer import Stored, record_batch

TARGETS = [
    ("Tốc độ tăng trưởng kinh tế (GRDP) đạt", "%", "Tốc độ tăng trưởng"),
    ("Tỷ lệ che phủ rừng đạt", "%", "Tỷ lệ che phủ rừng"),
    ("Tỷ lệ hộ nghèo giảm còn", "%", "Tỷ lệ hộ nghèo"),
]


def _plan(number: int, values: list[str]) -> tuple[str, list[Any]]:
    lines = [f"Kế hoạch số {number}/KH-UBND phát triển kinh tế - xã hội tỉnh Cao Bằng năm 2024"]
    lines += [
        f"{n}. {label} {value}{unit}."
        for n, ((label, unit, _), value) in enumerate(zip(TARGETS, values, strict=True), 1)
    ]
    body = "\n".join(lines) + "\n"
    figures = [
        figure_in(body, f"{label} {value}{unit}", value.replace(",", "."), unit, indicator=indicator)
        for (label, unit, indicator), value in zip(TARGETS, values, strict=True)
    ]
    return body, figures


class Failing(Exception):
    pass


def _record(figures_of: dict[tuple, list[Any]], fail: set[str]):
    def record(session: Any, version: Any, **kwargs: Any) -> Any:
        found = figures_of[(version.url, version.fetched_at)]
        result = record_version(session, version, extract=lambda *_a, **_k: list(found), **kwargs)
        if version.url in fail:  # after its figures and events were flushed: the SAVEPOINT undoes them
            raise Failing(version.url)
        return result

    return record


def _job(number: int, values: list[str], figures_of: dict[tuple, list[Any]], day: int = 1) -> tuple:
    body, figures = _plan(number, values)
    url = f"https://caobang.gov.vn/ke-hoach-{number}.html"
    version = incoming(url, body, province="Cao Bằng", title=f"Kế hoạch số {number}")
    version.fetched_at = version.fetched_at.replace(day=day)
    figures_of[(url, version.fetched_at)] = figures
    return number, version, None


def _scenario(engine: Engine, archive: Archive) -> tuple[list[tuple[str, int]], list[Any]]:
    """Plans restating the same targets with other values (discrepancies: several events per ingest), one
    job that fails after storing (rolled back alone), then a new version of a plan (figure_revised)."""
    seen: list[tuple[str, int]] = []

    def hook(session: Any, change: ChangeEvent) -> None:
        assert session.get(ChangeEvent, change.id) is change
        seen.append((change.kind, change.id))

    figures_of: dict[tuple, list[Any]] = {}
    batches = [
        [_job(1, ["7", "55,5", "1,2"], figures_of), _job(2, ["7,5", "55,5", "1,5"], figures_of)],
        [_job(3, ["8", "56", "1"], figures_of), _job(4, ["6", "54", "2"], figures_of)],
        [_job(5, ["7", "55", "1,2"], figures_of), _job(1, ["7,2", "55,5", "0,9"], figures_of, day=9)],
    ]
    fail = {"https://caobang.gov.vn/ke-hoach-3.html"}
    register_change_hook(hook)
    try:
        answers = [record_batch(engine, archive, _record(figures_of, fail), batch) for batch in batches]
    finally:
        unregister_change_hook(hook)
    outcomes = [
        payload.status if isinstance(payload, Stored) else payload.split(":")[0]
        for batch in answers
        for _n, payload in batch
    ]
    assert outcomes == [
        "new_document",
        "new_document",
        "Failing",
        "new_document",
        "new_document",
        "new_version",
    ]
    return seen, _rows(engine)


def _rows(engine: Engine) -> dict[str, list[tuple]]:
    tables = ["documents", "document_urls", "document_versions", "figures", "change_events"]
    with engine.connect() as connection:
        out = {}
        for table in tables:
            columns = [
                c["name"]
                for c in inspect(connection).get_columns(table)
                if c["name"] not in ("created_at", "detected_at")
            ]
            query = f"SELECT {', '.join(columns)} FROM {table} ORDER BY id"
            out[table] = [tuple(row) for row in connection.execute(text(query))]
        return out


def _one_by_one(session: Any, events: Any) -> list[ChangeEvent]:
    """The plain path (``emit_change`` as it was): one flush per event, its hooks right after."""
    for change in events:
        session.add(change)
        session.flush()
        for hook in changes.registered_change_hooks():
            hook(session, change)
    return list(events)


@pytest.fixture
def writer_db(engine: Engine) -> Engine:
    """The engine as the storage writer uses it (on SQLite: SAVEPOINTs need BEGIN IMMEDIATE)."""
    from storage.writer import writer_engine

    if engine.dialect.name != "sqlite":
        return engine
    return writer_engine(engine.url.render_as_string(hide_password=False))


def test_shortcuts_store_the_same_rows_ids_and_hook_calls(
    writer_db: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, engine: Engine
) -> None:
    fast = _scenario(writer_db, Archive(tmp_path / "fast", background=True))
    assert sum(1 for kind, _ in fast[0] if kind == "discrepancy") >= 4
    assert [kind for kind, _ in fast[0]].count("figure_revised") >= 1

    with session_scope(engine) as session:  # start again from an empty database, the plain way
        for table in ["change_events", "figures", "document_versions", "document_urls", "documents"]:
            session.execute(text(f"DELETE FROM {table}"))
        if engine.dialect.name == "postgresql":
            for table in ["change_events", "figures", "document_versions", "document_urls", "documents"]:
                session.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), 1, false)"))
    monkeypatch.setattr(repository, "first_new_id", lambda *_args: None)
    monkeypatch.setattr(changes, "emit_changes", _one_by_one)
    plain = _scenario(writer_db, Archive(tmp_path / "plain", background=True))

    assert fast[0] == plain[0]
    assert fast[1] == plain[1]


def test_a_versions_figures_are_inserted_in_one_statement_on_sqlite(tmp_path: Path, archive: Archive) -> None:
    """SQLite only: PostgreSQL inserts rows in batches by itself."""
    from storage.db import make_engine, upgrade
    from storage.writer import writer_engine

    url = f"sqlite:///{tmp_path / 'batched.sqlite'}"
    plain = make_engine(url)
    upgrade(plain)
    plain.dispose()
    writer_db = writer_engine(url)
    inserts: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.startswith("INSERT INTO figures"):
            inserts.append(statement)

    figures_of: dict[tuple, list[Any]] = {}
    job = _job(1, ["7", "55,5", "1,2"], figures_of)
    event.listen(writer_db, "before_cursor_execute", count)
    try:
        [(_n, stored)] = record_batch(writer_db, archive, _record(figures_of, set()), [job])
    finally:
        event.remove(writer_db, "before_cursor_execute", count)
    assert isinstance(stored, Stored) and stored.figures == 3
    assert len(inserts) == 1
    with session_scope(writer_db) as session:
        assert list(session.scalars(select(StoredFigure.id).order_by(StoredFigure.id))) == [1, 2, 3]
