"""Dates, relevance, the network guard, attachment extraction and the source registry."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from crawlkit import docgen
from scrapy import Request

from chitieu.clock import to_local
from chitieu.errors import ExtractError, InputError
from crawler import attachments, dates, netguard
from crawler.adapters import ADAPTERS
from crawler.middlewares import NetworkGuardMiddleware, RefusedRequest
from crawler.relevance import Relevance
from crawler.sources import PLATFORMS, adhoc_source, load_registry, select_sources, source_from_dict
from figures import extract

SHARED = Path(__file__).resolve().parents[2].parent / "shared"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Thứ năm - 06/07/2023 22:37", "2023-07-06 22:37"),
        ("Ngày đăng 18/03/2019 | 04:01 PM", "2019-03-18 16:01"),
        ("Ngày đăng 18/03/2019 | 12:10 AM", "2019-03-18 00:10"),
        ("06/07/2023 22:37:05", "2023-07-06 22:37"),
        ("(06/07/2023)", "2023-07-06 00:00"),
        ("Cao Bằng, ngày 06 tháng 4 năm 2015", "2015-04-06 00:00"),
        ("21 tháng 09 năm 2025", "2025-09-21 00:00"),
        ("ngày 9/12/2022", "2022-12-09 00:00"),
        ("2023-07-06T22:37:00+07:00", "2023-07-06 22:37"),
        ("Thu, 06 Jul 2023 15:37:00 +0000", "2023-07-06 22:37"),
    ],
)
def test_vietnamese_dates_as_local_time(text: str, expected: str) -> None:
    assert to_local(dates.parse_datetime(text)).strftime("%Y-%m-%d %H:%M") == expected


@pytest.mark.parametrize("text", ["31/02/2023", "Đã xem: 1204", "", "Số 54/QĐ-UBND"])
def test_not_dates(text: str) -> None:
    assert dates.parse_datetime(text) is None


def test_relevance_on_link_text_slug_and_page_text() -> None:
    rel = Relevance()
    assert rel.link_is_relevant("HĐND thông qua chỉ tiêu năm 2025", "http://x/a-1.html")
    assert rel.link_is_relevant("", "http://x/news/ke-hoach-phat-trien-kinh-te-xa-hoi-nam-2025-12.html")
    assert not rel.link_is_relevant("Sôi nổi lễ hội đua ghe ngo", "http://x/news/le-hoi-1203.html")
    assert rel.document_is_relevant(
        "Tin thể thao", "Nghị quyết đề ra chỉ tiêu tăng trưởng kinh tế và kế hoạch thu ngân sách"
    )
    assert not rel.document_is_relevant("Giải việt dã", "Hơn 500 vận động viên tham gia giải chạy.")
    assert Relevance(["nông thôn mới"]).link_is_relevant("Xây dựng nông thôn mới", "http://x/a")


@pytest.mark.fault
@pytest.mark.parametrize(
    ("host", "refused"),
    [
        ("10.0.0.5", True),
        ("192.168.1.1", True),
        ("172.16.0.1", True),
        ("127.0.0.1", True),
        ("169.254.169.254", True),
        ("::1", True),
        ("localhost", True),
        ("0.0.0.0", True),
        ("203.113.131.1", False),
    ],
)
def test_private_addresses_refused(host: str, refused: bool) -> None:
    assert (netguard.private_address_reason(host) is not None) is refused


class _Spider:
    def __init__(self, *sources) -> None:
        self.sources = {s.key: s for s in sources}

    def source_for_request(self, request):
        return self.sources.get(request.meta.get("source", ""))


class _Crawler:
    def __init__(self, spider) -> None:
        self.spider = spider


def _guard(*sources) -> NetworkGuardMiddleware:
    return NetworkGuardMiddleware(_Crawler(_Spider(*sources)))


@pytest.mark.fault
def test_guard_keeps_requests_inside_the_source_and_off_private_addresses() -> None:
    public = source_from_dict({"key": "p", "province": "Đồng Nai", "base_url": "https://dongnai.gov.vn/"})
    local = adhoc_source("http://127.0.0.1:8000/news/", "Đồng Nai", allow_local=True)
    guard = _guard(public, local)
    # subdomains of the source are fine (no connection is made here: the guard only decides)
    assert guard.process_request(Request("http://127.0.0.1:8000/x", meta={"source": local.key})) is None
    cases = [
        ("https://example.org/chi-tieu.html", "p", "off-domain"),
        ("http://10.0.0.5/ke-hoach.pdf", "p", "private-address"),
        ("http://10.0.0.5/ke-hoach.pdf", local.key, "private-address"),  # local allows only its own host
        ("http://localhost/a", local.key, "off-domain"),
        ("http://evil.test/robots.txt", "", "off-domain"),
    ]
    for url, key, kind in cases:
        with pytest.raises(RefusedRequest) as refused:
            guard.process_request(Request(url, meta={"source": key}))
        assert refused.value.kind == kind, url
    loop = Request(
        "http://127.0.0.1:8000/a",
        meta={"source": local.key, "redirect_urls": ["http://127.0.0.1:8000/a", "http://127.0.0.1:8000/b"]},
    )
    with pytest.raises(RefusedRequest, match="redirect-loop"):
        guard.process_request(loop)


LINES = [
    "NGHỊ QUYẾT về kế hoạch năm 2025",
    "1. Tốc độ tăng trưởng GRDP đạt 8% trở lên.",
    "2. Tỷ lệ che phủ rừng đạt 29,2%.",
]


@pytest.mark.skipif(docgen.font_path() is None, reason="DejaVuSans.ttf missing (Debian fonts-dejavu-core)")
def test_pdf_text_layer_docx_and_scanned_pdf() -> None:
    assert attachments.extract_attachment(docgen.text_pdf(LINES)).text.splitlines() == LINES
    assert attachments.extract_attachment(docgen.docx_file(LINES)).method == "docx"
    if "vie" not in attachments.ocr_languages():
        pytest.skip("tesseract-ocr-vie not installed (deploy/install-system-deps.sh)")
    scanned = attachments.extract_attachment(docgen.scanned_pdf(LINES))
    assert scanned.method == "pdf-ocr"
    assert "GRDP đạt 8%" in scanned.text and "29,2%" in scanned.text


DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# An annex of targets: a header over two rows ("Năm 2025" over its plan and its estimate), then the data.
ANNEX_ROWS = [
    ["STT", "Chỉ tiêu", "Đơn vị tính", "Năm 2025", "", "Kế hoạch năm 2026"],
    ["", "", "", "Kế hoạch", "Ước thực hiện", ""],
    ["1", "Tốc độ tăng trưởng GRDP", "%", "8", "8,2", "10"],
    ["2", "Thu ngân sách nhà nước trên địa bàn", "Tỷ đồng", "3.000", "3.150", "3.500"],
]
ANNEX_FIGURES = [
    ("grdp_growth", Decimal("8"), "target", "2025"),
    ("grdp_growth", Decimal("8.2"), "actual", "2025"),
    ("grdp_growth", Decimal("10"), "target", "2026"),
    ("budget_revenue", Decimal("3000"), "target", "2025"),
    ("budget_revenue", Decimal("3150"), "actual", "2025"),
    ("budget_revenue", Decimal("3500"), "target", "2026"),
]


def _annex_figures(text: str) -> list[tuple[str | None, Decimal, str, str | None]]:
    return [(f.indicator_id, f.value, f.kind, f.period) for f in extract(text)]


@pytest.mark.skipif(docgen.font_path() is None, reason="DejaVuSans.ttf missing (Debian fonts-dejavu-core)")
def test_a_ruled_pdf_table_keeps_its_columns_and_its_place() -> None:
    spans = [((3, 0), (4, 0)), ((0, 0), (0, 1)), ((1, 0), (1, 1)), ((2, 0), (2, 1)), ((5, 0), (5, 1))]
    pdf = docgen.table_pdf(
        ["PHỤ LỤC", "Các chỉ tiêu chủ yếu năm 2026"], ANNEX_ROWS, ["Ghi chú: số ước."], spans
    )
    extracted = attachments.extract_attachment(pdf, "application/pdf")
    lines = extracted.text.splitlines()
    assert lines[:2] == ["PHỤ LỤC", "Các chỉ tiêu chủ yếu năm 2026"] and lines[-1] == "Ghi chú: số ước."
    assert "| 1 | Tốc độ tăng trưởng GRDP | % | 8 | 8,2 | 10 |" in lines
    assert _annex_figures(extracted.text) == ANNEX_FIGURES


@pytest.mark.skipif(docgen.font_path() is None, reason="DejaVuSans.ttf missing (Debian fonts-dejavu-core)")
def test_a_page_whose_tables_cannot_be_found_is_still_read_as_text(monkeypatch: pytest.MonkeyPatch) -> None:
    import pdfplumber.page

    def fails(*_args: object, **_kwargs: object) -> None:
        raise ValueError("table finder failed on this page")

    monkeypatch.setattr(pdfplumber.page.Page, "find_tables", fails)
    assert attachments._pdf(docgen.text_pdf(LINES)).text.splitlines() == LINES


def test_a_docx_table_stays_between_its_paragraphs_with_merged_cells_once() -> None:
    merge = [((0, 3), (0, 4)), ((0, 0), (1, 0)), ((0, 1), (1, 1)), ((0, 2), (1, 2)), ((0, 5), (1, 5))]
    body = docgen.table_docx(["PHỤ LỤC"], ANNEX_ROWS, ["Ghi chú."], merge)
    extracted = attachments.extract_attachment(body, DOCX_TYPE)
    lines = extracted.text.splitlines()
    assert lines[0] == "PHỤ LỤC" and lines[-1] == "Ghi chú."
    assert lines[1] == "STT\tChỉ tiêu\tĐơn vị tính\tNăm 2025\t\tKế hoạch năm 2026"
    assert _annex_figures(extracted.text) == ANNEX_FIGURES


@pytest.mark.fault
@pytest.mark.parametrize(
    "body",
    [
        b"%PDF-1.4\n1 0 obj << /Type /Catalog",
        b"%PDF-1.4\ngarbage\n%%EOF",
        b"PK\x03\x04not a zip",
        b"\x00\x01\x02",
    ],
)
def test_broken_attachments_are_clear_errors(body: bytes) -> None:
    with pytest.raises(ExtractError):
        attachments.extract_attachment(body, "application/octet-stream")


def test_shipped_registry_covers_the_34_provinces() -> None:
    sources = load_registry()
    assert len({s.key for s in sources}) == len(sources)
    provinces = {s.current_province or s.province for s in sources}
    if SHARED.exists():
        reference = json.loads((SHARED / "reference" / "provinces.json").read_text(encoding="utf-8"))
        assert provinces == {u["name"] for u in reference["units"]}
        evidenced = {
            d
            for old in reference["old_units"]
            for v in old["domains"].values()
            for d in ([v] if isinstance(v, str) else v or [])
        }
        for s in sources:
            host = s.base_url.split("//", 1)[1].split("/", 1)[0].removeprefix("www.")
            if s.verified or s.enabled:
                assert any(d.startswith(host) for d in evidenced), s.key  # only evidenced domains are used
    else:
        assert len(provinces) == 34
    assert [s.key for s in select_sources(sources, provinces=["yen bai"])] == ["lao-cai-portal-yen-bai"]
    assert all(not s.enabled for s in sources if "guessed" in (s.notes or ""))


def test_every_adapter_is_a_platform_a_source_may_name() -> None:
    assert set(PLATFORMS) == {"auto", *ADAPTERS}
    for platform in PLATFORMS:  # --start-url ... --platform NAME accepts each of them
        assert adhoc_source("https://tinh.gov.vn/tin-tuc/", "Kon Tum", platform).platform == platform


def test_registry_rejects_bad_entries(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="unknown platform"):
        source_from_dict(
            {"key": "x", "province": "Huế", "base_url": "https://hue.gov.vn/", "platform": "joomla"}
        )
    with pytest.raises(InputError, match="unknown keys"):
        source_from_dict({"key": "x", "province": "Huế", "base_url": "https://hue.gov.vn/", "url": "x"})
    bad = tmp_path / "r.yaml"
    bad.write_text(
        "sources: [{key: a, province: Huế, base_url: 'https://a/'}, {key: a, province: Huế, base_url: 'https://b/'}]"
    )
    with pytest.raises(InputError, match="duplicate"):
        load_registry(bad)
    assert dates.parse_date("ngày 9/12/2022") == date(2022, 12, 9)
