"""CSV and JSON exports of any list (``?format=csv`` / ``?format=json``), with the same filters.

Rows are the list's own dicts, written with storage's exporters (exact decimals, Vietnamese local times).
An export is capped at :data:`MAX_ROWS`; a capped export says so in ``X-Export-Truncated``.
"""

from __future__ import annotations

import io
import itertools
import json
from collections.abc import Iterable
from typing import Any

from fastapi import Response

from storage.exporting import plain, write_csv

MAX_ROWS = 100_000
FORMATS = ("csv", "json")


def jsonable(row: dict[str, Any]) -> dict[str, Any]:
    return {key: plain(value) for key, value in row.items()}


def export_response(rows: Iterable[dict[str, Any]], fmt: str, name: str) -> Response:
    taken = list(itertools.islice(rows, MAX_ROWS + 1))
    truncated = len(taken) > MAX_ROWS
    taken = taken[:MAX_ROWS]
    headers = {"Content-Disposition": f'attachment; filename="chitieu-{name}.{fmt}"'}
    if truncated:
        headers["X-Export-Truncated"] = "true"
    if fmt == "csv":
        buffer = io.StringIO()
        write_csv(taken, buffer)
        return Response(buffer.getvalue(), media_type="text/csv; charset=utf-8", headers=headers)
    body = json.dumps([jsonable(r) for r in taken], ensure_ascii=False)
    return Response(body, media_type="application/json", headers=headers)
