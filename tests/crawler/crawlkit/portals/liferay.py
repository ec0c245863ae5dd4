"""A Liferay 6.2 provincial portal ("Cổng TTĐT"), asset publisher lists, in the style of bacninh.gov.vn."""

from __future__ import annotations

from crawlkit.portals.common import MIDYEAR_2024, SHARE_BAR, TARGETS_2025, page, paragraphs, text_pdf
from crawlkit.server import Resource, Site

PROVINCE = "Bắc Ninh"
PORTLET = "101_INSTANCE_kT4bQz"
LISTING = "/web/guest/tin-kinh-te"
PAGE2 = f"{LISTING}?p_p_id={PORTLET}&p_p_lifecycle=0&_{PORTLET}_cur=2&_{PORTLET}_delta=2"
ARTICLE = (
    "/tin-kinh-te/-/view_content/4501-tinh-giao-chi-tieu-ke-hoach-phat-trien-kinh-te-xa-hoi-nam-2025.html"
)
REPORT = "/tin-kinh-te/-/view_content/4388-bao-cao-tinh-hinh-kinh-te-xa-hoi-6-thang-dau-nam.html"
SPORT = "/tin-kinh-te/-/view_content/4502-giai-viet-da-chao-mung-mua-xuan.html"
PDF = "/documents/20181/0/QD-giao-chi-tieu-2025.pdf/6f1c2a8e-1b7d-4c55-9d1e-0d2f3a4b5c6d?t=1733900000000"


def _shell(main: str, title: str) -> Resource:
    body = (
        '<div id="wrapper"><header id="banner"><h2>CỔNG THÔNG TIN ĐIỆN TỬ TỈNH BẮC NINH</h2></header>'
        '<nav class="navigation"><ul><li><a href="/web/guest/trang-chu">Trang chủ</a></li>'
        '<li><a href="/web/guest/tin-kinh-te">Kinh tế</a></li><li><a href="/web/guest/van-ban">Văn bản</a></li></ul></nav>'
        f'<div id="content"><div class="portlet-boundary portlet-boundary_101_ portlet-asset-publisher" id="p_p_id_{PORTLET}_">'
        f'{main}</div></div><div class="visitor">Lượt truy cập: @@HITS@@</div>'
        "<footer>Bản quyền thuộc UBND tỉnh Bắc Ninh</footer></div>"
        "<script>Liferay.ThemeDisplay={getPathMain:function(){return '/c'}};</script>"
    )
    return page(body, title)


def _abstract(url: str, title: str, summary: str, when: str) -> str:
    return (
        f'<div class="asset-abstract"><h3 class="asset-title"><a href="{url}">{title}</a></h3>'
        f'<div class="asset-content"><div class="asset-summary">{summary}</div>'
        f'<div class="asset-metadata">Ngày đăng {when} | View count: 215</div>'
        f'<div class="asset-more"><a href="{url}">Xem tiếp »</a></div></div></div>'
    )


def _pager(current: int) -> str:
    nxt = f'<a href="{PAGE2}">Sau</a>' if current == 1 else f'<a href="{LISTING}">Trước</a>'
    return (
        f'<div class="taglib-page-iterator"><div class="lfr-pagination">Trang {current} / 2 {nxt}</div></div>'
    )


def _detail(title: str, when: str, sapo: str, lines: list[str], extra: str = "") -> Resource:
    main = (
        '<div class="asset-full-content">'
        f'<div class="asset-full-content-title">{title}</div>'
        f'<div class="assetPublishDate block_timer">{when}</div><p class="sapo">{sapo}</p>'
        f'<div class="asset-content" id="_101_4501"><div class="journal-content-article">{paragraphs(lines)}{extra}</div></div>'
        f'<p class="view-content-author">Sở Kế hoạch và Đầu tư</p>{SHARE_BAR}'
        '<div class="related_asset"><a href="/tin-kinh-te/-/view_content/4388-bao-cao.html">Tin liên quan</a></div></div>'
    )
    return _shell(main, title)


def build() -> Site:
    site = Site()
    site["/robots.txt"] = Resource(b"User-agent: *\nAllow: /\n", "text/plain")
    site[LISTING] = _shell(
        _abstract(
            ARTICLE,
            "Tỉnh giao chỉ tiêu kế hoạch phát triển kinh tế - xã hội năm 2025",
            "UBND tỉnh giao chỉ tiêu cho các sở, ngành và địa phương.",
            "18/12/2024 | 04:01 PM",
        )
        + _abstract(
            SPORT,
            "Giải việt dã chào mừng mùa xuân",
            "Hơn 500 vận động viên tham gia.",
            "02/01/2025 | 08:30 AM",
        )
        + _pager(1),
        "Kinh tế",
    )
    site["/web/guest/trang-chu"] = _shell(
        '<div class="portlet-body">Chào mừng đến Cổng thông tin</div>', "Trang chủ"
    )
    site["/web/guest/van-ban"] = _shell('<div class="portlet-body">Chưa có văn bản mới</div>', "Văn bản")
    site[PAGE2] = _shell(
        _abstract(
            REPORT,
            "Báo cáo tình hình kinh tế - xã hội 6 tháng đầu năm",
            "Kết quả 6 tháng.",
            "10/07/2024 | 09:15 AM",
        )
        + _pager(2),
        "Kinh tế - trang 2",
    )
    site[ARTICLE] = _detail(
        "Tỉnh giao chỉ tiêu kế hoạch phát triển kinh tế - xã hội năm 2025",
        "18/12/2024 | 04:01 PM",
        "Ngày 18/12, UBND tỉnh ban hành Quyết định số 1185/QĐ-UBND giao chỉ tiêu kế hoạch năm 2025.",
        ["Các chỉ tiêu chủ yếu được giao:", *TARGETS_2025[:4]],
        f'<p>Toàn văn quyết định: <a href="{PDF}">QĐ giao chỉ tiêu 2025 (PDF)</a></p>',
    )
    # served without validators and with a live counter: the body changes on every fetch, the text does not
    report = _detail(
        "Báo cáo tình hình kinh tế - xã hội 6 tháng đầu năm",
        "10/07/2024 | 09:15 AM",
        "Kinh tế tỉnh tiếp tục tăng trưởng khá.",
        MIDYEAR_2024,
    )
    report.validators = False
    site[REPORT] = report
    site[SPORT] = _detail(
        "Giải việt dã chào mừng mùa xuân", "02/01/2025 | 08:30 AM", "Thể thao", ["Giải chạy."]
    )
    site[PDF] = text_pdf()
    return site
