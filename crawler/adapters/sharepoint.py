"""SharePoint-style portals: ``/Pages/*.aspx`` (``/Trang/`` when localised), ``?ItemID=N`` details,
vbpl-style document properties (``div.vbProperties``) and ``javascript:downloadfile('name','/path')`` files.
"""

from __future__ import annotations

from crawler.adapters.base import Adapter


class SharePointAdapter(Adapter):
    name = "sharepoint"
    article_url = (
        r"/(Pages|Trang)/[^?]*\.aspx\?.*\b(ItemID|ID|newsid|id)=\d+",
        r"/(Pages|Trang)/[^/?]*(chi-tiet|chitiet|detail|toanvan)[^/?]*\.aspx",
        r"/Lists/[^/]+/DispForm\.aspx\?ID=\d+",
    )
    listing_url = (r"[?&](Page|page|PageIndex|p)=\d+", r"/(Pages|Trang)/[^?]*\.aspx$")
    article_markers = (
        "div.toanvancontent",
        "div.vbProperties",
        "div.news-detail",
        "div.ms-rtestate-field h1",
    )
    article_links = ("p.title a", "div.news-item h3 a", "ul.news-list li a.title", "div.list-news .title a")
    next_page = ("div.paging a", "div.pager a", "ul.pagination a", "a.next")
    title = ("div.news-detail h1", "h1.title", "div.vbInfo .title", "h1", "h2.title")
    date = ("div.news-detail .date", "span.date", ".ngay-dang", ".news-date")
    lead = ("div.news-detail .sapo", "div.summary")
    body = (
        "div.toanvancontent",
        "div.news-detail div.content",
        "div.ms-rtestate-field",
        "#ctl00_PlaceHolderMain_ctl00__ControlWrapper_RichHtmlField",
    )
    attachments = ("ul.fileAttack a", "div.attachments a", "table.ms-formtable a[href*='Attachments']")
    chrome = ("div.share", "div.tin-lien-quan", "div.related", "div.print")
    meta_rows = "div.vbProperties table tr"
