"""Schedules, the per-source lease, run records and health alerts, and ``chitieu run --once``."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from alertkit import WebhookReceiver, fast_sets, portal, registry
from click.testing import CliRunner
from freezegun import freeze_time
from sqlalchemy import Engine, select

from chitieu.cli.run import run as run_command
from chitieu.errors import InputError
from monitor import runs
from monitor.demo.server import PortalServer
from monitor.scheduler import Options, _due_now
from monitor.schedules import due_slot, parse_schedule
from monitor.subscriptions import upsert_subscription
from storage.db import session_scope
from storage.models import Document, StoredFigure
from storage.models.monitoring import AlertOutbox, CrawlRun

LEASE = timedelta(seconds=30)
RULES = runs.HealthRules(failing_runs=3, silent_after=timedelta(days=7))


# -- schedules -----------------------------------------------------------------------------------------


def test_crontab_weekday_zero_is_sunday_in_vietnam_time() -> None:
    trigger = parse_schedule("30 5 * * 0", jitter=0)
    fire = trigger.get_next_fire_time(None, datetime(2025, 1, 1, tzinfo=UTC))  # a Wednesday
    assert fire.strftime("%A %H:%M") == "Sunday 05:30" and fire.utcoffset() == timedelta(hours=7)


def test_interval_and_bad_schedules() -> None:
    assert parse_schedule("every 6h", jitter=0).interval == timedelta(hours=6)
    assert parse_schedule("90s", jitter=0).interval == timedelta(seconds=90)
    for bad in ("every day", "61 * * * *", "* * *"):
        with pytest.raises(InputError):
            parse_schedule(bad)


def test_due_slot_is_the_last_fire_time_not_yet_completed() -> None:
    daily = parse_schedule("30 5 * * *", jitter=600)
    at = datetime(2025, 1, 2, 0, 0, tzinfo=UTC)  # 07:00 in Vietnam
    slot = due_slot(daily, None, at)
    assert slot == datetime(2025, 1, 1, 22, 30, tzinfo=UTC)  # 05:30 today, Vietnam time, no jitter
    assert due_slot(daily, slot, at) is None
    assert due_slot(daily, slot - timedelta(days=1), at) == slot
    hourly = parse_schedule("every 1h", jitter=0)
    assert due_slot(hourly, at - timedelta(minutes=30), at) is None
    assert due_slot(hourly, at - timedelta(minutes=61), at) == at


# -- the lease -------------------------------------------------------------------------------------------


def test_one_claim_per_source_and_due_time(engine: Engine) -> None:
    slot = datetime(2025, 1, 1, 22, 30, tzinfo=UTC)
    assert runs.claim_source(engine, "src", slot, "A", LEASE)
    assert not runs.claim_source(engine, "src", slot, "B", LEASE), "held by A"
    assert not runs.claim_source(engine, "src", slot + timedelta(days=1), "B", LEASE), "held by A, any slot"
    run_id = runs.start_run(engine, "src", slot, "A", "schedule")
    runs.finish_run(engine, run_id, "A", {"status": "ok", "pages": 3, "new_documents": 1}, None, RULES)
    assert not runs.claim_source(engine, "src", slot, "B", LEASE), "that due time is done"
    assert runs.claim_source(engine, "src", slot + timedelta(days=1), "B", LEASE)
    assert not runs.heartbeat(engine, "src", "A", LEASE) and runs.heartbeat(engine, "src", "B", LEASE)


def test_an_expired_lease_leaves_its_due_time_resumable(engine: Engine) -> None:
    slot = datetime(2025, 1, 1, tzinfo=UTC)
    assert runs.claim_source(engine, "src", slot, "dead", timedelta(seconds=-1))  # already expired
    dead_run = runs.start_run(engine, "src", slot, "dead", "schedule")
    assert runs.resumable_slots(engine, ["src", "other"]) == [("src", slot)]
    assert runs.claim_source(engine, "src", slot, "alive", LEASE), "the same due time, again"
    runs.start_run(engine, "src", slot, "alive", "resume")
    assert runs.resumable_slots(engine, ["src"]) == [], "held again"
    with session_scope(engine) as session:
        assert session.get(CrawlRun, dead_run).status == "interrupted"


def test_an_unfinished_due_time_is_resumed_not_replaced_while_its_lease_runs_out(engine: Engine) -> None:
    """A service starting while a killed holder's lease still runs must not open a new due time: once the
    lease expires, the resume job takes the claimed one (a new one would split the crawl in two slots)."""
    slot = datetime(2025, 1, 1, tzinfo=UTC)
    source = SimpleNamespace(key="src", schedule="every 1h")
    assert runs.claim_source(engine, "src", slot, "dead", LEASE)  # killed: its lease has not run out yet
    runs.start_run(engine, "src", slot, "dead", "schedule")
    options = Options(db_url="sqlite://")
    assert _due_now(engine, [source], options) == [], "neither resumable yet nor a new due time"
    assert runs.heartbeat(engine, "src", "dead", timedelta(seconds=-1))  # the lease runs out
    assert _due_now(engine, [source], options) == [(source, slot, "resume")]


# -- health ----------------------------------------------------------------------------------------------


def _health_rows(engine: Engine) -> list[AlertOutbox]:
    with session_scope(engine) as session:
        return list(session.scalars(select(AlertOutbox).order_by(AlertOutbox.id)))


def _finished_run(engine: Engine, slot: datetime, status: str, **counts: int) -> None:
    assert runs.claim_source(engine, "cao-bang", slot, "svc", LEASE)
    run_id = runs.start_run(engine, "cao-bang", slot, "svc", "schedule")
    error = "connection refused" if status == "error" else None
    runs.finish_run(engine, run_id, "svc", {"status": status, **counts}, error, RULES, "Cao Bằng")


def test_failing_runs_in_a_row_raise_one_alert_per_streak(engine: Engine) -> None:
    with session_scope(engine) as session:
        upsert_subscription(
            session, name="ops", url="json://127.0.0.1:9/", kinds=["health"], provinces=["Cao Bằng"]
        )
    start = datetime(2025, 1, 1, tzinfo=UTC)
    statuses = ["error", "failing", "error", "error", "ok", "error", "error", "error"]
    for day, status in enumerate(statuses):
        _finished_run(
            engine, start + timedelta(days=day), status, pages=0 if status != "ok" else 5, new_documents=1
        )
    rows = _health_rows(engine)
    assert [r.kind for r in rows] == ["source_failing", "source_failing"]
    assert [r.payload["count"] for r in rows] == [3, 3]
    assert rows[0].payload["last_error"] == "connection refused"


def test_silent_source_and_overdue_plan_are_reported_once(engine: Engine) -> None:
    with session_scope(engine) as session:
        upsert_subscription(session, name="ops", url="json://127.0.0.1:9/", kinds=["health"])
    watched = [runs.WatchedSource("cao-bang", "Cao Bằng")]
    with freeze_time("2019-12-10 01:00:00"):
        _finished_run(engine, datetime(2019, 12, 10, tzinfo=UTC), "empty", pages=4)
        assert runs.check_health(engine, watched, RULES) == 0, "too early for both"
    with freeze_time("2019-12-21 01:00:00"):  # 11 days of nothing, and late December
        assert runs.check_health(engine, watched, RULES) == 2
        assert runs.check_health(engine, watched, RULES) == 0, "each finding once"
    kinds = sorted(r.kind for r in _health_rows(engine))
    assert kinds == ["plan_overdue", "source_silent"]
    overdue = next(r for r in _health_rows(engine) if r.kind == "plan_overdue")
    assert overdue.payload == {"kind": "plan_overdue", "province": "Cao Bằng", "year": 2020}


def test_no_overdue_alert_once_next_years_plan_is_stored(engine: Engine) -> None:
    from monitor.record import record_version
    from storage.testing import incoming

    with session_scope(engine) as session:
        upsert_subscription(session, name="ops", url="json://127.0.0.1:9/", kinds=["plan_overdue"])
        record_version(
            session,
            incoming(
                "https://caobang.gov.vn/kh-2020.html",
                "Chỉ tiêu năm 2020: GRDP tăng 7,5%.",
                province="Cao Bằng",
                period="2020",
            ),
        )
    with freeze_time("2019-12-22 01:00:00"):
        _finished_run(engine, datetime(2019, 12, 22, tzinfo=UTC), "ok", pages=4, new_documents=1)
        assert runs.check_health(engine, [runs.WatchedSource("cao-bang", "Cao Bằng")], RULES) == 0


# -- chitieu run --once ----------------------------------------------------------------------------------

ARTICLES = {
    "/news/kinh-te/ke-hoach-2020-3001.html": (
        "Kế hoạch phát triển kinh tế - xã hội năm 2020",
        ["Tốc độ tăng trưởng kinh tế (GRDP) phấn đấu đạt 7,5%.", "Tỷ lệ che phủ rừng duy trì ở mức 55%."],
    ),
}


def test_run_once_crawls_due_sources_records_outcomes_and_alerts(
    tmp_path: Path, db_url: str, engine: Engine
) -> None:
    pages = portal(ARTICLES)
    with PortalServer(pages) as site, WebhookReceiver() as hook:
        reg = registry(
            tmp_path / "sources.yaml",
            [("cao-bang-demo", "Cao Bằng", site.base_url), ("broken", "Bắc Kạn", "http://127.0.0.1:9")],
            "0 6 * * *",
        )
        subs = tmp_path / "subscriptions.yaml"
        subs.write_text(
            f"subscriptions:\n- name: chat\n  url: {hook.url}\n  kinds: [document_new, health]\n",
            encoding="utf-8",
        )
        args = [
            "--once",
            "--db",
            db_url,
            "--registry",
            str(reg),
            "--allow-local",
            "--subscriptions",
            str(subs),
            "--failing-runs",
            "1",
            *fast_sets(),
        ]
        first = CliRunner().invoke(run_command, args, catch_exceptions=False)
        second = CliRunner().invoke(run_command, args, catch_exceptions=False)
    assert first.exit_code == 0, first.output
    with session_scope(engine) as session:
        by_source = {r.source_key: r for r in session.scalars(select(CrawlRun))}
        documents = list(session.scalars(select(Document)))
        figures = list(session.scalars(select(StoredFigure)))
    assert set(by_source) == {"cao-bang-demo", "broken"}, "second pass: nothing due, nothing crawled"
    good, broken = by_source["cao-bang-demo"], by_source["broken"]
    assert (good.status, good.new_documents, good.figures) == ("ok", 1, 2)
    assert good.pages >= 2 and good.duration_s > 0 and good.finished_at is not None
    assert broken.status in ("failing", "error") and broken.errors + (broken.error is not None) >= 1
    assert [d.title for d in documents] == ["Kế hoạch phát triển kinh tế - xã hội năm 2020"]
    assert sorted(str(f.value) for f in figures) == ["55", "7.5"]
    messages = [b["message"] for b in hook.bodies]
    assert any(
        "Văn bản mới: Kế hoạch phát triển kinh tế - xã hội năm 2020 (2 chỉ tiêu)" in m for m in messages
    )
    assert any("Nguồn broken (Bắc Kạn) đã lỗi 1 lần liên tiếp" in m for m in messages)
    assert len(hook.bodies) == 2, "no duplicate alert from the second pass"
    assert second.exit_code == 0 and "cao-bang-demo" not in second.output
