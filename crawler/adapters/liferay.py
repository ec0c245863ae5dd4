"""Liferay-based provincial portals ("Cổng TTĐT"): asset publisher lists and web-content articles.

URLs: ``/web/{site}/{page}``, details ``/-/asset_publisher/{instance}/content/{urlTitle}`` or
``/-/view_content/{id}-{slug}.html``, Liferay 7 ``/w/{slug}``; pages by ``_{portletId}_cur=N``;
files ``/documents/{groupId}/{folderId}/{name}/{uuid}`` or ``/documents/d/{site}/{name}``.
"""

from __future__ import annotations

import re

from crawler.adapters.base import Adapter


class LiferayAdapter(Adapter):
    name = "liferay"
    article_url = (r"/-/asset_publisher/[^/]+/content/", r"/-/view_content/", r"/w/[^/?]+$", r"/-/[^/]+/?$")
    listing_url = (r"_cur=\d+", r"^/web/[^/]+/[^/?]+/?$")
    article_markers = (
        "div.asset-full-content",
        "div.asset-full-content-title",
        "div.journal-content-article[data-analytics-asset-id]",
        "#contentnews",
    )
    article_links = (
        "div.asset-abstract h3.asset-title a",
        "div.asset-abstract .asset-more a",
        "div[id^='p_p_id_dsnews'] div h2 a",
        "div.portlet-asset-publisher .title-news a",
    )
    next_page = (
        "div.lfr-pagination a",
        "ul.lfr-pagination-buttons a",
        ".taglib-page-iterator a",
        "ul.pagination a",
        "[id$='PageIterator'] a",
    )
    title = (
        "div.asset-full-content-title",
        ".asset-full-content h3.header-title",
        "h1.asset-title",
        "h1",
        "h3.asset-title",
    )
    date = (
        "div.assetPublishDate",
        ".asset-full-content .metadata-publish-date",
        ".asset-metadata",
        ".block_timer",
    )
    lead = ("p.sapo", "div.asset-summary")
    body = (
        "div.asset-full-content div.journal-content-article",
        "#contentnews",
        "div.journal-content-article",
    )
    issuer = ("p.view-content-author",)
    chrome = ("div.related_asset", "div.taglib-social-bookmarks", "div.asset-links", "div.asset-ratings")

    def attachment_url(self, href: str, base: str) -> str | None:
        url = super().attachment_url(href, base)
        if url is None and re.search(r"/documents/(\d+/\d+/|d/)", href):
            from urllib.parse import urljoin

            url = urljoin(base, href)
        return url
