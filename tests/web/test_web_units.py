"""The pieces that make hostile text safe and figures visible: highlighting, diffs, folding, charts."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st
from markupsafe import escape

from web.chart import charts_for, nice_ticks
from web.highlight import Span, highlight
from web.search import _translate_pairs, query_terms, search_fold, snippet
from web.sidediff import side_by_side


def test_highlight_escapes_text_and_marks_spans() -> None:
    text = "<b>GRDP</b> tăng 7%; <script>x</script>"
    start = text.index("tăng 7%")
    html = str(highlight(text, [Span(start, start + 7, 11)]))
    assert html.startswith("&lt;b&gt;GRDP&lt;/b&gt; ")
    assert (
        '<span class="anchor" id="fig-11"></span><mark class="fig fig-target" data-figures="11">tăng 7%</mark>'
        in html
    )
    assert html.endswith("&lt;script&gt;x&lt;/script&gt;")


def test_overlapping_spans_never_nest_badly_and_bad_spans_are_ignored() -> None:
    text = "thu ngân sách 2.300 tỷ đồng, trong đó thu nội địa 2.000 tỷ đồng"
    whole = Span(0, len(text), 1)
    part = Span(text.index("thu nội địa"), len(text), 2, "actual")
    html = str(highlight(text, [whole, part, Span(50, 10, 3), Span(-1, 5, 4), Span(0, 999, 5)]))
    assert html.count("<mark") == 2 and html.count("</mark>") == 2
    assert 'data-figures="1 2"' in html and 'id="fig-3"' not in html and 'id="fig-5"' not in html


@given(st.text(max_size=200), st.lists(st.tuples(st.integers(-5, 220), st.integers(-5, 220)), max_size=6))
def test_highlight_keeps_all_text_and_only_its_own_markup(text: str, bounds: list[tuple[int, int]]) -> None:
    spans = [Span(a, b, i) for i, (a, b) in enumerate(bounds)]
    html = str(highlight(text, spans))
    own_markup = (
        r'<span class="anchor" id="fig-\d+"></span>|<mark class="[a-z\- ]+" data-figures="[\d ]+">|</mark>'
    )
    assert re.sub(own_markup, "", html) == str(escape(text))


def test_side_by_side_shows_word_changes_and_folds_equal_runs() -> None:
    same = [f"Dòng {i} không đổi." for i in range(20)]
    old = "\n".join([*same, "GRDP tăng 6,5%.", "Tỷ lệ hộ nghèo giảm 3%.", *same])
    new = "\n".join([*same, "GRDP tăng 7%.", *same, "Bảo hiểm y tế đạt 96%."])
    rows, stats = side_by_side(old, new, context=2)
    assert (stats.changed, stats.removed, stats.added) == (1, 1, 1)
    replaced = next(r for r in rows if r.kind == "replace")
    assert "<del>6,5%.</del>" in replaced.old_html and "<ins>7%.</ins>" in replaced.new_html
    assert [r.skipped for r in rows if r.kind == "skip"] == [18, 16]
    escaped = side_by_side("<script>", "<script>a")[0][0]
    assert "<script" not in escaped.old_html + escaped.new_html


def test_search_folding_keeps_length_and_drops_marks() -> None:
    text = "Thu NGÂN SÁCH Nhà nước\nđạt Đồng"
    assert search_fold(text) == "thu ngan sach nha nuoc dat dong"
    assert len(search_fold(text)) == len(text)
    assert query_terms("  Ngân   sách ngân ") == ["ngan", "sach"]


def test_the_postgresql_translate_table_folds_like_python() -> None:
    source, target = _translate_pairs()
    table = str.maketrans(source, target)
    sample = unicodedata.normalize(
        "NFC", "Tỷ lệ CHE PHỦ RỪNG đạt 58,5%; Ưu tiên Đầu tư\tHỒ CHÍ MINH ẩm ướt ỹ"
    )
    assert sample.translate(table) == search_fold(sample)


def test_snippet_marks_matches_inside_escaped_text() -> None:
    text = "<img src=x onerror=alert(1)> Thu ngân sách đạt 2.300 tỷ đồng."
    html = str(snippet(text, ["ngan", "sach"]))
    assert "<mark>ngân</mark> <mark>sách</mark>" in html and "&lt;img" in html and "<img" not in html


def test_nice_ticks_cover_the_range() -> None:
    ticks = nice_ticks(0, 7.3)
    assert ticks[0] <= 0 and ticks[-1] >= 7.3 and len(ticks) <= 8


def _row(**fields):
    base = {"figure_id": 1, "province": "Hà Giang", "province_now": "Tuyên Quang", "period": "2024", "kind": "target",
            "value": Decimal("2300"), "value_max": None, "unit": "tỷ đồng", "unit_canonical": "vnd", "scale": 1e9,
            "valid_to": None, "quote": "q", "title": "t"}  # fmt: skip
    return base | fields


def test_charts_convert_scales_and_separate_units() -> None:
    rows = [
        _row(figure_id=1),
        _row(figure_id=2, value=Decimal("2.5"), unit="nghìn tỷ đồng", scale=1e12, kind="actual"),
        _row(
            figure_id=3, value=Decimal("58.5"), unit="%", unit_canonical="percent", scale=None, period="2026"
        ),
    ]
    money, share = charts_for(rows)
    assert money.unit == "tỷ đồng" and share.unit == "%"
    by_id = {p.figure_id: p for p in money.points}
    assert by_id[2].y < by_id[1].y  # 2,5 nghìn tỷ is above 2.300 tỷ: same axis, same scale
    assert {p.province for p in money.points} == {"Hà Giang (nay Tuyên Quang)"}
    assert [label for label, _ in share.periods] == ["2026"]
