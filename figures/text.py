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


def _length_preserving_table() -> dict[int, str]:
    table: dict[int, str] = {ord(c): c.lower() for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"}
    table[ord("đ")] = table[ord("Đ")] = "d"
    for cp in list(range(0xC0, 0x250)) + list(range(0x1E00, 0x1F00)):
        base = unicodedata.normalize("NFD", chr(cp))[0]
        if base.isascii() and base.isalpha():
            table[cp] = base.lower()
    for cp in range(0x300, 0x370):  # combining marks of NFD input: keep one character, drop the mark
        table[cp] = " "
    return table


_KEEP_LENGTH_TABLE = _length_preserving_table()


def fold_keep_length(text: str) -> str:
    """Like :func:`fold` but one output character per input character (no whitespace collapsing).

    Offsets into the folded text are offsets into the original, which lets the parser search folded text
    and report spans of the original. Vietnamese letters map to their unmarked lower-case base; a
    combining mark (in NFD input) becomes a space so that lengths still agree.
    """
    return text.translate(_KEEP_LENGTH_TABLE)
