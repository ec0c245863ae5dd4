"""Properties of ``figures.extract`` on any text: no exception, valid spans and fields, bounded time."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from figures import extract
from figures.model import COMPARATORS, KINDS, Figure
from figures.numbers import fix_ocr_digits

TIME_LIMIT_S = 5.0  # the one timing bound: a guard against catastrophic regex backtracking, not a benchmark
# Examples per property: a few hundred in the normal run; the long fuzz job outside it sets 100,000
# (``CHITIEU_FUZZ_EXAMPLES=100000 .venv/bin/pytest tests/test_parser_properties.py -k any_text``).
EXAMPLES = int(os.environ.get("CHITIEU_FUZZ_EXAMPLES", "300"))

VIETNAMESE_LETTERS = (
    "aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ"
)
ALPHABET = VIETNAMESE_LETTERS + VIETNAMESE_LETTERS.upper() + "0123456789" + " .,;:()%/-‰–…\"'*#|\n\t\u00a0"
# Words and shapes the parser reacts to; mixing them with noise reaches its interesting paths.
FRAGMENTS = [
    "(1)",
    "(2) ",
    "1.",
    "1.1.",
    "2.3.",
    "a)",
    "- ",
    "+ ",
    "• ",
    "Một là,",
    "Hai là",
    "\n",
    "; ",
    ", ",
    ": ",
    "tăng",
    "tăng thêm",
    "giảm",
    "giảm còn",
    "trên",
    "hơn",
    "vượt",
    "dưới",
    "còn dưới",
    "không quá",
    "tối đa",
    "ít nhất",
    "tối thiểu",
    "khoảng",
    "gần",
    "từ",
    "đến",
    "trở lên",
    "trên địa bàn",
    "trong đó",
    "chiếm",
    "đạt",
    "ước đạt",
    "phấn đấu",
    "chỉ tiêu",
    "kế hoạch",
    "mục tiêu",
    "bằng",
    "so với cùng kỳ",
    "dự toán",
    "7,5",
    "1.800",
    "2.370",
    "3,33",
    "0,089",
    "1.021.894",
    "01",
    "21-22",
    "7,0 - 7,5",
    "45.799/36.875",
    "(-9,28%)",
    "%",
    "‰",
    "%o",
    "tỷ đồng",
    "nghìn tỷ đồng",
    "triệu USD",
    "ngàn tấn",
    "ha",
    "hộ",
    "xã",
    "doanh nghiệp",
    "bác sĩ/vạn dân",
    "giường bệnh/1 vạn dân",
    "triệu lượt khách",
    "lần",
    "năm 2024",
    "2021-2025",
    "54/QĐ-UBND",
    "lần thứ 20",
    "khóa XIX",
    "Đang truy cập : 15",
    "Hôm nay5,602",
    "Tốc độ tăng trưởng GRDP",
    "Thu ngân sách nhà nước",
    "Tỷ lệ che phủ rừng",
    "Tỷ lệ hộ nghèo",
    "kinh tế",
    "văn hóa - xã hội",
    "môi trường",
    "quốc phòng - an ninh",
    "**",
    "| ",
    "Covid-19",
]
DIRECTIONS = (None, "increase", "decrease")
# Table cells: header words, values, units and empty cells, so that rows of any length and header rows
# over header rows (colspan, rowspan) come up.
TABLE_CELLS = [
    "", "", "STT", "TT", "Chỉ tiêu", "Đơn vị tính", "ĐVT", "Năm 2025", "Kế hoạch", "Kế hoạch 2026",
    "Ước thực hiện", "Thực hiện 2024", "So sánh (%)", "I", "1", "2", "7,5", "1.800", "> 3.100", "62-63", "%",
    "Tỷ đồng", "xã", "Tốc độ tăng trưởng GRDP", "Thu ngân sách (tỷ đồng)", "Chỉ tiêu kinh tế",
]  # fmt: skip
table_rows = st.lists(st.sampled_from(TABLE_CELLS), min_size=1, max_size=7).map(
    lambda cells: "| " + " | ".join(cells) + " |"
)
tables = st.lists(
    st.one_of(table_rows, st.just("|---|---|---|"), st.sampled_from(FRAGMENTS)), max_size=12
).map("\n".join)

texts = st.one_of(
    st.text(alphabet=ALPHABET, max_size=400),
    st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(alphabet=ALPHABET, max_size=12)), max_size=80).map(
        " ".join
    ),
    st.lists(st.sampled_from(FRAGMENTS), max_size=120).map("".join),
    tables,
    st.text(max_size=200),  # anything at all, including surrogates' neighbours and control characters
)


def check_figures(text: str, figures: list[Figure]) -> None:
    assert isinstance(figures, list)
    for index, figure in enumerate(figures):
        assert isinstance(figure, Figure)
        start, end = figure.span
        assert 0 <= start < end <= len(text), figure
        assert text[start:end] == figure.quote, figure
        assert figure.comparator in COMPARATORS, figure
        assert figure.kind in KINDS, figure
        assert figure.direction in DIRECTIONS, figure
        assert isinstance(figure.value, Decimal) and figure.value.is_finite(), figure
        if figure.value_max is not None:
            assert figure.comparator == "range", figure
        if figure.parent is not None:
            assert 0 <= figure.parent < len(figures) and figure.parent != index, figure
        record = figure.to_dict()  # what the CLI prints must always be producible
        assert record["span"] == [start, end]


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=texts)
def test_any_text_gives_valid_figures_and_no_exception(text: str) -> None:
    check_figures(text, extract(text))


@settings(max_examples=max(100, EXAMPLES // 3), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=texts, period=st.sampled_from([None, "2020", "2024", "2021-2025"]))
def test_any_text_with_a_period_gives_valid_figures(text: str, period: str | None) -> None:
    check_figures(text, extract(text, period=period))


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(alphabet="0123456789OolI.,% xyz\n", max_size=80) | texts)
def test_ocr_digit_repair_keeps_every_offset(text: str) -> None:
    # Spans must point into the text as given: the repair may only swap a letter for a digit in place.
    fixed = fix_ocr_digits(text)
    assert len(fixed) == len(text)
    assert all(a == b or (a in "OolI" and b in "01") for a, b in zip(text, fixed, strict=True))
    if not any(ch in "OolI" for ch in text):
        assert fixed is text


ADVERSARIAL: dict[str, Callable[[], str]] = {
    "200KB-digits-and-dots": lambda: ("1234567890." * 20_000)[:200_000],
    "200KB-dot-separated-groups": lambda: "1" + ".000" * 50_000,
    "200KB-digits-commas-dots": lambda: ("1.2,3." * 40_000)[:200_000],
    "200KB-one-number": lambda: "9" * 200_000,
    "50000-list-markers": lambda: "(1)" * 50_000,
    "50000-list-markers-spaced": lambda: "(1) " * 50_000,
    "50000-numbered-lines": lambda: "".join(f"{i}. " for i in range(50_000)),
    "long-line-of-targets": lambda: "Tốc độ tăng trưởng GRDP tăng 7,5%; " * 6_000,
    "long-line-of-comparators": lambda: "trên hơn vượt dưới khoảng từ đến trở lên " * 5_000,
    "long-line-of-units": lambda: "1 tỷ đồng/ha/năm/người/% " * 8_000,
    "long-line-without-spaces": lambda: "tănggiảmđạt7,5%" * 13_000,
    "many-trong-do": lambda: "Thu ngân sách 100 tỷ đồng, trong đó " * 5_000,
    "dated-paragraph-of-many-sentences": lambda: (
        "Ngày 30/12/2026\nGRDP tăng 7,5% so với cùng kỳ. " + "Thu ngân sách đạt 100 tỷ đồng. " * 20_000
    ),
    "deep-ranges": lambda: "từ 1 - 2 - 3 - 4 - 5 % " * 8_000,
    "percent-storm": lambda: "%" * 100_000 + "7,5" + "‰" * 100_000,
    "many-short-lines": lambda: "a\n" * 100_000,
    "ocr-letters-in-numbers": lambda: "2O2O lOO% 45O.OOO " * 10_000,
}


@pytest.mark.parametrize("name", sorted(ADVERSARIAL))
def test_adversarial_input_finishes_in_bounded_time(name: str) -> None:
    text = ADVERSARIAL[name]()

    started = time.perf_counter()
    figures = extract(text)
    elapsed = time.perf_counter() - started

    assert elapsed < TIME_LIMIT_S, f"{name}: {elapsed:.1f}s for {len(text):,} characters"
    check_figures(text, figures)
