"""Writers for exported rows: CSV, JSON and Parquet (pyarrow), streaming where the format allows."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from chitieu.clock import to_local
from figures.model import number_to_json

_DECIMAL_COLUMNS = ("value", "value_max", "old_value", "new_value", "old_value_max", "new_value_max")
_BATCH = 10_000


def plain(value: Any) -> Any:
    """JSON-ready: decimals as numbers, times as ISO in Vietnamese local time."""
    if isinstance(value, Decimal):
        return number_to_json(value)
    if isinstance(value, datetime):
        return to_local(value).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def _cell(value: Any) -> Any:
    value = plain(value)
    return json.dumps(value, ensure_ascii=False) if isinstance(value, list | dict) else value


def write_csv(rows: Iterable[dict[str, Any]], stream: IO[str]) -> int:
    writer = None
    count = 0
    for row in rows:
        if writer is None:
            writer = csv.DictWriter(stream, fieldnames=list(row), lineterminator="\n")
            writer.writeheader()
        writer.writerow({k: _cell(v) for k, v in row.items()})
        count += 1
    return count


def write_json(rows: Iterable[dict[str, Any]], stream: IO[str]) -> int:
    """A JSON array, written row by row."""
    count = 0
    stream.write("[")
    for row in rows:
        stream.write(",\n" if count else "\n")
        stream.write(json.dumps({k: plain(v) for k, v in row.items()}, ensure_ascii=False))
        count += 1
    stream.write("\n]\n" if count else "]\n")
    return count


def _arrow_value(key: str, value: Any) -> Any:
    if key in _DECIMAL_COLUMNS:
        return None if value is None else str(value)  # exact: decimal text, never a float
    if isinstance(value, datetime):
        return value
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return value


def write_parquet(rows: Iterable[dict[str, Any]], path: Path) -> int:
    """Parquet with exact decimal columns kept as text (``"3.33"``) and times as UTC timestamps."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    writer = None
    batch: list[dict[str, Any]] = []
    count = 0
    try:
        for row in rows:
            batch.append({k: _arrow_value(k, v) for k, v in row.items()})
            if len(batch) >= _BATCH:
                writer = _flush(pa, pq, writer, batch, path)
                count, batch = count + len(batch), []
        if batch or writer is None:
            writer = _flush(pa, pq, writer, batch, path)
            count += len(batch)
    finally:
        if writer is not None:
            writer.close()
    return count


def _flush(pa: Any, pq: Any, writer: Any, batch: list[dict[str, Any]], path: Path) -> Any:
    table = pa.Table.from_pylist(batch, schema=writer.schema if writer is not None else None)
    if writer is None:
        writer = pq.ParquetWriter(str(path), table.schema)
    writer.write_table(table)
    return writer
