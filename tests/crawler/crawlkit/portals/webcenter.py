"""An Oracle WebCenter portal: dDocName articles, ADF state parameters, documentContent files."""

from __future__ import annotations

from crawlkit.portals.common import ACTION_2025, TARGETS_2025, page, paragraphs, scanned_pdf
from crawlkit.server import Resource, Site

PROVINCE = "Quảng Nam"
LISTING = "/webcenter/portal/ubnd/pages_tin-tuc/kinh-te"
PAGE2 = LISTING + "?selectedPage=2"
ARTICLE_PATH = "/webcenter/portal/ubnd/pages_tin-tuc/chi-tiet"
ARTICLE = ARTICLE_PATH + "?dDocName=PORTAL174180"
OTHER = ARTICLE_PATH + "?dDocName=PORTAL174200"
FILE = "/webcenter/documentContent?dDocName=PORTAL174181"


def _shell(main: str, title: str) -> Resource:
    body = (
        '<div id="T:oc_5868747166region1" class="x28i"><div class="af_panelGroupLayout">'
        '<a href="/webcenter/portal/ubnd/pages_trang-chu?_afrLoop=991&_adf.ctrl-state=zz_4">Trang chủ</a> | '
        f'<a href="{LISTING}?_afrLoop=992">Tin kinh tế</a></div>'
        f'<div id="T:oc_5868747166region1:listTmplt:pbl6">{main}</div>'
        '<div class="footer">Số lượt truy cập: 8.120.554</div></div>'
        '<script src="/webcenter/afr/partition/gecko/default/opt/boot-SHEPHERD.js"></script>'
    )
    return page(body, title)


def build() -> Site:
    site = Site()
    site["/robots.txt"] = Resource(b"User-agent: *\nDisallow: /webcenter/spaces/\n", "text/plain")
    site[LISTING] = _shell(
        '<table class="list">'
        f'<tr><td><a href="{ARTICLE}&_afrLoop=1234567&_adf.ctrl-state=abc_9">'
        "Nghị quyết về chỉ tiêu kế hoạch phát triển kinh tế - xã hội năm 2025</a> (12/12/2024)</td></tr>"
        f'<tr><td><a href="{LISTING}?selectedPage=2&_afrLoop=55">Trang sau</a></td></tr></table>',
        "Tin kinh tế",
    )
    site["/webcenter/portal/ubnd/pages_trang-chu"] = _shell("<p>Trang chủ UBND tỉnh</p>", "Trang chủ")
    site[PAGE2] = _shell(
        f'<table class="list"><tr><td><a href="{OTHER}&_adf.ctrl-state=q1">Chương trình hành động thực hiện kế hoạch năm 2025</a>'
        "</td></tr></table>",
        "Tin kinh tế - 2",
    )
    site[ARTICLE] = _shell(
        "<h1>Nghị quyết về chỉ tiêu kế hoạch phát triển kinh tế - xã hội năm 2025</h1>"
        '<div class="date">Cập nhật: 12/12/2024 10:05</div>'
        f'<div class="content-detail">{paragraphs(["HĐND tỉnh thông qua các chỉ tiêu năm 2025:", *TARGETS_2025[:3]])}'
        f'<p>Bản scan: <a href="{FILE}">Tải về</a></p></div>',
        "Chi tiết",
    )
    site[OTHER] = _shell(
        '<h1>Chương trình hành động thực hiện kế hoạch năm 2025</h1><div class="date">05/01/2025</div>'
        f'<div class="content-detail">{paragraphs(ACTION_2025[:2])}</div>',
        "Chi tiết",
    )
    site[FILE] = scanned_pdf()
    return site
