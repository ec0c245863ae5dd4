"""Text helpers shared by the parser and the catalog: accent folding and whitespace normalisation."""

from __future__ import annotations

import re
import unicodedata

_D_TABLE = str.maketrans({"đ": "d", "Đ": "D"})
_WS = re.compile(r"\s+")


def fold(text: str) -> str:
    """Lower-case, strip Vietnamese diacritics (đ -> d) and collapse white space.

    ``fold("Tỷ lệ  che phủ RỪNG") == "ty le che phu rung"``. Used for accent- and case-insensitive matching.
    """
    decomposed = unicodedata.normalize("NFD", text.translate(_D_TABLE))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _WS.sub(" ", stripped.lower()).strip()


def fold_keep_length(text: str) -> str:
    """Like :func:`fold` but one output character per input character (no whitespace collapsing).

    Offsets into the folded text are offsets into the original, which lets the parser search folded text
    and report spans of the original. Characters that decompose into several are reduced to their base.
    """
    out = []
    for ch in text.translate(_D_TABLE):
        if ch.isascii():
            out.append(ch.lower())
            continue
        base = unicodedata.normalize("NFD", ch)[0]
        out.append(base.lower() if len(base) == 1 and not unicodedata.combining(base) else ch.lower())
    return "".join(out)
