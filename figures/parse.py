"""From Vietnamese target prose to figures.

The reading is in three passes over one text (table rows go to :mod:`figures.tables` instead):

1. :mod:`figures.segment` splits it into paragraphs (with section category, kind and period context) and
   clauses, and flags page chrome;
2. :func:`figures.candidates.find_candidates` scans every number once and keeps those that state a
   quantity: a number (or a range, or an ``X/Y`` fraction) followed by a unit, and not a date, a year, a
   document number, list numbering, a session number or a count of policy documents;
3. :func:`_assemble` reads each kept number in its clause: the indicator words before it (or after it, in
   ``42% số trường mầm non``), comparator and direction words, target/actual/progress cues, the period and
   the ``trong đó`` parent.

All keyword tests run on a folded copy of the text of the same length (lower case, no diacritics), so every
offset found there is an offset into the original and ``text[start:end] == quote`` holds by construction.
"""

from __future__ import annotations

import bisect
import re
from operator import itemgetter

from figures.candidates import Candidate, find_candidates
from figures.catalog import Catalog, Match, default_catalog, unit_kind
from figures.catalog_text import normalise
from figures.model import Figure
from figures.numbers import fix_ocr_digits
from figures.segment import (
    CueIndex,
    Paragraph,
    category_of,
    clean_layout,
    cutoff_year,
    document_period,
    document_terms,
    document_year,
    is_plan_document,
    reviewed_year,
    score_in_section,
    split_paragraphs,
    text_blocks,
    unwrap,
    year_hint,
)
from figures.tables import TableState, read_row, read_table_line, spanning_line
from figures.text import fold_keep_length
from figures.units import is_per_year

# A phrase added here must be added to _COMPARATOR_PHRASES below, which is tested first.
_COMPARATOR_BEFORE: tuple[tuple[str, re.Pattern[str]], ...] = (
    (">=", re.compile(r"(?:^|[\s(])khong (?:duoi|it hon|thap hon|nho hon|kem hon)\s*$")),
    (
        "<=",
        re.compile(
            r"(?:^|[\s(])(?:khong (?:qua|vuot qua|vuot|tren|hon|cao hon|lon hon)|toi da|nhieu nhat)\s*$"
        ),
    ),
    (">=", re.compile(r"(?:^|[\s(])(?:it nhat|toi thieu|tu|dat va vuot|dat hoac vuot)\s*$")),
    ("<", re.compile(r"(?:^|[\s(])(?:con duoi|duoi|thap hon|it hon|chua den)\s*$")),
    (">", re.compile(r"(?:^|[\s(])(?:tren|hon|vuot|cao hon|lon hon|vuot muc|vuot moc|vuot tren)\s*$")),
    (
        "~",
        re.compile(
            r"(?:^|[\s(])(?:khoang|gan|xap xi|chung|tren duoi|uoc(?: ca nam)?(?: (?:dat|tinh|tang|giam|thuc hien|khoang|don|thu|chi|co|con|chiem|la))?"
            r"|uoc tinh (?:dat|tang|giam)|(?<!xung )quanh(?: muc)?|dao dong (?:quanh(?: muc)?|o muc))\s*$"
        ),
    ),
)
# Every phrase the patterns above can end a text with: a text ending otherwise needs no regex search.
_COMPARATOR_PHRASES = (
    "khong duoi", "khong it hon", "khong thap hon", "khong nho hon", "khong kem hon",
    "khong qua", "khong vuot qua", "khong vuot", "khong tren", "khong hon", "khong cao hon", "khong lon hon",
    "toi da", "nhieu nhat", "it nhat", "toi thieu", "tu", "con duoi", "duoi", "thap hon", "it hon", "chua den",
    "tren", "hon", "vuot", "cao hon", "lon hon", "vuot muc", "vuot tren", "khoang", "gan", "xap xi", "chung", "tren duoi",
    "uoc", "uoc dat", "uoc tinh", "uoc tang", "uoc giam", "uoc thuc hien", "uoc khoang", "uoc tinh dat",
    "uoc tinh tang", "uoc tinh giam", "vuot moc", "uoc don", "uoc thu", "uoc chi", "uoc co", "uoc con",
    "uoc chiem", "uoc la", "uoc ca nam", "ca nam dat", "ca nam tang", "ca nam giam", "ca nam con", "ca nam khoang",
    "quanh", "quanh muc", "dao dong o muc",
)  # fmt: skip
_ESTIMATE_BEFORE = re.compile(
    r"(?:^|[\s(])uoc(?: ca nam| thuc hien(?: ca nam)?| tinh ca nam)?(?: (?:chi|moi|van|cung))?"
    r"(?: (?:dat|tinh|tang|giam|khoang|con|chiem|thu|co|don|len|xuong))?\s*$"
)
# "đã giải ngân 2.150 tỷ đồng", "đã lấp đầy 85%": done, a result (but "đã được giao", "đã đề ra" name a plan)
_DONE_BEFORE = re.compile(r"(?:^|\s)đã (?!được giao|đề ra|đặt ra|xác định|thông qua)\S+(?: \S+){0,3}\s*$")
_AT_LEAST_AFTER = re.compile(r"\s*(?:tro len|tro len tren)\b")
_AT_MOST_AFTER = re.compile(r"\s*tro xuong\b")
_AT_LEAST_LATER_RE = re.compile(r"(?:\s+[a-z]+){1,5}?\s+tro len\b")
_AT_LEAST_NEAR_RE = re.compile(r"(?:\s+[a-z]+){1,2}?\s+tro len\b")
_RATING_WORDS = frozenset("kha tot gioi sao loai muc hang diem".split())  # "... khá trở lên" rates
_AT_LEAST_WORDS_RE = re.compile(r"\s*\btrở lên\b", re.IGNORECASE)
_VS_PLAN_AFTER = re.compile(
    r"\s*(?:\)\s*)?(?:so voi\s+|cua\s+)?(?:muc tieu|ke hoach|kh\b|du toan|chi tieu|nghi quyet|nq\b)"
)
_VS_LAST_YEAR_AFTER = re.compile(r"\s*(?:so voi\s+)?(?:cung ky|nam truoc|cung thoi diem)")
_PROGRESS_VERB_BEFORE = re.compile(
    r"(?:^|[\s,(])(?:bang|dat|vuot|dat duoc|hoan thanh|moi dat|tuong duong|tuong duong voi)\s*(?:tren\s*|duoi\s*)?$"
)
_NAMED_QUOTA_RE = re.compile(
    r"\s*chi tieu\s+(?!(?:nam|ke hoach|de ra|giao(?! quan)|nghi quyet|nq|tren|cua|chinh phu|thu tuong|trung uong|tw"
    r"|tinh|hdnd|hoi dong|ubnd|uy ban|duoc giao|cap tren)\b)[a-z]"  # not "chỉ tiêu Chính phủ giao": who set it
)
_COMPLETE_BEFORE_RE = re.compile(r"(?:^|[\s,(])hoan thanh\s*$")
_PLAN_BEFORE = re.compile(
    r"(?:/|\b)kh\b[^\d]{0,12}$|(?<!dat )\byeu cau(?: la| dat)?\s*$"
    r"|\b(?:vuot|so voi|(?:thap|cao) hon(?: so voi)?|(?:chua|khong) dat) (?:muc tieu|chi tieu)(?: nghi quyet| nq| de ra| ca nam| nam \d{4})?\s*(?:la\s*)?"
    r"(?:(?:tang|giam)\s*)?(?:(?:tren|duoi|khoang|tu|it nhat|khong qua)\s*)?$"
    r"|\bke hoach von\b(?:[^\d;:()]|\d{4}\b){0,40} giao(?: la)?\s*:?\s*$|/\s*(?:ke hoach|du toan)\b[^\d]{0,12}$|\b(?:ke hoach|du toan)(?: nam \d{4})?(?: (?:duoc )?giao)?\s*(?:la|:)?\s*$"
    r"|\b(?:nghi quyet|nq)(?: dai hoi)? de ra(?: la)?(?: (?:tren|duoi|khoang|tu|it nhat))?\s*$"
)  # "..., trong khi Nghị quyết đề ra dưới 4%"
_TARGET_CLAUSE = re.compile(
    r"\bphan dau\b|\bmuc tieu (?:den|nam|la|\d{4}|ca nam)\b|\bchi tieu (?:nam|ke hoach)\b|\bky vong\b"
    r"|\bcac muc tieu(?: chu yeu| chinh| co ban| cu the)?\s*(?::|$)"  # "thống nhất các mục tiêu chủ yếu: (1) ..."
)
# What a result is measured against: "bằng 83,2% mục tiêu đến năm 2025", "vượt 15% so với mục tiêu đến năm 2025",
# "đạt 91,7%, vượt chỉ tiêu kế hoạch đề ra (80%)"
_AGAINST_TARGET_BEFORE_RE = re.compile(r"(?:%|\bso voi|\bbang|\bvuot|\bdat)\s*$")


def _sets_target(clause_folded: str) -> bool:
    """Whether a clause sets a target by its own words: not the plan in brackets beside a result ("đạt 66%
    (mục tiêu năm 2025 là 70%)"), nor the plan a result is a share of."""
    for m in _TARGET_CLAUSE.finditer(clause_folded):
        before = clause_folded[max(0, m.start() - 16) : m.start()]
        if clause_folded.rfind("(", 0, m.start()) > clause_folded.rfind(")", 0, m.start()):
            continue
        if m.group().startswith(("muc tieu", "chi tieu")) and _AGAINST_TARGET_BEFORE_RE.search(before):
            continue
        return True
    return False


# not "thuế giá trị gia tăng" (value-added tax)
_DIRECTION_RE = re.compile(r"\b(?:(?<!giá trị gia )tăng(?! cường)|giảm(?! nhẹ)(?! nghèo bền vững))\b")
# The same in words without diacritics, where "giam" may also be giám (sát, đốc, định, khảo, hộ)
_PLAIN_DIRECTION_RE = re.compile(
    r"\b(?:(?<!gia tri gia )tang(?! cuong| thuong)|giam(?! nhe| ngheo ben vung| sat| doc| dinh| khao| ho\b))\b"
)

# A clause that is only a time: ", đến năm 2030,", "giai đoạn 2026 - 2030:"
_TIME_CLAUSE_RE = re.compile(
    r"[\s,]*(?:(?:den|vao|trong|toi|cuoi|het|phan dau|huong toi) )*(?:nam|giai doan|nhiem ky) "
    r"(?:19|20)\d\d(?:\s*[-–]\s*(?:19|20)\d\d)?[\s,:]*"
)
# Lead-ins stripped from the front of a figure's phrase (folded text), repeatedly.
_LEAD_IN_RE = re.compile(
    r"(?:[\s,;:.\-–•*+>\"“”'\u2190-\u2bff\U0001f300-\U0001faff]+|\)(?=[\s,;])|(?:pv|phong vien|hoi|tra loi)\s*:"
    r"|(?:ong|ba|dong chi) (?:[a-z]+ ){0,4}[a-z]+\s*:|\(\d{1,2}\)|\d{1,2}(?:\.\d{1,2})*\.(?=\s)|[a-zđ]\)(?=\s)|[ivx]{1,4}[.\-)](?=\s)"
    r"|(?:mot|hai|ba|bon|nam|sau|bay|tam|chin|muoi) la\b[,:]?|thu (?:nhat|hai|ba|tu|nam|sau|bay|tam|chin|muoi)(?:\s*[,:]| la\b[,:]?)"
    r"|tu dau nam(?: \d{4})?\b|(?:chung toi|chung ta)(?: (?:cung|van|se|da|dang|con|phai))*\b|(?:den|vao|toi) (?:cuoi|het) nhiem ky(?: \d{4}\s*[-–]\s*\d{4})?\b|(?:nhan |vao )?dip [^,;:()\d]{2,50},"
    r"|\((?=\s*(?:trong do|bao gom|gom|cu the)\b)|trong do\b|bao gom\b|gom\b|cu the\b|voi\b|va\b|dong thoi\b|tiep tuc\b|giu vung\b|duy tri\b|(?:nang|giu|dua|keo)(?= (?:ty le|ty trong|muc|tuoi tho)\b)|du kien\b|dinh huong\b|nhu sau\b|nhu\b(?=\s*:)|ve [^:,.]{2,40}:|ve [^:.;]{2,40}:"
    r"|(?:(?:nhom |cac )?chi tieu )ve [^:.;]{2,40}:|(?:kinh te|xa hoi|van hoa\s*-\s*xa hoi|van hoa,? xa hoi|moi truong"
    r"|quoc phong\s*[-,]?\s*an ninh|xay dung dang(?: va he thong chinh tri)?)(?: nam \d{4})?\s*:"
    r"|(?:muc tieu|chi tieu|ke hoach|nhiem vu)(?: (?:nam |den nam |giai doan )?\d{4}(?:\s*[-–]\s*\d{4})?)?\s*:"
    r"|chi tieu \d{1,2}\s*:"
    r"|phan dau (?:den |trong |cuoi |het )?nam \d{4}\s*[:,]"
    r"|(?:trong|den|vao|cuoi|dau|het|ket thuc|tinh den|(?:tinh )?den (?:het|cuoi)) nam \d{4}\b|nam \d{4} va (?:nam )?\d{4}\b|nam \d{4}\b"
    r"|(?:trong |cuoi |dau |het )?nam hoc(?: \d{4}\s*[-–]\s*\d{4})?\b"
    r"|nhin lai[^,:;()]{0,40}[,:]|(?:luy ke|cong don|tinh chung) (?:den het |den )?\d+ thang(?: (?:dau )?nam \d{4})?\b"
    r"|tinh chung\b|tren dia ban(?: (?:tinh|xa|phuong|huyen|thanh pho|dac khu))?(?: hien)?(?: co)?\b|(?:\d+|ba|sau|chin|muoi(?: mot)?) thang(?: (?:dau|cuoi))?(?: nam(?: \d{4})?)?(?: qua)?\b|trong \d+ nam(?: qua)?\b|tam nhin(?: (?:den|toi) nam \d{4})?\b|(?:den|truoc|tu) (?:het )?(?:ngay )?\d{1,2}/\d{1,2}/\d{4}\b"
    r"|(?:tai thoi diem|tinh den|den)(?: het)? (?:ngay \d{1,2}/|thang )?\d{1,2}/\d{4}\b"
    r"|(?:cao|thap) hon (?:so voi )?(?:chi tieu|ke hoach|muc tieu|cung ky|nam truoc)(?: de ra| nam \d{4})?"
    r"|cung ky(?: nam truoc| nam \d{4})?\b"
    r"|(?:cong an tinh|bo chi huy quan su tinh|bo chi huy bo doi bien phong tinh|tinh doan|ubnd tinh"
    r"|uy ban nhan dan tinh|thue tinh|so (?:y te|giao duc|nong nghiep|tai chinh|cong thuong|xay dung|noi vu"
    r"|van hoa|khoa hoc|tu phap|ngoai vu|ke hoach|lao dong|giao thong|tai nguyen|thong tin|du lich|dan toc))"
    r"[^:;,.()]{0,60}:"
    r"|(?:giai doan|nhiem ky|thoi ky) \d{4}\s*[-–]\s*\d{4}\b|(?:(?:toan |ca )?tinh )?phan dau\b|ve [^:,.]{2,40},"
    r"|(?:ket qua|thuc hien) (?:nhiem ky|giai doan|nam)[^:;,.]{0,25}:|den nay\b|hien nay\b|(?:trong )?(?:nam|nhiem ky|giai doan|thoi gian) qua\b|tu dau nhiem ky(?: den nay)?\b|(?:trong )?(?:\d+|ba|sau|chin|muoi(?: mot)?) thang(?: (?:dau|cuoi))? nam(?: \d{4})?\b|hang nam\b|toan tinh\b|(?:song|nhung|tuy nhien)(?= (?:van|con|da|co|chi)\b)"
    r"|(?:thuc hien|theo|can cu|trien khai|quan triet)\b[^,;:]{3,200},|(?:trong )?quy [ivx1-4]+(?:/\d{4}| nam \d{4})?\b"
    r"|[^,;:()]{0,60}\bcho (?:thay|biet)\s*[:,]|uoc (?:ca )?nam \d{4}\b|(?:uoc )?ca nam(?: \d{4})?\b"
    r"|\([a-z0-9.]{2,24}\)\s*[-–]|tren co so\b[^,;:()]{3,120},|(?:trong )?nam (?:vua qua|truoc|ngoai)\b|uoc\b(?! (?:co|dat|thu|don|chi|tang|giam|tinh|thuc hien|khoang|nam|ca nam)\b)|hien co\b"
    r"|(?:danh gia chung|nhin chung|tom lai)\s*[:,]|(?:nen )?kinh te\b[^,;:()\d]{0,30}\b(?:tang truong|phat trien|phuc hoi)\b[^,;:()\d]{0,30},|rieng (?:nam \d{4}|quy [ivx1-4]+(?:/\d{4})?)\s*,|do (?!do\b)[^,;:()]{2,60},|trong khi\b|trong (?!do\b)[^,;:()\d]{2,40},|trong (?:quy|thang|nam hoc|nam|ky)(?: (?:nay|qua|bao cao))?(?=\s*,?\s*(?:da|toan|ca|nganh)\b)|sau \d+ (?:nam|thang)\b[^,;:()]{0,60},|sau (?:khi )?(?:sap xep|hop nhat|sap nhap)[^;:]{0,100}?,|de (?:dat (?:duoc )?|thuc hien (?:cac |nhung )?|hoan thanh (?:cac |nhung )?)(?:muc tieu|ke hoach|chi tieu|nhiem vu)[^,;:]{0,40},|(?:tai|o) (?:dia ban |khu vuc )?[^,;:()]{2,40}\(cu\)\s*,|(?:cac )?chi tieu chu yeu(?: nhu)?\b|chu yeu\b|\((?:theo )?gia (?:so sanh|hien hanh|co dinh)[^()]{0,20}\)|\((?=[^\W\d_][^()]*$))"
)
# Words that carry no indicator meaning on their own: if nothing else stands before the number, the
# indicator is written after it ("100% trạm y tế xã có bác sĩ").
_FILLER_WORDS = frozenset(
    "co them dat duoc phan dau phan duy tri bao dam dam bao tang giam tren duoi khoang it nhat toi "
    "thieu tu bang chiem vuot con len nang thu hut toan tinh tong cong moi trong do va voi cho la se "
    "da gan xay dung trong hon uoc tinh thuc hien muc tieu cua binh quan hut ket nap hoan thanh kh "
    "gap manh nam hang giu vung tiep tuc giai quyet xu ly gom keo cat dua xoa cung".split()
)
_POST_STOP_RE = re.compile(
    r"[;:()\[\]]|\.(?!\d)|\s(?:so voi|bang|trong do|tang|giam(?! ngheo)|gap|nang (?:tong|ty le|len|muc))\s"
    r"|\sdo (?:anh huong|tac dong|chiu anh huong|nhieu nguyen nhan)\b|\strong do(?=\s*:|$)|\srieng\s"
    r"|\sde (?:hoan thanh|dat|bao dam|dam bao|phuc vu|kip)\b"
)
_RAISED_TOTAL_RE = re.compile(
    r"\b(?:nang|dua) (tong so (?!len\b)[a-z]+(?: [a-z]+){0,6}?) (?:len|dat)(?: (?:tren|khoang|hon))?\s*$"
)
_RESTATED_RE = re.compile(r"^(?:\s*so voi [^()]{0,30})?\s*\(\s*$")
_PLAN_TAIL_BRACKET_RE = re.compile(r"\s*(?:[a-z]+ ){0,2}\(\s*")
# The figure before, restated: its plan in brackets ("đạt 8,12% (kế hoạch 7,5%)", "(Nghị quyết đề ra 7%)",
# "(dự toán 2.900 tỷ đồng)") or its running total ("tăng thêm 10 xã, lũy kế 75 xã", "nâng tổng số xã đạt
# chuẩn lên 75 xã"). Such a figure has the indicator of the one before it.
_PLAN_IN_BRACKETS = (
    r"\(\s*(?:theo\s+)?(?:ke hoach|kh|chi tieu|du toan|muc tieu|nghi quyet|nq)\b[^()]{0,30}$"
    r"|\b(?:ke hoach|kh|chi tieu|du toan|muc tieu|nghi quyet|nq)\b(?:[^()\d;.]|(?:19|20)\d\d){0,50}\(\s*"
    r"(?:(?:tang|giam)(?: binh quan)?\s*)?(?:(?:duoi|tren|tu|khoang|it nhat|toi thieu|toi da|khong qua|khong duoi)\s*)?$"  # "vượt chỉ tiêu NQ (7,5%)", "(dưới 22%)", "vượt mục tiêu đề ra (tăng 10%)"
)
_PLAN_IN_BRACKETS_RE = re.compile(_PLAN_IN_BRACKETS)


# A name that is only the plan a figure restates: "mục tiêu Nghị quyết", "chưa đạt mục tiêu", "(kế hoạch năm 2025"
_PLAN_WORD_HINTS = ("tiêu", "tieu", "hoạch", "hoach", "toán", "toan", "quyết", "quyet", "kh", "nq")


def _may_be_plan_words(name: str) -> bool:
    """A cheap test before ``_PLAN_WORDS_NAME_RE``: the name holds one of its plan words (with or without marks)."""
    lowered = name.lower()
    return any(word in lowered for word in _PLAN_WORD_HINTS)


_PLAN_WORDS_NAME_RE = re.compile(
    r"\(?\s*(?:(?:chua|khong|da) )?(?:dat |vuot |so voi )?(?:muc tieu|chi tieu|ke hoach|kh|du toan|nghi quyet|nq)"
    r"(?: (?:nghi quyet|nq|de ra|dai hoi|nam \d{4}|den nam \d{4}))*(?: la)?\s*"
)
# A plan in brackets right after a figure: the figure is what was done against it
_PLAN_BESIDE_RE = re.compile(
    r"\s*\(\s*(?:theo\s+)?(?:ke hoach|kh|du toan|nghi quyet|nq)\b(?: (?:nam|ca nam|giao|de ra)(?: \d{4})?)?"
    r"(?:\s*:|\s+la)?\s*(?:(?:tren|duoi|khoang) )?"
)
_RESTATEMENT_RE = re.compile(
    _PLAN_IN_BRACKETS
    + r"|^(?:luy ke|nang tong so|nang tong|dua tong so)\b[^()]{0,50}$"
    + r"|^(?:theo\s+|/\s*)?(?:ke hoach|kh|chi tieu|du toan|muc tieu|nghi quyet|nq)(?: (?:(?:ca )?nam(?: \d{4})?|de ra|giao))?"
    + r"(?:\s*:|\s+la)?\s*$"
    + r"|^(?:tuong duong|tuong ung|quy doi|tinh ra)(?: (?:voi|khoang|gan|hon|tren))?\s*:?\s*(?:(?:tang|giam)\s*)?$"
    + r"|^(?:trong khi )?yeu cau(?: la| dat)?\s*$"
    + r"|^(?:vuot|so voi|thap hon|cao hon) (?:muc tieu|chi tieu)(?: nghi quyet| nq| de ra| ca nam| nam \d{4})?\s*(?:la)?"
    + r"\s*(?:(?:tang|giam)\s*)?$"
)
# Words left before a number that name nothing: "..., chỉ đạt 95,3% dự toán", "..., mới đạt 60%".
_WORDS_OF_NO_NAME = frozenset(
    {"chi", "moi", "chi moi", "cung", "deu", "van", "cung chi", "rieng", "binh quan", "trung binh", "moi nam",
     "so voi"}  # "..., tăng 1.200 người so với năm 2025, đạt 104% kế hoạch": the comparison's words, no name
)  # fmt: skip
_AVERAGE_WORDS = frozenset({"binh quan", "trung binh", "moi nam", "hang nam", "binh quan moi nam"})


_PLAN_NAME_RE = re.compile(r"(?:tong )?(?:ke hoach von|du toan (?:thu|chi))\b")


def _names_a_plan(name: str) -> bool:
    """Whether a figure's name is that of a plan: "Tổng kế hoạch vốn đầu tư công năm 2025", "Dự toán thu ngân sách"."""
    return name[:1] in "TtKkDdĐđ" and _PLAN_NAME_RE.match(fold_keep_length(name[:24]).lower()) is not None


def _averaging(words: str) -> bool:
    """Whether words are only those of an average: "bình quân mỗi năm", "trung bình"."""
    return len(words) <= 24 and fold_keep_length(words).lower().strip() in _AVERAGE_WORDS


def _names_nothing(indicator: str) -> bool:
    """Whether a figure's words are only an adverb or "riêng" ("chỉ", "cũng", "riêng"), or only a time: no name of
    its own."""
    if len(indicator) > 40:
        return False
    folded = fold_keep_length(indicator).lower()
    if len(indicator) <= 10 and folded in _WORDS_OF_NO_NAME:
        return True
    return _only_a_time(folded)


def _only_a_time(folded: str) -> bool:
    """Whether a folded name is a time alone: "(đầu nhiệm kỳ là 12,4%)", "cuối năm 2020 là", "riêng năm 2025"."""
    return ("nam" in folded or "ky" in folded) and _TIME_ONLY_NAME_RE.fullmatch(folded) is not None


_TIME_ONLY_NAME_RE = re.compile(
    r"\(?\s*(?:rieng )?(?:(?:so voi|tu|den|vao|luc|thoi diem) )?(?:(?:dau|cuoi) (?:nhiem ky|ky|nam|giai doan)|nam (?:truoc|\d{4}))"
    r"(?: \d{4}(?:\s*[-–]\s*\d{4})?)?(?: (?:la|chi|moi|con|dat))?"
)


_PLAN_WORDS_ONLY_RE = re.compile(r"(?:ke hoach|du toan|muc tieu|kh)(?: nam \d{4})?")
_SHARE_OF_GRDP_RE = re.compile(r"(?:grdp|tong san pham tren dia ban)(?: (?:cua|toan) tinh| toan tinh)?")
# Up to three words after a unit, then "," or "và" right before the next number.
# What follows a noun phrase before the next number when that number has its own verb: ", đạt", "; tăng", ", bằng"
# Parts announced after a figure's noun: "cứng hóa 12,5 km đường giao thông nông thôn, trong đó:"
_PARTS_AFTER_RE = re.compile(r"\s*[,;]?\s*(?:trong do|bao gom|gom|cu the|rieng)\b")
_FLOOR_WORDS_RE = re.compile(
    r"\b(?:it nhat|toi thieu|tro len|khong duoi|khong thap hon|phan dau)\b|\btren \d"
)
# "có" (there are) right before a count, after the words that say where or when
_THERE_ARE_RE = re.compile(
    r"(?:^|[\s,(])((?:hiện |đã |vẫn |còn |thì )?có)\s+(?:khoảng |chừng |trên |hơn |gần |dưới |ít nhất )?$"
)
# The words an indicator's name opens with: after a colon they start a name of their own.
_NAME_HEAD_RE = re.compile(
    r"\s*(?:toc do|ty le|ty trong|tong(?: so)?|du toan|thu ngan sach|chi ngan sach|so (?:luong|nguoi|ho|doanh"
    r" nghiep|xa)|gia tri|san luong|kim ngach|dien tich|von|thu nhap|nang suat|grdp|chi so|muc giam|co cau)\b"
)
_WHERE_WORDS_RE = re.compile(r"\b(?:dia ban|toan tinh|ca tinh|tinh ta|hien nay|den nay)\b")
_BARE_UNIT_END_RE = re.compile(r"\s*(?:[,;.)(]|$|(?:va|tang|giam|chiem|bang|dat)\b)")
_YEAR_IN_RE = re.compile(r"\b(?:19|20)\d\d\b")  # (a year or a date's: "Đến ngày 25/9/2026,")
_SHARE_VERB_BEFORE_RE = re.compile(r"\b(?:chiem|bang)\s*$")
_CLAUSE_AFTER_RE = re.compile(r"\s*[,;]\s*(?:va\s+)?(?:dat|tang|giam|bang|vuot|chiem|uoc|con|nang)\b")
_PARALLEL_TAIL_RE = re.compile(r" ((?:[^\W\d_]+ ){0,2}[^\W\d_]+)(?:,| va) ")
_RANK_FIELD_RE = re.compile(
    r"\s*(?:tinh, thanh pho|tinh, thanh|tinh thanh|tinh|ca nuoc|toan quoc|vung [a-z ]{2,30}?(?=[,;.)]|$)|khu vuc [a-z ]{2,30}?(?=[,;.)]|$))\b"
)
_BASE_YEAR_RE = re.compile(r"\s*(?:cuoi |dau )?nam (?:19|20)\d\d\b")
_CONNECTOR_RE = re.compile(r"\s(?:voi|va|dat|la|bang|co|gom|chiem|trong do|nang)\s")
# A comparison base written after a ratio belongs to that figure: "bằng 68,2% so với mục tiêu nghị quyết".
_BASE_AFTER_RE = re.compile(
    r"\s*(?:so voi\s+)?(?:cung ky(?: nam (?:truoc|\d{4}))?|nam truoc|(?:thang|quy|ky) truoc|thang \d{1,2}(?:/\d{4})?"
    r"|dau nam|ke hoach(?: nam)?(?: \d{4})?|kh\b|du toan"
    r"|muc tieu|chi tieu|nghi quyet|nq\b|(?:cuoi |dau )?nam \d{4})[^,;:.()\d]{0,40}(?![a-z])"
)  # (ending with a word: "... nhập ngũ hằng năm", not "... nhập ngũ hằn")


def extract(text: str, *, period: str | None = None, written_in: int | str | None = None) -> list[Figure]:
    """All figures stated in ``text``; ``period`` is the document's year when the caller knows it, ``written_in``
    the year it was written or published in (else the dates at the text's top tell, when it has any): a figure
    for an earlier year is a result, whatever the document plans."""
    if not text or not any(ch.isdigit() for ch in text):
        return []
    # Markdown bold (an OCR engine's export) is read as plain text, "**trên 97%**" as "  trên 97%  "; a PDF
    # converter's justified lines and page breaks too. Spans and quotes stay the text's own.
    plain = _EMPHASIS_LINE_RE.sub(_blank_emphasis, text) if "**" in text or "__" in text else text
    spaced, offsets = clean_layout(plain)
    if offsets is None:
        figures = _extract(plain, period, written_in)
        if plain is not text:
            for fig in figures:
                fig.quote = text[fig.span[0] : fig.span[1]]
        return figures
    figures = _extract(spaced, period, written_in)
    for fig in figures:
        start, end = fig.span
        fig.span = (offsets[start], offsets[end - 1] + 1 if end > start else offsets[start])
        fig.quote = text[fig.span[0] : fig.span[1]]
    return figures


_EMPHASIS_LINE_RE = re.compile(r"^[^\n]*?(?:\*\*|__)[^\n]*", re.MULTILINE)  # (tried at line starts only)


def _blank_emphasis(line: re.Match[str]) -> str:
    """A line's bold markers as spaces (same length), but for a line bold from end to end: that is a heading."""
    words = line.group()
    stripped = words.strip()
    if stripped.startswith("**") and stripped.endswith("**") and stripped.count("**") == 2:
        return words
    return words.replace("**", "  ").replace("__", "  ")


def _extract(text: str, period: str | None, written_in: int | str | None) -> list[Figure]:
    written, text = text, fix_ocr_digits(text)  # "2O26", "45O tỷ đồng": read as the numbers they are
    folded = fold_keep_length(text)
    lower = text.lower()
    if len(lower) != len(text):  # "İ" lower-cases to two characters: keep such a character as it is
        lower = "".join(ch if len(low := ch.lower()) != 1 else low for ch in text)
    doc_period = period or document_period(folded)
    if written_in:
        written_in = str(written_in)
    elif (written_in := document_year(folded)) and doc_period and written_in < str(int(doc_period[:4]) - 2):
        written_in = None  # a date at the top long before what the text is about: an anniversary
    blocks = text_blocks(text)
    folded, lower = unwrap(text, blocks, folded, lower)  # (after the dates at the top, read line by line)
    terms = document_terms(folded)
    cues = CueIndex(folded, lower)
    plan_document = is_plan_document(folded)
    if written_in:
        cues.forget_shares_after(folded, written_in, plan_period=doc_period if plan_document else None)
    doc_kind = "actual" if cues.score() < 0 and not plan_document else "target"
    # the year results without a year of their own are of: the year the text was written in, or the year before
    # it that a page of January says it reviews
    reported = (reviewed_year(folded, written_in) or written_in) if written_in else None
    report_fallback = reported or doc_period  # the year a report is of when its paragraph names none
    paragraphs = [p for p in split_paragraphs(text, folded, cues, blocks) if not p.chrome]
    figures: list[Figure] = []
    table: TableState | None = None  # what a table's header said, until a paragraph that is not a row
    table_unit = ""  # "Đơn vị: triệu đồng" on a line of its own: the unit of the table below it
    parts_of: list[tuple[int, str | None]] = []  # figures whose parts are listed on the lines below
    for para_index, para in enumerate(paragraphs):
        start_index = len(figures)
        if para.table:
            parts_of = []
            if table is None:
                table = TableState(unit=table_unit)
                if para_index and not (before := paragraphs[para_index - 1]).table:
                    # "Thực hiện giai đoạn 2021-2025" centred over some of the header's columns
                    table.over = spanning_line(text, folded, before.start, before.end)
            if para.table_line:
                read_table_line(text, folded, para.start, para.end, table, figures)
                continue
            figures += read_row(
                text, folded, lower, para.start, para.end, table,
                category=para.category, default_kind=para.kind or doc_kind, default_period=para.period or doc_period,
                first_index=len(figures), written_in=written_in,
            )  # fmt: skip
            continue
        if table is not None:
            table, table_unit = None, ""  # a table's unit line is for that table only
        if len(folded[para.start : para.end].strip()) < 60 and (  # an OCR layout indents it to the right
            unit_line := _TABLE_UNIT_RE.match(folded, para.start, para.end)
        ):
            table_unit = text[unit_line.start(1) : unit_line.end(1)].strip()
            continue
        if (title_unit := _TITLE_UNIT_RE.search(folded, para.start, para.end)) is not None:
            # "Điều 6. So sánh một số chỉ tiêu chủ yếu (đơn vị: tỷ đồng)": a table's title gives its unit
            table_unit = text[title_unit.start(1) : title_unit.end(1)].strip()
        # A paragraph whose first figures report results keeps reporting in its sentences without cue words,
        # and a target it sets for a later year on the way is an aside ("đạt 11,8 bác sĩ/vạn dân; năm 2027 phấn
        # đấu 12,5. Tỷ lệ huy động trẻ ra lớp đạt 92,3%."): the period the report was for comes back after it.
        reporting, report_period, aside, sentence = False, para.period, False, (para.start, -1)
        planning = False
        for index, (c_start, c_end) in enumerate(para.clauses):
            if reporting and c_start >= sentence[1]:
                sentence = _sentence_at(para, c_start)
                was_aside, aside = (
                    aside,
                    _plans_ahead(folded, cues, sentence, report_period or report_fallback),
                )
                if was_aside and aside:
                    # "Đại hội xác định ... đạt từ 11% trở lên. Đến năm 2030, GRDP ... . Thu ngân sách phấn đấu
                    # ...": plans in sentence after sentence are no aside, the report has ended and the plans go on
                    # in the sentences without cue words after them
                    reporting, planning = False, True
                elif was_aside:
                    para.period = report_period
            candidates = find_candidates(text, folded, lower, c_start, c_end)
            if (
                not candidates
                and c_end - c_start < 60
                and folded[c_start:c_end].rstrip().endswith(":")
                and (label_period := year_hint(folded, c_start, c_end))
            ):
                para.period = label_period  # "a) Đến năm 2030: (1) Đón khoảng 20 triệu lượt khách; (2) ..."
            elif (
                not candidates
                and c_end - c_start < 40
                and _TIME_CLAUSE_RE.fullmatch(folded, c_start, c_end)
                and (clause_period := year_hint(folded, c_start, c_end))
            ):
                # "Theo Kế hoạch số 215/KH-UBND ..., đến năm 2030, tỉnh phấn đấu đạt ...": a clause that is only a
                # time scopes the clauses after it
                para.period = clause_period
            if candidates:
                context_kind = _sentence_kind(folded, cues, para, c_start) or para.kind or doc_kind
                if (
                    context_kind == "target"
                    and score_in_section(cues.score(c_start, c_end), para.section_kind, cues, c_start, c_end)
                    < 0
                    and not _FLOOR_WORDS_RE.search(folded, c_start, c_end)
                ):
                    # "giải quyết việc làm cho 36.800 lao động, đạt 105,1% kế hoạch; năm 2027 phấn đấu ...": the
                    # clause reports (not "giải ngân đạt ít nhất 95% kế hoạch vốn", a floor set as a target)
                    context_kind = "actual"
                if (
                    para.section_kind != "target"
                    and context_kind == "target"
                    and _before_next_target(folded, cues, para, index)
                ):
                    context_kind = "actual"
                elif reporting and not cues.any(*sentence):
                    stated = year_hint(folded, c_start, c_end)
                    if not (stated and report_period and stated[:4] > report_period[-4:]):
                        context_kind = "actual"  # (a clause about a later year is no longer that report)
                elif planning:
                    if c_start >= sentence[1]:
                        sentence = _sentence_at(para, c_start)
                    score = cues.score(*sentence)
                    planning = score >= 0
                    context_kind = "target" if planning else context_kind
                if (
                    context_kind == "actual"
                    and written_in
                    and para.period
                    and para.period[:4] > written_in
                    and not cues.any(para.start, para.end)
                    and folded.find(para.period[-4:], para.start, c_start) >= 0
                ):
                    # a page of 2025 on the 2026 budget: "... năm 2026 là 22.450 tỷ đồng. Tổng chi ngân sách 29.870
                    # tỷ đồng.": the year the paragraph states, later than the page, is what its figures plan
                    context_kind = "target"
                # In a results section, a paragraph that also restates its targets: the figures of a clause that
                # states the report's year, before any target words of the clause, report ("chỉ tiêu đến năm 2030
                # đạt 15 bác sĩ; năm 2026 đạt 11,6 bác sĩ/vạn dân")
                report_before = (
                    (c_end if (at := cues.first_target(c_start, c_end)) is None else at)
                    if context_kind == "target" and para.section_kind == "actual" and written_in
                    else -1
                )
                first = len(figures)
                _assemble(
                    text, folded, lower, para, (c_start, c_end), candidates, figures, doc_period, context_kind,
                    written_in, terms, report_before, reported,
                )  # fmt: skip
                if (
                    first == start_index
                    and len(figures) > first
                    and para.section_kind != "target"
                    and len(para.sentences) + len(para.clauses) > 2
                    and all(fig.kind != "target" for fig in figures[first:])
                ):
                    reporting, report_period, sentence = True, para.period, _sentence_at(para, c_start)
                    aside = _plans_ahead(folded, cues, sentence, report_period or report_fallback)
        _link_parents(folded, lower, para, figures, start_index)
        _parts_of_a_plan(cues, figures, start_index)
        if len(figures) - start_index >= 2 and folded.find("trong ", para.start, para.end) >= 0:
            _parts_of_named_whole(folded, para, figures, start_index)
        if len(figures) > start_index and "(cũ)" in text[para.start : para.end]:
            _former_place_of_clause(text, para, figures, start_index)
        if len(figures) - start_index >= 2 and folded.find("(", para.start, para.end) >= 0:
            _bracketed_parts(text, folded, para, figures, start_index)
        if len(figures) - start_index >= 3 and folded.find("gom", para.start, para.end) >= 0:
            _parts_that_add_up(text, folded, para, figures, start_index)
        if len(figures) - start_index >= 2 and folded.find("lan luot", para.start, para.end) >= 0:
            _share_out_respectively(folded, para, figures, start_index)
        if len(figures) > start_index and folded.find("ve ", para.start, para.end) >= 0:
            _inline_categories(folded, para, figures, start_index)
        parts_of = _parts_below(folded, cues, para, figures, start_index, parts_of)
    _parts_over_the_term(figures)
    _match_catalog(text, figures)
    _label_list_members(text, figures)
    if text is not written:
        for fig in figures:  # quotes are the text as given
            fig.quote = written[fig.span[0] : fig.span[1]]
    return figures


def _parts_of_a_plan(cues: CueIndex, figures: list[Figure], first: int) -> None:
    """The parts in its unit of a figure named as a plan are plans too, unless their own words report: "tổng kế
    hoạch vốn ... là 4.862 tỷ đồng, trong đó vốn ngân sách trung ương 3.115 tỷ đồng"."""
    for fig in figures[first:]:
        if (
            fig.parent is not None
            and fig.kind == "actual"
            and _names_a_plan(figures[fig.parent].indicator)
            and fig.unit == figures[fig.parent].unit
            and cues.score(*fig.span) >= 0
        ):
            fig.kind = "target"


def _parts_over_the_term(figures: list[Figure]) -> None:
    """A part in its whole's unit of a flow over a term is over the term too, where the heading gave it the term's
    end year: "Xây dựng mới, thay thế 65 cầu ...; trong đó 12 cầu có chiều dài trên 100 m" under "Các chỉ tiêu chủ
    yếu đến năm 2025" of a 2021-2025 plan."""
    for fig in figures:
        if fig.extra.pop("singled_out", False) or (
            fig.parent is None or not fig.period or len(fig.period) != 4 or fig.period in fig.quote
        ):
            continue  # (not "riêng năm 2025 ước đón 6,2 triệu lượt": a year of the term its words single out)
        whole = figures[fig.parent]
        if (
            whole.period
            and len(whole.period) == 9
            and whole.period.endswith(fig.period)
            and whole.unit == fig.unit
        ):
            fig.period = whole.period


# A measure named by its head word alone, of the things counted just before it
# The bare measures a short label before a colon owns ("Cây lúa: diện tích ..., sản lượng ...")
_DISCOURSE_LABEL_RE = re.compile(
    r"\b(?:han che|ton tai|kho khan|vuong mac|bat cap|yeu kem|nguyen nhan|ket qua|thanh tuu|noi bat|uu diem"
    r"|cu the|nhu sau|tinh hinh|dien bien)\b"
)
_LABELLED_MEASURES = frozenset(
    (
        "dien tich",
        "san luong",
        "nang suat",
        "dien tich gieo trong",
        "dien tich trong moi",
        "tong dan",
        "gia tri san xuat",
    )
)
_BARE_MEASURES = frozenset(
    "quy mo|dien tich|von|tong von|so von|von dang ky|tong von dang ky|tri gia|kinh phi|tong kinh phi|cong suat"
    "|tong muc dau tu|tong dien tich".split("|")
)
_SENTENCE_END_RE = re.compile(r"[.!?](?:\s|$)|\n")


def _label_list_members(text: str, figures: list[Figure]) -> None:
    """The items after a labelled first item, in the same sentence and unit, take the label too when the catalog
    knows none of them, or knows them as members of the first's family: "Thị trường xuất khẩu: Hoa Kỳ 7,6 tỷ USD;
    Trung Quốc 4,1 tỷ USD" (the second is exports to Trung Quốc, not "Trung Quốc"), "Tỷ lệ huy động trẻ đến
    trường: tiểu học 99,7%, trung học cơ sở 97%", "Tỷ lệ trường đạt chuẩn quốc gia: mầm non 60%, tiểu học 75%"."""
    catalog = default_catalog()
    for i, fig in enumerate(figures):
        label, colon, _ = fig.indicator.partition(": ")
        if not colon or fig.parent is not None or len(label) > 60:
            continue
        family = _family_of(catalog, fig.indicator_id)
        for member in figures[i + 1 :]:
            between = text[fig.span[1] : member.span[0]]
            name = fold_keep_length(member.indicator).lower()
            if (
                _SENTENCE_END_RE.search(between)
                or (
                    member.indicator_id
                    and (family is None or _family_of(catalog, member.indicator_id) != family)
                )
                # a name of its own ("tỷ lệ ...", "tổng ..."), but not a label's measure ("sản lượng")
                or (_NAME_HEAD_RE.match(name) and name not in _LABELLED_MEASURES)
                or (
                    member.unit_canonical != fig.unit_canonical
                    # "Cây lúa: diện tích 71.200 ha, sản lượng 398,6 nghìn tấn": the crop's other measures
                    and name not in _LABELLED_MEASURES
                )
                or ":" in member.indicator
                or len(member.indicator.split()) > 4
                or member.parent is not None
            ):
                break
            member.indicator = f"{label}: {member.indicator}"


def _family_of(catalog: Catalog, ident: str | None) -> str | None:
    """The family an indicator heads or is a member of (school standards for "tiểu học"), if any."""
    if ident is None or (indicator := catalog.get(ident)) is None:
        return None
    return indicator.parent or (ident if catalog.is_family(ident) else None)


# "Đơn vị: triệu đồng", "(ĐVT: tỷ đồng)" on a line of its own, above a table
_TABLE_UNIT_RE = re.compile(r"\W*(?:don vi(?: tinh)?|dvt)\s*:\s*([^()]+?)\W*$")
_TITLE_UNIT_RE = re.compile(r"\((?:don vi(?: tinh)?|dvt)\s*:\s*([^()]+?)\s*\)[\s:.*]*$")
# "(mới đạt 38%, mục tiêu 45%)": the plan named after a result, in the same bracket
_PLAN_AFTER_RESULT_RE = re.compile(
    r"\s*[,;]\s*(?:muc tieu|ke hoach|kh|chi tieu)(?: de ra| nam \d{4})?\s*(?:la\s*|:\s*)?$"
)
# A clause that sets the target for a year: "phấn đấu năm 2027 ...", "năm 2027 phấn đấu ...", "mục tiêu năm 2027 là".
_NEXT_TARGET_RE = re.compile(
    r"[\s;,:\-]*(?:va |con |tinh |toan tinh )?(?:(?:phan dau|muc tieu|ke hoach|chi tieu) (?:den |trong |cuoi )?nam \d{4}\b"
    r"|(?:den |trong |cuoi )?nam \d{4},? (?:tinh |toan tinh )?(?:phan dau|muc tieu|ke hoach|chi tieu)\b)"
)
_NEXT_TARGET_WORDS = ("phan dau", "muc tieu", "ke hoach", "chi tieu")


_LABEL_YEAR_RE = re.compile(r"\b(?:muc tieu|chi tieu|ke hoach|nhiem vu) ((?:19|20)\d\d)\s*:")


# A year or a period written right after a figure: "đạt 60% vào năm 2030", "15%/năm trong giai đoạn 2026 - 2030".
_TRAILING_PERIOD_RE = re.compile(
    r"[\s,]*(?:(?:ngay\s+)?(?:vao|den|toi|trong)\s+(?:(?:cuoi|het|dau)\s+)?nam\s+(?P<year>(?:19|20)\d\d)\b(?!\s*[-–]\s*\d)"
    r"|(?:trong\s+|ca\s+)?(?:giai doan|thoi ky|nhiem ky)\s+(?P<first>(?:19|20)\d\d)\s*[-–]\s*(?P<last>(?:19|20)\d\d)\b)"
)


_CLOSING_TERM_RE = re.compile(
    r"\b(?:trong|ca) (?:giai doan|thoi ky|nhiem ky) ((?:19|20)\d\d)\s*[-–]\s*((?:19|20)\d\d)$"
)


def _trailing_period(folded: str, end: int, limit: int) -> str | None:
    """The period a figure's own words give after it, before the next figure."""
    m = _TRAILING_PERIOD_RE.match(folded, end, limit)
    if m is None:
        return None
    if m.group("year"):
        return m.group("year")
    return f"{m.group('first')}-{m.group('last')}" if m.group("first") < m.group("last") else None


# An average over the years or a total of them: "tăng bình quân 12%/năm", "GRDP bình quân 5 năm", "cả giai đoạn".
_TERM_FIGURE_RE = re.compile(
    # (not "cây hằng năm", annual crops)
    r"\b(?:5|nam) nam\b|\bca giai doan\b|\bgiai doan(?! \d)|\b(?:ca|trong) nhiem ky\b|(?<!cay )\bhang nam\b|\bmoi nam\b"
)
# The same words after a figure, up to the end of its clause, and opening its paragraph
_TERM_AFTER_RE = re.compile(r"[^;.]*?\b(?:(?:ca|trong) nhiem ky|hang nam|moi nam)\b")
_EVERY_YEAR_OPENING_RE = re.compile(r"[\s\-–•*+]*(?:\(?\d{1,2}[.)]\s*)?(?:hang|moi) nam\b")


def _term_ending(year: str, doc_period: str | None, terms: tuple[str, ...]) -> str | None:
    """The document's term that ends in ``year``: its own period when that is a term, else one its top names."""
    if doc_period and len(doc_period) == 9 and doc_period.endswith(year):
        return doc_period
    return next((term for term in terms if term.endswith(year)), None)


_EACH_YEAR_RE = re.compile(r"\bbinh quan (?:moi|hang) nam\b")


def _spans_the_term(
    folded: str,
    para: Paragraph,
    fig: Figure,
    number: tuple[int, int],
    doc_period: str,
    *,
    own_term: bool = False,
) -> bool:
    """Whether a figure given the end year of the document's term by a heading ("đến năm 2030") is about the
    whole term: an average per year or a five-year total, with no year of its own in its paragraph. ``own_term``:
    the term is what the whole document is about (a 2026-2030 plan, not the annual plan of a term's last year),
    where what is added or done by its end year is done over the term. ``number``: where its number stands."""
    if len(doc_period) != 9 or len(fig.period or "") != 4 or not doc_period.endswith(fig.period or ""):
        return False
    clause_start = folded.rfind(";", para.start, fig.span[0]) + 1 or para.start
    if _EACH_YEAR_RE.search(folded, fig.span[0], fig.span[1]):
        return True  # "đến năm 2030 đạt 20.000 tỷ đồng, bình quân mỗi năm tăng 12%": each year of the term
    if folded.find(fig.period or "", clause_start, number[0]) >= 0:
        # "Đến năm 2030, ... bình quân 10%/năm", "Tổng diện tích gieo trồng năm 2025 đạt ...": the year is the text's
        return False
    return _over_the_years(folded, para, fig, clause_start, number) or (
        own_term and _done_by_term_end(folded, para, fig, clause_start, number[0])
    )


def _over_the_years(
    folded: str, para: Paragraph, fig: Figure, clause_start: int, number: tuple[int, int]
) -> bool:
    """Whether a figure's words make it an average per year or a total of years ("bình quân 12%/năm", "trong nhiệm
    kỳ", "hằng năm", "cả giai đoạn", "14.500 ha mỗi năm"), not a level or a year's result."""
    if is_per_year(fig.unit):  # "tăng 12%/năm"
        return True
    clause_end = folded.find(";", fig.span[1], para.end) % (para.end + 1)
    return bool(
        _TERM_FIGURE_RE.search(fold_keep_length(fig.indicator).lower())
        or _TERM_FIGURE_RE.search(folded, clause_start, number[0])
        or _TERM_FIGURE_RE.search(folded, number[1], fig.span[1])
        # "... nhập ngũ hằng năm", "kết nạp ... trong nhiệm kỳ", "Hằng năm có ...; trên 90% đảng viên ..."
        or _TERM_AFTER_RE.match(folded, fig.span[1], clause_end)
        or _EVERY_YEAR_OPENING_RE.match(folded, para.start, number[0])
    )


def _done_by_term_end(folded: str, para: Paragraph, fig: Figure, clause_start: int, number: int) -> bool:
    """Whether a count or amount is what is added or done by the year a "đến năm 2030" heading or lead-in gave
    it, not a level reached then: "Kiên cố hóa thêm 850 km kênh mương", "Sửa chữa, nâng cấp 96 hồ chứa" (not
    "có 450 sản phẩm OCOP", nor a rate; nor anything under "NĂM 2020", that year's own plan)."""
    if fig.unit_canonical is None or fig.unit_canonical in _RATIO_UNITS:
        return False
    if not (
        _ADDED_BEFORE_RE.search(folded, max(clause_start, number - 30), number)
        or _ends_with_object_verb(folded[max(clause_start, number - 48) : number])
        or _ADDED_AFTER_RE.match(folded, number, fig.span[1] + 40)  # "200 sản phẩm OCOP được công nhận mới"
    ):
        return False
    # where the year came from: its nearest mention that is no term's end ("giai đoạn 2026-2030" names the term)
    lowest, year_at = max(0, para.start - 3000), number
    while (year_at := folded.rfind(fig.period or "", lowest, year_at)) > 0 and _TERM_END_BEFORE_RE.search(
        folded, max(0, year_at - 8), year_at
    ):
        continue  # the 2030 of "2026-2030": look further up
    return year_at > 0 and bool(_BY_YEAR_BEFORE_RE.search(folded, max(0, year_at - 16), year_at))


_BY_YEAR_BEFORE_RE = re.compile(r"\b(?:den|toi)(?: het| cuoi)?(?: nam)?\s*$")
_TERM_END_BEFORE_RE = re.compile(r"\d{4}\s*[-–]\s*$")
_ADDED_AFTER_RE = re.compile(
    r"[\d.,]*[^,;.()]{0,50}?\b(?:cong nhan|thanh lap|dang ky|xay dung|trong|cap) moi\b"
)
_ADDED_BEFORE_RE = re.compile(r"\b(?:them|moi)(?: (?:it nhat|toi thieu|khoang|tren|hon|tu))?\s*$")


def _opens_bracket(folded: str, start: int, end: int) -> bool:
    """Whether a bracket opened in ``folded[start:end]`` is still open at ``end``."""
    return folded.rfind("(", start, end) > folded.rfind(")", start, end)


_RELATIVE_YEAR_RE = re.compile(r"\bnam (nay|toi|sau|truoc)\b")
_RELATIVE_YEAR_OFFSET = {
    "nay": 0,
    "toi": 1,
    "sau": 1,
    "truoc": -1,
}  # not "năm qua": in December it is this year


def _plans_ahead(folded: str, cues: CueIndex, sentence: tuple[int, int], report_period: str | None) -> bool:
    """Whether a sentence in a report opens with a plan: target words, or a year after the report's, before its
    first number ("Đến năm 2030, GRDP ... đạt 7.500 USD", not "... có 10,4 bác sĩ/vạn dân; năm 2027 phấn đấu")."""
    start, end = sentence
    number = _NUMBER_NOT_YEAR_RE.search(folded, start, end)
    first_number = number.start() if number else end
    plan = cues.first_target(start, first_number)
    if plan is not None and cues.score(start, end) > 0:
        return True
    stated = year_hint(folded, start, first_number) if report_period else None
    return bool(stated and stated[:4] > report_period[-4:])  # type: ignore[index]


_NUMBER_NOT_YEAR_RE = re.compile(r"(?<![\d.,/])(?!(?:19|20)\d\d(?!\d|[.,]\d))\d")


def _relative_year(folded: str, start: int, end: int, written_in: str | None) -> str | None:
    """ "Năm nay" (this year), "năm tới" (next year), "năm trước" by the year the text was written in."""
    if not written_in or folded.find("nam ", start, end) < 0:
        return None
    m = _RELATIVE_YEAR_RE.search(folded, start, end)
    if m is None or _NOT_PERIOD_BEFORE_RE.search(folded, max(start, m.start() - 10), m.start()):
        return None
    return str(int(written_in) + _RELATIVE_YEAR_OFFSET[m.group(1)])


_NOT_PERIOD_BEFORE_RE = re.compile(r"(?:so voi|cung ky|hon)\s*$")  # "so với năm trước": a baseline


_TERM_END_RE = re.compile(r"\b(?:den|vao|toi) (?:cuoi|het) nhiem ky\b(?! (?:19|20)\d\d)")


def _term_end_year(
    folded: str, start: int, end: int, doc_period: str | None, terms: tuple[str, ...]
) -> str | None:
    """ "Đến cuối nhiệm kỳ" (by the term's end): the last year of the document's term, or of the latest term
    its top names."""
    if folded.find("nhiem ky", start, end) < 0 or not _TERM_END_RE.search(folded, start, end):
        return None
    if doc_period and len(doc_period) == 9:
        return doc_period[-4:]
    return max((term[-4:] for term in terms), default=None)


def _label_year(folded: str, start: int, end: int) -> str | None:
    """The year of a label before a figure: "Mục tiêu 2026: tỷ lệ ... trên 85%"."""
    if folded.find(":", start, end) < 0:
        return None
    m = _LABEL_YEAR_RE.search(folded, start, end)
    return m.group(1) if m else None


def _sentence_at(para: Paragraph, pos: int) -> tuple[int, int]:
    """The sentence of ``para`` that ``pos`` is in."""
    at = bisect.bisect_right(para.sentences, pos, key=itemgetter(0)) - 1
    if at >= 0 and pos < para.sentences[at][1]:
        return para.sentences[at]
    return (para.start, para.end)


def _before_next_target(folded: str, cues: CueIndex, para: Paragraph, index: int) -> bool:
    """Whether clause ``index`` of ``para``, without cue words of its own, states where things stand before a
    later clause of its sentence sets the target for a year: "Tỷ lệ bao phủ bảo hiểm y tế đạt 95,6%; phấn đấu
    năm 2027 đạt trên 96%", "có 652 trường; tỷ lệ trường đạt chuẩn đạt 68,4%; năm 2027 phấn đấu đạt 71%" (the
    figures before are the results the target follows)."""
    c_start, c_end = para.clauses[index]
    if index + 1 >= len(para.clauses) or cues.any(c_start, c_end):
        return False
    sentence_end = _sentence_at(para, c_start)[1]
    if _NEXT_TARGET_RE.match(folded, c_end):
        return True
    for next_start, next_end in para.clauses[
        index + 1 : index + 7
    ]:  # (a sentence's few clauses, not a flood)
        if next_start >= sentence_end:
            return False
        if any(folded.find(word, next_start, next_start + 40) >= 0 for word in _NEXT_TARGET_WORDS) and (
            _NEXT_TARGET_RE.match(folded, next_start)
        ):
            return True
        if cues.any(next_start, next_end):
            return False  # other cue words in between: the target is not the one these figures precede
    return False


def _sentence_kind(folded: str, cues: CueIndex, para: Paragraph, pos: int) -> str | None:
    """In a paragraph of several sentences, the kind that the sentence at ``pos`` says, if it says one.

    Its cue words ("Năm 2025, GRDP ước tăng 8,2%. Năm 2026, tỉnh đặt mục tiêu tăng trưởng 10%"), or, for a
    sentence without any that opens with a year ("Năm 2025 GRDP tăng 8,2%. Năm 2026 phấn đấu tăng 9%"), a
    later sentence of the paragraph that sets a target for a later year: the first one is then the result
    the new target follows. (A deadline, "Đến năm 2025 ...", is not such an opening.)"""
    if len(para.sentences) < 2 or not cues.any(para.start, para.end):
        return None
    index = bisect.bisect_right(para.sentences, pos, key=itemgetter(0)) - 1
    if index < 0 or pos >= para.sentences[index][1]:
        return None
    start, end = para.sentences[index]
    score = score_in_section(cues.score(start, end), para.section_kind, cues, start, end)
    if score:
        return "target" if score > 0 else "actual"
    opening = _YEAR_OPENING_RE.match(folded, start, end)
    if opening is None:
        return None
    for later_start, later_end in para.sentences[index + 1 : index + 9]:  # (the next few, not a flood)
        later_year = year_hint(folded, later_start, later_end)
        if later_year and later_year[:4] > opening.group(1) and cues.score(later_start, later_end) > 0:
            return "actual"
    return None


_YEAR_OPENING_RE = re.compile(r"[\s\-–•*+]*(?:ca |trong )?nam ((?:19|20)\d\d)\b(?!\s*[-–]\s*\d)")


# "Về kinh tế: ...; ... . Về xã hội, ...": a section label inside a paragraph of prose.
_INLINE_LABEL_RE = re.compile(r"\bve ([^:.;(),]{3,40})[:,]")


def _inline_categories(folded: str, para: Paragraph, figures: list[Figure], first: int) -> None:
    """Figures after a ``Về ...:`` label that names a section, in the same paragraph, are of that section."""
    labels = []
    for m in _INLINE_LABEL_RE.finditer(folded, para.start, para.end):
        lead = folded[para.start : m.start()].rstrip()
        if lead and lead[-1] not in ".;:":  # a label opens the paragraph or follows a stop or a colon
            continue
        if category := category_of(m.group(1)):
            labels.append((m.start(), category))
    if not labels:
        return
    for fig in figures[first:]:
        for start, category in reversed(labels):
            if start < fig.span[0]:
                fig.category = category
                break


# A paragraph that ends by announcing its parts ("..., trong đó:"), and the list marker of a line.
_PARTS_WORDS = ("trong do", "bao gom", "gom", "chia ra", "cu the", "chia theo")
_PARTS_FOLLOW_RE = re.compile(rf"\b(?:{'|'.join(_PARTS_WORDS)})\s*:?\s*$")
_PARTS_LINE_RE = re.compile(rf"(?:[-+*•]\s*)?(?:\*\*)?(?:{'|'.join(_PARTS_WORDS)})\s*:?(?:\*\*)?")
_ITEM_MARKER_RE = re.compile(
    r"\s*(?:(?P<dash>[-–—])|(?P<plus>\+)|(?P<bullet>[*•·])|(?P<number>\(?\d{1,2}(?:\.\d{1,2})*[.)])"
    r"|(?P<letter>\(?[a-z]\)))\s"
)


def _marker_kind(folded: str, para: Paragraph) -> str | None:
    """The list marker a paragraph starts with (``dash``, ``plus``, ``number``, ...), or None."""
    marker = _ITEM_MARKER_RE.match(folded, para.start, para.end)
    return marker.lastgroup if marker else None


def _parts_below(
    folded: str,
    cues: CueIndex,
    para: Paragraph,
    figures: list[Figure],
    first: int,
    parts_of: list[tuple[int, str | None]],
) -> list[tuple[int, str | None]]:
    """Parents across lines: the last figure of a paragraph that ends with ``trong đó:`` is the parent of the
    figures of the list items below it that are marked unlike its own line ("- GRDP tăng 8,5%, trong đó:",
    then "+ Dịch vụ tăng 8%"). ``parts_of`` holds the lists still open, innermost last, as (parent index, its
    line's marker): a line marked as a parent's line closes that parent's list and may be a part of the list
    around it ("a) Thu nội địa ..., trong đó:", "- ...", "b) Thu từ hoạt động xuất nhập khẩu ..." under
    "1. Tổng thu ...: Trong đó:"). Returns the lists open after ``para``."""
    kind = _marker_kind(folded, para) if parts_of else None
    while parts_of and kind is not None and kind == parts_of[-1][1]:
        parts_of = parts_of[:-1]
    if parts_of:
        parent, parent_kind = parts_of[-1]
        if kind is not None and kind != parent_kind and not para.heading:
            whole = figures[parent]
            # a part line without cue words or a year of its own is of its whole's kind and period
            inherits = not cues.any(para.start, para.end) and year_hint(folded, para.start, para.end) is None
            for fig in figures[first:]:
                if fig.parent is None:
                    fig.parent = _whole_in_unit(folded, figures, parent, fig)
                    if not fig.qualifier:
                        _name_place_part([fig], whole)  # "+ Khu vực xã Tân Đoàn (cũ) 4,2 km;"
                    if inherits and fig.kind != "progress":
                        fig.kind, fig.period = whole.kind, whole.period
        elif not folded[para.start : para.end].strip().isdigit():  # a page number does not end the list
            parts_of = []
    if (
        len(figures) == first
        and figures
        and para.end - para.start < 20
        and _PARTS_LINE_RE.fullmatch(folded[para.start : para.end].strip())
        and folded.count("\n", figures[-1].span[1], para.start) <= 2
        and figures[-1].unit_canonical != "target_count"
    ):
        # "Trong đó:" on a line of its own, under the figure it breaks down; the parts end at a line marked as
        # that figure's line was ("2. Tổng chi ..." after "1. Tổng thu ...: ... / Trong đó: / - ...")
        whole = _last_whole(folded, figures, max(0, len(figures) - 4))
        line_start = folded.rfind("\n", 0, figures[whole].span[0]) + 1
        marker = _ITEM_MARKER_RE.match(folded, line_start, figures[whole].span[1])
        return [*parts_of[1 - _OPEN_LISTS_MAX :], (whole, marker.lastgroup if marker else None)]
    if (
        len(figures) > first
        and figures[-1].unit_canonical != "target_count"  # "đề ra 21 chỉ tiêu, gồm:" lists targets, not parts
        # the regex tries every offset of the paragraph: first the cheap test that it ends with one of the words
        and folded[para.start : para.end].rstrip().rstrip(":").rstrip().endswith(_PARTS_WORDS)
        and _PARTS_FOLLOW_RE.search(folded, para.start, para.end)
    ):
        return [
            *parts_of[1 - _OPEN_LISTS_MAX :],
            (_last_whole(folded, figures, first), _marker_kind(folded, para)),
        ]
    return parts_of


_OPEN_LISTS_MAX = 4  # lists of parts nested in lists of parts: deeper than this, the outermost are let go


def _whole_in_unit(folded: str, figures: list[Figure], whole: int, part: Figure) -> int:
    """Of the figures on the line of the ``whole`` a list of parts below breaks down, the one in the part's unit
    ("có 986/1.386 trường đạt chuẩn, tỷ lệ 71,1%. Trong đó:" then "- Mầm non: 298/452 trường (65,9%)": the
    298 is of the 986, the 65,9% of the 71,1%); the whole itself when none is."""
    if _same_measure(part, figures[whole]):
        return whole
    line_start = folded.rfind("\n", 0, figures[whole].span[0]) + 1
    for i in range(whole - 1, -1, -1):
        fig = figures[i]
        if fig.span[0] < line_start:
            break
        if _same_measure(part, fig) and fig.kind != "progress" and not _against_a_base(folded, fig):
            return i
    return whole


def _last_whole(folded: str, figures: list[Figure], first: int) -> int:
    """The figure a list of parts below breaks down: the last one from ``first`` on that is not a share of plan
    ("đạt 3.940 triệu kWh, bằng 76,5% kế hoạch năm. Trong đó:" lists parts of the 3.940)."""
    for i in range(len(figures) - 1, first - 1, -1):
        fig = figures[i]
        if fig.kind == "progress" or (
            i > first
            and (
                (fig.unit_canonical == "percent" and fig.direction is not None)
                or _against_a_base(folded, fig)
                or _in_brackets(folded, fig)
            )
        ):
            # a share of plan, or the change of the figure before it ("..., tăng 6,1% so với cùng kỳ", "tăng 42
            # trường so với năm trước"), or a restatement in brackets ("(kế hoạch năm 2025 là 91.760 tỷ đồng)")
            continue
        return i
    return len(figures) - 1


# ----------------------------------------------------------------------------------------------- assembly


def _assemble(
    text: str,
    folded: str,
    lower: str,
    para: Paragraph,
    clause: tuple[int, int],
    candidates: list[Candidate],
    figures: list[Figure],
    doc_period: str | None,
    context_kind: str,
    written_in: str | None = None,
    terms: tuple[str, ...] = (),
    report_before: int = -1,
    reported: str | None = None,
) -> None:
    """The figures of one clause, appended to ``figures``; ``terms`` are the terms the document's top names,
    ``reported`` the year results without a year of their own are of."""
    c_start, c_end = clause
    clause_folded = folded[c_start:c_end]
    # the document's term when the text was written in its last year (and reports that year's results)
    reported_term = (
        doc_period if doc_period and len(doc_period) == 9 and doc_period[-4:] == reported else None
    )
    # the sentence of the clause: "Đến cuối năm 2025 còn 14.870 hộ nghèo, chiếm 14,2%; hộ cận nghèo 6.930 hộ"
    sentence_folded = clause_folded
    if written_in is not None and para.sentences:
        s_index = (
            bisect.bisect_right(para.sentences, c_start, key=itemgetter(0)) - 1
            if len(para.sentences) > 1
            else 0
        )
        sentence_folded = folded[para.sentences[s_index][0] : c_end] if s_index >= 0 else clause_folded
    clause_is_target = (
        "phan dau" in clause_folded or "tieu " in clause_folded or "ky vong" in clause_folded
    ) and _sets_target(clause_folded)
    if not clause_is_target and para.sentences and (colon := folded.rfind(":", para.start, c_start)) >= 0:
        # "... yêu cầu tập trung cao nhất cho mục tiêu cả năm 2026: A; B; C.": the colon's lead-in sets each
        # clause of its sentence
        s_start = para.sentences[max(0, bisect.bisect_right(para.sentences, c_start, key=itemgetter(0)) - 1)][
            0
        ]
        clause_is_target = colon >= s_start and _sets_target(folded[s_start:colon])
    cursor = c_start
    previous: Figure | None = None
    bracket_period, bracket_end = None, -1  # a year stated inside brackets, and where they close
    singled_out: str | None = None  # "riêng năm 2025": the clause's year, out of the paragraph's term
    for i, cand in enumerate(candidates):
        next_start = candidates[i + 1].start if i + 1 < len(candidates) else c_end
        next_unit = (
            _squeeze(text[candidates[i + 1].unit.start : candidates[i + 1].unit.end])
            if i + 1 < len(candidates)
            else None
        )
        figs = _read_figure(text, folded, lower, cand, cursor, next_start, c_end, previous, next_unit)
        if previous is None and figures and figures[-1].span[0] >= para.start:
            _name_bare_ratio(figs, figures[-1])
        elif previous is not None and len(figs) == 1:
            after = candidates[i + 1].start if i + 1 < len(candidates) else c_end
            _name_through_bracket(
                text, folded, lower, candidates[i - 1], cand, previous, figs[0], after, c_end
            )
            _share_list_direction(folded, previous, figs[0], cand.start)
            _name_change_of_count(previous, figs[0])
            if (
                fold_keep_length(figs[0].indicator).lower() in _BARE_MEASURES
                and previous.unit.replace(" ", "").isalpha()
                and previous.unit not in ("lượt", "lần")
                and previous.unit_canonical is not None
                and _is_count(previous.unit_canonical)
            ):
                figs[
                    0
                ].indicator = f"{figs[0].indicator} {previous.unit}"  # "2 khu công nghiệp với quy mô 850 ha"
        for fig in figs:
            if not fig.qualifier and fig.indicator.endswith(" cũ") and "(" in fig.indicator:
                _split_open_place(fig)
        before = previous or (figures[-1] if figures and figures[-1].span[0] >= para.start else None)
        if before is not None:
            if figs and _may_name_a_place(figs[0].indicator) and not _same_measure(figs[0], before):
                # "giảm còn 2,3%, mỗi năm giảm 0,8 điểm phần trăm; riêng xã Hòa Bình (cũ) giảm xuống dưới 4%"
                before = _last_of_measure(figures, para.start, figs[0]) or before
            elif (
                figs
                and (before.kind == "progress" or _against_a_base(folded, before))
                and figs[0].direction is None
                and _may_name_a_place(figs[0].indicator)
            ):
                # "có 712.540 học sinh, tăng 6.210 học sinh so với năm trước; riêng khu vực X cũ có 402.118 học
                # sinh", "đạt 94,7%, bằng 99,7% kế hoạch; riêng X cũ đạt 95,2%": the place's level, not its change
                before = _last_of_measure(figures, para.start, figs[0], levels=True) or before
            _name_place_part(figs, before)
            if (
                previous is not None
                and previous.qualifier
                and len(figs) == 1
                and not folded[cursor : cand.start].strip(" ,;")
                and not _same_measure(figs[0], previous)
                and (whole := _last_of_measure(figures, para.start, figs[0])) is not None
            ):
                # "(tỉnh Gia Lai cũ 23 cụm, 1.032 ha; ...)": the place's second measure, of the whole in that unit
                figs[0].indicator, figs[0].qualifier = whole.indicator, previous.qualifier
        if (
            previous is not None
            and len(figs) == 1
            and previous.unit_canonical != figs[0].unit_canonical
            and len(figs[0].indicator) <= len(figs[0].unit) + 2
            and _squeeze(figs[0].indicator).lower() == figs[0].unit.lower()
            and _AND_JOINT_RE.fullmatch(text, previous.span[1], cand.start)
            and (verbs := _verbs_before_noun(previous))
        ):
            # "thành lập mới 450 doanh nghiệp và 25 hợp tác xã": the verbs of the first go with the second
            figs[0].indicator = f"{verbs} {figs[0].indicator}"
        if (
            previous is None
            and len(figs) == 1
            and figures
            and figures[-1].span[0] >= para.start
            and figs[0].unit_canonical != "target_count"
            and _may_be_plan_words(figs[0].indicator)
            and _PLAN_WORDS_NAME_RE.fullmatch(fold_keep_length(figs[0].indicator).lower())
        ):
            figs[0].indicator = figures[-1].indicator  # "đạt 8,9%/năm (mục tiêu Nghị quyết 10 - 11%)"
        to_level = _to_level(folded, lower, candidates[i - 1], previous, cursor, cand, figs) if i else None
        stated = (
            None
            if to_level
            # "Nghị quyết nhiệm kỳ 2025-2030 đề ra: đến năm 2030, thu ngân sách ...": after a colon, its own
            else (
                (
                    (colon := folded.rfind(":", cursor, cand.start)) >= 0
                    and year_hint(folded, colon + 1, cand.start)
                )
                or year_hint(folded, cursor, cand.start)
                or _label_year(folded, cursor, cand.start)
                or _term_end_year(folded, cursor, cand.start, doc_period, terms)
                or _relative_year(folded, cursor, cand.start, written_in)
                or (cutoff_year(folded, cursor, cand.start) if para.period is None else None)
                # "Giai đoạn 2021-2025, ... . Đến ngày 31/12/2025, có 11.250 doanh nghiệp": a clause opening with a
                # date counts what stands at that date, not over the term before it
                or (
                    opening.group("year")
                    if para.period
                    and len(para.period) == 9
                    and (opening := _CUTOFF_OPENING_RE.match(folded, cursor))
                    else None
                )
            )
        )
        if stated and _opens_bracket(folded, cursor, cand.start):
            # "đạt 12,8 bác sĩ/vạn dân (năm 2020 là 9,6 ...)": a year in brackets is the bracket's only
            bracket_period, bracket_end = stated, folded.find(")", cand.start, c_end) % (c_end + 1)
            stated = None
        elif (
            previous is not None
            and previous.period
            and folded.find("(", max(c_start, cand.start - 60), cand.start) >= 0
            and (base := _BASE_IN_BRACKET_RE.search(folded, max(c_start, cand.start - 60), cand.start))
        ):
            # "tăng 8,2% so với cùng kỳ năm 2024 (1.155 triệu USD)", "(cùng kỳ năm trước đạt 2.000 tỷ đồng)": the
            # bracket holds the base the change is over, a figure of that year
            bracket_period = base.group("year") or str(int(previous.period[-4:]) - 1)
            bracket_end = folded.find(")", cand.start, c_end) % (c_end + 1)
        if bracket_period and cand.start < bracket_end:
            for fig in figs:
                fig.extra["bracket_period"] = bracket_period
        if stated:
            if (
                para.period
                and len(para.period) == 9
                and _SINGLED_OUT_YEAR_RE.search(folded, cursor, cand.start)
            ) or (para.period and len(stated) == 9 and stated[-4:] == para.period):
                # a year singled out of the paragraph's term scopes its clause only: "Giai đoạn 2021-2025, ...;
                # riêng năm 2025 tăng 8,2%. Thu ngân sách 5 năm ..."; and so does the term that ends in the
                # paragraph's year: "đến năm 2030, tuổi thọ ... 75 tuổi; ... bình quân giai đoạn 2026-2030 từ 0,9%
                # đến 1,0%/năm; tỷ số tử vong mẹ dưới 35 ca/100.000 trẻ đẻ sống" (a level in 2030)
                singled_out = stated
            else:
                para.period = stated  # a year written before a figure scopes the rest of the paragraph
        for fig in figs:
            fig.category = para.category
            fig.period = fig.extra.pop("bracket_period", None) or singled_out or para.period or doc_period
            if singled_out:
                fig.extra["singled_out"] = True
            if own_year := fig.extra.pop("own_year", None):
                fig.period = own_year  # "đạt 35% năm 2026 và trên 70% năm 2030"
            elif fig.unit_canonical != "times" and (
                trailing := _trailing_period(folded, fig.span[1], next_start)
            ):
                # (not "gấp 1,7 lần giai đoạn 2016-2020": the term a multiple is of)
                fig.period = trailing  # "Tỷ lệ che phủ rừng đạt 60% vào năm 2030"
            elif (
                fig.unit_canonical != "times"
                and folded[fig.span[1] - 1].isdigit()  # (the span must end with a term's year: most do not)
                and (closing := _CLOSING_TERM_RE.search(folded, _number_start(fig), fig.span[1]))
            ):
                # "hỗ trợ ít nhất 40 dự án khởi nghiệp trong giai đoạn 2026 - 2030": the term its words close with
                fig.period = f"{closing.group(1)}-{closing.group(2)}"
            elif (
                (terms or (doc_period and len(doc_period) == 9))
                and fig.period
                and len(fig.period) == 4
                and (term := _term_ending(fig.period, doc_period, terms))
                and _spans_the_term(
                    folded, para, fig, (cand.start, cand.end), term, own_term=term == doc_period
                )
            ):
                fig.period = term  # "bình quân 9,5%/năm" under "Chỉ tiêu đến năm 2030" of a 2025-2030 term
            kind_context = context_kind
            if (
                para.section_kind == "actual"
                and written_in
                and len(doc_term := doc_period or "") == 9
                and written_in < doc_term[-4:]
                and is_per_year(fig.unit)
                and folded.find("binh quan", cursor, cand.start) >= 0
                and not _COUNTED_YEARS_RE.search(folded, c_start, cand.start)
                and not year_hint(folded, c_start, cand.start)
            ):
                # "tăng bình quân từ 10% đến 12%/năm" in a review of a term's first year: the term's target, which
                # no result can reach before the term ends
                fig.period, kind_context = doc_term, "target"
            elif (
                cand.start < report_before
                and fig.period == written_in
                and folded.find(fig.period, c_start, cand.start) >= 0
            ):
                kind_context = "actual"
            # the year the text was written in tells results from plans only for a year its sentence states
            fig.kind = _kind(
                folded, lower, fig, cand, cursor, kind_context, clause_is_target, previous,
                written_in, stated=bool(fig.period) and fig.period[-4:] in sentence_folded,
            )  # fmt: skip
            if part_kind := fig.extra.pop("place_part_kind", None):
                fig.kind = part_kind  # a place's figure is of its whole's kind: "ước đạt 7,6% (X cũ 7,9%)"
            elif (
                fig.kind == "target"
                and previous is not None
                and previous.kind == "target"
                and not clause_is_target
                and _PLAN_BESIDE_RE.fullmatch(folded, previous.span[1], cand.start)
            ):
                previous.kind = "actual"  # "thu ngân sách đạt 3.200 tỷ đồng (kế hoạch năm 4.100 tỷ đồng)"
            if (
                written_in
                and fig.kind != "target"
                and fig.period
                and (
                    fig.period[:4] > written_in
                    or fig.period[:4] < written_in < fig.period[-4:]
                    or (fig.period == written_in != reported and written_in not in sentence_folded)
                    or (
                        # a page of 2025 reviewing 2021-2025: a level or a year's result that no year of its
                        # paragraph dates is where things stand in 2025 ("Diện tích cây ăn quả đạt 38.640 ha");
                        # a total over the term or an average per year is of the term
                        fig.period == doc_period == reported_term
                        and para.period is None
                        and not _over_the_years(folded, para, fig, c_start, (cand.start, cand.end))
                    )
                )
                and fig.period[-4:] not in clause_folded
            ):
                # a result, for a year its clause does not state, after the year the text was written in: the
                # year of a headline's or a closing plan ("năm 2027 phấn đấu ..."), not this figure's; in a
                # mid-term review of 2021-2025 written in 2023, where things stand in 2023
                fig.period = reported
            elif written_in and fig.kind != "target" and fig.period is None:
                fig.period = (
                    reported  # "9 tháng qua đã giải quyết việc làm cho 38.650 lao động" in a dated text
                )
            if (
                previous is None
                and figures
                and figures[-1].span[0] >= para.start
                and fig.unit_canonical in _RATIO_UNITS
                and fold_keep_length(fig.indicator).lower() in _AVERAGE_WORDS
            ):
                # "... ước đạt 6.150 tỷ đồng, vượt dự toán; bình quân giai đoạn 2016-2019 tăng 13,8%/năm": the
                # clause before names it
                fig.indicator = figures[-1].indicator
            figures.append(fig)
            if to_level and previous is not None:
                fig.indicator = previous.indicator
                # "giảm ... từ 15,2%": a level, the change is the pair's, and the level it goes to says it ("tăng từ
                # 88,2% năm 2020 lên 94,8%", as "tăng lên 94,8%")
                fig.direction = (
                    fig.direction or previous.direction or _TO_LEVEL_DIRECTION[to_level.group("to")]
                )
                previous.direction = None
                if to_level.group("year"):  # "từ 55% năm 2020 lên 58%": the level of that year
                    previous.period, previous.kind = to_level.group("year"), "actual"
                if after := _YEAR_AFTER_RE.match(folded, cand.unit.end):
                    fig.period = after.group(1)
            previous = fig
        cursor = max(cand.unit.end, figs[-1].span[1] if figs else cand.unit.end)
        if (
            figs
            and i + 1 < len(candidates)
            and (own_year := _OWN_YEAR_AFTER_RE.match(folded, cursor, candidates[i + 1].start))
        ):
            # "đạt 35% năm 2026 và trên 70% năm 2030", "10% GRDP vào năm 2026 và 20% GRDP vào năm 2030": the year
            # closes this figure; the next one's words start after it
            for fig in figs:
                fig.period = own_year.group(1)
            cursor = own_year.end()


# A year closing a figure before "và" or a comma and the next figure: "đạt 35% năm 2026 và trên 70% năm 2030" (not
# where it starts from: "164 công trình chuyển tiếp từ năm 2025 và ...")
_OWN_YEAR_AFTER_RE = re.compile(
    r"(?<!\btu)(?: (?:grdp|dan so|ho gia dinh|dien tich|so ho|tong so))?,? (?:ngay )?(?:vao |den |trong )?(?:(?:cuoi|het) )?nam"
    r" ((?:19|20)\d\d)\b(?!\s*[-–/]\s*\d)(?=\s*(?:va|,|;)\s)"
)
# "từ 55% năm 2020 lên 58% vào năm 2025", "từ 15,2% xuống còn 8%": a level and the level it is to reach.
_FROM_BEFORE_RE = re.compile(r"(?:^|\s)từ\s*$")
_TO_LEVEL_RE = re.compile(
    r"(?:\(?\s*(?:vao |den )?(?:cuoi )?nam (?P<year>(?:19|20)\d\d)\s*\)?\s+)?(?:(?:tang|giam|nang|ha) )?(?P<to>len|xuong)"
    r"(?: con| den| toi| muc)?"
)  # "từ 52,3 triệu đồng (năm 2020) lên 81,6 triệu đồng (năm 2025)" too
_TO_LEVEL_DIRECTION = {"len": "increase", "xuong": "decrease"}
_CUTOFF_OPENING_RE = re.compile(
    r"[\s\-–•*+]*(?:den|tinh den|tai thoi diem)(?: het)?(?: (?:ngay \d{1,2}/|thang )| \d{1,2}/)\d{1,2}/(?P<year>(?:19|20)\d\d)(?![\d/])"
)
_YEAR_AFTER_RE = re.compile(r"\s*\(?\s*(?:vao |den |trong )?(?:cuoi |het )?nam ((?:19|20)\d\d)\b")


def _to_level(
    folded: str,
    lower: str,
    before: Candidate,
    previous: Figure | None,
    cursor: int,
    cand: Candidate,
    figs: list[Figure],
) -> re.Match[str] | None:
    """The words between a ``từ X`` figure and this one when they say ``lên`` / ``xuống (còn)``: this figure
    is then the level the other one's indicator is to reach (its match tells the first one's year, if any)."""
    if previous is None or len(figs) != 1 or figs[0].unit_canonical != previous.unit_canonical:
        return None
    if not _FROM_BEFORE_RE.search(lower, max(0, before.start - 8), before.start):
        return None
    return _TO_LEVEL_RE.fullmatch(folded[cursor : cand.start].strip(" ,"))


_OPEN_BRACKET_RE = re.compile(r"\s*\(\s*(?:(?:chiem|bang|dat|khoang|tuong duong)\s+)?")
_CLOSE_BRACKET_RE = re.compile(r"\s*\)")


def _name_through_bracket(
    text: str,
    folded: str,
    lower: str,
    before: Candidate,
    cand: Candidate,
    previous: Figure,
    fig: Figure,
    next_start: int,
    c_end: int,
) -> None:
    """``có 80/95 xã (84,2%) đạt chuẩn nông thôn mới``: a count and its share in brackets, with the words that
    name them after the bracket; both figures get the count's noun and those words."""
    if previous.indicator != _unit_noun(previous.unit) or not _OPEN_BRACKET_RE.fullmatch(
        folded, before.unit.end, cand.start
    ):
        return
    close = _CLOSE_BRACKET_RE.match(folded, cand.unit.end, c_end)
    if close is None:
        return
    tail = text[close.end() : _post_phrase_end(folded, lower, close.end(), next_start, c_end)].strip(" ,")
    if tail:
        previous.indicator = fig.indicator = f"{previous.indicator} {_squeeze(tail)}"


# The words a place's name opens with; the tests of places below are all built from them.
_PLACE_WORDS = ("tỉnh", "huyện", "thành phố", "thị xã", "quận", "xã", "phường", "thị trấn", "đặc khu")
_PLACE_ALTERNATIVES = "|".join(_PLACE_WORDS)
# A place alone names a figure's part: "(tỉnh Gia Lai cũ 7,1%/năm, tỉnh Bình Định cũ 6,8%/năm)".
_PLACE_ONLY_RE = re.compile(
    rf"(?:khu vuc |dia ban )?(?:{fold_keep_length(_PLACE_ALTERNATIVES)}) [a-z][a-z ]{{1,30}}?(?: \(?cu\)?)?"
    r"|(?:khu vuc|dia ban) [a-z][a-z ]{1,30}? \(?cu\)?"  # "khu vực Quảng Ngãi cũ": a former province
    r"|[a-z][a-z ]{1,30}? \(?cu\)?"  # "Hòa An (cũ)", "Quảng Bình cũ": a former place by its name alone
)
# A former place by its name alone, capitalised, before "(cũ)" or "cũ": "(Hòa An (cũ) 64,1 tạ/ha; Hòa Bình (cũ) ...)",
# "(Quảng Bình cũ 7,9%, ...)"
_BARE_FORMER_PLACE_RE = re.compile(
    r"\(?\s*(?:[Rr]iêng )?[A-ZĐÂÊÔƠƯ]\w*(?: [A-ZĐÂÊÔƠƯ]\w*){0,3} (?:\(cũ\)|cũ)"
)
# A verb left after a place's name: "khu vực Kon Tum (cũ) thu 2.915 tỷ đồng", "riêng các xã miền núi giảm còn 11,4%"
_PLACE_VERB_RE = re.compile(
    r" (?:thu hut|thu|don|dat|co|chiem|con|giam|tang|la|dong gop)(?: con| xuong| len)?$"
)


# A place a name opens with, its proper name capitalised, before the lower-case words of the name
_LEADING_PLACE_RE = re.compile(rf"(?i:{_PLACE_ALTERNATIVES})(?: [A-ZĐÂÊÔƠƯ\d]\w*)+ (?=[a-zđ\u00e0-\u1ef9])")
_PLACE_HEAD_RE = re.compile(rf"(?i:(?:khu vực|địa bàn) )?(?i:(?:{_PLACE_ALTERNATIVES}) )?")


def _names_a_place(name: str) -> bool:
    """Whether the words after "tỉnh"/"khu vực" are a proper name: "tỉnh Gia Lai cũ", not "tỉnh đặt mục tiêu"."""
    name = name.removeprefix("Riêng ").removeprefix("riêng ")
    rest = name[_PLACE_HEAD_RE.match(name).end() :]  # type: ignore[union-attr]
    return rest[:1].isupper()


_PLACE_HEADS = tuple(f"{word} " for word in (*_PLACE_WORDS, "khu vực", "địa bàn"))


def _last_of_measure(
    figures: list[Figure], since: int, part: Figure, *, levels: bool = False
) -> Figure | None:
    """The last figure from offset ``since`` in the unit of ``part`` that a place's part could be of: not
    itself a place's figure ("khu vực tỉnh Bình Định (cũ) đón 8,1 triệu lượt khách"); with ``levels``, not a
    change or a share of plan either."""
    for fig in reversed(figures):
        if fig.span[0] < since:
            return None
        named_by_place = fig.indicator.lower().removeprefix("riêng ").startswith((*_PLACE_HEADS, "khu vực "))
        if (
            _same_measure(part, fig)
            and not named_by_place
            and "cũ" not in fig.indicator
            and not (levels and (fig.direction is not None or fig.kind == "progress"))
        ):
            return fig
    return None


def _may_name_a_place(name: str) -> bool:
    """A cheap test that ``_name_place_part`` may read ``name`` as a place (its full test is regexes)."""
    lowered = name.lower().removeprefix("riêng ").lstrip("( ")
    return lowered.startswith(_PLACE_HEADS) or "(cũ)" in name or name.endswith(" cũ")


_OPEN_PLACE_RE = re.compile(r"(.+?)\s*\(\s*([^()]+)")


def _split_open_place(fig: Figure) -> None:
    """ "Tổng vốn đầu tư 5 năm (tỉnh Gia Lai cũ khoảng 280 nghìn tỷ đồng, ...)": a figure opening brackets of former
    places after a name with no figure of its own is that name's value for the first place."""
    m = _OPEN_PLACE_RE.fullmatch(fig.indicator)
    if m and (
        _BARE_FORMER_PLACE_RE.fullmatch(place := m.group(2))
        or (place.lower().startswith(_PLACE_HEADS) and _names_a_place(place))
    ):
        fig.indicator, fig.qualifier = m.group(1).strip(" ,:"), place


def _same_measure(fig: Figure, whole: Figure) -> bool:
    """Whether a part is in its whole's unit: the same, or the whole's written shorter ("58,6 triệu
    đồng/người/năm (xã A cũ 63,2 triệu đồng; ...)")."""
    unit, whole_unit = fig.unit_canonical or fig.unit, whole.unit_canonical or whole.unit
    return unit == whole_unit or (bool(fig.unit_canonical) and whole_unit.startswith(f"{unit}/"))


def _name_place_part(figs: list[Figure], before: Figure) -> None:
    """A figure named only by a place after a figure of the same unit is that figure's value for the place
    (a former province, a district): the indicator and direction of the figure before it, the place as its
    ``qualifier``, which keeps it apart from the whole in the archive."""
    for fig in figs:
        bare = _BARE_FORMER_PLACE_RE.fullmatch(fig.indicator)
        if (
            _same_measure(fig, before)
            and (bare or fig.indicator.lower().removeprefix("riêng ").startswith(_PLACE_HEADS))
            and _PLACE_ONLY_RE.fullmatch(
                _PLACE_VERB_RE.sub("", fold_keep_length(fig.indicator).removeprefix("rieng ").lstrip("( "))
            )
            and (bare or _names_a_place(fig.indicator))
        ):
            place = fig.indicator.removeprefix("Riêng ").removeprefix("riêng ").lstrip("( ")
            if place[:12] not in fig.quote:
                continue  # a name copied from the place before ("..., Quảng Trị cũ 7,2%), thấp hơn kế hoạch (8,0%)")
            fig.qualifier = place[: len(_PLACE_VERB_RE.sub("", fold_keep_length(place)))]
            if before.qualifier is None and (lead := _LEADING_PLACE_RE.match(before.indicator)):
                # "Huyện A thu ngân sách 3.200 tỷ đồng; huyện B 450 tỷ đồng": the first names its place too
                before.qualifier = lead.group().strip()
                before.indicator = _strip_empty_lead(before.indicator[lead.end() :])
            fig.indicator = before.indicator
            fig.direction = fig.direction or before.direction
            # "(khu vực Kon Tum cũ đạt 31,5%)" of "đạt 38,6% kế hoạch" is progress too
            fig.extra["place_part_kind"] = before.kind


_LIST_JOINT_RE = re.compile(r"[\s,;]*(?:va\s*)?")


def _share_list_direction(folded: str, previous: Figure, fig: Figure, number_start: int) -> None:
    """ "Giảm 18% số vụ, 12% số người chết và 21% số người bị thương": the verb before the first figure of a
    list of shares counts for each of them (each number following the one before with nothing but a comma
    or "và" between)."""
    if (
        fig.direction is None
        and previous.direction is not None
        and fig.unit == previous.unit
        and _LIST_JOINT_RE.fullmatch(folded, previous.span[1], number_start)
    ):
        fig.direction = previous.direction


def _name_change_of_count(previous: Figure, fig: Figure) -> None:
    """A count's change named by its unit alone is the count's: "có 120 hợp tác xã kiểu mới, tăng 14 đơn vị"
    (or "tăng 14 hợp tác xã") so với năm 2025"."""
    if (
        fig.direction is not None
        and fig.indicator == fig.unit
        and previous.direction is None
        and previous.indicator != previous.unit
        and (fig.unit == previous.unit or fig.unit == "đơn vị")
        and previous.unit_canonical is not None
        and _is_count(previous.unit_canonical)
        and fig.unit_canonical not in _RATIO_UNITS
    ):
        fig.indicator = previous.indicator


def _name_bare_ratio(figs: list[Figure], before: Figure) -> None:
    """A rate with no words of its own opening a clause ("...; dự kiến năm 2026 tăng 8,5%"), or a figure named
    only by a plan word ("...; dự toán năm 2027 là 8.000 tỷ đồng"), is about the indicator of the figure
    before it in the paragraph."""
    for fig in figs:
        if (
            fig.indicator == fig.unit
            and fig.unit_canonical not in _RATIO_UNITS
            # a measure (tỷ đồng, tấn, ha) names nothing; "bác sĩ/vạn dân", "xã" name what they count
            and (
                fig.unit == before.unit
                or (fig.unit_canonical is not None and not _is_count(fig.unit_canonical))
            )
        ) or (
            fig.unit == before.unit
            and len(fig.indicator) <= 20
            and _PLAN_WORDS_ONLY_RE.fullmatch(fold_keep_length(fig.indicator))
        ):
            # "...ước đạt 7.450 tỷ đồng; dự toán năm 2027 là 8.000 tỷ đồng", "Năm 2030: thu ngân sách 20.000 tỷ
            # đồng; năm 2029: 18.000 tỷ đồng"
            fig.indicator = before.indicator
        elif fig.unit_canonical in _RATIO_UNITS and (
            fig.indicator == fig.unit
            or (
                len(fig.indicator) <= 40
                and _SHARE_OF_GRDP_RE.fullmatch(fold_keep_length(fig.indicator))
                and any(ch.isdigit() for ch in fig.quote[: max(0, fig.quote.rfind(fig.indicator))])
            )
        ):
            fig.indicator = before.indicator  # also "...; đến năm 2030 đạt 20% GRDP": a share of GRDP
        elif len(fig.indicator) <= 40 and (
            (folded := fold_keep_length(fig.indicator).lower()) == "rieng" or _only_a_time(folded)
        ):
            # "GRDP tăng bình quân 7,1%/năm; riêng năm 2025 tăng 8,2%", "...; cuối năm 2020 là 9,6%" (not the
            # adverbs of _names_nothing: "chi" may be "chi", spending)
            fig.indicator = before.indicator


def _phrase_start(folded: str, start: int, limit: int) -> int:
    """Skip separators, list markers and lead-ins such as ``trong đó:`` or ``Đến năm 2021,``."""
    pos = start
    while pos < limit:
        m = _LEAD_IN_RE.match(folded, pos, limit)
        if not m or m.end() == pos:
            break
        pos = m.end()
    return pos


# Words after which a sentence names its figure, wherever they stand in it: "ông A cho biết năm 2027 xã phấn đấu
# tổng thu ngân sách ...", "Bên cạnh đó, xã đặt chỉ tiêu tỷ lệ hộ nghèo ...", "Dù còn khó khăn, ...".
_CUT_RE = re.compile(
    r"\b(?:phan dau|(?:dat|de ra) (?:cac |nhung )?(?:chi tieu|muc tieu)|cho (?:biet|hay|thay)|(?:ngoai ra|ben canh do|dong thoi)\s*,)"
    r"|, trong do\b"
)
_CONCESSION_RE = re.compile(r"(?:du|mac du|tuy)\b(?! nhien)[^,;:()]{0,80},")  # "Dù còn nhiều khó khăn, ..."
# Who sets a target, not what it is: "xã cũng phấn đấu có thêm 2 trường ..."
_SUBJECT_WORDS = frozenset(
    "tinh xa phuong huyen thanh pho thi tran dac khu nganh toan ca cung van se chung toi ta nam".split()
)
# An office or a service sector that sets the target, not a sector whose output it is ("Ngành y tế phấn đấu đạt
# 12,5 bác sĩ/vạn dân", "Sở Giáo dục và Đào tạo phấn đấu có ..."; but "Ngành công nghiệp phấn đấu tăng 10%")
_OFFICE_SUBJECT_RE = re.compile(
    r"\s*(?:(?:toan )?nganh (?:y te|giao duc(?: va dao tao)?|lao dong[^,;:]{0,40}|noi vu|tu phap|tai nguyen"
    r"[^,;:]{0,30})|so [^,;:]{2,40}|(?:ubnd|uy ban nhan dan) [^,;:]{2,40})\s*(?:cung |se |van )?"
)


def _last_cut(folded: str, lower: str, start: int, end: int) -> int | None:
    """Where the figure's words start after the last such cue before it, if words are left after it."""
    words = folded[start:end]
    if (
        "phan dau" not in words
        and "tieu" not in words
        and "cho " not in words
        and not (
            words.startswith(("du ", "mac du ", "tuy ")) or "ngoai ra" in words or "ben canh do" in words
        )
        and "dong thoi" not in words
        and ", trong do" not in words
    ):
        return None  # no cue _CUT_RE or _CONCESSION_RE could find
    last = _CONCESSION_RE.match(folded, start, end)
    if last and lower[start : start + 2] not in ("dù", "du", "mặ", "ma", "tu"):
        last = None  # "Dư nợ cho vay nông nghiệp, nông thôn đạt ...": "dư" folds to the "dù" of a concession
    for m in _CUT_RE.finditer(folded, start, end):
        if folded.startswith("dat ", m.start()) and lower[m.start() : m.start() + 3] not in ("đặt", "dat"):
            continue  # "không đạt mục tiêu đề ra (7,5%)": a result against its target, which names nothing
        last = m
    if last is None or last.end() >= end:
        return None
    if (
        not _content_words(folded[last.end() : end])
        and not folded.startswith(
            "cho ", last.start()
        )  # "..., đánh giá cho thấy 91,6% tổ chức ...": who said it
        and set(folded[start : last.start()].split()) - _SUBJECT_WORDS
        and not _OFFICE_SUBJECT_RE.fullmatch(folded, start, last.start())
    ):
        return None  # "Tổng thu ngân sách phấn đấu đạt 80 tỷ đồng": the words before the cue name it
    return last.end()


def _read_figure(
    text: str,
    folded: str,
    lower: str,
    cand: Candidate,
    cursor: int,
    next_start: int,
    c_end: int,
    previous: Figure | None,
    next_unit: str | None = None,
) -> list[Figure]:
    """The figure of candidate ``cand`` (its words from ``cursor``); ``next_unit`` is the unit of the next number
    in the clause, as written."""
    start = _phrase_start(folded, cursor, cand.start)
    if (cut := _last_cut(folded, lower, start, cand.start)) is not None:
        start = _phrase_start(folded, cut, cand.start)
    pre_folded = folded[start : cand.start]
    unit = cand.unit
    end = unit.end
    at_least = _AT_LEAST_AFTER.match(folded, end)
    words_between = None  # "từ 3.000 đảng viên mới trở lên": words of the noun before the "trở lên"
    if at_least is None and folded.startswith(" ", end):
        if pre_folded.rstrip().endswith("tu") and _FROM_BEFORE_RE.search(lower, start, cand.start):
            at_least = words_between = _AT_LEAST_LATER_RE.match(folded, end, min(next_start, c_end))
        elif (near := _AT_LEAST_NEAR_RE.match(folded, end, min(next_start, c_end))) and not (
            _RATING_WORDS & set(near.group().split())
        ):
            at_least = words_between = near  # "giảm 3.000 hộ nghèo trở lên" (not "xếp loại khá trở lên")
    # (from the cursor, not the name's start: a lead-in the name skips may end in a comparator's words, "Ước cả
    # năm tăng 7,9%")
    comparator = _comparator(
        folded, lower, folded[max(cursor, cand.start - 40) : cand.start], cand, at_least is not None
    )
    words_after = end  # where words after the figure may start: after its unit and a "trở lên"
    if at_least and comparator in ("=", ">="):
        end = at_least.end()
        if words_between is None:
            words_after = end
    if unit.canonical == "rank" and (field_of := _RANK_FIELD_RE.match(folded, end, c_end)):
        end = words_after = field_of.end()  # "xếp thứ 18/34 tỉnh, thành phố": among whom
    content = _content_words(pre_folded)
    unit_text = _squeeze(text[unit.start : unit.end])
    ratio = unit.canonical in _RATIO_UNITS
    if (
        content
        and not ratio
        and _is_count(unit.canonical)
        and (there_are := _THERE_ARE_RE.search(lower, max(start, cand.start - 30), cand.start))
        and not _may_name_a_place(
            text[start : there_are.start(1)].strip(" ,")
        )  # "Riêng tỉnh X cũ có 41 dự án"
        # "Tổng đàn gia súc hiện có 185.000 con": a name before "có", not a place or a time
        and not (
            _NAME_HEAD_RE.match(folded, start, there_are.start(1))
            and not folded.startswith("tong cong", start)
        )
        # "Lực lượng lao động của tỉnh có 372.400 người.": a bare "người" names no one, the subject does
        and not (
            unit.canonical == "person"
            and _BARE_UNIT_END_RE.match(folded, unit.end)
            and not _WHERE_WORDS_RE.search(folded, start, there_are.start(1))
        )
    ):
        # "Lũy kế đến nay, trên địa bàn tỉnh có 186 dự án FDI còn hiệu lực", "toàn tỉnh (trước sắp xếp) có
        # 201/294 xã đạt chuẩn": what there is, named by the words after the number, not the time or the place
        start = there_are.start(1)
        pre_folded = folded[start : cand.start]
        content = _content_words(pre_folded)
    elif (
        content
        and ratio
        and "," in pre_folded
        and (there_are := _THERE_ARE_RE.search(lower, max(start, cand.start - 30), cand.start))
        and (comma := folded.rfind(",", start, there_are.start(1))) >= 0
        and not _content_words(
            folded[_phrase_start(folded, comma + 1, there_are.start(1)) : there_are.start(1)]
        )
    ):
        # "Công tác xây dựng Đảng đạt nhiều kết quả, hằng năm có 96,5% tổ chức cơ sở đảng hoàn thành tốt nhiệm
        # vụ": the clause before the comma says how it went, the words after the share what it is of
        start = there_are.start(1)
        pre_folded = folded[start : cand.start]
        content = _content_words(pre_folded)
    base = _BASE_AFTER_RE.match(folded, end, min(next_start, c_end)) if ratio else None
    own_year = (
        _BARE_YEAR_AFTER_RE.match(folded, unit.end)
        if base and unit.canonical != "times" and not _COMPARED_BEFORE_RE.search(pre_folded[-32:])
        else None
    )  # "đạt 70% năm 2030": the year the figure is for; a base takes "so với" or "bằng" ("bằng 105% năm 2024")
    if base:
        end = _rstrip_end(folded, unit.end, base.end())
        # A base that runs into the next figure gives back that figure's cue words.
        if next_start < c_end and base.end() >= next_start - 1:
            end = unit.end + len(_strip_trailing_cues(folded[unit.end : end], lower, unit.end))
            if folded[unit.end : end].endswith("so voi") and (year := _BASE_YEAR_RE.match(folded, end)):
                end = year.end()  # "tăng 18,5% so với năm 2024 và đạt 112%": the base's year stays with it
    post_end = end if base else _post_phrase_end(folded, lower, end, next_start, c_end)
    if post_end > words_after and (period := _TRAILING_PERIOD_RE.match(folded, words_after, post_end)):
        post_end = (
            words_after if period.end() >= post_end - 1 else post_end
        )  # "... trong giai đoạn 2016 - 2020": no name
    colon = pre_folded.rfind(":")
    if colon >= 0 and content > 1 and post_end > words_after and not _content_words(pre_folded[colon + 1 :]):
        # "Cấp nước sạch: 100% hộ dân được cấp nước sạch từ hệ thống tập trung": the label names the topic, the
        # words after the number the figure
        label = (
            ""
            if _DISCOURSE_LABEL_RE.search(folded, start, start + colon)
            else _clean_indicator(text, folded, lower, start, start + colon)
        )  # "Những hạn chế chủ yếu: thiếu 1.350 giáo viên": a heading of the discourse, not the figure's topic
        start = _phrase_start(folded, start + colon + 1, cand.start)
        pre_folded = folded[start : cand.start]
        content = 0
    else:
        label = ""
        if (
            colon >= 0
            and (
                _NAME_HEAD_RE.match(pre_folded, colon + 1)
                or (
                    (after := _phrase_start(folded, start + colon + 1, cand.start)) > start + colon + 1
                    and _YEAR_IN_RE.search(folded, start + colon + 1, after)  # a time lead-in after the colon
                    and _content_words(folded[after : cand.start])
                )
            )
        ):
            # "kinh tế tiếp tục tăng trưởng khá: tốc độ tăng trưởng GRDP ước đạt 8,6%", "Bà ..., Giám đốc Sở Tài
            # chính: Dự toán thu ngân sách ... là", "Nghị quyết đề ra: đến năm 2030, thu ngân sách đạt ...": a
            # lead-in or a speaker before a name of its own
            after_colon = _phrase_start(folded, start + colon + 1, cand.start)
            if (
                folded[after_colon : cand.start].strip() in _LABELLED_MEASURES
                and 0 < len(folded[start : start + colon].split()) <= 4
                and not any(ch.isdigit() for ch in folded[start : start + colon])
            ):
                # "- Cây lúa: diện tích 71.200 ha, sản lượng 398,6 nghìn tấn": the label says whose measure it is
                label = _clean_indicator(text, folded, lower, start, start + colon)
            start = after_colon
            pre_folded = folded[start : cand.start]
            content = _content_words(pre_folded)
    noun = _unit_noun(unit_text) if _is_count(unit.canonical) and not ratio else ""
    # words after the number that the catalog must not take for the figure's indicator: the total a verb takes a
    # share of ("bố trí 3% tổng chi ngân sách cho ..."), what money set aside is for ("dành 30 tỷ đồng cho ...")
    share_of_object = ""
    if content and not ratio and _only_object_verbs(pre_folded):
        content = 0  # "Chuyển đổi 1.200 ha đất lúa kém hiệu quả": the words after the unit name the figure
    if content > 1 or (content and not noun):
        indicator = _clean_indicator(text, folded, lower, start, cand.start)
        if label:
            indicator = f"{label}: {indicator}"
        # "gieo trồng 5.310 ha ngô và 2.880 ha rau": in a list of one unit, the word after each unit is its own
        parallel = (
            _PARALLEL_TAIL_RE.fullmatch(folded, words_after, next_start)
            if next_unit is not None and next_unit == unit_text and not base
            else None
        )
        if parallel:
            indicator = f"{indicator} {text[parallel.start(1) : parallel.end(1)]}"
            end = parallel.end(1)
        elif (
            (not ratio or unit.canonical == "percent")
            and not base
            and unit.canonical
            and _ends_with_object_verb(pre_folded)
            and not _NAME_HEAD_RE.match(pre_folded)  # "Số doanh nghiệp thành lập mới từ 1.300 doanh nghiệp"
            and (
                verb_object := _verb_object(
                    text, folded, noun, words_after, post_end, most_words=12 if ratio else 8
                )
            )
        ):
            # "Cứng hóa thêm ít nhất 1.500 km đường giao thông nông thôn", "tổ chức 24 phiên giao dịch việc làm",
            # "thu hút hơn 3,2 tỷ USD vốn FDI": the verb's object, after the number, names the figure with it; so
            # too the share it takes: "Điều tra làm rõ 100% vụ cháy", "bố trí ít nhất 3% tổng chi ngân sách cho ..."
            indicator = f"{indicator} {verb_object}".lstrip()
            end = max(end, post_end)
            share_of_object = verb_object if ratio else ""
        elif (
            unit.canonical in _MONEY_UNITS
            and not base
            and post_end > words_after
            and _FUNDS_VERB_BEFORE_RE.search(pre_folded, max(0, len(pre_folded) - 32))
            and (purpose := _purpose_of_funds(text, folded, words_after, post_end))
        ):
            # "dành 150 tỷ đồng để mua sắm trang thiết bị phòng cháy", "hỗ trợ 30 tỷ đồng cho hộ nghèo làm nhà":
            # money set aside is named by what it is for
            indicator = f"{indicator} {purpose}"
            end = max(end, post_end)
            share_of_object = purpose
        elif (
            not ratio
            and not base
            and post_end > words_after
            and (next_start < c_end or _PARTS_AFTER_RE.match(folded, post_end, c_end))
        ):
            # "bê tông hóa 86,4 km đường giao thông nông thôn, đạt 28,8% kế hoạch": the noun after the unit is
            # this figure's, not a name for the share after the comma
            tail = text[words_after:post_end].strip(" ,")
            if (
                tail
                and len(tail.split()) <= 6
                and (
                    _CLAUSE_AFTER_RE.match(folded, post_end, next_start)
                    or (
                        noun
                        and (text[post_end] == "," or folded.startswith(" va ", post_end))
                        and not any(ch.isdigit() for ch in tail)
                    )
                    or _PARTS_AFTER_RE.match(
                        folded, post_end, c_end
                    )  # "cứng hóa 12,5 km đường GTNT, trong đó:"
                )
            ):  # (after a count: "còn 498 hộ nghèo, tỷ lệ hộ nghèo còn 9,73%", the words are the count's noun)
                indicator = (
                    f"{indicator} {noun} {tail}" if noun.replace(" ", "").isalpha() else f"{indicator} {tail}"
                )  # the count's noun too: "đào tạo nghề cho 9.000 lao động nông thôn"
                end = post_end
        elif (
            unit.canonical == "percent"
            and not base
            and words_after < post_end
            and next_start < c_end
            and _CLAUSE_AFTER_RE.match(folded, post_end, next_start)
            and len(folded[words_after:post_end].split()) <= 4
            and not any(ch.isdigit() for ch in folded[words_after:post_end])
        ):
            end = post_end  # "đạt 94,1% dân số, bằng 100,6% chỉ tiêu": what it is a share of, not the next's name
    else:
        tail = "" if base else _words_after(text, folded, words_after, post_end)[1]  # less a closing time
        if tail and not any(ch.isalnum() for ch in tail):
            tail, post_end = "", words_after  # "33,2% - 24,1% - ...": the dash between values names nothing
        if tail and _CAUSE_RE.match(lower, words_after + text[words_after:post_end].find(tail)):
            tail = ""  # "..., giảm 3% do thời tiết bất lợi": why, not what
        if base and _NAMED_QUOTA_RE.match(folded, unit.end, end):  # "100% chỉ tiêu tuyển quân"
            tail = _squeeze(text[unit.end : end].strip(" ,"))
        if words_between is not None:
            tail = _AT_LEAST_WORDS_RE.sub("", tail)
        verbs = _strip_empty_lead(_clean_indicator(text, folded, lower, start, cand.start))
        if (
            not tail
            and not noun
            and previous is not None
            and (
                len(verbs.split()) < 2
                or _may_be_plan_words(verbs)
                or _names_nothing(verbs)
                or _averaging(verbs)
            )
        ):
            # "bằng 68,2% so với mục tiêu", "/KH tăng 3-4%": same indicator (not "..., tổng thu đạt 21.300 tỷ
            # đồng" after the visitors: words of its own)
            indicator = previous.indicator
        elif unit.canonical == "rank_step" and previous is not None and not tail and not verbs.strip():
            indicator = previous.indicator  # "..., xếp thứ 18/34, tăng 9 bậc": that index's rank moved
        elif (
            previous is not None
            and ratio
            and len(tail) <= 48
            and (
                _SHARE_OF_GRDP_RE.fullmatch(folded_tail := fold_keep_length(tail).lower())
                or (folded_tail.startswith("tong ") and _SHARE_VERB_BEFORE_RE.search(pre_folded))
                # "số người tham gia bảo hiểm xã hội là 46.380 người, chiếm 14,6% lực lượng lao động": the share of
                # the people just counted in the whole the words after it name
                or (
                    pre_folded.strip(" ,") == "chiem"
                    and previous.unit_canonical not in _RATIO_UNITS
                    and previous.unit_canonical is not None
                    and folded.find(".", previous.span[1], cand.start) < 0
                )
            )
        ):
            # "chi đầu tư phát triển 16.240 tỷ đồng, chiếm 41,7% tổng chi ngân sách": its share of that total
            # "Kinh tế số chiếm 15% GRDP; đến năm 2030 đạt 20% GRDP", "vốn đầu tư ..., chiếm 33% GRDP": the
            # share of GRDP that the figure before it stands for, not GRDP's growth
            indicator = previous.indicator
        elif (
            not tail
            and noun
            and previous is not None
            and previous.unit == unit_text
            and not verbs.strip()
            and _direction(folded, lower, start, cand) is not None
        ):
            indicator = previous.indicator  # "đạt 3.000 doanh nghiệp, tăng 500 doanh nghiệp": the same count
        else:
            if noun and tail and text.startswith(",", words_after):
                noun += ","  # "xã, thị trấn đạt chuẩn ..."
            indicator = _WS_RE.sub(" ", " ".join(part for part in (verbs, noun, tail) if part))
            if label:
                indicator = f"{label}: {indicator}"
        end = max(end, post_end)
    if "tong so" in pre_folded and (total := _RAISED_TOTAL_RE.search(pre_folded)):
        # "thành lập mới 620 doanh nghiệp, nâng tổng số doanh nghiệp lên 4.915": the stock, not the flow
        indicator = text[start + total.start(1) : start + total.end(1)]
    elif previous is not None and (
        (_RESTATED_RE.match(pre_folded[-48:]) and "(" in pre_folded[-48:])
        # the last words of the plan a share was of, then that plan: "đạt 61% chỉ tiêu ... cả giai đoạn (3.500 căn)"
        or (previous.kind == "progress" and _PLAN_TAIL_BRACKET_RE.fullmatch(pre_folded))
    ):
        indicator = previous.indicator  # "10% số hộ ... so với năm 2015 (2.578 hộ)": the same figure restated
    elif previous is not None and (
        not indicator
        or _RESTATEMENT_RE.search(pre_folded[-80:])
        or _names_nothing(indicator)
        or (
            unit.canonical != "target_count"  # "22 chỉ tiêu": the targets it counts name it
            and len(indicator) <= 60
            and _may_be_plan_words(indicator)
            and _PLAN_WORDS_NAME_RE.fullmatch(fold_keep_length(indicator).lower())
        )
    ):
        indicator = previous.indicator  # also "..., cao hơn 0,7 điểm phần trăm": no words of its own
    if indicator[:3].lower() in ("đã ", "sẽ ") and len(indicator) > 6:
        indicator = indicator[3:]  # "đã hoàn thành 12 công trình": the tense is no part of the name
    elif (
        previous is not None
        and unit.canonical == "percent"
        and len(indicator) <= 24
        and _is_count(previous.unit_canonical)
        and (bare := _BARE_RATE_NAME_RE.fullmatch(fold_keep_length(indicator).lower()))
        and folded.find(".", previous.span[1], cand.start) < 0
    ):
        # "số hộ cận nghèo là 29.640 hộ, tỷ lệ 6,66%", "..., chiếm tỷ lệ 3,2%": the rate of what was just counted
        indicator = f"{indicator[bare.start(1) : bare.end(1)]} {_SO_LEAD_RE.sub('', previous.indicator)}"
    direction = _direction(folded, lower, start, cand)
    if (
        comparator == ">="
        and indicator.endswith(" tu")
        and lower[cand.start - 4 : cand.start].rstrip().endswith(" tu")
    ):
        indicator = indicator[:-3]  # "giam ty le ho ngheo tu 0,8% tro len", written without diacritics
    figure = Figure(
        indicator=indicator or unit_text,
        value=cand.value,
        unit=unit_text,
        span=(start, end),
        quote=text[start:end],
        value_max=cand.value_max,
        comparator="range" if cand.value_max is not None else comparator,
        direction=direction,
        unit_canonical=unit.canonical or None,
        scale=unit.scale if unit.canonical else None,
    )
    if own_year:
        figure.extra["own_year"] = own_year.group(1)
    if share_of_object:
        figure.extra["share_of"] = share_of_object
    if cand.denominator is None:
        return [figure]
    if _is_count(unit.canonical):
        figure.of_total = cand.denominator
        return [figure]
    # "45.799/36.875 tỷ đồng": the result and the plan packed together; the second is the plan.
    plan = Figure(
        indicator=figure.indicator,
        value=cand.denominator,
        unit=unit_text,
        span=(start, end),
        quote=text[start:end],
        comparator="=",
        direction=direction,
        unit_canonical=figure.unit_canonical,
        scale=figure.scale,
        kind="target",
        extra={"packed_plan": True},
    )
    return [figure, plan]


_BARE_YEAR_AFTER_RE = re.compile(r"\s*(?:cuoi |het )?nam ((?:19|20)\d\d)\b(?!\s*[-–/]\s*\d)")
_COMPARED_BEFORE_RE = re.compile(
    r"\b(?:bang|gap|tuong duong|so voi)(?: (?:gan|khoang|hon|tren|duoi|xap xi|chi))*\s*$"
)
_CAUSE_RE = re.compile(r"(?:do|vì|bởi|nguyên nhân)\s")  # (as written: "do", not "đỗ xe")
_WS_RE = re.compile(r"\s+")
_WORD_RE = re.compile(r"[a-z]+")
_RATIO_UNITS = frozenset({"percent", "per_mille", "times", "percent_per_year", "point", "percentage_point"})
_SCALE_PREFIX_RE = re.compile(r"^(?:nghìn|ngàn|triệu|tỷ|tỉ|vạn)\s+", re.IGNORECASE)
_EMPTY_LEAD_RE = re.compile(
    r"^(?:(?:toàn tỉnh|tỉnh|hiện|đã|sẽ|tiếp tục|vẫn)\s+)?(?:có|còn|đạt|được|phấn đấu|phần đầu|duy trì|giữ vững|đảm bảo|bảo đảm|mỗi năm|hằng năm|hàng năm)\b\s*"
    r"|^(?:toàn tỉnh|cả tỉnh|toàn huyện|tỉnh|huyện|thành phố|tiếp tục)$",
    re.IGNORECASE,
)


# Verbs whose object is written after the number: "Cứng hóa 50 km kênh mương", "Khoanh nuôi, bảo vệ 12.000 ha rừng"
_OBJECT_VERBS = (
    "chuyen doi", "cung hoa", "be tong hoa", "kien co hoa", "nhua hoa", "nang cap", "cai tao", "sua chua", "lam moi",
    "khoanh nuoi tai sinh", "khoanh nuoi", "bao ve", "cho vay", "lap dat", "di doi", "nao vet", "khai hoang",
    "phuc hoi", "cham soc", "thu hoi", "tai canh", "xu ly triet de", "xu ly",
)  # fmt: skip
# More verbs that take their object after the number, found only at the end of a figure's words (see
# _ends_with_object_verb), where the object they take stops before a purpose ("để ...") or a closing time ("trong năm")
_OBJECT_VERBS_AFTER_WORDS = (
    "xay dung", "dau tu", "bo sung", "thu hut", "ho tro", "to chuc", "dong gop", "cong nhan", "hoan thanh", "trong",
    "dao tao", "boi duong", "tap huan", "thanh lap", "hinh thanh", "khoi cong", "trao", "cap", "ban giao", "xoa",
    "mo", "phat trien", "bo tri", "lam ro", "giai quyet", "thu gom", "rut ngan", "danh", "xay ra", "thay the",
    "bai bo", "triet pha", "tinh gian", "cat giam", "don gian hoa", "so hoa", "phuc vu", "dep bo", "triet xoa",
    "trien khai", "dieu chinh", "nghiem thu", "xep hang", "huan luyen", "goi", "kiem tra", "phat hien", "bat giu",
    "tieu huy", "thu giu", "tiep nhan", "ket nap", "tap hop", "quan ly", "tha", "trong lai", "tiem",
)  # fmt: skip
_VERB_LEADS = ("da", "se", "tiep tuc", "con")  # "đã kiên cố hóa", "tiếp tục nạo vét"
_OBJECT_VERB = "(?:" + "|".join(_OBJECT_VERBS) + ")"  # (a longer verb before the one it starts with)
_OBJECT_VERBS_RE = re.compile(
    rf"(?:(?:{'|'.join(_VERB_LEADS)}) )?{_OBJECT_VERB}(?:\s*(?:,|va)?\s*{_OBJECT_VERB})*"
    r"(?:\s+(?:tren|khoang|it nhat|toi thieu))?\s*"
)
# The first words those phrases can open with: a cheap test before the regex
_OBJECT_VERB_HEADS = frozenset(phrase.split()[0] for phrase in _OBJECT_VERBS + _VERB_LEADS)


def _only_object_verbs(pre_folded: str) -> bool:
    """Whether the words before a number are only verbs that take the words after it as their object."""
    words = pre_folded.strip(" ,;:-")
    return (
        len(words) < 40
        and words.split(" ", 1)[0] in _OBJECT_VERB_HEADS
        and bool(_OBJECT_VERBS_RE.fullmatch(words))
    )


# A verb of either list at the end of the words before the number (then "thêm", "mới" and a comparator), after
# a subject or not: "cứng hóa thêm ít nhất", "tổ chức", "đang thu hút khoảng"
_VERB_HEAD_BEFORE_RE = re.compile(
    rf"\b(?:{'|'.join(_OBJECT_VERBS + _OBJECT_VERBS_AFTER_WORDS)})"
    r"(?: (?:them|moi|duoc|cho))*(?: (?:it nhat|toi thieu|khoang|hon|tren|gan|tu|toi da|khong qua|du kien))?\s*$"
)
# Their last words: a figure whose last few words before the number have none of them needs no regex search
_OBJECT_VERB_LAST_WORDS = frozenset(
    verb.rsplit(" ", 1)[-1] for verb in _OBJECT_VERBS + _OBJECT_VERBS_AFTER_WORDS
)


def _ends_with_object_verb(pre_folded: str) -> bool:
    """Whether the words before a number end with a verb whose object the words after it are."""
    tail = pre_folded[-48:]
    return not _OBJECT_VERB_LAST_WORDS.isdisjoint(tail.split()[-6:]) and bool(
        _VERB_HEAD_BEFORE_RE.search(tail)
    )


def _verb_object(
    text: str, folded: str, noun: str, words_after: int, post_end: int, *, most_words: int = 8
) -> str:
    """The object a verb before a number takes after it: a count's noun and the words after its unit, when they
    are a short phrase (``most_words``) without numbers, less a closing time ("trong năm", "mỗi năm"); "" otherwise."""
    tail_start, tail = _words_after(text, folded, words_after, post_end)
    noun_is_words = noun.replace(" ", "").replace(",", "").isalpha()  # ("đoàn viên, hội viên")
    if not tail:
        return noun if noun_is_words and len(noun.split()) > 1 else ""
    if (
        len(tail.split()) > most_words
        or any(ch.isdigit() for ch in tail)
        or _CAUSE_RE.match(tail.lower())
        or _NO_OBJECT_RE.match(folded, tail_start)
    ):
        return ""
    return f"{noun} {tail}" if noun_is_words else tail


# Verbs that set money aside for a purpose, at the end of a figure's words ("tỉnh dành", "ngân sách bố trí")
_FUNDS_VERB_BEFORE_RE = re.compile(
    r"\b(?:danh|bo tri|ho tro|dong gop|phan bo|trich|huy dong)(?: (?:them|duoc|khoang|hon|tren|gan|it nhat))*\s*$"
)
_PURPOSE_RE = re.compile(r"(?:de|nham|cho)\b")


def _purpose_of_funds(text: str, folded: str, words_after: int, post_end: int) -> str:
    """What money set aside is for, when the words after its unit say it in a short phrase ("để ...", "cho ...")
    without numbers or a closing time; "" otherwise."""
    start, purpose = _words_after(text, folded, words_after, post_end)
    if (
        not purpose
        or not _PURPOSE_RE.match(folded, start)
        or len(purpose.split()) > 12
        or any(ch.isdigit() for ch in purpose)
    ):
        return ""
    return _squeeze(purpose)


def _words_after(text: str, folded: str, words_after: int, post_end: int) -> tuple[int, str]:
    """Where the words after a figure's unit start, and those words up to ``post_end`` less a closing time
    ("trong năm", "mỗi năm")."""
    start = words_after
    while start < post_end and text[start] in " ,":
        start += 1
    if (time := _TIME_TAIL_RE.search(folded, start, post_end)) is not None:
        post_end = time.start()
    words = text[start:post_end].rstrip(" ,") if post_end > start else ""
    if words.endswith(" từ"):  # "164 công trình chuyển tiếp từ | năm 2025": where it comes from, no name
        words = words[:-3].rstrip(" ,")
    return start, words


_TIME_TAIL_RE = re.compile(
    r"\s*\b(?:(?:trong|moi|hang|ca) (?:nam|giai doan|nhiem ky)|(?:trong |ca )?giai doan \d).*$"
)
# What a verb's object does not start with: a purpose, a beneficiary, a place ("tổ chức 24 phiên ... tại ..."; the
# purpose names money set aside, see _purpose_of_funds)
_NO_OBJECT_RE = re.compile(r"(?:de|nham|cho|tai|o|vao|tu|den|tren|trong|voi|cua)\b")


# A rate's name that says only that it is a rate ("tỷ lệ", "chiếm tỷ lệ"), and the "số" a count's name opens with
_BARE_RATE_NAME_RE = re.compile(r"(?:(?:chiem|voi|tuong ung(?: voi)?|dat) )?(t[yi] le)(?: (?:la|tuong ung))?")
_SO_LEAD_RE = re.compile(r"^(?:tổng )?số\s+", re.IGNORECASE)


def _content_words(folded: str) -> int:
    """How many words that are not fillers ``folded`` has, counted up to 2 (all the caller needs)."""
    count = 0
    for match in _WORD_RE.finditer(folded):  # not findall: most phrases have two content words early
        word = match.group()
        if word not in _FILLER_WORDS or (word == "dau" and folded.startswith(" tu", match.end())):
            # ("đầu tư" is no "phấn đấu" nor "từ": "5 dự án với tổng mức đầu tư 1.240 tỷ đồng")
            if (word == "kiem" and folded.startswith(" che", match.end())) or (
                word == "che" and folded.endswith("kiem ", 0, match.start())
            ):
                continue  # "Kiềm chế, kéo giảm từ 5% trở lên số vụ ...": curbing, as "giảm", names nothing
            count += 1
            if count == 2:
                break
    return count


def _squeeze(words: str) -> str:
    """``_WS_RE.sub(" ", words)``, without the regex for the usual text that has only single spaces."""
    squeezed = " ".join(words.split())
    return squeezed if squeezed == words else _WS_RE.sub(" ", words)


def _unit_noun(unit_text: str) -> str:
    """``triệu lượt khách du lịch`` -> ``lượt khách du lịch``: the counted noun without its scale word."""
    return _SCALE_PREFIX_RE.sub("", unit_text)


def _strip_empty_lead(words: str) -> str:
    previous = None
    while previous != words:
        previous, words = words, _EMPTY_LEAD_RE.sub("", words).strip()
    return words


def _rstrip_end(folded: str, floor: int, end: int) -> int:
    while end > floor and folded[end - 1] in " ,":
        end -= 1
    return end


def _is_count(canonical: str | None) -> bool:
    """Whether a unit counts things; a unit kept as written (no canonical: "12 chiếc") is taken to."""
    return canonical is None or (canonical not in _MEASURE_UNITS and "/" not in canonical)


_MEASURE_UNITS = frozenset(("VND", "USD", "tonne", "ha", "m3", "kWh", "km", "km2", "percent", "per_mille"))


# Administrative units and places counted together ("xã, phường, thị trấn", "thôn, bản", "tổ dân phố").
_PLACE_NOUNS = (
    "xa|phuong|thi tran|dac khu|thon|ban|lang|xom|ap|buon|khom|soc|to dan pho|khu pho|khu dan cu|huyen|quan"
    "|thi xa|thanh pho|co quan|don vi|truong hoc"
)
_MORE_PLACES_RE = re.compile(rf",\s*(?:va\s+)?(?:{_PLACE_NOUNS})\b(?=\s|,|\)|$)")
# A number in the first words of a comma-separated segment starts another item ("..., năm 2025 đạt ..."); one
# further on names something ("thôn, bản có sóng 4G", "phổ cập giáo dục mức độ 3").
_NEAR_DIGIT_RE = re.compile(r"\s*(?:\S+\s+){0,2}\S*\d")


def _written_stop(folded: str, lower: str, at: int, stop: str) -> bool:
    """Whether a stop word of ``_POST_STOP_RE`` found at ``at`` is written as one ("tầng" is no "tăng")."""
    word = stop.strip()
    if word not in _STOPS_AS_WRITTEN:
        return True
    at += stop.index(word)
    written = lower[at : at + len(word)]
    return written == _STOPS_AS_WRITTEN[word] or written == word


_STOPS_AS_WRITTEN = {
    "tang": "tăng",
    "giam": "giảm",
    "bang": "bằng",
    "gap": "gấp",
    "do": "do",
    "trong do": "trong đó",  # not "trong độ tuổi" (of working age)
}  # "do" (because)


def _post_phrase_end(folded: str, lower: str, pos: int, next_start: int, c_end: int) -> int:
    """Where the indicator words written after a number end (``42% số trường mầm non, 63% ...``).

    Comma-separated words continue the indicator only as a list of short items closed by another comma
    (``70% xã, phường, thị trấn, ... đạt tiêu chuẩn``); words running into the next number belong to it.
    """
    limit = min(next_start, c_end)
    while m := _MORE_PLACES_RE.match(folded, pos, limit):
        pos = (
            m.end()
        )  # "15/15 xã, thị trấn đạt chuẩn ...", "88/124 xã, phường": one kind of unit, named twice
    if pos >= limit or not folded[pos : pos + 1].isspace():
        return pos
    window = folded[pos:limit]
    end, list_like = pos, True
    for m in re.finditer(r"[^,]+", window):
        segment = m.group()
        stop = _POST_STOP_RE.search(segment)
        while stop and not _written_stop(folded, lower, pos + m.start() + stop.start(), stop.group()):
            stop = _POST_STOP_RE.search(segment, stop.end() - 1)  # "hạ tầng" is no "tăng"
        if m.start() > 0:
            closed = m.end() < len(window) or limit == c_end
            if _NEAR_DIGIT_RE.match(segment) or not closed or (len(segment.split()) > 3 and not list_like):
                if (
                    not closed
                    and (joint := folded.rfind(" va ", pos, end)) > 0
                    and folded.count(" ", joint, end) <= 3
                ):
                    # "1.245 ca sốt xuất huyết và khám, điều trị cho 3.400 bệnh nhân": the verb after "và"
                    # opens the next figure's words
                    end = joint
                break
        if stop:
            end = pos + m.start() + stop.start()
            break
        end = pos + m.end()
        list_like = list_like and len(segment.split()) <= 3
    while end > pos and folded[end - 1] in " ,":
        end -= 1
    if (
        next_start < c_end and end >= limit - 1
    ):  # words running up to the next number introduce it: "5 dự án FDI với tổng vốn 1,2 tỷ"
        connectors = [m.start() for m in _CONNECTOR_RE.finditer(folded, pos, min(end + 1, limit))]
        if connectors:
            end = connectors[-1]
        end = pos + len(_strip_trailing_cues(folded[pos:end], lower, pos))
    return end


_BY_HOW_MUCH = ("cao hon", "thap hon", "nhieu hon", "it hon", "lon hon", "nho hon")
_THAN_AFTER_RE = re.compile(r"\s*so voi\b")


_SYMBOL_COMPARATORS = {">=": ">=", "<=": "<=", "≥": ">=", "≤": "<=", ">": ">", "<": "<", "~": "~", "≈": "~"}


def _comparator(folded: str, lower: str, pre_folded: str, cand: Candidate, at_least: bool) -> str:
    """The comparator of a figure; ``at_least`` says whether ``trở lên`` follows its unit."""
    pre = pre_folded[-40:].rstrip()
    after_unit = cand.unit.end
    for written in (pre[-2:], pre[-1:]):  # "≥ 95%", ">= 95%", "< 3%", "~ 60 triệu đồng"
        if written in _SYMBOL_COMPARATORS:
            return _SYMBOL_COMPARATORS[written]
    if pre.endswith("tren duoi") and lower.endswith(
        "trên dưới", 0, cand.start - (len(pre_folded) - len(pre_folded.rstrip()))
    ):
        return "~"  # "trên dưới 20%": about, neither above nor below
    patterns = _COMPARATOR_BEFORE if pre.endswith(_COMPARATOR_PHRASES) else ()
    pre_start = cand.start - min(40, len(pre_folded))
    for symbol, pattern in patterns:
        if m := pattern.search(pre):
            if not _written_as_cue(m.group(), lower, pre_start + m.start(), (pre, pre_start)):
                continue  # "tảo hôn 3%", "khai khoáng 2 triệu tấn": hôn, khoáng are not hơn, khoảng
            if (
                symbol == ">="
                and pre.endswith("tu")
                and not (lower[cand.start - 4 : cand.start].rstrip().endswith(("từ", " tu")) and at_least)
            ):
                return "="  # "từ 3% trở lên" is ">="; "đầu tư 500 tỷ" (tư, not từ) is not a comparator
            if symbol == ">" and pre.endswith("vuot") and _VS_PLAN_AFTER.match(folded, after_unit):
                return "="  # "vượt 7% mục tiêu": exceeded the target BY 7, an exact figure
            if (
                symbol == ">="
                and pre.endswith(("dat va vuot", "dat hoac vuot"))
                and cand.unit.canonical == "target_count"
            ):
                return "="  # "đạt và vượt 18/23 chỉ tiêu": 18 targets met or exceeded
            if symbol == ">" and pre.endswith(("vuot", "vuot muc")) and cand.unit.canonical == "target_count":
                return "="  # "hoàn thành vượt mức 23 chỉ tiêu": 23 targets exceeded, not more than 23
            if symbol == ">" and pre.endswith("vuot") and cand.unit.canonical == "percentage_point":
                return "="  # "đạt 60,2% (Nghị quyết 60%), vượt 0,2 điểm phần trăm": exceeded BY 0.2 points
            if (
                symbol in (">", "<")
                and pre.endswith(_BY_HOW_MUCH)
                and _THAN_AFTER_RE.match(folded, after_unit)
            ):
                return "="  # "cao hơn 0,7 điểm phần trăm so với kế hoạch": the difference, an exact figure
            return symbol
    if at_least:
        return ">="
    if _AT_MOST_AFTER.match(folded, after_unit):
        return "<="
    return "="


_BELOW_PLAN_RE = re.compile(
    r"thấp hơn(?: so với)?(?: kế hoạch| chỉ tiêu| mục tiêu| cùng kỳ| nghị quyết)?[^\d,;]{0,20}$"
)


_NO_SIGN_RE = re.compile(r"[^+↑▲↓▼]*")


def _direction(folded: str, lower: str, start: int, cand: Candidate) -> str | None:
    """``tăng`` / ``giảm`` in the figure's own words (accents matter: ``giám sát`` is not ``giảm``).

    Words written without any diacritics ("Ty le ho ngheo giam 2%") are read folded, as "tang"/"giam"."""
    if cand.value < 0:
        return "decrease"
    near = lower[max(start, cand.start - 3) : cand.start + 1]
    if not _NO_SIGN_RE.fullmatch(near):
        sign = near.replace(" ", "")[-2:]
        if "+" in sign or "↑" in sign or "▲" in sign:
            return "increase"  # "+15 xã", "(↑ 11%)": an infographic's signs
        if "↓" in sign or "▼" in sign:
            return "decrease"
    if cand.unit.canonical == "percentage_point" and _BELOW_PLAN_RE.search(
        lower, max(0, cand.start - 40), cand.start
    ):
        return "decrease"  # "thấp hơn kế hoạch 1,8 điểm phần trăm": fell short by 1.8 points
    if lower.find("tăng", start, cand.start) < 0 and lower.find("giảm", start, cand.start) < 0:
        if lower.find("rút ngắn", max(start, cand.start - 24), cand.start) >= 0:
            return "decrease"  # "thời gian thông quan rút ngắn còn 2 ngày", "rút ngắn 30% thời gian"
        if (
            folded.find("tang", start, cand.start) < 0 and folded.find("giam", start, cand.start) < 0
        ) or lower[start : cand.start] != folded[start : cand.start]:
            return None
        words, pattern = folded, _PLAIN_DIRECTION_RE
    else:
        words, pattern = lower, _DIRECTION_RE
    last = None
    for m in pattern.finditer(words, start, cand.start):
        last = m
    if last is None:
        return None
    if _direction_in_name(folded, start, last, cand.start):
        return None
    return "increase" if last.group().startswith("t") else "decrease"


def _direction_in_name(folded: str, start: int, word: re.Match[str], number: int) -> bool:
    """Whether the tăng/giảm before a number belongs to the figure's name, not to the figure: "điều chỉnh tăng vốn
    cho 28 dự án", "đóng góp của TFP vào tăng trưởng kinh tế đạt trên 55%", "vốn cấp mới và tăng thêm đạt 1.287
    triệu USD" (but "số xã ... tăng thêm đạt 5 xã" is an increase)."""
    before = folded[max(start, word.start() - 6) : word.start()]
    return bool(
        _DIRECTION_FOR_RE.match(folded, word.end(), number)
        or before.endswith(("vao ", "cua "))
        or (
            _DIRECTION_AND_REACH_RE.match(folded, word.end(), number)
            and before.rstrip().endswith((" va", " hoac"))
        )
    )


# After tăng/giảm, words that make it part of the name: "tăng vốn cho", "(và) tăng thêm đạt"
_DIRECTION_FOR_RE = re.compile(r"[^\d,;]*\bcho\b")
_DIRECTION_AND_REACH_RE = re.compile(r"\s*them\b[^\d]*\bdat\b")


_NATURAL_AREA_BEFORE_RE = re.compile(r"dien tich tu nhien(?: (?:la|khoang|rong|hon|tren|gan|chung))? *$")


def _kind(
    folded: str,
    lower: str,
    fig: Figure,
    cand: Candidate,
    cursor: int,
    context_kind: str,
    clause_is_target: bool,
    previous: Figure | None,
    written_in: str | None = None,
    *,
    stated: bool = True,
) -> str:
    """Target, actual or progress; ``context_kind`` is what the sentence, paragraph, section or document says,
    ``written_in`` the year the document was written in, if its top dates it, and ``stated`` whether the figure's
    sentence states its year (else the year came from the paragraphs or headings above it)."""
    if fig.extra.get("packed_plan") or _names_a_plan(fig.indicator):
        return "target"  # (also "tổng kế hoạch vốn đầu tư công năm 2025 ... là 4.862 tỷ đồng": the plan it names)
    # a bracket right after the figure before reads with the words before it ("đạt 28,8% kế hoạch năm (300 km)")
    # (also after a year: "bằng 83,2% mục tiêu đến năm 2025 (75 triệu đồng)")
    # (or after the plan a share before it was of: "đạt 57% chỉ tiêu ... giao cho giai đoạn này (6.000 căn)")
    bracket_from = (
        cand.start - 64
        if not folded[cursor : cand.start].strip(" (0123456789")
        or (previous is not None and previous.kind == "progress" and previous.span[1] >= cursor - 1)
        else max(cursor, cand.start - 40)
    )
    if "(" in folded[max(cursor, cand.start - 40) : cand.start] and _PLAN_IN_BRACKETS_RE.search(
        folded, max(0, bracket_from), cand.start
    ):
        return "target"  # "(kế hoạch 7,2%)", "(dự toán 2.300 tỷ đồng)": the plan a result is set against
    if (
        "(" in folded[max(0, cand.start - 60) : cursor]
        and _PLAN_AFTER_RESULT_RE.match(folded, cursor, cand.start)
        and folded.rfind("(", max(0, cand.start - 60), cursor)
        > (folded.rfind(")", max(0, cand.start - 60), cursor))
    ):
        return "target"  # "(mới đạt 38%, mục tiêu 45%)": the plan after the result, in the same bracket
    pre = folded[max(cursor, cand.start - 30) : cand.start]
    if _NATURAL_AREA_BEFORE_RE.search(pre):
        return "actual"  # "tỉnh có diện tích tự nhiên 24.233 km²": what the place is, which no plan sets
    after = cand.unit.end
    is_ratio = (
        fig.unit_canonical == "percent" and "/" not in fig.unit.replace("°/o", "").replace("o/o", "")
    ) or (fig.unit_canonical is None and not fig.unit)  # "%", an OCR's "°/o" too, but not "%/năm"
    if (
        is_ratio
        and _VS_PLAN_AFTER.match(folded, after)
        and (_PROGRESS_VERB_BEFORE.search(pre) or pre.strip(" ,") in ("", "va"))
    ):
        if context_kind == "target" and (_COMPLETE_BEFORE_RE.search(pre) or fig.value == 100):
            return "target"  # a plan's "hoàn thành (đạt) 100% chỉ tiêu tuyển quân": the share to complete
        if clause_is_target:
            return "target"  # "Phấn đấu giải ngân đạt trên 95% kế hoạch vốn": the share to reach
        if (
            stated
            and written_in
            and fig.period
            and fig.period[:4] > written_in
            and not (previous is not None and previous.kind == "actual" and previous.span[1] >= cursor - 2)
        ):
            return "target"  # "Tổng thu năm 2027: 6.850 tỷ đồng, bằng 111,4% dự toán Trung ương giao": plan to plan
            # (not "tuyển chọn công dân nhập ngũ năm 2027 đã hoàn thành sơ tuyển 512 công dân, đạt 121,9% chỉ tiêu")
        return "progress"
    if (
        is_ratio
        and previous is not None
        and previous.unit_canonical == "target_count"
        and previous.span[1] >= cursor - 2
        and len(folded[previous.span[1] : cand.start].split()) <= 4  # "9 chỉ tiêu đạt trên 70%"
    ):
        return "progress"
    if "phai " in pre and _MUST_BEFORE_RE.search(pre):
        return "target"  # "chỉ số IIP phải tăng ít nhất 18% so với cùng kỳ": what has to be reached
    if (vs_last := _VS_LAST_YEAR_AFTER.match(folded, after)) and (
        context_kind != "target" or "cung" in vs_last.group()
    ):
        return "actual"  # "tăng 8% so với cùng kỳ"; a plan's "tăng 5% so với năm trước" is its target
    if "uoc" in pre and _ESTIMATE_BEFORE.search(pre.rstrip()):
        return "actual"
    if (
        (
            "kh" in pre
            or "ke hoach" in pre
            or "du toan" in pre
            or "yeu cau" in pre
            or " tieu" in pre
            or "de ra" in pre
            or "giao" in pre
        )
        and (plan := _PLAN_BEFORE.search(folded, max(cursor, cand.start - 60), cand.start))
        # (not "thấp hơn chỉ tiêu 0,4 điểm phần trăm": by how much)
        and not (fig.unit_canonical == "percentage_point" and "hon" in plan.group())
    ) or clause_is_target:
        return "target"
    if context_kind == "target" and _done_before(lower, cursor, cand.start):
        return "actual"
    if (
        context_kind == "target"
        and previous is not None
        and previous.kind == "actual"
        and _PART_RIGHT_AFTER_RE.fullmatch(folded, previous.span[1], cand.start)
    ):
        # "đã cung cấp 1.850 dịch vụ công trực tuyến, trong đó có 1.214 ...": a part of a result
        return "actual"
    if context_kind == "target" and written_in and fig.period and fig.period[-4:] < written_in:
        return "actual"  # "Đến hết năm 2025, toàn tỉnh đạt 11 bác sĩ/vạn dân" written in 2026: no plan is for the past
    if (
        context_kind == "actual"
        and stated
        and written_in
        and fig.period
        and fig.period[:4] > written_in
        and not _done_before(lower, cursor, cand.start)
    ):
        return "target"  # and no report is of a year to come (a year its own sentence states: a later year
        # above it may be a closing plan's, or a headline's)
    return context_kind


_PART_RIGHT_AFTER_RE = re.compile(r"[^\d;.:()]{0,60}?,\s*trong do(?: co)?\s*")


# The base of a change in brackets after it: "so với cùng kỳ năm 2024 (1.155 triệu USD)", "so với cùng kỳ (cùng
# kỳ năm trước đạt 2.000 tỷ đồng)"; the year is the one written, else the year before the change's
# (the bracket opens before those words or after them: a conditional group)
_BASE_IN_BRACKET_RE = re.compile(
    r"(?P<open>\(\s*(?:so voi |so )?)?\b(?:cung ky|nam truoc)(?: nam (?P<year>(?:19|20)\d\d)| nam truoc)?\s*"
    r"(?(open)|\(\s*)(?:(?:la|dat|dat duoc|:)\s*)?$"
)


_SINGLED_OUT_YEAR_RE = re.compile(r"\brieng (?:trong )?nam (?:19|20)\d\d\b")


def _done_before(lower: str, floor: int, at: int) -> bool:
    """Whether "đã" and up to four words stand right before ``at``, after ``floor`` (the figure's clause): done, a
    result ("đã giải ngân 2.150 tỷ đồng", "đã hoàn thành sơ tuyển 512 công dân")."""
    start = max(floor, at - 30)
    return "đã " in lower[start:at] and _DONE_BEFORE.search(lower, start, at) is not None


_COUNTED_YEARS_RE = re.compile(r"\b(?:\d|hai|ba|bon|nam) nam\b")  # "bình quân 2 năm": the years so far
_MUST_BEFORE_RE = re.compile(r"\bphai (?:dat|tang|giam|dam bao|con)\b")
_FROM_AT_END = re.compile(r"(?:^|\s+)(?:từ|Từ)\s*$")


def _clean_indicator(text: str, folded: str, lower: str, start: int, end: int) -> str:
    """The indicator words of ``text[start:end]`` without trailing cue words.

    Every step only shortens the words from the right, so their folded form is always a slice of the
    document's folded text: nothing is folded again.
    """
    raw = text[start:end]
    words = raw.strip(_EDGE_CHARS)
    first = start + len(raw) - len(raw.lstrip(_EDGE_CHARS))
    while True:
        # _strip_trailing_cues strips until nothing more goes, so only a "từ" taken off calls for another round
        words = words[: len(_strip_trailing_cues(folded[first : first + len(words)], lower, first))]
        if not words.rstrip().endswith(("từ", "Từ")):
            break
        kept = _FROM_AT_END.sub("", words)  # "từ" (from), not "tư" as in "đầu tư"
        if kept == words:
            break
        words = kept
    if words[-1:].isdigit() and (term := _TRAILING_TERM_RE.search(folded, first, first + len(words))):
        # "Tổng thu ngân sách 5 năm 2021 - 2025 ước đạt": the term is the figure's period, no part of its name
        words = words[: len(_strip_trailing_cues(folded[first : term.start()], lower, first))]
    return " ".join(words.split()).strip(" ,:;")  # == _WS_RE.sub(" ", words).strip(" ,:;"), faster


_TRAILING_TERM_RE = re.compile(
    r"(?:\s(?:ca )?(?:giai doan|nhiem ky|thoi ky|nam hoc)|(?<![\d\s])\snam|(?<=\d nam))?\s+\d{4}\s*[-–]\s*\d{4}$"
)


_EDGE_CHARS = " \t\u00a0,;:.-–*/"


# Trailing comparator and verb words: "... đạt trên", "... tăng thêm ít nhất", "... giảm mạnh".
# A last word added here must be added to _TRAILING_CUE_LAST_WORDS below, which is tested first.
_TRAILING_CUE_RE = re.compile(
    r"(?:\s+|^|\()(?:dat|dat duoc|la|tang|giam|tang them|them|tren|duoi|con|con duoi|khoang|it nhat|toi thieu"
    r"|bang|chiem|vuot|gan|uoc|uoc dat|uoc tinh|uoc thuc hien|uoc don|uoc thu|uoc co|hon|len|co|hien co|da co|van co|se|phan dau|:|\(|cuoi nam \d{4}"
    r"|nam \d{4}|(?:(?:tinh )?den (?:het )?)?(?:ngay )?\d{1,2}/\d{1,2}/\d{4}|trong nam|trong nam \d{4}|khong|khong qua|khong vuot qua|vuot qua|khong duoi|uoc chi|duoc dieu chinh|dieu chinh|duoc xac dinh|uoc ca nam|ca nam|toi da|toi thieu|nhieu nhat|xap xi"
    r"|cao hon|thap hon|it hon|lon hon|gap|chua den|moi dat|dat muc|vuot moc|(?<!khoe )manh|nhe|nhanh|kh|va|/|phai|can"
    r"|keo giam|kiem che,?"
    r"|tang binh quan|giam binh quan|chung|≥|≤|>=?|<=?|~|≈|den|vao|xuong|o muc|giu on dinh|giu|duy tri on dinh|duy tri|on dinh|tiep tuc|xep thu|dung thu|xep hang|vuon len thu|vi tri thu"
    r"|(?:(?:thuong )?dao dong )?(?<!xung )quanh(?: muc)?|(?:thuong )?dao dong o muc|(?:duoc )?rut ngan con|duoc rut ngan"
    r"|(?<!trong )(?<!duoi )(?<!tren )(?:3|6|9|10|11|ba|sau|chin|muoi|muoi mot) thang(?: (?:dau|cuoi) nam(?: \d{4})?)?)\s*$"
)


# How the words of those cues are written: folded, "dat" is "đạt" (reach) but also "đất" (land), "co" is "có"
# but also "cố" (in "kiên cố"), "con" is "còn" but also "con" (child).
_CUE_WORD_FORMS: dict[str, frozenset[str]] = {
    folded: frozenset(written.split("|"))
    for folded, written in (
        ("dat", "đạt"), ("duoc", "được"), ("la", "là"), ("tang", "tăng"), ("giam", "giảm"), ("them", "thêm"),
        ("tren", "trên"), ("duoi", "dưới"), ("con", "còn"), ("khoang", "khoảng"), ("it", "ít"), ("nhat", "nhất"),
        ("toi", "tối"), ("thieu", "thiểu"), ("bang", "bằng"), ("chiem", "chiếm"), ("vuot", "vượt"), ("gan", "gần"),
        ("uoc", "ước"), ("tinh", "tính"), ("thuc", "thực"), ("hien", "hiện"), ("hon", "hơn"), ("len", "lên"),
        ("co", "có"), ("se", "sẽ"), ("phan", "phấn|phần"), ("dau", "đấu|đầu"), ("cuoi", "cuối"), ("nam", "năm"),
        ("khong", "không"), ("qua", "quá"), ("chung", "chừng"), ("da", "đa"), ("nhieu", "nhiều"), ("xap", "xấp"), ("xi", "xỉ"),
        ("thap", "thấp"), ("lon", "lớn"), ("gap", "gấp"), ("chua", "chưa"), ("den", "đến"), ("moi", "mới"),
        ("muc", "mức"), ("manh", "mạnh"), ("nhe", "nhẹ"), ("va", "và"), ("binh", "bình"), ("quan", "quân"),
        ("vao", "vào"), ("xuong", "xuống"), ("o", "ở"), ("giu", "giữ"), ("on", "ổn"), ("dinh", "định"),
        ("tri", "trì"), ("tiep", "tiếp"), ("tuc", "tục"), ("nho", "nhỏ"), ("kem", "kém"), ("hoac", "hoặc"),
        ("phai", "phải"), ("can", "cần"), ("moc", "mốc"), ("chi", "chỉ|chi"), ("don", "đón"), ("dieu", "điều"), ("chinh", "chỉnh"),
        ("thang", "tháng"), ("sau", "sáu"), ("chin", "chín"), ("muoi", "mười"), ("mot", "một"),
        ("quanh", "quanh"), ("dao", "dao"), ("dong", "động"), ("thuong", "thường"), ("rut", "rút"), ("ngan", "ngắn"),
        ("keo", "kéo"), ("kiem", "kiềm"), ("che", "chế"),
    )
}  # fmt: skip


def _written_as_cue(cue: str, lower: str, at: int, phrase: tuple[str, int]) -> bool:
    """Whether the words of a cue match ``cue`` (folded, at offset ``at`` of the document) are the cue's words
    as the document's ``lower`` writes them. ``phrase`` is the folded phrase the cue ends and its offset: in a
    phrase without diacritics ("dat" for "đạt") a word that folds to a cue word is taken as the cue."""
    key = (cue, lower[at : at + len(cue)])
    verdict = _CUE_VERDICTS.get(key)
    if verdict is None:
        if len(_CUE_VERDICTS) > 4096:  # texts of every spelling (fuzzing) must not grow it without bound
            _CUE_VERDICTS.clear()
        verdict = _CUE_VERDICTS[key] = _cue_verdict(*key)
    return verdict == "yes" or (verdict == "unmarked" and not _has_marks(lower, *phrase))


_CUE_VERDICTS: dict[tuple[str, str], str] = {}  # few distinct (cue, as written) pairs: each is judged once


def _cue_verdict(cue: str, written: str) -> str:
    """How ``written`` writes the words of ``cue``: "yes" as the cue words, "no" as other words, "unmarked"
    when one is written without marks (the cue in a text without diacritics, or another word)."""
    verdict = "yes"
    for word in _WORD_RE.finditer(cue):
        forms = _CUE_WORD_FORMS.get(word.group())
        if forms is None:
            continue
        as_written = written[word.start() : word.end()]
        if as_written in forms:
            continue
        if as_written != word.group():
            return "no"
        verdict = "unmarked"
    return verdict


def _has_marks(lower: str, folded_phrase: str, offset: int) -> bool:
    """Whether the phrase is written with diacritics: its lower-cased original differs from its fold."""
    return lower[offset : offset + len(folded_phrase)] != folded_phrase


def _strip_trailing_cues(folded: str, lower: str, offset: int) -> str:
    """Drop trailing comparator and verb words; only the last few words are looked at (linear time).

    ``folded`` is the slice at ``offset`` of the document whose lower-cased original (with its diacritics,
    same length) is ``lower``: that tells "đất" from "đạt"."""
    phrase = (folded, offset)
    while True:
        if not _may_end_with_cue(folded):
            return folded
        window = max(0, len(folded) - 48)
        m = _TRAILING_CUE_RE.search(folded, window)
        if not m or (m.start() == window and window > 0 and not folded[window - 1].isspace()):
            return folded
        if not _written_as_cue(m.group(), lower, offset + m.start(), phrase):
            return folded
        if m.group().endswith("len") and folded.endswith("tro", 0, m.start()):
            return folded  # "hoàn thành tốt nhiệm vụ trở lên": a rating, not a verb
        if m.group().endswith("bang") and folded.endswith((" cao", " mat", " can", " cong"), 0, m.start()):
            return folded  # "tỉnh Cao Bằng": the province, not "bằng"
        if m.group().lstrip().startswith("tang") and folded.endswith("gia tri gia", 0, m.start()):
            return folded  # "thuế giá trị gia tăng": value-added tax
        if m.group().endswith("moi dat") and folded.endswith("nong thon", 0, m.start()):
            folded = folded[
                : m.end() - 4
            ].rstrip()  # "xã đạt chuẩn nông thôn mới đạt 90%": "mới" is the name's
            continue
        folded = folded[: m.start()].rstrip(" ,:")


# The last word of every ``_TRAILING_CUE_RE`` alternative (a year, for ``nam \d{4}``, ends in a digit).
_TRAILING_CUE_LAST_WORDS = tuple(
    "dat duoc la tang giam them tren duoi con khoang nhat thieu bang chiem vuot gan uoc tinh hien hon len co "
    "se dau : ( nam khong qua da xi gap den muc manh nhe nhanh kh va / quan ≥ ≤ > < >= <= ~ ≈ vao xuong dinh "
    "tri giu tuc moc phai can thu hang chi chinh don thang chung quanh ngan che che,".split()
)


def _may_end_with_cue(folded: str) -> bool:
    """False when ``_TRAILING_CUE_RE`` cannot match: its match ends with one of its last words, or a year.

    (A suffix test, so also true for "...xdat": the regex decides. ``rsplit`` to get the last word would copy
    the whole text.)"""
    stripped = folded.rstrip()
    return bool(stripped) and (stripped.endswith(_TRAILING_CUE_LAST_WORDS) or stripped[-1].isdigit())


# ------------------------------------------------------------------------------------------------ parents


# "trong đó" (of which) and "riêng" (for ... alone: "tỷ lệ hộ nghèo giảm 3%; riêng các huyện nghèo giảm 5%")
# "sầu riêng" is durian; "gồm:" opens a breakdown only with its colon ("Tổng nguồn vốn 2.460 tỷ đồng, gồm: ...")
_PARTS_OPENER_RE = re.compile(r"\b(?:trong do|(?<!sau )rieng(?! le\b)|(?:(?:bao )?gom|cu the)(?=\s*:))\b")
_SINGLED_OUT_TIME_RE = re.compile(r"\s+(?:nam|quy|thang|giai doan)\b")


def _link_parents(folded: str, lower: str, para: Paragraph, figures: list[Figure], first: int) -> None:
    """Sub-figures after ``trong đó`` or ``riêng`` point at the figure they break down (same sentence or list
    item)."""
    if first >= len(figures) or (
        folded.find("trong do", para.start, para.end) < 0
        and folded.find("rieng", para.start, para.end) < 0
        and folded.find("gom", para.start, para.end) < 0
        and folded.find("cu the", para.start, para.end) < 0
    ):
        return
    ends = [f.span[1] for f in figures[first:]]
    sentence_starts = [s for s, _ in para.sentences]
    openers = [
        m
        for m in _PARTS_OPENER_RE.finditer(folded, para.start, para.end)
        # "thanh niên trong độ tuổi 18 - 21": "trong độ", not "trong đó"
        if m.group() != "trong do" or lower[m.start() : m.end()] in ("trong đó", "trong do")
    ]
    for k, m in enumerate(openers):
        pos = m.start()
        s_index = bisect.bisect_right(sentence_starts, pos) - 1
        s_start, s_end = para.sentences[s_index] if s_index >= 0 else (para.start, para.end)
        opens_sentence = not folded[s_start:pos].strip(" ,;:-*(")
        lists = folded[m.end() : m.end() + 3].lstrip().startswith(":")  # "trong đó:" opens a list of parts
        if opens_sentence:
            # "Trong đó: thu nội địa ... . Chi ngân sách ...": the parts end with their sentence, unless the
            # sentence is only "Trong đó:" and the parts follow on
            lower_bound = para.start
            scope_end = s_end if folded[m.end() : s_end].strip(" :;,-*") else para.end
        else:
            lower_bound = s_start
            semi = folded.rfind(";", s_start, pos)
            if semi >= 0 and folded[semi + 1 : pos].strip(" ,"):
                lower_bound = (
                    semi + 1
                )  # "còn 7,8%; đào tạo 6.000 lao động, trong đó nữ chiếm 45%": of the 6.000
            paren = folded[max(s_start, pos - 2) : pos].strip()
            scope_end = folded.find(")", pos, s_end) if paren == "(" else -1
            if scope_end < 0 and not lists:
                scope_end = folded.find(";", pos, s_end)  # without a colon the parts end at the next ";"
            scope_end = s_end if scope_end < 0 else scope_end
            if k + 1 < len(openers) and openers[k + 1].group() == "trong do" == m.group():
                # "A, trong đó B, trong đó C": the next "trong đó" breaks down B; C is its part, not this one's
                scope_end = min(scope_end, openers[k + 1].start())
        before = bisect.bisect_right(ends, pos) - 1
        whole_floor = first
        if before < 0 and opens_sentence and s_start == para.start and m.group() == "trong do":
            # "Tổng vốn đầu tư ... đạt 45.000 tỷ đồng." then a paragraph "Trong đó, vốn ngân sách ...": the
            # parts of the figure the paragraph before ends with
            if (whole_floor := _whole_above(folded, figures, first, para.start)) is None:
                continue
            lower_bound = folded.rfind("\n", 0, figures[first - 1].span[0]) + 1
        elif before < 0 or figures[first + before].span[0] < lower_bound:
            continue
        nearest = first + before
        # a part of a part: "sản lượng 1,18 triệu tấn, trong đó khai thác 512.600 tấn, riêng khu vực X cũ 486.300
        # tấn" (the 486.300 is of the 512.600, not a third part of the whole)
        nested_in = None if opens_sentence else figures[nearest].parent
        parts = []
        for j in range(first + before + 1, len(figures)):
            if figures[j].span[0] > scope_end + 1:
                break  # (the figures are in the order of the text)
            if pos < figures[j].span[1] <= scope_end + 1 and (
                figures[j].parent is None or (nested_in is not None and figures[j].parent == nested_in)
            ):
                parts.append(j)
        if not parts:
            continue
        if opens_sentence and m.group() == "rieng":
            # "Trong đó thu nội địa ...; thu xuất nhập khẩu .... Riêng thu tiền sử dụng đất ...": a part of the
            # whole those parts break down, not of the last of them
            while figures[nearest].parent is not None and figures[nearest].parent >= first:
                nearest = figures[nearest].parent
        if m.group() == "rieng" and not opens_sentence and (up := figures[nearest].parent) is not None:
            nearest = _special_part_of(figures, up, nearest, parts[0])
        first_whole = _whole_of(folded, figures, figures[parts[0]], nearest, whole_floor, lower_bound)
        if figures[first_whole].kind == "target" != figures[parts[0]].kind:
            # "IIP ước tăng 11,8%, vượt mục tiêu tăng 10% ... . Trong đó, chế biến tăng 13,2%": the results break
            # down the result, not the target it is set against
            for k_back in range(first_whole - 1, max(whole_floor, first) - 1, -1):
                if figures[k_back].span[0] < lower_bound:
                    break
                if (
                    figures[k_back].kind == figures[parts[0]].kind
                    and figures[k_back].indicator == figures[first_whole].indicator
                ):
                    first_whole = k_back
                    break
        if not opens_sentence and not lists and m.group() == "trong do" and folded.startswith(";", scope_end):
            opens_clause = semi >= 0 and not folded[semi + 1 : pos].strip(" ,")
            _parts_past_semicolon(figures, None if opens_clause else figures[first_whole], parts, s_end)
        for j in parts:
            parent = first_whole
            if (
                figures[j].unit_canonical not in (None, "percent", figures[parts[0]].unit_canonical)
                and (own := _whole_of(folded, figures, figures[j], nearest, whole_floor, lower_bound))
                != parent
                and figures[own].unit_canonical == figures[j].unit_canonical
            ):
                parent = own  # "9 khu ... 2.846 ha, trong đó 6 khu ... 1.735 ha": each part of the whole in its unit
            elif j != parts[0] and (owner := _bracket_owner(folded, figures, j, parts[0])) is not None:
                parent = (
                    owner  # "cây lúa 62.350 ha (lúa chiêm xuân 26.110 ha, ...)": parts of the part before
                )
            # "21 chỉ tiêu, trong đó: GRDP tăng 8%; thu ngân sách 3.300 tỷ đồng": the targets a count names,
            # not its parts
            if figures[parent].unit_canonical == "target_count" and figures[j].unit != figures[parent].unit:
                continue
            if _rate_of_other_whole(figures[j], figures[parent]):
                continue  # "gieo trồng 120.500 ha, trong đó lúa 78.420 ha, năng suất 66,8 tạ/ha": a yield, no part
            if m.group() in ("rieng", "cu the") and _unit_base(figures[j]) != _unit_base(figures[parent]):
                # "Riêng khu vực X thu hút 620 triệu USD" after tonnes of rice: no part of them; "..., cụ thể:"
                # details a whole in its own unit ("thu 5.200 tỷ đồng, cụ thể: thu nội địa 4.100 tỷ đồng")
                continue
            if (
                m.group() == "rieng"
                and figures[parent].unit_canonical in _RATIO_UNITS
                and _SINGLED_OUT_TIME_RE.match(folded, m.end())
            ):
                continue  # "tăng bình quân 6,4%/năm. Riêng năm 2021, GRDP chỉ tăng 2,15%": a year's rate, no part
            figures[j].parent = parent
            if _names_nothing(figures[j].indicator):
                figures[j].indicator = figures[parent].indicator  # "...; riêng năm 2025 đón 8,1 triệu lượt"
            elif figures[j].indicator[:6].lower() == "riêng ":
                _name_special_part(figures[j], figures[parent])


def _parts_past_semicolon(
    figures: list[Figure], whole: Figure | None, parts: list[int], sentence_end: int
) -> None:
    """Extend ``parts`` past the ";" that ends a "trong đó" without a colon, clause by clause, while each figure is
    in the first part's unit. A "trong đó" that opens its clause (``whole`` None) lists its parts that way: "IIP
    tăng 10,2%; trong đó, chế biến tăng 10,9%; điện tăng 6,3%; riêng khai khoáng giảm 3,5%". One inside a clause
    goes on only while each figure is also named as the part (the same first word) and all still fit in the
    ``whole``: "Tổng vốn đầu tư đạt 52.300 tỷ đồng, trong đó vốn nhà nước 14.200 tỷ đồng; vốn ngoài nhà nước
    33.100 tỷ đồng; vốn FDI 5.000 tỷ đồng" (but "...; chi đầu tư 400 tỷ đồng" is a figure of its own)."""
    first = figures[parts[0]]
    head, left = "", None
    if whole is not None:
        if (
            first.unit_canonical is None
            or first.unit_canonical in _RATIO_UNITS
            or whole.unit != first.unit
            or whole.value_max is not None
            or len(parts) != 1
        ):
            return
        head = fold_keep_length(first.indicator).lower().split(" ", 1)[0]
        left = whole.value - first.value
    for j in range(parts[-1] + 1, len(figures)):
        fig = figures[j]
        if fig.span[0] >= sentence_end or fig.parent is not None or fig.unit != first.unit:
            return
        if left is not None:
            if fold_keep_length(fig.indicator).lower().split(" ", 1)[0] != head or fig.value > left:
                return
            left -= fig.value
        parts.append(j)


def _special_part_of(figures: list[Figure], whole: int, last_part: int, special: int) -> int:
    """What a ``riêng`` figure after a list of parts is part of: the listed part its name starts with ("trong
    đó lúa 200.000 tấn, ngô 100.000 tấn, riêng lúa chất lượng cao 50.000 tấn"), else the whole they break down
    ("..., thu xuất nhập khẩu 1.000 tỷ đồng; riêng thu tiền sử dụng đất 800 tỷ đồng"). After one part alone, that
    part ("trong đó khai thác 512.600 tấn, riêng khu vực X cũ 486.300 tấn")."""
    siblings = [i for i in range(whole + 1, last_part + 1) if figures[i].parent == whole]
    if len(siblings) < 2:
        return last_part
    name = fold_keep_length(figures[special].indicator).lower().removeprefix("rieng ")
    named = [i for i in siblings if name.startswith(fold_keep_length(figures[i].indicator).lower() + " ")]
    return named[-1] if named else whole


def _whole_above(folded: str, figures: list[Figure], first: int, para_start: int) -> int | None:
    """Where the figures of the paragraph right above start, when a ``Trong đó`` paragraph can break down its
    last figure: that paragraph ends with the figure's sentence, a line or a blank line before, and the figure
    counts no targets ("đề ra 21 chỉ tiêu." lists targets, not parts). None otherwise."""
    if first == 0:
        return None
    last = figures[first - 1]
    gap = folded[last.span[1] : para_start]
    if (
        gap.count("\n") > 2
        or len(gap) > 120
        or "." in gap.rstrip().rstrip(".")
        or last.unit_canonical == "target_count"
    ):
        return None
    line_start = folded.rfind("\n", 0, last.span[0]) + 1
    above = first - 1
    while above > 0 and figures[above - 1].span[0] >= line_start:
        above -= 1
    return above


# "Trong thu nội địa, thu từ doanh nghiệp nhà nước đạt 320 tỷ đồng": a sentence opening with its whole's name
_NAMED_WHOLE_RE = re.compile(
    r"[\s\-*+•]*trong (?!do\b|nam\b|thang\b|quy\b|giai doan\b|ky\b)([^,;:()\d]{2,40}),"
)


def _parts_of_named_whole(folded: str, para: Paragraph, figures: list[Figure], first: int) -> None:
    """Figures of a sentence that opens with ``Trong <name>,`` are parts of the figure before it that ``<name>``
    names, in the same unit ("Thu nội địa đạt 5.000 tỷ đồng. Trong thu nội địa, thu từ ... đạt 320 tỷ đồng")."""
    for s_start, s_end in para.sentences or ((para.start, para.end),):
        m = _NAMED_WHOLE_RE.match(folded, s_start, s_end)
        if m is None:
            continue
        name = " ".join(m.group(1).split())
        wholes = [j for j in range(first, len(figures)) if figures[j].span[1] <= s_start]
        if not wholes:
            continue
        whole = figures[wholes[-1]]
        whole_name = " ".join(fold_keep_length(whole.indicator).lower().split())
        if not (whole_name.endswith(name) or name.endswith(whole_name)) or len(whole_name) < 4:
            continue
        for fig in figures[wholes[-1] + 1 :]:
            if fig.span[0] >= s_end:
                break
            if fig.span[0] >= m.end() and fig.parent is None and _unit_base(fig) == _unit_base(whole):
                fig.parent = wholes[-1]


# Words in a bracket that make its figures a comparison, a plan or an equivalent, not the parts of the figure before
_NOT_PARTS_RE = re.compile(
    r"\b(?:(?:19|20)\d\d|ke hoach|du toan|muc tieu|chi tieu|cung ky|so voi|tuong duong|tang|giam|bang|dat|chiem"
    r"|nam truoc|ca nuoc|binh quan|trung binh|khoang|uoc|gan|tren|duoi)\b"
)


_LEADING_NUMBER_RE = re.compile(r"^\(?\s*[\d.,]+\s*")


def _amount(fig: Figure) -> float:
    """The figure's value in its unit's base (``2,5 tỷ đồng`` is 2.5e9 đồng), to add parts up against a whole."""
    return float(fig.value) * (fig.scale or 1.0)


def _bracketed_parts(text: str, folded: str, para: Paragraph, figures: list[Figure], first: int) -> None:
    """Figures in a bracket right after a figure, in its unit and adding up to no more than it, are its parts:
    "đoạt 15 giải (1 giải Nhất, 7 giải Nhì, 7 giải Ba)", "thu 5.200 tỷ đồng (thu nội địa 4.100 tỷ đồng, ...)".
    A share is no sum of its bracket's shares ("95% (thành thị 98%, nông thôn 92%)"), so ratios are left alone."""
    pos = para.start
    while (open_ := folded.find("(", pos, para.end)) >= 0:
        pos = open_ + 1
        close = folded.find(")", open_, para.end)
        if close < 0:
            return
        whole = None
        parts: list[int] = []
        for i in range(first, len(figures)):
            span = figures[i].span
            if span[1] <= open_:
                whole = i
            elif span[0] >= open_ and span[1] <= close + 1:
                parts.append(i)
            elif span[0] > close:
                break
        if whole is None or not parts or folded[figures[whole].span[1] : open_].strip():
            continue
        big = figures[whole]
        if (
            big.unit_canonical in _RATIO_UNITS
            or big.value_max is not None
            or _NOT_PARTS_RE.search(folded, open_, close)
            or any(
                figures[i].parent is not None
                or figures[i].qualifier is not None  # a former province's part: its whole's figure there
                or figures[i].value_max is not None
                or _unit_base(figures[i]) != _unit_base(big)
                for i in parts
            )
        ):
            continue
        if sum(_amount(figures[i]) for i in parts) > _amount(big) * 1.001:
            continue
        for i in parts:
            part = figures[i]
            part.parent = whole
            # "(1 giải Nhất, ...": named by its unit and the words after it, not by its whole's words
            if part.indicator == big.indicator:
                end = min(
                    (k for k in (folded.find(c, part.span[1], close) for c in ",;") if k >= 0), default=close
                )
                name = _LEADING_NUMBER_RE.sub("", text[part.span[0] : end]).strip()
                if len(name) > len(part.unit) and len(name) <= 40:
                    part.indicator = _squeeze(name)


_INCLUDES_RE = re.compile(r"\b(?:bao )?gom\b(?!\s*:)")


def _parts_that_add_up(text: str, folded: str, para: Paragraph, figures: list[Figure], first: int) -> None:
    """Figures after "gồm" without a colon are parts when they add up to a figure before it in the sentence:
    "thu hút 46 dự án, tăng 9 dự án so với cùng kỳ, gồm 31 dự án FDI và 15 dự án trong nước" (31 + 15 = 46)."""
    for m in _INCLUDES_RE.finditer(folded, para.start, para.end):
        s_start, s_end = _sentence_at(para, m.start())
        semi = folded.find(";", m.end(), s_end)
        scope_end = s_end if semi < 0 else semi
        before = [
            i
            for i in range(first, len(figures))
            if s_start <= figures[i].span[0] and figures[i].span[1] <= m.start()
        ]
        parts = [
            i
            for i in range(first, len(figures))
            if m.end() < figures[i].span[1] <= scope_end + 1 and figures[i].parent is None
        ]
        if len(parts) < 2 or not before:
            continue
        base = _unit_base(figures[parts[0]])
        if base in _RATIO_UNITS or any(
            _unit_base(figures[i]) != base or figures[i].value_max is not None for i in parts
        ):
            continue
        total = sum(_amount(figures[i]) for i in parts)
        for i in reversed(before):
            if _unit_base(figures[i]) == base and abs(_amount(figures[i]) - total) < 1e-6 * total:
                for j in parts:
                    figures[j].parent = i
                    if (
                        figures[j].span[0] < m.end()
                    ):  # "so với cùng kỳ, gồm 31 dự án FDI": the words after "gồm"
                        name = _LEADING_NUMBER_RE.sub("", text[m.end() : figures[j].span[1]].lstrip())
                        figures[j].indicator = _squeeze(name)
                break


_RESPECTIVELY_RE = re.compile(r"\blan luot\b")
_LIST_JOIN_RE = re.compile(r"\s*(?:,|;|va|va lan luot)?\s*")


def _share_out_respectively(folded: str, para: Paragraph, figures: list[Figure], first: int) -> None:
    """Figures after "lần lượt" go one by one with the names before it: "Tỷ lệ tham gia bảo hiểm y tế và bảo
    hiểm xã hội lần lượt đạt 95% và 45%" (the subject's parts, its head shared), or, when the subject is no list
    of as many names, the figures just before them ("đạt 66%, trong đó có bằng cấp đạt 27,5% (mục tiêu lần
    lượt là 70% và 30%)")."""
    for m in _RESPECTIVELY_RE.finditer(folded, para.start, para.end):
        after = [j for j in range(first, len(figures)) if figures[j].span[1] > m.end()]
        if not after:
            continue
        group = [after[0]]
        for j in after[1:]:
            if not _LIST_JOIN_RE.fullmatch(folded, figures[group[-1]].span[1], _number_start(figures[j])):
                break  # "95% và 45%", "2,1%, 3,4%": the list goes on only through a joint
            group.append(j)
        if len(group) < 2:
            continue
        head = figures[group[0]]
        subject = head.indicator
        at = fold_keep_length(subject).lower().rfind("lan luot")
        names = _split_subject(subject[:at].strip(" ,")) if at > 0 else []
        if len(names) == len(group):
            for j, name in zip(group, names, strict=True):
                figures[j].indicator = name
            continue
        before = [j for j in range(first, group[0]) if figures[j].span[1] <= m.start()]
        if len(before) >= len(group):
            sources = before[-len(group) :]
            counterpart = dict(zip(sources, group, strict=True))  # the 30% target is a part of the 70% one
            for j, source in zip(group, sources, strict=True):
                figures[j].indicator = figures[source].indicator
                source_parent = figures[source].parent
                figures[j].parent = (
                    counterpart.get(source_parent, source_parent) if source_parent is not None else None
                )


def _split_subject(subject: str) -> list[str]:
    """The names of a coordinated subject, each with the head the first one has: "Tỷ lệ hộ nghèo, hộ cận nghèo"
    is "Tỷ lệ hộ nghèo" and "Tỷ lệ hộ cận nghèo"."""
    parts = [p.strip() for p in re.split(r",\s*|\s+và\s+", subject) if p.strip()]
    if len(parts) < 2:
        return parts
    first_words = parts[0].split()
    names = [parts[0]]
    for part in parts[1:]:
        lead = part.split()[0].lower()
        at = next((k for k, w in enumerate(first_words) if w.lower() == lead and k > 0), None)
        names.append(" ".join([*first_words[:at], part]) if at is not None else part)
    return names


# "Tại địa bàn xã Hòa Phú (cũ), đã bê tông hóa 4,2 km", "... cho 100% thôn thuộc địa bàn xã Hòa Phú (cũ)"
_PLACE_PHRASE_RE = re.compile(
    r"(?:[Tt]ại|[Tt]huộc|[Ởở])\s+(?:địa bàn\s+|khu vực\s+)?((?:xã|phường|thị trấn|huyện|tỉnh|thành phố|thị xã|đặc khu)"
    r"\s+[A-ZĐÂÊÔƠƯ]\w*(?:\s+[A-ZĐÂÊÔƠƯ]\w*){0,3}\s+\(cũ\))"
)


def _former_place_of_clause(text: str, para: Paragraph, figures: list[Figure], first: int) -> None:
    """A former place its clause puts figures in is their qualifier: the figures after "Tại địa bàn xã Hòa Phú
    (cũ)," in its clause, or the one figure right before "... thuộc địa bàn xã Hòa Phú (cũ)"."""
    for m in _PLACE_PHRASE_RE.finditer(text, para.start, para.end):
        clause = next(((a, b) for a, b in para.clauses if a <= m.start() < b), None)
        if clause is None:
            continue
        in_clause = [fig for fig in figures[first:] if clause[0] <= fig.span[0] < clause[1]]
        after = [fig for fig in in_clause if fig.span[0] >= m.start()]
        before = [fig for fig in in_clause if fig.span[1] <= m.start()]
        for fig in after or before[-1:]:
            if fig.qualifier is None:
                fig.qualifier = m.group(1)


def _in_brackets(folded: str, fig: Figure) -> bool:
    """Whether a figure stands inside brackets ("GRDP ước tăng 8,7% (kế hoạch 8,5%)"): a restatement."""
    start = _number_start(fig)  # in "vượt kế hoạch (7,8%)" the figure's words start before the bracket
    return folded.rfind("(", max(0, start - 40), start + 1) > folded.rfind(")", max(0, start - 40), start + 1)


def _rate_of_other_whole(part: Figure, whole: Figure) -> bool:
    """A rate per something ("tạ/ha", "triệu đồng/người") after a whole that is no rate: it measures the whole
    (or one of its parts), it is not a share of it."""
    return "/" in part.unit and not part.unit.startswith("%") and "/" not in whole.unit


def _unit_base(fig: Figure) -> str:
    """What a figure counts, whatever the period it is per: "%/năm" and "%" both count percent."""
    return (fig.unit_canonical or fig.unit).split("/")[0].removesuffix("_per_year")


_HIGHER_THAN_RE = re.compile(r"(?<!khong )\b(?:cao|thap) hon (?:so voi )?(?:muc|toc do|con so)\b")
_OF_LAST_YEAR_RE = re.compile(r"\s*(?:cua|trong) cung ky\b")


def _is_comparison_base(folded: str, fig: Figure) -> bool:
    """A figure the one before it is compared with: "tăng 8,12%, cao hơn mức tăng 7,6% của cùng kỳ"."""
    return bool(_HIGHER_THAN_RE.search(folded, fig.span[0], fig.span[1])) or bool(
        _OF_LAST_YEAR_RE.match(folded, fig.span[1])
    )


_AGAINST_A_BASE_RE = re.compile(r"\s*,?\s*so (?:voi|cung ky)\b")


def _against_a_base(folded: str, fig: Figure) -> bool:
    """A change or a difference measured against a base written after it ("tăng 42 trường so với năm trước",
    "vượt 0,4 giường so với kế hoạch"): no whole that parts break down."""
    return bool(_AGAINST_A_BASE_RE.match(folded, fig.span[1]))


# Places named by what they are rather than by name: "các xã đặc biệt khó khăn", "vùng đồng bào dân tộc thiểu số"
_PLACE_GROUP_RE = re.compile(
    r"(?:cac |tai cac |o cac )?(?:xa|huyen|phuong|dia phuong|vung|khu vuc|dia ban|thon|ban|lang)\b[^\d,;:()]{0,60}"
)


def _name_special_part(part: Figure, whole: Figure) -> None:
    """A ``riêng`` part names no ``riêng``: "riêng tỷ lệ hộ nghèo tại các xã miền núi còn 11,4%" is "tỷ lệ hộ
    nghèo tại các xã miền núi"; one named only by a group of places ("riêng các xã đặc biệt khó khăn giảm 6,8
    điểm phần trăm") is its whole's indicator for those places."""
    name = part.indicator[6:].lstrip()
    folded_name = fold_keep_length(name).lower()
    if _unit_base(part) == _unit_base(whole) and _PLACE_GROUP_RE.fullmatch(folded_name):
        part.qualifier = name[: len(_PLACE_VERB_RE.sub("", folded_name))]
        part.indicator = whole.indicator
    elif name:
        part.indicator = name


def _bracket_owner(folded: str, figures: list[Figure], j: int, first_part: int) -> int | None:
    """The part right before the brackets a later part stands in, in its unit: "trong đó: cây lúa 62.350 ha
    (lúa chiêm xuân 26.110 ha, lúa mùa 36.240 ha)" breaks the 62.350 down. None when the part stands in no
    brackets, or a place's are (those are the whole's figures for that place)."""
    fig = figures[j]
    if fig.qualifier or not _in_brackets(folded, fig):
        return None
    opening = folded.rfind("(", 0, _number_start(fig))
    for k in range(j - 1, first_part - 1, -1):
        if figures[k].span[1] <= opening:
            between = folded[figures[k].span[1] : opening]
            return k if not between.strip(" ,") and _same_measure(fig, figures[k]) else None
    return None


_LEVEL_VERB_RE = re.compile(r"\b(?:con|xuong(?: con| muc| duoi)?|len(?: muc)?)\s*$")


def _is_level(folded: str, fig: Figure) -> bool:
    """A level a change reaches ("giảm còn 3,12%", "tăng lên 58%"), not the change itself."""
    start = _number_start(fig)
    return bool(_LEVEL_VERB_RE.search(folded, max(fig.span[0], start - 20), start))


def _whole_of(
    folded: str, figures: list[Figure], part: Figure, nearest: int, first: int, lower_bound: int
) -> int:
    """The figure a part breaks down: the nearest one before ``trong đó`` counted in the part's unit and not
    a change or a share of the plan, else the nearest one. In "đạt 785.600 tấn, vượt 2,3% kế hoạch, trong
    đó thóc 512.000 tấn" and "đạt 2.100 tỷ đồng, tăng 6%; trong đó thu nội địa 1.800 tỷ đồng" the whole is
    the first figure, not the percentage next to ``trong đó``."""
    based = _against_a_base(folded, part)
    for i in range(nearest, first - 1, -1):
        whole = figures[i]
        if whole.span[0] < lower_bound:
            break
        if (
            whole.unit_canonical == part.unit_canonical
            and (whole.unit_canonical is not None or whole.unit == part.unit)
            and whole.kind != "progress"
            and not _in_brackets(folded, whole)  # not "(Nghị quyết 70%)", the plan beside the result
            and not _is_comparison_base(folded, whole)
            and (part.direction is not None or whole.direction is None or _is_level(folded, whole))
            and (based or not _against_a_base(folded, whole))
            and (part.qualifier or not whole.qualifier)  # not a place's figure in the brackets before
        ):
            return i
    # "cho 39.850 lao động, đạt 102,2% kế hoạch, trong đó xuất khẩu lao động 16.420 người": not the ratio
    for i in range(nearest, first - 1, -1):
        whole = figures[i]
        if whole.span[0] < lower_bound:
            break
        if (
            whole.kind != "progress"
            and not _in_brackets(folded, whole)
            and not _is_comparison_base(folded, whole)
            and (based or not _against_a_base(folded, whole))
            and (part.qualifier or not whole.qualifier)
            and (whole.unit_canonical != "percent" or part.unit_canonical == "percent")
            and not (
                part.unit_canonical == "percent"
                and part.direction is None
                and whole.direction is not None
                and not _is_level(folded, whole)
            )
        ):
            return i  # (a share, "thương mại - dịch vụ chiếm 68,5%", is of the amount, not of its growth)
    return nearest


# ------------------------------------------------------------------------------------------------ catalog


def _clause_start(text: str, pos: int, reach: int = 80) -> int:
    """Where the clause holding ``pos`` starts, looking back at most ``reach`` characters."""
    floor = max(0, pos - reach)
    return max(text.rfind(";", floor, pos), text.rfind(".", floor, pos), floor - 1) + 1


_FDI_NEAR_RE = re.compile(r"\bfdi\b|dau tu (?:truc tiep )?nuoc ngoai")
# Units whose noun names what a figure counts (tried with the indicator's words when these match nothing).
_NAMING_UNITS = frozenset(
    {"visit", "visitor", "enterprise", "party_member", "cooperative", "product", "dwelling"}
)


_MONEY_KINDS = frozenset({"vnd", "usd"})
_MONEY_UNITS = frozenset({"VND", "USD"})
_RATIO_KINDS = frozenset({"percent", "per_mille", "point"})
_PER_10K_KINDS = frozenset({"doctor_per_10k", "bed_per_10k", "pharmacist_per_10k", "nurse_per_10k"})


def _unit_kind_of(fig: Figure) -> str | None:
    """The catalog's kind of a figure's unit; money per person ("tr.đ/người/năm") is money."""
    if fig.unit_canonical in ("rank", "rank_step"):
        return "rank"
    if fig.unit_canonical and fig.unit_canonical[:3] in ("VND", "USD"):
        return fig.unit_canonical[:3].lower()
    if fig.unit_canonical in _PER_10K_KINDS:
        return fig.unit_canonical  # "9,5 bác sĩ và 30 giường bệnh trên vạn dân": the list's rate
    kind = unit_kind(fig.unit)
    if kind in ("doctor", "bed") and unit_kind(f"{fig.unit} {fig.indicator}") == f"{kind}_per_10k":
        return f"{kind}_per_10k"  # "Số bác sĩ trên 1 vạn dân đạt 13 bác sĩ": the name says per 10,000
    return kind


def _unit_contradicts(expected: str | None, found: str | None) -> bool:
    """Whether a figure's unit rules out an indicator counted in ``expected``: money for a count of households
    or people, a count for money. (A rate's indicator takes counts and money too: "giải ngân 9.845 tỷ đồng" is
    disbursement as much as "giải ngân 95%".)"""
    if not expected or not found or expected == found:
        return False
    if "rank" in (expected, found):
        return True  # "xếp thứ 12/34" is no PCI score, "68,5 điểm" no rank
    if found in _RATIO_KINDS or expected in _RATIO_KINDS:
        return False
    if expected in _PER_10K_KINDS:
        return True  # "1.250 bác sĩ" counts doctors; it is not the doctors per 10,000 people
    return (expected in _MONEY_KINDS) != (found in _MONEY_KINDS)


_AND_JOINT_RE = re.compile(r"\s*(?:,\s*)?(?:và\s*)?")
# Verbs that a list of counts shares: "thành lập mới 450 doanh nghiệp và 25 hợp tác xã"
_SHARED_VERBS_RE = re.compile(
    r"(?:nam \d{4},? )?(?:thanh lap|xay dung|phat trien|thu hut|dao tao|ho tro|co|tang|cap|trong|bat|xu ly|phat hien"
    r"|ket nap|giai quyet viec lam cho)(?: moi| them| duoc| giu)?"
)


def _number_start(fig: Figure) -> int:
    """Where a figure's number stands (its quote may start with its words, and they may hold a year in brackets:
    "Giá trị sản xuất công nghiệp (theo giá so sánh 2010) ước đạt 512.400 tỷ đồng")."""
    quote = fig.quote
    at = next((k for k, ch in enumerate(quote) if ch.isdigit()), 0)
    while "(" in quote[:at] and quote.rfind("(", 0, at) > quote.rfind(")", 0, at):
        close = quote.find(")", at)
        later = (
            next((k for k in range(close + 1, len(quote)) if quote[k].isdigit()), -1) if close >= 0 else -1
        )
        if later < 0:
            break
        at = later
    return fig.span[0] + at


def _verbs_before_noun(fig: Figure) -> str:
    """The verbs a count's name has before its counted noun: "thành lập mới" of "thành lập mới doanh nghiệp"."""
    noun = _unit_noun(fig.unit)
    if not noun or not fig.indicator.lower().endswith(noun.lower()):
        return ""
    verbs = fig.indicator[: -len(noun)].strip(" ,")
    return verbs if _SHARED_VERBS_RE.fullmatch(fold_keep_length(verbs).lower()) else ""


def _match_catalog(text: str, figures: list[Figure]) -> None:
    """Canonical ids; a ``trong đó`` part is matched under its parent (``Dịch vụ`` under GRDP growth).

    A figure that matches nothing on its own, or only a member of another family, right after a figure of a
    family in the same paragraph, is tried as that family's member: in "Cơ cấu kinh tế: nông, lâm nghiệp,
    thủy sản 25%; công nghiệp - xây dựng 30%; dịch vụ 45%" the first names the family (economic structure)
    and the others are its sectors. A family's name before a colon, "Tỷ lệ trường đạt chuẩn quốc gia: mầm
    non 60%, tiểu học 75%", makes the words after the colon a member's name, and the figures after it
    members too.
    """
    catalog = default_catalog()
    for n, fig in enumerate(figures):
        if fig.unit_canonical in ("doctor", "bed") and (
            "van dan" in fold_keep_length(fig.indicator).lower()
            # "đạt 9,5 bác sĩ và 30 giường bệnh trên vạn dân": the two share "per 10,000 people"
            or (
                n + 1 < len(figures)
                and (figures[n + 1].unit_canonical or "").endswith("_per_10k")
                and _AND_JOINT_RE.fullmatch(text, fig.span[1], _number_start(figures[n + 1]))
            )
        ):
            fig.unit_canonical += (
                "_per_10k"  # "Số bác sĩ trên 1 vạn dân đạt 14 bác sĩ", "| Số bác sĩ/vạn dân | bác sĩ |"
            )
    previous_family: str | None = None
    member_parent: int | None = None  # the whole the last family member is a part of
    in_members = False  # whether a member of previous_family came before (not only its head)
    previous_end = -1
    for fig in figures:
        if fig.extra.get("entity"):
            continue  # a project's "Tổng vốn đầu tư" in a list of projects: no indicator of the province's
        parent = figures[fig.parent].indicator_id if fig.parent is not None else None
        # a rank ("xếp thứ 12/34") is the index's rank, not its score: the catalog tells them apart by unit
        unit = "thứ hạng" if fig.unit_canonical in ("rank", "rank_step") else fig.unit
        match = catalog.match(fig.indicator, unit=unit, parent=parent)
        if match is None and fig.unit_canonical in _NAMING_UNITS:
            # "Lào Cai đón 11,1 triệu lượt khách": the counted noun says what is counted
            noun = _unit_noun(fig.unit)
            if fold_keep_length(noun).lower() not in fold_keep_length(fig.indicator).lower():
                match = catalog.match(f"{fig.indicator} {noun}", unit=unit, parent=parent)
        same_line = "\n" not in text[previous_end : fig.span[0]]
        if (
            (match is None or (in_members and match.indicator.parent not in (None, previous_family)))
            and parent is None
            and previous_family is not None
            and same_line
        ):
            # a member of another family ("thuế sản phẩm" of GRDP growth) in a list of this family's members
            match = catalog.match(fig.indicator, unit=unit, parent=previous_family) or match
        family = None
        if match is not None and catalog.is_family(match.indicator.id):
            family = match.indicator.id
            if ":" in fig.indicator:
                member = catalog.match(fig.indicator.rpartition(":")[2], unit=unit, parent=family)
                if member is not None and member.indicator.parent == family:
                    match = member
        if (
            match is not None
            and match.indicator.id == "new_enterprise_capital"
            and _FDI_NEAR_RE.search(fold_keep_length(text[_clause_start(text, fig.span[0]) : fig.span[1]]))
            and (fdi := catalog.get("fdi_investment")) is not None
        ):
            match = Match(fdi, match.score, match.alias)  # "37 dự án FDI, tổng vốn đăng ký 1,12 tỷ USD"
        if (
            match is not None
            and (total := fig.extra.get("share_of"))
            and f" {match.alias} " in f" {normalise(total)} "
        ):
            match = None  # "bố trí 3% tổng chi ngân sách cho ...", "đóng góp 7,8% GRDP": a share of the total, not it
            # (and "dành 30 tỷ đồng cho chương trình giảm nghèo": what the money is for, not it)
        if match is not None and _unit_contradicts(match.indicator.unit, _unit_kind_of(fig)):
            match = (
                None  # "38 căn nhà cho hộ nghèo với tổng kinh phí 2,7 tỷ đồng": money, not poor households
            )
        if match is not None:
            fig.indicator_id = match.indicator.id
            if (
                fig.parent is None
                and same_line
                and member_parent is not None
                and match.indicator.parent == previous_family
                and figures[member_parent].indicator_id == previous_family
            ):
                # "GRDP tăng 8%, trong đó nông nghiệp tăng 3%; công nghiệp tăng 10%; dịch vụ tăng 8%": the
                # family's next members are parts of the same whole, past the ";" that ended "trong đó"
                fig.parent = member_parent
        if match is not None:
            previous_family = family or match.indicator.parent
            in_members = family is None and previous_family is not None
            member_parent = fig.parent if in_members else None
        elif not same_line:
            previous_family = None  # a figure of no family ends the list only at the end of its line
            member_parent = None
        previous_end = fig.span[1]
