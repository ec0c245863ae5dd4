"""Legacy TCVN3 and VNI-Windows text: detected by byte patterns and font names, converted to NFC Unicode
before parsing, wherever text is decoded (loader/ingest, crawled pages, DOCX/PDF/plain attachments)."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from crawlkit import docgen
from crawlkit.registry import source_entry
from crawlkit.server import Resource, Site
from faultkit import run_crawl
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

import figures
from crawler import attachments
from figures import legacy
from figures.loader import text_from_bytes
from storage.models import Document, DocumentVersion

pytestmark = pytest.mark.fault

# Our own sentences, with every Vietnamese vowel/tone the tables hold.
PLAN = [
    "NGHỊ QUYẾT về kế hoạch phát triển kinh tế - xã hội năm 2026",
    "Tốc độ tăng trưởng tổng sản phẩm trên địa bàn (GRDP) đạt từ 8% trở lên.",
    "Thu ngân sách nhà nước trên địa bàn đạt 2.150 tỷ đồng.",
    "Tỷ lệ che phủ rừng duy trì ở mức 55,3%.",
    "Tỷ lệ hộ nghèo giảm 2,5% so với cuối năm trước.",
]
PANGRAM = (
    "à á ả ã ạ ă ằ ắ ẳ ẵ ặ â ầ ấ ẩ ẫ ậ đ è é ẻ ẽ ẹ ê ề ế ể ễ ệ ì í ỉ ĩ ị ò ó ỏ õ ọ ô ồ ố ổ ỗ ộ ơ ờ ớ ở ỡ ợ "
    "ù ú ủ ũ ụ ư ừ ứ ử ữ ự ỳ ý ỷ ỹ ỵ Ă Â Đ Ê Ô Ơ Ư"
)
VNI_UPPER = "ĐẮK LẮK, ĐÀ NẴNG, QUẢNG NGÃI, THỪA THIÊN HUẾ, BÌNH ĐỊNH, KỲ ANH, VỊ THANH, ỶM, ỴA"


def _figures(text: str) -> list[tuple[str, str | None, str]]:
    return sorted((str(f.value), f.unit, f.comparator or "=") for f in figures.extract(text, period="2026"))


EXPECTED = _figures("\n".join(PLAN))


def test_tcvn3_table_is_the_standard_one() -> None:
    if shutil.which("iconv") is None:
        pytest.skip("iconv not installed")
    data = bytes(range(0x80, 0x100))
    done = subprocess.run(["iconv", "-f", "TCVN5712-1", "-t", "UTF-8"], input=data, capture_output=True)
    if done.returncode != 0:
        pytest.skip("this iconv has no TCVN5712-1 table")
    assert legacy.tcvn3_to_unicode(data.decode("latin-1")) == unicodedata.normalize(
        "NFC", done.stdout.decode()
    )


@pytest.mark.parametrize(
    ("encode", "decode", "reading"),
    [
        (legacy.unicode_to_tcvn3, legacy.tcvn3_to_unicode, "latin-1"),
        (legacy.unicode_to_tcvn3, legacy.tcvn3_to_unicode, "cp1252"),
        (legacy.unicode_to_vni, legacy.vni_to_unicode, "cp1252"),
    ],
)
def test_round_trip_of_every_letter(encode, decode, reading) -> None:
    text = "\n".join([PANGRAM, *PLAN])
    raw = encode(text)
    assert raw.isascii() is False and "ư" not in raw.decode(reading, "replace")
    assert decode(raw.decode(reading, "replace")) == text


def test_vni_capitals() -> None:
    assert legacy.vni_to_unicode(legacy.unicode_to_vni(VNI_UPPER).decode("cp1252")) == VNI_UPPER


def test_detection_from_bytes_and_font_names() -> None:
    tcvn3 = legacy.unicode_to_tcvn3("\n".join(PLAN)).decode("latin-1")
    vni = legacy.unicode_to_vni("\n".join(PLAN)).decode("cp1252")
    assert "Tèc ®é t¨ng tr­ëng" in tcvn3 and "Toác ñoä taêng tröôûng" in vni  # what people see
    assert legacy.detect(tcvn3) == "tcvn3" and legacy.detect(vni) == "vni"
    assert legacy.font_hint('<font face=".VnTime">') == "tcvn3"
    assert legacy.font_hint("<span style=\"font-family:'VNI-Times'\">") == "vni"
    assert legacy.font_hint('<span style="font-family:Arial">') is None
    short = legacy.unicode_to_tcvn3("Thu ngân sách").decode("latin-1")  # two telling bytes only
    assert legacy.detect(short) is None and legacy.detect(short, hint="tcvn3") == "tcvn3"


@pytest.mark.parametrize(
    "text",
    [
        "\n".join(PLAN),  # Unicode Vietnamese
        "Khánh Hoà, Thanh Hoá, Tân Phú, Cà Mau: ngân sách, chỉ tiêu.",  # old-style tone placement
        "Café crème brûlée à la française, naïve coöperation, Zürich, señor, São Paulo © ® ¼ ¾ «»",
        "Tá»•ng thu ngÃ¢n sÃ¡ch nhÃ  nÆ°á»›c Ä‘áº¡t 1.800 tá»· Ä‘á»“ng",  # UTF-8 mojibake is not TCVN3
        "Copyright © 2024 Cổng thông tin điện tử\nTân Phú ©",
    ],
)
def test_unicode_and_western_text_is_left_alone(text: str) -> None:
    assert legacy.repair(text) == (text, None)
    assert legacy.repair(text, hint="tcvn3")[0] == text


def test_only_legacy_lines_of_a_mixed_page_are_converted() -> None:
    unicode_line = "Cổng thông tin điện tử tỉnh Cao Bằng – Trang chủ"
    legacy_lines = legacy.unicode_to_vni("\n".join(PLAN)).decode("cp1252")
    repaired, encoding = legacy.repair(f"{unicode_line}\n{legacy_lines}")
    assert encoding == "vni" and repaired == f"{unicode_line}\n" + "\n".join(PLAN)


def test_loader_reads_a_tcvn3_text_file_and_parses_it(tmp_path: Path) -> None:
    body = legacy.unicode_to_tcvn3("\n".join(PLAN))
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")
    text = text_from_bytes(body, content_type=None, name="nghi-quyet.txt")
    assert text == "\n".join(PLAN)
    assert _figures(text) == EXPECTED and len(EXPECTED) == 4


@pytest.mark.parametrize("charset", ["windows-1252", "iso-8859-1", "windows-1258", "utf-8", None])
def test_loader_reads_a_vntime_html_page_whatever_it_declares(charset: str | None) -> None:
    paragraphs = "".join(
        f'<p><font face=".VnTime">{legacy.unicode_to_tcvn3(line).decode("latin-1")}</font></p>'
        for line in PLAN
    )
    meta = f'<meta charset="{charset}">' if charset else ""
    html = f"<html><head>{meta}<title>Nghi quyet</title></head><body><article>{paragraphs}</article></body></html>"
    text = text_from_bytes(html.encode("latin-1"), content_type="text/html", name="nq.html")
    assert all(line in text for line in PLAN)
    assert _figures(text) == EXPECTED


def test_loader_repairs_a_utf8_page_with_a_vni_paragraph() -> None:
    vni = "".join(
        f"<p style=\"font-family:'VNI-Times'\">{legacy.unicode_to_vni(line).decode('cp1252')}</p>"
        for line in PLAN
    )
    html = (
        '<html><head><meta charset="utf-8"><title>Cổng thông tin điện tử</title></head><body>'
        f"<article><h2>Tin tức – sự kiện</h2>{vni}</article></body></html>"
    )
    text = text_from_bytes(html.encode("utf-8"), content_type="text/html; charset=utf-8", name="vni.html")
    assert "Tin tức – sự kiện" in text and all(line in text for line in PLAN)
    assert _figures(text) == EXPECTED


def _docx_in_font(lines: list[str], font: str) -> bytes:
    import io

    import docx

    document = docx.Document()
    for line in lines:
        run = document.add_paragraph().add_run(line)
        run.font.name = font
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_docx_and_plain_attachments_in_legacy_fonts() -> None:
    # Word keeps a .VnTime document as the Windows-1252 reading of its bytes
    tcvn3_lines = [legacy.unicode_to_tcvn3(line).decode("cp1252") for line in PLAN]
    extracted = attachments.extract_attachment(_docx_in_font(tcvn3_lines, ".VnTime"))
    assert extracted.method == "docx" and extracted.text.splitlines() == PLAN
    plain = attachments.extract_attachment(legacy.unicode_to_vni("\n".join(PLAN)), "text/plain")
    assert plain.text.splitlines() == PLAN


@pytest.mark.skipif(docgen.font_path() is None, reason="DejaVuSans.ttf missing (Debian fonts-dejavu-core)")
def test_pdf_text_layer_typed_in_tcvn3() -> None:
    # the PDF draws the Windows-1252 reading of the TCVN3 bytes, as a .VnTime document printed to PDF does
    pdf = docgen.text_pdf([legacy.unicode_to_tcvn3(line).decode("cp1252") for line in PLAN])
    assert attachments.extract_attachment(pdf).text.splitlines() == PLAN


def test_crawled_legacy_pages_are_stored_as_unicode_with_their_figures(serve, tmp_path: Path) -> None:
    site = Site()
    site["/robots.txt"] = Resource(b"User-agent: *\nDisallow:\n", "text/plain")
    tcvn3_page, vni_page = (
        "/news/kinh-te/nghi-quyet-ke-hoach-2026-41.html",
        "/news/kinh-te/ke-hoach-2026-42.html",
    )
    site["/news/kinh-te/"] = Resource(
        (
            '<html><head><meta charset="utf-8"><title>Kinh tế</title></head><body><div class="news_column">'
            f'<div class="panel-body"><h3><a href="{tcvn3_page}">Nghị quyết kế hoạch năm 2026</a></h3></div>'
            f'<div class="panel-body"><h3><a href="{vni_page}">Chỉ tiêu kế hoạch phát triển kinh tế - xã hội năm 2026</a></h3></div>'
            "</div></body></html>"
        ).encode(),
        "text/html; charset=utf-8",
    )
    site[tcvn3_page] = Resource(
        _nukeviet_article(
            "Nghị quyết của Hội đồng nhân dân tỉnh", legacy.unicode_to_tcvn3, ".VnTime", "latin-1"
        ),
        "text/html",
    )
    site[vni_page] = Resource(
        _nukeviet_article("Kế hoạch của Ủy ban nhân dân tỉnh", legacy.unicode_to_vni, "VNI-Times", "utf-8"),
        "text/html; charset=utf-8",
    )
    base = serve(site)

    run = run_crawl(tmp_path, [source_entry("fx-legacy", "Cao Bằng", base, "/news/kinh-te/")])

    assert run.returncode == 0, run.stderr[-3000:]
    warnings = {(f["url"], f["kind"]) for f in run.source("fx-legacy")["faults"]}
    assert (base + tcvn3_page, "legacy-encoding") in warnings and (
        base + vni_page,
        "legacy-encoding",
    ) in warnings
    engine = create_engine(run.db_url)
    with Session(engine) as session:
        titles = set(session.scalars(select(Document.title)))
        rows = dict(
            session.execute(
                select(Document.canonical_url, DocumentVersion.text).join(
                    DocumentVersion, DocumentVersion.document_id == Document.id
                )
            ).all()
        )
    engine.dispose()
    assert titles == {"Nghị quyết của Hội đồng nhân dân tỉnh", "Kế hoạch của Ủy ban nhân dân tỉnh"}
    for path in (tcvn3_page, vni_page):
        text = rows[base + path]
        assert all(line in text for line in PLAN), text
        assert _figures(text) == EXPECTED


def _nukeviet_article(title: str, encode, font: str, charset: str) -> bytes:
    """An article page whose title and body are typed in a legacy font (bytes, or their code points)."""
    body = "".join(
        f'<p><span style="font-family:{font}">{encode(line).decode("cp1252")}</span></p>' for line in PLAN
    )
    html = (
        f'<html><head><meta charset="{"windows-1252" if charset == "latin-1" else charset}"><title>Nghi quyet</title>'
        '</head><body><div class="news_column panel"><div class="panel-body">'
        f'<h1 class="title">{encode(title).decode("cp1252")}</h1>'
        f'<div id="news-bodyhtml" class="bodytext">{body}</div></div></div></body></html>'
    )
    return html.encode("cp1252" if charset == "latin-1" else "utf-8")
