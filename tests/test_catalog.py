"""The indicator catalog: bundled data, accent/typo-tolerant matching, archivist extensions, validation."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from figures.catalog import (
    BUNDLED_PATH,
    CATEGORIES,
    ENV_VAR,
    Catalog,
    default_catalog,
    normalise,
    unit_kind,
)


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return Catalog.load(env=False)


def matched_id(catalog: Catalog, text: str, unit: str | None = None, parent: str | None = None) -> str | None:
    found = catalog.match(text, unit=unit, parent=parent)
    return found.indicator.id if found else None


def write(tmp_path: Path, name: str, body: str) -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    return path


# ───────────────────────────── the bundled data ─────────────────────────────


def test_bundled_catalog_is_broad_and_well_formed(catalog: Catalog) -> None:
    indicators = list(catalog)
    assert len(catalog) == len(indicators) >= 60
    assert all(ind.aliases for ind in indicators)
    assert {ind.category for ind in indicators} == set(CATEGORIES)
    for ind in indicators:
        assert ind.parent is None or catalog.get(ind.parent) is not None, ind.id
        assert ind.name_vi and ind.name_en, ind.id
    assert catalog.get("grdp_growth") is not None
    assert catalog.get("no_such_indicator") is None


def test_default_catalog_is_loaded_once() -> None:
    assert default_catalog() is default_catalog()
    assert len(default_catalog()) >= 60


def test_catalog_does_not_import_the_rest_of_chitieu() -> None:
    code = (
        "import sys, figures.catalog\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in {'chitieu', 'storage', 'monitor', 'crawler'}]\n"
        "assert not bad, bad\n"
    )
    root = Path(__file__).resolve().parents[1]
    subprocess.run([sys.executable, "-c", code], check=True, cwd=root)


# ───────────────────────────── matching ─────────────────────────────


@pytest.mark.parametrize(
    "text", ["ty le che phu rung", "TỶ LỆ CHE PHỦ RỪNG", "Tỷ lệ che phủ rừng", "tỉ lệ  che phủ rừng"]
)
def test_matching_ignores_accents_case_and_spacing(catalog: Catalog, text: str) -> None:
    assert matched_id(catalog, text) == "forest_cover"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ty le che phu rumg", "forest_cover"),
        ("Tỷ lệ hộ nghoè", "poverty_rate"),
        ("tổng vốn đầu tư pháttriển toàn xã hội", "total_social_investment"),
        ("tỷ lệ dân số tham gia bảo hiểm y tếe", "health_insurance_coverage"),
        ("kim ngạch nhập khẩu đăng ký tại địa bànn", "registered_import"),
    ],
)
def test_matching_tolerates_typos(catalog: Catalog, text: str, expected: str) -> None:
    found = catalog.match(text)
    assert found is not None and found.indicator.id == expected
    assert 0 < found.score <= 100


@pytest.mark.parametrize(
    ("text", "expected", "wrong"),
    [
        ("kim ngach xuat khau dang ky", "registered_export", {"registered_import", "import_export_total"}),
        ("kim ngach nhap khau dang ky", "registered_import", {"registered_export", "import_export_total"}),
        (
            "Kim ngạch xuất khẩu đăng ký tại địa bàn",
            "registered_export",
            {"registered_import", "export_value"},
        ),
        (
            "kim ngạch nhập khẩu đăng ký tại địa bàn",
            "registered_import",
            {"registered_export", "import_value"},
        ),
        ("tổng kim ngạch xuất nhập khẩu", "import_export_total", {"registered_export", "registered_import"}),
        ("ty le ho ngheo", "poverty_rate", {"near_poverty_rate"}),
        ("ty le ho can ngheo", "near_poverty_rate", {"poverty_rate"}),
        ("truong mam non dat chuan quoc gia", "kindergarten_standard_rate", {"primary_standard_rate"}),
        ("truong tieu hoc dat chuan quoc gia", "primary_standard_rate", {"kindergarten_standard_rate"}),
        (
            "trường trung học cơ sở đạt chuẩn",
            "lower_secondary_standard_rate",
            {"upper_secondary_standard_rate"},
        ),
        (
            "trường trung học phổ thông đạt chuẩn",
            "upper_secondary_standard_rate",
            {"lower_secondary_standard_rate"},
        ),
        ("tỷ lệ trẻ em suy dinh dưỡng thể thấp còi", "child_stunting", {"child_malnutrition"}),
        ("tỷ lệ trẻ em suy dinh dưỡng", "child_malnutrition", {"child_stunting"}),
        ("dân cư nông thôn sử dụng nước hợp vệ sinh", "rural_hygienic_water", {"urban_clean_water"}),
        ("dân cư thành thị sử dụng nước sạch", "urban_clean_water", {"rural_hygienic_water"}),
    ],
)
def test_near_identical_indicators_stay_apart(
    catalog: Catalog, text: str, expected: str, wrong: set[str]
) -> None:
    assert matched_id(catalog, text) == expected
    assert matched_id(catalog, text) not in wrong


@pytest.mark.parametrize(
    ("text", "wrong"),
    [
        # misspelt or partial names of a specific indicator: no id is fine, a neighbour's id is not
        (
            "kim ngach xuat khau dang kys tai dia ban",
            {"export_value", "registered_import", "import_export_total"},
        ),
        (
            "kim ngach nhap khau dang kys tai dia ban",
            {"import_value", "registered_export", "import_export_total"},
        ),
        ("ty le ho can nghoe", {"poverty_rate"}),
        ("truong mam non", {"primary_standard_rate", "national_standard_schools"}),
        ("truong tieu hoc", {"kindergarten_standard_rate", "national_standard_schools"}),
        ("chỉ tiêu đạt bình quân", {"new_rural_criteria_per_commune", "new_rural_criteria"}),
    ],
)
def test_near_misses_never_take_a_neighbours_id(catalog: Catalog, text: str, wrong: set[str]) -> None:
    assert matched_id(catalog, text) not in wrong


REAL_PHRASES = [
    ("Tốc độ tăng trưởng kinh tế (GRDP) đạt", "%", "grdp_growth"),
    ("Tổng sản phẩm trên địa bàn tỉnh (GRDP) tăng", "%", "grdp_growth"),
    ("Tốc độ tăng trưởng kinh tế bình quân 5 năm", "%", "grdp_growth"),
    ("GRDP bình quân đầu người đạt", "triệu đồng", "grdp_per_capita"),
    ("Thu nhập bình quân đầu người/năm", "triệu đồng", "grdp_per_capita"),
    ("Cơ cấu kinh tế: nông, lâm nghiệp và thủy sản chiếm", "%", "economic_structure_agriculture"),
    ("Tỷ trọng khu vực dịch vụ trong GRDP", "%", "economic_structure_services"),
    ("Thu nội địa", "tỷ đồng", "budget_domestic_revenue"),
    ("Tổng thu ngân sách nhà nước trên địa bàn ước đạt", "tỷ đồng", "budget_revenue"),
    ("thu từ hoạt động xuất, nhập khẩu", "tỷ đồng", "budget_import_export_revenue"),
    ("Chi ngân sách địa phương", "tỷ đồng", "local_budget_spending"),
    ("Huy động vốn đầu tư phát triển toàn xã hội", "tỷ đồng", "total_social_investment"),
    ("Giải ngân vốn đầu tư công năm 2024", "%", "public_investment_disbursement"),
    ("Kim ngạch xuất khẩu hàng hóa", "triệu USD", "export_value"),
    ("Tổng kim ngạch xuất nhập khẩu qua các cửa khẩu trên địa bàn", "triệu USD", "import_export_total"),
    ("Giá trị hàng hóa giám sát qua địa bàn", "triệu USD", "supervised_goods_value"),
    ("Giá trị sản xuất công nghiệp (giá so sánh 2010)", "tỷ đồng", "industrial_production_value"),
    ("Sản lượng lương thực có hạt", "nghìn tấn", "grain_output"),
    ("Tỷ lệ che phủ rừng (không tính cây cao su)", "%", "forest_cover"),
    ("Diện tích trồng rừng mới tập trung", "ha", "new_planted_forest"),
    ("Diện tích cây dược liệu", "ha", "medicinal_plant_area"),
    ("Tổng đàn gia súc", "con", "livestock_herd"),
    ("Tỷ lệ hộ nghèo theo chuẩn nghèo đa chiều giảm", "%", "poverty_rate"),
    ("Tỷ lệ lao động qua đào tạo", "%", "trained_labour_rate"),
    ("Số lao động được giải quyết việc làm mới", "lao động", "jobs_created"),
    ("Tỷ lệ thất nghiệp khu vực thành thị", "%", "urban_unemployment_rate"),
    ("Tỷ lệ tăng dân số tự nhiên", "%", "natural_population_growth"),
    ("Mức giảm tỷ lệ sinh", "‰", "birth_rate_reduction"),
    ("Dân số trung bình", "nghìn người", "average_population"),
    ("Số bác sĩ/vạn dân", "bác sĩ/vạn dân", "doctors_per_10k"),
    ("Số bác sỹ trên 1 vạn dân", "bác sỹ", "doctors_per_10k"),
    ("Số giường bệnh/10.000 dân", "giường", "hospital_beds_per_10k"),
    ("Tỷ lệ trạm y tế xã có bác sĩ làm việc", "%", "commune_health_station_doctor"),
    ("Tỷ lệ xã đạt Bộ tiêu chí quốc gia về y tế", "%", "commune_health_criteria"),
    ("Tỷ lệ dân số tham gia bảo hiểm y tế", "%", "health_insurance_coverage"),
    ("Tỷ lệ dân số tham gia BHYT", "%", "health_insurance_coverage"),
    ("Tỷ lệ trẻ em dưới 5 tuổi suy dinh dưỡng thể thấp còi", "%", "child_stunting"),
    ("Tỷ lệ trường mầm non đạt chuẩn quốc gia", "%", "kindergarten_standard_rate"),
    ("Số trường THCS đạt chuẩn quốc gia", "%", "lower_secondary_standard_rate"),
    ("Tỷ lệ học sinh tốt nghiệp THCS đi học nghề", "%", "students_to_vocational"),
    ("có thêm xã đạt chuẩn nông thôn mới", "xã", "new_rural_communes"),
    ("Phấn đấu có thêm xã đạt chuẩn NTM", "xã", "new_rural_communes"),
    ("Bình quân tiêu chí/xã", "tiêu chí", "new_rural_criteria_per_commune"),
    ("Số sản phẩm OCOP đạt 3 sao trở lên", "sản phẩm", "ocop_products"),
    ("Tỷ lệ hộ gia đình đạt danh hiệu gia đình văn hóa", "%", "cultural_families"),
    ("Tỷ lệ thôn, bản, tổ dân phố đạt danh hiệu văn hóa", "%", "cultural_villages"),
    ("Tỷ lệ cơ quan, đơn vị đạt chuẩn văn hóa", "%", "cultural_agencies"),
    ("Tỷ lệ thôn, bản có nhà văn hóa", "%", "cultural_house_villages"),
    ("Tỷ lệ dân cư đô thị được cung cấp nước sạch", "%", "urban_clean_water"),
    ("Tỷ lệ dân cư nông thôn sử dụng nước sinh hoạt hợp vệ sinh", "%", "rural_hygienic_water"),
    ("Đón lượt khách du lịch", "triệu lượt", "tourists"),
    ("Tổng thu từ du lịch", "tỷ đồng", "tourism_revenue"),
    ("Số doanh nghiệp thành lập mới", "doanh nghiệp", "new_enterprises"),
    ("Tỷ lệ đô thị hóa", "%", "urbanisation_rate"),
    ("Tỷ lệ chất thải rắn sinh hoạt ở đô thị được thu gom, xử lý", "%", "urban_waste_collection"),
    ("Tỷ lệ chất thải rắn sinh hoạt khu vực nông thôn được thu gom", "%", "rural_waste_collection"),
    ("Tỷ lệ khu công nghiệp có hệ thống xử lý nước thải tập trung", "%", "industrial_park_wastewater"),
    ("Số hộ chăn nuôi di dời chuồng trại ra khỏi gầm sàn nhà", "hộ", "livestock_out_of_stilt_houses"),
    ("Tỷ lệ hộ đồng bào dân tộc thiểu số có đất sản xuất", "%", "ethnic_minority_production_land"),
    ("Tỷ lệ tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ", "%", "party_orgs_good"),
    ("Tỷ lệ đảng viên được đánh giá, xếp loại hoàn thành tốt nhiệm vụ trở lên", "%", "party_members_good"),
    ("Kết nạp mới đảng viên", "đảng viên", "new_party_members"),
    ("Tỷ lệ xã, phường, thị trấn đạt tiêu chuẩn an toàn về ANTT", "%", "security_safe_units"),
    ("Xã, phường vững mạnh về phong trào toàn dân bảo vệ an ninh Tổ quốc", "%", "security_movement_strong"),
    ("Kéo giảm tai nạn giao thông trên cả 3 tiêu chí", "%", "traffic_accidents"),
    ("Tỷ lệ hộ dân được sử dụng điện lưới quốc gia", "%", "electrification"),
    ("Chỉ số năng lực cạnh tranh cấp tỉnh (PCI)", "điểm", "pci_score"),
    (
        "Chỉ số năng lực cạnh tranh cấp tỉnh (PCI)",
        "thứ hạng",
        "pci_rank",
    ),  # a rank (the parser passes "thứ hạng")
    ("chỉ số chuyển đổi số", "thứ hạng", "dti_rank"),
]


@pytest.mark.parametrize(("text", "unit", "expected"), REAL_PHRASES)
def test_real_document_phrasings(catalog: Catalog, text: str, unit: str, expected: str) -> None:
    assert matched_id(catalog, text, unit) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "năm 2020",
        "Đang truy cập",
        "lần thứ 20",
        "khóa XIX",
        "chỉ tiêu đạt",
        "mức đạt so với mục tiêu",
    ],
)
def test_text_that_names_no_indicator_gets_no_id(catalog: Catalog, text: str) -> None:
    assert catalog.match(text) is None
    assert catalog.match(text, unit="%") is None  # a unit never forces a match


@pytest.mark.parametrize(
    ("text", "unit", "expected"),
    [
        ("xã đạt chuẩn nông thôn mới", "xã", "new_rural_communes"),
        ("xã đạt chuẩn nông thôn mới", "%", "new_rural_communes_rate"),
        ("trường đạt chuẩn quốc gia", "trường", "national_standard_schools"),
        ("trường đạt chuẩn quốc gia", "%", "national_standard_schools_rate"),
        ("Tổng sản phẩm trên địa bàn (GRDP)", "%", "grdp_growth"),
        ("Tổng sản phẩm trên địa bàn (GRDP)", "nghìn tỷ đồng", "grdp_size"),
        ("đào tạo nghề", "%", "vocational_training_rate"),
        ("đào tạo nghề", "lao động", "vocational_trainees"),
        ("Tỷ lệ che phủ rừng", "ha", "forest_cover"),  # a unit of another type does not undo a match
    ],
)
def test_unit_breaks_ties_between_units_of_the_same_topic(
    catalog: Catalog, text: str, unit: str, expected: str
) -> None:
    assert matched_id(catalog, text, unit) == expected


@pytest.mark.parametrize(
    ("text", "parent", "expected"),
    [
        ("Dịch vụ", "grdp_growth", "grdp_growth_services"),
        ("Nông, lâm, ngư nghiệp", "grdp_growth", "grdp_growth_agriculture"),
        ("Công nghiệp - xây dựng", "economic_structure", "economic_structure_industry"),
        ("Dịch vụ", "economic_structure", "economic_structure_services"),
        ("mầm non", "national_standard_schools_rate", "kindergarten_standard_rate"),
        ("Dịch vụ", None, None),  # alone, a sector name is ambiguous: no id
        ("Nông, lâm, ngư nghiệp", None, None),
    ],
)
def test_short_sub_figure_names_need_their_parent(
    catalog: Catalog, text: str, parent: str | None, expected: str | None
) -> None:
    assert matched_id(catalog, text, "%", parent) == expected


@pytest.mark.parametrize(
    ("raw", "kind"),
    [
        ("%", "percent"),
        ("‰", "per_mille"),
        ("%o", "per_mille"),
        ("tỷ đồng", "vnd"),
        ("triệu đồng/người", "vnd"),
        ("triệu USD", "usd"),
        ("ngàn tấn", "tonne"),
        ("hộ", "household"),
        ("xã", "commune"),
        ("bác sỹ/vạn dân", "doctor_per_10k"),
        ("giường bệnh/1 vạn dân", "bed_per_10k"),
        ("triệu lượt khách du lịch", "visit"),
        ("lao động", "person"),
        ("tiêu chí/xã", "criterion"),
        ("đảng viên", "party_member"),
        ("lần", None),
        ("", None),
    ],
)
def test_unit_kind(raw: str, kind: str | None) -> None:
    assert unit_kind(raw) == kind


def test_normalise_unifies_spelling_variants() -> None:
    assert normalise("Số bác sỹ/1 vạn dân") == normalise("số bác sĩ trên một vạn dân").replace(" tren", "")
    assert normalise("Tỉ lệ trường THCS") == normalise("tỷ lệ trường trung học cơ sở")


# ───────────────────────────── search ─────────────────────────────


@pytest.mark.parametrize(
    "query",
    ["grdp binh quan dau nguoi", "GRDP bình quân đầu người", "grdp binh quan dau ngoui", "grdp_per_capita"],
)
def test_search_finds_grdp_per_capita_first(catalog: Catalog, query: str) -> None:
    results = catalog.search(query)
    assert results and results[0].indicator.id == "grdp_per_capita"
    assert len({r.indicator.id for r in results}) == len(results)


def test_search_ranks_and_limits(catalog: Catalog) -> None:
    assert catalog.search("forest cover")[0].indicator.id == "forest_cover"
    assert catalog.search("che phu rung", limit=3)[0].indicator.id == "forest_cover"
    assert len(catalog.search("ty le", limit=3)) <= 3
    assert catalog.search("") == []


# ───────────────────────────── archivist extensions and bad data ─────────────────────────────


def test_extension_file_from_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    extra = write(
        tmp_path,
        "extra.yaml",
        """\
        indicators:
          - id: coffee_area
            name_vi: Diện tích cà phê
            name_en: Coffee area
            category: kinh tế
            unit: ha
            aliases: [diện tích cà phê, diện tích cây cà phê]
          - id: forest_cover
            aliases: [độ phủ xanh của rừng]
        """,
    )
    more = write(
        tmp_path,
        "more.yaml",
        """\
        - id: arabica_area
          name_vi: Diện tích cà phê chè
          parent: coffee_area
          aliases: [cà phê chè, cà phê Arabica]
        """,
    )
    monkeypatch.setenv(ENV_VAR, os.pathsep.join([str(extra), str(more)]))
    extended = Catalog.load()
    bundled = Catalog.load(env=False)
    assert len(extended) == len(bundled) + 2
    assert matched_id(extended, "Diện tích cây cà phê") == "coffee_area"
    assert matched_id(extended, "Diện tích cà phê Arabica") == "arabica_area"
    assert extended.get("arabica_area").parent == "coffee_area"
    assert matched_id(extended, "Độ phủ xanh của rừng") == "forest_cover"
    assert matched_id(extended, "Tỷ lệ che phủ rừng") == "forest_cover"  # the bundled aliases stay
    assert matched_id(bundled, "Diện tích cây cà phê") is None


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            """\
            indicators:
              - {id: tea_output, name_vi: Sản lượng chè, aliases: [sản lượng chè]}
              - {id: tea_output, name_vi: Sản lượng chè búp, aliases: [sản lượng chè búp]}
            """,
            r"duplicate indicator id 'tea_output'",
        ),
        (
            """\
            indicators:
              - {id: tea_output, name_vi: Sản lượng chè, parent: tea_everything, aliases: [sản lượng chè]}
            """,
            r"'tea_output': parent 'tea_everything' is not a known id",
        ),
        (
            """\
            indicators:
              - {id: tea_output, name_vi: Sản lượng chè, category: nông nghiệp, aliases: [sản lượng chè]}
            """,
            r"'tea_output': unknown category 'nông nghiệp'",
        ),
        (
            """\
            indicators:
              - {id: tea_output, name_vi: Sản lượng chè, aliases: []}
            """,
            r"'tea_output': 'aliases' must be a non-empty list",
        ),
        (
            """\
            indicators:
              - {id: tea_a, name_vi: A, parent: tea_b, aliases: [chè a]}
              - {id: tea_b, name_vi: B, parent: tea_a, aliases: [chè b]}
            """,
            r"parent cycle",
        ),
        (
            """\
            indicators:
              - {id: tea_output, name_vi: Sản lượng chè, alias: [sản lượng chè]}
            """,
            r"'tea_output': unknown key\(s\) alias",
        ),
        (
            """\
            indicators:
              - {id: Tea Output, name_vi: Sản lượng chè, aliases: [sản lượng chè]}
            """,
            r"snake_case",
        ),
        (
            """\
            indicators:
              - {id: forest_cover, unit: ha, aliases: [rừng phủ]}
            """,
            r"'forest_cover' is already defined .* may only add aliases, not set unit",
        ),
        ("indicators: [unclosed\n", r"not valid YAML"),
    ],
)
def test_bad_catalog_files_are_refused_with_a_clear_error(tmp_path: Path, body: str, message: str) -> None:
    broken = write(tmp_path, "broken.yaml", body)
    with pytest.raises(ValueError, match=message) as excinfo:
        Catalog.load(BUNDLED_PATH, broken, env=False)  # read after the bundled file, as an extension is
    assert str(broken) in str(excinfo.value)


def test_missing_extension_file_names_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    missing = tmp_path / "nowhere.yaml"
    monkeypatch.setenv(ENV_VAR, str(missing))
    with pytest.raises(ValueError, match=r"nowhere\.yaml"):
        Catalog.load()


def test_a_share_that_does_not_complete_its_tasks_is_not_the_share_that_does() -> None:
    catalog = default_catalog()
    good = catalog.match("tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ trở lên", unit="%")
    assert good is not None and good.indicator.id == "party_orgs_good"
    assert catalog.match("tổ chức cơ sở đảng không hoàn thành nhiệm vụ", unit="%") is None


def test_a_fuzzy_match_needs_more_than_one_shared_word_in_the_wrong_order_or_a_same_length_slip() -> None:
    catalog = default_catalog()
    assert catalog.match("Số liệu quý I/2026 được đánh giá lại", unit="%") is None  # "được ... liệu"
    assert catalog.match("Diện tích cây lâu năm hiện có", unit="ha") is None  # "lâu" is no slip of "lúa"
    herbs = catalog.match("diện tích cây dược liệu", unit="ha")
    assert herbs is not None and herbs.indicator.id == "medicinal_plant_area"
