"""The figure identity key: what makes two statements "the same figure"."""

from __future__ import annotations

from decimal import Decimal

from figures.model import Figure
from storage.identity import identity_key, indicator_key, normalise_name, unit_dimension, without_kind


def fig(indicator: str, unit: str = "%", **fields) -> Figure:
    fields.setdefault("period", "2024")
    return Figure(indicator=indicator, value=Decimal(1), unit=unit, span=(0, 1), quote="x", **fields)


def test_filler_words_and_punctuation_do_not_change_the_identity() -> None:
    plain = fig("Tỷ lệ che phủ rừng")
    assert identity_key(7, fig("Phấn đấu đạt: tỷ lệ che phủ rừng")) == identity_key(7, plain)
    assert identity_key(7, fig("TỶ LỆ CHE PHỦ RỪNG,")) == identity_key(7, plain)


def test_filler_removal_keeps_words_that_only_look_alike_once_folded() -> None:
    assert normalise_name("Tỷ lệ cơ quan đạt tiêu chuẩn văn hóa") == "ty le co quan tieu chuan van hoa"
    assert normalise_name("Có 2 xã") != normalise_name("Cơ 2 xã")


def test_percent_of_households_and_number_of_households_are_different_figures() -> None:
    share = fig("số hộ chăn nuôi đưa gia súc ra khỏi gầm sàn nhà", "%")
    count = fig("hộ chăn nuôi đưa gia súc ra khỏi gầm sàn nhà", "hộ")
    assert indicator_key(share) == indicator_key(count)
    assert identity_key(3, share) != identity_key(3, count)


def test_canonical_unit_wins_over_spelling() -> None:
    a = fig("thu ngân sách", "tỷ đồng", unit_canonical="VND", scale=1e9)
    b = fig("thu ngân sách", "nghìn tỷ đồng", unit_canonical="VND", scale=1e12)
    assert identity_key(1, a) == identity_key(1, b)


def test_unit_spellings_fold_when_the_parser_has_no_canonical_unit() -> None:
    assert unit_dimension("%o", None) == unit_dimension("‰", None)
    assert unit_dimension("ngàn tấn", None) == unit_dimension("nghìn tấn", None)
    assert unit_dimension("bác sỹ/1 vạn dân", None) == unit_dimension("bác sĩ/vạn dân", None)


def test_province_period_and_kind_each_distinguish() -> None:
    base = identity_key(1, fig("GRDP"))
    assert identity_key(2, fig("GRDP")) != base
    assert identity_key(1, fig("GRDP", period="2025")) != base
    assert identity_key(1, fig("GRDP", kind="actual")) != base
    assert without_kind(identity_key(1, fig("GRDP", kind="actual"))) == without_kind(base)


def test_catalog_id_is_the_indicator_when_known() -> None:
    a = fig("Tổng sản phẩm trên địa bàn (GRDP)", indicator_id="grdp_growth")
    b = fig("Tốc độ tăng trưởng kinh tế", indicator_id="grdp_growth")
    assert identity_key(1, a) == identity_key(1, b)
    assert indicator_key(a) == "id:grdp_growth"


def test_parent_qualifies_a_sub_figure_only_without_its_own_catalog_id() -> None:
    parent_budget, parent_grdp = fig("Thu ngân sách"), fig("GRDP")
    service = fig("Dịch vụ")
    assert identity_key(1, service, parent_budget) != identity_key(1, service, parent_grdp)
    with_id = fig("Dịch vụ", indicator_id="grdp_services")
    assert identity_key(1, with_id, parent_budget) == identity_key(1, with_id, parent_grdp)


def test_unknown_province_and_period_are_explicit() -> None:
    key = identity_key(None, fig("GRDP", period=None))
    assert key.startswith("-|") and "|-|" in key


def test_long_names_stay_bounded_and_distinct() -> None:
    long_a = "chỉ tiêu " * 60 + "a"
    long_b = "chỉ tiêu " * 60 + "b"
    key_a, key_b = identity_key(1, fig(long_a)), identity_key(1, fig(long_b))
    assert key_a != key_b
    assert len(key_a) <= 600
