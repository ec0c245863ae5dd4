"""``chitieu run`` (the scheduler service, or one pass with ``--once``) and ``chitieu demo``.

``python -m chitieu.cli.run run ...`` works too (what tests and process managers can call).
"""

from __future__ import annotations

import logging
import threading
from datetime import timedelta
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from chitieu.cli.options import parse_settings_overrides, standalone_group
from chitieu.errors import ChitieuError

log = logging.getLogger(__name__)


def _engine(db_url: str | None) -> Any:
    from storage.db import ensure_schema, make_engine

    try:
        engine = make_engine(db_url)
        ensure_schema(engine)
    except ChitieuError as exc:
        raise click.ClickException(str(exc)) from exc
    except Exception as exc:  # bad URL, missing driver, refused connection
        raise click.ClickException(f"cannot open database: {exc}") from exc
    return engine


def _sync_subscriptions(engine: Any, path: Path | None) -> None:
    if path is None:
        return
    from sqlalchemy.exc import IntegrityError

    from monitor.subscriptions import load_file, sync_subscriptions
    from storage.db import session_scope

    entries = load_file(path)
    try:
        with session_scope(engine) as session:
            sync_subscriptions(session, entries)
    except IntegrityError:  # two services starting at once both inserted a new subscription: once more
        log.info("subscriptions were synced by another service at the same moment; syncing again")
        with session_scope(engine) as session:
            sync_subscriptions(session, entries)
    log.info("%d subscriptions loaded from %s", len(entries), path)


def runs_table(rows: list[Any]) -> Table:
    table = Table(title="chitieu run")
    for name in (
        "source",
        "status",
        "pages",
        "new docs",
        "new versions",
        "figures",
        "changes",
        "errors",
        "seconds",
    ):
        table.add_column(name, justify="left" if name in ("source", "status") else "right")
    for run in rows:
        style = {"error": "red", "failing": "red", "empty": "yellow"}.get(run.status, "green")
        table.add_row(
            run.source_key,
            f"[{style}]{run.status}[/]",
            str(run.pages),
            str(run.new_documents),
            str(run.new_versions),
            str(run.figures),
            str(run.changes),
            str(run.errors),
            f"{run.duration_s or 0:.1f}",
        )
    return table


@click.command("run")
@click.option("--once", is_flag=True, help="Crawl every due source once, deliver alerts, and exit.")
@click.option(
    "--db", "db_url", metavar="URL", help="Database URL (default: CHITIEU_DB_URL or the SQLite file)."
)
@click.option("--registry", type=click.Path(dir_okay=False, path_type=Path), help="Source registry file.")
@click.option("--source", "keys", multiple=True, help="Only these registry keys (repeatable).")
@click.option("--province", "provinces", multiple=True, help="Only sources of these provinces (repeatable).")
@click.option(
    "--subscriptions",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    envvar="CHITIEU_SUBSCRIPTIONS",
    help="YAML file of alert subscriptions (synced at start).",
)
@click.option("--allow-local", is_flag=True, help="Allow loopback/private addresses (local mirrors, tests).")
@click.option("--set", "sets", multiple=True, metavar="KEY=VALUE", help="Override a Scrapy setting.")
@click.option(
    "--default-schedule",
    default="30 5 * * *",
    show_default=True,
    help="For sources without a schedule: crontab (Vietnam time) or 'every 6h'.",
)
@click.option("--jitter", type=float, help="Seconds of random delay per run (default: auto).")
@click.option("--workers", default=2, show_default=True, help="Sources crawled at the same time.")
@click.option(
    "--lease", default=120.0, show_default=True, help="Seconds a crawl lease lasts between heartbeats."
)
@click.option("--deliver-every", default=30.0, show_default=True, help="Seconds between outbox deliveries.")
@click.option("--health-every", default=3600.0, show_default=True, help="Seconds between health checks.")
@click.option(
    "--failing-runs", default=3, show_default=True, help="Failed runs in a row that raise an alert."
)
@click.option(
    "--silent-days", default=7.0, show_default=True, help="Days without any document that raise an alert."
)
@click.option(
    "--alert-lease", default=300.0, show_default=True, help="Seconds an alert claim lasts while sending."
)
@click.option(
    "--retry-base", default=30.0, show_default=True, help="First retry delay of a failed alert (s)."
)
@click.option(
    "--stop-grace", default=30.0, show_default=True, help="Seconds a crawl may take to stop on shutdown."
)
def run(
    once,
    db_url,
    registry,
    keys,
    provinces,
    subscriptions,
    allow_local,
    sets,
    default_schedule,
    jitter,
    workers,
    lease,
    deliver_every,
    health_every,
    failing_runs,
    silent_days,
    alert_lease,
    retry_base,
    stop_grace,
) -> None:
    """Crawl sources on their schedules, record changes, send alerts (runs until SIGTERM/SIGINT)."""
    from chitieu.settings import get_settings
    from monitor import outbox, runs, scheduler

    db_url = db_url or get_settings().database_url
    options = scheduler.Options(
        db_url=db_url,
        registry=registry,
        source_keys=keys,
        provinces=provinces,
        allow_local=allow_local,
        crawl_settings=parse_settings_overrides(sets),
        default_schedule=default_schedule,
        jitter=jitter,
        workers=workers,
        lease=timedelta(seconds=lease),
        deliver_every=deliver_every,
        health_every=health_every,
        stop_grace=stop_grace,
        backoff=outbox.Backoff(base=retry_base),
        alert_lease=timedelta(seconds=alert_lease),
        rules=runs.HealthRules(failing_runs=failing_runs, silent_after=timedelta(days=silent_days)),
    )
    engine = _engine(db_url)
    try:
        _sync_subscriptions(engine, subscriptions)
        if once:
            stopping = threading.Event()
            previous = scheduler.install_stop_signals(stopping.set)
            try:
                Console().print(runs_table(scheduler.run_once(engine, options, stopping)))
            finally:
                scheduler.restore_signals(previous)
        else:
            scheduler.Service(engine, options).run_forever()
    except ChitieuError as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        engine.dispose()


@click.command("demo")
@click.option(
    "--db", "db_url", metavar="URL", help="Database to fill (default: a fresh SQLite file in the data dir)."
)
@click.option("--mailbox", type=click.Path(dir_okay=False, path_type=Path), help="mbox file for the alert.")
@click.option(
    "--lang", type=click.Choice(["vi", "en"]), default="vi", show_default=True, help="Alert language."
)
def demo(db_url: str | None, mailbox: Path | None, lang: str) -> None:
    """Offline demo: serve a bundled portal, crawl it, revise a page, crawl again, show the changes and alert."""
    from monitor.demo.run import run_demo

    try:
        run_demo(db_url, mailbox, lang, Console())
    except ChitieuError as exc:
        raise click.ClickException(str(exc)) from exc


COMMANDS: list[click.Command] = [run, demo]


if __name__ == "__main__":
    standalone_group(COMMANDS)(prog_name="chitieu")
