"""Attachment bodies to text: PDF text layer (pdfplumber), scanned PDF through OCR (pdftoppm + tesseract
``-l vie``), DOCX (python-docx) and DOC (antiword). Every failure is an :class:`ExtractError` with a
message a person can act on; the crawler records it on the version instead of dropping the document.

Attachments are hostile input. PDF and DOCX are read in a child process (``python -m crawler.attachments``)
with a wall-clock limit (:data:`EXTRACT_TIMEOUT_S`) and an address-space limit
(:data:`EXTRACT_MEMORY_BYTES`), so a pathological file (a page that takes pdfminer forever, a compressed
stream that inflates to gigabytes) costs one recorded error, never a stuck or dead crawler. DOCX zip bombs
are refused from the zip directory's sizes before anything is inflated. Text typed in the legacy TCVN3
and VNI fonts is converted to Unicode (:mod:`figures.legacy`), using the font names the file declares.
"""

from __future__ import annotations

import io
import json
import logging
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from chitieu.errors import ExtractError
from figures import legacy

log = logging.getLogger(__name__)

MIN_CHARS_PER_PAGE = 25  # below this a PDF page has no usable text layer: treat it as scanned
MAX_PAGES = 60
MAX_DOCX_UNCOMPRESSED = 80 * 1024 * 1024  # zip-bomb guard: all members, as the zip directory states them
MAX_DOCX_XML = 20 * 1024 * 1024  # the XML python-docx parses into memory (a 500-page text is ~5 MB)
MAX_DOCX_MEMBERS = 5000
MAX_DOCX_RATIO = 100  # inflated/compressed for any member over 1 MB; real DOCX XML stays under ~30
OCR_DPI = 200
OCR_TIMEOUT_S = 120  # one pdftoppm or tesseract run
EXTRACT_TIMEOUT_S = 900.0  # one PDF/DOCX, text layer and OCR together (a 60-page scan takes ~5 minutes)
EXTRACT_MEMORY_BYTES = 1024**3  # address space of the extraction process (OCR tools inherit it)


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
        _check_pdf(body)
        return _isolated("pdf", body)
    if kind == "docx":
        _check_docx(body)
        return _isolated("docx", body)
    if kind == "doc":
        return _doc(body)
    if kind == "text":
        return Extracted(_nfc(_plain_text(body)), "text")
    raise ExtractError(f"unsupported attachment type ({content_type or 'no content type'})")


def _plain_text(body: bytes) -> str:
    """UTF-8, else TCVN3/VNI bytes converted, else UTF-8 with replacement characters."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        converted, encoding = legacy.decode(body)
        return converted if encoding else body.decode("utf-8", errors="replace")
    return legacy.repair_markup(text)[0]


# -- the extraction process -------------------------------------------------------------------------


def _isolated(kind: str, body: bytes) -> Extracted:
    """Run :func:`_extract_in_process` in a child process under the time and memory limits."""
    root = str(Path(__file__).resolve().parents[1])
    path = os.pathsep.join([root, *[p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]])
    cpu = str(int(EXTRACT_TIMEOUT_S) + 10)
    command = [sys.executable, "-m", "crawler.attachments", kind, str(EXTRACT_MEMORY_BYTES), cpu]
    started = time.monotonic()
    try:
        done = subprocess.run(
            command,
            input=body,
            capture_output=True,
            timeout=EXTRACT_TIMEOUT_S,
            env={**os.environ, "PYTHONPATH": path},
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise ExtractError(
            f"{kind.upper()} extraction stopped after {EXTRACT_TIMEOUT_S:g}s (time limit)"
        ) from exc
    try:
        result = json.loads(done.stdout)
    except ValueError:
        reason = {-9: "killed: out of memory", -24: "CPU time limit"}.get(
            done.returncode, f"exit status {done.returncode}"
        )
        stderr = done.stderr.decode("utf-8", "replace").strip().splitlines()
        if stderr and "MemoryError" in stderr[-1]:
            reason = "out of memory"
        raise ExtractError(f"{kind.upper()} extraction failed ({reason})") from None
    log.debug("%s extracted in %.2fs", kind, time.monotonic() - started)
    if result.get("error"):
        raise ExtractError(result["error"])
    return Extracted(result["text"], result["method"], int(result.get("pages") or 0))


def _extract_in_process(kind: str, body: bytes) -> Extracted:
    return _pdf(body) if kind == "pdf" else _docx(body)


def _child_main(argv: list[str]) -> int:
    """``python -m crawler.attachments pdf|docx MEMORY_BYTES CPU_SECONDS``: body on stdin, JSON on stdout."""
    kind, memory, cpu = argv[0], int(argv[1]), int(argv[2])
    _limit_self(memory, cpu)
    body = sys.stdin.buffer.read()
    try:
        found = _extract_in_process(kind, body)
        payload: dict[str, object] = {"text": found.text, "method": found.method, "pages": found.pages}
    except ExtractError as exc:
        payload = {"error": str(exc)}
    except MemoryError:
        payload = {"error": f"{kind.upper()} needs more than {memory >> 20} MB to read (refused)"}
    sys.stdout.write(json.dumps(payload, ensure_ascii=False))
    return 0


def _limit_self(memory: int, cpu: int) -> None:
    """Address-space and CPU limits, and death with the parent (an orphan must not run on)."""
    import resource
    import signal

    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))
    if sys.platform.startswith("linux"):
        import ctypes

        try:
            ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
        except OSError:
            log.debug("prctl unavailable")


def _nfc(text: str) -> str:
    text = unicodedata.normalize("NFC", text).replace("\x00", "")
    lines = (line.rstrip() for line in text.splitlines())
    return "\n".join(lines).strip()


def _check_pdf(body: bytes) -> None:
    if b"%%EOF" not in body[-2048:] and b"%%EOF" not in body:
        raise ExtractError("broken PDF: truncated (no %%EOF marker)")


def _pdf(body: bytes) -> Extracted:
    _check_pdf(body)
    import pdfplumber
    from pdfminer.pdfparser import PDFSyntaxError

    try:
        with pdfplumber.open(io.BytesIO(body)) as pdf:
            pages = pdf.pages[:MAX_PAGES]
            texts = [_pdf_page_text(page) for page in pages]
            fonts = " ".join({str(char.get("fontname", "")) for page in pages for char in page.chars})
            count = len(pdf.pages)
    except PDFSyntaxError as exc:
        raise ExtractError(f"broken PDF: {exc}") from exc
    except MemoryError:
        raise
    except Exception as exc:  # pdfminer raises many unrelated types on damaged or encrypted files
        if _is_password_error(exc):
            raise ExtractError("encrypted PDF: a password is needed to open it") from exc
        raise ExtractError(f"unreadable PDF: {type(exc).__name__}: {exc}") from exc
    if not count:
        raise ExtractError("broken PDF: it has no pages")
    text, _encoding = legacy.repair(_nfc("\n".join(texts)), legacy.font_hint(fonts))
    if len(text.replace(" ", "")) >= MIN_CHARS_PER_PAGE * min(count, MAX_PAGES):
        return Extracted(text, "pdf-text", count)
    return Extracted(ocr_pdf(body, min(count, MAX_PAGES) or 1), "pdf-ocr", count)


TABLE_MIN_WIDTH = 0.5  # a ruled table at least this share of the page wide is read as a table


def _pdf_page_text(page: Any) -> str:
    """A page's text, its ruled tables as ``| a | b |`` rows in their place.

    pdfplumber's plain text runs a table's cells together with single spaces ("Thu ngân sách Tỷ đồng
    3.000 3.150 3.500"), which loses which number belongs to which column (plan, result, next year's
    plan); as rows, the figure parser reads them with their header. The text above, between and below the
    tables is read band by band, so headings stay before their table."""
    width = page.bbox[2] - page.bbox[0]
    try:
        tables = [t for t in page.find_tables() if (t.bbox[2] - t.bbox[0]) >= TABLE_MIN_WIDTH * width]
        return _page_with_tables(page, tables) if tables else page.extract_text() or ""
    except MemoryError:
        raise
    except Exception:  # table finding is a heuristic: on a page it cannot handle, the plain text still reads
        log.info("PDF page %s: tables not read, plain text instead", page.page_number, exc_info=True)
        return page.extract_text() or ""


def _page_with_tables(page: Any, tables: list[Any]) -> str:
    x0, top, x1, bottom = page.bbox
    parts, cursor = [], top
    for table in sorted(tables, key=lambda t: t.bbox[1]):
        t_top, t_bottom = max(table.bbox[1], cursor), min(table.bbox[3], bottom)
        if t_top > cursor:
            parts.append(page.crop((x0, cursor, x1, t_top)).extract_text() or "")
        parts.extend(_markdown_row(row) for row in table.extract())
        cursor = max(cursor, t_bottom)
    if cursor < bottom:
        parts.append(page.crop((x0, cursor, x1, bottom)).extract_text() or "")
    return "\n".join(part for part in parts if part)


def _markdown_row(cells: list[str | None]) -> str:
    """``| a | b |`` with each cell on one line (a spanned cell, None, is empty)."""
    return "| " + " | ".join(" ".join((cell or "").split()).replace("|", "/") for cell in cells) + " |"


def _is_password_error(exc: BaseException) -> bool:
    """pdfplumber wraps pdfminer's PDFPasswordIncorrect in a PdfminerException (sometimes with no text)."""
    seen: BaseException | None = exc
    while seen is not None:
        if "password" in type(seen).__name__.lower() or any(
            "password" in type(arg).__name__.lower() for arg in seen.args if isinstance(arg, BaseException)
        ):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


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


def _check_docx(body: bytes) -> None:
    """Refuse a zip bomb from the sizes the zip directory states, before anything is inflated.

    Python's zipfile never inflates a member past its stated size (a lying size fails its CRC check), so
    the stated sizes bound the work.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            members = archive.infolist()
            if len(members) > MAX_DOCX_MEMBERS:
                raise ExtractError(
                    f"DOCX has {len(members)} parts (possible zip bomb; limit {MAX_DOCX_MEMBERS})"
                )
            total = sum(info.file_size for info in members)
            if total > MAX_DOCX_UNCOMPRESSED:
                raise ExtractError(
                    f"DOCX too large when uncompressed ({total >> 20} MB, limit "
                    f"{MAX_DOCX_UNCOMPRESSED >> 20} MB; possible zip bomb)"
                )
            xml = sum(i.file_size for i in members if i.filename.endswith((".xml", ".rels")))
            if xml > MAX_DOCX_XML:
                raise ExtractError(f"DOCX text parts too large ({xml >> 20} MB; possible zip bomb)")
            for info in members:
                if info.file_size > 1 << 20 and info.file_size > MAX_DOCX_RATIO * max(info.compress_size, 1):
                    raise ExtractError(
                        f"DOCX part {info.filename} inflates {info.file_size // max(info.compress_size, 1)}"
                        " times (possible zip bomb)"
                    )
            if "word/document.xml" not in {info.filename for info in members}:
                raise ExtractError("not a DOCX (no word/document.xml)")
    except zipfile.BadZipFile as exc:
        raise ExtractError(f"broken DOCX: {exc}") from exc


def _docx(body: bytes) -> Extracted:
    _check_docx(body)
    import docx
    from docx.table import Table

    try:
        document = docx.Document(io.BytesIO(body))
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            fonts = _docx_fonts(archive)
    except MemoryError:
        raise
    except Exception as exc:  # python-docx raises KeyError/ValueError/lxml errors on damaged files
        raise ExtractError(f"unreadable DOCX: {type(exc).__name__}: {exc}") from exc
    lines = []
    for block in document.iter_inner_content():  # paragraphs and tables in their order in the document
        if isinstance(block, Table):
            lines.extend(_docx_row(row) for row in block.rows)
        else:
            lines.append(block.text)
    text, _encoding = legacy.repair("\n".join(lines), legacy.font_hint(fonts))
    return Extracted(_nfc(text), "docx")


def _docx_row(row: Any) -> str:
    """A table row as tab-separated cells, on one line; a cell that spans columns is written once, the
    columns it spans left empty (python-docx repeats it in each)."""
    cells, previous = [], None
    for cell in row.cells:
        cells.append("" if cell._tc is previous else " ".join(cell.text.split()))
        previous = cell._tc
    return "\t".join(cells)


_RUN_FONT = re.compile(rb'w:(?:ascii|hAnsi|cs)="([^"]{1,64})"')


def _docx_fonts(archive: zipfile.ZipFile) -> str:
    """The fonts a DOCX names (``.VnTime``, ``VNI-Times``): font table, styles and the runs' own fonts."""
    names = set(archive.namelist())
    parts = [archive.read(n) for n in ("word/fontTable.xml", "word/styles.xml") if n in names]
    parts += sorted(set(_RUN_FONT.findall(archive.read("word/document.xml"))))  # size-checked before
    return b" ".join(parts).decode("utf-8", "replace")


def _doc(body: bytes) -> Extracted:
    if shutil.which("antiword") is None:
        raise ExtractError("DOC (Word 97-2003) needs antiword: run deploy/install-system-deps.sh")
    with tempfile.NamedTemporaryFile(suffix=".doc") as handle:
        handle.write(body)
        handle.flush()
        text = _run(["antiword", "-m", "UTF-8.txt", "-w", "0", handle.name])
    if not text.strip():
        raise ExtractError("DOC contains no text")
    return Extracted(_nfc(legacy.repair(text)[0]), "doc-antiword")


if __name__ == "__main__":
    sys.exit(_child_main(sys.argv[1:]))
