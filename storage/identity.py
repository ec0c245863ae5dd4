"""The stable identity of a figure, so the same figure can be followed across versions and documents.

``identity_key = province | indicator | period | kind | qualifier`` where

* indicator is the catalog id (``id:grdp_per_capita``) or else the normalised name (``name:...``: folded,
  punctuation and filler words such as *đạt*, *có*, *phấn đấu*, *trong đó* removed);
* qualifier holds the unit dimension (``unit_canonical`` when the parser knows it, else the folded unit),
  so ``10% số hộ`` and ``2.578 hộ`` are different figures, and the direction, so a change (``giảm 2%``)
  is not compared with a level (``còn 5%``) of the same indicator; plus the parser's own qualifier, plus,
  for a ``trong đó`` sub-figure without a catalog id, its parent's indicator.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from typing import Protocol

from figures.text import fold

_NON_WORD = re.compile(r"[^0-9a-z‰%]+")
_YEAR_PHRASE = re.compile(r"\b(?:so voi )?(?:nam|giai doan|ky) (?:19|20)\d\d(?: (?:19|20)\d\d)?\b")
# Removed before folding, so "có" goes but "cơ quan" stays.
_FILLER_PHRASES = ("phấn đấu", "trong đó", "tăng thêm", "ước đạt", "đạt được", "đạt", "có", "số", "là", "mức")
_FILLER = re.compile(r"\b(?:" + "|".join(_FILLER_PHRASES) + r")\b")
_UNIT_SPELLINGS = (
    (re.compile(r"%o|‰"), "‰"),
    (re.compile(r"\bngan\b"), "nghin"),
    (re.compile(r"\bsy\b"), "si"),
    (re.compile(r"/\s*1\s+van\b"), "/van"),
    (re.compile(r"\s*/\s*"), "/"),
)
MAX_PART = 200


class FigureLike(Protocol):
    indicator: str
    indicator_id: str | None
    unit: str
    unit_canonical: str | None
    direction: str | None
    period: str | None
    kind: str
    qualifier: str | None


def _bounded(text: str, limit: int = MAX_PART) -> str:
    """Long names keep a readable prefix and a hash, so keys stay indexable and still distinct."""
    if len(text) <= limit:
        return text
    digest = hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]
    return f"{text[: limit - 13]}~{digest}"


def normalise_name(name: str) -> str:
    """``"Phấn đấu đạt: Tỷ lệ che phủ rừng (năm 2020)"`` -> ``"ty le che phu rung"``."""
    lowered = _FILLER.sub(" ", unicodedata.normalize("NFC", name).lower())
    folded = _YEAR_PHRASE.sub(" ", _NON_WORD.sub(" ", fold(lowered)))
    return " ".join(folded.split())


def unit_dimension(unit: str | None, unit_canonical: str | None) -> str:
    """What kind of quantity a figure is: percent, a count of households, money, ..."""
    if unit_canonical:
        return unit_canonical.strip()
    folded = fold(unit or "")
    for pattern, replacement in _UNIT_SPELLINGS:
        folded = pattern.sub(replacement, folded)
    return folded.strip()


def indicator_key(figure: FigureLike) -> str:
    if figure.indicator_id:
        return f"id:{figure.indicator_id}"
    return "name:" + _bounded(normalise_name(figure.indicator))


def qualifier_key(figure: FigureLike, parent: FigureLike | None = None) -> str:
    parts = [unit_dimension(figure.unit, figure.unit_canonical)]
    if figure.direction:
        parts.append(figure.direction)
    if figure.qualifier:
        parts.append(normalise_name(figure.qualifier))
    if parent is not None and not figure.indicator_id:
        parts.append("of " + indicator_key(parent))
    return _bounded(";".join(parts))


def identity_key(province_id: int | None, figure: FigureLike, parent: FigureLike | None = None) -> str:
    """The key a figure is followed by (see the module docstring)."""
    province = str(province_id) if province_id is not None else "-"
    return "|".join(
        (province, indicator_key(figure), figure.period or "-", figure.kind, qualifier_key(figure, parent))
    )


def without_kind(key: str) -> str:
    """The identity with its kind blanked: used to recognise a target restated as an actual."""
    parts = key.split("|")
    if len(parts) >= 5:
        parts[3] = "*"
    return "|".join(parts)
