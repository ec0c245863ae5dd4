"""Per-source crawl leases, run records and source health.

Lease. ``crawl_leases`` has one row per source. :func:`claim_source` takes it with one conditional
UPDATE: only when nobody holds a live lease *and* the due time (``slot``) is later than the last one
completed. So two services never crawl one source at once, and each due time is crawled once even when
both services fire for it. A holder extends its lease while the crawl runs (:func:`heartbeat`); a dead
holder's lease simply expires. A claimed slot that was never completed (kill -9, shutdown mid-crawl) is
*resumable* (:func:`resumable_slots`): the next service to look claims it again and crawls it.

Health. A run's outcome is stored in the transaction that completes its lease, together with any
health alert it triggers (``source_failing`` after N failed runs in a row). :func:`check_health` adds
``source_silent`` (no document for longer than expected) and ``plan_overdue`` (next year's
socio-economic plan not seen by late December) for the sources given.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine, and_, exists, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from chitieu.clock import as_utc, now, to_local
from monitor.outbox import enqueue_health
from storage.db import session_scope
from storage.models import Document, StoredFigure
from storage.models.monitoring import CrawlLease, CrawlRun

log = logging.getLogger(__name__)
FAILED = ("failing", "error")
FINISHED = ("ok", "empty", "failing", "error")


@dataclass(frozen=True, slots=True)
class HealthRules:
    failing_runs: int = 3  # this many failed runs in a row raise source_failing
    silent_after: timedelta = timedelta(days=7)  # no document for this long raises source_silent
    plan_due_day: int = 20  # from this day of December, next year's plan should be out
    plan_grace_months: int = 2  # keep looking for it through January and February


@dataclass(frozen=True, slots=True)
class WatchedSource:
    """What health checks need to know of a registry source."""

    key: str
    province: str


# -- leases --------------------------------------------------------------------------------------------


def _ensure_lease_row(engine: Engine, key: str) -> None:
    with session_scope(engine) as session:
        if session.get(CrawlLease, key) is not None:
            return
    try:
        with session_scope(engine) as session:
            session.add(CrawlLease(source_key=key))
    except IntegrityError:
        pass  # another service created it at the same moment


def claim_source(engine: Engine, key: str, slot: datetime, holder: str, lease: timedelta) -> bool:
    """Take the lease on ``key`` for due time ``slot``; False when held or when ``slot`` is done."""
    _ensure_lease_row(engine, key)
    at = now()
    with session_scope(engine) as session:
        result = session.execute(
            update(CrawlLease)
            .where(
                CrawlLease.source_key == key,
                or_(CrawlLease.lease_until.is_(None), CrawlLease.lease_until < at),
                or_(CrawlLease.completed_slot.is_(None), CrawlLease.completed_slot < slot),
            )
            .values(holder=holder, lease_until=at + lease, claimed_slot=slot, updated_at=at)
            .execution_options(synchronize_session=False)
        )
        return (result.rowcount or 0) == 1


def heartbeat(engine: Engine, key: str, holder: str, lease: timedelta) -> bool:
    """Extend our lease; False when it is no longer ours (it expired and someone else took it)."""
    at = now()
    with session_scope(engine) as session:
        result = session.execute(
            update(CrawlLease)
            .where(CrawlLease.source_key == key, CrawlLease.holder == holder)
            .values(lease_until=at + lease, updated_at=at)
            .execution_options(synchronize_session=False)
        )
        return (result.rowcount or 0) == 1


def release(engine: Engine, key: str, holder: str) -> None:
    """Give the lease up without completing the slot (the crawl was interrupted: resumable)."""
    with session_scope(engine) as session:
        session.execute(
            update(CrawlLease)
            .where(CrawlLease.source_key == key, CrawlLease.holder == holder)
            .values(holder=None, lease_until=None, updated_at=now())
            .execution_options(synchronize_session=False)
        )


def completed_slot(session: Session, key: str) -> datetime | None:
    lease = session.get(CrawlLease, key)
    return lease.completed_slot if lease is not None else None


def _unfinished(keys: Iterable[str]) -> Any:
    """Leases of ``keys`` whose claimed slot was never completed."""
    return select(CrawlLease.source_key, CrawlLease.claimed_slot).where(
        CrawlLease.source_key.in_(list(keys)),
        CrawlLease.claimed_slot.is_not(None),
        or_(CrawlLease.completed_slot.is_(None), CrawlLease.completed_slot < CrawlLease.claimed_slot),
    )


def resumable_slots(engine: Engine, keys: Iterable[str]) -> list[tuple[str, datetime]]:
    """(source, slot) pairs claimed but never completed, whose holder is gone."""
    at = now()
    query = _unfinished(keys).where(or_(CrawlLease.lease_until.is_(None), CrawlLease.lease_until < at))
    with session_scope(engine) as session:
        return [(key, as_utc(slot)) for key, slot in session.execute(query)]


def unfinished_sources(engine: Engine, keys: Iterable[str]) -> set[str]:
    """Sources with a claimed slot never completed, whoever holds the lease: that slot is theirs to finish
    (resumed when the lease is free), not a new due time."""
    with session_scope(engine) as session:
        return {key for key, _slot in session.execute(_unfinished(keys))}


# -- run records ---------------------------------------------------------------------------------------


def start_run(engine: Engine, key: str, slot: datetime, holder: str, trigger: str) -> int:
    """Record a run as started; runs of ``key`` left 'running' by a dead holder become 'interrupted'."""
    with session_scope(engine) as session:
        session.execute(
            update(CrawlRun)
            .where(CrawlRun.source_key == key, CrawlRun.status == "running", CrawlRun.holder != holder)
            .values(status="interrupted", finished_at=now())
            .execution_options(synchronize_session=False)
        )
        run = CrawlRun(
            source_key=key, slot=slot, holder=holder, trigger=trigger, status="running", started_at=now()
        )
        session.add(run)
        session.flush()
        session.execute(
            update(CrawlLease)
            .where(CrawlLease.source_key == key)
            .values(run_id=run.id)
            .execution_options(synchronize_session=False)
        )
        return run.id


_COUNTS = ("pages", "not_modified", "new_documents", "new_versions", "unchanged", "figures", "changes")


def _apply_report(run: CrawlRun, source_report: dict[str, Any] | None, error: str | None) -> None:
    data = source_report or {}
    for name in _COUNTS:
        setattr(run, name, int(data.get(name) or 0))
    run.errors = int(data.get("error_count") or 0)
    run.warnings = int(data.get("warning_count") or 0)
    faults = data.get("faults") or []
    kinds: dict[str, int] = {}
    for fault in faults:
        kinds[fault.get("kind", "?")] = kinds.get(fault.get("kind", "?"), 0) + 1
    run.faults = {"kinds": kinds, "sample": faults[:5]}
    run.status = "error" if error else str(data.get("status") or "empty")
    run.error = error or (faults[0].get("detail") if run.status == "failing" and faults else None)


def finish_run(
    engine: Engine,
    run_id: int,
    holder: str,
    source_report: dict[str, Any] | None,
    error: str | None,
    rules: HealthRules,
    province: str | None = None,
) -> CrawlRun:
    """Store the outcome, complete the lease's slot and raise a failing-streak alert: one transaction."""
    with session_scope(engine) as session:
        run = session.get(CrawlRun, run_id)
        assert run is not None, f"run {run_id} vanished"
        _apply_report(run, source_report, error)
        run.finished_at = now()
        run.duration_s = (as_utc(run.finished_at) - as_utc(run.started_at)).total_seconds()
        session.execute(
            update(CrawlLease)
            .where(CrawlLease.source_key == run.source_key, CrawlLease.holder == holder)
            .values(completed_slot=run.slot, holder=None, lease_until=None, updated_at=now())
            .execution_options(synchronize_session=False)
        )
        session.flush()
        _check_failing(session, run, rules, province)
        return run


def interrupt_run(engine: Engine, run_id: int, key: str, holder: str, reason: str) -> None:
    """Mark a run interrupted and free the lease; its slot stays resumable."""
    with session_scope(engine) as session:
        run = session.get(CrawlRun, run_id)
        if run is not None and run.status == "running":
            run.status, run.error, run.finished_at = "interrupted", reason, now()
    release(engine, key, holder)


def _check_failing(session: Session, run: CrawlRun, rules: HealthRules, province: str | None) -> None:
    recent = list(
        session.scalars(
            select(CrawlRun)
            .where(CrawlRun.source_key == run.source_key, CrawlRun.status.in_(FINISHED))
            .order_by(CrawlRun.started_at.desc(), CrawlRun.id.desc())
            .limit(rules.failing_runs)
        )
    )
    if len(recent) < rules.failing_runs or any(r.status not in FAILED for r in recent):
        return
    last_good = session.scalar(
        select(func.max(CrawlRun.id)).where(
            CrawlRun.source_key == run.source_key, CrawlRun.status.in_(("ok", "empty"))
        )
    )
    payload = {
        "kind": "source_failing",
        "source_key": run.source_key,
        "province": province,
        "count": _streak(session, run.source_key, last_good),
        "last_error": (run.error or "")[:300],
    }
    enqueue_health(session, payload, f"source_failing:{run.source_key}:after:{last_good or 0}")


def _streak(session: Session, key: str, after_id: int | None) -> int:
    query = select(func.count()).where(CrawlRun.source_key == key, CrawlRun.status.in_(FAILED))
    if after_id is not None:
        query = query.where(CrawlRun.id > after_id)
    return session.scalar(query) or 0


# -- periodic health checks ----------------------------------------------------------------------------


def check_health(engine: Engine, sources: Iterable[WatchedSource], rules: HealthRules) -> int:
    """Queue source_silent and plan_overdue alerts for ``sources``; returns how many were queued."""
    sources = list(sources)
    queued = 0
    with session_scope(engine) as session:
        for source in sources:
            queued += _check_silent(session, source, rules)
        for province in sorted({s.province for s in sources}):
            queued += _check_plan(
                session, province, [s.key for s in sources if s.province == province], rules
            )
    return queued


def _productive() -> Any:
    return (CrawlRun.new_documents + CrawlRun.new_versions + CrawlRun.unchanged + CrawlRun.not_modified) > 0


def _check_silent(session: Session, source: WatchedSource, rules: HealthRules) -> int:
    finished = and_(CrawlRun.source_key == source.key, CrawlRun.status.in_(FINISHED))
    first = session.scalar(select(func.min(CrawlRun.started_at)).where(finished))
    if first is None:
        return 0  # never crawled: nothing to judge yet
    last_good = session.execute(
        select(CrawlRun.id, CrawlRun.started_at)
        .where(finished, _productive())
        .order_by(CrawlRun.id.desc())
        .limit(1)
    ).first()
    reference = as_utc(last_good.started_at if last_good else first)
    if now() - reference <= rules.silent_after:
        return 0
    since = to_local(last_good.started_at).strftime("%d/%m/%Y") if last_good else None
    payload = {"kind": "source_silent", "source_key": source.key, "province": source.province, "since": since}
    return enqueue_health(
        session, payload, f"source_silent:{source.key}:{last_good.id if last_good else 'never'}"
    )


def plan_year_due(moment: datetime, rules: HealthRules) -> int | None:
    """The year whose plan should be out at ``moment`` (local time), or None outside the window."""
    local = to_local(moment)
    if local.month == 12 and local.day >= rules.plan_due_day:
        return local.year + 1
    if local.month <= rules.plan_grace_months:
        return local.year
    return None


def _check_plan(session: Session, province: str, keys: list[str], rules: HealthRules) -> int:
    from storage.provinces import ProvinceDirectory

    year = plan_year_due(now(), rules)
    crawled = select(CrawlRun.id).where(CrawlRun.source_key.in_(keys), CrawlRun.status.in_(FINISHED))
    if year is None or session.scalar(crawled.limit(1)) is None:
        return 0
    ids = ProvinceDirectory(session).covering_ids(province)
    if not ids:
        return 0
    period = str(year)
    has_document = exists().where(Document.province_id.in_(ids), Document.period == period)
    has_target = exists().where(
        StoredFigure.province_id.in_(ids), StoredFigure.period == period, StoredFigure.kind == "target"
    )
    if session.scalar(select(or_(has_document, has_target))):
        return 0
    payload = {"kind": "plan_overdue", "province": province, "year": year}
    return enqueue_health(session, payload, f"plan_overdue:{province}:{year}")


def recent_runs(session: Session, limit: int = 50) -> list[CrawlRun]:
    query = select(CrawlRun).order_by(CrawlRun.started_at.desc(), CrawlRun.id.desc()).limit(limit)
    return list(session.scalars(query))
