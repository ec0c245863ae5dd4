"""RSS 2.0 and Atom feeds (NukeViet ``/{module}/rss/``, Liferay ``/-/asset_publisher/{id}/rss``).

A feed yields article links with their titles and summaries (used for the relevance decision); the
articles themselves are read with the generic adapter unless the source names another platform.
"""

from __future__ import annotations

from collections.abc import Iterator

from parsel import Selector
from scrapy.http import Response

from crawler.adapters.base import Link, clean
from crawler.adapters.generic import GenericAdapter
from crawler.revisit import parse_hint_date


def feed_links(response: Response) -> Iterator[Link]:
    """Items of an RSS or Atom feed as article links; the link text is title + summary, and the item's date
    (Atom ``<updated>``, RSS ``<pubDate>``) the change hint."""
    selector = Selector(
        text=response.body.decode(
            response.encoding if hasattr(response, "encoding") else "utf-8", errors="replace"
        ),
        type="xml",
    )
    selector.remove_namespaces()
    for item in selector.xpath("//item | //entry"):
        url = clean(item.xpath("link/text()").get()) or clean(item.xpath("link/@href").get())
        if not url:
            url = clean(item.xpath("guid[not(@isPermaLink='false')]/text()").get())
        if not url:
            continue
        title = clean(item.xpath("title/text()").get())
        summary = clean(item.xpath("description/text() | summary/text()").get())
        summary = (
            clean(Selector(text=f"<div>{summary}</div>").xpath("string()").get())
            if "<" in summary
            else summary
        )
        # Atom's <updated> says when an entry last changed; RSS has only <pubDate> (or dc:date)
        when = (
            item.xpath("updated/text()").get()
            or item.xpath("pubDate | published | date").xpath("text()").get()
        )
        yield Link(response.urljoin(url), f"{title} {summary}".strip(), "article", parse_hint_date(when))


def looks_like_feed(body: bytes) -> bool:
    head = body[:2000].lstrip().lower()
    return b"<rss" in head or (b"<feed" in head and b"atom" in head)


class RssAdapter(GenericAdapter):
    """A source given as feeds: the entry URLs are feeds, the articles are read generically."""

    name = "rss"

    def start_urls(self) -> list[tuple[str, str]]:
        return [(u, "feed") for u in (*self.source.entry_urls, *self.source.feeds)]
