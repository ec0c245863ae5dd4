"""A SharePoint portal: /Pages/*.aspx with ItemID, vbpl-style document properties and downloadfile links."""

from __future__ import annotations

from crawlkit.portals.common import MIDYEAR_2024, TARGETS_2025, docx, page, paragraphs
from crawlkit.server import Resource, Site

PROVINCE = "Long An"
LISTING = "/Pages/van-ban.aspx"
PAGE2 = LISTING + "?Page=2"
RESOLUTION = "/Pages/vbpq-toanvan.aspx?ItemID=321"
NEWS = "/Pages/chi-tiet-tin-tuc.aspx?ItemID=88"
FILE = "/TW/Lists/vbpq/Attachments/321/NQ-15-2024.docx"


def _shell(main: str, title: str) -> Resource:
    body = (
        '<form id="aspnetForm"><div id="s4-ribbonrow"><a href="#">Skip Ribbon Commands</a></div></form>'
        '<div id="s4-workspace"><div class="top-menu"><a href="/Pages/default.aspx">Trang chủ</a> '
        f'<a href="{LISTING}">Văn bản</a></div><div id="ctl00_PlaceHolderMain">{main}</div>'
        '<div class="thongke">Lượt truy cập: 2.311.009</div></div>'
        '<script src="/_layouts/15/init.js"></script>'
    )
    return page(body, title)


def build() -> Site:
    site = Site()
    site["/robots.txt"] = Resource(b"User-agent: *\nDisallow: /_layouts/\n", "text/plain")
    site[LISTING] = _shell(
        f'<p class="title"><a href="{RESOLUTION}">Nghị quyết số 15/NQ-HĐND về kế hoạch phát triển kinh tế - xã hội năm 2025</a></p>'
        '<div class="des">Trích yếu: giao chỉ tiêu năm 2025</div>'
        f'<div class="paging"><a href="{PAGE2}">2</a></div>',
        "Văn bản",
    )
    site["/Pages/default.aspx"] = _shell(
        '<div class="welcome">Cổng thông tin điện tử tỉnh</div>', "Trang chủ"
    )
    site[PAGE2] = _shell(
        f'<p class="title"><a href="{NEWS}">Tình hình kinh tế - xã hội 6 tháng đầu năm 2024</a></p>'
        f'<div class="paging"><a href="{LISTING}">1</a></div>',
        "Văn bản - 2",
    )
    props = (
        '<div class="vbProperties"><table>'
        '<tr><td class="label">Số ký hiệu</td><td>15/NQ-HĐND</td><td class="label">Ngày ban hành</td><td>09/12/2024</td></tr>'
        '<tr><td class="label">Loại văn bản</td><td>Nghị quyết</td><td class="label">Ngày có hiệu lực</td><td>01/01/2025</td></tr>'
        '<tr><td class="label">Cơ quan ban hành</td><td>Hội đồng nhân dân tỉnh Long An</td></tr></table></div>'
    )
    site[RESOLUTION] = _shell(
        '<div class="box-map"><a href="/Pages/default.aspx">Trang chủ</a> » Văn bản</div>'
        '<div class="vbInfo"><div class="title">Nghị quyết về kế hoạch phát triển kinh tế - xã hội năm 2025</div>'
        "<ul><li>Hiệu lực: Còn hiệu lực</li></ul></div>"
        f"{props}"
        f'<div class="toanvancontent">{paragraphs(["HỘI ĐỒNG NHÂN DÂN TỈNH LONG AN", "Số: 15/NQ-HĐND", "Long An, ngày 09 tháng 12 năm 2024", "NGHỊ QUYẾT", "Điều 1. Chỉ tiêu chủ yếu năm 2025:", *TARGETS_2025[:5]])}</div>'
        f'<ul class="fileAttack"><li><a class="show_hide" href="javascript:downloadfile(\'NQ-15-2024.docx\',\'{FILE}\')">NQ-15-2024.docx</a></li></ul>',
        "Nghị quyết 15/NQ-HĐND",
    )
    site[NEWS] = _shell(
        f'<div class="news-detail"><h1>Tình hình kinh tế - xã hội 6 tháng đầu năm 2024</h1><span class="date">08/07/2024</span>'
        f'<div class="content">{paragraphs(MIDYEAR_2024)}</div></div>',
        "Tin tức",
    )
    site[FILE] = docx()
    return site
