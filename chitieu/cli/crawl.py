"""``chitieu crawl``: crawl registry sources (or one ad-hoc start URL) into the database, once.

The Twisted reactor cannot be restarted, so one invocation is one crawl; a scheduler runs this command
in a subprocess. Exit status: 0 when the crawl ran (faults of single sources are in the summary), 1 when
the crawl could not run at all (bad input, database unreachable).
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import click
from rich.console import Console
from rich.live import Live
from rich.table import Table

from chitieu.cli.options import SourceSelection, parse_settings_overrides, source_selection_options
from chitieu.errors import ChitieuError

log = logging.getLogger(__name__)


def summary_table(report) -> Table:
    table = Table(title="chitieu crawl", show_lines=False)
    for name in (
        "source",
        "province",
        "platform",
        "pages",
        "304",
        "not due",
        "new docs",
        "new versions",
        "figures",
        "errors",
        "warnings",
        "status",
    ):
        table.add_column(
            name, justify="right" if name not in ("source", "province", "platform", "status") else "left"
        )
    for src in report.sources.values():
        style = {"failing": "red", "empty": "yellow"}.get(src.status, "green")
        table.add_row(
            src.key,
            src.province,
            src.platform,
            str(src.pages),
            str(src.not_modified),
            str(src.not_due),
            str(src.new_documents),
            str(src.new_versions),
            str(src.figures),
            str(src.error_count),
            str(src.warning_count),
            f"[{style}]{src.status}[/]",
        )
    return table


def _progress_line(report) -> Table:
    totals = report.totals
    grid = Table.grid(padding=(0, 2))
    grid.add_row(
        f"[bold]crawling {len(report.sources)} source(s)[/]",
        f"pages {totals['pages']}",
        f"304 {totals['not_modified']}",
        f"not due {totals['not_due']}",
        f"new {totals['new_documents'] + totals['new_versions']}",
        f"figures {totals['figures']}",
        f"errors {totals['error_count']}",
    )
    return grid


@click.command("crawl")
@source_selection_options("Crawl")
@click.option("--db", "db_url", help="Database URL (default: CHITIEU_DB_URL or the SQLite file).")
@click.option(
    "--report", "report_file", type=click.Path(dir_okay=False, path_type=Path), help="Write JSON report."
)
@click.option(
    "--revisit",
    type=click.Choice(["due", "all"]),
    help="Known pages to ask for again: those due by the revisit policy (default), or all of them.",
)
@click.option("--set", "sets", multiple=True, metavar="KEY=VALUE", help="Override a Scrapy setting.")
@click.option("--list", "list_only", is_flag=True, help="List the selected sources and exit.")
@click.option("--no-progress", is_flag=True, help="No live progress display.")
def crawl(
    selection: SourceSelection,
    db_url,
    report_file,
    revisit,
    sets,
    list_only,
    no_progress,
) -> None:
    """Crawl provincial portals into the database (one crawl per invocation)."""
    console = Console(stderr=True)
    try:
        sources = selection.sources()
    except ChitieuError as exc:
        raise click.ClickException(str(exc)) from exc
    if list_only:
        for s in sources:
            flag = "" if s.verified else "  (unverified)"
            click.echo(f"{s.key}\t{s.province}\t{s.platform}\t{s.base_url}{flag}")
        return
    if not sources:
        raise click.ClickException("no source selected (check --source / --province, or --include-disabled)")
    _check_database(db_url)
    overrides = parse_settings_overrides(sets)
    if revisit:
        overrides["CHITIEU_REVISIT"] = revisit
    report = _run(sources, db_url, report_file, overrides, console, not no_progress)
    out = Console()
    if not out.is_terminal:
        out = Console(width=160)  # a wide table in logs and pipes instead of wrapped headers
    out.print(summary_table(report))
    if report.fatal:
        one_line = " ".join(str(report.fatal).split())  # never wrapped, whatever the terminal width
        click.echo(f"crawl failed: {one_line}", err=True)
        sys.exit(1)


def _check_database(db_url: str | None) -> None:
    """Fail before any fetch when the database cannot be used: one line, exit status 1."""
    from storage.db import ensure_schema, make_engine

    try:
        engine = make_engine(db_url)
        try:
            ensure_schema(engine)
        finally:
            engine.dispose()
    except ChitieuError as exc:
        raise click.ClickException(str(exc)) from exc
    except Exception as exc:  # bad URL, missing driver, refused connection
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise click.ClickException(f"cannot open database: {first}") from exc


def _run(sources, db_url, report_file, overrides, console: Console, progress: bool):
    from crawler.run import run_crawl

    if not progress or not console.is_terminal:
        return run_crawl(sources, db_url, report_file, overrides)
    with Live(console=console, refresh_per_second=4, transient=True) as live:
        return run_crawl(
            sources, db_url, report_file, overrides, on_tick=lambda r: live.update(_progress_line(r))
        )


COMMANDS = [crawl]

if __name__ == "__main__":  # ``python -m chitieu.cli.crawl``: what a scheduler runs in a subprocess
    from chitieu.cli.fastexit import run_as_process

    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    run_as_process(crawl)
