"""The one CLI, ``chitieu``. Each subcommand family lives in its own module and is registered here."""

from __future__ import annotations

import logging

import click

from chitieu import __version__
from chitieu.cli import archive, crawl, run, serve, worker
from chitieu.cli.extract import extract

# Commands that record changes: in these, every change queues its alerts in the same transaction.
RECORDING_COMMANDS = frozenset({"crawl", "crawl-worker", "ingest", "run", "demo"})


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="chitieu")
@click.option("-v", "--verbose", count=True, help="More logging (-v info, -vv debug).")
@click.pass_context
def cli(ctx: click.Context, verbose: int) -> None:
    """chitieu: socio-economic target figures from Vietnamese provincial portals."""
    level = logging.WARNING - 10 * min(verbose, 2)
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    if ctx.invoked_subcommand in RECORDING_COMMANDS:
        from monitor.outbox import install_hook

        install_hook()


cli.add_command(extract)
for command in [*archive.COMMANDS, *crawl.COMMANDS, *run.COMMANDS, *serve.COMMANDS, *worker.COMMANDS]:
    cli.add_command(command)


def main() -> None:
    cli(prog_name="chitieu")
