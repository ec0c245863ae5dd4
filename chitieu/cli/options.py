"""Option parsing shared by the commands that run crawls (``crawl``, ``run``, ``crawl-worker``)."""

from __future__ import annotations

import json
from typing import Any

import click


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
