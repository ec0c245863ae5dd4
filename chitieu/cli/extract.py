"""``chitieu extract FILE...``: run the figure parser on files and print what it finds.

Every file is handled on its own: a file that cannot be read, or that makes the parser fail, gets one line
``chitieu: error: <file>: <reason>`` on stderr, the other files are still processed and printed, and the
exit code is 1 at the end. Spans in the output are offsets into the text the loader made of the file
(see :mod:`figures.loader`); ``parent`` is an index into the same file's figures.
"""

from __future__ import annotations

import json
import logging
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import click

from figures import extract as extract_figures
from figures.loader import DEFAULT_MAX_BYTES, InputRejected, load_document
from figures.model import Figure

logger = logging.getLogger(__name__)

FORMATS = ("table", "json", "jsonl")
_PERIOD = re.compile(r"^\d{4}(?:-\d{4})?$")
_QUOTE_WIDTH = 70
_PIPE_WIDTH = 180
_COMPARATOR_SIGNS = {"=": "", ">": "> ", ">=": "≥ ", "<": "< ", "<=": "≤ ", "~": "≈ "}
_DIRECTION_SIGNS = {"increase": "↑ ", "decrease": "↓ "}


@dataclass
class FileResult:
    """What one input file gave: figures, or the one-line reason it gave none."""

    file: str
    figures: list[Figure] = field(default_factory=list)
    error: str | None = None


def _check_period(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    if value is not None and not _PERIOD.match(value):
        raise click.BadParameter("expected a year such as 2024 (or a range such as 2021-2025)")
    return value


@click.command("extract")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=True, path_type=str))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(FORMATS),
    default="table",
    show_default=True,
    help="table for people, json (one array) or jsonl (one object per figure) for programs.",
)
@click.option(
    "--period",
    callback=_check_period,
    metavar="YYYY",
    help="Year the document is about, when the text does not say it.",
)
@click.option(
    "--max-bytes",
    type=click.IntRange(min=1),
    default=DEFAULT_MAX_BYTES,
    show_default=True,
    help="Refuse files larger than this.",
)
def extract(files: tuple[str, ...], output_format: str, period: str | None, max_bytes: int) -> None:
    """Extract target figures from text (.txt, UTF-8) and HTML files."""
    failed = False
    results = _results(files, period=period, max_bytes=max_bytes)
    if output_format == "jsonl":
        failed = _print_jsonl(results)
    elif output_format == "json":
        failed = _print_json(results)
    else:
        failed = _print_table(results)
    if failed:
        raise SystemExit(1)


def _results(files: tuple[str, ...], *, period: str | None, max_bytes: int) -> Iterator[FileResult]:
    """Process files one at a time; errors are reported on stderr as soon as they happen."""
    for name in files:
        result = process_file(name, period=period, max_bytes=max_bytes)
        if result.error is not None:
            click.echo(f"chitieu: error: {result.file}: {result.error}", err=True)
        yield result


def process_file(name: str, *, period: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES) -> FileResult:
    """Load and parse one file; never raises for bad input or a parser failure."""
    try:
        text, published = load_document(Path(name), max_bytes=max_bytes)
    except InputRejected as exc:
        return FileResult(name, error=exc.reason)
    except Exception as exc:  # a loader bug on one odd file must not cost the others their output
        logger.debug("loading %s failed", name, exc_info=True)
        return FileResult(name, error=f"cannot read ({type(exc).__name__}: {_one_line(str(exc))})")
    try:
        figures = extract_figures(text, period=period, written_in=published)
    except Exception as exc:  # one bad document must not stop the others; the traceback goes to -vv
        logger.debug("parser failed on %s", name, exc_info=True)
        return FileResult(name, error=f"parser failed ({type(exc).__name__}: {_one_line(str(exc))})")
    return FileResult(name, figures=figures)


def figure_record(file: str, figure: Figure) -> dict[str, Any]:
    """The JSON object of one figure: ``file`` (as given on the command line) plus ``Figure.to_dict()``."""
    return {"file": file, **figure.to_dict()}


def _print_jsonl(results: Iterator[FileResult]) -> bool:
    failed = False
    for result in results:
        failed |= result.error is not None
        for figure in result.figures:
            click.echo(_dumps(figure_record(result.file, figure)))
    return failed


def _print_json(results: Iterator[FileResult]) -> bool:
    records: list[dict[str, Any]] = []
    failed = False
    for result in results:
        failed |= result.error is not None
        records.extend(figure_record(result.file, figure) for figure in result.figures)
    click.echo(json.dumps(records, ensure_ascii=False, indent=2, default=str))
    return failed


def _print_table(results: Iterator[FileResult]) -> bool:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(highlight=False)
    table.add_column("file", overflow="fold", max_width=28)
    table.add_column("indicator", overflow="fold", max_width=40)
    for column in ("value", "unit", "kind", "period"):
        table.add_column(column, no_wrap=True, justify="right" if column == "value" else "left")
    table.add_column("quote", overflow="fold")
    failed = False
    files = count = 0
    for result in results:
        failed |= result.error is not None
        files += result.error is None
        for figure in result.figures:
            count += 1
            cells = (
                Path(result.file).name,
                figure.indicator,
                format_value(figure),
                figure.unit,
                figure.kind,
                figure.period or "",
                shorten(figure.quote),
            )
            table.add_row(*(Text(cell) for cell in cells))
    table.caption = f"{count} figure(s) in {files} file(s)"
    # Piped output gets a wide table instead of rich's 80-column default; a terminal keeps its own width.
    Console(highlight=False, width=None if sys.stdout.isatty() else _PIPE_WIDTH).print(table)
    return failed


def format_value(figure: Figure) -> str:
    """``≥ 7,5``, ``7,0–7,5``, ``↑ 2,5``: value in Vietnamese notation with comparator and direction."""
    if figure.comparator == "range" and figure.value_max is not None:
        shown = f"{vietnamese_number(figure.value)}–{vietnamese_number(figure.value_max)}"
    else:
        shown = _COMPARATOR_SIGNS.get(figure.comparator, f"{figure.comparator} ") + vietnamese_number(
            figure.value
        )
    return _DIRECTION_SIGNS.get(figure.direction or "", "") + shown


def vietnamese_number(value: Decimal | float | int) -> str:
    """``Decimal("2370.5")`` -> ``"2.370,5"``: "." groups thousands, "," marks decimals."""
    number = Decimal(str(value))
    sign = "-" if number < 0 else ""
    whole, _, fraction = f"{abs(number):f}".partition(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    return f"{sign}{grouped},{fraction}" if fraction else f"{sign}{grouped}"


def shorten(quote: str, width: int = _QUOTE_WIDTH) -> str:
    """One line, at most ``width`` characters, with an ellipsis in the middle when cut."""
    flat = " ".join(quote.split())
    if len(flat) <= width:
        return flat
    head = (width - 1) * 2 // 3
    tail = width - 1 - head
    return f"{flat[:head]}…{flat[-tail:]}"


def _dumps(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False, default=str)


def _one_line(message: str) -> str:
    return " ".join(message.split())[:200] or "no message"
