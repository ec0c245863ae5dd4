"""Hostile and damaged documents: zip-bomb DOCX, malformed and encrypted PDFs, a PDF that inflates to
gigabytes, OCR of a page of noise. Each is refused or read within its limits with a clear error, stored as
a version with that error and no figures (never dropped, never a crash), and the crawl goes on."""

from __future__ import annotations

import io
import random
import time
import zipfile
import zlib
from pathlib import Path

import pytest
from crawlkit import docgen
from crawlkit.portals.common import ATTACHMENT_LINES, TARGETS_2025, page, paragraphs
from crawlkit.registry import source_entry
from crawlkit.server import Resource, Site
from faultkit import run_crawl
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from chitieu.errors import ExtractError
from crawler import attachments
from storage.models import Document, DocumentVersion

pytestmark = pytest.mark.fault

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
needs_font = pytest.mark.skipif(
    docgen.font_path() is None, reason="DejaVuSans.ttf missing (fonts-dejavu-core)"
)


def zip_bomb(inflated: int = 256 << 20) -> bytes:
    """A DOCX whose document.xml is ``inflated`` bytes of zeros (~250 KB compressed for 256 MB)."""
    legit = io.BytesIO(docgen.docx_file(["Kế hoạch năm 2025"]))
    out = io.BytesIO()
    with zipfile.ZipFile(legit) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bomb:
        for info in source.infolist():
            if info.filename != "word/document.xml":
                bomb.writestr(info, source.read(info))
        with bomb.open("word/document.xml", "w", force_zip64=True) as member:
            zeros = bytes(1 << 20)
            for _ in range(inflated >> 20):
                member.write(zeros)
    return out.getvalue()


def lying_zip_bomb() -> bytes:
    """A DOCX whose zip directory says document.xml is 2 KB while its data inflates to 64 MB."""
    body = bytearray(zip_bomb(64 << 20))
    central = body.rfind(b"PK\x01\x02" + bytes(0), 0)
    name = b"word/document.xml"
    while central != -1:
        if body[central + 46 : central + 46 + len(name)] == name:
            body[central + 24 : central + 28] = (2048).to_bytes(4, "little")  # uncompressed size
            break
        central = body.rfind(b"PK\x01\x02", 0, central)
    return bytes(body)


def pdf_with_stream(data: bytes) -> bytes:
    """A one-page PDF whose page content is ``data`` (already Flate-compressed), with a correct xref."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 300] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def encrypted_pdf(user_password: str) -> bytes:
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    sheet = canvas.Canvas(out, encrypt=pdfencrypt.StandardEncryption(user_password, "chu-so-huu", canCopy=0))
    for y, line in zip(
        range(800, 600, -20), ["Ke hoach nam 2025", "Toc do tang truong GRDP dat 8%."], strict=False
    ):
        sheet.drawString(50, y, line)
    sheet.showPage()
    sheet.save()
    return out.getvalue()


def ocr_noise_pdf(seed: int = 3) -> bytes:
    """A scanned page of glyph-like scribbles and speckles: OCR reads garbage from it, or nothing."""
    from PIL import Image, ImageDraw

    rng = random.Random(seed)
    image = Image.new("L", (900, 500), 255)
    draw = ImageDraw.Draw(image)
    for row in range(8):
        x, base = 40, 70 + row * 55
        while x < 840:
            w, h = rng.randint(6, 22), rng.randint(14, 30)
            shape = rng.random()
            if shape < 0.4:
                draw.rectangle([x, base - h, x + w, base], fill=0)
            elif shape < 0.7:
                draw.ellipse([x, base - h, x + w, base], outline=0, width=3)
            else:
                draw.line([x, base, x + w, base - h], fill=0, width=3)
            x += w + rng.randint(2, 14)
    for _ in range(4000):
        draw.point((rng.randrange(900), rng.randrange(500)), fill=0)
    out = io.BytesIO()
    image.save(out, format="PDF", resolution=150.0)
    return out.getvalue()


# -- unit level: refused or read within the limits --------------------------------------------------


def test_zip_bomb_docx_is_refused_from_its_directory_before_inflating() -> None:
    bomb = zip_bomb()
    assert len(bomb) < 2 << 20, "small compressed"
    started = time.monotonic()
    with pytest.raises(ExtractError, match="zip bomb"):
        attachments.extract_attachment(bomb, DOCX_TYPE)
    assert time.monotonic() - started < 0.5, "refused without inflating 256 MB"


def test_zip_bomb_with_a_lying_directory_fails_its_size_check_not_the_crawler() -> None:
    started = time.monotonic()
    with pytest.raises(ExtractError, match="DOCX"):
        attachments.extract_attachment(lying_zip_bomb(), DOCX_TYPE)
    assert time.monotonic() - started < 5


def test_a_real_docx_still_reads() -> None:
    assert attachments.extract_attachment(
        docgen.docx_file(ATTACHMENT_LINES), DOCX_TYPE
    ).text.splitlines() == (ATTACHMENT_LINES)


def test_encrypted_pdf_needs_its_password_and_says_so() -> None:
    with pytest.raises(ExtractError, match="encrypted PDF"):
        attachments.extract_attachment(encrypted_pdf("mat-khau"), "application/pdf")


def test_pdf_encrypted_only_against_copying_is_read() -> None:
    text = attachments.extract_attachment(encrypted_pdf(""), "application/pdf").text
    assert "GRDP dat 8%" in text


@pytest.mark.parametrize(
    "body",
    [
        b"%PDF-1.7\n" + bytes(random.Random(1).randrange(256) for _ in range(4000)) + b"\n%%EOF",
        pdf_with_stream(b"not flate data at all")[:-300] + b"%%EOF",
        b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF",
    ],
    ids=["random-bytes", "cut-xref", "no-pages"],
)
def test_malformed_pdfs_are_clear_errors(body: bytes) -> None:
    with pytest.raises(ExtractError, match="PDF"):
        attachments.extract_attachment(body, "application/pdf")


def test_pdf_that_inflates_past_the_memory_limit_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(attachments, "EXTRACT_MEMORY_BYTES", 400 << 20)
    compressor = zlib.compressobj(1)
    zeros = bytes(1 << 20)
    stream = b"".join(compressor.compress(zeros) for _ in range(600)) + compressor.flush()  # 600 MB inflated
    with pytest.raises(ExtractError, match="PDF"):
        attachments.extract_attachment(pdf_with_stream(stream), "application/pdf")


@needs_font
def test_pdf_extraction_has_a_time_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(attachments, "EXTRACT_TIMEOUT_S", 0.2)
    started = time.monotonic()
    with pytest.raises(ExtractError, match="time limit"):
        attachments.extract_attachment(docgen.text_pdf(ATTACHMENT_LINES * 8), "application/pdf")
    assert time.monotonic() - started < 2


def test_ocr_of_noise_gives_no_figures_and_no_crash() -> None:
    if "vie" not in attachments.ocr_languages():
        pytest.skip("tesseract-ocr-vie not installed (deploy/install-system-deps.sh)")
    import figures

    try:
        text = attachments.extract_attachment(ocr_noise_pdf(), "application/pdf").text
    except ExtractError as exc:
        assert "OCR" in str(exc)
        return
    assert len(figures.extract(text)) <= 1


# -- crawl level: stored with the error, the rest of the crawl completes ------------------------------

ARTICLE = "/news/kinh-te/nghi-quyet-ke-hoach-phat-trien-kinh-te-xa-hoi-nam-2025-51.html"
FILES = {
    "bomb": (ARTICLE + "?download=1&id=1", DOCX_TYPE, "broken-document"),
    "encrypted": (ARTICLE + "?download=1&id=2", "application/pdf", "broken-pdf"),
    "malformed": (ARTICLE + "?download=1&id=3", "application/pdf", "broken-pdf"),
    "noise": (ARTICLE + "?download=1&id=4", "application/pdf", None),
    "good": (ARTICLE + "?download=1&id=5", "application/pdf", None),
}


@needs_font
def test_damaged_attachments_are_stored_with_their_errors_and_the_crawl_goes_on(
    serve, tmp_path: Path
) -> None:
    site = Site()
    site["/robots.txt"] = Resource(b"User-agent: *\nDisallow:\n", "text/plain")
    links = "".join(
        f'<p><a href="{url}">Tệp đính kèm {name}</a></p>' for name, (url, _t, _k) in FILES.items()
    )
    site["/news/kinh-te/"] = page(
        f'<div class="news_column"><div class="panel-body"><h3><a href="{ARTICLE}">Nghị quyết về kế hoạch phát '
        "triển kinh tế - xã hội năm 2025</a></h3></div></div>",
        "Kinh tế",
    )
    site[ARTICLE] = page(
        '<div class="news_column panel"><div class="panel-body"><h1 class="title">Nghị quyết về kế hoạch '
        f'phát triển kinh tế - xã hội năm 2025</h1><div id="news-bodyhtml" class="bodytext">'
        f"{paragraphs(['Các chỉ tiêu chủ yếu:', *TARGETS_2025[:2]])}{links}</div></div></div>",
        "Nghị quyết 2025",
    )
    bodies = {
        "bomb": zip_bomb(),
        "encrypted": encrypted_pdf("mat-khau"),
        "malformed": b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n%%EOF",
        "noise": ocr_noise_pdf(),
        "good": docgen.text_pdf(ATTACHMENT_LINES),
    }
    for name, (url, ctype, _kind) in FILES.items():
        site[url] = Resource(bodies[name], ctype)
    base = serve(site)

    run = run_crawl(tmp_path, [source_entry("fx-documents", "Cao Bằng", base, "/news/kinh-te/")], timeout=180)

    assert run.returncode == 0, run.stderr[-3000:]
    kinds = run.fault_kinds("fx-documents")
    for name, (url, _ctype, kind) in FILES.items():
        if kind is not None:
            assert kinds[base + url] == kind, (name, run.source("fx-documents")["faults"])
    engine = create_engine(run.db_url)
    with Session(engine) as session:
        stored = {
            url: (error, figures)
            for url, error, figures in session.execute(
                select(DocumentVersion.url, DocumentVersion.error, DocumentVersion.figure_count)
            )
        }
        documents = session.scalar(select(Document.id).where(Document.canonical_url == base + ARTICLE))
    engine.dispose()
    assert documents is not None and stored[base + ARTICLE] == (None, 2)
    for name in ("bomb", "encrypted", "malformed"):
        error, figures = stored[base + FILES[name][0]]
        assert error and figures == 0, (name, error)
    assert "zip bomb" in stored[base + FILES["bomb"][0]][0]
    assert "encrypted" in stored[base + FILES["encrypted"][0]][0]
    assert stored[base + FILES["noise"][0]][1] <= 1, "OCR garbage: stored, no figures (or one stray)"
    assert stored[base + FILES["good"][0]] == (None, 3), "the healthy attachment is read as usual"
