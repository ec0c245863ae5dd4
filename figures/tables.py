"""Figures from table rows: the appendix tables of resolutions and plans.

HTML tables reach the parser as Markdown rows (``| 1 | Tốc độ tăng trưởng GRDP | % | 6,8 | 7,5 |``, which is
how trafilatura writes them) and DOCX/PDF tables as tab-separated cells. A header row names the columns:
the indicator (``Chỉ tiêu``), the unit (``Đơn vị tính``/``ĐVT``) and the value columns, whose headers say
what each value is (``Kế hoạch 2024`` a target for 2024, ``Ước thực hiện 2023`` a result for 2023,
``So sánh (%)`` a progress ratio). Each value cell becomes one figure whose span runs from the indicator
cell to the value, so ``text[start:end] == quote`` still holds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from figures.model import Figure
from figures.numbers import NUMBER_PATTERN, parse_number
from figures.segment import (
    TABLE_HEADER_WORDS,
    category_of,
    cell_separator,
    is_numbering_row,
    split_cells,
    year_hint,
)
from figures.text import fold_keep_length
from figures.units import is_per_year, match_unit

_SEPARATOR_ROW = re.compile(r"^[\s|:\-+=]*$")
# Columns whose cells are no figures: who does a task, by when, remarks.
_SKIP_HEADER = re.compile(
    r"\b(?:thoi han|thoi gian|co quan|chu tri|phoi hop|ghi chu|don vi (?:thuc hien|chu tri))\b"
    r"|^(?:ket qua )?danh gia(?: \(dat\s*/\s*khong(?: dat\)?)?)?$"  # "Đánh giá (Đạt/Không đạt)": a verdict
)
# A value column that compares two others ("KH 2027 so với ƯTH 2026 (%)"): a ratio, whatever plan word it has.
_VERSUS_HEADER = re.compile(
    r"\bso (?:voi|sanh)\b|^\s*so (?:cung ky|ck|kh|ke hoach|du toan|nq|muc tieu|nam truoc)\b|\d{4}\s*/\s*(?:uth|uoc|th|kh|dt|thuc hien|ke hoach|du toan)\b"
    r"|^\s*\(?%\)?\s*(?:so (?:voi )?)?(?:kh|ke hoach|du toan|nq|muc tieu)\b"  # "% KH", "% so KH": the share of the plan reached
    r"|(?:%|\bty le) ?so (?:voi )?(?:kh|ke hoach|du toan|nq|muc tieu)\b"  # "Tỷ lệ % so KH", "Tỷ lệ so kế hoạch"
    r"|\b(?:u?th|thuc hien) ?/ ?(?:kh|ke hoach|dt|du toan)\b"  # "TH/KH"
)
# (or over a year's result: "So sánh (%) ƯTH 2025/TH 2024")
_VERSUS_LAST_YEAR = re.compile(
    r"\bso (?:voi )?(?:cung ky|ck|nam truoc)\b|\bcung ky\b|/\s*(?:th|thuc hien)\s*(?:nam )?(?:19|20)\d\d\b"
)
_TARGET_HEADER = re.compile(
    r"\b(?:ke hoach|kh|muc tieu|chi tieu|du kien|du toan|phan dau|giao|nghi quyet|nq)\b"
)
_ACTUAL_HEADER = re.compile(
    r"\b(?:thuc hien|th|uoc|uth|dat|ket qua|so bo|cong don|luy ke|tinh chung|hoan thanh|hien trang)\b"
)
_ESTIMATE_HEADER = re.compile(r"\b(?:uoc|uth)\b")
_PROGRESS_HEADER = re.compile(r"\b(?:so sanh|ty le|%)|%")
_BRACKETED = re.compile(r"\([^()]*\)")
# A value cell: a number, a range ("8 - 8,5", "8 ÷ 8,5", "Từ 2 đến 2,5") or a count of a total ("17/23"), with a
# comparator ("≥ 95", "trên 3.000", "13.000 trở lên"), a verb ("Tăng 8%", "Giảm 0,3 điểm %", "Đạt 100%", "Ổn định 53-54"), a unit
# and a footnote mark ("26.010*", "35²") around it.
_VALUE_CELL = re.compile(
    r"^\s*(?P<verb>tăng|giảm|đạt|duy trì|ổn định|giữ ổn định|từ)?\s*"
    rf"(?P<cmp>>=|<=|≥|≤|>|<|~|trên|dưới|khoảng|hơn|tối thiểu|tối đa|ít nhất)?\s*(?P<sign>[-−+])?"
    rf"(?P<num>{NUMBER_PATTERN})(?:\s*(?:[-–÷]|đến)\s*(?P<max>{NUMBER_PATTERN})|\s*/\s*(?P<of>{NUMBER_PATTERN}))?"
    r"\s*(?P<unit>%|‰|[^\d\s/*¹²³⁴⁵⁶⁷⁸⁹].*?)??\s*(?P<atleast>trở lên)?\s*[*¹²³⁴⁵⁶⁷⁸⁹]*\s*$",
    re.IGNORECASE,
)
_INDEX_CELL = re.compile(r"^\s*(?:[IVX]{1,5}|\d{1,3}(?:\.\d{1,2})*|[a-zđ])\s*[.)]?\s*$", re.IGNORECASE)
# A row's number written one space before its name, in the name's column: "II TỔNG THU", "3 Doanh thu" (see
# _glued_index)
_GLUED_INDEX = re.compile(r"((?:[IVX]{1,5}|\d{1,3}(?:\.\d{1,2})*)\.?) (?=[^\W\d_])")
_FOOTNOTE_MARK = re.compile(r"\s*\((?:\d{1,2}|\*{1,3})\)\s*$")
# A date or a bare year in a value cell: a deadline, no figure.
_NOT_A_VALUE = re.compile(
    r"\s*(?:\d{1,2}/\d{1,2}/\d{2,4}|\d{1,2}/(?:19|20)\d\d|(?:19|20)\d\d(?:\s*[-–]\s*(?:19|20)\d\d)?"
    r"|0\d{2,4}[.\s]\d{3,4}[.\s]\d{3,4})\s*$"
)  # also a span of years ("Tiến độ | 2026-2028") and a phone number ("0212.3852.111")
_UNIT_HEADER = re.compile(r"\W*(?:don vi(?: tinh)?|dvt)\W*")
_YEAR_HEADER = re.compile(r"\W*(?:nam|nam thuc hien|thoi gian)\W*")
_TOTAL_CELL = re.compile(r"\W*(?:tong cong|tong so|tong|cong|toan tinh|ca tinh)\W*")
# The column naming places in a table that assigns targets to districts or communes; "Đơn vị" alone is that
# column when its cells are places ("Huyện Vĩnh Linh"), else the unit column.
_PLACE_HEADER = re.compile(
    r"\W*(?:ten )?(?:don vi hanh chinh|dia phuong|dia ban|huyen(?:, (?:thanh pho|thi xa))*|xa(?:, (?:phuong|thi tran|dac khu))*"
    r"|don vi cap (?:huyen|xa))\W*"
)
# The column naming what each row is about in a list of projects, works or firms ("| STT | Tên dự án | Nhà đầu tư |
# Tổng vốn đầu tư | Diện tích (ha) | Tiến độ |"): read as a table of places, the columns naming the indicators
_ENTITY_HEADER = re.compile(
    r"\W*ten (?:du an|cong trinh|doanh nghiep|nha may|co so|san pham|hang muc|tuyen(?: duong)?|khu cong nghiep"
    r"|cum cong nghiep|khu|cum|kcn|ccn)(?: [a-z]+){0,2}\W*|\W*(?:du an|cong trinh|doanh nghiep)\W*"
)
_PLACE_CELL = re.compile(
    r"\s*(?:huyen|xa|phuong|thi xa|thi tran|thanh pho|tp\.?|quan|dac khu|tinh)\s", re.IGNORECASE
)
_DATED_NAMES_HEADER = re.compile(
    r"\W*(?:chi so|chi tieu|ten chi tieu|noi dung)(?: chu yeu)? (?:nam )?((?:19|20)\d\d)\W*"
)
_FORMER_PLACE_HEADER = re.compile(r"(?<!\w)[A-ZĐÂ][^\W\d_]*(?: [A-ZĐÂ][^\W\d_]*){0,3} \((?:cũ|CŨ)\)$")
_YEAR_CELL = re.compile(r"\s*(?:19|20)\d\d\s*$")
_NAMED_YEAR = re.compile(
    r"\W*nam(?: hoc)? (?:19|20)\d\d(?:\s*-\s*(?:19|20)\d\d)?\W*"
)  # "Năm 2030", "Năm học 2025-2026"
_PART_NAME = re.compile(r"\s*[-+*•]?\s*(?:trong do|trong so do|rieng)\b\s*[:,]?\s*")
_PARTS_ONLY = re.compile(r"\s*[-+*•]?\s*(?:trong do|chia ra|bao gom)\s*:?\s*$")
_INDEX_PREFIX = re.compile(r"^(?:[IVX]{1,5}|\d{1,2}(?:\.\d{1,2})*|[a-zđ])[.)]\s+")
_DASHED_CELL = re.compile(r"\s*[-+–•]\s*(?:\||$)|\s*[-+–•]\s")
_HEADER_UNIT = re.compile(r"\(([^()]{1,25})\)")  # "Phân kỳ theo năm (tỷ đồng) 2026": anywhere in a header
_UNIT_IN_NAME = re.compile(r"\(([^()]{1,25})\)\s*$")
_CMP_SYMBOLS = {
    ">=": ">=", "≥": ">=", "tối thiểu": ">=", "ít nhất": ">=", "<=": "<=", "≤": "<=", "tối đa": "<=",
    ">": ">", "trên": ">", "hơn": ">", "<": "<", "dưới": "<", "~": "~", "khoảng": "~",
}  # fmt: skip


@dataclass(slots=True)
class Column:
    role: str  # "index", "indicator", "unit", "value", "other", "skip"
    kind: str | None = None
    period: str | None = None
    unit: str | None = None  # "Dự toán 2025 (tỷ đồng)": the unit its header gives
    name: str | None = None  # the header as written, without its unit: an indicator in a table of places
    place: str | None = None  # a column of one place's values ("Phường Minh Xuân", "Toàn tỉnh")
    estimate: bool = False  # "Ước thực hiện 2026": its values are estimates ("~", as "ước đạt" in prose)
    entity: bool = False  # a place column that names projects, works or firms ("Tên dự án"), not places
    ratio: bool = False  # a comparison in percent ("So sánh (%)"), whatever its kind
    school_year: bool = False  # "KH năm học 2024-2025": its period is the school year, whatever is measured


@dataclass(slots=True)
class TableState:
    """What a table's header said, carried from row to row until the table ends."""

    columns: list[Column] = field(default_factory=list)
    category: str | None = None
    header: list[str] | None = None  # the folded cells of the header row just read, while no data row follows
    header_written: list[str] = field(default_factory=list)  # the same cells as written
    wholes: dict[int, int] = field(default_factory=dict)  # column -> index of the last whole row's figure
    # The rows above by their numbering ("A", "I", "1", "a", "-"), outermost first: each style with the figures
    # of its last row, column -> index. A row numbered in a style of the stack closes the rows below it.
    levels: list[tuple[str, dict[int, int]]] = field(default_factory=list)
    parts_below: bool = False  # a row "Trong đó:" without values: the rows below it are parts
    # a row without values over dashed rows: its name and unit in brackets
    group: tuple[str, str] | None = None
    unit: str = ""  # the unit a line above the table gives all its values ("Đơn vị: triệu đồng")
    # A table laid out with spaces: where its header's cells stand in their line, to put each cell of a row
    # under its column when a row leaves a cell out
    positions: list[tuple[int, int]] | None = None
    last_row: list[int] = field(default_factory=list)  # the indexes of the last row's figures
    # the figures of the last row of a table of places or projects, and the column of its place: a line below it
    # with words under that column is the rest of the place's name ("Đường ven biển Nghi Sơn - Cửa" / "Lò")
    place_rows: list[Figure] = field(default_factory=list)
    place_column: int = 0
    pending_name: str = ""  # a name's first line, above the row that holds its values
    # A line above a header laid out with spaces, one cell over some of its columns ("Thực hiện giai đoạn
    # 2021-2025" over "Toàn tỉnh   Lâm Đồng (cũ)   Đắk Nông (cũ)"): its words and where it stands in its line
    over: tuple[str, int, int] | None = None


def read_row(
    text: str,
    folded: str,
    lower: str,
    start: int,
    end: int,
    state: TableState,
    *,
    category: str | None,
    default_kind: str,
    default_period: str | None,
    first_index: int = 0,
    written_in: str | None = None,
) -> list[Figure]:
    """The figures of one table row; a header row updates ``state`` and yields nothing.

    ``first_index`` is the index the row's first figure will have in the document's list: a row
    ``| Trong đó: có bằng cấp, chứng chỉ | % | 30,5 |`` (or a row below a bare ``Trong đó:`` row) is a part
    of the whole row above it, and its figures name that row's figure of the same column as ``parent``."""
    if _SEPARATOR_ROW.match(text[start:end]):
        return []
    cells = split_cells(text, start, end)
    spaced = cell_separator(text, start, end) is None
    line_start = text.rfind("\n", 0, start) + 1 if spaced else start
    if is_numbering_row([text[a:b] for a, b in cells]):
        return []  # "| A | B | 1 | 2 | 3 |" under a header: the columns' numbers, not figures
    if spaced and state.header is not None and _units_under_header(text, cells, start, state):
        return []  # "tính   2025   2026   (%)" under "Đơn vị   Thực hiện   Kế hoạch   So sánh": the header's last line
    cells_folded = [folded[a:b] for a, b in cells]
    if _is_header(cells_folded, cells, text, below_header=state.header is not None) or (
        state.header is not None and _is_lower_header(cells_folded, state.header)
    ):
        if spaced:
            here = [(a - line_start, b - line_start) for a, b in cells]
            if state.header is not None and state.positions is not None:
                # a header over two lines: each line's cells put under the columns of the one with more cells
                if len(here) > len(state.positions):
                    state.header_written, finer = _spread(state.header_written, state.positions, here)
                    state.header, _ = _spread(state.header, state.positions, here)
                    if len(finer) > len(here):  # the top line's index column, over nothing on this line
                        cells = _under_columns(cells, line_start, finer)
                        cells_folded = [folded[a:b] for a, b in cells]
                        here = finer
                else:
                    cells = _under_columns(cells, line_start, state.positions)
                    cells_folded = [folded[a:b] for a, b in cells]
                    here = state.positions
            state.positions = here
        written = [text[a:b] for a, b in cells]
        if state.header is not None:
            # (laid out with spaces, a cell under no cell of the line above heads a column of its own: "Đơn vị"
            # beside "Chỉ tiêu" under a top line of only "STT   Kế hoạch   Thực hiện")
            folded_cells = _merge_headers(state.header, cells_folded, spans=not spaced)
            written = _merge_headers(state.header_written, written, spans=not spaced)
        else:
            folded_cells = cells_folded
        _set_header(state, folded_cells, written)
        state.last_row = []  # (a header repeated after a page break: the lines under it go on no row's name)
        return []
    state.header = state.over = None
    if spaced and state.positions is not None:
        cells = _under_columns(cells, line_start, state.positions, text)
        if len(cells) > 1 and cells[0][0] == cells[0][1] and (glued := _glued_index(text, cells[1])):
            # "II TỔNG THU TỪ KHÁCH DU LỊCH" with one space after its number: the number is the row's index
            cells = [(cells[1][0], glued.end(1)), (glued.end(), cells[1][1]), *cells[2:]]
        cells_folded = [folded[a:b] for a, b in cells]
    values = [
        i
        for i, (a, b) in enumerate(cells)
        if _VALUE_CELL.match(text[a:b]) and not (i == 0 and _INDEX_CELL.match(text[a:b]))
    ]
    words = [i for i, (a, b) in enumerate(cells) if re.search(r"[^\W\d_]{2,}", text[a:b])]
    index = text[cells[0][0] : cells[0][1]] if len(cells) > 1 and words else ""
    if words and not state.levels and not index.strip() and _TOTAL_ROW.match(cells_folded[words[0]]):
        # "| | Tổng diện tích tự nhiên | 831.010 |" over "| 1 | Đất nông nghiệp | ... |": the whole of the rows
        # numbered below it
        outer, own = None, {}
        state.levels.append(("total", own))
    else:
        outer, own = _enter_level(state, index)
    if not values:
        section = category_of(" ".join(cells_folded))
        if any(_PARTS_ONLY.match(f) for f in cells_folded):
            state.parts_below = True
            return []
        if section and not re.fullmatch(
            r"\s*\d{1,3}\.?\s*", cells_folded[0]
        ):  # "| 2 | Cơ cấu kinh tế (%) |": a group
            state.category = section
            state.parts_below = False
        if words:
            state.group = _group_of(text, cells[max(words, key=lambda i: cells[i][1] - cells[i][0])])
        return []
    state.place_rows = []
    place_index = _place_column(state, cells, folded)
    if place_index is not None:
        return _place_row(
            text, lower, cells, values, place_index, state, category, default_kind, default_period, written_in
        )
    indicator_index = _indicator_column(state, words, cells)
    if indicator_index is None:
        return []
    unit_text, unit_span = _unit_of(text, lower, cells, state, indicator_index)
    part = _PART_NAME.match(folded, cells[indicator_index][0], cells[indicator_index][1])
    if not part and state.parts_below and indicator_index > 0 and _INDEX_CELL.match(cells_folded[0]):
        state.parts_below = False  # a numbered row after the parts: a whole again
    is_part = bool(part) or state.parts_below
    if part and indicator_index > 0 and "rieng" not in part.group():
        # "| | Trong đó: Thu nội địa | ... |" then "| | Thu tiền sử dụng đất | ... |": parts until a numbered row
        state.parts_below = True
    indicator = _indicator_of(
        text, lower, cells[indicator_index], unit_text, skip=part.end() if part else None
    )
    dashed = _DASHED_CELL.match(text, *cells[max(0, indicator_index - 1)])
    if state.pending_name:  # the name's first line, on the line above
        pending, state.pending_name = state.pending_name, ""
        if dashed:
            state.group = _group_of(pending, (0, len(pending)))
        elif not (indicator_index > 0 and cells[0][1] > cells[0][0]):  # no index of its own
            indicator = (
                f"{pending} {indicator[0]}",
                indicator[1] or _direction_of(fold_keep_length(pending.lower())),
            )
    if state.group is not None and dashed:
        # "| 3 | Cơ cấu kinh tế (%) | ... |" over "| - | Công nghiệp - xây dựng | 56 |": a member of that family
        group_name, group_unit = state.group
        indicator = (f"{group_name}: {indicator[0]}", indicator[1])
        unit_text = unit_text or group_unit
    elif _INDEX_CELL.match(cells_folded[0]) and indicator_index > 0:
        state.group = None
    figures = []
    for i in values:
        if i <= indicator_index or (unit_span is not None and cells[i] == unit_span):
            continue
        column = state.columns[i] if i < len(state.columns) else Column("value")
        if column.role not in ("value", "other") or _NOT_A_VALUE.match(text, *cells[i]):
            continue
        fig = _value_figure(text, cells, indicator_index, i, unit_text, column, indicator, state.unit)
        if fig is None:
            continue
        fig.period = _period_of_measure(fig, column, default_period)
        fig.kind = (
            column.kind
            or _kind_by_year(fig.period, written_in)
            or _earlier_of_two_years(column, state.columns)
            or default_kind
        )
        fig.category = state.category or category
        fig.qualifier = column.place
        if is_part:
            fig.parent = state.wholes.get(i)
        else:
            state.wholes[i] = first_index + len(figures)
            if outer is not None:
                fig.parent = outer.get(i)  # "| I | Thu nội địa | ... |" under "| A | Tổng thu ... |"
        if own is not None:
            own[i] = first_index + len(figures)
        figures.append(fig)
    state.last_row = list(range(first_index, first_index + len(figures)))
    return figures


def _glued_index(text: str, cell: tuple[int, int]) -> re.Match[str] | None:
    """A row number one space before the name in a cell (``II TỔNG THU``): the number, before a capital."""
    glued = _GLUED_INDEX.match(text, *cell)
    return glued if glued is not None and text[glued.end()].isupper() else None


_TOTAL_ROW = re.compile(r"[\s*]*(?:tong|toan tinh|cong)\b")
_NAMED_BY_YEAR = re.compile(r"\bnam (?:19|20)\d\d\s*(?:\([^()]{1,20}\))?\s*$")
_NUMBERING_STYLES = (
    ("roman", re.compile(r"[IVX]{1,5}")),
    ("upper", re.compile(r"[A-ZĐ]")),
    ("arabic", re.compile(r"\d{1,3}")),
    ("dotted", re.compile(r"\d{1,3}(?:\.\d{1,2})+")),
    ("lower", re.compile(r"[a-zđ]")),
    ("dash", re.compile(r"[-–•]")),
    ("plus", re.compile(r"\+")),
)


def _enter_level(state: TableState, index: str) -> tuple[dict[int, int] | None, dict[int, int] | None]:
    """A row numbered ``index`` in a table whose numbering nests ("A", "I", "1", "a", "-"): (the figures of
    the row it is under, column -> index, or None; the dict to record its own figures in, or None when the row
    has no numbering). A style met again closes the rows of the styles opened after it."""
    index = index.strip().rstrip(".)").strip()
    style = next((name for name, pattern in _NUMBERING_STYLES if pattern.fullmatch(index)), None)
    if style == "dotted":
        style += str(index.count("."))  # "1.1" under "1", "1.1.1" under "1.1"
    if style is None:
        return None, None
    levels = state.levels
    for k in range(len(levels) - 1, -1, -1):
        if levels[k][0] == style:
            del levels[k:]
            break
    outer = levels[-1][1] if levels else None
    own: dict[int, int] = {}
    levels.append((style, own))
    return outer, own


# A cell that is one number as a table writes it: "58", "1.352.000", "105,5", "≥ 73", "1,9-2,0", "-12,4"
_NUMBER_CELL = re.compile(r"[<>≤≥~]?\s*[+\-–]?\d[\d.,]*(?:\s*[-–]\s*\d[\d.,]*)?\s*%?")


def _column_at(cell: tuple[int, int], positions: list[tuple[int, int]], first: int = 0) -> int:
    """The column (from ``first`` on) a cell stands under: the one it overlaps most, else the nearest."""
    a, b = cell
    best, best_score = first, None
    for j in range(first, len(positions)):
        head_start, head_end = positions[j]
        overlap = min(b, head_end) - max(a, head_start)
        score = overlap if overlap > 0 else -max(head_start - b, a - head_end, 0) - 1
        if best_score is None or score > best_score:
            best, best_score = j, score
    return best


def _under_columns(
    cells: list[tuple[int, int]], line_start: int, positions: list[tuple[int, int]], text: str | None = None
) -> list[tuple[int, int]]:
    """A row laid out with spaces, one cell per column of its header: a cell the row leaves out is empty, and
    two pieces under one column (a name with two spaces in it) are one cell. A piece well right of the header's
    last cell, after one under it, stands under no column the header has (a column its lines did not name): it
    is left out rather than read as the rest of that cell ("16.850" and "105,3" are no number "16").

    With ``text`` (a data row): two numbers that come under one column while the column before it is empty are
    two cells, the first under that empty column (a right-aligned "58" at the start of a left-aligned header)."""
    placed: list[tuple[int, int] | None] = [None] * len(positions)
    column = 0
    for a, b in cells:
        column = _column_at((a - line_start, b - line_start), positions, column)
        held = placed[column]
        if held is not None and column == len(positions) - 1 and _right_of_header(a - line_start, positions):
            break
        if held is not None and column == 0 and held[1] - held[0] <= 4 and len(positions) > 1:
            column = 1  # " 1   Thu nội địa" under "STT" and a centred "Nội dung": the index, then the name
            held = placed[column]
        if (
            held is not None
            and text is not None
            and placed[column - 1] is None
            and any(placed[: column - 1])
            and _NUMBER_CELL.fullmatch(text, held[0], held[1])
            and _NUMBER_CELL.fullmatch(text, a, b)
        ):
            placed[column - 1], held = held, None
        placed[column] = (a, b) if held is None else (held[0], b)
    return [cell if cell is not None else (line_start, line_start) for cell in placed]


def _spread(
    cells: list[str], positions: list[tuple[int, int]], finer: list[tuple[int, int]]
) -> tuple[list[str], list[tuple[int, int]]]:
    """A header line's cells put under the columns of a header line with more of them (the other cells empty),
    and the columns' positions: a first cell left of all the finer line's cells ("STT" over nothing) keeps a
    column of its own."""
    if positions and finer and positions[0][1] <= finer[0][0] and len(positions) > 1:
        finer = [positions[0], *finer]
    spread = [""] * len(finer)
    column = 0
    for cell, position in zip(cells, positions, strict=False):
        column = _column_at(position, finer, column)
        spread[column] = f"{spread[column]} {cell}".strip()
    return spread, finer


def _set_header(state: TableState, folded_cells: list[str], written: list[str]) -> None:
    """The columns a header row (its cells folded and as ``written``) gives the rows below it."""
    if (
        state.over is not None
        and state.positions is not None
        and len(state.positions) == len(written)
        # (a line over none of the header's columns yet spans the columns a wrapped header's next line adds)
        and (spanned := _under_spanning_cell(state.over, state.positions, folded_cells, written)) is not None
    ):
        (folded_cells, written), state.over = spanned, None
    columns = [_column_of(f, w, w.lower()) for f, w in zip(folded_cells, written, strict=True)]
    if folded_cells and (dated := _DATED_NAMES_HEADER.fullmatch(folded_cells[0])):
        # "| Chỉ số năm 2024 | Ninh Bình (cũ) | Hà Nam (cũ) |": the names' column gives the values their year
        columns[0] = Column("indicator")
        for column in columns[1:]:
            if column.role in ("value", "other") and not column.period:
                column.role, column.period = "value", dated.group(1)
    state.columns = _ratios_dated(_kinds_by_year(_comparisons_without_plan(columns)))
    state.header, state.header_written = folded_cells, written


def _under_spanning_cell(
    over: tuple[str, int, int], positions: list[tuple[int, int]], folded_cells: list[str], written: list[str]
) -> tuple[list[str], list[str]] | None:
    """A header's cells with the words of the line above them that spans some of them: the columns it stands over,
    and the columns beside those that say neither plan nor result (a centred "Thực hiện giai đoạn 2021-2025"
    over four columns of places may stand over three of them). None when it stands over none of them."""
    words, a, b = over
    under = [i for i, (x, y) in enumerate(positions) if x < b and a < y]
    if not under:
        return None

    # the columns that say neither plan nor result
    plain = {
        i
        for i, (f, w) in enumerate(zip(folded_cells, written, strict=True))
        if _column_of(f, w, w.lower()).role == "other"
    }
    first, last = under[0], under[-1]
    while first - 1 in plain:
        first -= 1
    while last + 1 in plain:
        last += 1
    spanned = [
        i
        for i in range(first, last + 1)
        if i in plain
        or (
            i in under
            and (not _TARGET_HEADER.search(folded_cells[i]) or _VERSUS_HEADER.search(folded_cells[i]))
        )
    ]
    folded_words = fold_keep_length(words.lower())
    folded_cells, written = list(folded_cells), list(written)
    for i in spanned:
        folded_cells[i], written[i] = f"{folded_words} {folded_cells[i]}", f"{words} {written[i]}"
    return folded_cells, written


def spanning_line(text: str, folded: str, start: int, end: int) -> tuple[str, int, int] | None:
    """A line that may span a header's columns: one cell of a few header words with the year they give the
    columns, indented far from the margin (centred over the columns it spans); its words and where they stand."""
    line_start = text.rfind("\n", 0, start) + 1
    words = text[start:end].strip()
    first = start + len(text[start:end]) - len(text[start:end].lstrip())
    if (
        first - line_start < _SPANNING_INDENT_MIN
        or "\n" in text[start:end]
        or len(words) > 60
        or "  " in words
        or ":" in words  # a table's title ("Bảng: ..."), its unit ("Đơn vị tính: tỷ đồng")
        # (it gives its columns their period, or says they compare: "So sánh (%)" over "TH/KH   Cùng kỳ")
        or not (_YEAR_IN_HEADER.search(words) or _COMPARES_HEADER.match(folded, first, end))
        or not TABLE_HEADER_WORDS.search(folded, first, end)
    ):
        return None
    return words, first - line_start, first - line_start + len(words)


_SPANNING_INDENT_MIN = 30
_COMPARES_HEADER = re.compile(r"so sanh\b")
_YEAR_IN_HEADER = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


def _units_under_header(text: str, cells: list[tuple[int, int]], start: int, state: TableState) -> bool:
    """A line that goes on with a header laid out with spaces: bracketed units ("Năng lực tưới   Tổng mức đầu tư"
    over "(ha)   (tỷ đồng)"), or the header's words wrapped ("Tổng mức   Kế hoạch vốn" over "đầu tư   2021 - 2025"):
    each cell joins the header cell above it. Returns whether the line was one."""
    if (
        state.header is None
        or state.positions is None
        or not all(_header_goes_on(text, a, b) for a, b in cells)
    ):
        return False
    line_start = text.rfind("\n", 0, start) + 1
    here = [(a - line_start, b - line_start) for a, b in cells]
    header = state.header_written
    if len(here) > len(state.positions):
        # more columns than the line above: the line above spread under this one's
        header, state.positions = _spread(header, state.positions, here)
    else:
        # two cells under one of the line above ("UTH 2025/ DT 2026/" over "DT 2025   UTH 2025"): two columns,
        # each headed by that cell, so a row's cells under them are not read as one
        header, state.positions = _split_spanned(header, state.positions, here)
    placed = _under_columns(cells, line_start, state.positions)
    written = [f"{w} {text[a:b]}".strip() if b > a else w for w, (a, b) in zip(header, placed, strict=False)]
    written += header[len(written) :]
    _set_header(state, [fold_keep_length(w.lower()) for w in written], written)
    return True


_BRACKETED_UNIT = re.compile(r"\s*\([^()\d]{1,25}\)\s*")
_HEADER_TAIL_YEARS = re.compile(r"\s*(?:19|20)\d\d(?:\s?[-–]\s?(?:19|20)\d\d)?\s*")
# A header's wrapped words that end with its year: a few words in lower case, or an abbreviation ("UTH", "KH")
_WORDS_AND_YEAR = re.compile(
    r"(?:[^\W\d_A-ZĐ][^\W\d_]*(?: [^\W\d_A-ZĐ][^\W\d_]*){0,3}|[A-ZĐ]{1,5}) (?:19|20)\d\d(?:\s?[-–]\s?(?:19|20)\d\d)?/?"
)


def _split_spanned(
    header: list[str], positions: list[tuple[int, int]], lower: list[tuple[int, int]]
) -> tuple[list[str], list[tuple[int, int]]]:
    """A header's cells and their positions, with each cell that two or more cells of the line below stand under
    parted into one column per such cell (each keeping the upper cell's words)."""
    under: dict[int, list[tuple[int, int]]] = {}
    column = 0
    # cells well right of the line above's last cell head columns of their own ("TH/KH   Cùng kỳ" under a
    # "So sánh (%)" that stood above the header): no split of that cell
    beyond = [cell for cell in lower if positions and _right_of_header(cell[0], positions)]
    for cell in lower[: len(lower) - len(beyond)]:
        column = _column_at(cell, positions, column)
        under.setdefault(column, []).append(cell)
    if all(len(cells) < 2 for cells in under.values()) and not beyond:
        return header, positions
    split_header, split_positions = [], []
    for j, (words, position) in enumerate(zip(header, positions, strict=False)):
        below = under.get(j, [])
        for cell in below if len(below) >= 2 else [position]:
            split_header.append(words)
            split_positions.append(cell)
    return split_header + [""] * len(beyond), split_positions + beyond


def _right_of_header(offset: int, positions: list[tuple[int, int]]) -> bool:
    """Whether a piece starting at ``offset`` in its line stands well right of a header's last cell: under no
    column that header has."""
    return offset >= positions[-1][1] + _OWN_COLUMN_GAP


_OWN_COLUMN_GAP = 4


def _header_goes_on(text: str, a: int, b: int) -> bool:
    """Whether a cell under a header's cell is more of it: a unit in brackets, a year or term, or a few words in
    lower case ("đầu tư")."""
    cell = text[a:b].strip()
    return bool(
        _BRACKETED_UNIT.fullmatch(text, a, b)
        or _HEADER_TAIL_YEARS.fullmatch(text, a, b)
        # (or a bracket's first words: "(Đạt/Không" over "đạt)" under "Đánh giá")
        or (
            (cell[:1].islower() or cell[:1] == "(")
            and len(cell.split()) <= 4
            and not any(ch.isdigit() for ch in cell)
        )
        # "hiện 2025" under "Ước thực", "năm 2026" under "Kế hoạch", "DT 2025" under "UTH 2025/"
        or _WORDS_AND_YEAR.fullmatch(cell) is not None
        # "TH/KH   Cùng kỳ" under "So sánh (%)"
        or _COMPARISON_CELL.fullmatch(fold_keep_length(cell.lower())) is not None
    )


# A comparison's column under a header's words: "TH/KH", "UTH 2025/KH 2025", "% KH", "Cùng kỳ", "So CK"
_COMPARISON_CELL = re.compile(
    r"(?:% ?)?(?:so )?(?:(?:u?th|kh|dt|ck)(?: ?(?:19|20)\d\d)? ?/ ?(?:u?th|kh|dt|ck)(?: ?(?:19|20)\d\d)?"
    r"|kh|ck|cung ky(?: nam (?:truoc|(?:19|20)\d\d))?)(?: ?\(%\))?"
)


def read_table_line(
    text: str, folded: str, start: int, end: int, state: TableState, figures: list[Figure]
) -> None:
    """A line of a table laid out with spaces that holds no values (``Paragraph.table_line``).

    A line in capitals is a group's heading (``I   CHỈ TIÊU KINH TẾ``); an unnumbered line right after a row
    ends that row's name (``(GRDP`` / ``theo giá so sánh 2010)``); any other line is the first line of the name
    of the row below it, which holds the values, or names a group when the rows below it are dashed."""
    if (wrap := text.find("\n", start, end)) >= 0:
        # a block of two lines of a name ("cho hộ nghèo, hộ gặp khó" / "khăn về nhà ở"): each is placed under the
        # header's columns from its own line's start
        read_table_line(text, folded, start, wrap, state, figures)
        read_table_line(text, folded, wrap + 1, end, state, figures)
        return
    cells = split_cells(text, start, end)
    if (
        not cells
        or _units_under_header(text, cells, start, state)
        or _place_name_goes_on(text, cells, start, state)
    ):
        return
    if state.header is None and (over := spanning_line(text, folded, start, end)) is not None:
        state.over = over  # a repeated header's top line, after a page break
        return
    index = _INDEX_CELL.match(folded[cells[0][0] : cells[0][1]]) is not None and len(cells) > 1
    words = re.sub(r"\s+", " ", " ".join(text[a:b] for a, b in cells[1 if index else 0 :])).strip(" *")
    if _PARTS_ONLY.match(folded, cells[-1][0], cells[-1][1]):
        state.parts_below, state.last_row = True, []  # "Trong đó:": the rows below are parts
        return
    # (a name in capitals over two lines: "TỔNG THU NGÂN SÁCH NHÀ NƯỚC" / "TRÊN ĐỊA BÀN")
    tail = (
        not index
        and state.last_row
        and (not words.isupper() or figures[state.last_row[0]].indicator.isupper())
        # (not "- Đưa người lao động đi làm việc ở": a new item's first line)
        and not _DASHED_CELL.match(text, *cells[0])
    )
    if words.isupper() and not tail and (index or len(words.split()) >= 3):
        state.category = category_of(folded[start:end]) or state.category
        # "III   CƠ SỞ LƯU TRÚ" with no values: the rows numbered below it are its, not the group's above
        if index:
            _enter_level(state, text[cells[0][0] : cells[0][1]])
        elif glued := _glued_index(text, cells[0]):
            _enter_level(state, glued.group(1))
        state.last_row, state.pending_name, state.group = [], "", None
    elif not tail:
        state.pending_name = f"{state.pending_name} {words}".strip().lstrip("-–+• ")
        state.last_row = []
        if index:
            state.parts_below = False  # "7   Giá trị sản phẩm ..." after the parts of row 6: a whole again
    else:
        # "Số người bị thương do tai nạn giao   72   85" / "thông (người)": the rest of the name, and the row's unit
        unit_text, unit = "", None
        if state.positions is not None and len(state.columns) == len(state.positions):
            # under a header: the name's column goes on the name, the unit's on the unit ("bé trai/100" / "bé
            # gái"), a remark's column ("Ghi chú") on nothing
            placed = _under_columns(cells, text.rfind("\n", 0, start) + 1, state.positions)
            roles = [column.role for column in state.columns]
            words = " ".join(
                text[a:b]
                for (a, b), role in zip(placed, roles, strict=True)
                if role in ("indicator", "index")
            )  # (a short line's words may stand nearer the index's column: no index goes on a row's name)
            more_unit = " ".join(
                text[a:b] for (a, b), role in zip(placed, roles, strict=True) if role == "unit"
            )
            for i in state.last_row if more_unit.strip() else ():
                fig = figures[i]
                # (not a ratio column's "%"; no space after a slash: "m² sàn/" over "người")
                if fig.unit and fig.unit != "%" and not fig.unit.endswith(more_unit):
                    fig.unit = f"{fig.unit}{'' if fig.unit.endswith('/') else ' '}{more_unit.strip()}"
                    if (known := match_unit(fig.unit.lower(), 0)) is not None and known.end == len(fig.unit):
                        fig.unit_canonical, fig.scale = known.canonical or None, known.scale
            words = " ".join(words.split())
        if (bracket := _UNIT_IN_NAME.search(words)) and (unit := match_unit(bracket.group(1).lower(), 0)):
            words, unit_text = words[: bracket.start()].rstrip(), bracket.group(1)
        for i in state.last_row:
            fig = figures[i]
            if words:
                fig.indicator = f"{fig.indicator} {words}"
            if unit is not None and not fig.unit:
                fig.unit, fig.unit_canonical, fig.scale = unit_text, unit.canonical or None, unit.scale


def _place_name_goes_on(text: str, cells: list[tuple[int, int]], start: int, state: TableState) -> bool:
    """A line under a row of places or projects laid out with spaces, with words under the place's column and no
    number of its own: the rest of the place's name, added to the qualifier of the row's figures ("Đường ven biển
    Nghi Sơn - Cửa   Hoàng Mai,   2.940,5" / "Lò (đoạn Km76 - Km83+500)   Quỳnh Lưu"). Returns whether it was."""
    if not state.place_rows or state.positions is None or _INDEX_CELL.match(text, *cells[0]):
        return False
    line_start = text.rfind("\n", 0, start) + 1
    placed = _under_columns(cells, line_start, state.positions)
    if state.place_column >= len(placed):
        return False
    a, b = placed[state.place_column]
    if b <= a:
        return False
    rest = re.sub(r"\s+", " ", text[a:b]).strip()
    for fig in state.place_rows:
        fig.qualifier = f"{fig.qualifier} {rest}" if fig.qualifier else rest
    return True


# What a figure measures over a span of years rather than at a date: a rate per year, an average, what is new
_FLOW_NAME_RE = re.compile(
    r"\b(?:binh quan|tang truong|tang them|(?:trong|thanh lap|xay|xay dung|tao|ket nap|cap|lam|mo)(?: [a-z]+)? moi"
    r"|moi (?:thanh lap|trong|xay dung))\b"
)
_TERM_TOTAL_HEADER = re.compile(r"\b(?:tong|luy ke|ca giai doan|binh quan)\b")  # "Tổng giai đoạn 2026-2030"


def _period_of_measure(fig: Figure, column: Column, default_period: str | None) -> str | None:
    """The period of a table's value: its column's, but a level in a column of a term ("Thực hiện giai đoạn
    2021-2025": the forest cover, the herd) is of the term's last year, and a flow in a column of the last year
    of the document's term ("Mục tiêu đến năm 2030": the growth per year, the forest newly planted) is of the
    term, as in prose."""
    column_period = column.period
    if not column_period:
        return default_period
    if len(column_period) == 9:
        return column_period if column.school_year or _measures_a_flow(fig, column) else column_period[5:]
    if (
        default_period
        and len(default_period) == 9
        and default_period.endswith(column_period)
        and _measures_a_flow(fig, column)
    ):
        return default_period
    return column_period


def _measures_a_flow(fig: Figure, column: Column) -> bool:
    """Whether a table's value is what happens over its years, not a level at a date (see _FLOW_NAME_RE)."""
    return (
        fig.unit_canonical in ("VND", "USD")  # money over a term is its total
        or is_per_year(fig.unit)
        or bool(_FLOW_NAME_RE.search(fold_keep_length(fig.indicator.lower())))
        or bool(column.name and _TERM_TOTAL_HEADER.search(fold_keep_length(column.name.lower())))
    )


def _kind_by_year(period: str | None, written_in: str | None) -> str | None:
    """A column that says neither plan nor result: a year before the one the text was written in is a result
    (the baseline "Năm 2025" of a 2026 plan), a later one a target."""
    if not period or not written_in:
        return None
    if period[-4:] < written_in:
        return "actual"
    return "target" if period[:4] > written_in else None


def _merge_headers(top: list[str], below: list[str], *, spans: bool = True) -> list[str]:
    """Two header rows as one: ``| Năm 2025 | | KH 2026 |`` over ``| Kế hoạch | Ước thực hiện | |``.

    A cell of the lower row is read under the upper row's cell above it; where that one is empty (the
    columns an upper cell spans, written as empty cells) under the nearest upper cell to its left, when
    ``spans``."""
    merged = []
    for i in range(max(len(top), len(below))):
        upper = top[i] if i < len(top) else ""
        lower = below[i] if i < len(below) else ""
        if spans and i < len(top) and not upper.strip() and lower.strip():
            j = i - 1
            while j >= 0 and not top[j].strip():
                j -= 1
            upper = top[j] if j >= 0 else ""
        # a cell over two rows (rowspan) is in both when DOCX or PDF extraction repeats it
        merged.append(upper.strip() if lower.strip() == upper.strip() else f"{upper} {lower}".strip())
    return merged


def _is_lower_header(cells_folded: list[str], top: list[str]) -> bool:
    """Whether a row right under a header row is its lower row: the names of the columns that an upper cell
    spans (``| Thu ngân sách (tỷ đồng) | |`` over ``| Tổng thu | Trong đó: thu tiền sử dụng đất |``). No value
    in it, its first cell empty (a data row starts with its number or name) and a name under an empty upper
    cell (the span)."""
    if not cells_folded or cells_folded[0].strip() or any(ch.isdigit() for f in cells_folded for ch in f):
        return False
    named = [i for i, f in enumerate(cells_folded) if f.strip()]
    return len(named) >= 2 and any(i < len(top) and not top[i].strip() for i in named)


def _is_header(
    cells_folded: list[str], cells: list[tuple[int, int]], text: str, *, below_header: bool = False
) -> bool:
    """Whether a row heads its columns. ``below_header``: the row right after a header row, where a row of bare
    years alone (``| | | 2026 | 2027 | 2028 |`` under "Phân kỳ theo năm") is the header's lower row."""
    hits = sum(
        1
        for f in cells_folded
        if TABLE_HEADER_WORDS.search(f)
        or _YEAR_HEADER.fullmatch(f)
        or _NAMED_YEAR.fullmatch(f)
        or _PLACE_HEADER.fullmatch(f)  # "| STT | Huyện | Dự toán thu | ... |"
        or _ENTITY_HEADER.fullmatch(f)  # "| STT | Tên dự án | Tổng vốn đầu tư | ... |"
        or _DATED_NAMES_HEADER.fullmatch(f)  # "| Chỉ số năm 2024 | Ninh Bình (cũ) | Hà Nam (cũ) |"
        or f.rstrip().endswith("(cu)")
    )
    # a column headed by a bare year (``| 2026 | 2027 | ... |``) is a header cell, not a value
    years = sum(1 for (a, b) in cells if _YEAR_CELL.match(text, a, b))
    numbers = (
        sum(
            1
            for (a, b) in cells
            if re.fullmatch(rf"\s*(?:{NUMBER_PATTERN})(?:\s*/\s*(?:{NUMBER_PATTERN}))?\s*%?\s*", text[a:b])
        )
        - years
    )  # (a count of a total, "96/124", is a value too)
    if (
        below_header
        and years >= 2
        and numbers == 0
        and not any(re.search(r"[^\W\d_]", f) for f in cells_folded)
    ):
        return True
    if (hits >= 2 or (hits and years >= 2)) and numbers <= 1:
        return True
    # "| Cấp học | Số trường đạt chuẩn năm 2025 | Tỷ lệ năm 2025 (%) | Mục tiêu đến năm 2030 (%) |": columns named
    # by their year, and no value at all
    return numbers == 0 and hits + sum(1 for f in cells_folded if _NAMED_BY_YEAR.search(f)) >= 2


def _earlier_of_two_years(column: Column, columns: list[Column]) -> str | None:
    """ "actual" for the first of two value columns headed by consecutive years alone and nothing else ("| Năm
    2025 | Năm 2026 |" in a plan for 2026): the year before the plan is what was done, as an estimate at most."""
    if column.kind is not None or not column.period or len(column.period) != 4:
        return None
    dated = [c for c in columns if c.role == "value" and not c.place and c.period]
    if len(dated) != 2 or any(c.kind is not None or len(c.period or "") != 4 for c in dated):
        return None
    first, second = (c.period or "" for c in dated)
    return "actual" if column.period == first and int(second) == int(first) + 1 else None


def _comparisons_without_plan(columns: list[Column]) -> list[Column]:
    """ "| Năm 2025 | Năm 2026 | So sánh (%) |": without a plan column, a comparison is one year's result against
    another's, not progress against a plan."""
    if not any(c.kind == "target" for c in columns):
        for column in columns:
            if column.kind == "progress" and not _TARGET_HEADER.search(
                fold_keep_length(column.name or "").lower()
            ):
                column.kind = "actual"
    return columns


def _ratios_dated(columns: list[Column]) -> list[Column]:
    """A comparison column that names no year ("So sánh (%)" / "ƯTH/KH") is of the year of the value column left of
    it, the one it divides ("Ước TH 2025"), not of the document's."""
    dated: str | None = None
    for column in columns:
        if column.role != "value":
            continue
        if column.ratio and not column.period and dated:
            column.period = dated
        elif not column.ratio:
            dated = column.period
    return columns


def _kinds_by_year(columns: list[Column]) -> list[Column]:
    """A year column without plan or result words, beside columns that have them: a year after the results'
    ("| Hiện trạng 2025 | Năm 2030 |") is a target, a year before the targets' ("| Năm 2025 | KH 2026 |") a result."""

    def first_year(column: Column) -> str:
        return (column.period or "")[:4]

    actual = [first_year(c) for c in columns if c.kind == "actual" and c.period]
    target = [first_year(c) for c in columns if c.kind == "target" and c.period]
    for column in columns:
        if column.role != "value" or column.kind is not None or not column.period or column.place:
            continue
        if actual and first_year(column) > max(actual):
            column.kind = "target"
        elif target and first_year(column) < min(target):
            column.kind = "actual"
    return columns


def _column_of(header: str, written: str = "", lower: str = "") -> Column:
    """What a column holds, from its folded header (and that header as ``written``, lower-cased ``lower``)."""
    column = _column_by_words(header, written, lower)
    if column.period is not None and len(column.period) == 9 and "nam hoc" in header:
        column.school_year = True  # "KH năm học 2025-2026"
    return column


def _column_by_words(header: str, written: str, lower: str) -> Column:
    """:func:`_column_of` but for the school year."""
    if re.search(r"\b(?:stt|tt)\b", header) and len(header) <= 6:
        return Column("index")
    if _SKIP_HEADER.search(header):
        return Column("skip")
    if _PLACE_HEADER.fullmatch(header):
        return Column("place")
    if _ENTITY_HEADER.fullmatch(header):
        return Column("place", entity=True)
    if _UNIT_HEADER.fullmatch(header):
        return Column("unit")
    if (
        re.search(r"\b(?:chi tieu|noi dung|ten chi tieu)\b", header)
        and not re.search(r"\d{4}", header)
        and not _HEADER_UNIT.search(written)  # "Chỉ tiêu giao (căn)": a column of values
    ):
        return Column("indicator")
    if _YEAR_HEADER.fullmatch(header):
        return Column("year")  # "| Năm | Chỉ tiêu giao (căn) | Hoàn thành (căn) |": a row per year
    if re.search(r"\b(?:linh vuc|nhom)\b", header) and not re.search(r"\d", header):
        return Column("group")  # "Lĩnh vực" (a rowspan group cell): names no row
    # "Tháng 9/2026 so với tháng 9/2025": the year after "so với" is the base the column compares with
    dated = header[: m.start()] if (m := re.search(r"\bso voi\b", header)) else header
    period = year_hint(dated) or (
        m.group() if (m := re.search(r"(?:19|20)\d\d(?:\s*-\s*(?:19|20)\d\d)?", dated)) else None
    )
    if period:
        period = re.sub(r"\s+", "", period)
    # "Tỷ lệ (%)" compares; "Tỷ lệ hộ nghèo giảm (%)" names a rate
    short = len(_BRACKETED.sub("", header).split()) <= 3
    if _VERSUS_HEADER.search(header) or (
        _PROGRESS_HEADER.search(header) and not _TARGET_HEADER.search(header) and short
    ):
        # "So cùng kỳ (%)", "So với năm trước": a result against the last year's, not against the plan
        kind = "actual" if _VERSUS_LAST_YEAR.search(header) else "progress"
        return Column(
            "value",
            kind,
            period,
            name=_HEADER_UNIT.sub("", written).strip(" *") or None,
            ratio=True,
        )
    unit = None
    name = written.strip(" *") or None
    # (the first bracket that holds a unit: "Tăng (+), giảm (-) (ha)")
    for bracket in _HEADER_UNIT.finditer(written) if "(" in written else ():
        if match_unit(lower, bracket.start(1)):
            unit = bracket.group(1).strip()
            name = (written[: bracket.start()] + written[bracket.end() :]).strip(" *") or None
            break
    if _PLACE_CELL.match(header):
        # "Phường Minh Xuân": that place's value
        return Column("value", None, period, unit, name, place=name)
    # "Thực hiện giai đoạn 2021-2025" over "Lâm Đồng (cũ)": a former province's values
    place = former.group() if (former := _FORMER_PLACE_HEADER.search(written)) else None
    if _TARGET_HEADER.search(header):
        return Column("value", "target", period, unit, name, place=place)
    if (actual := _ACTUAL_HEADER.search(header)) and (
        actual.group() != "dat" or not lower or "đạt" in lower or lower == header
    ):  # "Thu tiền sử dụng đất": đất (land), not đạt (reached)
        return Column(
            "value",
            "actual",
            period,
            unit,
            name,
            place=place,
            estimate=bool(_ESTIMATE_HEADER.search(header)),
        )
    return Column("value" if period else "other", None, period, unit, name, place=place)


def _indicator_column(state: TableState, words: list[int], cells: list[tuple[int, int]]) -> int | None:
    for i, column in enumerate(state.columns):
        if column.role == "indicator" and i < len(cells) and i in words:
            return i
    named = [
        i
        for i in words
        if not (i < len(state.columns) and state.columns[i].role in ("group", "skip", "unit"))
    ]
    if not named:
        # "| TT | Nhóm hàng | ĐVT | Kế hoạch 2026 |": a group's header over the only words of the row names it
        named = [i for i in words if i < len(state.columns) and state.columns[i].role == "group"]
    words = named
    if not words:
        return None
    return max(words[:2], key=lambda i: cells[i][1] - cells[i][0])


def _unit_of(
    text: str, lower: str, cells: list[tuple[int, int]], state: TableState, indicator_index: int
) -> tuple[str, tuple[int, int] | None]:
    for i, column in enumerate(state.columns):
        if column.role == "unit" and i < len(cells):
            a, b = cells[i]
            return text[a:b], cells[i]
    after = indicator_index + 1
    while after < len(cells) - 1 and cells[after][0] == cells[after][1]:
        after += 1  # a name's wrapped line, short enough to stand under the index column: the cells between are empty
    if after < len(cells):
        a, b = cells[after]
        unit = match_unit(lower, a)
        if unit is not None and unit.end >= b:
            return text[a:b], cells[after]
    a, b = cells[indicator_index]
    m = _UNIT_IN_NAME.search(text, a, b)
    if m and match_unit(lower, m.start(1)):
        return m.group(1), None
    return "", None


def _indicator_of(
    text: str, lower: str, cell: tuple[int, int], unit_text: str, *, skip: int | None = None
) -> tuple[str, str | None]:
    """A row's indicator name (without a unit in brackets that the unit column repeats, nor the ``Trong đó:``
    that ends at ``skip``) and its direction.

    Worked out once per row, not once per value: a row can be long and hold many values.
    """
    i_start, i_end = cell
    if skip is not None and skip < i_end:
        i_start = skip
    name = text[i_start:i_end]
    if name.endswith(")") and (mark := _FOOTNOTE_MARK.search(name)):
        name = name[: mark.start()]  # "TỔNG THU TỪ KHÁCH DU LỊCH (1)": a footnote's mark
    name_unit = _UNIT_IN_NAME.search(name)
    if name_unit and name_unit.group(1) == unit_text:
        name = name[: name_unit.start()].rstrip()
    return re.sub(r"\s+", " ", name).strip(" *"), _direction_of(lower[i_start:i_end])


def _value_figure(
    text: str,
    cells: list[tuple[int, int]],
    indicator_index: int,
    value_index: int,
    unit_text: str,
    column: Column,
    indicator: tuple[str, str | None],
    table_unit: str = "",
) -> Figure | None:
    a, b = cells[value_index]
    m = _VALUE_CELL.match(text[a:b])
    if m is None:
        return None
    value = parse_number(m.group("num"))
    sign = m.group("sign")
    if sign and sign != "+":
        value = -value  # "-11,1" as written (and a decrease); "+3,3" is an increase
    value_max = parse_number(m.group("max")) if m.group("max") else None
    if value_max is not None and value_max <= value:
        return None
    cell_unit = (m.group("unit") or "").strip()
    unit = cell_unit or unit_text or column.unit or table_unit
    if column.ratio and not cell_unit:
        unit = "%"
    matched = match_unit(unit.lower(), 0) if unit else None
    i_start = cells[indicator_index][0]
    name, name_direction = indicator
    cmp_word = (m.group("cmp") or "").lower()
    verb = (m.group("verb") or "").lower()
    if verb == "tăng" or sign == "+":
        name_direction = "increase"
    elif verb == "giảm":
        name_direction = "decrease"
    comparator = "range" if value_max is not None else _CMP_SYMBOLS.get(cmp_word, "=")
    if m.group("atleast") and comparator == "=":
        comparator = ">="
    elif comparator == "=" and column.estimate:
        comparator = "~"
    return Figure(
        indicator=name,
        value=value,
        unit=unit,
        span=(i_start, b),
        quote=text[i_start:b],
        value_max=value_max,
        comparator=comparator,
        direction="decrease" if value < 0 else name_direction,
        unit_canonical=matched.canonical if matched else None,
        scale=matched.scale if matched else None,
        of_total=parse_number(m.group("of")) if m.group("of") else None,
    )


def _direction_of(name_lower: str) -> str | None:
    if re.search(r"\btăng(?! cường)\b", name_lower):
        return "increase"
    if re.search(r"\bgiảm\b", name_lower):
        return "decrease"
    return None


_PLAN_HEADER_WORDS_RE = re.compile(
    r"\b(?:du toan|ke hoach|kh|thuc hien|th|uth|uoc|nam|giao|chi tieu|muc tieu|so sanh|so voi|tang|giam|ty le"
    r"|dieu chinh|tong so|tong|ngay)\b|[\d()%.,:/-]"
)


def _names_more_than_plan(name: str) -> bool:
    """Whether a value column's header names an indicator beside its plan words: "Dự toán thu" (revenue), not
    "Kế hoạch 2019"."""
    rest = _PLAN_HEADER_WORDS_RE.sub(" ", fold_keep_length(name).lower())
    return any(len(word) > 1 for word in rest.split())


def _place_column(state: TableState, cells: list[tuple[int, int]], folded: str) -> int | None:
    """The column of a row that names a place (district, commune) the row's targets are for, if any: only in a
    table whose value columns name indicators (a table of years or plan/result columns per place is read as
    any other, the place its row's name)."""
    if not any(c.role == "year" for c in state.columns) and not any(
        (c.role == "other" and c.name and c.kind is None and c.period is None)
        or (
            c.role == "value" and c.name and _names_more_than_plan(c.name)
        )  # "Tỷ lệ hộ nghèo cuối năm 2026 (%)"
        for c in state.columns
    ):
        return None
    for i, column in enumerate(state.columns):
        if i >= len(cells):
            break
        if column.role in ("place", "year") or (
            column.role == "unit"
            and (_PLACE_CELL.match(folded, *cells[i]) or _TOTAL_CELL.fullmatch(folded, *cells[i]))
        ):
            return i
    return None


# The year in a column header of a table of places ("Tỷ lệ hộ nghèo cuối năm 2026", "giảm trong năm 2027",
# "ước đạt đến 31/12/2026") and the plan or estimate words left at its end: the column's period and kind say them.
_HEADER_YEAR_RE = re.compile(
    r"\s*\b(?:(?:vào|đến|trong|tại)\s+)?(?:(?:cuối|đầu|hết)\s+)?(?:(?:năm|kế hoạch|KH)\s+(?:19|20)\d\d|\d{1,2}/\d{1,2}/(?:19|20)\d\d)\b"
    r"|\s+(?:(?:giai đoạn|năm)\s+)?(?:19|20)\d\d\s?[-–]\s?(?:19|20)\d\d$",  # "Kế hoạch vốn 2021 - 2025": the column's term
    re.IGNORECASE,
)
_HEADER_PLAN_TAIL_RE = re.compile(
    r"(?:\s+(?:ước|phấn đấu|dự kiến|kế hoạch|thực hiện|đạt|TH|KH))+$", re.IGNORECASE
)


def _place_row(
    text: str,
    lower: str,
    cells: list[tuple[int, int]],
    values: list[int],
    place_index: int,
    state: TableState,
    category: str | None,
    default_kind: str,
    default_period: str | None,
    written_in: str | None = None,
) -> list[Figure]:
    """A row of a table that assigns targets to places: ``| 3 | Huyện Vĩnh Linh | 310.000 | 1,2 | 700 |`` under
    ``| STT | Đơn vị | Thu ngân sách nhà nước (triệu đồng) | Tỷ lệ hộ nghèo giảm (%) | Trồng rừng tập trung (ha) |``.
    Each value is the indicator its column's header names, for the place as ``qualifier``."""
    a, b = cells[place_index]
    place: str | None = re.sub(r"\s+", " ", text[a:b]).strip(" *") or None  # (empty under a spanned total)
    year = None
    if state.columns[place_index].role == "year":
        year, place = (m.group() if (m := re.search(r"(?:19|20)\d\d", text[a:b])) else None), None
    elif _TOTAL_CELL.fullmatch(fold_keep_length(text[a:b])):
        place = None  # "Tổng cộng": the whole of the places above
    figures = []
    for i in values:
        if i <= place_index or i >= len(state.columns):
            continue
        column = state.columns[i]
        if column.role not in ("value", "other") or not column.name or _NOT_A_VALUE.match(text, *cells[i]):
            continue
        name_start = a  # the quote runs from the place to the value, as a row's quote does from its name
        name = _HEADER_PLAN_TAIL_RE.sub("", _HEADER_YEAR_RE.sub("", column.name).strip(" ,")) or column.name
        fig = _value_figure(
            text, cells, place_index, i, "", column, (name, _direction_of(name.lower())), state.unit
        )
        if fig is None:
            continue
        fig.span, fig.quote = (name_start, cells[i][1]), text[name_start : cells[i][1]]
        fig.qualifier = place
        if state.columns[place_index].entity:
            fig.extra["entity"] = True
        fig.period = year or column.period or default_period
        fig.kind = column.kind or _kind_by_year(fig.period, written_in) or default_kind
        fig.category = state.category or category
        figures.append(fig)
    if place:
        state.place_rows, state.place_column = figures, place_index
    return figures


def _group_of(text: str, cell: tuple[int, int]) -> tuple[str, str]:
    """A group row's name and the unit in brackets after it: ``Cơ cấu kinh tế (%)`` -> ("Cơ cấu kinh tế", "%")."""
    name = re.sub(r"\s+", " ", text[cell[0] : cell[1]]).strip(" *")
    name = _INDEX_PREFIX.sub("", name)
    unit = ""
    if (bracket := _UNIT_IN_NAME.search(name)) and match_unit(bracket.group(1).lower(), 0):
        unit = bracket.group(1).strip()
        name = name[: bracket.start()].rstrip()
    return name, unit
