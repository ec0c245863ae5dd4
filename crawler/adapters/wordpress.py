"""WordPress-style sites: ``/{yyyy}/{mm}/{slug}/`` or ``?p=N`` posts, ``/page/N/`` listings."""

from __future__ import annotations

from crawler.adapters.base import Adapter


class WordPressAdapter(Adapter):
    name = "wordpress"
    article_url = (r"/\d{4}/\d{2}/(\d{2}/)?[^/]+/?$", r"[?&]p=\d+$")
    listing_url = (r"/page/\d+/?$", r"/(category|chuyen-muc|tag)/[^/]+/?$")
    article_markers = ("article.post .entry-content", "body.single-post", "body.single")
    article_links = (
        "article h2.entry-title a",
        "article h3.entry-title a",
        "h2.entry-title a",
        ".post-title a",
    )
    next_page = ("a.next.page-numbers", ".nav-links a", ".nav-previous a", ".pagination a")
    section_links = ("a[rel='category tag']",)
    title = ("h1.entry-title", "article h1", "h1")
    date = (
        "time.entry-date[datetime]",
        "meta[property='article:published_time']",
        "time[datetime]",
        ".posted-on",
    )
    body = ("div.entry-content", "article .post-content")
    chrome = ("div.sharedaddy", "div.jp-relatedposts", ".share-buttons", "nav")
