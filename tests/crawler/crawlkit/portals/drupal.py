"""A Drupal-style office site (/node/N paths, views rows, pager), with a sitemap; read by the generic adapter."""

from __future__ import annotations

from crawlkit.portals.common import MIDYEAR_2024, TARGETS_2025, page, paragraphs
from crawlkit.server import Resource, Site

PROVINCE = "Lạng Sơn"
LISTING = "/tin-tuc"
NODE = "/node/2231"
NODE2 = "/node/2190"
SITEMAP = "/sitemap.xml"
ALIAS = "/tin-tuc/thong-bao-ket-luan-ve-chi-tieu-nam-2025"  # path alias of NODE
FESTIVAL = "/tin-tuc/le-hoi-hoa-dao-xu-lang"


def _shell(main: str, title: str, classes: str = "") -> Resource:
    body = (
        f'<div class="dialog-off-canvas-main-canvas {classes}" data-drupal-selector="main">'
        '<nav><ul class="menu"><li><a href="/">Trang chủ</a></li><li><a href="/tin-tuc">Tin tức</a></li></ul></nav>'
        f"<main>{main}</main><footer>Văn phòng UBND tỉnh Lạng Sơn · Truy cập: 44.001</footer></div>"
    )
    return page(body, title, '<meta name="Generator" content="Drupal 10 (https://www.drupal.org)">')


def _node(title: str, submitted: str, lines: list[str]) -> Resource:
    return _shell(
        f'<article class="node node--type-article"><h1 class="page-title">{title}</h1>'
        f'<div class="node__submitted">Đăng ngày {submitted}</div>'
        f'<div class="field--name-body">{paragraphs(lines)}</div></article>',
        title,
    )


def build() -> Site:
    site = Site()
    site["/robots.txt"] = Resource(b"User-agent: *\nDisallow: /user/\n", "text/plain")
    site[LISTING] = _shell(
        '<div class="view-content">'
        f'<div class="views-row"><div class="views-field-title"><a href="{NODE}">Thông báo kết luận về chỉ tiêu năm 2025</a></div></div>'
        '</div><ul class="pager"><li class="pager__item--next"><a href="/tin-tuc?page=1">Trang sau ›</a></li></ul>',
        "Tin tức",
    )
    site["/tin-tuc?page=1"] = _shell(
        f'<div class="view-content"><div class="views-row"><div class="views-field-title"><a href="{NODE2}">'
        "Tình hình kinh tế - xã hội 6 tháng đầu năm 2024</a></div></div></div>",
        "Tin tức - 2",
    )
    site[NODE] = _node(
        "Thông báo kết luận về chỉ tiêu năm 2025",
        "16/12/2024 - 15:40",
        ["Thường trực UBND tỉnh kết luận các chỉ tiêu năm 2025:", *TARGETS_2025[:3]],
    )
    site[ALIAS] = site.resources[NODE]
    site[FESTIVAL] = _node("Lễ hội hoa đào xứ Lạng", "01/02/2025 - 08:00", ["Lễ hội thu hút nhiều du khách."])
    site[NODE2] = _node("Tình hình kinh tế - xã hội 6 tháng đầu năm 2024", "09/07/2024 - 10:00", MIDYEAR_2024)
    site[SITEMAP] = Resource(
        (
            '<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"<url><loc>@@BASE@@{ALIAS}</loc><lastmod>2024-12-16</lastmod></url>"
            f"<url><loc>@@BASE@@{FESTIVAL}</loc></url></urlset>"
        ).encode(),
        "application/xml",
    )
    return site
