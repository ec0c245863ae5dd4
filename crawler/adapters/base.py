"""The adapter contract and the shared machinery every platform adapter builds on.

An adapter knows one platform family: which URLs are articles, listings and attachments, how pagination
looks, and where title, date, issuer, document number, body and files sit on an article page. Platform
modules mostly declare selectors (data); the walking logic lives here once.
"""

from __future__ import annotations

import copy
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, ClassVar
from urllib.parse import parse_qsl, unquote, urlencode, urljoin, urlsplit, urlunsplit

from lxml import etree
from parsel import Selector
from scrapy.http import Response, TextResponse

from crawler import dates, metadata
from crawler.sources import Source

FILE_EXTENSIONS = (".pdf", ".doc", ".docx", ".odt", ".rtf", ".xls", ".xlsx")
_FILE_HINTS = re.compile(
    r"(\?|&)download=|/documentContent\?|IdcService=GET_FILE|/Attachments/|/FileData/|/wp-content/uploads/.+\.\w+$",
    re.IGNORECASE,
)
_JS_DOWNLOAD = re.compile(r"""downloadfile\(\s*['"][^'"]*['"]\s*,\s*['"]([^'"]+)['"]""", re.IGNORECASE)
_TRACKING_PARAMS = {"utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content", "fbclid", "gclid"}
_BLOCK_TAGS = {
    "p",
    "div",
    "li",
    "tr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "ul",
    "ol",
    "br",
    "section",
    "article",
    "blockquote",
    "pre",
    "header",
    "footer",
    "dd",
    "dt",
}
_DROP_TAGS = {"script", "style", "noscript", "iframe", "form", "button", "select"}


@dataclass(slots=True)
class Link:
    """A link found on a page, with the role the adapter gives it."""

    url: str
    text: str = ""
    role: str = "article"  # article | next | section | attachment
    # when the page last changed, as a sitemap (<lastmod>) or feed (<updated>, <pubDate>) says; a hint
    # that a known page is worth fetching again before its revisit interval is over
    modified: datetime | None = None


@dataclass(slots=True)
class Article:
    """What an adapter reads from an article page."""

    title: str | None
    text: str
    published_at: datetime | None = None
    issuer: str | None = None
    doc_number: str | None = None
    issued_on: date | None = None
    attachments: list[Link] = field(default_factory=list)

    def item_fields(self) -> dict[str, Any]:
        """What a document item carries of the article (see ``crawler.items.DocumentItem``)."""
        return {
            "text": self.text,
            "title": self.title,
            "issuer": self.issuer,
            "doc_number": self.doc_number,
            "issued_on": self.issued_on,
            "published_at": self.published_at,
        }


_SPACES = re.compile(r"\s+")
_LINE_SPACES = re.compile(r"[ \t\xa0]+")


def clean(text: str | None) -> str:
    if not text:
        return ""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()


_TEXT_NODES = etree.XPath("descendant-or-self::text()", smart_strings=False)  # parsel's XPath for "::text"


def node_text(node: Selector) -> str:
    """``" ".join(node.css("::text").getall())``: the text nodes of a selected element, joined by spaces.

    The same XPath evaluated straight on the lxml element, without a selector object per text node: adapters
    ask this of every link on a listing page and of every title, date and lead.
    """
    if isinstance(node.root, etree._Element):
        return " ".join(_TEXT_NODES(node.root))
    return " ".join(node.css("::text").getall())


def block_text(element: etree._Element) -> str:
    """Visible text of an element with one line per block (paragraph, list item, table row)."""
    return _block_text_of_copy(copy.deepcopy(element))


def _block_text_of_copy(root: etree._Element) -> str:
    """:func:`block_text` of a tree the caller owns (a copy): it is changed in place, not copied again."""
    for sub in list(root.iter()):
        tag = sub.tag if isinstance(sub.tag, str) else ""
        if tag in _DROP_TAGS:
            parent = sub.getparent()
            if parent is not None:
                tail = sub.tail or ""
                parent.remove(sub)
                _append_text(parent, tail)
            continue
        if tag in _BLOCK_TAGS:
            sub.tail = "\n" + (sub.tail or "")
        elif tag in ("td", "th"):
            sub.tail = "\t" + (sub.tail or "")
    text = unicodedata.normalize("NFC", "".join(root.itertext()))
    lines = (_LINE_SPACES.sub(" ", line).strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def _append_text(parent: etree._Element, text: str) -> None:
    if not text:
        return
    children = list(parent)
    if children:
        children[-1].tail = (children[-1].tail or "") + text
    else:
        parent.text = (parent.text or "") + text


class Adapter:
    """Base adapter: selector-driven. Subclasses override the class attributes and, rarely, a hook."""

    name: ClassVar[str] = "base"
    article_url: ClassVar[tuple[str, ...]] = ()  # regexes on the URL (path + query)
    listing_url: ClassVar[tuple[str, ...]] = ()
    article_markers: ClassVar[tuple[str, ...]] = ()  # CSS: present on article pages only
    article_links: ClassVar[tuple[str, ...]] = ()  # CSS: <a> elements of listing entries
    next_page: ClassVar[tuple[str, ...]] = ()  # CSS: <a> elements of the pager
    section_links: ClassVar[tuple[str, ...]] = ()  # CSS: <a> to sub-listings (menus, category blocks)
    title: ClassVar[tuple[str, ...]] = ("h1",)
    date: ClassVar[tuple[str, ...]] = ()
    lead: ClassVar[tuple[str, ...]] = ()
    body: ClassVar[tuple[str, ...]] = ()
    attachments: ClassVar[tuple[str, ...]] = ()  # CSS: <a> elements of the file list
    issuer: ClassVar[tuple[str, ...]] = ()
    chrome: ClassVar[tuple[str, ...]] = ()  # CSS removed from the body (share bars, related lists)
    meta_rows: ClassVar[str | None] = None  # CSS of label/value rows of a document properties table
    noise_params: ClassVar[frozenset[str]] = frozenset()

    def __init__(self, source: Source) -> None:
        self.source = source
        self._article_re = [re.compile(p, re.IGNORECASE) for p in self.article_url]
        self._listing_re = [re.compile(p, re.IGNORECASE) for p in self.listing_url]

    # -- entry points -------------------------------------------------------------------------------
    def start_urls(self) -> list[tuple[str, str]]:
        """(url, role) pairs to start from: listings, feeds and sitemaps of the source."""
        urls = [(u, "listing") for u in self.source.entry_urls]
        urls += [(u, "feed") for u in self.source.feeds]
        urls += [(u, "sitemap") for u in self.source.sitemaps]
        return urls

    # -- URLs ---------------------------------------------------------------------------------------
    def canonical_url(self, url: str) -> str:
        """Fragment, session ids, tracking and platform noise parameters removed; query order kept."""
        parts = urlsplit(url)
        path = re.sub(r";jsessionid=[^/?#]*", "", parts.path, flags=re.IGNORECASE)
        noise = _TRACKING_PARAMS | self.noise_params
        query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k not in noise]
        return urlunsplit((parts.scheme, parts.netloc.lower(), path or "/", urlencode(query), ""))

    def _url_tail(self, url: str) -> str:
        parts = urlsplit(url)
        return unquote(parts.path) + ("?" + parts.query if parts.query else "")

    def is_article_url(self, url: str) -> bool:
        tail = self._url_tail(url)
        return any(r.search(tail) for r in self._article_re)

    def is_listing_url(self, url: str) -> bool:
        tail = self._url_tail(url)
        return any(r.search(tail) for r in self._listing_re)

    def attachment_url(self, href: str, base: str) -> str | None:
        """The absolute file URL behind a link, or None when the link is not a file."""
        js = _JS_DOWNLOAD.search(href)
        if js:
            return urljoin(base, js.group(1))
        if href.startswith(("javascript:", "mailto:", "tel:", "#")):
            return None
        url = urljoin(base, href)
        path = urlsplit(url).path.lower()
        if path.endswith(FILE_EXTENSIONS) or _FILE_HINTS.search(url):
            return url
        return None

    # -- pages --------------------------------------------------------------------------------------
    def is_article_page(self, response: TextResponse) -> bool:
        if any(response.css(css) for css in self.article_markers):
            return True
        return self.is_article_url(response.url) and not self.is_listing_url(response.url)

    def links(self, response: TextResponse) -> Iterator[Link]:
        """Links of a listing page: entries, pager, sub-sections and files, each once."""
        seen: set[str] = set()
        for link in self._raw_links(response):
            if link.url in seen:
                continue
            seen.add(link.url)
            yield link

    def _raw_links(self, response: TextResponse) -> Iterator[Link]:
        found_entries = False
        for css in self.article_links:
            for a in response.css(css):
                link = self._link(response, a, "article")
                if link:
                    found_entries = True
                    yield link
        for css in self.next_page:
            for a in response.css(css):
                link = self._link(response, a, "next")
                if link:
                    yield link
        for css in self.section_links:
            for a in response.css(css):
                link = self._link(response, a, "section")
                if link:
                    yield link
        yield from self._classified_links(response, entries_found=found_entries)

    def _classified_links(self, response: TextResponse, entries_found: bool) -> Iterator[Link]:
        """Every other <a> classified by URL shape: files, articles (when no entry selector matched), listings."""
        for a in response.css("a[href]"):
            href = a.attrib.get("href", "").strip()
            file_url = self.attachment_url(href, response.url)
            if file_url:
                yield Link(file_url, clean(node_text(a)), "attachment")
                continue
            link = self._link(response, a, "article")
            if link is None:
                continue
            if not entries_found and self.is_article_url(link.url):
                yield link
            elif self.is_listing_url(link.url):
                link.role = "section"
                yield link

    def _link(self, response: TextResponse, a, role: str) -> Link | None:
        href = (a.attrib.get("href") or "").strip()
        if not href or href.startswith(("javascript:", "mailto:", "tel:", "#")):
            return None
        url = self.canonical_url(urljoin(response.url, href))
        if urlsplit(url).scheme not in ("http", "https"):
            return None
        text = clean(node_text(a)) or clean(a.attrib.get("title"))
        return Link(url, text, role)

    # -- articles -----------------------------------------------------------------------------------
    def article(self, response: TextResponse) -> Article:
        title = self._first_text(response, self.title) or clean(response.css("title::text").get())
        lead = self._first_text(response, self.lead)
        body = self._body_text(response)
        text = "\n".join(part for part in (title, lead, body) if part)
        labels = metadata.label_values(response, self.meta_rows) if self.meta_rows else {}
        doc_number = metadata.pick_label(
            labels, "Số kí hiệu", "Số ký hiệu", "Số hiệu"
        ) or metadata.find_doc_number(title, lead, body[:2000])
        issued = dates.parse_date(metadata.pick_label(labels, "Ngày ban hành")) or dates.issue_date_in_text(
            body
        )
        issuer = (
            metadata.pick_label(labels, "Cơ quan ban hành", "Cơ quan ban hành/ Chức danh / Người ký")
            or self._issuer(response)
            or metadata.issuer_from_text(body)
            or metadata.issuer_from_doc_number(doc_number, self.source.province)
        )
        return Article(
            title=title or None,
            text=text,
            published_at=self._published(response),
            issuer=issuer,
            doc_number=doc_number,
            issued_on=issued,
            attachments=list(self._attachments(response)),
        )

    def _first_text(self, response: TextResponse, selectors: tuple[str, ...]) -> str:
        for css in selectors:
            for node in response.css(css):
                text = clean(node_text(node))
                if text:
                    return text
        return ""

    def _published(self, response: TextResponse) -> datetime | None:
        for css in self.date:
            for node in response.css(css):
                raw = node.attrib.get("datetime") or node.attrib.get("content") or node_text(node)
                moment = dates.parse_datetime(raw)
                if moment:
                    return moment
        return None

    def _issuer(self, response: TextResponse) -> str | None:
        text = self._first_text(response, self.issuer)
        return re.sub(r"^(Nguồn tin|Tác giả|Nguồn)\s*:\s*", "", text, flags=re.IGNORECASE) or None

    def _body_nodes(self, response: TextResponse):
        for css in self.body:
            nodes = response.css(css)
            if nodes:
                return nodes
        return None

    def _body_text(self, response: TextResponse) -> str:
        nodes = self._body_nodes(response)
        if nodes is None:
            return main_text(response)
        parts = []
        for node in nodes:
            root = copy.deepcopy(node.root)
            for css in self.chrome:
                for junk in type(node)(root=root).css(css):
                    junk.drop()
            parts.append(_block_text_of_copy(root))  # our own copy already
        return "\n".join(p for p in parts if p)

    def _attachments(self, response: TextResponse) -> Iterator[Link]:
        seen: set[str] = set()
        anchors = [a for css in self.attachments for a in response.css(css)]
        nodes = self._body_nodes(response)
        if nodes is not None:
            anchors += [a for node in nodes for a in node.css("a[href]")]
        for a in anchors:
            href = (a.attrib.get("href") or "").strip()
            url = self.attachment_url(href, response.url)
            if url is None and a.attrib.get("download") is not None and href:
                url = urljoin(response.url, href)
            if url and url not in seen:
                seen.add(url)
                text = clean(node_text(a)) or clean(a.attrib.get("title"))
                yield Link(url, text, "attachment")


def main_text(response: Response) -> str:
    """Main text of a page with no known body selector: trafilatura, page chrome removed."""
    import trafilatura

    try:
        text = trafilatura.extract(
            response.text, include_comments=False, include_tables=True, favor_recall=True
        )
    except Exception:  # trafilatura raises assorted errors on odd markup
        text = None
    if text and len(text.strip()) >= 40:
        return unicodedata.normalize("NFC", text)
    body = response.css("body")
    return block_text(body[0].root) if body else ""
