"""Attachment bodies to text: PDF text layer (pdfplumber), scanned PDF through OCR (pdftoppm + tesseract
``-l vie``), DOCX (python-docx) and DOC (antiword). Every failure is an :class:`ExtractError` with a
message a person can act on; the crawler records it on the version instead of dropping the document.
"""

from __future__ import annotations

import io
import logging
import shutil
import subprocess
import tempfile
import unicodedata
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from chitieu.errors import ExtractError

log = logging.getLogger(__name__)

MIN_CHARS_PER_PAGE = 25  # below this a PDF page has no usable text layer: treat it as scanned
MAX_PAGES = 60
MAX_DOCX_UNCOMPRESSED = 80 * 1024 * 1024  # zip-bomb guard
OCR_DPI = 200
OCR_TIMEOUT_S = 120


@dataclass(frozen=True, slots=True)
class Extracted:
    text: str
    method: str  # pdf-text | pdf-ocr | docx | doc-antiword | text
    pages: int = 0


def sniff_kind(body: bytes, content_type: str | None = None, url: str = "") -> str:
    """pdf | docx | doc | html | text | unknown, by magic bytes first, then type and extension."""
    head = body[:8]
    if body[:1024].lstrip().startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "docx"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "doc"
    ctype = (content_type or "").split(";")[0].strip().lower()
    path = urlsplit(url).path.lower()
    if "pdf" in ctype or path.endswith(".pdf"):
        return "pdf"
    if "wordprocessingml" in ctype or path.endswith(".docx"):
        return "docx"
    if ctype == "application/msword" or path.endswith(".doc"):
        return "doc"
    if "html" in ctype or body.lstrip()[:1] == b"<":
        return "html"
    if ctype.startswith("text/"):
        return "text"
    return "unknown"


def extract_attachment(body: bytes, content_type: str | None = None, url: str = "") -> Extracted:
    """The text of an attachment body; raises ExtractError when it cannot be read."""
    kind = sniff_kind(body, content_type, url)
    if kind == "pdf":
        return _pdf(body)
    if kind == "docx":
        return _docx(body)
    if kind == "doc":
        return _doc(body)
    if kind == "text":
        return Extracted(_nfc(body.decode("utf-8", errors="replace")), "text")
    raise ExtractError(f"unsupported attachment type ({content_type or 'no content type'})")


def _nfc(text: str) -> str:
    text = unicodedata.normalize("NFC", text).replace("\x00", "")
    lines = (line.rstrip() for line in text.splitlines())
    return "\n".join(lines).strip()


def _pdf(body: bytes) -> Extracted:
    if b"%%EOF" not in body[-2048:] and b"%%EOF" not in body:
        raise ExtractError("broken PDF: truncated (no %%EOF marker)")
    import pdfplumber
    from pdfminer.pdfparser import PDFSyntaxError

    try:
        with pdfplumber.open(io.BytesIO(body)) as pdf:
            pages = pdf.pages[:MAX_PAGES]
            texts = [page.extract_text() or "" for page in pages]
            count = len(pdf.pages)
    except PDFSyntaxError as exc:
        raise ExtractError(f"broken PDF: {exc}") from exc
    except Exception as exc:  # pdfminer raises many unrelated types on damaged or encrypted files
        raise ExtractError(f"unreadable PDF: {type(exc).__name__}: {exc}") from exc
    text = _nfc("\n".join(texts))
    if count and len(text.replace(" ", "")) >= MIN_CHARS_PER_PAGE * min(count, MAX_PAGES):
        return Extracted(text, "pdf-text", count)
    return Extracted(ocr_pdf(body, min(count, MAX_PAGES) or 1), "pdf-ocr", count)


@lru_cache(maxsize=1)
def ocr_languages() -> frozenset[str]:
    if shutil.which("tesseract") is None:
        return frozenset()
    out = subprocess.run(
        ["tesseract", "--list-langs"], capture_output=True, text=True, timeout=30, check=False
    )
    return frozenset(line.strip() for line in (out.stdout + out.stderr).splitlines()[1:] if line.strip())


def ocr_pdf(body: bytes, pages: int, lang: str = "vie") -> str:
    """Rasterise with pdftoppm and read each page with tesseract."""
    if shutil.which("pdftoppm") is None:
        raise ExtractError(
            "scanned PDF needs pdftoppm (Debian poppler-utils): run deploy/install-system-deps.sh"
        )
    if lang not in ocr_languages():
        raise ExtractError(f"scanned PDF needs tesseract with '{lang}' (Debian tesseract-ocr-{lang})")
    with tempfile.TemporaryDirectory(prefix="chitieu-ocr-") as tmp:
        pdf_path = Path(tmp) / "in.pdf"
        pdf_path.write_bytes(body)
        _run(["pdftoppm", "-r", str(OCR_DPI), "-l", str(pages), "-gray", "-png", str(pdf_path), f"{tmp}/p"])
        texts = []
        for image in sorted(Path(tmp).glob("p*.png")):
            result = _run(["tesseract", str(image), "stdout", "-l", lang, "--psm", "3"])
            texts.append(result)
    text = _nfc("\n".join(texts))
    if not text:
        raise ExtractError("OCR found no text in scanned PDF")
    return text


def _run(cmd: list[str]) -> str:
    try:
        done = subprocess.run(cmd, capture_output=True, timeout=OCR_TIMEOUT_S, check=False)
    except subprocess.TimeoutExpired as exc:
        raise ExtractError(f"{cmd[0]} timed out after {OCR_TIMEOUT_S}s") from exc
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", errors="replace").strip().splitlines()
        raise ExtractError(f"{cmd[0]} failed: {message[-1] if message else done.returncode}")
    return done.stdout.decode("utf-8", errors="replace")


def _docx(body: bytes) -> Extracted:
    try:
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_DOCX_UNCOMPRESSED:
                raise ExtractError("DOCX too large when uncompressed (possible zip bomb)")
            if "word/document.xml" not in archive.namelist():
                raise ExtractError("not a DOCX (no word/document.xml)")
    except zipfile.BadZipFile as exc:
        raise ExtractError(f"broken DOCX: {exc}") from exc
    import docx

    try:
        document = docx.Document(io.BytesIO(body))
    except Exception as exc:  # python-docx raises KeyError/ValueError/lxml errors on damaged files
        raise ExtractError(f"unreadable DOCX: {type(exc).__name__}: {exc}") from exc
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append("\t".join(cell.text.strip() for cell in row.cells))
    return Extracted(_nfc("\n".join(lines)), "docx")


def _doc(body: bytes) -> Extracted:
    if shutil.which("antiword") is None:
        raise ExtractError("DOC (Word 97-2003) needs antiword: run deploy/install-system-deps.sh")
    with tempfile.NamedTemporaryFile(suffix=".doc") as handle:
        handle.write(body)
        handle.flush()
        text = _run(["antiword", "-m", "UTF-8.txt", "-w", "0", handle.name])
    if not text.strip():
        raise ExtractError("DOC contains no text")
    return Extracted(_nfc(text), "doc-antiword")
