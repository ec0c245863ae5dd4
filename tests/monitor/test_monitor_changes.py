"""Change detection: revisions within a document, discrepancies across documents, plausibility notes."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from sqlalchemy import select

from monitor.changes import format_vn, register_change_hook, unregister_change_hook
from monitor.record import record_version
from storage.db import session_scope
from storage.models import ChangeEvent
from storage.testing import figure_in, incoming

V1 = (
    "Chỉ tiêu chủ yếu năm 2024:\n"
    "- Tỷ lệ che phủ rừng đạt 55%;\n"
    "- Thu ngân sách nhà nước trên địa bàn 2.100 tỷ đồng;\n"
    "- Số xã đạt chuẩn nông thôn mới tăng thêm 5 xã.\n"
)
V2_REVISED = V1.replace("55%", "56%")
V2_WITHDRAWN = V1.replace("- Số xã đạt chuẩn nông thôn mới tăng thêm 5 xã.\n", "")
V2_REWORDED = (
    "Năm 2024 tỉnh phấn đấu: tỷ lệ che phủ rừng 55%; thu ngân sách nhà nước trên địa bàn đạt 2.100 tỷ đồng; "
    "có thêm 5 xã đạt chuẩn nông thôn mới.\n"
)


def figures_of(text: str) -> list:
    out = []
    for quote, value, unit, indicator in (
        ("che phủ rừng đạt 55%", "55", "%", "Tỷ lệ che phủ rừng"),
        ("che phủ rừng đạt 56%", "56", "%", "Tỷ lệ che phủ rừng"),
        ("che phủ rừng 55%", "55", "%", "tỷ lệ che phủ rừng"),
        ("trên địa bàn 2.100 tỷ đồng", "2100", "tỷ đồng", "Thu ngân sách nhà nước trên địa bàn"),
        ("trên địa bàn đạt 2.100 tỷ đồng", "2100", "tỷ đồng", "thu ngân sách nhà nước trên địa bàn đạt"),
        ("tăng thêm 5 xã", "5", "xã", "Số xã đạt chuẩn nông thôn mới tăng thêm"),
        ("thêm 5 xã đạt chuẩn nông thôn mới", "5", "xã", "số xã đạt chuẩn nông thôn mới"),
    ):
        if quote in text and not any(quote in f.quote or f.quote in quote for f in out):
            canonical = {"%": ("percent", 1.0), "tỷ đồng": ("VND", 1e9)}.get(unit, (None, None))
            out.append(
                figure_in(
                    text,
                    quote,
                    value,
                    unit,
                    indicator=indicator,
                    unit_canonical=canonical[0],
                    scale=canonical[1],
                )
            )
    return out


def ingest(engine, archive, url, text, figures=None, days=0, province="Cao Bằng", **fields):
    version = incoming(url, text, province=province, **fields)
    version.fetched_at += timedelta(days=days)
    found = figures_of(text) if figures is None else figures
    with session_scope(engine) as session:
        result = record_version(session, version, archive=archive, extract=lambda t, **_: found)
        return result, [(c.kind, c.old_value, c.new_value, c.plausibility) for c in result.changes]


def kinds(events) -> list[str]:
    return [e[0] for e in events]


def test_revised_figure_reports_old_and_new_value(engine, archive) -> None:
    ingest(engine, archive, "https://a.gov.vn/kh", V1)
    _, events = ingest(engine, archive, "https://a.gov.vn/kh", V2_REVISED, days=1)
    assert events == [
        ("document_revised", None, None, None),
        ("figure_revised", Decimal(55), Decimal(56), None),
    ]


def test_withdrawn_figure(engine, archive) -> None:
    ingest(engine, archive, "https://a.gov.vn/kh", V1)
    _, events = ingest(engine, archive, "https://a.gov.vn/kh", V2_WITHDRAWN, days=1)
    assert kinds(events) == ["document_revised", "figure_withdrawn"]
    assert events[1][1] == Decimal(5)


def test_new_figure_in_a_revision(engine, archive) -> None:
    ingest(engine, archive, "https://a.gov.vn/kh", V2_WITHDRAWN)
    _, events = ingest(engine, archive, "https://a.gov.vn/kh", V1, days=1)
    assert kinds(events) == ["document_revised", "figure_new"]


def test_reworded_figures_with_the_same_values_are_not_changes(engine, archive) -> None:
    ingest(engine, archive, "https://a.gov.vn/kh", V1)
    _, events = ingest(engine, archive, "https://a.gov.vn/kh", V2_REWORDED, days=1)
    assert kinds(events) == ["document_revised"]


def test_discrepancy_between_two_current_documents(engine, archive) -> None:
    ingest(engine, archive, "https://a.gov.vn/kh", V1)
    _, events = ingest(engine, archive, "https://b.gov.vn/tin", V2_REVISED)
    assert events[1:] == [("discrepancy", Decimal(55), Decimal(56), None)]


def test_same_values_in_other_words_are_not_a_discrepancy(engine, archive) -> None:
    ingest(engine, archive, "https://a.gov.vn/kh", V1)
    _, events = ingest(engine, archive, "https://b.gov.vn/tin", V2_REWORDED)
    assert kinds(events) == ["document_new"]


def test_a_discrepancy_is_reported_once_while_it_lasts(engine, archive) -> None:
    ingest(engine, archive, "https://a.gov.vn/kh", V1)
    ingest(engine, archive, "https://b.gov.vn/tin", V2_REVISED)
    _, events = ingest(engine, archive, "https://b.gov.vn/tin", V2_REVISED + "Nguồn: Sở KH&ĐT.\n", days=1)
    assert kinds(events) == ["document_revised"]


def test_only_the_current_version_of_another_document_counts(engine, archive) -> None:
    ingest(engine, archive, "https://a.gov.vn/kh", V2_REVISED)
    ingest(engine, archive, "https://a.gov.vn/kh", V1, days=1)  # corrected back to 55%
    _, events = ingest(engine, archive, "https://b.gov.vn/tin", V1, days=2)
    assert kinds(events) == ["document_new"]


def test_different_provinces_and_unknown_periods_are_not_compared(engine, archive) -> None:
    ingest(engine, archive, "https://a.gov.vn/kh", V1)
    _, events = ingest(engine, archive, "https://b.gov.vn/kh", V2_REVISED, province="Lạng Sơn")
    assert kinds(events) == ["document_new"]
    undated = figures_of(V2_REVISED)
    for fig in undated:
        fig.period = None
    _, events = ingest(engine, archive, "https://c.gov.vn/kh", V2_REVISED, figures=undated)
    assert kinds(events) == ["document_new"]


SLIP_A = "GRDP bình quân đầu người 3,33 triệu đồng."
SLIP_B = "GRDP bình quân đầu người đạt 33,3 triệu đồng."


def test_factor_ten_is_flagged_as_a_decimal_comma_slip(engine, archive) -> None:
    money = {"unit_canonical": "VND", "scale": 1e6, "indicator": "GRDP bình quân đầu người"}
    ingest(
        engine,
        archive,
        "https://a.gov.vn/1",
        SLIP_A,
        [figure_in(SLIP_A, "3,33 triệu đồng", "3.33", "triệu đồng", **money)],
    )
    result, events = ingest(
        engine,
        archive,
        "https://b.gov.vn/2",
        SLIP_B,
        [figure_in(SLIP_B, "33,3 triệu đồng", "33.3", "triệu đồng", **money)],
    )
    assert events[1] == ("discrepancy", Decimal("3.33"), Decimal("33.3"), "decimal_slip")
    assert "decimal comma" in result.changes[1].note and "3,33" in result.changes[1].note


SWAP_A = "Kim ngạch xuất khẩu 150 triệu USD, kim ngạch nhập khẩu 450 triệu USD."
SWAP_B = "Kim ngạch nhập khẩu 150 triệu USD; kim ngạch xuất khẩu 450 triệu USD."


def trade(text: str) -> list:
    usd = {"unit_canonical": "USD", "scale": 1e6}
    out = []
    for name in ("xuất khẩu", "nhập khẩu"):
        start = text.index(f"ngạch {name}") + len(f"ngạch {name} ")
        number = text[start : text.index(" triệu", start)]
        out.append(
            figure_in(
                text, f"{name} {number} triệu USD", number, "triệu USD", indicator=f"Kim ngạch {name}", **usd
            )
        )
    return out


def test_swapped_sibling_values_are_marked_on_both_discrepancies(engine, archive) -> None:
    ingest(engine, archive, "https://a.gov.vn/1", SWAP_A, trade(SWAP_A))
    result, events = ingest(engine, archive, "https://b.gov.vn/2", SWAP_B, trade(SWAP_B))
    assert sorted(events[1:]) == [
        ("discrepancy", Decimal(150), Decimal(450), "swap"),
        ("discrepancy", Decimal(450), Decimal(150), "swap"),
    ]
    assert all("swapped" in c.note for c in result.changes[1:])


def test_comparator_only_and_notation_only_differences(engine, archive) -> None:
    a = "Tỷ lệ dân cư thành thị dùng nước sạch trên 95%; mức giảm tỷ suất sinh 0,1%o."
    b = "Tỷ lệ dân cư thành thị dùng nước sạch 95%; mức giảm tỷ suất sinh 0,1‰."

    def figs(text, water, births_unit):
        return [
            figure_in(
                text,
                water,
                "95",
                "%",
                indicator="Tỷ lệ dân cư thành thị dùng nước sạch",
                comparator=">" if "trên" in water else "=",
            ),
            figure_in(text, f"0,1{births_unit}", "0.1", births_unit, indicator="Mức giảm tỷ suất sinh"),
        ]

    ingest(engine, archive, "https://a.gov.vn/1", a, figs(a, "trên 95%", "%o"))
    _, events = ingest(engine, archive, "https://b.gov.vn/2", b, figs(b, "sạch 95%", "‰"))
    assert events[1:] == [("discrepancy", Decimal(95), Decimal(95), "comparator_only")]


def test_values_equal_after_scaling_are_the_same(engine, archive) -> None:
    a, b = "Thu ngân sách 2,1 nghìn tỷ đồng.", "Thu ngân sách 2.100 tỷ đồng."
    fa = figure_in(
        a,
        "2,1 nghìn tỷ đồng",
        "2.1",
        "nghìn tỷ đồng",
        indicator="Thu ngân sách",
        unit_canonical="VND",
        scale=1e12,
    )
    fb = figure_in(
        b, "2.100 tỷ đồng", "2100", "tỷ đồng", indicator="Thu ngân sách", unit_canonical="VND", scale=1e9
    )
    ingest(engine, archive, "https://a.gov.vn/1", a, [fa])
    assert kinds(ingest(engine, archive, "https://b.gov.vn/2", b, [fb])[1]) == ["document_new"]


def test_a_target_restated_as_an_actual_is_one_revision_with_a_note(engine, archive) -> None:
    before, after = "Kế hoạch: tỷ lệ che phủ rừng 55%.", "Kết quả: tỷ lệ che phủ rừng đạt 55%."
    ingest(
        engine,
        archive,
        "https://a.gov.vn/1",
        before,
        [figure_in(before, "che phủ rừng 55%", "55", "%", indicator="Tỷ lệ che phủ rừng")],
    )
    actual = figure_in(
        after, "che phủ rừng đạt 55%", "55", "%", indicator="Tỷ lệ che phủ rừng", kind="actual"
    )
    result, events = ingest(engine, archive, "https://a.gov.vn/1", after, [actual], days=1)
    assert events[1:] == [("figure_revised", Decimal(55), Decimal(55), "target_as_actual")]
    assert "restated" in result.changes[1].note


def test_change_hooks_run_in_the_same_transaction(engine, archive) -> None:
    seen: list[tuple[str, int]] = []

    def hook(session, event):
        seen.append((event.kind, event.id))
        assert session.get(ChangeEvent, event.id) is event

    register_change_hook(hook)
    try:
        ingest(engine, archive, "https://a.gov.vn/kh", V1)
    finally:
        unregister_change_hook(hook)
    with session_scope(engine) as session:
        assert seen == [(e.kind, e.id) for e in session.scalars(select(ChangeEvent))]


def test_format_vn() -> None:
    assert format_vn(Decimal("2370")) == "2.370"
    assert format_vn(Decimal("3.33")) == "3,33"
    assert format_vn(Decimal("1021894.5")) == "1.021.894,5"
    assert format_vn(Decimal("-0.089")) == "-0,089"
