"""Text normalisation for catalog matching: accent- and case-free tokens, units by kind, alias tries.

Separate from the catalog so that the data-file reader (``figures.catalog_file``) and the matcher
(``figures.catalog``) share one definition of what makes two names the same.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from typing import Any

from figures.text import fold

_NON_WORD = re.compile(r"[\W_]+")
_DROPPED = frozenset({"va", "cac", "nhung"})
_ABBREVIATIONS = {
    "ntm": "nong thon moi", "bhyt": "bao hiem y te", "bhxh": "bao hiem xa hoi", "bhtn": "bao hiem that nghiep",
    "thcs": "trung hoc co so", "thpt": "trung hoc pho thong", "kcn": "khu cong nghiep",
    "ccn": "cum cong nghiep", "dtts": "dan toc thieu so", "xnk": "xuat nhap khau", "nsnn": "ngan sach nha nuoc",
    "nsdp": "ngan sach dia phuong", "antt": "an ninh trat tu", "sxkd": "san xuat kinh doanh",
    "htx": "hop tac xa", "tdp": "to dan pho", "ttcn": "tieu thu cong nghiep", "tthc": "thu tuc hanh chinh",
    "dvc": "dich vu cong", "tngt": "tai nan giao thong", "ctr": "chat thai ran", "mot": "1",
}  # fmt: skip
_CONSONANT_Y = re.compile(r"^([bcdghklmnpqrstvx]+)y$")  # sỹ/sĩ, tỷ/tỉ, kỹ/kĩ, lý/lí spelled either way
_PER_10K = re.compile(r"\b(?:1 van|10 ?000) (dan|nguoi)\b")


def _fold_table() -> dict[int, str]:
    """Precomposed Latin letters (Vietnamese among them) -> lower-case base letter, for ``str.translate``."""
    table: dict[int, str] = {ord("đ"): "d", ord("Đ"): "d"}
    for code in (*range(0xC0, 0x250), *range(0x1E00, 0x1F00)):
        base = fold(chr(code))
        if len(base) == 1 and base.isascii():
            table[code] = base
    return table


_FOLD_TABLE = _fold_table()


def _fast_fold(text: str) -> str:
    """:func:`figures.text.fold` for the usual precomposed (NFC) text at C speed; other text goes through fold."""
    folded = text.translate(_FOLD_TABLE).lower()
    return folded if folded.isascii() else fold(folded)


def _token(tok: str) -> str:
    tok = _ABBREVIATIONS.get(tok, tok)
    m = _CONSONANT_Y.match(tok)
    return m.group(1) + "i" if m else tok


@functools.lru_cache(maxsize=32768)
def normalise(text: str) -> str:
    """The comparison form of indicator text and aliases: folded, punctuation-free, spelling variants unified.

    ``normalise("Số bác sỹ/1 vạn dân") == "so bac si van dan"``.
    """
    words = _NON_WORD.sub(" ", _fast_fold(text)).split()
    joined = " ".join(_token(w) for w in words if w not in _DROPPED)
    return _PER_10K.sub(r"van \1", joined)


_UNIT_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), kind)
    for pattern, kind in (
        (r"^thu hang$", "rank"),  # (what the parser passes for a rank)
        (r"\bbac si\b.*\bvan\b", "doctor_per_10k"),  # (normalised: "/10.000 dân" reads "van dan")
        (r"\bgiuong\b.*\bvan\b", "bed_per_10k"),
        (r"\bduoc si\b.*\bvan\b", "pharmacist_per_10k"),
        (r"\bdieu duong\b.*\bvan\b", "nurse_per_10k"),
        (r"\bcon\b.*\bphu nu\b", "child_per_woman"),  # the total fertility rate, not heads of livestock
        (r"\bbac si\b", "doctor"),  # a count: "1.250 bác sĩ" is no rate per 10,000
        (r"\bgiuong\b", "bed"),
        (r"\busd\b|\bdo la\b", "usd"),
        (r"\blao dong\b", "person"),
        (r"\bdong chi\b", "party_member"),  # "kết nạp 1.865 đồng chí" (comrades, not đồng, the money)
        (r"\bdong\b", "vnd"),
        (r"\btieu chi\b", "criterion"),
        (r"\bdang vien\b", "party_member"),
        (r"\bdoan vien\b|\bhoi vien\b|\bthanh vien\b", "member"),  # of the Youth Union, an association
        (r"\bdoanh nghiep\b", "enterprise"),
        (r"\bhop tac xa\b", "cooperative"),
        (r"\bsan pham\b", "product"),
        (r"\bluot\b", "visit"),
        (r"\btan\b", "tonne"),
        (r"\bha\b|\bhecta\b", "ha"),
        (r"\bkm\b", "km"),
        (r"\bm2\b|\bm²", "m2"),
        (r"\btruong\b", "school"),
        (r"\bho\b", "household"),
        (r"\bxa\b", "commune"),
        (r"\bhuyen\b", "district"),
        (r"\bcon\b", "head"),
        (r"\bnguoi\b|\bhoc vien\b", "person"),
        (r"\bdiem\b", "point"),
    )
)


@functools.lru_cache(maxsize=4096)
def unit_kind(raw_unit: str | None) -> str | None:
    """Canonical unit type of a unit as written (``"tỷ đồng"`` -> ``"vnd"``, ``"%"`` -> ``"percent"``), or None."""
    if not raw_unit:
        return None
    if "‰" in raw_unit or "%o" in raw_unit.lower():
        return "per_mille"
    if "%" in raw_unit:
        return "percent"
    text = normalise(raw_unit)
    if text in ("phan tram", "ti le"):
        return "percent"
    return next((kind for pattern, kind in _UNIT_RULES if pattern.search(text)), None)


# ───────────────────────────── alias regex (a trie, compiled once) ─────────────────────────────


def _trie_regex(node: dict[str, Any]) -> str:
    alternatives = [re.escape(ch) + _trie_regex(child) for ch, child in sorted(node.items()) if ch]
    if not alternatives:
        return ""
    body = alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")"
    # Greedy ``?``: a longer alias through this node is tried before the one that ends here.
    return "(?:" + body + ")?" if "" in node else body


def compile_aliases(aliases: Iterable[str]) -> re.Pattern[str] | None:
    """One regex finding, at every word start, the longest alias beginning there (overlapping matches)."""
    trie: dict[str, Any] = {}
    for alias in aliases:
        node = trie
        for ch in alias:
            node = node.setdefault(ch, {})
        node[""] = {}
    if not trie:
        return None
    return re.compile(r"\b(?=(" + _trie_regex(trie) + r")\b)")


def best_hit(pattern: re.Pattern[str] | None, text: str) -> str | None:
    """The longest alias in ``text``, or a later one that overlaps it and reaches further right.

    Vietnamese puts modifiers after the head, so in "trẻ em dưới 5 tuổi suy dinh dưỡng thể nhẹ cân" the
    overlapping "suy dinh dưỡng thể nhẹ cân" is the more specific name even though it is shorter.
    """
    if pattern is None:
        return None
    hits = [(m.start(), m.start() + len(m.group(1))) for m in pattern.finditer(text)]
    if not hits:
        return None
    best = max(hits, key=lambda h: (h[1] - h[0], -h[0]))
    while extending := [h for h in hits if best[0] < h[0] < best[1] < h[1]]:
        best = max(extending, key=lambda h: (h[1] - h[0], -h[0]))
    return text[best[0] : best[1]]
