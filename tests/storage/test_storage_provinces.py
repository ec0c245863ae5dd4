"""Province lookups across the 2025 merger: old and new names, accents optional."""

from __future__ import annotations

from datetime import date

from storage.db import session_scope
from storage.provinces import ProvinceDirectory, display_name, fold_province, load_reference


def test_reference_has_34_current_and_63_old_units() -> None:
    reference = load_reference()
    assert len(reference["units"]) == 34
    assert len(reference["old_units"]) == 63
    current = {u["name"] for u in reference["units"]}
    assert all(o["merged_into"] in current for o in reference["old_units"])


def test_names_are_found_with_or_without_accents_and_prefixes(engine) -> None:
    with session_scope(engine) as session:
        directory = ProvinceDirectory(session)
        assert directory.find("cao bang").name == "Cao Bằng"
        assert directory.find("Tỉnh Cao Bằng").name == "Cao Bằng"
        assert directory.find("TP. Hồ Chí Minh").name == "Hồ Chí Minh"
        assert directory.find("Thừa Thiên Huế").name == "Huế"
        assert directory.find("Atlantis") is None


def test_absorbed_unit_points_to_its_successor_with_the_date(engine) -> None:
    with session_scope(engine) as session:
        ha_giang = ProvinceDirectory(session).find("ha giang")
        assert ha_giang.merged_into.name == "Tuyên Quang"
        assert ha_giang.merged_on == date(2025, 7, 1)
        assert display_name(ha_giang) == "Hà Giang (nay Tuyên Quang)"


def test_a_current_province_covers_the_units_merged_into_it(engine) -> None:
    with session_scope(engine) as session:
        directory = ProvinceDirectory(session)
        tuyen_quang, ha_giang = directory.find("Tuyên Quang"), directory.find("Hà Giang")
        assert set(directory.covering_ids("tuyen quang")) == {tuyen_quang.id, ha_giang.id}
        assert directory.covering_ids("Hà Giang") == [ha_giang.id]
        assert len(directory.covering_ids("Hồ Chí Minh")) == 3


def test_unknown_name_is_kept_as_its_own_unit(engine) -> None:
    with session_scope(engine) as session:
        directory = ProvinceDirectory(session)
        created = directory.get_or_create("Tỉnh Mới Lập")
        assert created.id is not None
        assert directory.get_or_create("tinh moi lap") is created


def test_fold_province() -> None:
    assert fold_province("Thành phố Đà Nẵng") == "da nang"
    assert fold_province("Bà Rịa - Vũng Tàu") == "ba ria vung tau"
