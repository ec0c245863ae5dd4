"""Server-side SVG charts of an indicator's history: periods across, values up, targets vs actuals.

The chart is computed here as plain geometry (points, polylines, ticks) and drawn by the
``_chart.svg.html`` template, so every label and tooltip goes through Jinja's autoescaping and the page
needs no JavaScript. One chart per unit (a share in % and a count of households are never mixed); one
colour per province, one shape per kind (target: hollow circle on a dashed line, actual: filled square on
a solid line). Superseded statements are drawn faded; a line joins each series' current statements.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from monitor.changes import format_vn

WIDTH, HEIGHT = 780, 340
LEFT, RIGHT, TOP, BOTTOM = 78, 20, 20, 44
PALETTE = ("#1f5fa8", "#c0392b", "#2e8b57", "#8e44ad", "#d35400", "#16a085", "#7f6000", "#b03a7a")
KIND_LABELS = {"target": "Chỉ tiêu (kế hoạch)", "actual": "Thực hiện", "progress": "Tiến độ"}


@dataclass(slots=True)
class Point:
    x: float
    y: float
    y_max: float | None
    figure_id: int
    kind: str
    period: str
    province: str
    color: str
    current: bool
    label: str  # tooltip text (escaped by the template)


@dataclass(slots=True)
class Series:
    province: str
    kind: str
    color: str
    path: str  # SVG points attribute of the current statements, in period order


@dataclass(slots=True)
class Chart:
    unit: str
    periods: list[tuple[str, float]]  # label, x
    y_ticks: list[tuple[str, float]]  # label, y
    points: list[Point] = field(default_factory=list)
    series: list[Series] = field(default_factory=list)
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    top: int = TOP
    bottom: float = HEIGHT - BOTTOM
    right: float = WIDTH - RIGHT

    @property
    def legend(self) -> list[tuple[str, str]]:
        seen: dict[str, str] = {}
        for s in self.series:
            seen.setdefault(s.province, s.color)
        return list(seen.items())


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values covering [low, high] (1, 2, 2.5 or 5 times a power of ten apart)."""
    if high <= low:
        high = low + (abs(low) or 1.0)
    raw = (high - low) / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    start = math.floor(low / step) * step
    ticks = []
    value = start
    while value < high + step * 0.999:
        ticks.append(round(value, 10))
        value += step
    return ticks


def _number(value: float) -> str:
    return format_vn(Decimal(repr(value)).normalize()) if value else "0"


def _dimension(row: dict[str, Any]) -> str:
    return row.get("unit_canonical") or row.get("unit") or ""


def charts_for(rows: Iterable[dict[str, Any]]) -> list[Chart]:
    """One chart per unit dimension, from history rows (``storage.queries.history``)."""
    by_unit: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        if row.get("value") is not None:
            by_unit[_dimension(row)].append(row)
    return [_chart(unit_rows) for _, unit_rows in sorted(by_unit.items(), key=lambda kv: -len(kv[1]))]


def _display_unit(rows: list[dict[str, Any]]) -> tuple[str, float]:
    """The unit as most often written in these rows, and its scale (values are converted to it)."""
    written = Counter((row.get("unit") or "", float(row.get("scale") or 1.0)) for row in rows)
    (unit, scale), _ = written.most_common(1)[0]
    return unit, scale


def _plotted(row: dict[str, Any], key: str, display_scale: float) -> float | None:
    value = row.get(key)
    if value is None:
        return None
    return float(value) * float(row.get("scale") or 1.0) / display_scale


def _period_positions(periods: list[str], left: float, right: float) -> dict[str, float]:
    """Years on a continuous axis (gaps stay visible); anything else (ranges) after them, in order."""
    years = sorted(int(p) for p in periods if p.isdigit() and len(p) == 4)
    slots: list[str] = [str(y) for y in range(years[0], years[-1] + 1)] if years else []
    slots += sorted(p for p in periods if p not in slots)
    width = (right - left) / len(slots)
    return {p: left + width * (i + 0.5) for i, p in enumerate(slots)}


def _chart(rows: list[dict[str, Any]]) -> Chart:
    unit, display_scale = _display_unit(rows)
    periods = sorted({row.get("period") or "?" for row in rows})
    values = [
        v
        for row in rows
        for k in ("value", "value_max")
        if (v := _plotted(row, k, display_scale)) is not None
    ]
    ticks = nice_ticks(min(0.0, min(values)), max(values))
    low, high = ticks[0], ticks[-1]
    chart = Chart(unit or "(không rõ đơn vị)", [], [])
    x_of = _period_positions(periods, chart.left, chart.right)
    slot = (chart.right - chart.left) / len(x_of)
    chart.periods = sorted(x_of.items(), key=lambda kv: kv[1])
    plot_h = chart.bottom - chart.top

    def y(value: float) -> float:
        return round(chart.bottom - (value - low) / ((high - low) or 1.0) * plot_h, 1)

    chart.y_ticks = [(_number(t), y(t)) for t in ticks]
    colors = _colors(rows)
    _place_points(chart, rows, x_of, slot, lambda r, k: _y_of(r, k, display_scale, y), colors)
    _join_series(chart)
    return chart


def _y_of(row: dict[str, Any], key: str, display_scale: float, y: Any) -> float | None:
    value = _plotted(row, key, display_scale)
    return None if value is None else y(value)


def _colors(rows: list[dict[str, Any]]) -> dict[str, str]:
    provinces = sorted({_province(row) for row in rows})
    return {p: PALETTE[i % len(PALETTE)] for i, p in enumerate(provinces)}


def _province(row: dict[str, Any]) -> str:
    """The unit a figure is filed under, with its successor when it was merged (``Hà Giang (nay ...)``)."""
    filed = row.get("province") or "?"
    now_ = row.get("province_now")
    return f"{filed} (nay {now_})" if now_ and now_ != filed else filed


def _place_points(
    chart: Chart, rows: list[dict[str, Any]], x_of: dict, slot: float, y_of: Any, colors: dict
) -> None:
    crowd: dict[str, int] = defaultdict(int)
    for row in rows:
        crowd[row.get("period") or "?"] += 1
    seen: dict[str, int] = defaultdict(int)
    for row in rows:
        period = row.get("period") or "?"
        n, k = crowd[period], seen[period]
        seen[period] += 1
        spread = min(slot * 0.6, 14.0 * (n - 1))
        dx = (k / (n - 1) - 0.5) * spread if n > 1 else 0.0
        chart.points.append(
            Point(
                x=round(x_of[period] + dx, 1),
                y=y_of(row, "value"),
                y_max=y_of(row, "value_max"),
                figure_id=int(row["figure_id"]),
                kind=row.get("kind") or "target",
                period=period,
                province=_province(row),
                color=colors[_province(row)],
                current=row.get("valid_to") is None,
                label=_tooltip(row),
            )
        )


def _tooltip(row: dict[str, Any]) -> str:
    value = format_vn(row["value"])
    if row.get("value_max") is not None:
        value += f"–{format_vn(row['value_max'])}"
    kind = KIND_LABELS.get(row.get("kind") or "", row.get("kind") or "")
    title = row.get("title") or row.get("url") or ""
    return f"{_province(row)} · {row.get('period') or '?'} · {kind}: {value} {row.get('unit') or ''}\n«{row.get('quote') or ''}»\n{title}"


def _join_series(chart: Chart) -> None:
    current: dict[tuple[str, str], dict[str, Point]] = defaultdict(dict)
    for point in chart.points:
        if point.current:  # one point per period: the first current statement
            current[(point.province, point.kind)].setdefault(point.period, point)
    for (province, kind), by_period in sorted(current.items()):
        ordered = sorted(by_period.values(), key=lambda p: p.x)
        path = " ".join(f"{p.x},{p.y}" for p in ordered)
        color = ordered[0].color
        chart.series.append(Series(province, kind, color, path))
