"""Attachment bodies made at test time from our own Vietnamese text: a PDF with a text layer (reportlab),
one with a ruled table, a scanned PDF (the text rendered to an image with Pillow, no text layer) and a DOCX
(python-docx), one with a table."""

from __future__ import annotations

import io
from pathlib import Path

FONT_CANDIDATES = (
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    Path("/usr/share/fonts/dejavu/DejaVuSans.ttf"),
)


def font_path() -> Path | None:
    return next((p for p in FONT_CANDIDATES if p.exists()), None)


def text_pdf(lines: list[str]) -> bytes:
    """A one-page PDF whose text layer holds ``lines`` (Vietnamese needs a Unicode TrueType font)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    font = font_path()
    if font is None:
        raise RuntimeError("DejaVuSans.ttf not found (Debian fonts-dejavu-core)")
    if "DejaVuSans" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("DejaVuSans", str(font)))
    out = io.BytesIO()
    page = canvas.Canvas(out, pagesize=A4)
    page.setFont("DejaVuSans", 11)
    y = A4[1] - 60
    for line in lines:
        page.drawString(50, y, line)
        y -= 18
    page.showPage()
    page.save()
    return out.getvalue()


def _register_font() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    font = font_path()
    if font is None:
        raise RuntimeError("DejaVuSans.ttf not found (Debian fonts-dejavu-core)")
    if "DejaVuSans" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("DejaVuSans", str(font)))
    return "DejaVuSans"


def table_pdf(before: list[str], rows: list[list[str]], after: list[str], spans: list[tuple] = ()) -> bytes:
    """A PDF with paragraphs, then a table ruled with lines (``spans``: reportlab SPAN commands' cell
    ranges, as ``((col0, row0), (col1, row1))``), then paragraphs: an annex of targets."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    font = _register_font()
    style = ParagraphStyle("vi", fontName=font, fontSize=10, leading=13)
    table = Table([[Paragraph(cell, style) for cell in row] for row in rows], repeatRows=1)
    table.setStyle(
        TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black)] + [("SPAN", a, b) for a, b in spans])
    )
    out = io.BytesIO()
    story = [Paragraph(line, style) for line in before] + [table] + [Paragraph(line, style) for line in after]
    SimpleDocTemplate(out, pagesize=A4).build(story)
    return out.getvalue()


def table_docx(before: list[str], rows: list[list[str]], after: list[str], merge: list[tuple] = ()) -> bytes:
    """A DOCX with paragraphs, a table (``merge``: ``((row0, col0), (row1, col1))`` cells to merge), and
    paragraphs after it."""
    import docx

    document = docx.Document()
    for line in before:
        document.add_paragraph(line)
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for (r0, c0), (r1, c1) in merge:
        table.cell(r0, c0).merge(table.cell(r1, c1))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            if text:
                table.cell(r, c).text = text
    for line in after:
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def scanned_pdf(lines: list[str]) -> bytes:
    """A PDF that is only a picture of ``lines``: what a scanner gives, OCR needed to read it."""
    from PIL import Image, ImageDraw, ImageFont

    font = font_path()
    if font is None:
        raise RuntimeError("DejaVuSans.ttf not found (Debian fonts-dejavu-core)")
    face = ImageFont.truetype(str(font), 34)
    image = Image.new("L", (1654, 140 + 56 * len(lines)), 255)
    draw = ImageDraw.Draw(image)
    for i, line in enumerate(lines):
        draw.text((90, 70 + 56 * i), line, font=face, fill=0)
    out = io.BytesIO()
    image.save(out, format="PDF", resolution=200.0)
    return out.getvalue()


def docx_file(lines: list[str]) -> bytes:
    import docx

    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
