"""The figure record: one stated number of a socio-economic indicator, with its provenance."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

Comparator = Literal["=", ">", ">=", "<", "<=", "~", "range"]
Direction = Literal["increase", "decrease"]
Kind = Literal["target", "actual", "progress"]

COMPARATORS: tuple[str, ...] = ("=", ">", ">=", "<", "<=", "~", "range")
KINDS: tuple[str, ...] = ("target", "actual", "progress")


def number_to_json(value: Decimal | None) -> int | float | None:
    """Whole numbers become JSON ints, others floats (the gold files use the same convention)."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return int(value)
    return float(value)


@dataclass(slots=True)
class Figure:
    """A figure as found in a text.

    ``span`` is a half-open ``[start, end)`` range of character offsets into the text the parser was given,
    and ``quote == text[start:end]`` always holds. ``value`` is the number as written, never scaled
    (``2.370 tỷ đồng`` gives ``value=2370``, ``unit="tỷ đồng"``, ``scale=1e9``). ``parent`` is the index, in
    the same result list, of the figure a ``trong đó`` sub-figure breaks down.
    """

    indicator: str
    value: Decimal
    unit: str
    span: tuple[int, int]
    quote: str
    value_max: Decimal | None = None
    comparator: str = "="
    direction: str | None = None
    kind: str = "target"
    indicator_id: str | None = None
    category: str | None = None
    unit_canonical: str | None = None
    scale: float | None = None
    period: str | None = None
    parent: int | None = None
    of_total: Decimal | None = None
    qualifier: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict with the keys of ``chitieu extract --format jsonl`` (minus ``file``)."""
        return {
            "indicator": self.indicator,
            "indicator_id": self.indicator_id,
            "category": self.category,
            "value": number_to_json(self.value),
            "value_max": number_to_json(self.value_max),
            "of_total": number_to_json(self.of_total),
            "unit": self.unit,
            "unit_canonical": self.unit_canonical,
            "scale": self.scale,
            "comparator": self.comparator,
            "direction": self.direction,
            "kind": self.kind,
            "period": self.period,
            "qualifier": self.qualifier,
            "parent": self.parent,
            "span": [self.span[0], self.span[1]],
            "quote": self.quote,
        }
