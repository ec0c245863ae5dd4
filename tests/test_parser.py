"""Every construct the parser reads, as data-driven cases (tests/fixtures/parser_cases.yaml)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from figures import Figure, extract

CASES_FILE = Path(__file__).parent / "fixtures" / "parser_cases.yaml"


def _cases() -> list[Any]:
    data = yaml.safe_load(CASES_FILE.read_text(encoding="utf-8"))
    return [
        pytest.param(case["text"], case["expect"], case.get("written_in"), id=f"{group}: {case['name']}")
        for group, cases in data.items()
        for case in cases
    ]


def _check(fig: Figure, expected: dict[str, Any], text: str) -> None:
    got = fig.to_dict()
    for key, want in expected.items():
        if key == "quote":
            assert want in fig.quote, f"quote {fig.quote!r} lacks {want!r}"
        elif key in ("value", "value_max", "of_total"):
            actual = {"value": fig.value, "value_max": fig.value_max, "of_total": fig.of_total}[key]
            assert actual == (None if want is None else Decimal(str(want))), f"{key}: {actual} != {want}"
        else:
            assert got[key] == want, f"{key}: {got[key]!r} != {want!r} in {fig.quote!r}"
    start, end = fig.span
    assert text[start:end] == fig.quote


@pytest.mark.parametrize(("text", "expect", "written_in"), _cases())
def test_parser_case(text: str, expect: list[dict[str, Any]], written_in: int | None) -> None:
    """``written_in`` (optional in a case): the year the page was published, as the loader reads it from HTML."""
    figures = extract(text, written_in=written_in)
    summary = [(str(f.value), f.unit, f.quote) for f in figures]
    assert len(figures) == len(expect), f"expected {len(expect)} figures, got {summary}"
    for fig, expected in zip(figures, expect, strict=True):
        _check(fig, expected, text)


def test_period_comes_from_the_caller_when_the_text_has_none() -> None:
    [fig] = extract("Tỷ lệ che phủ rừng đạt 62%.", period="2026")
    assert fig.period == "2026"


def test_a_figure_for_a_year_before_the_text_was_written_is_a_result() -> None:
    text = "Đến hết năm 2025, toàn tỉnh có 11 bác sĩ/vạn dân. Năm 2027 có 12 bác sĩ/vạn dân."
    undated = extract(text)
    assert [f.kind for f in undated] == ["target", "target"]  # nothing says when "now" is
    written_2026 = extract(text, written_in=2026)
    assert [(f.period, f.kind) for f in written_2026] == [("2025", "actual"), ("2027", "target")]
    dated = extract("Thứ Ba, 17/03/2026\n" + text)  # a news page's date line at the top says it
    assert [f.kind for f in dated] == ["actual", "target"]
    # a plan still sets targets for the past years it names with a target word
    assert extract("Năm 2025 phấn đấu đạt 11 bác sĩ/vạn dân.", written_in=2026)[0].kind == "target"


def test_the_written_year_is_the_latest_date_at_the_top() -> None:
    text = (
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;\n"
        "Cao Bằng, ngày 30 tháng 12 năm 2025\n"
        "Năm 2025 toàn tỉnh có 1.200 doanh nghiệp; năm 2026 có 1.350 doanh nghiệp."
    )
    assert [f.kind for f in extract(text)] == ["target", "target"]  # 2025 is not before 2025
    assert [f.kind for f in extract(text, written_in=2026)] == ["actual", "target"]


def test_a_report_goes_on_in_the_paragraph_after_it_until_a_plan_says_otherwise() -> None:
    text = (
        "Năm qua, tốc độ tăng trưởng kinh tế của tỉnh đạt 7,2%.\n\n"
        "Tỷ lệ hộ nghèo giảm còn 4,1%; tỷ lệ che phủ rừng đạt 56%.\n\n"
        "Năm 2027, tỉnh phấn đấu tăng trưởng kinh tế 8%; tỷ lệ hộ nghèo giảm còn 3,5%."
    )
    figures = extract(text, written_in=2026)
    assert [(f.value, f.kind, f.period) for f in figures] == [
        (Decimal("7.2"), "actual", "2026"),
        (Decimal("4.1"), "actual", "2026"),
        (Decimal("56"), "actual", "2026"),
        (Decimal("8"), "target", "2027"),
        (Decimal("3.5"), "target", "2027"),
    ]
    # a paragraph that states its own year, or a list item, is not the report's continuation
    dated = extract(text.replace("Tỷ lệ hộ nghèo", "Năm 2027, tỷ lệ hộ nghèo", 1), written_in=2026)
    assert dated[1].kind == "target"
    listed = extract(text.replace("Tỷ lệ hộ nghèo", "- Tỷ lệ hộ nghèo", 1), written_in=2026)
    assert listed[1].kind == "target"


def test_a_table_year_column_takes_its_kind_from_the_year_the_text_was_written_in() -> None:
    table = (
        "| STT | Chỉ tiêu | ĐVT | Năm 2025 | Năm 2026 | Năm 2030 |\n|---|---|---|---|---|---|\n"
        "| 1 | Tỷ lệ hộ nghèo | % | 9,85 | 8,2 | 3 |"
    )
    written_2026 = extract(table, written_in=2026)
    assert [(f.period, f.kind) for f in written_2026] == [
        ("2025", "actual"),
        ("2026", "target"),
        ("2030", "target"),
    ]
    # a mid-term review's results with no year of their own stand where the writing year is
    review = "I. KẾT QUẢ THỰC HIỆN\nSố bác sĩ/vạn dân đạt 10,2 bác sĩ."
    assert [f.period for f in extract(review, period="2021-2025", written_in=2023)] == ["2023"]


def test_this_year_and_next_year_are_counted_from_the_writing_year() -> None:
    text = "Năm 2025, chỉ số PCI đạt 70,12 điểm. Năm nay, tỉnh phấn đấu chỉ số PCI đạt từ 71 điểm trở lên. Năm tới, phấn đấu đạt 72 điểm."
    assert [(f.period, f.kind) for f in extract(text, written_in=2026)] == [
        ("2025", "actual"),
        ("2026", "target"),
        ("2027", "target"),
    ]
    # a baseline is no period: "so với năm trước" is not 2025; the result, with no year of its own, is the
    # writing year's
    assert extract("GRDP tăng 8% so với năm trước.", written_in=2026)[0].period == "2026"
    assert extract("GRDP tăng 8% so với năm trước.")[0].period is None


def test_empty_and_numberless_texts_give_nothing() -> None:
    assert extract("") == []
    assert extract("Không có số liệu nào ở đây.") == []


def test_a_comparison_base_never_runs_into_the_next_figure() -> None:
    # Found by bench/fuzz_parser.py: "lần năm 2025 ..." once swallowed the next figure's words.
    text = "tăng trưởng đạt 2,5 lần năm 2025 trường đạt quốc gia duy trì còn dưới 4.473 tỷ đồng trở lên"
    figures = extract(text)
    assert [str(f.value) for f in figures] == ["2.5", "4473"]
    for fig in figures:
        assert fig.span[0] < fig.span[1]
        assert text[fig.span[0] : fig.span[1]] == fig.quote
    assert figures[1].comparator == "<"


def test_a_number_inside_a_unit_is_not_a_second_figure() -> None:
    # Found by bench/fuzz_parser.py: the "1" of "giường bệnh/<tab>1 vạn dân" became an empty-span figure.
    text = "Đạt 26 giường bệnh/\t1 vạn dân so với cùng kỳ: thu nội địa 200 tỷ đồng."
    figures = extract(text)
    assert [str(f.value) for f in figures] == ["26", "200"]
    assert figures[0].unit_canonical == "bed_per_10k"
    assert all(f.span[0] < f.span[1] for f in figures)
