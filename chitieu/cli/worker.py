"""Distributed crawling: ``chitieu crawl-seed`` starts a shared crawl in Redis, ``chitieu crawl-worker``
processes (any number, on any machine) crawl it together into one database, ``chitieu crawl-status``
shows where it stands. See ``crawler/distributed.py`` and ``deploy/OPERATIONS.md``.

The Redis URL comes from ``--redis`` or ``CHITIEU_REDIS_URL`` (put it, with its password, in the
environment file, not on a command line); it is never printed with its password.
"""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from chitieu.cli.options import SourceSelection, source_selection_options, standalone_group
from chitieu.errors import ChitieuError

log = logging.getLogger(__name__)


def _shared_options(any_crawl: bool = False):
    """--redis, --crawl and --prefix, common to the three commands."""

    def decorate(func):
        func = click.option(
            "--prefix",
            default="chitieu",
            show_default=True,
            envvar="CHITIEU_REDIS_PREFIX",
            help="Prefix of every Redis key (one per deployment sharing a Redis).",
        )(func)
        func = click.option(
            "--crawl",
            "crawl_name",
            default=None if any_crawl else "default",
            show_default=True,
            envvar="CHITIEU_CRAWL",
            help="Name of the shared crawl (its own queue and dupe filter)"
            + ("; default: any seeded crawl with work." if any_crawl else "."),
        )(func)
        return click.option(
            "--redis",
            "redis_url",
            envvar="CHITIEU_REDIS_URL",
            required=True,
            metavar="URL",
            help="Redis URL (default: CHITIEU_REDIS_URL), e.g. redis://:PASSWORD@redis:6379/0.",
        )(func)

    return decorate


def _keys(crawl_name: str, prefix: str):
    from crawler.distributed import CrawlKeys

    try:
        return CrawlKeys(crawl_name, prefix)
    except ChitieuError as exc:
        raise click.BadParameter(str(exc)) from exc


def _client(redis_url: str):
    from crawler.distributed import connect

    try:
        return connect(redis_url)
    except ChitieuError as exc:
        raise click.ClickException(str(exc)) from exc


def _print_report(report) -> None:
    from chitieu.cli.crawl import summary_table

    out = Console()
    if not out.is_terminal:
        out = Console(width=160)
    out.print(summary_table(report))


# -- crawl-seed -----------------------------------------------------------------------------------------------


@click.command("crawl-seed")
@_shared_options()
@source_selection_options("Seed")
@click.option("--force", is_flag=True, help="Restart the crawl even if its previous run still has work.")
@click.option("--wait", is_flag=True, help="Wait until the workers have finished, then print the summary.")
@click.option("--wait-timeout", default=0.0, show_default=True, help="Seconds to wait at most (0: no limit).")
@click.option(
    "--report",
    "report_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="With --wait: JSON report.",
)
# ``chitieu crawl`` options the scheduler passes (see crawl_via_workers); workers bring their own.
@click.option("--db", "ignored_db", hidden=True)
@click.option("--set", "ignored_sets", multiple=True, hidden=True)
@click.option("--no-progress", "ignored_no_progress", is_flag=True, hidden=True)
def crawl_seed(
    redis_url,
    crawl_name,
    prefix,
    selection: SourceSelection,
    force,
    wait,
    wait_timeout,
    report_file,
    ignored_db,
    ignored_sets,
    ignored_no_progress,
) -> None:
    """Start a shared crawl: its sources and start URLs go to Redis, the workers do the rest."""
    from crawler.distributed import merged_report, seed, wait_until_done

    crawl_keys = _keys(crawl_name, prefix)
    try:
        sources = selection.sources()
    except ChitieuError as exc:
        raise click.ClickException(str(exc)) from exc
    client = _client(redis_url)
    try:
        count = seed(client, crawl_keys, sources, force=force)
    except ChitieuError as exc:
        raise click.ClickException(str(exc)) from exc
    generation = int(client.get(crawl_keys.generation) or 0)
    click.echo(
        f"crawl {crawl_name}: generation {generation}, {len(sources)} sources, {count} start URLs queued"
    )
    if not wait:
        return
    if not wait_until_done(client, crawl_keys, wait_timeout):
        raise click.ClickException(f"crawl {crawl_name} not finished after {wait_timeout:g} s")
    report = merged_report(client, crawl_keys, generation)
    if report_file is not None:
        report.write(report_file)
    _print_report(report)
    if report.fatal:
        sys.exit(1)


# -- crawl-worker ---------------------------------------------------------------------------------------------


@click.command("crawl-worker")
@_shared_options(any_crawl=True)
@click.option("--db", "db_url", metavar="URL", help="Shared database URL (default: CHITIEU_DB_URL).")
@click.option(
    "--idle-exit",
    default=60.0,
    show_default=True,
    help="Leave after this many seconds with nothing to do (0: stay).",
)
@click.option(
    "--wait", default=0.0, show_default=True, help="Seconds to wait for a seeded crawl (0: no limit)."
)
@click.option(
    "--report",
    "report_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="This worker's JSON report.",
)
@click.option("--set", "sets", multiple=True, metavar="KEY=VALUE", help="Override a Scrapy setting.")
@click.option("--quiet", is_flag=True, help="No summary table at the end.")
def crawl_worker(redis_url, crawl_name, prefix, db_url, idle_exit, wait, report_file, sets, quiet) -> None:
    """Crawl from the shared queue into the shared database until the crawl is done (one crawl per run;
    a process manager starts the worker again for the next one)."""
    from chitieu.cli.options import parse_settings_overrides
    from crawler.distributed import redact
    from crawler.worker import WorkerOptions, run_worker
    from monitor.outbox import install_hook

    install_hook()  # changes recorded by this worker queue their alerts, as in ``chitieu run``
    if crawl_name is not None:
        _keys(crawl_name, prefix)  # checks the name
    options = WorkerOptions(
        redis_url=redis_url,
        crawl=crawl_name,
        prefix=prefix,
        db_url=db_url,
        idle_exit=idle_exit,
        wait=wait,
        report_file=report_file,
        overrides=parse_settings_overrides(sets),
    )
    log.info("worker waiting for crawl %s on %s", crawl_name or "(any)", redact(redis_url))
    try:
        report = run_worker(options)
    except ChitieuError as exc:
        raise click.ClickException(str(exc)) from exc
    if report is None:
        click.echo(f"no work in crawl {crawl_name or '(any)'} after {wait:g} s", err=True)
        return
    if not quiet:
        _print_report(report)
    if report.fatal:
        click.echo(f"worker failed: {report.fatal}", err=True)
        sys.exit(1)


# -- crawl-status ---------------------------------------------------------------------------------------------


@click.command("crawl-status")
@_shared_options()
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def crawl_status_command(redis_url, crawl_name, prefix, fmt) -> None:
    """Where a shared crawl stands: queue, fingerprints, workers, and the merged per-source summary."""
    from crawler.distributed import crawl_status, merged_report

    crawl_keys = _keys(crawl_name, prefix)
    client = _client(redis_url)
    status = crawl_status(client, crawl_keys)
    report = merged_report(client, crawl_keys, status.generation)
    if fmt == "json":
        data = {
            "crawl": crawl_name,
            "generation": status.generation,
            "seeded_at": status.seeded_at,
            "start_urls": status.start_urls,
            "queued": status.queued,
            "seen": status.seen,
            "running": status.running,
            "workers": [
                {"worker": w.worker, "state": w.state, "pages": w.pages} for w in status.live_workers
            ],
            "report": report.to_dict(),
        }
        click.echo(json.dumps(data, ensure_ascii=False, indent=1))
        return
    state = "running" if status.running else "idle"
    click.echo(
        f"crawl {crawl_name} generation {status.generation} ({state}), seeded {status.seeded_at or '-'}: "
        f"{status.start_urls} start URLs, {status.queued} queued, {status.seen} requests seen"
    )
    table = Table(title="workers")
    for name in ("worker", "state", "pages"):
        table.add_column(name)
    for beat in status.live_workers:
        table.add_row(beat.worker, beat.state, str(beat.pages))
    Console().print(table)
    _print_report(report)


COMMANDS: list[click.Command] = [crawl_seed, crawl_worker, crawl_status_command]


def crawl_via_workers(argv: list[str]) -> None:
    """Run a ``chitieu crawl`` invocation (as the scheduler's crawl child makes it) on the worker pool:
    seed a crawl named after the source, wait for the workers, write the same JSON report.

    For ``monitor.crawljob.main``: ``crawl_via_workers(argv)`` instead of ``crawl.main(argv)`` when
    ``CHITIEU_REDIS_URL`` is set and ``CHITIEU_CRAWL_DISPATCH=workers``.
    """
    args = list(argv)
    if "--crawl" not in args:
        keys = [args[i + 1] for i, a in enumerate(args[:-1]) if a == "--source"]
        args += ["--crawl", keys[0] if len(keys) == 1 else "default"]
    crawl_seed.main(args=[*args, "--wait"], prog_name="chitieu crawl-seed")


if __name__ == "__main__":  # ``python -m chitieu.cli.worker crawl-worker ...`` before registration
    standalone_group(COMMANDS)(prog_name="chitieu")
