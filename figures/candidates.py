"""Which numbers state a quantity: a number (or range, or ``X/Y`` fraction) followed by a unit.

One scan over a clause finds every number not glued to a word, a path or a time; each is kept only when a
unit follows it (a known unit, a scale word, or a noun a figure verb governs) and it is not a date, a year,
a document number, list numbering, a session number or a count of policy documents. What the kept numbers
mean (indicator, comparator, kind, period) is :mod:`figures.parse`'s business.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from itertools import chain

from figures.numbers import NUMBER_PATTERN, NUMBER_REST_PATTERN, parse_number
from figures.text import fold_keep_length
from figures.units import UnitMatch, match_scaled_unknown, match_unit

_NUM = rf"(?:{NUMBER_PATTERN})"
# A number not glued to a word, a path, a time or a dotted run ("Covid-19", "SỐ.....51", "22:37", "V.2"),
# with its sign if it has one: what ``(?<![\w.,/:\-–])(?P<sign>[-−+](?=\d))?(?P<num>{_NUM})`` finds, in
# two scans (see _numbers) because a regex that starts with a character class, the lookbehind after it, is
# several times faster to scan with than one that starts with a lookbehind or an optional group.
_UNSIGNED_RE = re.compile(rf"(?P<num>\d(?<![\w.,/:\-–]\d)(?:{NUMBER_REST_PATTERN}))")
_SIGNED_RE = re.compile(rf"[-−+](?<![\w.,/:\-–][-−+])(?P<num>\d(?:{NUMBER_REST_PATTERN}))")
_RANGE_TAIL_RE = re.compile(rf"\s*(?:-|–|—|÷|đến|tới|đến khoảng|den|toi)\s*(?P<num>{_NUM})(?![\d/])")
_FRACTION_TAIL_RE = re.compile(rf"/(?P<num>{_NUM})(?![\d/])")

# Words right before a number that make it something other than a figure.
# Words right before a number that make it something other than a figure (matched on the lower-cased
# original: folded "thu" is both "thứ" (ordinal) and "thu" (revenue)).
# (A last word added here must be added to _NOT_FIGURE_LAST_WORDS below, which is tested first.)
_NOT_FIGURE_BEFORE = re.compile(
    r"(?:\blần thứ|\bthứ|\bkhóa|\bkhoá|\bkỳ họp|\bphiên|\bđiều|\bkhoản|\bchương|\bphụ lục|\bbước|\bngày|\btháng|\bgiờ"
    r"|\bquý|\btuần|\bsố hiệu|\bsố ký hiệu|\bsố kí hiệu|\b(?:quyết định|nghị quyết|chỉ thị|kế hoạch|công văn|thông báo"
    r"|văn bản|thông tư|nghị định|luật|báo cáo|tờ trình|chương trình|kết luận|hướng dẫn) số"
    r"|\b(?:một|là) trong(?: số)?(?: những| các)?)\s*$"  # "một trong 13 đặc khu của cả nước": which one, no count
)
# The words those phrases (and ``cả``) end with: a window ending otherwise needs no regex search.
_NOT_FIGURE_LAST_WORDS = (
    "thứ", "khóa", "khoá", "họp", "phiên", "điều", "khoản", "chương", "lục", "bước", "ngày", "tháng", "giờ", "quý",
    "tuần", "hiệu", "số", "cả", "trong", "những", "các",
)  # fmt: skip
# "xuất khẩu hạt điều 1,12 tỷ USD", "sản lượng điều 45.000 tấn": the crop (written lower case), not an article
_CASHEW_BEFORE = re.compile(r"(?:hạt|cây|sản lượng|diện tích|xuất khẩu|nhân) điều\s*$")
# "đào tạo dưới 3 tháng 50.030 người": a duration names the group counted, it dates nothing
_DURATION_BEFORE = re.compile(r"\d\s*(?:tháng|ngày|tuần)\s*$")
_TROUBLE_AFTER_UNIT = re.compile(r"\s*[/-]\s*[A-ZĐ]")


@dataclass(slots=True)
class Candidate:
    start: int  # first character of the number (or its sign)
    end: int  # end of the number expression (range/fraction included), before the unit
    value: Decimal
    value_max: Decimal | None
    denominator: Decimal | None
    unit: UnitMatch
    known_unit: bool


def find_candidates(text: str, folded: str, lower: str, start: int, end: int) -> list[Candidate]:
    found: list[Candidate] = []
    for m in _numbers(text, start, end):
        cand = _read_candidate(text, folded, lower, m, start, end)
        if cand is not None and (not found or cand.start >= found[-1].unit.end):
            found.append(cand)
    return found


def _numbers(text: str, start: int, end: int) -> Iterable[re.Match[str]]:
    """Number matches in ``text[start:end]``, left to right and not overlapping, signed ones with their sign.

    The digits after "+" or "−" (not in the lookbehind's set, unlike "-") are also an unsigned match: the
    signed match, which starts first, is the one kept, as a single left-to-right scan would.
    """
    unsigned = _UNSIGNED_RE.finditer(text, start, end)
    if _SIGNED_RE.search(text, start, end) is None:
        return unsigned
    matches = sorted(
        chain(_SIGNED_RE.finditer(text, start, end), unsigned),
        key=lambda m: m.start(),
    )
    kept: list[re.Match[str]] = []
    for m in matches:
        if not kept or m.start() >= kept[-1].end():
            kept.append(m)
    return kept


def _read_candidate(
    text: str, folded: str, lower: str, m: re.Match[str], c_start: int, c_end: int
) -> Candidate | None:
    num_start, num_end = m.start("num"), m.end("num")
    unit = match_unit(lower, num_end)
    if (
        lower.endswith(_RANK_LAST_WORDS, c_start, m.start())
        and (rank := _RANK_BEFORE.search(lower, max(c_start, num_start - 30), m.start()))
        and not (rank.group().startswith("xếp hạng") and unit is not None and unit.canonical != "percent")
    ):  # (but "đã xếp hạng 5 di tích quốc gia" counts the sites ranked)
        return _rank(text, m, num_end, c_end)
    if (
        unit is None
        and text[num_end : num_end + 1] not in _MAY_CONTINUE
        and (unit := _bare_index_value(folded, num_start, num_end, c_start)) is None
    ):
        return None  # "(1)", "1.", "2020,": nothing that could make the number a quantity follows
    window = max(c_start, num_start - 40)
    if (
        lower[window : m.start()].rstrip().endswith(_NOT_FIGURE_LAST_WORDS)
        and (
            _NOT_FIGURE_BEFORE.search(lower, window, m.start())
            or _ALL_OF_BEFORE.search(lower, window, m.start())
        )
        and not _CASHEW_BEFORE.search(text, window, m.start())
        and not (unit is not None and _DURATION_BEFORE.search(lower, window, m.start()))
    ):
        return None
    before = folded[window : m.start()]
    value = parse_number(m.group("num"))
    if m.start() < num_start and text[m.start()] in "-−":  # a minus sign ("+15 xã" is 15 more)
        value = -value
    end, value_max, denominator = num_end, None, None
    if unit is None:
        rng = _RANGE_TAIL_RE.match(text, end, c_end) if _may_start_range(text, end) else None
        frac = _FRACTION_TAIL_RE.match(text, end, c_end)
        if rng:
            upper = parse_number(rng.group("num"))
            if upper > value and not _is_year_range(value, upper):
                value_max, end = upper, rng.end()
        elif frac:
            if _looks_like_date(folded, num_start, frac):
                return None
            denominator, end = parse_number(frac.group("num")), frac.end()
        unit = match_unit(lower, end) or _time_measure(folded, lower, num_start, end, c_start)
    else:
        # "từ 7,0% đến 7,5%": the unit is written after both ends of the range.
        rng = _RANGE_TAIL_RE.match(text, unit.end, c_end) if _may_start_range(text, unit.end) else None
        if (
            rng
            and parse_number(rng.group("num")) > value
            and (second := match_unit(lower, rng.end()))
            and not _in_dash_chain(text, num_start, second.end)
        ):
            value_max, unit, end = parse_number(rng.group("num")), second, rng.end()
    known = unit is not None
    if unit is None:
        unit = (
            match_scaled_unknown(lower, end)
            or _unknown_unit(text, folded, end, before)
            or _bare_index_value(folded, num_start, end, c_start)
        )
        if unit is None:
            return None
    lower_before = lower[window : m.start()]
    if _rejected(
        text, folded, m.group("num"), value, value_max, unit, known, before, lower_before, num_start
    ):
        return None
    return Candidate(m.start(), end, value, value_max, denominator, unit, known)


# A rank: "xếp thứ 18/34 tỉnh, thành phố", "đứng thứ 5 cả nước", "xếp hạng 3/63" (the number has no unit).
_RANK_BEFORE = re.compile(r"(?:xếp|đứng|vươn lên|tụt xuống|giữ|ở|vị trí) (?:thứ|hạng)\s*$|xếp hạng\s*$")
_RANK_OF_RE = re.compile(
    rf"\s+(?:trong|trên)(?: số| tổng số)?\s+(?P<num>{_NUM})(?![\d/])"
)  # "thứ 5 trong 14 tỉnh"
_RANK_LAST_WORDS = ("thứ", "thứ ", "hạng", "hạng ")


def _rank(text: str, m: re.Match[str], num_end: int, c_end: int) -> Candidate:
    value = parse_number(m.group("num"))
    frac = _FRACTION_TAIL_RE.match(text, num_end, c_end) or _RANK_OF_RE.match(text, num_end, c_end)
    end = frac.end() if frac else num_end
    unit = UnitMatch(start=end, end=end, canonical="rank", scale=1.0)
    return Candidate(
        m.start(), end, value, None, parse_number(frac.group("num")) if frac else None, unit, True
    )


_DASH_AFTER_RE = re.compile(r"\s*[-–]\s*\d")
_DASH_BEFORE_RE = re.compile(r"[\d%]\s*[-–]\s*$")


def _in_dash_chain(text: str, num_start: int, end: int) -> bool:
    """ "33,2% - 24,1% - 36,5% - 6,2%": shares listed with dashes between them (the sectors "tương ứng"), not a
    range: a third value follows or a first one precedes."""
    return bool(
        _DASH_AFTER_RE.match(text, end) or _DASH_BEFORE_RE.search(text, max(0, num_start - 12), num_start)
    )


_LIFE_YEARS_RE = re.compile(r" năm\b(?! (?:19|20)\d\d)")
_LIFE_WORDS_RE = re.compile(r"\b(?:tuoi tho|song khoe manh)\b")
_AVERAGE_DAYS_RE = re.compile(r" ngày\b(?!\s*[/\d])")
_AVERAGE_BEFORE_RE = re.compile(r"\b(?:binh quan|trung binh)\b[^\d,;:()]{0,24}$")
# The time something takes, and its change: "Thời gian giải quyết hồ sơ rút ngắn còn 5 ngày, giảm 2 ngày so với
# năm 2024" (not "trong thời gian 10 ngày", "Thời gian qua")
_TIME_TAKEN_BEFORE_RE = re.compile(
    r"(?<!trong )\bthoi gian (?!qua\b|toi\b)(?:[^\d,;:()]{4,80}|[^;:()]{4,80}\b(?:tang|giam|rut ngan)(?: them)?\s)$"
)


def _time_measure(folded: str, lower: str, num_start: int, end: int, c_start: int) -> UnitMatch | None:
    """The two counts of time that are figures, not durations or dates: years of life ("Tuổi thọ trung bình đạt
    74,5 năm", "thời gian sống khỏe mạnh tối thiểu 68 năm", the first number after those words) and an average of
    days ("khách lưu trú bình quân 1,8 ngày", "thời gian nằm viện trung bình 6,2 ngày") or the days something takes
    ("thời gian thông quan giảm còn 2 ngày")."""
    if lower.startswith(" năm", end):
        if not _LIFE_YEARS_RE.match(lower, end):
            return None
        last = None
        for found in _LIFE_WORDS_RE.finditer(folded, max(c_start, num_start - 80), num_start):
            last = found
        if last is None or any(ch.isdigit() for ch in folded[last.end() : num_start]):
            return None
        return UnitMatch(start=end + 1, end=end + 4, canonical="years_of_age", scale=1.0)
    if (
        lower.startswith(" ngày", end)
        and _AVERAGE_DAYS_RE.match(lower, end)
        and (
            _AVERAGE_BEFORE_RE.search(folded, max(c_start, num_start - 40), num_start)
            or _TIME_TAKEN_BEFORE_RE.search(folded, max(c_start, num_start - 100), num_start)
        )
    ):
        return UnitMatch(start=end + 1, end=end + 5, canonical="day", scale=1.0)
    return None


# An index is a number with no unit: "Chỉ số PCI đạt 65,8", "hệ số Gini là 0,36", "chỉ số SIPAS tăng 1,2 so với ..."
_INDEX_BEFORE_RE = re.compile(
    r"\b(?:chi so|he so)\b[^\d;:()]{0,50}\b(?:dat|la|tang|giam|con|len|xuong|o muc)(?: duoc| len| xuong| con)?\s*$"
)
_BARE_END_RE = re.compile(r"\s*(?:[,;.)(]|$|so voi\b|va\b)")


def _bare_index_value(folded: str, num_start: int, end: int, c_start: int) -> UnitMatch | None:
    """The empty unit of an index's value, when the words before name an index and a verb, and nothing follows.
    Every bare number ("(1)", "2020,") comes here: two substring finds keep the regexes off most of them."""
    window = max(c_start, num_start - 70)
    if folded.find("chi so", window, num_start) < 0 and folded.find("he so", window, num_start) < 0:
        return None
    if not _BARE_END_RE.match(folded, end) or not _INDEX_BEFORE_RE.search(folded, window, num_start):
        return None
    return UnitMatch(start=end, end=end, canonical="", scale=1.0)


def _may_start_range(text: str, pos: int) -> bool:
    """False when ``_RANGE_TAIL_RE`` cannot match at ``pos``: its first character after spaces is a dash or đ/t."""
    head = text[pos : pos + 8].lstrip()
    return not head or head[0] in "-–—÷đtd"


_MAY_CONTINUE = frozenset(" \u00a0\t\n-–—/")
_ALL_OF_BEFORE = re.compile(r"\bcả\s*$")  # "giảm cả 3 tiêu chí" counts the dimensions listed next
# "trên"/"mỗi" as written ("mới 1 trường" is one new school); without diacritics, "tren"/"moi"
_PER_BEFORE = re.compile(r"\b(?:trên|mỗi|tren|moi)\s*$")


def _rejected(
    text: str,
    folded: str,
    token: str,
    value: Decimal,
    value_max: Decimal | None,
    unit: UnitMatch,
    known: bool,
    before: str,
    lower_before: str,
    num_start: int,
) -> bool:
    """Quantities that are still not figures: ages in names, document numbers, years, "per one", numbers in the
    names of programmes, counts of the places a text addresses or merged."""
    if unit.canonical in ("party_cell", "organisation") and text[unit.start].isupper():
        return True  # "- 02 Chi bộ", "03 Đơn vị": addressees listed by their title, not a count of them
    if unit.canonical == "organisation" and "dien tich" in folded[unit.end : unit.end + 14]:
        return True  # "giá trị sản xuất trên 1 đơn vị diện tích": per unit of area
    if unit.canonical == "years_of_age" and (
        not _LIFE_WORDS_RE.search(folded, max(0, num_start - 80), num_start)
        or _CHILD_AGE_BEFORE.search(before)
    ):
        return True
    if (
        "de an" in before
        or "chuong trinh" in before
        or "chien luoc" in before
        or "mat" in before
        or "dien cho" in before
    ) and _NAME_BEFORE.search(before):
        return True  # "Đề án 1 triệu ha lúa chất lượng cao", "thay mặt cho hơn 162.000 đảng viên"
    if before.rstrip().endswith(("khong phai", "khong phai la")) and lower_before.rstrip().endswith(
        ("không phải", "không phải là")
    ):
        return True  # "đạt 9.870 tỷ đồng, không phải 98.700 tỷ đồng": the value a correction takes back
    if unit.canonical in _PLACE_UNITS and _ADDRESSEE_BEFORE.search(before):
        return True  # "Chủ tịch UBND 148 xã, phường chịu trách nhiệm ...", "sau khi hợp nhất 3 xã"
    if unit.canonical in _PLACE_UNITS and _NATIONWIDE_BEFORE.search(before):
        return True
    if (
        unit.canonical not in ("percent", "per_mille")
        and before.endswith(_QUALIFYING_LAST_WORDS)
        and _QUALIFYING_COUNT_BEFORE.search(folded, max(0, num_start - 100), num_start)
    ):
        return True  # "Tỷ lệ xã có từ 2 sản phẩm OCOP trở lên đạt 60%", "100% tàu cá có chiều dài từ 15 m trở lên":
        # the count names who is counted
    if (
        unit.canonical not in ("percent", "per_mille")
        and before.endswith(_THRESHOLD_LAST_WORDS)
        and (
            _THRESHOLD_OF_COUNT_BEFORE.search(before)
            or (_BRACKETED_THRESHOLD_BEFORE.search(before) and _BRACKET_CLOSE_AFTER.match(folded, unit.end))
            or _NONE_LEFT_BEFORE.search(before)
        )
    ):
        # "hỗ trợ 1.200 hộ có thu nhập dưới 2 triệu đồng", "cơ sở lưu trú nhỏ (dưới 10 buồng)": which are counted
        return True
    if unit.canonical == "person" and _VOTERS_AFTER.match(folded, unit.end):
        return True
    # Awards handed out are no figure of the province's (but "trao 1.200 suất quà" is support given, and a team's
    # "giành 24 huy chương" what it won): whoever an honour goes to, "tặng Bằng khen cho 36 gia đình", "khen
    # thưởng 15 tập thể"; and the medals or prizes a clause hands out, down its list, "Ban Tổ chức đã trao 184
    # huy chương vàng, 181 huy chương bạc và ..."
    if (
        "khen" in lower_before
        or "danh hiệu" in lower_before
        or "chương" in lower_before
        or "cờ" in lower_before
    ) and _HONOUR_BEFORE.search(lower_before):
        return True
    if unit.canonical in ("medal", "prize") and _HANDED_OUT_BEFORE.search(
        text[max(0, num_start - 120) : num_start].lower()
    ):
        return True
    if unit.canonical == "percent" and text.startswith(("tấm", " tấm"), unit.end):
        return True  # "gạo trắng 5% tấm": a grade of rice
    if not unit.canonical and _TROUBLE_AFTER_UNIT.match(text, unit.end):
        return True  # "322 CTr/UBND": a document number
    if _is_bare_year(token, value, value_max, known) or _is_named_year(token, before):
        return True
    if unit.canonical == "percent" and (_VOTE_AFTER.match(folded, unit.end) or _VOTE_BEFORE.search(before)):
        return True  # "thông qua với 100% đại biểu tán thành", "52/52 đại biểu tán thành (đạt 100%)": votes
    # "19 bác sĩ trên 10.000 dân": "per ten thousand people", not a figure
    if (
        text.startswith(("dân", "người"), unit.start)
        and value in _PER_BASES
        and _PER_BEFORE.search(lower_before)
    ):
        return True
    # "trên 1 đơn vị diện tích", "trên một vạn dân": "per", not a figure
    return (
        value == 1
        # "trên 1 triệu lượt khách" is over a million, not "per one"; "trên 1 vạn dân" is per 10,000 people
        and (unit.scale == 1.0 or text.startswith("vạn", unit.start))
        and unit.canonical not in ("percent", "per_mille")
        and bool(_PER_BEFORE.search(lower_before))
    )


_PER_BASES = frozenset({Decimal(100), Decimal(1000), Decimal(10000), Decimal(100000)})
_CHILD_AGE_BEFORE = re.compile(r"\b(?:tre em|tre|chau)(?: [a-z]+){0,2} (?:duoi|tu|den)\s*$")
# A programme's name ("Đề án 1 triệu ha lúa", "Chương trình 1 triệu sản phẩm"); a verb between makes the number
# a figure of the words before it ("hoàn thành chương trình tiểu học đạt 99%").
_NAME_BEFORE = re.compile(
    r"\b(?:de an|chuong trinh|chien luoc)\s*[\"“']?\s*"
    r"(?:(?!(?:dat|tang|giam|con|la|chiem|tren|duoi|dat duoc|xac dinh|de ra|dat ra|gom|co|giao|neu) )[a-z]+ ){0,4}"
    r"(?:it nhat |khoang )?$"
    r"|\b(?:dai dien cho|thay mat cho|thay mat)(?: hon| gan| tren)?\s*$"
)
# A count inside a name, after "có" (with "từ"/"ít nhất"/...): the share's ("tỷ lệ hộ có từ 3 con trở lên", "100%
# thôn có ít nhất 01 tổ hợp tác") or a "số ..." with a bound ("số xã có từ 2 sản phẩm trở lên"); no figure verb
# between the name's head and "có".
# (the regex's last words, a cheap test before it)
_QUALIFYING_LAST_WORDS = ("co ", "tu ", "nhat ", "tren ", "thieu ")
# A threshold that says which are counted, after the count's noun or in brackets after a noun: "1.200 hộ có thu
# nhập dưới 2 triệu đồng", "02 lò đốt công suất từ 50 tấn/ngày", "215 thí sinh đạt tổng điểm từ 27 điểm trở lên",
# "bài thi (từ 1,0 điểm trở xuống)"
_THRESHOLD_LAST_WORDS = ("tu ", "nhat ", "tren ", "thieu ", "duoi ", "toi da ", "qua ")
_BOUND_WORDS = "(?:tu|it nhat|tren|toi thieu|duoi|toi da|khong qua)"
# a size that says which are counted without "có": "02 lò đốt rác công suất từ 50 tấn/ngày trở lên"
_SIZE_WORDS = "(?:cong suat|dung tich|quy mo|suc chua|tai trong)"
_THRESHOLD_OF_COUNT_BEFORE = re.compile(
    rf"\d [a-z]+(?: [a-z]+){{0,4}} (?:co (?:[a-z]+ ){{0,3}}|dat (?:[a-z]+ ){{1,3}}){_BOUND_WORDS} $"
    rf"|(?<!\d\d\d)\d [a-z]+(?: [a-z]+){{0,4}} (?:voi )?{_SIZE_WORDS} {_BOUND_WORDS} $"  # a count, not a year
)
_BRACKETED_THRESHOLD_BEFORE = re.compile(rf"[a-z] ?\({_BOUND_WORDS} $")
_NONE_LEFT_BEFORE = re.compile(
    rf"\bkhong (?:con|co) (?:[a-z]+ ){{1,4}}{_BOUND_WORDS} $"
)  # "không còn xã dưới 10 tiêu chí"
_BRACKET_CLOSE_AFTER = re.compile(r"\s*(?:tro (?:len|xuong)\s*)?\)")
_QUALIFYING_COUNT_BEFORE = re.compile(
    r"\bty le (?:(?!(?:dat|la|chiem|tang|giam|con|tren|duoi)\b)[^\d;:,.(]){0,80}"
    r"\b(?:co (?:(?:tu|it nhat|tren|toi thieu) )?|(?:tu|it nhat|toi thieu) )$"
    r"|\bso (?:(?!(?:dat|la|chiem|tang|giam|con)\b)[^\d;:,.(]){0,45}\bco (?:tu|it nhat|tren|toi thieu) $"
    r"|\d ?% (?:[a-z]+ ){1,4}co (?:(?:[a-z]+ ){1,3}(?:tu|it nhat|tren|toi thieu) |(?:(?:tu|it nhat|tren|toi thieu) )?)$"
)
# (both on the lower-cased text with its marks: "tặng" (give) is not "tăng" (rise))
_HONOUR_BEFORE = re.compile(
    r"(?:(?:\btrao(?: tặng)?|\btặng) (?:bằng khen|giấy khen|cờ thi đua|kỷ niệm chương|danh hiệu)(?: [^\s\d]+){0,4}"
    r"|\bkhen thưởng)(?: cho)?\s*$"
)
_HANDED_OUT_BEFORE = re.compile(r"(?:\btrao|\btặng)\b[^.;:!?]*$")
_PLACE_UNITS = frozenset({"commune", "ward", "township", "district", "village"})
_ADDRESSEE_BEFORE = re.compile(
    r"\b(?:ubnd|uy ban nhan dan|chu tich(?: ubnd| uy ban nhan dan)?|hdnd|hoi dong nhan dan)(?: cac)?\s*$"
    r"|\b(?:hop nhat|sap nhap|nhap|sap xep)(?: tu| lai)?\s*$"
)
# "cả nước có 3.321 xã, phường": the country's units, not the province's figure ("tỉnh" is no unit at all)
_NATIONWIDE_BEFORE = re.compile(r"\b(?:ca nuoc|toan quoc)(?: [a-z]+){0,3}\s*$")
# "với 15/15 đồng chí có mặt nhất trí", "51/53 đồng chí có mặt biểu quyết tán thành": a vote
_VOTERS_AFTER = re.compile(r"\s*(?:co mat\s*)?(?:bieu quyet|tan thanh|nhat tri)\b")
_VOTE_BEFORE = re.compile(r"\b(?:tan thanh|bieu quyet)\b")
_VOTE_AFTER = re.compile(r"\s*(?:tong )?(?:so )?(?:dai bieu|phieu|so phieu)\b")


def _is_year_range(low: Decimal, high: Decimal) -> bool:
    return 1900 <= low <= 2100 and 1900 <= high <= 2100


def _is_bare_year(token: str, value: Decimal, value_max: Decimal | None, known_unit: bool) -> bool:
    return not known_unit and token.isdigit() and len(token) == 4 and 1900 <= value <= 2100


def _is_named_year(token: str, before: str) -> bool:
    """``năm 2025 trường ...``: a year after ``năm``/``giai đoạn`` is a year whatever word follows it."""
    return len(token) == 4 and token.startswith(("19", "20")) and bool(_YEAR_WORD_BEFORE.search(before))


_YEAR_WORD_BEFORE = re.compile(r"\b(?:nam|giai doan|nhiem ky|thoi ky|khoa|ky)\s*$")


def _looks_like_date(folded: str, num_start: int, frac: re.Match[str]) -> bool:
    """``15/6``, ``4/2023``, ``06/07/2023`` are dates, not ``X/Y`` fractions."""
    denominator = frac.group("num")
    before = folded[max(0, num_start - 12) : num_start]
    if re.search(r"\b(?:ngay|thang|den het|tu|nam)\s*$", before):
        return True
    return (len(denominator) == 4 and denominator.startswith(("19", "20"))) or folded[
        frac.end() : frac.end() + 1
    ] == "/"


# Count nouns of one word that no unit of figures.units reads, whatever word follows: "112 tuyến vận tải", "23 bến
# xe khách", "150 biển chỉ dẫn" (as written: "lô" is a plot, "lò" in "lò đốt" no such noun)
_ONE_WORD_NOUNS = frozenset("tuyến bến biển lô chiếc cái tấm cuốn bức ngôi tòa cột giếng".split())
_UNKNOWN_UNIT_RE = re.compile(r"\s?([a-zà-ỹđ]{2,}(?:\s[a-zà-ỹđ]{2,})?)")
_UNKNOWN_VERB_BEFORE = re.compile(
    r"(?:dat|tang|giam|con|khoang|tren|duoi|it nhat|toi thieu|them|moi|len|thu hut|tao|giai quyet|xay dung"
    r"|trong|trong do co|(?<![a-z])co|cap|dao tao|ho tro|dau tu|xay moi|khoi cong|nang cap|cai tao|lap dat|thanh lap)\s*$"
)
_NOT_A_UNIT = frozenset(
    "nam thang ngay quy tuan gio phut giay lan tuoi ky khoa doan cuoc nganh so voi va cua trong tai "
    "tren duoi la duoc co da se den tu theo nhu thi thu hang cac nhung mot hai ba bon sau bay tam "
    "chin muoi nhom cap vong dot lop o vao ra nay do kia khi neu moi khau buoc phan tro sao tinh thoi".split()
)
_NOT_A_UNIT_PHRASES = frozenset(
    {
        "de an",
        "chuong trinh",
        "noi dung",
        "nhiem vu",
        "giai phap",
        "dot pha",
        "ke hoach",
        "nghi quyet",
        "quyet dinh",
        "chi thi",
        "van ban",
        "hoi nghi",
        "y kien",
        "dong chi",
        "dai bieu",
        "muc tieu",
        "linh vuc",
        "tieu chuan",
        "phong trao",
        "chuyen de",
        "hoi thao",
        "cong van",
        "to trinh",
        "bao cao",
        "thong bao",
        "con so",  # "tăng trưởng 2 con số": double digits
    }
)


def _unknown_unit(text: str, folded: str, pos: int, before: str) -> UnitMatch | None:
    """A noun after a number that a figure verb governs ("đạt 12 giải"): kept as written, no canonical."""
    if not _UNKNOWN_VERB_BEFORE.search(before):
        return None
    m = _UNKNOWN_UNIT_RE.match(text, pos)
    if not m:
        return None
    words = fold_keep_length(m.group(1)).split()
    if words[0] in _NOT_A_UNIT or " ".join(words[:2]) in _NOT_A_UNIT_PHRASES:
        return None
    two_words = (
        len(words) > 1
        and words[1] not in _NOT_A_UNIT
        and m.group(1).split()[0].lower() not in _ONE_WORD_NOUNS
    )
    end = m.end(1) if two_words else m.start(1) + len(words[0])
    return UnitMatch(start=m.start(1), end=end, canonical="", scale=1.0)
