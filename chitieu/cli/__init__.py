"""The one CLI, ``chitieu``. Each subcommand family lives in its own module and is registered here.

Subcommands are imported when invoked, not when the CLI starts: ``chitieu extract`` does not load Scrapy,
and a crawl (``python -m chitieu.cli.crawl``, which the scheduler starts for every crawl) does not load the
archive commands' database and export code. That is about a second less for every invocation.
"""

from __future__ import annotations

import importlib
import logging

import click

from chitieu import __version__

# Commands that record changes: in these, every change queues its alerts in the same transaction.
RECORDING_COMMANDS = frozenset({"crawl", "crawl-worker", "ingest", "run", "demo"})

# command name -> "module:attribute"; tests/test_cli_lazy.py keeps it equal to the modules' COMMANDS lists
COMMANDS = {
    "extract": "chitieu.cli.extract:extract",
    "ingest": "chitieu.cli.archive:ingest",
    "history": "chitieu.cli.archive:history",
    "changes": "chitieu.cli.archive:changes",
    "versions": "chitieu.cli.archive:versions",
    "diff": "chitieu.cli.archive:diff",
    "export": "chitieu.cli.archive:export",
    "crawl": "chitieu.cli.crawl:crawl",
    "run": "chitieu.cli.run:run",
    "demo": "chitieu.cli.run:demo",
    "serve": "chitieu.cli.serve:serve",
    "crawl-seed": "chitieu.cli.worker:crawl_seed",
    "crawl-worker": "chitieu.cli.worker:crawl_worker",
    "crawl-status": "chitieu.cli.worker:crawl_status_command",
}


class LazyGroup(click.Group):
    """A group whose subcommands are imported from ``COMMANDS`` on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module, attribute = target.split(":")
        command = getattr(importlib.import_module(module), attribute)
        if not isinstance(command, click.Command):
            raise TypeError(f"{target} is not a click command")
        return command


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
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


def main() -> None:
    """The ``chitieu`` console script: the whole process, left without the interpreter's teardown."""
    from chitieu.cli.fastexit import run_as_process

    run_as_process(lambda: cli(prog_name="chitieu"))
