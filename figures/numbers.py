"""Vietnamese number notation: "." groups thousands, "," is the decimal mark.

``2.370`` is 2370, ``3,33`` is 3.33, ``1.021.894`` is 1021894, ``0,089`` is 0.089, ``01`` is 1 and ``1 500``
(thousands grouped by a space) is 1500. A dot followed by one or two digits right before ``%`` (``7.5%``, an
English-style slip seen on real pages), or before a range that ends in ``%`` (``7.5-8%``), is read as a
decimal point; anywhere else a lone dot ends the number, so list numbering like ``1.1.`` never becomes 1.1.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

# Thousands grouped by a space ("1 500 tỷ đồng", "1 250 000 người", as spreadsheets and some PDFs write them):
# one space, no-break space or narrow no-break space before each group of exactly three digits.
_SPACE = "[ \u00a0\u202f]"
_SPACE_GROUP = rf"{_SPACE}\d{{3}}"
# One number token. Order matters: grouped thousands first, then the English-decimal-before-% slip, then plain.
# An English decimal point: before "%", before a range ending in "%", or before a scale word ("1.5 triệu lượt",
# "8.5 nghìn tỷ"), where a dot and one or two digits can be no thousands group.
_DOT_DECIMAL_AHEAD = (
    r"(?=\s?%|\s?[-–]\s?\d{1,3}(?:[.,]\d{1,2})?\s?%|\s(?:triệu|tỷ|tỉ|nghìn|ngàn|trieu|ty|nghin|ngan)\b)"
)
NUMBER_PATTERN = (
    rf"\d{{1,3}}(?:\.\d{{3}})+(?:,\d+)?(?![.,]?\d)|\d+\.\d{{1,2}}{_DOT_DECIMAL_AHEAD}"
    rf"|\d{{1,3}}(?:{_SPACE_GROUP})+(?:,\d+)?(?![.,]?\d|{_SPACE}\d)"
    r"|\d+(?:,\d+)?"
)
NUMBER_RE = re.compile(NUMBER_PATTERN)
# The same token without its first digit (``\d{1,3}`` becomes ``\d{0,2}``, ``\d+`` becomes ``\d*``):
# ``\d(?:NUMBER_REST_PATTERN)`` matches what NUMBER_PATTERN matches, and a regex that starts with a plain
# character class lets the engine jump from one candidate position to the next (see figures.candidates).
NUMBER_REST_PATTERN = (
    rf"\d{{0,2}}(?:\.\d{{3}})+(?:,\d+)?(?![.,]?\d)|\d*\.\d{{1,2}}{_DOT_DECIMAL_AHEAD}"
    rf"|\d{{0,2}}(?:{_SPACE_GROUP})+(?:,\d+)?(?![.,]?\d|{_SPACE}\d)"
    r"|\d*(?:,\d+)?"
)
_DOT_DECIMAL_RE = re.compile(r"\d+\.\d{1,2}")


def parse_number(token: str) -> Decimal:
    """Convert one token matched by :data:`NUMBER_RE` to an exact :class:`~decimal.Decimal`."""
    if token.isdecimal():  # the common case, and what the general path below does with it
        return Decimal(token)
    token = token.strip()
    negative = token[:1] in "-−"
    if token[:1] in "+-−":
        token = token[1:]
    if " " in token or "\u00a0" in token or "\u202f" in token:
        token = token.replace(" ", "").replace("\u00a0", "").replace("\u202f", "")
    if "," in token:
        whole, frac = token.split(",", 1)
        normalised = whole.replace(".", "") + "." + frac
    elif _DOT_DECIMAL_RE.fullmatch(token):
        normalised = token  # the "7.5%" slip: a decimal point
    else:
        normalised = token.replace(".", "")
    try:
        value = Decimal(normalised)
    except InvalidOperation as exc:  # pragma: no cover - NUMBER_RE only yields valid tokens
        raise ValueError(f"not a Vietnamese number: {token!r}") from exc
    return -value if negative else value


# OCR reads "0" as "O"/"o" and "1" as "l"/"I" inside numbers: "2O26", "45O tỷ đồng", "28.OOO", "l2 bác sĩ",
# "lOO%". A run of digits, those letters, dots and commas standing alone (no other letter touches it) that has
# a real digit in it, or that stands before a percent sign, is a number. (Not before "/o": "8,5o/o" is 8,5%.)
_OCR_NUMBER_RE = re.compile(
    r"(?<![^\W\d_])(?:(?=[OolI.,]*\d)[\dOolI][\dOolI.,]*|[OolI][OolI]+(?=\s?%))(?<![.,])(?![^\W\d_]|/o)"
)
# A letter of those touching a digit ("2O", "5O", "8.O", "l2"): the regex starts with the letters' class, which
# the engine scans for fast, and looks back for the digit (a page without any costs ~30 µs).
_OCR_DIGIT_HINT_RE = re.compile(r"[OolI](?:(?<=\d[OolI])|(?<=\d[.,][OolI])|(?=\d))")
_OCR_DIGITS = str.maketrans("OolI", "0011")


def fix_ocr_digits(text: str) -> str:
    """``text`` with the letters OCR put for digits inside numbers made digits again (same length, so every
    offset into the result is an offset into ``text``); ``text`` itself when there are none."""
    if _OCR_DIGIT_HINT_RE.search(text) is None and "OO%" not in text and "OO %" not in text:
        return text

    def digits(m: re.Match[str]) -> str:
        token = m.group()
        return token.translate(_OCR_DIGITS) if any(ch in "OolI" for ch in token) else token

    fixed = _OCR_NUMBER_RE.sub(digits, text)
    return text if fixed == text else fixed
