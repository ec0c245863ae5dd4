"""Oracle WebCenter portals: ``/webcenter/portal/{portal}/pages_{page}/{sub}?dDocName={ID}``.

ADF ids and classes are generated and unstable, so this adapter matches links by ``dDocName`` and reads
titles and dates from text, and strips the ADF state parameters that make every URL unique.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

from scrapy.http import TextResponse

from crawler.adapters.base import Adapter


class WebCenterAdapter(Adapter):
    name = "webcenter"
    article_url = (r"/webcenter/portal/.*[?&]dDocName=",)
    listing_url = (r"/webcenter/portal/[^?]*[?&](selectedPage|page)=\d+", r"/webcenter/portal/[^?]+/?$")
    article_links = ("a[href*='dDocName']",)
    next_page = ("a[href*='selectedPage=']",)
    title = ("h1", "h2.title", "div.title", ".tieude", "h2")
    date = (".date", ".ngay", ".time", "span.publish-date")
    body = (".content-detail", ".noidung", "div.content", "article")
    noise_params = frozenset(
        {
            "_afrLoop",
            "_adf.ctrl-state",
            "centerWidth",
            "leftWidth",
            "rightWidth",
            "showFooter",
            "showHeader",
            "_afrWindowMode",
            "_afrWindowId",
        }
    )

    def is_article_page(self, response: TextResponse) -> bool:
        return self.is_article_url(response.url)

    def attachment_url(self, href: str, base: str) -> str | None:
        url = super().attachment_url(href, base)
        if url and "dDocName" in url and "/webcenter/portal/" in urlsplit(url).path:
            return None  # an article link, not a file
        return url

    def canonical_url(self, url: str) -> str:
        """Articles key on dDocName alone: every other parameter is ADF navigation state."""
        url = super().canonical_url(url)
        parts = urlsplit(url)
        doc = dict(parse_qsl(parts.query)).get("dDocName")
        if doc and "/webcenter/portal/" in parts.path:
            return f"{parts.scheme}://{parts.netloc}{parts.path}?dDocName={doc}"
        return url

    def _published(self, response: TextResponse):
        moment = super()._published(response)
        if moment is None:
            from crawler import dates

            head = " ".join(response.css("body ::text").getall()[:400])
            moment = dates.parse_datetime(head)
        return moment
