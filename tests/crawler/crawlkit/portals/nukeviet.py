"""A NukeViet 4 provincial portal (news module), in the style of dongnai.gov.vn."""

from __future__ import annotations

from crawlkit.portals.common import (
    ACTION_2025,
    FESTIVAL,
    MIDYEAR_2024,
    SHARE_BAR,
    TARGETS_2025,
    counter,
    docx,
    page,
    paragraphs,
    scanned_pdf,
    text_pdf,
)
from crawlkit.server import Resource, Site

PROVINCE = "Đồng Nai"
LISTING = "/news/kinh-te/"
ARTICLE = (
    "/news/kinh-te/hdnd-tinh-thong-qua-nghi-quyet-ve-ke-hoach-phat-trien-kinh-te-xa-hoi-nam-2025-1201.html"
)
ACTION = "/news/kinh-te/ubnd-tinh-ban-hanh-chuong-trinh-hanh-dong-thuc-hien-nghi-quyet-1202.html"
FESTIVAL_PAGE = "/news/van-hoa/soi-noi-le-hoi-dua-ghe-ngo-1203.html"
MIDYEAR = "/news/kinh-te/bao-cao-tinh-hinh-kinh-te-xa-hoi-6-thang-dau-nam-2024-1180.html"
PDF = ARTICLE + "?download=1&id=1"
SCAN = ARTICLE + "?download=1&id=2"
DOCX = ACTION + "?download=1&id=3"

MENU = (
    '<nav class="header-nav"><ul class="nav navbar-nav"><li><a href="/">Trang chủ</a></li>'
    '<li><a href="/news/kinh-te/">Kinh tế</a></li><li><a href="/news/van-hoa/">Văn hóa - Xã hội</a></li>'
    '<li><a href="/van-ban/">Văn bản</a></li><li><a href="/contact/">Liên hệ</a></li></ul></nav>'
)


def _shell(main: str, title: str) -> Resource:
    body = (
        f'<div class="wraper"><header><a href="/"><img src="/uploads/logo.png" alt="Cổng TTĐT tỉnh"></a></header>{MENU}'
        f'<div class="container"><div class="col-md-16">{main}</div>'
        f'<div class="col-md-8"><div class="panel panel-default"><div class="panel-heading">Thống kê truy cập</div>'
        f"{counter()}</div></div></div><footer>Cơ quan chủ quản: Văn phòng UBND tỉnh {PROVINCE}</footer></div>"
    )
    head = '<meta name="generator" content="NukeViet v4.5"><script src="/themes/default/js/main.js"></script>'
    return page(body, title, head)


def _entry(url: str, title: str, when: str, views: int, intro: str) -> str:
    return (
        f'<div class="panel-body"><h3><a href="{url}" title="{title}">{title}</a></h3>'
        f'<ul class="list-inline text-muted"><li><em class="fa fa-clock-o">&nbsp;</em> {when}</li>'
        f'<li><em class="fa fa-eye">&nbsp;</em> Đã xem: {views}</li></ul><div class="text-muted">{intro}</div></div>'
    )


def _pager(current: int) -> str:
    items = []
    for n in (1, 2):
        href = (
            "javascript:void(0)"
            if n == current
            else ("/news/kinh-te/" if n == 1 else "/news/kinh-te/page-2/")
        )
        active = ' class="page-item active"' if n == current else ' class="page-item"'
        items.append(f'<li{active}><a class="page-link" href="{href}">{n}</a></li>')
    return f'<ul class="pagination">{"".join(items)}</ul>'


def _article(
    title: str, when: str, lead: str, lines: list[str], files: list[tuple[str, str]], source: str
) -> Resource:
    file_list = "".join(
        f'<div class="list-group-item"><a href="{href}" title="{name}" download>Tập tin {i}: <strong>{name}</strong></a>'
        f'<div class="collapse" data-src="{href}&pdf=1"></div></div>'
        for i, (href, name) in enumerate(files, 1)
    )
    files_html = (
        f'<div class="panel panel-default"><div class="panel-heading">File đính kèm</div>'
        f'<div class="news-download-file">{file_list}</div></div>'
        if files
        else ""
    )
    main = (
        '<div class="news_column panel panel-default" itemscope itemtype="http://schema.org/NewsArticle">'
        '<div class="panel-body">'
        f'<h1 class="title margin-bottom-lg" itemprop="headline">{title}</h1>'
        f'<div class="row margin-bottom-lg"><div class="col-md-12"><span class="h5">{when}</span></div></div>'
        f'<span class="hidden" itemprop="datePublished">2025-02-01</span>'
        f'<div class="hometext" itemprop="description">{lead}</div>'
        f'<div id="news-bodyhtml" class="bodytext margin-bottom-lg">{paragraphs(lines)}</div>'
        f"{files_html}"
        f'<p class="h5 text-right"><strong>Nguồn tin: </strong>Văn phòng HĐND tỉnh</p>'
        f"{SHARE_BAR}"
        '<p class="h3"><strong>Những tin cũ hơn</strong></p><ul class="detail-related">'
        f'<li><h4><a href="{FESTIVAL_PAGE}">Sôi nổi lễ hội đua ghe ngo</a></h4> <em>(02/12/2024)</em></li></ul>'
        "</div></div>"
    )
    return _shell(main, title)


def build() -> Site:
    site = Site()
    site["/robots.txt"] = Resource(b"User-agent: *\nDisallow: /admin/\n", "text/plain")
    listing1 = (
        '<div class="news_column">'
        + _entry(
            ARTICLE,
            "HĐND tỉnh thông qua Nghị quyết về kế hoạch phát triển kinh tế - xã hội năm 2025",
            "10/12/2024 16:20:11",
            812,
            "Kỳ họp thứ 22 HĐND tỉnh khóa X đã bế mạc.",
        )
        + _entry(
            ACTION,
            "UBND tỉnh ban hành Chương trình hành động thực hiện Nghị quyết",
            "06/01/2025 09:02:40",
            301,
            "Chương trình giao nhiệm vụ cụ thể cho các sở, ngành.",
        )
        + _entry(
            FESTIVAL_PAGE, "Sôi nổi lễ hội đua ghe ngo", "02/12/2024 07:15:00", 95, "Hơn 40 đội ghe tham gia."
        )
        + "</div>"
        + _pager(1)
    )
    site["/news/kinh-te/"] = _shell(listing1, "Kinh tế")
    listing2 = (
        '<div class="news_column">'
        + _entry(
            MIDYEAR,
            "Báo cáo tình hình kinh tế - xã hội 6 tháng đầu năm 2024",
            "05/07/2024 08:00:00",
            420,
            "UBND tỉnh đánh giá kết quả 6 tháng đầu năm.",
        )
        + "</div>"
        + _pager(2)
    )
    site["/news/van-hoa/"] = _shell(
        '<div class="news_column">'
        + _entry(
            FESTIVAL_PAGE, "Sôi nổi lễ hội đua ghe ngo", "02/12/2024 07:15:00", 95, "Hơn 40 đội ghe tham gia."
        )
        + "</div>",
        "Văn hóa - Xã hội",
    )
    site["/news/kinh-te/page-2/"] = _shell(listing2, "Kinh tế - Trang 2")
    site[ARTICLE] = _article(
        "HĐND tỉnh thông qua Nghị quyết về kế hoạch phát triển kinh tế - xã hội năm 2025",
        "Thứ ba - 10/12/2024 16:20",
        "Chiều 10/12, HĐND tỉnh khóa X bế mạc kỳ họp thứ 22 và thông qua Nghị quyết số 45/NQ-HĐND.",
        ["Nghị quyết đề ra các chỉ tiêu chủ yếu năm 2025 như sau:", *TARGETS_2025],
        [(PDF, "Nghi-quyet-45-NQ-HDND.pdf"), (SCAN, "Ke-hoach-chi-tieu-ban-scan.pdf")],
        "Văn phòng HĐND tỉnh",
    )
    site[ACTION] = _article(
        "UBND tỉnh ban hành Chương trình hành động thực hiện Nghị quyết",
        "Thứ hai - 06/01/2025 09:02",
        "UBND tỉnh vừa ban hành Quyết định số 12/QĐ-UBND về chương trình hành động năm 2025.",
        ["Chương trình đặt ra các mục tiêu cụ thể:", *ACTION_2025],
        [(DOCX, "Chuong-trinh-hanh-dong-2025.docx")],
        "Sở Kế hoạch và Đầu tư",
    )
    site[MIDYEAR] = _article(
        "Báo cáo tình hình kinh tế - xã hội 6 tháng đầu năm 2024",
        "Thứ sáu - 05/07/2024 08:00",
        "UBND tỉnh báo cáo kết quả thực hiện nhiệm vụ phát triển kinh tế - xã hội 6 tháng đầu năm.",
        MIDYEAR_2024,
        [],
        "Cục Thống kê tỉnh",
    )
    site[FESTIVAL_PAGE] = _article(
        "Sôi nổi lễ hội đua ghe ngo",
        "Thứ hai - 02/12/2024 07:15",
        "Lễ hội truyền thống.",
        FESTIVAL,
        [],
        "Báo Đồng Nai",
    )
    site[PDF] = text_pdf()
    site[SCAN] = scanned_pdf()
    site[DOCX] = docx()
    return site


def changed_article() -> bytes:
    """The resolution article after a correction: GRDP growth target raised to 8,5%."""
    lines = ["Nghị quyết đề ra các chỉ tiêu chủ yếu năm 2025 như sau:", *TARGETS_2025]
    lines[1] = lines[1].replace("từ 8% trở lên", "từ 8,5% trở lên")
    return _article(
        "HĐND tỉnh thông qua Nghị quyết về kế hoạch phát triển kinh tế - xã hội năm 2025",
        "Thứ ba - 10/12/2024 16:20",
        "Chiều 10/12, HĐND tỉnh khóa X bế mạc kỳ họp thứ 22 và thông qua Nghị quyết số 45/NQ-HĐND.",
        lines,
        [(PDF, "Nghi-quyet-45-NQ-HDND.pdf"), (SCAN, "Ke-hoach-chi-tieu-ban-scan.pdf")],
        "Văn phòng HĐND tỉnh",
    ).body
