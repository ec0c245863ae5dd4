"""Document structure: paragraphs, section headings, sentences and clauses, with the context each one sets.

The parser reads figures clause by clause; a clause inherits its category (kinh tế, văn hóa - xã hội, ...),
its kind context (targets or results) and its period from the paragraph, the section heading above it and
the document. All offsets are offsets into the original text.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

CATEGORIES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("quốc phòng - an ninh", re.compile(r"\bquoc phong\b|\ban ninh\b")),
    (
        "xây dựng Đảng",
        re.compile(r"\bxay dung dang\b|\bcong tac dang\b|\bdang vien\b|\bto chuc co so dang\b"),
    ),
    ("văn hóa - xã hội", re.compile(r"\bvan hoa\b|\bxa hoi\b|\bgiao duc\b|\by te\b")),
    ("môi trường", re.compile(r"\bmoi truong\b")),
    ("kinh tế", re.compile(r"\bkinh te\b")),
)

# Page chrome that survives HTML-to-text: visitor counters, rating widgets, share bars, footers.
_CHROME_RE = re.compile(
    r"truy cap|khach vieng tham|may chu tim kiem|thanh vien online|hom nay|hom qua|thang hien tai"
    r"|tong luot|danh gia bai viet|trong \d+ danh gia|thoi gian cho|dien thoai|\bfax\b|e-?mail"
    r"|chia se|co chu|tuong phan|ban quyen|ghi ro nguon|dang nhap"
)
_HEADING_MARK_RE = re.compile(
    r"^(?:#+\s*)?(?:\*\*)?\s*(?:[IVX]{1,4}\s*[.\-/)]|\d{1,2}(?:\.\d{1,2})*\.?(?=\s)|[a-zđ][.)]|ve\b|chi tieu\b"
    r"|linh vuc\b|muc tieu\b|cac chi tieu\b|nhom chi tieu\b)"
)
_TARGET_CUES = re.compile(
    r"\bphan dau\b|\bphan dau\b|chi tieu chu yeu|\bcac chi tieu\b|\bchi tieu (?:ve|phat trien|kinh te)|\bde ra\b"
    r"|\bdu kien\b|\bdinh huong\b|\bke hoach (?:nam|phat trien)\b|\bchuong trinh hanh dong\b|\bphai dat\b"
    r"|\bmuc tieu (?:tong quat|cu the|chu yeu|den nam|nam)\b|\bnhat tri cac muc tieu\b|\bchi tieu ke hoach\b"
)
_ACTUAL_CUES = re.compile(
    r"\bden nay\b|\bhien nay\b|\buoc (?:dat|tinh|thuc hien|tang|giam|khoang)\b|\bda dat\b|\bdat duoc\b"
    r"|\bda hoan thanh\b|\bcung ky\b|\bso voi nam truoc\b|\bthang dau nam\b|\bket qua\b|\btu dau nhiem ky\b"
    r"|\bdat muc tieu\b|\bvuot muc tieu\b|\bso voi muc tieu\b"
    r"|\d%\s*(?:so voi\s+)?(?:ke hoach|kh|du toan|muc tieu|chi tieu|nghi quyet)\b"
    r"|\bso ket\b|\btong ket\b|\bbao cao ket qua\b|\bthuc hien duoc\b"
)
_YEAR_RE = re.compile(r"(?<![\d./])(19[5-9]\d|20\d\d)(?![\d./])")
_YEAR_CONTEXT_RE = re.compile(
    r"(?<!so voi )(?<!cung ky )(?<!so voi cung ky )\b(?:nam|den nam|cuoi nam|trong nam|ke hoach nam|ke hoach)\s+"
    r"(19[5-9]\d|20\d\d)(?![\d./])"
)
_YEAR_RANGE_RE = re.compile(r"\bgiai doan\s+(20\d\d|19\d\d)\s*[-–]\s*(20\d\d|19\d\d)\b")

# Clause boundaries inside a paragraph: ";", a sentence end, an inline list marker "(2)" or "- (2)".
_BREAK_RE = re.compile(
    r"(?P<semi>;)|(?P<stop>[.!?…]+)(?=\s)|(?<=\S)\s+(?P<marker>(?=(?:-\s*)?\(\d{1,2}\)\s*\S))"
)


def _starts_sentence(text: str, pos: int) -> bool:
    """True when the text after a full stop starts a new sentence (capital letter, digit or bracket)."""
    n = len(text)
    while pos < n and text[pos] in " \u00a0\t\"“'*":
        pos += 1
    return pos < n and (text[pos].isupper() or text[pos].isdigit() or text[pos] in "(-•")


def category_of(folded: str) -> str | None:
    """The plan section a heading or label names, from its folded text."""
    if re.search(r"kinh te\s*-?\s*xa hoi", folded) and not re.search(r"\bve kinh te\s*[:.]", folded):
        folded = re.sub(r"kinh te\s*-?\s*xa hoi", " ", folded)
        if not folded.strip():
            return None
    for name, pattern in CATEGORIES:
        if pattern.search(folded):
            return name
    return None


def kind_score(folded: str) -> int:
    """Positive when the text reads as targets (plans), negative when it reports results."""
    return len(_TARGET_CUES.findall(folded)) - len(_ACTUAL_CUES.findall(folded))


def year_hint(folded: str) -> str | None:
    """The year (or ``YYYY-YYYY`` period) a clause or heading is about, if it says one."""
    rng = _YEAR_RANGE_RE.search(folded)
    if rng and rng.group(1) < rng.group(2):
        return f"{rng.group(1)}-{rng.group(2)}"
    m = _YEAR_CONTEXT_RE.search(folded)
    return m.group(1) if m else None


def document_period(folded: str) -> str | None:
    """The year a document is mostly about: the most cited ``năm YYYY``, the title counting triple."""
    counts: Counter[str] = Counter()
    for m in _YEAR_CONTEXT_RE.finditer(folded):
        counts[m.group(1)] += 3 if m.start() < 400 else 1
    if not counts:
        for m in _YEAR_RE.finditer(folded[:2000]):
            counts[m.group(1)] += 1
    if not counts:
        return None
    best = max(counts.values())
    return max(year for year, n in counts.items() if n == best)


@dataclass(slots=True)
class Paragraph:
    start: int
    end: int
    category: str | None = None
    kind: str | None = None  # "target" / "actual" when the paragraph or its section says so
    period: str | None = None
    chrome: bool = False
    heading: bool = False
    clauses: list[tuple[int, int]] = field(default_factory=list)
    sentences: list[tuple[int, int]] = field(default_factory=list)


def _is_heading(folded_line: str, raw_line: str) -> bool:
    stripped = raw_line.strip().strip("*#_ ").strip()
    if not stripped or len(stripped) > 110:
        return False
    if raw_line.lstrip().startswith(("#", "**")):
        return True
    if not _HEADING_MARK_RE.match(folded_line.strip()):
        return False
    # A numbered list item that states a figure is not a heading.
    return not re.search(r"\d\s*(?:%|‰|ty|trieu|nghin|ngan|ha\b)", folded_line)


def split_paragraphs(text: str, folded: str) -> list[Paragraph]:
    """Lines with their section context; chrome lines are flagged so no figure is read from them."""
    paragraphs: list[Paragraph] = []
    category: str | None = None
    section_kind: str | None = None
    section_period: str | None = None
    pos = 0
    for raw_line in text.splitlines(keepends=True):
        start, end = pos, pos + len(raw_line.rstrip("\r\n"))
        pos += len(raw_line)
        line_folded = folded[start:end]
        if not line_folded.strip():
            continue
        para = Paragraph(start=start, end=end)
        if len(line_folded) < 160 and _CHROME_RE.search(line_folded):
            para.chrome = True
            paragraphs.append(para)
            continue
        label = re.match(r"\s*(?:[-*•]\s*)?ve ([^:.]{3,60})[:.]", line_folded)
        if _is_heading(line_folded, text[start:end]):
            para.heading = True
            category = category_of(line_folded) or (None if _top_level(line_folded) else category)
            score = kind_score(line_folded)
            if score:
                section_kind = "target" if score > 0 else "actual"
            elif _top_level(line_folded):
                section_kind = None
            section_period = year_hint(line_folded) or (None if _top_level(line_folded) else section_period)
        elif label:
            category = category_of(label.group(1)) or category
        elif line_folded.rstrip().endswith(":"):
            score = kind_score(line_folded)
            if score:
                section_kind = "target" if score > 0 else "actual"
        para.category = category
        score = kind_score(line_folded)
        para.kind = ("target" if score > 0 else "actual") if score else section_kind
        para.period = section_period
        para.clauses = _clauses(text, start, end)
        para.sentences = _sentences(text, start, end)
        paragraphs.append(para)
    return paragraphs


def _top_level(folded_line: str) -> bool:
    return bool(re.match(r"\s*(?:#+\s*)?(?:\*\*)?\s*(?:[IVX]{1,4}\s*[.\-/)]|\d{1,2}\.?\s)", folded_line))


def _breaks(text: str, start: int, end: int, *, sentences_only: bool) -> list[tuple[int, int]]:
    found = []
    for m in _BREAK_RE.finditer(text, start, end):
        if m.lastgroup == "stop":
            if _starts_sentence(text, m.end()):
                found.append((m.start(), m.end()))
        elif not sentences_only:
            found.append((m.start(), m.end()))
    return found


def _clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    return _between(_breaks(text, start, end, sentences_only=False), start, end)


def _sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    return _between(_breaks(text, start, end, sentences_only=True), start, end)


def _between(breaks: list[tuple[int, int]], start: int, end: int) -> list[tuple[int, int]]:
    spans, cursor = [], start
    for b_start, b_end in breaks:
        if b_start > cursor:
            spans.append((cursor, b_start))
        cursor = max(cursor, b_end)
    if cursor < end:
        spans.append((cursor, end))
    return spans
