"""Text helpers shared by the parser and the catalog: accent folding and whitespace normalisation."""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections.abc import Iterable
from typing import Any

_D_TABLE = str.maketrans({"đ": "d", "Đ": "D"})
_WS = re.compile(r"\s+")
# The heading of a list of other articles' headlines ("Tin liên quan:", "Tin cùng chuyên mục", "Xem thêm"), folded:
# the loader drops the lists after it in a page's tree, the segmenter the headlines after it in a text.
RELATED_HEADING_RE = re.compile(
    r"[\s#*•\-]*(?:(?:cac )?(?:tin|bai(?: viet)?) (?:lien quan|cung chuyen muc|cung loai|khac|moi(?: nhat)?"
    r"|doc nhieu|xem nhieu|noi bat|da dua)|(?:bai viet |tin )?cung tac gia|xem them|doc them)\b[\s:*]*$"
)


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
    for cp in range(0x80):  # a miss costs str.translate a KeyError: map every ASCII character, if to itself
        table.setdefault(cp, chr(cp))
    return table


_KEEP_LENGTH_TABLE = _length_preserving_table()

# The fast path for whole documents goes through the C charmap codec, about 5x faster than str.translate
# with a dict: ASCII plus 128 common non-ASCII characters are encoded to one byte each, ``bytes.translate``
# folds the bytes, and decoding gives the characters back. A character without a byte of its own is folded
# by the error handler when its fold is ASCII (capitals such as "Ỹ"); any other makes the whole text take
# the plain str.translate path, so the result is always exactly ``text.translate(_KEEP_LENGTH_TABLE)``.
_CODEC_CHARS = (
    "àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ"  # Vietnamese letters
    "\u00a0“”‘’–—…‰•²³≥≤−«»·°"  # characters that fold to themselves
    "ĐỆẾỘỐỊƯỰẠÁÀẢẤỂỚỤỦÓƠỀÍỶỜỨÃỢỔẨỒẦẬÌỞỌỮÂÊÔĂẮẰỪ"  # the capitals of headings, most used first
)
_CODEC_DECODING = "".join(map(chr, range(0x80))) + _CODEC_CHARS
_CODEC_ENCODING = codecs.charmap_build(_CODEC_DECODING)
_CODEC_FOLD = bytes(
    ord(folded) if (folded := _KEEP_LENGTH_TABLE.get(ord(ch), ch)).isascii() else code
    for code, ch in enumerate(_CODEC_DECODING)
)
_CODEC_ERRORS = "figures.fold"


class _NotOneByte(Exception):
    """A character whose fold is neither ASCII nor one of the codec's characters."""


def _fold_unencodable(error: UnicodeError) -> tuple[bytes, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    folded = error.object[error.start : error.end].translate(_KEEP_LENGTH_TABLE)
    if not folded.isascii():
        raise _NotOneByte
    return folded.encode("ascii"), error.end


codecs.register_error(_CODEC_ERRORS, _fold_unencodable)


def fold_keep_length(text: str) -> str:
    """Like :func:`fold` but one output character per input character (no whitespace collapsing).

    Offsets into the folded text are offsets into the original, which lets the parser search folded text
    and report spans of the original. Vietnamese letters map to their unmarked lower-case base; a
    combining mark (in NFD input) becomes a space so that lengths still agree.
    """
    if len(text) < 64:
        return text.translate(_KEEP_LENGTH_TABLE)
    try:
        encoded = codecs.charmap_encode(text, _CODEC_ERRORS, _CODEC_ENCODING)[0]
    except _NotOneByte:
        return text.translate(_KEEP_LENGTH_TABLE)
    return codecs.charmap_decode(encoded.translate(_CODEC_FOLD), "strict", _CODEC_DECODING)[0]


def _non_word_class() -> str:
    r"""The inside of a character class that holds what ``\W`` matches in the BMP, and every astral character.

    As a regex's first item the engine tests each position of a scan against this class's bitmap, where
    ``[^\w]`` costs a Unicode category lookup per character: scanning for "a non-word character, then a
    phrase" is twice as fast. Astral characters are all in it, word characters or not, so a match that starts
    with one may be false: the caller reads such a text again with a plain ``\b`` pattern.
    """
    bmp = "".join(map(chr, range(0x10000)))
    parts = []
    for run in re.finditer(r"\W+", bmp):  # each run of non-word characters is one range of the class
        first, last = run.group()[0], run.group()[-1]
        parts.append(re.escape(first) + ("" if first == last else "-" + re.escape(last)))
    return "".join(parts) + "\U00010000-\U0010ffff"


NON_WORD_CLASS = _non_word_class()


def phrase_trie(phrases: Iterable[tuple[str, str]]) -> tuple[str, dict[str, str]]:
    """A regex that matches any of ``(phrase, tag)``'s literal phrases, and which tag's phrase it matched.

    The alternatives are nested by common prefix (``c(?:hi tieu (?:ve|...)|ac ...)``), so at each position the
    engine tries one branch per first letter instead of every phrase; of two phrases where one is a prefix
    of the other, the longer is tried first. Each phrase ends in an empty group of its own, and the second
    value maps those groups' names to the tags: ``tags[match.lastgroup]``.
    """
    root: dict[str, Any] = {}
    tags: dict[str, str] = {}
    for phrase, tag in phrases:
        node = root
        for char in phrase:
            node = node.setdefault(char, {})
        if "" not in node:
            name = f"p{len(tags)}"
            node[""] = name
            tags[name] = tag

    def alternation(node: dict[str, Any]) -> str:
        branches = [re.escape(char) + alternation(child) for char, child in node.items() if char]
        if "" in node:
            branches.append(f"(?P<{node['']}>)")
        return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"

    return alternation(root), tags
