"""A WordPress-style site (an association or district site), with an RSS feed."""

from __future__ import annotations

from crawlkit.portals.common import ACTION_2025, FESTIVAL, TARGETS_2025, page, paragraphs, text_pdf
from crawlkit.server import Resource, Site

PROVINCE = "Bắc Giang"
POST = "/2024/12/hoi-nghi-trien-khai-chi-tieu-ke-hoach-nam-2025/"
POST2 = "/2025/01/chuong-trinh-hanh-dong-nam-2025/"
OTHER = "/2024/11/hoi-thi-nha-nong-gioi/"
PDF = "/wp-content/uploads/2024/12/ke-hoach-2025.pdf"
FEED = "/feed/"


def _shell(main: str, title: str, body_class: str = "home blog") -> Resource:
    body = (
        f'<div id="page" class="{body_class}"><header class="site-header"><h1 class="site-title">Hội Nông dân tỉnh</h1>'
        '<nav class="main-navigation"><a href="/">Trang chủ</a> <a href="/category/tin-tuc/">Tin tức</a></nav></header>'
        f'<main id="main">{main}</main><aside class="widget">Lượt truy cập: 99.120</aside>'
        "<footer>Vận hành bởi WordPress</footer></div>"
    )
    head = '<meta name="generator" content="WordPress 6.4.2"><link rel="stylesheet" href="/wp-content/themes/x/style.css">'
    return page(body, title, head)


def _entry(url: str, title: str) -> str:
    return f'<article class="post"><h2 class="entry-title"><a href="{url}" rel="bookmark">{title}</a></h2></article>'


def _post(title: str, iso: str, lines: list[str], extra: str = "") -> Resource:
    main = (
        f'<article class="post"><header><h1 class="entry-title">{title}</h1>'
        f'<span class="posted-on"><time class="entry-date published" datetime="{iso}">{iso[:10]}</time></span></header>'
        f'<div class="entry-content">{paragraphs(lines)}{extra}'
        '<div class="sharedaddy">Chia sẻ: Facebook, Zalo</div></div></article>'
    )
    return _shell(main, title, "single single-post")


def build() -> Site:
    site = Site()
    site["/robots.txt"] = Resource(b"User-agent: *\nDisallow: /wp-admin/\n", "text/plain")
    site["/"] = _shell(
        _entry(POST, "Hội nghị triển khai chỉ tiêu kế hoạch năm 2025")
        + _entry(OTHER, "Hội thi nhà nông giỏi")
        + '<nav class="navigation pagination"><div class="nav-links"><a class="next page-numbers" href="/page/2/">Trang sau</a></div></nav>',
        "Trang chủ",
    )
    site["/category/tin-tuc/"] = _shell(
        _entry(POST, "Hội nghị triển khai chỉ tiêu kế hoạch năm 2025"), "Tin tức"
    )
    site["/page/2/"] = _shell(_entry(POST2, "Chương trình hành động năm 2025"), "Trang 2")
    site[POST] = _post(
        "Hội nghị triển khai chỉ tiêu kế hoạch năm 2025",
        "2024-12-20T09:30:00+07:00",
        ["Hội nghị quán triệt các chỉ tiêu năm 2025:", *TARGETS_2025[4:]],
        f'<p><a href="{PDF}">Tải kế hoạch (PDF)</a></p>',
    )
    site[POST2] = _post("Chương trình hành động năm 2025", "2025-01-08T14:00:00+07:00", ACTION_2025)
    site[OTHER] = _post("Hội thi nhà nông giỏi", "2024-11-02T08:00:00+07:00", FESTIVAL)
    site[PDF] = text_pdf()
    site[FEED] = Resource(
        (
            '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Hội Nông dân tỉnh</title>'
            f"<item><title>Hội nghị triển khai chỉ tiêu kế hoạch năm 2025</title><link>@@BASE@@{POST}</link>"
            "<pubDate>Fri, 20 Dec 2024 09:30:00 +0700</pubDate><description>Quán triệt chỉ tiêu</description></item>"
            f"<item><title>Hội thi nhà nông giỏi</title><link>@@BASE@@{OTHER}</link>"
            "<description>Hội thi</description></item></channel></rss>"
        ).encode(),
        "application/rss+xml; charset=utf-8",
    )
    return site
