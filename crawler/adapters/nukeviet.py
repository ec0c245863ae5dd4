"""NukeViet (news and laws modules), as used by e.g. dongnai.gov.vn and dbnd.hagiang.gov.vn.

URLs: articles ``/{module}/{cat}/{alias}-{id}.html`` (also behind ``index.php?...&op=``), categories
``/{module}/{cat}/`` with pages ``/page-N/``; laws ``/{module}/detail/{alias}-{id}/`` and ``?page=N``.
Use the visible ``span.h5`` date: the hidden itemprop datePublished holds the edit time.
"""

from __future__ import annotations

from crawler.adapters.base import Adapter


class NukeVietAdapter(Adapter):
    name = "nukeviet"
    article_url = (r"-\d+\.html$", r"/detail/[^/]+-\d+/?$", r"[?&]op=[^&]*-\d+\.html")
    listing_url = (
        r"/page-\d+/?$",
        r"/[a-z0-9-]+/[a-z0-9-]+/$",
        r"[?&]page=\d+",
        r"[?&]nv=news(&op=[a-z0-9-]+)?$",
    )
    article_markers = (
        "div.news_column h1.title",
        "#news-bodyhtml",
        "h1.lawh3",
        "div#news_detail h1",
    )
    article_links = (
        ".news_column .panel-body h2 a",
        ".news_column .panel-body h3 a",
        ".list-group a.show.h4",
        ".flex-table-laws .c-intro a",
        ".flex-table-laws .c-code a",
        "div.news_column ul.related a",
    )
    next_page = ("ul.pagination li.page-item a.page-link", "ul.pagination a", "div.generate_page a")
    title = ("div.news_column h1.title", "h1.lawh3", "div#news_detail h1", "h1")
    date = (
        "div.news_column .row.margin-bottom-lg span.h5",
        ".news_column span.h5",
        "div#news_detail span.time",
    )
    lead = ("div.news_column div.hometext", "div#hometext")
    body = (
        "div#news-bodyhtml",
        "div.news_column div.bodytext",
        "div#news_detail div.bodytext",
        "div.laws-detail",
    )
    attachments = (
        "div.news-download-file .list-group-item a",
        "div.news-download-file a[download]",
        "div.laws-download-file .list-group-item a",
        "div.laws-download-file a",
    )
    issuer = ("p.h5.text-right",)
    chrome = ("ul.counter", "div.socialicon", "div.news-download-file", ".detail-related")
    meta_rows = "tr.hoatim"
