"""Legacy Vietnamese 8-bit encodings: TCVN3 (ABC) and VNI-Windows, detected and converted to NFC Unicode.

Before Unicode, Vietnamese was typed in 8-bit *fonts*: the bytes are Windows-1252 as far as any software
knows, and only the font (``.VnTime``, ``.VnArial``, ``.VnTimeH`` for TCVN3; ``VNI-Times``, ``VNI-Helve``
for VNI) draws them as Vietnamese letters. Old resolutions still circulate that way, in HTML, DOC, DOCX
and PDF. Read as Latin-1 they look like ``Thø n¨m`` (TCVN3) or ``Thöù naêm`` (VNI) for ``Thứ năm``.

* TCVN3 is one byte per letter (TCVN 5712:1993; the table below is the standard's, the same as glibc's
  ``TCVN5712-1`` for 0x80-0xFF, which Python's codecs lack). Its tell-tale bytes ``¨ © ª « ¬ ­ ® µ ¶ · ¸
  ¹`` (ă â ê ô ơ ư đ à ả ã á ạ) are rare in any other text.
* VNI-Windows writes a base letter followed by a mark byte (``a`` + ``ø`` = ``à``, ``e`` + ``ä`` =
  ``ệ``) and has a few one-byte letters (``ñ`` = đ, ``ô`` = ơ, ``ö`` = ư, ``ò`` = ị).

Everything works on *strings* holding the Latin-1/Windows-1252 reading of the legacy bytes, because that
is what decoders, python-docx and PDF text layers hand over (a UTF-8 page typed in a VNI font carries
``ö`` code points, not bytes). Conversion is line by line: a line that already holds Unicode-only
Vietnamese letters (ư, ơ, đ, ạ, ...) is left alone, so a Unicode page with one legacy paragraph is repaired
without damaging the rest. Pure functions; this module imports nothing of chitieu's.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache

TCVN3 = "tcvn3"
VNI = "vni"

# TCVN 5712:1993 (VN1; TCVN3/ABC is its subset), bytes 0x80-0xFF. 0xB0-0xB4 are combining tone marks.
_TCVN3_HIGH = (
    "ÀẢÃÁẠẶẬÈẺẼÉẸỆÌỈĨ"  # 0x80
    "ÍỊÒỎÕÓỌỘỜỞỠỚỢÙỦŨ"  # 0x90
    "\u00a0ĂÂÊÔƠƯĐăâêôơưđẰ"  # 0xa0
    "\u0300\u0309\u0303\u0301\u0323àảãáạẲằẳẵắẴ"  # 0xb0
    "ẮẦẨẪẤỀặầẩẫấậèỂẻẽ"  # 0xc0
    "éẹềểễếệìỉỄẾỒĩíịò"  # 0xd0
    "Ổỏõóọồổỗốộờởỡớợù"  # 0xe0
    "ỖủũúụừửữứựỳỷỹýỵỐ"  # 0xf0
)

# VNI-Windows marks (lower case; the upper-case mark is the same letter upper-cased).
_TONES = {"ø": "\u0300", "ù": "\u0301", "û": "\u0309", "õ": "\u0303", "ï": "\u0323"}
_CIRCUMFLEX = {"â": "", "á": "\u0301", "à": "\u0300", "å": "\u0309", "ã": "\u0303", "ä": "\u0323"}
_BREVE = {"ê": "", "é": "\u0301", "è": "\u0300", "ú": "\u0309", "ü": "\u0303", "ë": "\u0323"}
_VNI_SINGLES = {"ñ": "đ", "ô": "ơ", "ö": "ư", "æ": "ỉ", "ó": "ĩ", "ò": "ị", "î": "ỵ"}

# Letters that exist only in Unicode Vietnamese (not in Latin-1/Windows-1252): a line holding one is Unicode.
_UNICODE_VI = re.compile(
    "[\u0102\u0103\u0110\u0111\u0128\u0129\u0168\u0169\u01a0\u01a1\u01af\u01b0\u1ea0-\u1ef9]"
)
_HIGH_LATIN = re.compile("[\u00a8-\u00ff]")
_TCVN3_BYTE = "[\u00a8-\u00ae\u00b5-\u00b9\u00bb-\u00be]"
# inside a word ("c¸c", "®ång"): Western text has the same symbols, but on their own ("© 2024", "« a »")
_TCVN3_SIGNAL = re.compile(f"(?<=[^\\W\\d_]){_TCVN3_BYTE}|{_TCVN3_BYTE}(?=[^\\W\\d_])")
_VNI_MARKS = "".join(_TONES) + "".join(_CIRCUMFLEX) + "".join(_BREVE)
_VNI_SIGNAL = re.compile(f"[aeouyAEOUYôöÔÖ][{_VNI_MARKS}{_VNI_MARKS.upper()}]|(?<=\\w)[ñÑ]|[ñÑ](?=\\w)")
# UTF-8 read as Latin-1/Windows-1252 ("Tá»•ng", "Ã¡"): broken Unicode, not a legacy font.
_MOJIBAKE = re.compile("á[º»]|Ã[\u00a0-\u00bf]|Ä[\u0080-\u00bf\u2018\u2019]|Æ[°¯]")
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}")
_HIGH_BYTES = bytes(range(0x80, 0x100))
_LETTER = re.compile(r"[^\W\d_]")
_FONT_TCVN3 = re.compile(r"\.Vn[A-Z][A-Za-z]*")  # .VnTime, .VnArial, .VnTimeH (capitals)
_FONT_VNI = re.compile(r"\bVNI[-_ ]?[A-Z][A-Za-z]+", re.IGNORECASE)
_FONT_ANY = re.compile(r"\.Vn|VNI", re.IGNORECASE)
_MIN_SIGNALS, _SIGNAL_SHARE = 3, 0.02  # per letter of the candidate lines; legacy Vietnamese has 5-15%
_MIN_SIGNALS_HINTED, _SHARE_HINTED = 2, 0.005  # when the text names a legacy font


def font_hint(markup: str) -> str | None:
    """``"tcvn3"`` or ``"vni"`` when ``markup`` (HTML, DOCX XML, PDF font names) names a legacy font."""
    tcvn3 = len(_FONT_TCVN3.findall(markup))
    vni = len(_FONT_VNI.findall(markup))
    if not tcvn3 and not vni:
        return None
    return TCVN3 if tcvn3 >= vni else VNI


_TAG_OR_LINE = re.compile(r"(<[^<>]*>|\n)")
# Cheap necessary conditions for the signal patterns above (each starts with a plain character class, so
# the regex engine scans for it quickly; the lookbehinds of the full patterns are tried at every position).
_TCVN3_ANY = re.compile(_TCVN3_BYTE)
_VNI_PAIR = re.compile(f"[aeouyAEOUYôöÔÖ][{_VNI_MARKS}{_VNI_MARKS.upper()}]")
_VNI_D = re.compile("(?<=\\w)[ñÑ]|[ñÑ](?=\\w)")


def _pieces(text: str, markup: bool) -> list[str]:
    """Lines, or for markup the text between tags and line breaks (the delimiters are kept as pieces)."""
    return _TAG_OR_LINE.split(text) if markup else text.split("\n")


# In a text that is Unicode Vietnamese elsewhere, a piece this short is no legacy paragraph: a name such as
# "Ông Hoàng Minh Quân:" holds only Latin-1 letters, and its "oà", "uâ" read as VNI marks ("Ơng Hồng").
_MIXED_MIN_PIECE = 30


def _is_candidate(piece: str, markup: bool, min_length: int = 0) -> bool:
    """A piece that may be legacy text: no Unicode-only Vietnamese letter, not a tag, long enough."""
    return (
        len(piece) >= min_length and not _UNICODE_VI.search(piece) and not (markup and piece.startswith("<"))
    )


def _min_piece(text: str) -> int:
    """How long a candidate piece must be: any length in a text with no Unicode-only Vietnamese letter."""
    return _MIXED_MIN_PIECE if _UNICODE_VI.search(text) else 0


def _candidates(text: str, markup: bool = False, min_length: int = 0) -> str:
    """The candidate pieces, one per line: what detection counts signals and letters in.

    For markup only the text between delimiters is kept (every tag replaced by a line break, then split):
    the delimiters themselves are tags (never candidates) or line breaks, and empty pieces carry nothing,
    so leaving them out changes no count made on the sample (pieces stay separated by a line break).
    """
    search = _UNICODE_VI.search
    if not markup:
        return "\n".join([p for p in text.split("\n") if len(p) >= min_length and not search(p)])
    pieces = _TAG_OR_LINE.sub("\n", text).split("\n")
    return "\n".join([p for p in pieces if len(p) >= min_length and p and p[0] != "<" and not search(p)])


def _tcvn3_signals(sample: str) -> int:
    return len(_TCVN3_SIGNAL.findall(sample)) if _TCVN3_ANY.search(sample) else 0


def _vni_signals(sample: str) -> int:
    """``len(_VNI_SIGNAL.findall(sample))``, counted faster: a base + mark pair never holds ``ñ``/``Ñ``, so the
    pairs and the ``đ`` letters are found apart with the same counts."""
    pairs = len(_VNI_PAIR.findall(sample))
    return pairs + len(_VNI_D.findall(sample)) if "ñ" in sample or "Ñ" in sample else pairs


def detect(text: str, hint: str | None = None, markup: bool = False) -> str | None:
    """The legacy encoding ``text`` is written in (``"tcvn3"``, ``"vni"``), or None for Unicode/plain text.

    ``hint`` (from :func:`font_hint`) lowers the evidence needed: a page that names a legacy font needs
    fewer telling characters than one that does not.
    """
    return _detect(text, lambda: hint, markup)


def _detect(text: str, hint_of: Callable[[], str | None], markup: bool) -> str | None:
    """:func:`detect` with the hint asked for only when it can matter (finding it scans the whole text)."""
    if not _HIGH_LATIN.search(text):
        return None
    sample = _candidates(text, markup, _min_piece(text))
    scores = {TCVN3: _tcvn3_signals(sample), VNI: _vni_signals(sample)}
    if max(scores.values()) < min(_MIN_SIGNALS, _MIN_SIGNALS_HINTED):  # too few whatever the hint says
        return None
    hint = hint_of()
    best = hint if hint is not None and scores.get(hint) else max(scores, key=lambda name: scores[name])
    if 2 * len(_MOJIBAKE.findall(sample)) >= scores[best] > 0:
        return None
    least, share = (_MIN_SIGNALS_HINTED, _SHARE_HINTED) if best == hint else (_MIN_SIGNALS, _SIGNAL_SHARE)
    if scores[best] < least or scores[best] < share * len(_LETTER.findall(sample)):
        return None
    other = scores[VNI if best == TCVN3 else TCVN3]
    return best if scores[best] >= 2 * other else None


def repair(text: str, hint: str | None = None, markup: bool = False) -> tuple[str, str | None]:
    """(text with its legacy lines converted to NFC Unicode, the encoding found or None).

    With ``markup`` (HTML, XML) tags are left alone and each text run between tags is judged on its own.
    Text that is not legacy-encoded comes back unchanged (not even normalised).
    """
    return _repair(text, lambda: hint, markup)


def _repair(text: str, hint_of: Callable[[], str | None], markup: bool) -> tuple[str, str | None]:
    encoding = _detect(text, hint_of, markup)
    if encoding is None:
        return text, None
    convert = tcvn3_to_unicode if encoding == TCVN3 else vni_to_unicode
    min_length = _min_piece(text)
    pieces = [convert(p) if _is_candidate(p, markup, min_length) else p for p in _pieces(text, markup)]
    return unicodedata.normalize("NFC", ("" if markup else "\n").join(pieces)), encoding


def decode(data: bytes, hint: str | None = None) -> tuple[str, str | None]:
    """Bytes that are not UTF-8 (or claim a Western code page): the legacy reading when there is one.

    Returns (text, encoding); ``encoding`` is None when the bytes show no legacy Vietnamese, and the text
    is then their Latin-1 reading (the caller decides whether to accept that). Bytes that are mostly
    valid UTF-8 sequences (a UTF-8 file with a few broken bytes) are not legacy text.
    """
    text = data.decode("latin-1")
    high = len(data) - len(data.translate(None, _HIGH_BYTES))
    if high and 2 * sum(len(seq) for seq in _UTF8_SEQUENCE.findall(data)) >= high:
        return text, None
    return repair(text, hint)


# -- TCVN3 ---------------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _tcvn3_table() -> dict[int, str]:
    table = {0x80 + i: char for i, char in enumerate(_TCVN3_HIGH)}
    for byte in range(0x80, 0xA0):  # the same bytes as a Windows-1252 decoder reads them
        try:
            table[ord(bytes([byte]).decode("cp1252"))] = _TCVN3_HIGH[byte - 0x80]
        except UnicodeDecodeError:
            continue
    return table


def tcvn3_to_unicode(text: str) -> str:
    """The Unicode (NFC) text of a Latin-1/Windows-1252 reading of TCVN3 bytes."""
    return unicodedata.normalize("NFC", text.translate(_tcvn3_table()))


def unicode_to_tcvn3(text: str) -> bytes:
    """TCVN3 bytes of Vietnamese text (for fixtures and tools); characters it cannot hold become ``?``."""
    reverse = {char: 0x80 + i for i, char in enumerate(_TCVN3_HIGH) if not unicodedata.combining(char)}
    out = bytearray()
    for char in unicodedata.normalize("NFC", text):
        out += char.encode("ascii") if char.isascii() else bytes([reverse.get(char, ord("?"))])
    return bytes(out)


# -- VNI-Windows ---------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _vni_tables() -> tuple[dict[str, str], re.Pattern[str]]:
    """(sequence -> letter, the pattern finding sequences): base + mark pairs first, then single bytes."""
    pairs: dict[str, str] = {}

    def add(base: str, marks: dict[str, str], letter: str, extra: str = "") -> None:
        for mark, tone in marks.items():
            composed = unicodedata.normalize("NFC", letter + extra + tone)
            pairs[base + mark] = pairs[base + mark.upper()] = composed
            pairs[base.upper() + mark] = pairs[base.upper() + mark.upper()] = composed.upper()

    for vowel in "aeouy":
        add(vowel, _TONES, vowel)
    add("ô", _TONES, "ơ")
    add("ö", _TONES, "ư")
    for vowel in "aeo":
        add(vowel, _CIRCUMFLEX, vowel, "\u0302")
    add("a", _BREVE, "a", "\u0306")
    singles = {**_VNI_SINGLES, **{k.upper(): v.upper() for k, v in _VNI_SINGLES.items()}}
    table = {**singles, **pairs}
    pattern = re.compile("|".join(re.escape(k) for k in sorted(table, key=len, reverse=True)))
    return table, pattern


def vni_to_unicode(text: str) -> str:
    """The Unicode (NFC) text of a Latin-1/Windows-1252 reading of VNI-Windows bytes."""
    table, pattern = _vni_tables()
    return unicodedata.normalize("NFC", pattern.sub(lambda found: table[found.group(0)], text))


def unicode_to_vni(text: str) -> bytes:
    """VNI-Windows bytes of Vietnamese text (for fixtures and tools)."""
    table, _pattern = _vni_tables()
    reverse: dict[str, str] = {}
    for sequence, letter in table.items():
        # the canonical spelling: mark case follows the base letter's case
        if len(sequence) == 1 or sequence[0].isupper() == sequence[1].isupper():
            reverse.setdefault(letter, sequence)
    converted = "".join(reverse.get(char, char) for char in unicodedata.normalize("NFC", text))
    return converted.encode("cp1252", errors="replace")


def repair_markup(markup: str) -> tuple[str, str | None]:
    """:func:`repair` with the hint taken from the font names in ``markup`` itself (an HTML page).

    Runs on every crawled page. Most pages are Unicode with no legacy signal at all, and say so after one
    pass over their text pieces; the font names are looked for only on a page that has some signals.
    """
    return _repair(markup, lambda: font_hint(markup) if _FONT_ANY.search(markup) else None, markup=True)
