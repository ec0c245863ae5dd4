"""Document structure: paragraphs, section headings, sentences and clauses, with the context each one sets.

The parser reads figures clause by clause; a clause inherits its category (kinh tế, văn hóa - xã hội, ...),
its kind context (targets or results) and its period from the paragraph, the section heading above it and
the document. All offsets are offsets into the original text.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate, pairwise

from figures.text import NON_WORD_CLASS, RELATED_HEADING_RE, fold_keep_length, phrase_trie

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
# ("f(?<!\wf)ax" is "\bfax": with every alternative starting with a letter the engine skips to candidates.)
# Each word needs its widget's context: "điện thoại thông minh", "truy cập Internet", "Hôm nay, tỉnh ..." and
# "chia sẻ dữ liệu" are words of content.
_CHROME_RE = re.compile(
    r"dang truy cap|luot truy cap|so luot truy cap|tong luot truy cap|truy cap\s*[:\d]|khach vieng tham"
    r"|may chu tim kiem|thanh vien online|hom nay\s*:|hom qua\s*:|thang hien tai\s*:|tuan nay\s*:|thang nay\s*:"
    r"|nam nay\s*:|tong luot xem|tong luot doc|tong luot vieng tham|danh gia bai viet|trong \d+ danh gia"
    r"|thoi gian cho\s*:|dien thoai\s*[:(\d]|dien thoai ban|dien thoai di dong\s*:|f(?<!\wf)ax\b|e-?mail\s*:"
    r"|chia se\s*:|chia se\s*$|chia se bai|chia se len|chia se qua|chia se facebook|chia se zalo|chia se twitter"
    r"|co chu\s*(?:[:+\-]|a\b|$)|tuong phan|ban quyen|ghi ro nguon|dang nhap|luot xem|luot doc|so lan xem|so lan doc|da xem\s*:"
    r"|dang truc tuyen|truc tuyen\s*:|xem them|tin khac|binh luan|luot thich|nguoi thich|in trang|in bai|gui bai"
)  # flat alternatives: grouped ones ("(?:dang|luot) truy cap") cost the engine its fast scan, half again the time
# A section's label opening a line, after a list mark: "Về kinh tế:", "a) Về quốc phòng, an ninh:", "Nhóm chỉ
# tiêu về văn hóa - xã hội:", "3. Quốc phòng - an ninh:" (a category's name alone), "Về xã hội, ..." (prose).
_LABEL_MARK = (
    r"\s*(?:[-*•+]\s*|\(?[a-zđ]\)\s*|[a-zđ]\.\s+|\(?\d{1,2}(?:\.\d{1,2})*[.)]\s*|[ivx]{1,4}[.)]\s*)?"
)
_LABEL_RE = re.compile(
    _LABEL_MARK + r"(?:(?:nhom |cac )?chi tieu )?(?:ve ([^:.;]{3,60}):|ve ([^:.,]{3,60})[.,]"
    r"|(kinh te|xa hoi|van hoa\s*-\s*xa hoi|van hoa,? xa hoi|moi truong|quoc phong\s*[-,]?\s*an ninh"
    r"|xay dung dang(?: va he thong chinh tri)?)\s*:)"
)
_HEADING_MARK_RE = re.compile(
    r"^(?:#+\s*)?(?:\*\*)?\s*(?:phan thu \w+|phan [ivx]{1,4}\b|chuong [ivx\d]{1,4}\b|dieu \d{1,3}\b|[ivx]{1,4}\s*[.\-/)]|\d{1,2}(?:\.\d{1,2})*\.?(?=\s)|[a-zđ][.)]|ve\b|chi tieu\b"
    r"|linh vuc\b|muc tieu\b|cac chi tieu\b|nhom chi tieu\b)"
)
# Cue phrases: words that say a passage states targets (plans) or reports results. Data: a phrase added here
# is found wherever it stands as whole words.
_TARGET_CUES = (
    "de dat duoc muc tieu", "de dat muc tieu", "giu vung muc tieu", "giu muc tieu", "dieu chinh chi tieu",
    "duoc dieu chinh tu", "dieu chinh ke hoach",
    "phan dau", "dai hoi xac dinh", "nghi quyet xac dinh", "xac dinh muc tieu", "xac dinh chi tieu", "chi tieu chu yeu", "giao chi tieu", "giao du toan", "giao ke hoach", "cac chi tieu", "chi tieu ve", "chi tieu phat trien", "chi tieu kinh te",
    "chi tieu ke hoach", "de ra", "du kien", "dinh huong", "ke hoach nam", "ke hoach phat trien",
    "chuong trinh hanh dong", "phai dat", "muc tieu tong quat", "muc tieu cu the", "muc tieu chu yeu",
    "muc tieu den nam", "muc tieu nam", "muc tieu giai doan", "muc tieu nhiem ky", "nhat tri cac muc tieu", "thang cuoi nam", "cac nhiem vu",
    "nhiem vu trong tam nam", "nhiem vu trong tam den nam", "nhiem vu trong tam thang cuoi",
    "nhiem vu chu yeu nam", "nhiem vu chu yeu den nam", "nhiem vu chu yeu thang cuoi",
    # what will be done ("Chúng tôi cũng sẽ mở thêm 3 tuyến", "Mỗi năm tỉnh sẽ bồi dưỡng cho 2.000 người")
    "se mo", "se boi duong", "se dau tu", "se xay dung", "se ho tro", "se dao tao", "se trien khai", "se hoan thanh",
    "se phat trien", "se nang", "se dat", "se co them",
)  # fmt: skip
_ACTUAL_CUES = (
    # a longer phrase before the shorter one it starts with (the plain reading in the tests is in list order)
    "dat muc tieu de ra", "dat chi tieu de ra", "vuot chi tieu de ra", "vuot muc tieu de ra",
    # "tăng 3,2%, thấp hơn mục tiêu đề ra (dưới 4%)": a result set against its target
    "thap hon muc tieu de ra", "cao hon muc tieu de ra", "thap hon chi tieu de ra", "cao hon chi tieu de ra",
    "thap hon muc tieu", "cao hon muc tieu", "thap hon chi tieu", "cao hon chi tieu", "thap hon ke hoach",
    "cao hon ke hoach",
    "den nay", "hien nay", "uoc dat", "uoc tinh", "uoc thuc hien", "uoc tang", "uoc giam", "uoc khoang", "uoc chi", "uoc con",
    "da dat", "dat duoc", "da hoan thanh", "uoc ca nam", "uoc nam", "cung ky", "so voi nam truoc", "thang dau nam",
    "ket qua", "thuc trang", "hien trang", "hien co", "hien dat", "hien moi dat", "tu dau nhiem ky", "tu dau nam", "vuot chi tieu", "tinh den het", "tinh den ngay", "dat muc tieu", "dat chi tieu", "dat ke hoach", "nhin lai", "nhiem ky qua", "nhiem ky truoc", "nam qua", "nam vua qua",
    "giai doan qua", "thoi gian qua", "vuot muc tieu", "vuot ke hoach", "vuot du toan", "so voi muc tieu",
    "so voi ke hoach", "so voi du toan", "so ket", "tong ket",
    "thuc hien duoc", "tinh hinh thuc hien", "danh gia tinh hinh", "danh gia ket qua",
    # what has been done ("đã giải quyết việc làm cho 62.840 lao động")
    "da giai quyet", "da tao", "da thu hut", "da dau tu", "da trien khai", "da xay dung", "da trong", "da cap",
    "da ho tro", "da dao tao", "da giai ngan", "da thanh lap", "da ket nap", "da cong nhan",
    "doat", "gianh duoc",  # prizes won: "đoạt 15 giải", "giành được 24 huy chương"
    "da kien co hoa", "da cung hoa", "da be tong hoa", "da nhua hoa", "da lam moi", "da nang cap", "da cai tao",
    "da sua chua", "da kiem tra", "da tiep nhan", "da kham", "da dieu tri", "da tiem", "da cho vay", "da thuc hien",
    # "trong tổng số 16 khu công nghiệp đã đi vào hoạt động, có 14 khu ..., đạt tỷ lệ 87,5%"
    "da co", "da di vao hoat dong", "da lap dat", "dat ty le",
    # the months of a year so far ("9 tháng năm 2026", "Chín tháng qua"): only a report counts them
    "3 thang nam", "6 thang nam", "9 thang nam", "10 thang nam", "11 thang nam", "ba thang nam", "sau thang nam",
    "chin thang nam", "muoi thang nam", "muoi mot thang nam", "thang qua",
)  # fmt: skip
# "85% kế hoạch", "102,5% so với dự toán": a share of the plan reports a result.
# (Not 100%: "hoàn thành 100% chỉ tiêu tuyển quân" is as much a plan's target as a report's result.)
_SHARE_OF_PLAN_CUE = (
    r"(?!100%)\d+(?:,\d+)?%\s*(?:so voi\s+)?(?:ke hoach|kh|du toan|muc tieu|chi tieu|nghi quyet)"
)
_CUE_TRIE, _CUE_TAGS = phrase_trie(
    [(phrase, "target") for phrase in _TARGET_CUES] + [(phrase, "actual") for phrase in _ACTUAL_CUES]
)
_CUE_TAGS["share_of_plan"] = "actual"
# The groups of the phrases with "dat" in them ("dat duoc", "da dat", "dat muc tieu"), checked as written.
_REACH_GROUPS = frozenset(
    re.fullmatch(_CUE_TRIE, phrase).lastgroup  # type: ignore[union-attr]
    for phrase in _TARGET_CUES + _ACTUAL_CUES
    if "dat" in phrase.split()
)
# Matched in one pass per document, over the text with a space put before it: a non-word character (the
# explicit class lets the engine skip to candidates), then the phrases as a trie. _CUES_WORD_RE is the same
# match with a plain word boundary, for a text where that class let an astral word character through.
_CUES_RE = re.compile(rf"[{NON_WORD_CLASS}](?:{_CUE_TRIE}|{_SHARE_OF_PLAN_CUE}(?P<share_of_plan>))\b")
_CUES_WORD_RE = re.compile(rf"\b(?:{_CUE_TRIE}|{_SHARE_OF_PLAN_CUE}(?P<share_of_plan>))\b")
# The check on the character before comes after the year so that the regex starts with a literal ("1" or "2"),
# which lets the engine skip to candidate positions instead of trying every one (5x faster).
_YEAR_TOKEN_RE = re.compile(r"(?:19[5-9]\d|20\d\d)(?<![\d./]\d{4})(?![\d./])")
# What stands before a year that states a period ("năm 2024", "đến năm 2025", "kế hoạch 2024"), and what makes
# it something else: a baseline ("so với năm 2015", "cùng kỳ năm 2022") or a date ("ngày 8 tháng 12 năm 2023").
_YEAR_LEAD_RE = re.compile(r"(?<![a-z])(?:nam|ke hoach)\s+$")
# (and a price base: "theo giá so sánh năm 2010" values a figure at 2010's prices, of whatever year it is)
_NOT_PERIOD_LEAD_RE = re.compile(r"(?:so voi|cung ky|thang \d{1,2}|gia so sanh|tiep tu)\s+(?:nam\s+)?$")
_LAW_BEFORE_RE = re.compile(r"\b(?:luat|bo luat|hien phap|nghi dinh|thong tu)(?: [a-z]+){0,5} nam\s+$")
_BASELINE_LEAD_RE = re.compile(r"(?:so voi|cung ky|gia so sanh)\s+(?:nam\s+)?$")
_PLAN_LEAD_RE = re.compile(r"\b(?:ke hoach|muc tieu|chi tieu|nhiem vu|phuong huong|du toan)\b")
_YEAR_RANGE_RE = re.compile(
    r"(?:\b(?:giai doan|nhiem ky|thoi ky|\d+ nam|ke hoach|nam hoc|trung han)\s+|\(\s*)(20\d\d|19\d\d)\s*[-–]\s*(20\d\d|19\d\d)\b"
)  # "giai đoạn 2016 - 2020", "I. KẾT QUẢ THỰC HIỆN (2016 - 2018)", a school year "năm học 2026 - 2027", "đầu tư công
# trung hạn 2026-2030"
_YEAR_PAIR_RE = re.compile(r"\bnam ((?:19|20)\d\d) va (?:nam )?((?:19|20)\d\d)\b")
_RANGE_END_RE = re.compile(r"\s*[-–]\s*(?:19|20)\d\d\b")  # after a year: the year starts a range

# Clause boundaries inside a paragraph: ";", a sentence end, an inline list marker "(2)" or "- (2)", that is
# what ``(?P<semi>;)|(?P<stop>[.!?…]+)(?=\s)|\s(?P<marker>(?=(?:-\s*)?\(\d{1,2}\)\s*\S))`` finds. That one regex
# tries every position; this one starts with the set of first characters (so the engine skips to them) and
# tells the alternatives apart by a lookbehind, with empty groups to name them. The white space before a list
# marker is found from the marker's bracket instead (see _marker_breaks): trying every space costs 5x more.
_BREAK_RE = re.compile(r"[;.!?…](?:(?<=;)(?P<semi>)|(?<=[.!?…])[.!?…]*(?=\s)(?P<stop>))")
_MARKER_RE = re.compile(r"\((?=\d{1,2}\)\s*\S)")
_DIGIT_RE = re.compile(r"\d")


def _starts_sentence(text: str, pos: int) -> bool:
    """True when the text after a full stop starts a new sentence (capital letter, digit or bracket)."""
    n = len(text)
    while pos < n and text[pos] in " \u00a0\t\"“'*":
        pos += 1
    return pos < n and (text[pos].isupper() or text[pos].isdigit() or text[pos] in "(-•")


def cell_separator(text: str, start: int = 0, end: int | None = None) -> str | None:
    """What parts the cells of a row: ``|`` (Markdown), a tab (DOCX), or None (runs of spaces, or no row)."""
    end = len(text) if end is None else end
    if text.count("|", start, end) >= 3:
        return "|"
    return "\t" if text.count("\t", start, end) >= 2 else None


def is_table_row(line: str) -> bool:
    """A Markdown row (``| a | b | c |``), a tab-separated row of three or more cells, or a row as a PDF
    converter or OCR lays a table out, its cells apart by runs of spaces (see ``spaced_cells``)."""
    return cell_separator(line) is not None or spaced_cells(line, 0, len(line)) is not None


# A cell of a row laid out with spaces: words one space apart; two spaces or more end the cell.
_SPACED_CELL_RE = re.compile(r"[^\s|]+(?:[ \u00a0][^\s|]+)*")
_SPACED_VALUE_RE = re.compile(
    r"(?:(?:[<>≥≤~]|dưới|trên|khoảng|tối đa|tối thiểu|ít nhất|không quá|[Tt]ăng|[Gg]iảm|[Đđ]ạt)\s?)?[-−+]?\d[\d.,]*(?:\s?[-–÷/]\s?\d[\d.,]*)?\s?(?:%|‰)?[*¹²³]?"
)
# Words that head a table's columns (a header row laid out with spaces has no numbers to tell it)
TABLE_HEADER_WORDS = re.compile(
    r"\b(?:chi tieu|noi dung|don vi|dvt|ke hoach|thuc hien|uoc|muc tieu|so sanh|stt|tt|nhiem vu|thoi han"
    r"|co quan chu tri|so voi|cung ky|luy ke|cong don|nguon von|phan ky|giai doan|nghi quyet|danh gia"
    r"|ten (?:du an|cong trinh)|dia diem|tong muc dau tu|quy mo|nang luc|ghi chu)\b"
)
_SPACED_CELLS_MAX = 16
_EMPTY_CELLS = frozenset(("-", "–", "x", "…", "..."))  # a cell without a value
_HEADER_YEAR_RE = re.compile(
    r"(?:nam(?: hoc)? )?(?:19|20)\d\d(?:\s?-\s?(?:19|20)\d\d)?$"
)  # "năm 2026", "2026-2030"


def is_numbering_row(cells: list[str]) -> bool:
    """A row that numbers the columns ("| A | B | 1 | 2 | 3 |", "| (1) | (2) | (3) |", "A  B  1  2  3  4=2/1"): one
    letter or a number in each cell (a column computed from others says how: "4=2/1", "(7)=(6)/(5)"), the numbers
    counting up one by one."""
    numbers, letters = [], 0
    for cell in cells:
        token = cell.strip().replace("(", "").replace(")", "")  # "(7)=(6)/(5)" computes as "7=6/5"
        if len(token) == 1 and token.isalpha():
            letters += 1
            continue
        token = token.partition("=")[0] if _COMPUTED_COLUMN_RE.fullmatch(token) else token
        if not token.isdigit() or len(token) > 2:
            return False
        numbers.append(int(token))
    counts_up = all(b == a + 1 for a, b in pairwise(numbers))
    return bool(numbers) and counts_up and (len(numbers) >= 2 or letters >= 2)


_COMPUTED_COLUMN_RE = re.compile(r"\d{1,2}=\d{1,2}(?:\s?[-+*/x:]\s?\d{1,2})+")


def spaced_cells(text: str, start: int, end: int) -> list[tuple[int, int]] | None:
    """The cells of a table row that a PDF converter (``pdftotext -layout``) or OCR laid out with runs of spaces,
    or None when the line is not one.

    ``1   Tổng thu ngân sách   Tỷ đồng   9.215   9.650   10.100`` is a row: three cells or more, a value in
    the last one, and a gap of three spaces or a cell of several words (justified prose puts two spaces
    between single words). A header row (``STT   Chỉ tiêu   Đơn vị tính   Kế hoạch 2027``) has no value but
    two header words."""
    if text.find("  ", start, end) < 0 or text.find("\n", start, end) >= 0:
        return None  # (a row is one line: a block of wrapped lines indented by a converter's margin is prose)
    cells = [m.span() for m in _SPACED_CELL_RE.finditer(text, start, end)]
    if not 3 <= len(cells) <= _SPACED_CELLS_MAX:
        # a wrapped header's top line over two of its columns ("Kế hoạch    Thực hiện" over "năm   năm")
        return cells if len(cells) == 2 and _is_header_pair(text, cells) else None
    wide = any(b_start - a_end >= 3 for (_, a_end), (b_start, _) in pairwise(cells))
    if not wide and not any(" " in text[a:b] for a, b in cells):
        return None
    values = sum(1 for a, b in cells if _SPACED_VALUE_RE.fullmatch(text, a, b))
    last = text[cells[-1][0] : cells[-1][1]]
    if values and (last in _EMPTY_CELLS or _SPACED_VALUE_RE.fullmatch(last)) and (values >= 2 or wide):
        return cells
    if (
        values >= 2
        and wide
        # (the last value's cell may be empty: "22,5   22,1   -   Chỉ tiêu giảm;")
        and (_SPACED_VALUE_RE.fullmatch(text, *cells[-2]) or text[slice(*cells[-2])] in _EMPTY_CELLS)
        # (pdftotext may leave two spaces before a short remark, "< 16  Mỗi năm"; a longer one stands apart)
        and (
            ((gap := cells[-1][0] - cells[-2][1]) >= 2 and len(last.split()) <= 4)
            or (gap >= 3 and len(last) <= 40)
        )
    ):
        return cells  # a note after the values: "... 2.940,5   1.850,0     Chuyển tiếp" (a "Ghi chú" column)
    if wide and not values:
        headers = sum(
            1
            for a, b in cells
            if TABLE_HEADER_WORDS.search(folded := fold_keep_length(text[a:b].lower()))
            or _HEADER_YEAR_RE.match(folded)
        )
        if headers >= 2:
            return cells
    if wide and is_numbering_row([text[a:b] for a, b in cells]):
        return cells  # "A   B   1   2   3   4=2/1", "(1)   (2)   (3)": under a header, the columns' numbers
    return None


def _is_header_pair(text: str, cells: list[tuple[int, int]]) -> bool:
    """Two cells far apart, indented well to the right, each a table header's words."""
    (a, a_end), (b, _) = cells
    return (
        b - a_end >= 3
        and a - text.rfind("\n", 0, a) > _HEADER_PAIR_INDENT_MIN
        and all(TABLE_HEADER_WORDS.search(fold_keep_length(text[x:y].lower())) for x, y in cells)
    )


_HEADER_PAIR_INDENT_MIN = 20


# A line inside a table laid out with spaces that holds no values: indented under the name's column, or an index
# far from its words ("I      CHỈ TIÊU KINH TẾ", "4      Tổng vốn đầu tư phát triển")
_TABLE_LINE_RE = re.compile(
    r"(?:[ \u00a0]{2,}|[ \u00a0]*(?:[IVX]{1,4}|\d{1,3}(?:\.\d{1,2})*|[a-zđA-Z])[.)]?[ \u00a0]{2,})\S"
)
_TABLE_LINE_MAX = 120
# a group's row with one space after its number (and its dot), in capitals: " III NĂNG LỰC LƯU TRÚ", " III. GIẢM NGHÈO"
_GLUED_GROUP_RE = re.compile(r"[ \u00a0]*[IVX]{1,4}\.? [^\W\d_]")
# A document's heading: its mark and a dot, one space and the title ("II. KẾ HOẠCH NĂM 2026"), where a table's own
# group rows part their mark from their name with a run of spaces
_MARKED_HEADING_RE = re.compile(r"[ \u00a0]*(?:[IVX]{1,4}|\d{1,2}|[A-Z])\. \S")


def _is_table_line(line: str) -> bool:
    """Whether a line after a row of a table laid out with spaces goes on with that table (see ``Paragraph``)."""
    return (
        # (a remark's wrapped lines: two cells far apart, or one far right)
        (len(line.lstrip(" \u00a0")) <= _TABLE_LINE_MAX or _CELL_GAP_RE.search(line) is not None)
        and not line.rstrip().endswith((".", ";"))
        and bool(_TABLE_LINE_RE.match(line) or (_GLUED_GROUP_RE.match(line) and line.isupper()))
    )


def _is_wrapped_name(line: str, row_indent: int) -> bool:
    """Whether a line after a row of a table laid out with spaces, indented as that row and opening in lower case,
    is the rest of the row's name: " Tỷ lệ dân số nông thôn sử dụng     %    64 ..." / " nước sạch đáp ứng quy chuẩn"."""
    words = line.lstrip(" \u00a0")
    return (
        0 < len(words) < 60
        and len(line) - len(words) == row_indent
        and words[0].islower()
        and not words.rstrip().endswith((".", ";", ":"))
        and not _WIDE_GAP_RE.search(words)
    )


# A run of two spaces or more between two words of a line
_WIDE_GAP_RE = re.compile(r"(?<=\S)[ \u00a0]{2,}(?=\S)")
_GAP_RE = re.compile(r"(?<=\S)[ \u00a0]+(?=\S)")
# A table row's index, apart from its words ("VI   NÔNG THÔN MỚI", "V.   CHƯƠNG TRÌNH MTQG", "12   Diện tích ...")
_INDEXED_LINE_RE = re.compile(r"[ \u00a0]*(?:[IVX]{1,4}|\d{1,3})\.?[ \u00a0]{2,}\S")
_WRAP_MARGIN_MAX = 30  # the widest margin a converter gives a wrapped line of prose
_JUSTIFIED_MIN_GAPS = 3


# Page furniture a PDF converter or OCR leaves between two pages: a page number ("2", "- 2 -", "Trang 2/3", "2/3"),
# a rule, and a running header naming the document ("Nghị quyết số 08-NQ/TU", "Số: 45/2025/NQ-HĐND      2")
_PAGE_FURNITURE_RE = re.compile(
    r"[ \t]*(?:-\s*\d{1,3}\s*-|(?:[Tt]rang|TRANG)\s+\d{1,3}(?:\s*/\s*\d{1,3})?|\d{1,3}(?:\s*/\s*\d{1,3})?|[_\-=–—.]{5,}"
    r"|(?:\d{1,3}[ \t]{2,})?[^\n]{0,50}?\b(?:[Ss]ố|SỐ):?\s*\d{1,5}(?:/\d{4})?[-/][A-ZĐ][A-ZĐa-z]{0,5}(?:[-/][A-ZĐ]{1,8})*"
    r"(?:[ \t]{2,}\d{1,3})?)[ \t]*\r?\n?"
)
_PAGE_MARK_RE = re.compile(
    r"[ \t]*(?:-\s*\d{1,3}\s*-|(?:[Tt]rang|TRANG)\s+\d|\d{1,3}(?:\s*/\s*\d{1,3})?[ \t]*\r?\n?$|[_\-=–—.]{5,}|.*[ \t]{2,}\d{1,3}[ \t]*\r?\n?$)"
)
_PAGE_FURNITURE_MAX = 100
# What any page break has: a line of a page number or a rule, "Trang 2", or a document's number
_PAGE_BREAK_HINT_RE = re.compile(
    r"\n[ \t]*(?:-\s*)?\d{1,3}(?:\s*/\s*\d{1,3})?(?:\s*-)?[ \t]*\r?\n|[Tt]rang\s+\d|TRANG\s+\d|[_\-=–—.]{5}"
    r"|\b(?:[Ss]ố|SỐ):?\s*\d{1,5}(?:/\d{4})?[-/][A-ZĐ]"
)
_SENTENCE_END_CHARS = (".", ":", ";", "!", "?")


def _page_break_end(lines: list[str], index: int) -> int:
    """Where the text goes on after a page break starting at ``lines[index]`` (blank lines, a page number, a rule,
    a running header): the index of the first line after it, or ``index`` when there is no page break here."""
    end, marked = index, False
    while end < len(lines):
        line = lines[end]
        if not line.strip():
            end += 1
            continue
        if len(line) > _PAGE_FURNITURE_MAX or not _PAGE_FURNITURE_RE.fullmatch(line):
            break
        marked = marked or bool(_PAGE_MARK_RE.match(line))
        end += 1
    return end if marked and end < len(lines) else index


def clean_layout(text: str) -> tuple[str, list[int] | None]:
    """The text as a PDF converter should have given it, and for each of its characters the offset it came from
    (with the text's end last); None when nothing was changed.

    Lines it justified (``Thu  ngân  sách  đạt  12,6  tỷ  đồng``) are spaced one space a word (table rows laid out
    with spaces keep their runs: they part the cells), and a page break (blank lines, a page number, "Trang 2/3",
    a rule, a running header) in the middle of a sentence or of a table is left out, so what it cut reads as one."""
    if text.find("  ") < 0 and text.find("\u00a0\u00a0") < 0 and not _PAGE_BREAK_HINT_RE.search(text):
        return text, None  # (the common case: one scan of the text in C)
    kept: list[tuple[int, int]] = []  # the ranges of the text that are kept, in order
    lines = text.splitlines(keepends=True)
    starts = list(accumulate((len(line) for line in lines), initial=0))
    index = 0
    while index < len(lines):
        raw_line, line_start = lines[index], starts[index]
        if (
            kept
            and (before := lines[index - 1].strip())
            and ((unfinished := not before.endswith(_SENTENCE_END_CHARS)) or is_table_row(before))
            and (
                not raw_line.strip()
                or (len(raw_line) <= _PAGE_FURNITURE_MAX and _PAGE_FURNITURE_RE.fullmatch(raw_line))
            )
            and (after := _page_break_end(lines, index)) > index
            and (unfinished or is_table_row(lines[after].strip()))
        ):
            index = after  # a sentence or a table cut by a page break
            continue
        index += 1
        # a wrapped line's margin ("trong" / "        đó:") goes: what it continues reads one space a word
        indent = 0
        margin = len(raw_line) - len(raw_line.lstrip(" \u00a0"))
        if (
            raw_line.startswith(("  ", "\u00a0\u00a0"))
            and index > 1
            and (before := lines[index - 2].strip())
            and not before.endswith(_SENTENCE_END_CHARS)
            and not is_table_row(before)
            and not is_table_row(raw_line.strip())
            and not _CELL_GAP_RE.search(raw_line.strip())  # (a line laid out in cells keeps its place)
            # (nor does the next line of a table's name, remark or group: "VI   NÔNG THÔN MỚI, KINH TẾ HỢP TÁC")
            and not _CELL_GAP_RE.search(before)
            and not _INDEXED_LINE_RE.match(lines[index - 2])
            # (nor a line under a row's wrapped name: "  8   Số giấy chứng nhận ... 41.236" / "      đã cấp" /
            # "        Trong đó:")
            and not (index > 2 and is_table_row(lines[index - 3].strip()))
            and margin <= _WRAP_MARGIN_MAX  # (not a cell of a column far right)
        ):
            indent = margin
        if (
            ("  " in raw_line or "\u00a0\u00a0" in raw_line)
            and (gaps := [m.span() for m in _WIDE_GAP_RE.finditer(raw_line)])
            and (
                (len(gaps) >= _JUSTIFIED_MIN_GAPS and 2 * len(gaps) >= len(_GAP_RE.findall(raw_line)))
                or (len(gaps) > 1 and all(b - a == 2 for a, b in gaps))
            )  # most gaps wide, or a few but none wider than two spaces: not cells apart ("III  CHĂN NUÔI" may be)
            and not is_table_row(raw_line.rstrip("\r\n"))
            # (nor a header's wrapped line under a table's first: "  2025    hiện 2025    2026    DT 2025")
            and not (index > 1 and max(b - a for a, b in gaps) > 4 and is_table_row(lines[index - 2].strip()))
        ):
            cursor = indent
            for a, b in gaps:
                if a >= indent:
                    kept.append((line_start + cursor, line_start + a + 1))
                    cursor = b
            kept.append((line_start + cursor, starts[index]))
        elif kept and kept[-1][1] == line_start and not indent:
            kept[-1] = (kept[-1][0], starts[index])
        else:
            kept.append((line_start + indent, starts[index]))
    if len(kept) == 1 and kept[0] == (0, len(text)):
        return text, None
    offsets = [i for a, b in kept for i in range(a, b)]
    offsets.append(len(text))
    return "".join(text[a:b] for a, b in kept), offsets


def split_cells(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Cell spans (trimmed) of one row; a leading/trailing pipe makes no empty cell."""
    sep = cell_separator(text, start, end)
    if sep is None:
        return [m.span() for m in _SPACED_CELL_RE.finditer(text, start, end)]
    separators = []
    pos = text.find(sep, start, end)
    while pos >= 0:
        separators.append(pos)
        pos = text.find(sep, pos + 1, end)
    separators.append(end)
    cells, cursor = [], start
    for pos in separators:
        c_start, c_end = cursor, pos
        while c_start < c_end and text[c_start].isspace():
            c_start += 1
        while c_end > c_start and text[c_end - 1].isspace():
            c_end -= 1
        cells.append((c_start, c_end))
        cursor = pos + 1
    if sep == "|":
        row = text[start:end].strip()
        # "| a | b |" (Markdown) has no empty first cell, " | Trong đó: thóc | nghìn tấn | 412,3" has one
        if cells and cells[0][0] == cells[0][1] and row.startswith("|") and row.endswith("|"):
            cells = cells[1:]
        if cells and cells[-1][0] == cells[-1][1]:
            cells = cells[:-1]
    return cells


def category_of(folded: str) -> str | None:
    """The plan section a heading or label names, from its folded text."""
    if re.search(r"kinh te\s*-?\s*xa hoi", folded) and not re.search(r"\bve kinh te\s*[:.]", folded):
        # "kế hoạch phát triển kinh tế - xã hội, bảo đảm quốc phòng, an ninh năm 2027": a plan's title, which
        # names all its sections and is none of them
        return None
    for name, pattern in CATEGORIES:
        if pattern.search(folded):
            return name
    return None


class CueIndex:
    """Where a document uses target words and result words, found in one pass and counted per range.

    A range's score is positive when it reads as targets (plans), negative when it reports results.
    """

    def __init__(self, folded: str, lower: str | None = None) -> None:
        """``lower``: the text lower-cased with its diacritics (same length), to tell "đạt" from "đặt"."""
        self._target: list[int] = []
        self._actual: list[int] = []
        self._shares: list[int] = []  # the share-of-plan cues ("bằng 111,4% dự toán"), also in ``_actual``
        # those and the comparisons with a plan ("tăng 9,4% so với dự toán Trung ương giao"), also in ``_actual``
        self._versus: list[int] = []
        # The match starts with the character before the phrase: in " " + folded, the phrase's offset. A match
        # that starts with an astral character may be a false one (see NON_WORD_CLASS): the text is then read
        # again with word boundaries. Without one, every match is a true one and none was missed.
        found = [(m.start(), m.end() - 1, m.lastgroup) for m in _CUES_RE.finditer(" " + folded)]
        if any(start and folded[start - 1] > "\uffff" for start, _, _ in found):
            found = [(m.start(), m.end(), m.lastgroup) for m in _CUES_WORD_RE.finditer(folded)]
        for start, end, group in found:
            tag = _CUE_TAGS[group]  # type: ignore[index]
            if (
                tag == "actual"
                and folded.endswith("so voi ", 0, start)
                and not folded.startswith("cung ky", start)
            ):
                continue  # "tăng 6,5% so với ước thực hiện năm 2026": the base a plan is set against (but what
                # is compared with the same period of last year, "so với cùng kỳ", is a result)
            if folded.startswith("hien nay", start) and folded.endswith(("lan ", "voi "), 0, start):
                continue  # "quy mô kinh tế gấp 1,8 lần hiện nay": the base a plan is set against
            if folded.startswith("hien co", start) and folded[end : end + 3].lstrip(" ")[:1] in (
                "",
                ";",
                ",",
                ".",
                ")",
            ):
                continue  # "giảm 50% số hộ nghèo hiện có;": the existing ones a target counts from
            if folded.startswith("hien ", start) and folded.endswith("thuc ", 0, start):
                continue  # "tập trung thực hiện đạt và vượt các chỉ tiêu năm 2026": to carry out, not "hiện đạt"
            if tag == "target" and folded.endswith(("(", "( "), 0, start):
                continue  # "đạt 69,9% (kế hoạch năm học là 68%)": the plan a result is set against, in brackets
            if folded.startswith("ket qua", start) and folded.endswith(
                ("can cu ", "co so ", "vao "), 0, start
            ):
                continue  # "căn cứ kết quả thực hiện năm 2025, UBND tỉnh ban hành Kế hoạch ...": the basis of a plan
            if folded.startswith("ket qua giai quyet", start):
                continue  # "tỷ lệ số hóa hồ sơ, kết quả giải quyết thủ tục hành chính": a name, not a report
            if (
                tag == "target"
                and folded.startswith(("chi tieu", "cac chi tieu", "de ra"), start)
                and _TARGETS_MET_BEFORE_RE.search(folded, max(0, start - 60), start)
            ):
                tag = (
                    "actual"  # "hoàn thành 11/12 chỉ tiêu chủ yếu đề ra": the targets a report counts as met
                )
            if lower is not None and group in _REACH_GROUPS and not _reach_written(folded, lower, start, end):
                if "đặt" not in lower[start:end]:
                    continue
                tag = "target"  # "đặt mục tiêu": sets the target
            (self._target if tag == "target" else self._actual).append(start)
            if group == "share_of_plan":
                self._shares.append(start)
            if tag == "actual" and (group == "share_of_plan" or folded.startswith(_VERSUS_PLAN_CUES, start)):
                self._versus.append(start)

    def forget_shares_after(self, folded: str, year: str, *, plan_period: str | None = None) -> None:
        """Drop the share-of-plan cues of sentences about a year after ``year`` (the year the text was written
        in): in a budget resolution, "Tổng thu ... năm 2027: 6.850 tỷ đồng, bằng 111,4% dự toán Trung ương
        giao" sets one plan against another, it reports nothing. In a plan (by its title; ``plan_period`` is the
        period it is about) so do the shares and comparisons with a plan ("tăng 9,4% so với dự toán Trung ương
        giao") about a later year: the last one stated before them ("Điều 1. Dự toán thu ngân sách nhà nước năm
        2026" / "1. Tổng thu ... là 28.650 tỷ đồng, tăng 9,4% ..."), else the plan's."""
        later = set()
        for at in self._shares:
            opening = max(folded.rfind("\n", 0, at), folded.rfind(". ", 0, at), at - 300) + 1
            stated = year_hint(folded, opening, at)
            if stated and stated[:4] > year:
                later.add(at)
        if plan_period:
            for at in self._versus:
                years = _stated_years(folded, max(0, at - 600), at)
                if (years[-1][1] if years else plan_period[:4]) > year:
                    later.add(at)
        if later:
            self._actual = [at for at in self._actual if at not in later]

    def any(self, start: int, end: int) -> bool:
        """Whether a cue of either kind stands in ``[start, end)``."""
        return any(
            bisect.bisect_left(found, end) > bisect.bisect_left(found, start)
            for found in (self._target, self._actual)
        )

    def one_sided(self, start: int, end: int) -> bool:
        """Whether the cues in ``[start, end)`` are all of one kind (or there are none)."""
        return not all(
            bisect.bisect_left(found, end) > bisect.bisect_left(found, start)
            for found in (self._target, self._actual)
        )

    def first_target(self, start: int, end: int) -> int | None:
        """Where the first target cue in ``[start, end)`` stands, if any."""
        at = bisect.bisect_left(self._target, start)
        return self._target[at] if at < len(self._target) and self._target[at] < end else None

    def all_versus_plan(self, start: int, end: int) -> bool:
        """Whether every result cue in ``[start, end)`` sets a figure against a plan ("tăng 3.850 tỷ đồng so với
        dự toán Trung ương giao"; not a share of one, "bằng 98% kế hoạch", which reports), and there is one."""
        actuals = bisect.bisect_left(self._actual, end) - bisect.bisect_left(self._actual, start)
        versus = bisect.bisect_left(self._versus, end) - bisect.bisect_left(self._versus, start)
        shares = bisect.bisect_left(self._shares, end) - bisect.bisect_left(self._shares, start)
        return actuals > 0 and actuals == versus - shares

    def score(self, start: int = 0, end: int | None = None) -> int:
        """Target cues minus result cues in ``[start, end)``."""
        end = 1 << 62 if end is None else end
        targets = bisect.bisect_left(self._target, end) - bisect.bisect_left(self._target, start)
        actuals = bisect.bisect_left(self._actual, end) - bisect.bisect_left(self._actual, start)
        return targets - actuals


_DAT_RE = re.compile(r"\bdat\b")
_VERSUS_PLAN_CUES = ("so voi du toan", "so voi ke hoach", "so voi muc tieu")
_TARGETS_MET_BEFORE_RE = re.compile(
    r"\b(?:hoan thanh|dat|vuot|dat va vuot|co) (?:\d+/)?\d+ (?:(?:cac )?chi tieu(?: [a-z]+){0,4} )?$"
)


def _reach_written(folded: str, lower: str, start: int, end: int) -> bool:
    """Whether each "dat" of a cue phrase is written "đạt" (reach), not "đặt" (set: "đặt mục tiêu" is a plan's
    words, "đạt mục tiêu" a report's) or "đất"; in a text without diacritics "dat" is taken as "đạt"."""
    if folded.find("dat", start, end) < 0:
        return True
    for m in _DAT_RE.finditer(folded, start, end):
        written = lower[m.start() : m.end()]
        if written != "đạt" and (written != "dat" or lower[start:end] != folded[start:end]):
            return False
    return True


# The year of a quarter ("quý I/2026", "quý 3/2025"; a date's "/2026" is not a year, see _YEAR_TOKEN_RE).
_QUARTER_YEAR_RE = re.compile(r"quy (?:i|ii|iii|iv|[1-4])/(?P<year>19[5-9]\d|20\d\d)(?![\d./])")


def _stated_years(folded: str, start: int = 0, end: int | None = None) -> list[tuple[int, str]]:
    """(offset, year) of each year the text states as a period, in order."""
    end = len(folded) if end is None else end
    found = []
    for m in _YEAR_TOKEN_RE.finditer(folded, start, end):
        before = folded[max(0, m.start() - 16) : m.start()]
        if _YEAR_LEAD_RE.search(before) and not _NOT_PERIOD_LEAD_RE.search(before):
            if _RANGE_END_RE.match(folded, m.end(), end):
                continue  # "kế hoạch 5 năm 2026 - 2030": the plan's period, not the year 2026
            if _LAW_BEFORE_RE.search(folded, max(0, m.start() - 50), m.start()):
                continue  # "chuẩn theo Luật Giáo dục năm 2019": the law's year
            found.append((m.start(), m.group()))
    if folded.find("quy ", start, end) >= 0:
        quarters = [(m.start("year"), m.group("year")) for m in _QUARTER_YEAR_RE.finditer(folded, start, end)]
        if quarters:
            found = sorted(found + quarters)
    return found


# The year of a cut-off date: "Đến hết ngày 31/12/2026, toàn tỉnh đã giải ngân ...", "tính đến hết tháng 11/2026"
_CUTOFF_YEAR_RE = re.compile(
    r"\b(?:den|tinh den|tai thoi diem)(?: het)?(?: (?:ngay \d{1,2}/|thang )| \d{1,2}/)\d{1,2}/(?P<year>(?:19|20)\d\d)(?![\d/])"
)


def cutoff_year(folded: str, start: int, end: int) -> str | None:
    """The year of the first cut-off date in ``folded[start:end]`` ("đến hết ngày 31/12/2026"): the year of the
    results it dates when nothing else gives them one (a term's "lũy kế đến ngày 31/01/2026" stays the term's)."""
    if folded.find("/", start, end) < 0 or (
        folded.find("den", start, end) < 0 and folded.find("thoi diem", start, end) < 0
    ):
        return None
    m = _CUTOFF_YEAR_RE.search(folded, start, end)
    return m.group("year") if m else None


def year_hint(folded: str, start: int = 0, end: int | None = None) -> str | None:
    """The year (or ``YYYY-YYYY`` period) a clause or heading, ``folded[start:end]``, is about, if it says one.

    The words before ``start`` still tell what a year is: in "tăng 18,5% so với | năm 2024 và đạt 112%" the
    words after the bar state no period, the year is a baseline."""
    end = len(folded) if end is None else end
    part = folded[start:end]
    if "giai doan" in part or "nhiem ky" in part or "thoi ky" in part or "nam " in part or "(" in part:
        rng = _YEAR_RANGE_RE.search(folded, start, end)
        if (
            rng
            and rng.group(1) < rng.group(2)
            and not _STANDARD_BEFORE_RE.search(folded, max(0, rng.start() - 30), rng.start())
        ):
            return f"{rng.group(1)}-{rng.group(2)}"
    if (
        " va " in part
        and (pair := _YEAR_PAIR_RE.search(folded, start, end))
        and int(pair[2]) == int(pair[1]) + 1
    ):
        return f"{pair[1]}-{pair[2]}"  # "Phấn đấu năm 2024 và 2025 GRDP tăng trên 8%/năm"
    if ("nam" not in part and "ke hoach" not in part and "quy " not in part) or (
        "19" not in part and "20" not in part
    ):
        return None  # no "năm"/"kế hoạch" before a year: nothing for _stated_years to find
    years = _stated_years(folded, start, end)
    return years[0][1] if years else None


_TITLE_AREA = 400
_PADDING_RE = re.compile(r"[ \t\u00a0]{2,}")


def title_area_end(folded: str) -> int:
    """Where a document's title area ends: ``_TITLE_AREA`` characters, not counting the runs of spaces a
    converter's layout pads a letterhead with (they push the title past the first 400 characters)."""
    end = _TITLE_AREA
    for run in _PADDING_RE.finditer(folded, 0, 2000):
        if run.start() >= end:
            break
        end += run.end() - run.start() - 1
    return min(end, 2000)


# The document type of a plan, on a line of its own or at the start of its title
_PLAN_TITLE_RE = re.compile(
    r"(?:^|\n)\s*(?:(?:ve (?:viec )?(?:ban hanh |thong qua |phe duyet )?)?(?:ke hoach|chuong trinh(?: hanh dong)?|de an)"
    r"|(?:ve (?:viec )?(?:giao |phan bo |quyet dinh )?)?du toan (?:thu|chi|ngan sach))\b"  # "Về dự toán thu ngân sách ..."
    r"(?!.*\b(?:tong ket|so ket|bao cao))"
)


def is_plan_document(folded: str) -> bool:
    """Whether the document's title makes it a plan ("KẾ HOẠCH Thực hiện Chương trình ... năm 2026", a
    "CHƯƠNG TRÌNH HÀNH ĐỘNG", an "ĐỀ ÁN"): what it states without cue words of its own, it plans, however many
    results of the years before it recalls."""
    return _PLAN_TITLE_RE.search(folded, 0, title_area_end(folded)) is not None


def document_period(folded: str) -> str | None:
    """The year a document is mostly about.

    Each stated ``năm YYYY`` counts once, three times in the title area, twice more after a plan word
    (``kế hoạch ... năm 2024``); issue dates and baselines do not count. Ties go to the later year.
    """
    counts: Counter[str] = Counter()
    title_end = title_area_end(folded)
    for start, year in _stated_years(folded):
        weight = 3 if start < title_end else 1
        lead_start = max(0, start - 60)
        lead_start = max(lead_start, *(folded.rfind(stop, lead_start, start) + 1 for stop in ".;)"))
        if _PLAN_LEAD_RE.search(folded, lead_start, start):
            weight += 2  # "kế hoạch năm 2027", not "... vượt kế hoạch. Năm 2026" (another clause's word)
        counts[year] += weight
    if not counts:
        # any year near the top, an issue date's too (a fair guess), but not a baseline ("so với năm 2024")
        for m in _YEAR_TOKEN_RE.finditer(folded, 0, 2000):
            if not _BASELINE_LEAD_RE.search(folded[max(0, m.start() - 16) : m.start()]):
                counts[m.group()] += 1
    if not counts:
        return None
    # "KẾ HOẠCH Phát triển du lịch ... giai đoạn 2026-2030": a plan's title names the term it is for, however often
    # the results of the year before it are stated
    for m in _YEAR_RANGE_RE.finditer(folded, 0, title_end):
        if m.group(1) < m.group(2) and _PLAN_TITLE_RE.search(folded, max(0, m.start() - 200), m.start()):
            return f"{m.group(1)}-{m.group(2)}"
    best = max(counts.values())
    year = max(year for year, n in counts.items() if n == best)
    # "... bố trí 98.500 tỷ đồng vốn đầu tư công trung hạn 2026-2030": a title naming a term that the text names
    # more often than any year is about that term
    # (the whole text is searched for that term's years only: a literal, where _YEAR_RANGE_RE tries every position)
    for m in _YEAR_RANGE_RE.finditer(folded, 0, title_end):
        if m.group(1) >= m.group(2) or m.group().startswith("nam hoc"):
            continue
        named = [t.start() for t in re.finditer(rf"{m.group(1)}\s*[-–]\s*{m.group(2)}", folded)]
        if len(named) >= _TERM_NAMED_MIN and sum(3 if at < title_end else 1 for at in named) > best:
            return f"{m.group(1)}-{m.group(2)}"
    # "Kế hoạch phát triển kinh tế - xã hội 5 năm 2026 - 2030": a plan for the whole term, not for its last year
    term = _YEAR_RANGE_RE.search(folded, 0, title_end)
    if term and term.group(1) < term.group(2) == year:
        return f"{term.group(1)}-{year}"
    return year


_TERM_AREA = 1500
_TERM_NAMED_MIN = 3  # a term the title names, named this often in all, is what the text is about


def document_terms(folded: str) -> tuple[str, ...]:
    """The terms (``YYYY-YYYY``) named at the document's top: "NHIỆM KỲ 2025-2030" in a congress report's title,
    after the letterhead (which can run past the title area)."""
    if "nhiem ky" not in folded[:_TERM_AREA] and "giai doan" not in folded[:_TERM_AREA]:
        return ()
    return tuple(
        dict.fromkeys(
            f"{m.group(1)}-{m.group(2)}"
            for m in _YEAR_RANGE_RE.finditer(folded, 0, _TERM_AREA)
            if m.group(1) < m.group(2) and m.group().startswith(("nhiem ky", "giai doan"))
        )
    )


# A date: "ngày 30 tháng 12 năm 2025", "30/12/2025", "30-12-2025" (two regexes, each led by a literal or a
# class the engine scans for fast: one alternation of both took twice as long).
_WORDED_DATE_YEAR_RE = re.compile(r"ngay \d{1,2} thang \d{1,2} nam ((?:19|20)\d\d)\b")
_NUMERIC_DATE_YEAR_RE = re.compile(r"\d[/.-]\d{1,2}[/.-]((?:19|20)\d\d)\b")
# What makes a date something other than the document's own: a deadline ("trước ngày 15/01/2028"), a period's
# start or end ("từ ngày ...", "đến ngày ..."), a time limit.
_NOT_WRITTEN_ON_RE = re.compile(r"(?:truoc|den|tu|han|cham nhat|sau|ke tu|hieu luc)\s*(?:ngay\s*)?$")
_DATE_AREA = 1500


_BRACKETS_RE = re.compile(r"\([^()]*\)")


def score_in_section(score: int, section_kind: str | None, cues: CueIndex, start: int, end: int) -> int:
    """``score`` (of ``[start, end)``), but none in a section of targets where its only result words set a figure
    against a plan: "2.1. Tổng thu ... là 88.000 tỷ đồng, tăng 3.850 tỷ đồng so với dự toán Trung ương giao" under
    "Điều 2. Dự toán thu ngân sách năm 2026" is a plan set against another plan, not a result."""
    if score < 0 and section_kind == "target" and cues.all_versus_plan(start, end):
        return 0
    return score


def _score_outside_brackets(text: str, cues: CueIndex, start: int, end: int) -> int:
    """A paragraph's cue score without the words in brackets: "đạt 9,2% (Nghị quyết đề ra 9% trở lên)" reports a
    result; the plan it is set against says nothing of what the paragraph is."""
    score = cues.score(start, end)
    if text.find("(", start, end) >= 0 and cues.any(start, end):  # brackets without cues take nothing off
        score -= sum(cues.score(m.start(), m.end()) for m in _BRACKETS_RE.finditer(text, start, end))
    return score


def _is_own_date(folded: str, start: int) -> bool:
    """Whether the date at ``start`` (its day's last digit, or "ngày") is not a deadline or a period's bound."""
    while start > 0 and folded[start - 1].isdigit():
        start -= 1
    return not _NOT_WRITTEN_ON_RE.search(folded, max(0, start - 24), start)


# What a page says it reviews, in its first lines: "hội nghị tổng kết công tác năm 2025", "khép lại năm 2025"
_REVIEWS_YEAR_RE = re.compile(
    r"\b(?:tong ket|khep lai|nhin lai|ket qua(?: thuc hien)?)\b[^.;:\d]{0,60}?\bnam ((?:19|20)\d\d)\b"
)
_REVIEWS_SCHOOL_YEAR_RE = re.compile(
    r"\b(?:tong ket|khep lai|nhin lai|ket qua(?: thuc hien)?)\b[^.;:\d]{0,60}?\bnam hoc ((?:19|20)\d\d)\s*[-–]\s*((?:19|20)\d\d)\b"
)
_PART_OF_YEAR_RE = re.compile(r"\b(?:\d{1,2}|ba|sau|chin|muoi|muoi mot) thang\b|\bquy (?:[ivx]{1,3}|[1-4])\b")
_REVIEW_AREA = 1200


def reviewed_year(folded: str, written_in: str) -> str | None:
    """The year before ``written_in`` when the text's first lines say it reviews that year (a page of January 2026
    on "hội nghị tổng kết công tác năm 2025"): the year its results without a year of their own are of. None for a
    review of part of a year ("9 tháng", "quý I") or of any other year. A school year that ends in ``written_in``
    ("tổng kết năm học 2024-2025" in August 2025) is itself what is reviewed."""
    end = min(len(folded), title_area_end(folded) + _REVIEW_AREA)
    if "nam hoc" in folded[:end]:
        for m in _REVIEWS_SCHOOL_YEAR_RE.finditer(folded, 0, end):
            if m.group(2) == written_in and int(m.group(1)) + 1 == int(m.group(2)):
                return f"{m.group(1)}-{m.group(2)}"  # "tổng kết năm học 2024-2025", written in 2025
    previous = str(int(written_in) - 1)
    if folded.find(previous, 0, end) < 0 or _PART_OF_YEAR_RE.search(folded, 0, end):
        return None
    for m in _REVIEWS_YEAR_RE.finditer(folded, 0, end):
        if m.group(1) == previous:
            return previous
    return None


def document_year(folded: str) -> str | None:
    """The year a document was written in, from the dates at its top (its issue date; a news page's date line).

    The latest of them: the legal bases a resolution cites ("Căn cứ Luật ... ngày 19 tháng 6 năm 2015") are
    older than the resolution itself."""
    years = [
        m.group(1)
        for pattern in (_WORDED_DATE_YEAR_RE, _NUMERIC_DATE_YEAR_RE)
        for m in pattern.finditer(folded, 0, _DATE_AREA)
        if _is_own_date(folded, m.start())
    ]
    return max(years) if years else None


@dataclass(slots=True)
class Paragraph:
    start: int
    end: int
    category: str | None = None
    kind: str | None = None  # "target" / "actual" when the paragraph or its section says so
    section_kind: str | None = None  # what its section's headings say, whatever the paragraph says
    period: str | None = None
    chrome: bool = False
    heading: bool = False
    table: bool = False
    # a line of a table laid out with spaces that holds no values: a group's heading, a name's wrapped line
    table_line: bool = False
    continues_report: bool = False  # no cue words of its own, after a paragraph that only reported results
    # Empty unless the paragraph has a digit (shared empty tuples: most paragraphs have none).
    clauses: Sequence[tuple[int, int]] = ()
    sentences: Sequence[tuple[int, int]] = ()


_ITEM_NUMBER_RE = re.compile(r"(?<![\d/.])(?!(?:19|20)\d\d\b)\d")
_MONTHS_RE = re.compile(r"\b\d{1,2} thang\b")


def _is_heading(folded_line: str, raw_line: str) -> bool:
    stripped = raw_line.strip().strip("*#_ ").strip()
    if not stripped or len(stripped) > 110:
        return False
    if raw_line.lstrip().startswith(("#", "**")):
        return True
    mark = _HEADING_MARK_RE.match(folded_line.strip())
    if not mark:
        return False
    if stripped.endswith((".", ";")) and (
        len(stripped.split()) > 7 or _ITEM_NUMBER_RE.search(folded_line.strip(), mark.end())
    ):
        return False  # "1. Tốc độ tăng trưởng kinh tế đạt mức khá.", "2. Giảm 10 hộ nghèo.": list items
    # A numbered list item that states a figure is not a heading.
    return not re.search(r"\d\s*(?:%|‰|ty|trieu|nghin|ngan|ha\b)", folded_line)


# "(theo chuẩn nghèo đa chiều giai đoạn 2026 - 2030)": the term a standard is for, not the figure's period
_STANDARD_BEFORE_RE = re.compile(r"\bchuan(?: ngheo)?(?: da chieu)?(?: (?:ap dung )?cho)?\s*$")
_LABEL_YEAR_RE = re.compile(r"\b(?:muc tieu|chi tieu|nhiem vu)\s+((?:19|20)\d\d)\b")  # "MỤC TIÊU 2026:"
_AHEAD_TITLE_RE = re.compile(
    r"(?:huong (?:toi|den)|tam nhin|dinh huong|muc tieu|chi tieu|ke hoach|nhiem vu(?: trong tam)?)(?: (?:den|toi))?"
    r"(?: nam hoc| nam)? ((?:19|20)\d\d(?:\s*[-–]\s*(?:19|20)\d\d)?)"
)
_TARGETS_YEAR_RE = re.compile(
    r"\b(?:chi tieu|muc tieu|nhiem vu|ke hoach)(?: (?:\w+|-)){0,6}? nam ((?:19|20)\d\d)\b"
)
_QUESTION_RE = re.compile(r"\s*(?:pv|phong vien|hoi)\s*:")
_BARE_MARK_RE = re.compile(r"(?:phan|chuong|muc) (?:thu \w+|[ivx]{1,4}|\d{1,2})|[a-z]|[ivx]{1,4}")
_OPENING_MARK = r"[\W\d_]*(?:(?:[ivx]{1,4}|[a-z]|phan thu \w+|dieu \d+)[.):\-–]?\s*)?"  # "II. ", "III- ", "Điều 2. ", "b) "
# A heading or label that opens with what is planned: "I. MỤC TIÊU", "II. NHIỆM VỤ NĂM 2027", "MỤC TIÊU 2026:".
_PLAN_HEADING_RE = re.compile(
    _OPENING_MARK + r"(?:cac |nhung )?(?:muc tieu|chi tieu|nhiem vu|phuong huong|du toan|ke hoach)\b"
)
# A numbered item that reviews ("2. Đánh giá kết quả ...", "1. Tán thành ... kết quả thực hiện Nghị quyết ...")
_REVIEW_ITEM_RE = re.compile(
    r"(?:\d{1,2}|[ivx]{1,4})[.)] .{0,80}?\b(?:danh gia (?:ket qua|tinh hinh)|ket qua thuc hien|tinh hinh thuc hien)\b"
)
# A heading that opens with what was done: "I. TÌNH HÌNH THỰC HIỆN KẾ HOẠCH NĂM 2026", "1. Kết quả thực hiện các
# chỉ tiêu", "ĐÁNH GIÁ KẾT QUẢ ..." (its plan words name what the results are of)
_RESULT_HEADING_RE = re.compile(_OPENING_MARK + r"(?:tinh hinh|ket qua|danh gia)\b")
_RELATED_HEADLINE_MAX = 200
_RECIPIENT_RE = re.compile(r"\s*[-+•*]")


@dataclass(slots=True)
class _Section:
    """What a heading says of the text under it, down to the next heading of its level or a higher one."""

    level: int
    category: str | None = None
    kind: str | None = None
    period: str | None = None
    plan_period: str | None = None  # "kết quả năm 2026 và nhiệm vụ năm 2027": the year of the plans under it


# The year a heading names for what is planned, after the one it names for results ("Thông qua đánh giá kết quả
# năm 2026 và nhiệm vụ năm 2027")
_PLAN_YEAR_RE = re.compile(
    r"\b(?:nhiem vu|ke hoach|phuong huong|muc tieu)\b[^.;:]{0,40}?\bnam ((?:19|20)\d\d)\b"
)


# A heading that only names targets, with no plan word of its own
_TARGETS_NAMED_HEADING_RE = re.compile(
    r"\W*(?:\d{1,2}(?:\.\d{1,2})*\.?|[a-zđ][.)]|[ivx]{1,4}[.)])?\s*(?:mot so |cac |nhung |ve )?"
    r"(?:nhom )?chi tieu(?: chu yeu| co ban| kinh te(?:\s*-\s*xa hoi)?| xa hoi| moi truong| ve [^.;:\d]{2,60})?\W*"
)


def _plan_period(stack: list[_Section]) -> str | None:
    """The plan year of the innermost heading naming both a result year and a plan year, if no heading inside it
    names a year of its own."""
    for section in reversed(stack):
        if section.plan_period is not None:
            return section.plan_period
        if section.period is not None:
            return None
    return None


def _innermost(stack: list[_Section], attribute: str) -> str | None:
    for section in reversed(stack):
        value = getattr(section, attribute)
        if value is not None:
            return value  # type: ignore[no-any-return]
    return None


def unwrap(text: str, blocks: list[tuple[int, int]], *copies: str) -> tuple[str, ...]:
    """``copies`` of ``text`` (same length: folded, lower-cased) with the line breaks inside its blocks made
    spaces, so that words a PDF or an OCR wrapped ("trong" / "đó:", "phấn" / "đấu") read as written."""
    breaks = []
    for start, end in blocks:
        at = text.find("\n", start, end)
        while at >= 0:
            breaks.append(at)
            if at > start and text[at - 1] == "\r":
                breaks.append(at - 1)
            at = text.find("\n", at + 1, end)
    if not breaks:
        return copies
    breaks.sort()
    out = []
    for copy in copies:
        pieces, previous = [], 0
        for at in breaks:
            pieces += (copy[previous:at], " ")
            previous = at + 1
        pieces.append(copy[previous:])
        out.append("".join(pieces))
    return tuple(out)


def _lead_in_start(line_folded: str, start: int) -> int:
    """Where the sentence that a line's closing colon ends starts (``start`` is the line's offset): "Nghị quyết
    xác định 22 chỉ tiêu. Sau một năm, có 13 chỉ tiêu đạt. Cụ thể:" lists results, whatever its first sentence
    says. A bare "Cụ thể:" or "như sau:" is read with the sentence before it."""
    body = line_folded.rstrip()
    last = body.rfind(". ")
    if last < 0:
        return start
    if len(body) - last < 30:  # "... . Cụ thể:": the lead-in is the sentence before
        before = body.rfind(". ", 0, last)
        return start + (before + 2 if before >= 0 else 0)
    return start + last + 2


def split_paragraphs(
    text: str, folded: str, cues: CueIndex, blocks: list[tuple[int, int]] | None = None
) -> list[Paragraph]:
    """Lines with their section context; chrome lines are flagged so no figure is read from them.

    Headings nest by their marks (``Phần``/``Điều`` over ``A.`` over ``I.`` over ``1.`` over ``1.1.`` over
    ``a)``): a heading says the category, kind and period of the lines under it, and what it does not say
    they take from the headings it stands under. "B. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2027" then "1. Về kinh tế"
    gives kinh tế targets for 2027; the next "B."-level heading ends both."""
    paragraphs: list[Paragraph] = []
    stack = [_Section(-1)]  # the document's own level, never closed
    marked_seen = False
    titled: _Section | None = None  # a heading that is only its mark, waiting for its title line
    reporting = False  # whether the last prose paragraph with cue words only reported results
    # the year of the targets the last prose paragraph listed after a colon ("... các mục tiêu năm 2026: A; B."),
    # while the paragraphs after it go on listing them
    plan_year: str | None = None
    related = False  # under "Tin liên quan": other articles' headlines, until a paragraph of text
    recipients = False  # under "Nơi nhận:": the list of who gets a copy, line by line
    spaced_table = False  # the paragraph before was a row of a table laid out with spaces
    row_indent = 0  # how far that row's first cell stands from the line's start
    row_separator: str | None = None  # what parts the cells of the last table row ("|", a tab)
    for start, end in text_blocks(text) if blocks is None else blocks:
        line = text[start:end]
        line_folded = folded[start:end]
        para = Paragraph(start=start, end=end)
        if spaced_table and not is_table_row(line):
            if (_is_table_line(line) or _is_wrapped_name(line, row_indent)) and not (
                _MARKED_HEADING_RE.match(line)
                and paragraphs
                and text.count("\n", paragraphs[-1].end, start) > 1
                # (not a group's row under the columns' numbers a page repeats at its top: "(1)  (2) ..." /
                # "" / " III. GIẢM NGHÈO")
                and not is_numbering_row(
                    _SPACED_CELL_RE.findall(text, paragraphs[-1].start, paragraphs[-1].end)
                )
            ):  # (a heading after a blank line, "   II. KẾ HOẠCH NĂM 2026", ends the table above it)
                para.table = para.table_line = True
                paragraphs.append(para)
                continue
            spaced_table = False
        if related and len(line_folded) < _RELATED_HEADLINE_MAX:
            para.chrome = True
            paragraphs.append(para)
            continue
        if recipients and len(line_folded) < _RELATED_HEADLINE_MAX and _RECIPIENT_RE.match(line_folded):
            para.chrome = True  # "- UBND 12 huyện, thành phố;": who gets a copy
            paragraphs.append(para)
            continue
        recipients = line_folded.lstrip().startswith("noi nhan")
        related = (
            len(line_folded) < 60
            and ("tin" in line_folded or "bai" in line_folded or "them" in line_folded)
            and bool(RELATED_HEADING_RE.match(line_folded))
        )
        if related or (len(line_folded) < 160 and _CHROME_RE.search(line_folded)):
            para.chrome = True
            paragraphs.append(para)
            continue
        if titled is not None:
            section, titled = titled, None
            if (
                not is_table_row(line)
                and len(line_folded) < 160
                # (a count of months is no figure: "... 6 THÁNG ĐẦU NĂM 2026")
                and not _ITEM_NUMBER_RE.search(_MONTHS_RE.sub("", line_folded))
            ):
                # "TÌNH HÌNH THỰC HIỆN KẾ HOẠCH NĂM 2026" under "Phần thứ nhất": the part's title
                score = cues.score(start, end)
                if _PLAN_HEADING_RE.match(line_folded) and not cues.any(start, end):
                    score = 1
                section.category = category_of(line_folded) or section.category
                section.kind = ("target" if score > 0 else "actual") if score else section.kind
                section.period = year_hint(line_folded) or section.period
                para.heading = True
                paragraphs.append(para)
                continue
        label = _LABEL_RE.match(line_folded) if ("ve " in line_folded or ":" in line_folded) else None
        label_words = (label.group(1) or label.group(2) or label.group(3)) if label else ""
        if is_table_row(line):
            para.table = True
            spaced_table = (separator := cell_separator(line)) is None
            row_separator = separator
            row_indent = len(line) - len(line.lstrip(" \u00a0"))
        elif row_separator and paragraphs and paragraphs[-1].table and row_separator in line:
            para.table = True  # "I | CHĂN NUÔI" between rows of four "|": a group row of the same table
        elif _is_heading(line_folded, line):
            para.heading = True
            level = _heading_level(line_folded, line)
            score = cues.score(start, end)
            if not score and _PLAN_HEADING_RE.match(line_folded) and not cues.any(start, end):
                score = 1  # "I. MỤC TIÊU", "II. NHIỆM VỤ NĂM 2027": what follows is planned
            elif score >= 0 and _RESULT_HEADING_RE.match(line_folded):
                score = -1  # "I. TÌNH HÌNH THỰC HIỆN KẾ HOẠCH NĂM 2026": the plan's results
            if (
                score > 0
                and _TARGETS_NAMED_HEADING_RE.fullmatch(line_folded)
                and _innermost(stack, "kind") == "actual"
            ):
                score = 0  # "2. Một số chỉ tiêu chủ yếu" under "I. KẾT QUẢ THỰC HIỆN": the results of those targets
            section = _Section(
                level,
                category_of(line_folded),
                ("target" if score > 0 else "actual") if score else None,
                year_hint(line_folded),
            )
            if (
                section.period
                and (plan := _PLAN_YEAR_RE.search(line_folded))
                and plan.group(1) > section.period
            ):
                section.plan_period = plan.group(1)
            if level == _UNMARKED and len(stack) == 1 and not marked_seen:
                # the document's title ("Về kế hoạch bảo vệ môi trường giai đoạn 2026-2030"): says what the
                # whole document is about, under whatever headings follow
                root = stack[0]
                root.category = section.category or root.category
                root.kind = section.kind or root.kind
                root.period = section.period or root.period
            else:
                marked_seen = marked_seen or level < _UNMARKED
                while stack[-1].level >= level:
                    stack.pop()
                stack.append(section)
                if _BARE_MARK_RE.fullmatch(line_folded.strip(" .:*#")):
                    titled = section  # "Phần thứ nhất" alone: its title is on the next line
        elif (
            len(line_folded) < 400
            and line_folded[:1].isalnum()
            and _REVIEW_ITEM_RE.match(line_folded)
            and (level := _heading_level(line_folded, line)) < _SMALL_LETTER_LEVEL
            and cues.score(start, end) < 0
        ):
            # "1. Tán thành ... đánh giá kết quả thực hiện Nghị quyết ..., nhiệm kỳ 2010 - 2015 ...": an item of a
            # resolution that opens its review, whose "a) Về kinh tế" lists below report that term's results
            while stack[-1].level >= level:
                stack.pop()
            stack.append(_Section(level, None, "actual", year_hint(line_folded)))
        elif label and label.group().endswith(","):
            # "Về xã hội, phấn đấu ...": prose about one section; the paragraphs after it may be about another
            para.category = category_of(label_words)
        elif label:
            stack[-1].category = category_of(label_words) or stack[-1].category
        elif (":" in line_folded[:14] and _QUESTION_RE.match(line_folded)) or line_folded.rstrip().endswith(
            "?"
        ):
            # an interviewer's question ("PV: Năm 2027, tỉnh đặt ra những mục tiêu gì?") says what the answer
            # after it is about: its year, and results or targets
            score = cues.score(start, end)
            stack[-1].kind = ("target" if score > 0 else "actual") if score else stack[-1].kind
            stack[-1].period = year_hint(line_folded) or stack[-1].period
        elif line_folded.rstrip().endswith(":"):
            lead_in = _lead_in_start(line_folded, start)
            score = score_in_section(cues.score(lead_in, end), stack[-1].kind, cues, lead_in, end)
            if not score and _PLAN_HEADING_RE.match(line_folded) and not cues.any(start, end):
                score = 1  # "MỤC TIÊU 2026:"
            if score:
                stack[-1].kind = "target" if score > 0 else "actual"
            if len(line_folded) < 80:  # a label ("MỤC TIÊU 2026:", "Kế hoạch năm 2027:"), not a sentence
                label_year = _LABEL_YEAR_RE.search(line_folded)
                stack[-1].period = (
                    year_hint(line_folded) or (label_year and label_year.group(1)) or stack[-1].period
                )
            elif score > 0 and (targets_year := _TARGETS_YEAR_RE.search(line_folded)):
                # "... đề nghị các sở, ngành thực hiện đạt và vượt các chỉ tiêu năm 2026 đã được HĐND tỉnh thông
                # qua ... Cụ thể:": the year of the targets the list below gives
                stack[-1].period = targets_year.group(1)
        elif len(line_folded) < 60 and (ahead := _AHEAD_TITLE_RE.fullmatch(line_folded.strip(" .*#\n"))):
            # "Hướng tới năm 2030", "Mục tiêu đến năm 2030" on a line of its own (a news page's subheading): what
            # follows is planned for that year
            stack[-1].kind, stack[-1].period = "target", ahead.group(1).replace(" ", "").replace("–", "-")
        if len(stack) == 1:  # no heading yet: the document's own level (the common case, without the walk)
            root = stack[0]
            section_category, section_kind, section_period = root.category, root.kind, root.period
        else:
            section_category = _innermost(stack, "category")
            section_kind = _innermost(stack, "kind")
            section_period = _innermost(stack, "period")
            if section_kind == "target" and (plan_period := _plan_period(stack)):
                section_period = plan_period  # "III. NHIỆM VỤ, GIẢI PHÁP" under "... kết quả năm 2026 và nhiệm vụ năm 2027"
        para.category = para.category or section_category
        score = score_in_section(
            _score_outside_brackets(text, cues, start, end), section_kind, cues, start, end
        )
        para.section_kind = section_kind
        para.kind = ("target" if score > 0 else "actual") if score else section_kind
        if para.heading or para.table or _LIST_START_RE.match(line):
            reporting = False
        elif score:
            reporting = score < 0 and cues.one_sided(start, end)
        elif reporting and section_kind is None and not year_hint(line_folded):
            # "Năm qua, GRDP tăng 7,2%..." then "Tỷ lệ hộ nghèo còn 4,1%.": the report goes on in the
            # paragraph after, which has no cue words and no year of its own
            para.kind, para.continues_report = "actual", True
        para.period = section_period
        if plan_year is not None:
            if para.heading or para.table or score < 0 or year_hint(line_folded):
                plan_year = None
            elif section_kind != "actual":
                # "Nghị quyết đề ra các chỉ tiêu năm 2026: ..." then "Số người tập thể dục thường xuyên đạt 38%; ...",
                # "Tỉnh cũng đặt mục tiêu cắt giảm ít nhất 15% ...": the list goes on, for that year
                para.kind, para.period = "target", plan_year
        if (
            score > 0
            and not para.heading
            and (colon := line_folded.find(":")) > 0
            and (targets_year := _TARGETS_YEAR_RE.search(line_folded, 0, colon))
        ):
            plan_year = targets_year.group(1)
        if _DIGIT_RE.search(text, start, end):  # no number, no figure: skip the clause work
            breaks = _breaks(text, start, end)
            para.clauses = _between(breaks, start, end)
            para.sentences = _between([b for b in breaks if b[2]], start, end)
        paragraphs.append(para)
    return paragraphs


_WRAP_END_CHARS = frozenset('.:;!?…”"*|')  # a line ending in one of these (before white space) is complete
_LIST_START_RE = re.compile(r"\s*(?:[-–•*+]|\(?\d{1,2}(?:\.\d{1,2})*[.)]|\(?[a-zđ]\)|[IVX]{1,4}[.\-])\s")


def text_blocks(text: str) -> list[tuple[int, int]]:
    """Non-blank lines, with hard-wrapped lines of PDF and OCR text joined back into one block.

    A line continues the previous one when that one ends without punctuation and this one starts in
    lower case, or with a number after a word (not a list item, ``2.1.`` included); the newline between
    them is then just white space inside the block.
    """
    blocks: list[tuple[int, int]] = []
    pos, previous_open, previous_word_end, previous_comma, previous_clause_end = 0, False, False, False, False
    brackets, previous_dash, previous_scale, in_table = 0, False, False, False
    for raw_line in text.splitlines(keepends=True):
        line = raw_line.rstrip("\r\n")
        start, end = pos, pos + len(line)
        pos += len(raw_line)
        stripped = line.strip()
        if not stripped:
            previous_open = False
            continue
        wrapped = previous_open and (
            stripped[0].islower()
            or previous_comma  # "(Quảng Bình cũ 7,9%," / "Quảng Trị cũ 7,2%)": a name wrapped after a comma
            or (stripped[0].isdigit() and previous_word_end and not _MONTHS_OPENING_RE.match(stripped))
            # "(tỉnh Gia" / "Lai cũ ...)": a bracket still open
            or brackets > 0
            # "tăng 6,9%/năm" / "(tỉnh Gia Lai cũ 6,5%/năm, ...)"
            # (not a news lead's source tag: "(CTTĐT) - Năm 2025, ..." under its headline)
            or (stripped[0] == "(" and not previous_dash and not _SOURCE_TAG_RE.match(stripped))
            # "đạt 10 -" / "11%/năm": a range wrapped at its dash
            or (stripped[0].isdigit() and previous_dash)
            # "đạt 25 tỷ" / "USD, trong đó ...": a unit wrapped after its scale
            or previous_scale
        )
        # "... ký số đạt 99,1%;" / "100% xã, phường có ...": a full line wrapped after a clause's ";"
        after_clause = previous_clause_end and (stripped[0].islower() or stripped[0].isdigit())
        continues = (
            (wrapped or after_clause)
            and not _LIST_START_RE.match(line)
            and not is_table_row(line)
            and len(stripped) > 3
        )
        if continues:
            blocks[-1] = (blocks[-1][0], end)
        elif line.count("|") >= 3 and (cells := _layout_cells(text, start, end)) is not None:
            blocks += cells  # a page laid out in a table: each cell is a block of its own
        else:
            blocks.append((start, end))
        # the brackets the block leaves open so far
        brackets = (brackets if continues else 0) + stripped.count("(") - stripped.count(")")
        # (a short line that ends a wrapped block is still that block's: "... được kiên" / "cố hóa lên trên" / "80%.")
        last_char = stripped[-1]
        previous_open = (len(stripped) > 25 or brackets > 0 or continues) and last_char not in _WRAP_END_CHARS
        # a table's row, or a line laid out in cells under one ("tính   hiện năm   năm 2026   đến năm" under a
        # header): the line below does not continue it (tested only where it would: a row is seldom short)
        in_table = previous_open and (
            is_table_row(line)
            or (
                in_table
                # (a remark's line, far right)
                and (
                    _CELL_GAP_RE.search(stripped) is not None
                    or len(line) - len(line.lstrip()) > _WRAP_MARGIN_MAX
                )
            )
        )
        previous_open = previous_open and not in_table
        previous_dash = (
            len(stripped) > 2
            and stripped[-1] in "-–"
            and (stripped[-2].isdigit() or (stripped[-2] == " " and stripped[-3].isdigit()))
        )  # "đạt 10 -" or an OCR's "25-"
        # "... đạt" + "1.950 tỷ đồng": a number wrapped to the next line continues a line that ends in a word
        previous_word_end = last_char.isalpha()
        previous_clause_end = (
            last_char == ";"
            and len(line) >= _FULL_LINE_MIN
            and not in_table
            and not _LIST_START_RE.match(line)
            and not line.startswith((" ", "\u00a0"))
        )
        previous_comma = last_char == ","
        previous_scale = last_char in "ỷỉun" and bool(_SCALE_END_RE.search(stripped))
    return blocks


_SOURCE_TAG_RE = re.compile(r"\([^\s()]{2,30}\)\s?[-–—]\s")
_FULL_LINE_MIN = 80  # a line of a text hard-wrapped at its width (an OCR's, a converter's) is about this long
_SCALE_END_RE = re.compile(r"\d\s+(?:tỷ|tỉ|triệu|nghìn|ngàn)$")
_CELL_GAP_RE = re.compile(r"\S[ \u00a0]{4,}\S")


# A line opening with a count of months ("10 tháng năm 2026, tổng sản lượng ...") starts a sentence: it does not
# continue the headline above it.
_MONTHS_OPENING_RE = re.compile(r"\d{1,2} tháng\b", re.IGNORECASE)
_LAYOUT_CELL_MIN = 160  # a data table's cell (an indicator's name, a value) is shorter than this


def _layout_cells(text: str, start: int, end: int) -> list[tuple[int, int]] | None:
    """The non-empty cells of a ``| ... | ... |`` row that lays a page out rather than holding data, or None.

    Old portals put the menu, the article and a sidebar in the cells of one table, which HTML-to-text turns
    into one row: a cell that holds prose (a long text with a sentence or clause break in it) tells it."""
    cells = [(a, b) for a, b in split_cells(text, start, end) if b > a]
    prose = any(
        b - a >= _LAYOUT_CELL_MIN and (text.find(". ", a, b) >= 0 or text.find("; ", a, b) >= 0)
        for a, b in cells
    )
    return cells if prose else None


_PART_MARK_RE = re.compile(
    r"(?:phan (?:thu \w+|[ivx]{1,4}\b|\d{1,2}\b)|chuong [ivx\d]{1,4}\b|dieu \d{1,3}\b)"
)
_LETTER_MARK_RE = re.compile(r"[A-ZĐ]\s*[.\-/)]\s")
_ROMAN_MARK_RE = re.compile(r"[ivx]{1,4}\s*[.\-/)]")
_NUMBER_MARK_RE = re.compile(r"\d{1,2}((?:\.\d{1,2})*)\.?(?=\s)")
_SMALL_LETTER_MARK_RE = re.compile(r"[a-zđ][.)]")


def _heading_level(folded_line: str, raw_line: str) -> int:
    """How deep a heading stands: 0 ``Phần thứ nhất``/``Chương I``/``Điều 2``, 1 ``A.``, 2 ``I.``, 3 ``1.``,
    4 ``1.1.`` (one more per number), 7 ``a)``, 8 (``_UNMARKED``) a heading without a mark (``Về kinh tế``). A Markdown
    heading is as deep as its ``#`` say (``#`` 0, ``##`` 1, ...), whatever its mark."""
    raw = raw_line.strip()
    hashes = len(raw) - len(raw.lstrip("#"))
    if hashes:
        return hashes - 1  # Markdown says the structure itself ("## VỀ KẾ HOẠCH ..." over "### Điều 1.")
    raw = raw.lstrip("*").strip()
    folded = folded_line.strip().lstrip("*").strip()
    if _PART_MARK_RE.match(folded):
        return 0
    if _LETTER_MARK_RE.match(raw) and not _ROMAN_MARK_RE.match(folded):
        return 1
    if _ROMAN_MARK_RE.match(folded):
        return 2
    if m := _NUMBER_MARK_RE.match(folded):
        return 3 + m.group(1).count(".")
    if _SMALL_LETTER_MARK_RE.match(folded):
        return _SMALL_LETTER_LEVEL
    return _UNMARKED


_SMALL_LETTER_LEVEL = 7  # "a)": an item of a list as much as a section
_UNMARKED = 8


def _breaks(text: str, start: int, end: int) -> list[tuple[int, int, bool]]:
    """Clause breaks as ``(start, end, ends_sentence)``."""
    found = []
    for m in _BREAK_RE.finditer(text, start, end):
        if m.lastgroup == "stop":
            if _starts_sentence(text, m.end()):
                found.append((m.start(), m.end(), True))
        else:
            found.append((m.start(), m.end(), False))
    if text.find("(", start, end) >= 0 and (markers := _marker_breaks(text, start, end)):
        found = sorted(found + markers)
    if text.find("phấn đấu", start, end) >= 0 or text.find("mục tiêu", start, end) >= 0:
        # "đạt 24,6% (kế hoạch 25%), năm 2027 phấn đấu đạt 27%": the next year's target is a clause of its own
        commas = [
            (m.start(), m.start() + 1, False)
            for m in _TARGET_AFTER_COMMA_RE.finditer(text, start, end)
            if m.group("year")
            or _states_a_figure(text, max([start] + [b[1] for b in found if b[1] <= m.start()]), m.start())
        ]  # (", tỉnh phấn đấu ..." only after a figure: "Năm nay, tỉnh phấn đấu ..." is one clause)
        found = sorted(found + commas)
    return found


_TARGET_AFTER_COMMA_RE = re.compile(
    r",(?=\s*(?:(?P<year>(?:năm|đến năm|trong năm) \d{4},?\s*(?:tỉnh |toàn tỉnh |xã |toàn xã )?(?:phấn đấu|mục tiêu)"
    r"|(?:phấn đấu|mục tiêu) (?:đến |trong )?năm \d{4})|(?:tỉnh|toàn tỉnh|xã|toàn xã|thành phố) phấn đấu\b))",
    re.IGNORECASE,
)
_NUMBER_RE = re.compile(r"\d+(?:[.,]\d+)*")


def _states_a_figure(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` has a number that is not a bare year."""
    return any(not _YEAR_TOKEN_RE.fullmatch(m.group()) for m in _NUMBER_RE.finditer(text, start, end))


def _marker_breaks(text: str, start: int, end: int) -> list[tuple[int, int, bool]]:
    """The white space before each inline list marker: before its bracket, and before a dash that leads it."""
    found = []
    for m in _MARKER_RE.finditer(text, start, end):
        bracket = m.start()
        if bracket - 1 >= start and text[bracket - 1].isspace():  # " (2)"
            found.append((bracket - 1, bracket, False))
        dash = bracket - 1
        while dash >= start and text[dash].isspace():
            dash -= 1
        if dash - 1 >= start and text[dash] == "-" and text[dash - 1].isspace():  # " - (2)", " -(2)"
            found.append((dash - 1, dash, False))
    return sorted(found)


def _between(breaks: list[tuple[int, int, bool]], start: int, end: int) -> list[tuple[int, int]]:
    spans, cursor = [], start
    for b_start, b_end, _ in breaks:
        if b_start > cursor:
            spans.append((cursor, b_start))
        cursor = max(cursor, b_end)
    if cursor < end:
        spans.append((cursor, end))
    return spans
