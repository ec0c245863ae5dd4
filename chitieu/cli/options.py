"""Options shared by the commands that run crawls (``crawl``, ``crawl-seed``, ``run``, ``crawl-worker``)."""

from __future__ import annotations

import functools
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

import click

from crawler.sources import PLATFORMS


def parse_settings_overrides(values: tuple[str, ...]) -> dict[str, Any]:
    """``--set KEY=VALUE`` options as Scrapy setting overrides; a VALUE that is JSON (``2``, ``false``,
    ``{"a": 1}``) is decoded, anything else stays a string."""
    overrides: dict[str, Any] = {}
    for item in values:
        key, sep, raw = item.partition("=")
        if not sep or not key.strip():
            raise click.BadParameter(f"expected KEY=VALUE, got {item!r}", param_hint="--set")
        try:
            overrides[key.strip()] = json.loads(raw)
        except json.JSONDecodeError:
            overrides[key.strip()] = raw
    return overrides


@dataclass(frozen=True)
class SourceSelection:
    """Which sources a crawl covers: registry entries by key or province, or one ad-hoc start URL."""

    keys: tuple[str, ...] = ()
    provinces: tuple[str, ...] = ()
    registry: Path | None = None
    start_url: str | None = None
    platform: str = "auto"
    allow_local: bool = False
    follow_all: bool = False
    max_pages: int = 5
    include_disabled: bool = False

    def sources(self) -> list[Any]:
        """The selected :class:`crawler.sources.Source` entries; a usage error names what is wrong."""
        from crawler.sources import adhoc_source, load_registry, select_sources

        if self.start_url:
            if not self.provinces:
                raise click.UsageError("--start-url needs --province NAME")
            return [
                adhoc_source(
                    self.start_url,
                    self.provinces[0],
                    self.platform,
                    self.allow_local,
                    self.follow_all,
                    self.max_pages,
                )
            ]
        sources = select_sources(
            load_registry(self.registry), self.keys, self.provinces, self.include_disabled
        )
        if self.allow_local:  # only meaningful for local mirrors named in a registry file
            sources = [replace(s, allow_local=True) for s in sources]
        unknown = set(self.keys) - {s.key for s in sources}
        if unknown:
            raise click.UsageError(f"unknown source key(s): {', '.join(sorted(unknown))}")
        return sources


_SELECTION_FIELDS = tuple(f.name for f in fields(SourceSelection))


def source_selection_options(verb: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """The options that choose sources, handed to the command as one ``selection`` argument.

    ``verb`` ("Crawl", "Seed") starts the help of the options that say what is done with a source.
    """
    options = [
        click.option("--source", "keys", multiple=True, help="Registry key of a source (repeatable)."),
        click.option(
            "--province", "provinces", multiple=True, help="Province, old or current name (repeatable)."
        ),
        click.option(
            "--registry", type=click.Path(dir_okay=False, path_type=Path), help="Source registry file."
        ),
        click.option("--start-url", help=f"{verb} one ad-hoc source starting here (needs --province)."),
        click.option(
            "--platform",
            default="auto",
            show_default=True,
            type=click.Choice(PLATFORMS),
            help="Platform of the --start-url source (auto: detected from the page).",
        ),
        click.option(
            "--allow-local", is_flag=True, help="Allow loopback/private addresses (local mirrors, tests)."
        ),
        click.option(
            "--follow-all", is_flag=True, help="Keep every article, not only target/plan documents."
        ),
        click.option(
            "--max-pages", default=5, show_default=True, help="Listing pages per section (ad-hoc source)."
        ),
        click.option(
            "--include-disabled", is_flag=True, help=f"{verb} registry entries marked enabled: false too."
        ),
    ]

    def decorate(command: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(command)
        def with_selection(*args: Any, **kwargs: Any) -> Any:
            chosen = {name: kwargs.pop(name) for name in _SELECTION_FIELDS}
            return command(*args, selection=SourceSelection(**chosen), **kwargs)

        for option in reversed(options):
            with_selection = option(with_selection)
        return with_selection

    return decorate


def standalone_group(commands: list[click.Command]) -> click.Group:
    """A ``chitieu``-like group of some commands, for ``python -m chitieu.cli.<module>`` in subprocesses
    (the scheduler's crawl jobs, workers) without importing every command."""

    @click.group()
    @click.option("-v", "--verbose", count=True, help="More logging (-v info, -vv debug).")
    def group(verbose: int) -> None:
        level = logging.WARNING - 10 * min(verbose, 2)
        logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")

    for command in commands:
        group.add_command(command)
    return group
