"""Jinja filters: Vietnamese numbers, local times, stated values, labels."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from chitieu.clock import to_local
from monitor.changes import format_vn

COMPARATOR_WORDS = {"=": "", ">": "trên ", ">=": "từ ", "<": "dưới ", "<=": "không quá ", "~": "khoảng "}
KIND_LABELS = {"target": "chỉ tiêu", "actual": "thực hiện", "progress": "tiến độ"}


def number(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format_vn(value)
    if isinstance(value, int | float):
        return format_vn(Decimal(repr(value)))
    return str(value)


def stated(value: Any, value_max: Any = None, unit: str | None = None, comparator: str | None = None) -> str:
    """``(Decimal("7"), None, "%", ">=")`` -> ``"từ 7%"``."""
    if value is None:
        return ""
    text = number(value)
    if comparator == "range" and value_max is not None:
        text = f"{text}–{number(value_max)}"
    unit = unit or ""
    gap = "" if unit in ("%", "‰", "%o") or not unit else " "
    return f"{COMPARATOR_WORDS.get(comparator or '=', '')}{text}{gap}{unit}".strip()


def local_time(value: datetime | None, fmt: str = "%d/%m/%Y %H:%M") -> str:
    if value is None:
        return ""
    return to_local(value).strftime(fmt)


def local_date(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return local_time(value, "%d/%m/%Y")
    return value.strftime("%d/%m/%Y")


def kind_label(kind: str | None) -> str:
    return KIND_LABELS.get(kind or "", kind or "")


def query_string(params: dict[str, Any], **changes: Any) -> str:
    """The current filters with some changed (for pagination and export links)."""
    merged = {k: v for k, v in {**params, **changes}.items() if v not in (None, "", [])}
    pairs: list[tuple[str, Any]] = []
    for key, value in merged.items():
        if isinstance(value, list | tuple):
            pairs.extend((key, v) for v in value)
        else:
            pairs.append((key, value))
    return "?" + urlencode(pairs) if pairs else ""


FILTERS = {
    "number": number,
    "local_time": local_time,
    "local_date": local_date,
    "kind_label": kind_label,
}
