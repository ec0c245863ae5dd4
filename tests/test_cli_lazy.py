"""The CLI imports a subcommand only when it runs; its command map must name every command there is."""

from __future__ import annotations

import importlib
import subprocess
import sys

from click.testing import CliRunner

from chitieu.cli import COMMANDS, cli

FAMILIES = ("archive", "crawl", "run", "serve", "worker")


def test_the_command_map_names_every_command_of_every_family() -> None:
    defined = {"extract"}
    for family in FAMILIES:
        defined |= {command.name for command in importlib.import_module(f"chitieu.cli.{family}").COMMANDS}
    assert set(COMMANDS) == defined
    for name in COMMANDS:
        assert cli.get_command(None, name).name == name  # type: ignore[arg-type, union-attr]


def test_help_lists_every_command_and_an_unknown_one_is_refused() -> None:
    runner = CliRunner()
    shown = runner.invoke(cli, ["--help"])
    assert shown.exit_code == 0
    assert all(name in shown.output for name in COMMANDS)
    unknown = runner.invoke(cli, ["crawll"])
    assert unknown.exit_code != 0 and "No such command" in unknown.output


def test_extract_does_not_load_the_crawler_or_the_database_layer() -> None:
    probe = (
        "import sys; from chitieu.cli import cli; "
        "cli.main(['extract', '--help'], standalone_mode=False); "
        "print(sorted(m for m in ('scrapy', 'sqlalchemy', 'storage.queries') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert out.strip().splitlines()[-1] == "[]"
