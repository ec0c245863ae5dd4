"""XML sitemaps and sitemap indexes (``<urlset>``, ``<sitemapindex>``, gzip handled by Scrapy).

URLs from a sitemap carry no anchor text, so relevance is decided on the URL slug (Vietnamese portals put
the accent-folded title in the slug) unless the source keeps everything.
"""

from __future__ import annotations

from collections.abc import Iterator

from parsel import Selector
from scrapy.http import Response

from crawler.adapters.base import Link, clean
from crawler.adapters.generic import GenericAdapter
from crawler.revisit import parse_hint_date


def sitemap_links(response: Response) -> Iterator[Link]:
    """Page URLs of a urlset (role article, with ``<lastmod>`` as the change hint) and child sitemaps of an
    index (role sitemap, always read)."""
    selector = Selector(text=response.body.decode("utf-8", errors="replace"), type="xml")
    selector.remove_namespaces()
    for loc in selector.xpath("//sitemapindex/sitemap/loc/text()").getall():
        yield Link(response.urljoin(clean(loc)), "", "sitemap")
    entries = [
        (response.urljoin(clean(entry.xpath("loc/text()").get())), entry.xpath("lastmod/text()").get())
        for entry in selector.xpath("//urlset/url[loc]")
    ]
    trusted = _lastmod_is_meaningful([lastmod for _url, lastmod in entries])
    for url, lastmod in entries:
        yield Link(url, "", "article", modified=parse_hint_date(lastmod) if trusted else None)


def _lastmod_is_meaningful(values: list[str | None]) -> bool:
    """False for a sitemap that stamps every URL with one time (many CMSs write the time the sitemap was
    generated): as a change hint it would make every known page look changed on every crawl."""
    stamped = [v.strip() for v in values if v and v.strip()]
    return len(stamped) < 5 or len(set(stamped)) > 1


def looks_like_sitemap(body: bytes) -> bool:
    head = body[:2000].lower()
    return b"<urlset" in head or b"<sitemapindex" in head


class SitemapAdapter(GenericAdapter):
    """A source given as sitemaps: the entry URLs are sitemaps, the pages are read generically."""

    name = "sitemap"

    def start_urls(self) -> list[tuple[str, str]]:
        return [(u, "sitemap") for u in (*self.source.entry_urls, *self.source.sitemaps)]
