"""Attachment bodies made at test time from our own Vietnamese text: a PDF with a text layer (reportlab),
a scanned PDF (the text rendered to an image with Pillow, no text layer) and a DOCX (python-docx)."""

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
