"""Archivist commands: ``ingest``, ``history``, ``changes``, ``versions``, ``diff``, ``export``.

Every command takes ``--db URL`` (default: the configured database, an SQLite file under the data
directory, created and upgraded on first use) and ``--format``. A database that cannot be reached gives
one line ``chitieu: error: ...`` and exit status 1; an ingest is one transaction per file.
"""

from __future__ import annotations

import functools
import json
import logging
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import click
from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session

from chitieu.clock import as_utc, now, to_local
from chitieu.errors import StorageError
from monitor.record import record_version
from monitor.textdiff import diff_versions, pick_versions
from storage import queries
from storage.db import ensure_schema, make_engine, session_scope
from storage.exporting import plain, write_csv, write_json, write_parquet
from storage.incoming import IncomingVersion
from storage.models import CHANGE_KINDS
from storage.repository import source_by_key, upsert_source, versions_of

log = logging.getLogger(__name__)
FORMATS = ("table", "json", "csv")
TEXT_SUFFIXES = {".txt": "text/plain", ".html": "text/html", ".htm": "text/html"}


class CommandError(click.ClickException):
    """One line on stderr, exit status 1."""

    def show(self, file: Any = None) -> None:
        click.echo(f"chitieu: error: {self.message}", err=True)


def _common(*formats: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    def decorate(func: Callable[..., Any]) -> Callable[..., Any]:
        func = click.option("--db", "db_url", metavar="URL", help="Database URL (default: CHITIEU_DB_URL).")(
            func
        )
        choices = click.Choice(formats or FORMATS)
        return click.option("--format", "fmt", type=choices, default="table", show_default=True)(func)

    return decorate


@contextmanager
def database(db_url: str | None) -> Iterator[Engine]:
    """An engine on an up-to-date schema; unreachable databases become a one-line error."""
    try:
        engine = make_engine(db_url)
        ensure_schema(engine)
    except (StorageError, OperationalError, DBAPIError) as exc:
        raise CommandError(_db_message(exc)) from exc
    except Exception as exc:  # bad URL, missing driver
        raise CommandError(f"cannot open database: {exc}") from exc
    try:
        yield engine
    except (OperationalError, DBAPIError) as exc:
        raise CommandError(_db_message(exc)) from exc
    finally:
        engine.dispose()


def _db_message(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    first = text[0] if text else type(exc).__name__
    return first if first.startswith("database") else f"database unreachable: {first}"


def _read_session(db_url: str | None, body: Callable[[Session], Any]) -> Any:
    with database(db_url) as engine, session_scope(engine) as session:
        return body(session)


# -- output --------------------------------------------------------------------------------------------


def emit(rows: list[dict[str, Any]], fmt: str, columns: list[str], title: str | None = None) -> None:
    """Rows as a rich table (``columns`` only), a JSON array or CSV (every key)."""
    if fmt == "json":
        records = [{k: plain(v) for k, v in row.items()} for row in rows]
        click.echo(json.dumps(records, ensure_ascii=False, indent=2))
    elif fmt == "csv":
        write_csv(rows, sys.stdout)
    else:
        _print_table(rows, columns, title)


def _print_table(rows: list[dict[str, Any]], columns: list[str], title: str | None) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title, show_lines=False)
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*(_table_cell(row.get(c)) for c in columns))
    console = Console(file=sys.stdout, width=max(140, Console().width))
    console.print(table if rows else "(nothing)")


def _table_cell(value: Any) -> str:
    if isinstance(value, Decimal):
        from monitor.changes import format_vn

        return format_vn(value)
    if isinstance(value, datetime):
        return f"{to_local(value):%Y-%m-%d %H:%M}"
    return "" if value is None else str(value)


# -- ingest --------------------------------------------------------------------------------------------


def _parse_moment(value: str | None) -> datetime:
    if not value:
        return now()
    moment = queries.as_of_moment(value) if "T" in value or " " in value else None
    if moment is None:  # a bare date: the start of that day, Vietnamese time
        from chitieu.clock import VN_TZ

        moment = as_utc(datetime.combine(date.fromisoformat(value), datetime.min.time(), tzinfo=VN_TZ))
    return moment


def _files(paths: tuple[str, ...]) -> list[tuple[Path, str | None]]:
    """Files to ingest, each with the relative name used under a directory's base URL (None for a file)."""
    found: list[tuple[Path, str | None]] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            children = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES)
            found += [(p, p.relative_to(path).as_posix()) for p in children]
        else:
            found.append((path, None))
    return found


def _url_for(path: Path, relative: str | None, base_url: str | None) -> str:
    if not base_url:
        return path.resolve().as_uri()
    return f"{base_url.rstrip('/')}/{relative}" if relative is not None else base_url


@click.command("ingest")
@click.argument("paths", nargs=-1, required=True)
@click.option("--source", "source_key", required=True, help="Source key (registered on first use).")
@click.option("--url", help="URL of the file (for a directory: base URL; files are appended).")
@click.option("--province", help="Province (old or current name); default: the source's.")
@click.option("--period", help="Year the documents are about, when the text does not say it.")
@click.option("--fetched-at", help="When the document was fetched (ISO date or datetime); default: now.")
@click.option("--title", help="Document title.")
@click.option("--doc-number", help="Document number, e.g. 54/QĐ-UBND.")
@click.option("--issuer", help="Issuing body.")
@_common()
def ingest(
    paths: tuple[str, ...], source_key: str, url: str | None, province: str | None, **opts: Any
) -> None:
    """Ingest documents already on disk (FILE or DIR of .txt/.html files), one transaction per file."""
    fmt, db_url = opts.pop("fmt"), opts.pop("db_url")
    fetched_at = _parse_moment(opts.pop("fetched_at"))
    files = _files(paths)
    if len(files) > 1 and url and not any(Path(p).is_dir() for p in paths):
        raise CommandError("--url names one document; give one FILE or a DIR")
    results, failed = [], False
    with database(db_url) as engine:
        _ensure_source(engine, source_key, province, url or (files[0][0].resolve().as_uri() if files else ""))
        for path, relative in files:
            row = _ingest_one(
                engine, path, _url_for(path, relative, url), source_key, province, fetched_at, opts
            )
            failed |= row["status"] == "failed"
            results.append(row)
    emit(results, fmt, ["file", "status", "document", "version", "figures", "changes", "error"])
    if failed:
        raise SystemExit(1)


def _ensure_source(engine: Engine, key: str, province: str | None, base_url: str) -> None:
    with session_scope(engine) as session:
        if source_by_key(session, key) is None:
            upsert_source(session, key=key, province=province, base_url=base_url, platform="file")


def _ingest_one(
    engine: Engine,
    path: Path,
    url: str,
    source_key: str,
    province: str | None,
    fetched_at: datetime,
    opts: dict,
) -> dict[str, Any]:
    row: dict[str, Any] = {"file": str(path), "url": url}
    try:
        body = path.read_bytes()
    except OSError as exc:
        click.echo(f"chitieu: error: {path}: cannot read ({exc.strerror or exc})", err=True)
        return row | {"status": "failed", "error": exc.strerror or str(exc)}
    incoming = IncomingVersion(
        url=url,
        body=body,
        fetched_at=fetched_at,
        content_type=TEXT_SUFFIXES.get(path.suffix.lower(), "text/plain"),
        province=province,
        source_key=source_key,
        **{k: v for k, v in opts.items() if v is not None},
    )
    with session_scope(engine) as session:
        if incoming.province is None:
            source = source_by_key(session, source_key)
            incoming.province = source.province.name if source and source.province else None
        result = record_version(session, incoming, source_key=source_key)
        if result.error:
            click.echo(f"chitieu: warning: {path}: stored with error: {result.error}", err=True)
        changes = [c.kind for c in result.changes]
        return row | {
            "status": result.status,
            "document": result.document_id,
            "version": result.version_id,
            "figures": result.figures,
            "changes": ", ".join(f"{changes.count(k)} {k}" for k in dict.fromkeys(changes)),
            "error": result.error,
        }


# -- read commands -------------------------------------------------------------------------------------


@click.command("history")
@click.argument("indicator")
@click.option("--province", help="Province, old or current name (a current one includes merged units).")
@click.option("--period", help="Year, e.g. 2020.")
@click.option("--as-of", help="Only what the sources said on this date (YYYY-MM-DD).")
@_common()
def history(
    indicator: str, province: str | None, period: str | None, as_of: str | None, fmt: str, db_url: str | None
) -> None:
    """Every stated figure of INDICATOR (accents optional), with document, version date and quote."""

    def run(session: Session) -> list[dict[str, Any]]:
        return [
            r.as_dict()
            for r in queries.history(session, indicator, province=province, period=period, as_of=as_of)
        ]

    rows = _read_session(db_url, run)
    columns = [
        "province",
        "period",
        "kind",
        "comparator",
        "value",
        "unit",
        "fetched_at",
        "version",
        "url",
        "quote",
    ]
    emit(rows, fmt, columns, title=f"history: {indicator}")


@click.command("changes")
@click.option("--since", help="Only changes detected on or after this date (YYYY-MM-DD).")
@click.option("--kind", "kinds", multiple=True, type=click.Choice(CHANGE_KINDS), help="Repeatable.")
@click.option("--province", help="Province, old or current name.")
@_common()
def changes(
    since: str | None, kinds: tuple[str, ...], province: str | None, fmt: str, db_url: str | None
) -> None:
    """Detected changes: new and revised documents, figures new/revised/withdrawn, discrepancies."""

    def run(session: Session) -> list[dict[str, Any]]:
        return [
            r.as_dict() for r in queries.list_changes(session, since=since, kinds=kinds, province=province)
        ]

    rows = _read_session(db_url, run)
    columns = [
        "id",
        "kind",
        "province",
        "indicator",
        "period",
        "old_value",
        "new_value",
        "unit",
        "note",
        "new_url",
    ]
    emit(rows, fmt, columns, title="changes")


def _document_or_fail(session: Session, url: str) -> Any:
    document = queries.document_for(session, url)
    if document is None:
        raise CommandError(f"no document known under {url}")
    return document


@click.command("versions")
@click.argument("url")
@_common()
def versions(url: str, fmt: str, db_url: str | None) -> None:
    """Versions of the document seen under URL (any of its URLs, or its id)."""

    def run(session: Session) -> list[dict[str, Any]]:
        document = _document_or_fail(session, url)
        return [
            {
                "document": document.id,
                "version": v.number,
                "fetched_at": v.fetched_at,
                "superseded_at": v.superseded_at,
                "last_seen_at": v.last_seen_at,
                "seen_count": v.seen_count,
                "http_status": v.http_status,
                "content_hash": v.content_hash,
                "figures": v.figure_count,
                "url": v.url,
                "error": v.error,
            }
            for v in versions_of(session, document)
        ]

    rows = _read_session(db_url, run)
    emit(rows, fmt, ["version", "fetched_at", "seen_count", "last_seen_at", "figures", "url", "error"], url)


@click.command("diff")
@click.argument("url")
@click.argument("v1", type=int, required=False)
@click.argument("v2", type=int, required=False)
@click.option("--context", default=3, show_default=True, help="Lines of context.")
@_common()
def diff(url: str, v1: int | None, v2: int | None, context: int, fmt: str, db_url: str | None) -> None:
    """Unified diff of the extracted text of two versions (default: the last two)."""

    def run(session: Session) -> dict[str, Any]:
        document = _document_or_fail(session, url)
        try:
            old, new = pick_versions(session, document, v1, v2)
        except LookupError as exc:
            raise CommandError(str(exc)) from exc
        return {
            "document": document.id,
            "from": old.number,
            "to": new.number,
            "diff": diff_versions(old, new, context),
        }

    result = _read_session(db_url, run)
    if fmt == "table":
        click.echo(result["diff"] or "(no difference in text)", nl=False)
    elif fmt == "json":
        click.echo(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        write_csv(({"line": line} for line in result["diff"].splitlines()), sys.stdout)


@click.command("export")
@click.option("--as-of", help="Only what the sources said on this date (YYYY-MM-DD).")
@click.option("--province", help="Province, old or current name.")
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="File (default: stdout)."
)
@_common("csv", "json", "parquet", "table")
def export(
    as_of: str | None, province: str | None, output: Path | None, fmt: str, db_url: str | None
) -> None:
    """Export figures with their provenance as CSV, JSON or Parquet."""
    if fmt == "parquet" and output is None:
        raise CommandError("--format parquet needs --output FILE")
    with database(db_url) as engine, session_scope(engine) as session:
        rows = (dict(r) for r in queries.export_rows(session, as_of=as_of, province=province))
        _export(rows, fmt, output)


def _export(rows: Iterator[dict[str, Any]], fmt: str, output: Path | None) -> None:
    if fmt == "table":
        emit(
            list(rows), fmt, ["province", "indicator", "period", "kind", "value", "unit", "fetched_at", "url"]
        )
    elif fmt == "parquet":
        write_parquet(rows, output)  # type: ignore[arg-type]
    elif output is None:
        (write_json if fmt == "json" else write_csv)(rows, sys.stdout)
    else:
        with output.open("w", encoding="utf-8", newline="") as stream:
            (write_json if fmt == "json" else write_csv)(rows, stream)


COMMANDS: list[click.Command] = [ingest, history, changes, versions, diff, export]


def _wrap_errors(command: click.Command) -> None:
    """Storage errors raised mid-command also become one line and exit 1."""
    callback = command.callback
    assert callback is not None

    @functools.wraps(callback)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        try:
            return callback(*args, **kwargs)
        except StorageError as exc:
            raise CommandError(str(exc)) from exc

    command.callback = guarded


for _command in COMMANDS:
    _wrap_errors(_command)
