"""Turn a file or a fetched body into the text the parser reads.

The text returned here is the text figure spans point into: NFC, ``\\n`` line ends, and for HTML only the
main content (article paragraphs, list items, tables) without menus, counters, share bars and footers.
Anything we cannot honestly read as a document raises :class:`InputRejected` with a one-line reason.
"""

from __future__ import annotations

import codecs
import logging
import re
import unicodedata
from pathlib import Path
from typing import Any

from figures import legacy
from figures.text import RELATED_HEADING_RE, fold

logger = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = 20 * 1024 * 1024

HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".shtml", ".php", ".asp", ".aspx", ".jsp"})

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Magic numbers of formats that are never text documents (attachments go through their own extractors).
_BINARY_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "PDF"),
    (b"PK\x03\x04", "ZIP/DOCX"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "DOC/XLS"),
    (b"\x89PNG", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF8", "GIF"),
    (b"\x1f\x8b", "gzip"),
    (b"Rar!", "RAR"),
    (b"7z\xbc\xaf", "7z"),
)

# Browsers read these labels as windows-1252 (WHATWG encoding standard); so do we.
_CHARSET_ALIASES = {
    "iso-8859-1": "cp1252",
    "iso8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "windows-1252": "cp1252",
    "windows-1258": "cp1258",
    "x-user-defined": "cp1252",
}
_SINGLE_BYTE_LEGACY = frozenset({"cp1252", "cp1258"})

_CONTROL_RATIO_MAX = 0.02
_TRAFILATURA_MIN_SHARE = 0.3
_TRAFILATURA_MAX_CHARS = 2_000_000  # it slows down superlinearly on huge pages; the tree walk does not
_ALLOWED_CONTROLS = frozenset("\t\n\r\f\v\x1b")

_META_CHARSET = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""",
    re.IGNORECASE,
)
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", re.IGNORECASE)
_HTML_START = re.compile(
    rb"""\A(?:\s|<!--.*?-->|<\?xml[^>]*>)*<(?:!doctype\s+html|html[\s>]|head[\s>]|body[\s>])""",
    re.IGNORECASE | re.DOTALL,
)


class InputRejected(ValueError):
    """A file or body that is not a readable document. ``str(err)`` is ``"<name>: <reason>"``, one line."""

    def __init__(self, name: str, reason: str) -> None:
        self.name = name
        self.reason = reason
        super().__init__(f"{name}: {reason}" if name else reason)


def load_text(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """Read ``path`` (``.txt`` as UTF-8, ``.html``/``.htm`` or sniffed HTML reduced to its main text)."""
    return text_from_bytes(_read_file(path, max_bytes), content_type=None, name=str(path))


def load_document(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[str, str | None]:
    """``load_text``'s text and, for an HTML page, the year its date line or metadata says it was published in
    (the year its results are of: a news page dated 22/12/2026 reports 2026 under a headline about 2027)."""
    body = _read_file(path, max_bytes)
    text = text_from_bytes(body, content_type=None, name=str(path))
    if not _looks_like_html(body, content_type=None, name=str(path)):
        return text, None
    return text, html_published_year(body.decode("utf-8", errors="replace"))


# Where a page states its date: <meta property="article:published_time">, <time datetime>, or an element whose
# class or id names a date ("date", "time", "ngay-dang", "publish") holding a dd/mm/yyyy date.
_DATE_META = frozenset(
    {
        "article:published_time",
        "og:published_time",
        "pubdate",
        "publishdate",
        "date",
        "dc.date",
        "dc.date.issued",
        "dc:date",
        "dc:created",
        "datepublished",
        "datecreated",
    }
)
_DATE_HOLDER_RE = re.compile(r"date|time|publish|ngay|posted", re.IGNORECASE)
# A header's clock shows the day the page is read, not the day it was published ("current-date", "today")
_TODAY_HOLDER_RE = re.compile(r"current|today|now\b|clock|homnay|hom-nay|realtime", re.IGNORECASE)
_DAY_MONTH_YEAR_RE = re.compile(r"\b(?:[0-2]?\d|3[01])[/.-](?:0?[1-9]|1[0-2])[/.-]((?:19|20)\d\d)\b")
_NUKEVIET_DATE_RE = re.compile(r"\s*(?:Thứ \w+|Chủ nhật) - \d{1,2}/\d{1,2}/((?:19|20)\d\d) \d{1,2}:\d\d\s*")
_ISO_YEAR_RE = re.compile(r"^\s*((?:19|20)\d\d)-\d\d-\d\d")


def html_published_year(html: str) -> str | None:
    """The year an HTML page was published in, from its own date markup; None when it states none (no
    guessing from copyright lines or the crawl date)."""
    tree = _parse_html(html)
    if tree is None:
        return None
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").lower()
        if key in _DATE_META and (m := _ISO_YEAR_RE.match(meta.get("content") or "")):
            return m.group(1)
    for element in tree.iter("time"):
        if m := _ISO_YEAR_RE.match(element.get("datetime") or ""):
            return m.group(1)
    for element in tree.iter():
        # RDFa and microdata on the page's own elements: Drupal's <span property="dc:date" content="2019-12-11...">
        key = (
            (element.get("property") or element.get("itemprop") or "").lower()
            if element.get("content")
            else ""
        )
        if key in _DATE_META and (m := _ISO_YEAR_RE.match(element.get("content") or "")):
            return m.group(1)
    for element in tree.iter():
        if not isinstance(element.tag, str) or element.tag in ("html", "body", "script", "style"):
            continue
        names = f"{element.get('class', '')} {element.get('id', '')}"
        if (
            names.strip()
            and _DATE_HOLDER_RE.search(names)
            and not _TODAY_HOLDER_RE.search(names)
            and (m := _DAY_MONTH_YEAR_RE.search(element.text_content()[:200]))
        ):
            return m.group(1)
        if "h5" in names.split() and (m := _NUKEVIET_DATE_RE.fullmatch(element.text_content()[:80])):
            return m.group(1)  # NukeViet's article date: <span class="h5">Thứ tư - 24/12/2025 16:05</span>
    return None


def _read_file(path: Path, max_bytes: int) -> bytes:
    name = str(path)
    path = Path(path)
    if not path.exists():
        raise InputRejected(name, "no such file")
    if path.is_dir():
        raise InputRejected(name, "is a directory, not a file")
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputRejected(name, f"too large ({size} bytes, limit {max_bytes})")
        with path.open("rb") as handle:
            body = handle.read(max_bytes + 1)
    except OSError as exc:
        raise InputRejected(name, f"cannot read ({exc.strerror or exc})") from exc
    if len(body) > max_bytes:  # a file that grew, or one whose stat size lies (pipes, /proc)
        raise InputRejected(name, f"too large (more than {max_bytes} bytes)")
    return body


def text_from_bytes(body: bytes, *, content_type: str | None, name: str = "") -> str:
    """Decode ``body`` and, when it is HTML, reduce it to its main text.

    ``content_type`` is an HTTP ``Content-Type`` value (its charset wins over a ``<meta charset>``);
    ``name`` is used for the HTML-or-text decision by suffix and in error messages.
    """
    if not body.strip():
        raise InputRejected(name, "empty file")
    _reject_binary_magic(body, name)
    is_html = _looks_like_html(body, content_type=content_type, name=name)
    hint = _legacy_font_hint(body)
    text, encoding = _decode(body, content_type=content_type, name=name, is_html=is_html, hint=hint)
    if encoding is None:  # TCVN3/VNI text that reached us as Unicode code points (a UTF-8 page, a DOCX)
        text, encoding = legacy.repair(text, hint, markup=is_html)
    if encoding:
        logger.info("%s: legacy %s text converted to Unicode", name or "body", encoding)
    _reject_control_heavy(text, name)
    text = _normalise(text)
    if is_html:
        text = html_to_text(text)
        if not text.strip():
            raise InputRejected(name, "no readable text in the HTML page")
    elif not text.strip():
        raise InputRejected(name, "empty file")
    return text


def html_to_text(html: str) -> str:
    """Main text of an HTML page, NFC with ``\\n`` line ends; ``""`` when the page has none.

    Page chrome (scripts, menus, headers, footers, sidebars, forms, share bars, visit counters, ratings) is
    pruned from the tree first, because trafilatura with ``favor_recall`` happily keeps a counter block.
    trafilatura then picks the main text of what is left; when it finds little or nothing, a plain
    block-aware walk of the pruned tree is used instead. The page title is put first when the text does
    not already start with it (it often carries the year the document is about), and so is a lead paragraph
    (sapo) marked as such that the main text lacks: it states a news article's key figures.
    """
    tree = _parse_html(html)
    if tree is None:
        return ""
    title = _page_title(tree)
    _prune_chrome(tree)
    fallback = _clean_lines(_block_text(_main_container(tree)))
    text = _clean_lines(_trafilatura_text(tree))
    if len(text) < _TRAFILATURA_MIN_SHARE * len(fallback):
        logger.debug("trafilatura kept %d of %d characters; using the tree walk", len(text), len(fallback))
        text = fallback
    lead = _lead_text(tree)
    if lead and fold(lead)[:80] not in fold(text):
        text = f"{lead}\n{text}" if text else lead  # trafilatura drops a sapo kept apart from the body
    if title and fold(title) not in fold(text[: len(title) + 400]):
        text = f"{title}\n{text}" if text else title
    return unicodedata.normalize("NFC", text)


def _lead_text(tree: Any) -> str:
    """The article's lead paragraph (sapo) when the page marks it as one (``class="sapo"``, "summary", ...)."""
    for element in tree.iter():
        if not isinstance(element.tag, str) or element.tag in _PROTECTED_TAGS:
            continue
        names = f"{element.get('class', '')} {element.get('id', '')}"
        if names.strip() and _LEAD_CLASS.search(names):
            lead = _clean_lines(_block_text(element))
            if 40 <= len(lead) <= 2000:
                return lead
    return ""


def _reject_binary_magic(body: bytes, name: str) -> None:
    for magic, label in _BINARY_MAGIC:
        if body.startswith(magic):
            raise InputRejected(name, f"binary content ({label}), not a text or HTML document")
    if _bom_encoding(body) is None and b"\x00" in body[:65536]:
        raise InputRejected(name, "binary content (NUL bytes), not a text or HTML document")


def _reject_control_heavy(text: str, name: str) -> None:
    sample = text[:65536]
    if not sample:
        return
    controls = sum(1 for ch in sample if ch < " " and ch not in _ALLOWED_CONTROLS)
    if controls / len(sample) > _CONTROL_RATIO_MAX:
        raise InputRejected(name, "binary content (control characters), not a text or HTML document")


def _looks_like_html(body: bytes, *, content_type: str | None, name: str) -> bool:
    if content_type:
        media = content_type.split(";", 1)[0].strip().lower()
        if media in {"text/html", "application/xhtml+xml"}:
            return True
        if media == "text/plain":
            return False
    if Path(name).suffix.lower() in HTML_SUFFIXES:
        return True
    encoding = _bom_encoding(body)
    head = body[:4096] if encoding in (None, "utf-8") else body[:16384].decode(encoding, "ignore").encode()
    return bool(_HTML_START.match(head.removeprefix(codecs.BOM_UTF8)))


def _bom_encoding(body: bytes) -> str | None:
    for bom, encoding in _BOMS:
        if body.startswith(bom):
            return encoding
    return None


def _legacy_font_hint(body: bytes) -> str | None:
    """TCVN3/VNI font names in the raw bytes (``<font face=".VnTime">``, CSS, DOCX font tables)."""
    if b".Vn" not in body and b"VNI" not in body.upper():
        return None
    return legacy.font_hint(body.decode("latin-1"))


def _decode(
    body: bytes, *, content_type: str | None, name: str, is_html: bool, hint: str | None = None
) -> tuple[str, str | None]:
    """(text, legacy encoding converted from or None)."""
    bom = _bom_encoding(body)
    if bom:
        return _strict_decode(body, bom, name).removeprefix("\ufeff"), None
    declared = _declared_charset(body, content_type=content_type, is_html=is_html)
    try:
        utf8: str | None = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        utf8, error = None, exc
    if utf8 is None and declared in (None, "utf-8", *_SINGLE_BYTE_LEGACY):
        # TCVN3/VNI bytes: whatever the page declares, only their Latin-1 reading converts losslessly
        text, encoding = legacy.decode(body, hint)
        if encoding:
            return text, encoding
    if declared in (None, "utf-8"):
        if utf8 is None:
            where = f"byte 0x{body[error.start]:02x} at offset {error.start}"
            advice = "; no charset declared" if is_html else "; save it as UTF-8"
            raise InputRejected(name, f"not valid UTF-8 ({where}){advice}") from error
        return utf8, None
    if declared in _SINGLE_BYTE_LEGACY and utf8 is not None and not utf8.isascii():
        # Pages that declare windows-1252/1258 but are really UTF-8 are common; mojibake helps no one.
        logger.info("%s declares %s but is valid UTF-8; reading it as UTF-8", name or "body", declared)
        return utf8, None
    return _strict_decode(body, declared, name), None


def _strict_decode(body: bytes, encoding: str, name: str) -> str:
    try:
        return body.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputRejected(name, f"not valid {encoding} (byte offset {exc.start})") from exc


def _declared_charset(body: bytes, *, content_type: str | None, is_html: bool) -> str | None:
    """The charset named by the HTTP header, else (HTML only) by a ``<meta>`` tag; normalised codec name."""
    label = None
    if content_type:
        match = _HEADER_CHARSET.search(content_type)
        label = match.group(1) if match else None
    if label is None and is_html:
        match = _META_CHARSET.search(body[:8192])
        label = match.group(1).decode("ascii", "ignore") if match else None
    if not label:
        return None
    label = label.strip().lower()
    label = _CHARSET_ALIASES.get(label, label)
    try:
        codec = codecs.lookup(label).name
    except LookupError:
        logger.info("unknown charset %r declared; trying UTF-8", label)
        return None
    if codec in {"utf-8", "utf-8-sig"}:
        return "utf-8"
    return _CHARSET_ALIASES.get(codec, codec)


def _normalise(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


# --- HTML -------------------------------------------------------------------------------------------------

_CHROME_TAGS = frozenset(
    (
        "script style noscript template nav header footer aside form iframe svg canvas button select option "
        "textarea input label object embed menu"
    ).split()
)
_CHROME_CLASS = re.compile(
    r"menu|(?<![a-z])nav|counter|share|social|breadcrumb|footer|sidebar|comment|rating|related|other-news"
    r"|banner|advert|toolbar|login|search|statistic|visitor|cookie|popup|modal|print-|font-?size",
    re.IGNORECASE,
)
_LEAD_CLASS = re.compile(
    r"sapo|summary|(?<![a-z])lead(?![a-z])|chapeau|tom-?tat|mo-?ta-?ngan|excerpt|intro", re.IGNORECASE
)
_PROTECTED_TAGS = frozenset({"html", "body", "main", "article"})
_CHROME_MAX_SHARE = 0.5  # never prune an element that holds more than half of the page's text
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"\A\s*<\?xml[^>]*>", re.IGNORECASE)
_BLOCK_TAGS = frozenset(
    (
        "address article blockquote br caption center dd div dl dt figcaption figure h1 h2 h3 h4 h5 h6 hr li "
        "main ol p pre section table tbody thead tfoot tr ul"
    ).split()
)
_CELL_TAGS = frozenset({"td", "th"})
# Lines that are nothing but a counter label and its number ("Hôm nay5,602", "Đang truy cập : 15") or a
# rating widget. Whole-line matches only, so article sentences that start with "Hôm nay," survive.
_CHROME_LINE = re.compile(
    r"^[-•*]?\s*(?:(?:đang truy cập|đang online|thành viên online|máy chủ tìm kiếm|khách viếng thăm"
    r"|hôm nay|hôm qua|tuần này|tuần trước|tháng hiện tại|tháng này|tháng trước|năm hiện tại"
    r"|tổng lượt truy cập|lượt truy cập|tổng truy cập|số lượt truy cập|lượt xem|đã xem|số lượt xem)"
    r"\s*:?\s*)+[\d.,\s]*$"
    r"|^tổng số điểm của bài viết là\b.*đánh giá$|^click để đánh giá bài viết$"
    r"|^(?:thống kê truy cập|những tin mới hơn|những tin cũ hơn|tin liên quan|tin cùng chuyên mục"
    r"|chia sẻ|in bài viết|gửi bài viết|lưu bài viết)\s*:?$",
    re.IGNORECASE,
)


def _parse_html(html: str) -> Any | None:
    import lxml.html
    from lxml.etree import ParserError

    html = _XML_DECLARATION.sub("", html, count=1)  # lxml refuses str input that declares an encoding
    if not html.strip():
        return None
    try:
        # huge_tree lifts libxml2's nesting limit of 256 (layout tables nest deep) and its text-node cap
        return lxml.html.document_fromstring(html, parser=lxml.html.HTMLParser(huge_tree=True))
    except (ParserError, ValueError) as exc:
        logger.info("unparseable HTML: %s", exc)
        return None


def _page_title(tree: Any) -> str:
    """``og:title``, else the first ``<h1>``, else ``<title>``; whitespace collapsed."""
    candidates = tree.xpath("//meta[@property='og:title']/@content") + [
        h1.text_content() for h1 in tree.xpath("//h1")[:1]
    ]
    candidates += [t.text_content() for t in tree.xpath("//title")[:1]]
    for candidate in candidates:
        title = " ".join(str(candidate).split())
        if title:
            return title
    return ""


def _prune_chrome(tree: Any) -> None:
    """Drop chrome elements in place (their tail text stays)."""
    body_len = max(len(tree.text_content()), 1)
    doomed: list[Any] = []
    doomed_set: set[Any] = set()
    for element in tree.iter():
        if not isinstance(element.tag, str):
            if element.getparent() is not None:  # comments and processing instructions
                doomed.append(element)
            continue
        if element.tag in _PROTECTED_TAGS or not _is_chrome(element):
            continue
        if element.tag not in {"script", "style"} and _is_protected(element, body_len):
            continue
        doomed.append(element)
    doomed += _related_lists(tree)
    for element in doomed:
        if element.getparent() is not None and not any(a in doomed_set for a in element.iterancestors()):
            element.drop_tree()
        doomed_set.add(element)


def _related_lists(tree: Any) -> list[Any]:
    """A "Tin liên quan" heading and the lists of links after it: other articles' headlines ("GRDP tăng 8,1%")
    are not this page's figures, whatever the block's class is called."""
    found = []
    for heading in tree.xpath("//h2|//h3|//h4|//h5|//h6|//strong|//b|//p|//span|//div[not(*)]"):
        raw = heading.text_content()
        if len(raw) > 80 or not RELATED_HEADING_RE.match(text := fold(raw)):
            continue
        anchor = heading
        while (
            anchor.tag in ("strong", "b", "span")
            and anchor.getnext() is None
            and (parent := anchor.getparent()) is not None
            and fold(parent.text_content()) == text
        ):
            anchor = parent  # "<p><strong>Tin liên quan</strong></p><ul>...": the heading's block
        found.append(anchor)
        for sibling in anchor.itersiblings():
            if not isinstance(sibling.tag, str):
                continue
            if sibling.tag in ("ul", "ol") or (
                sibling.xpath(".//a") and not sibling.xpath(".//p[string-length(normalize-space()) > 200]")
            ):
                found.append(sibling)
            else:
                break
    return found


def _is_chrome(element: Any) -> bool:
    if element.tag in _CHROME_TAGS:
        return True
    if _HIDDEN_STYLE.search(element.get("style", "")):
        return True
    names = f"{element.get('class', '')} {element.get('id', '')}"
    return bool(names.strip()) and bool(_CHROME_CLASS.search(names))


def _is_protected(element: Any, body_len: int) -> bool:
    """Wrappers that hold the article itself (an ASP.NET page is one big ``<form>``) are not chrome."""
    if element.xpath(".//article|.//main|.//*[@itemprop='articleBody']"):
        return True
    return len(element.text_content()) > _CHROME_MAX_SHARE * body_len


def _main_container(tree: Any) -> Any:
    """The element the tree walk reads: the largest ``<article>`` or ``<main>``, else ``<body>``."""
    for xpath in ("//*[@itemprop='articleBody']", "//article", "//main"):
        found = tree.xpath(xpath)
        if found:
            return max(found, key=lambda element: len(element.text_content()))
    body = tree.find("body")
    return body if body is not None else tree


def _block_text(root: Any) -> str:
    """Text of ``root`` with a line break around every block element, ``- `` before list items and
    ``| a | b |`` table rows (the shapes trafilatura's text output uses too). Iterative: no recursion limit.
    """
    from lxml import etree

    parts: list[str] = []
    for event, element in etree.iterwalk(root, events=("start", "end")):
        tag = element.tag if isinstance(element.tag, str) else ""
        if event == "start":
            if tag in _BLOCK_TAGS:
                parts.append("\n")
            if tag == "li":
                parts.append("- ")
            elif tag == "tr":
                parts.append("| ")
            if element.text and tag:
                parts.append(element.text)
            continue
        if tag in _CELL_TAGS:
            parts.append(" | ")
        elif tag in _BLOCK_TAGS:
            parts.append("\n")
        if element.tail and element is not root:
            parts.append(element.tail)
    return "".join(parts)


def _trafilatura_text(tree: Any) -> str:
    import lxml.html
    import trafilatura

    html = lxml.html.tostring(tree, encoding="unicode")
    if len(html) > _TRAFILATURA_MAX_CHARS:
        logger.info("page of %d characters: main text by the tree walk only", len(html))
        return ""
    try:
        text = trafilatura.extract(
            html,
            favor_recall=True,
            include_tables=True,
            include_comments=False,
            include_images=False,
            include_links=False,
            deduplicate=False,
            with_metadata=False,
        )
    except Exception:  # trafilatura is a heuristic; its failure must not lose the page
        logger.warning("trafilatura failed; using the tree walk", exc_info=True)
        return ""
    return text or ""


def _clean_lines(text: str) -> str:
    """One line per block: horizontal white space (NBSP too) collapsed, blank and chrome lines dropped."""
    lines = []
    for raw in text.split("\n"):
        line = " ".join(raw.split())  # raw holds no "\n"; split() also takes NBSP and other Unicode spaces
        if line in {"", "-", "|", "| |"} or _CHROME_LINE.match(line):
            continue
        lines.append(line)
    return "\n".join(lines)
