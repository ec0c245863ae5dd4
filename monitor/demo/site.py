"""The demo portal: a small Cao Bằng provincial portal in the style of NukeViet 4 (news module).

The figures are the province's published 2020 targets (GRDP +7,5%, GRDP per head 33,3 triệu đồng,
budget revenue over 1.800 tỷ đồng, grain over 276 ngàn tấn, forest cover 55%, ...); the sentences are
written for this demo. The first edition of the resolution article carries a slip of the decimal comma
(3,33 triệu đồng), as one real news report did; the revision corrects it, adds a target and drops one.
"""

from __future__ import annotations

import html

PROVINCE = "Cao Bằng"
LISTING = "/news/kinh-te/"
RESOLUTION = "/news/kinh-te/thong-nhat-cac-chi-tieu-phat-trien-kinh-te-xa-hoi-nam-2020-2411.html"
TOURISM = "/news/kinh-te/cao-bang-don-du-khach-dip-cuoi-nam-2405.html"
FESTIVAL = "/news/van-hoa/ngay-hoi-van-hoa-cac-dan-toc-vung-cao-2398.html"

MENU = (
    '<nav class="header-nav"><ul class="nav navbar-nav"><li><a href="/">Trang chủ</a></li>'
    f'<li><a href="{LISTING}">Kinh tế</a></li><li><a href="/news/van-hoa/">Văn hóa - Xã hội</a></li>'
    '<li><a href="/laws/">Văn bản</a></li><li><a href="/contact/">Liên hệ</a></li></ul></nav>'
)
COUNTER = (
    '<ul class="counter list-unstyled"><li>Đang truy cập: <span>37</span></li>'
    "<li>Hôm nay: <span>2.415</span></li><li>Tổng lượt truy cập: <span>4.873.209</span></li></ul>"
)
SHARE = '<div class="socialicon clearfix"><a href="#">Chia sẻ</a> <a href="#">In bài</a> <a href="#">Gửi email</a></div>'

TARGETS_V1 = [
    "Tốc độ tăng trưởng kinh tế (GRDP) phấn đấu đạt 7,5%.",
    "GRDP bình quân đầu người đạt 3,33 triệu đồng.",
    "Thu ngân sách nhà nước trên địa bàn đạt trên 1.800 tỷ đồng.",
    "Tổng vốn đầu tư toàn xã hội tăng trên 10% so với năm 2019.",
    "Tổng sản lượng lương thực có hạt đạt trên 276 ngàn tấn.",
    "Tỷ lệ dân số tham gia bảo hiểm y tế đạt 98,5%.",
    "Tỷ lệ lao động qua đào tạo đạt 45%.",
    "Tỷ lệ che phủ rừng duy trì ở mức 55%.",
]


def targets_revised() -> list[str]:
    """The corrected list: GRDP per head 3,33 -> 33,3; cultural families added; investment dropped."""
    lines = [line for line in TARGETS_V1 if not line.startswith("Tổng vốn đầu tư")]
    lines[1] = "GRDP bình quân đầu người đạt 33,3 triệu đồng."
    lines.insert(-1, "Tỷ lệ gia đình đạt tiêu chuẩn văn hóa đạt 85%.")
    return lines


def _page(title: str, main: str) -> bytes:
    text = (
        '<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)} - Cổng thông tin điện tử tỉnh {PROVINCE}</title>"
        '<meta name="generator" content="NukeViet v4.5"><link rel="stylesheet" href="/themes/default/css/style.css">'
        '</head><body><div class="wraper"><header><a href="/"><img src="/uploads/logo.png" '
        f'alt="Cổng thông tin điện tử tỉnh {PROVINCE}"></a></header>{MENU}'
        f'<div class="container"><div class="col-md-16">{main}</div>'
        '<div class="col-md-8"><div class="panel panel-default"><div class="panel-heading">Thống kê truy cập</div>'
        f"{COUNTER}</div></div></div>"
        f"<footer>Cơ quan chủ quản: Văn phòng UBND tỉnh {PROVINCE}. Địa chỉ: 011 Hoàng Đình Giong, "
        "thành phố Cao Bằng.</footer></div></body></html>"
    )
    return text.encode("utf-8")


def _entry(url: str, title: str, when: str, intro: str) -> str:
    return (
        f'<div class="panel-body"><h3><a href="{url}" title="{html.escape(title)}">{html.escape(title)}</a></h3>'
        f'<ul class="list-inline text-muted"><li><em class="fa fa-clock-o">&nbsp;</em> {when}</li></ul>'
        f'<div class="text-muted">{html.escape(intro)}</div></div>'
    )


def _article(
    title: str,
    when: str,
    lead: str,
    paragraphs: list[str],
    items: list[str],
    source: str,
    closing: tuple[str, ...] = (),
) -> bytes:
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    if items:
        body += "<ul>" + "".join(f"<li>{html.escape(i)}</li>" for i in items) + "</ul>"
    body += "".join(f"<p>{html.escape(p)}</p>" for p in closing)
    main = (
        '<div class="news_column panel panel-default"><div class="panel-body">'
        f'<h1 class="title margin-bottom-lg">{html.escape(title)}</h1>'
        f'<div class="row margin-bottom-lg"><div class="col-md-12"><span class="h5">{when}</span></div></div>'
        f'<div class="hometext">{html.escape(lead)}</div>'
        f'<div id="news-bodyhtml" class="bodytext margin-bottom-lg">{body}</div>'
        f'<p class="h5 text-right"><strong>Nguồn tin: </strong>{html.escape(source)}</p>{SHARE}'
        "</div></div>"
    )
    return _page(title, main)


RESOLUTION_TITLE = "Thống nhất các chỉ tiêu phát triển kinh tế - xã hội năm 2020"


def resolution(targets: list[str], corrected: bool = False) -> bytes:
    paragraphs = [
        "Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ 20 đã thảo luận, đánh giá tình hình thực hiện nhiệm vụ "
        "năm 2019 và thống nhất phương hướng, nhiệm vụ năm 2020, năm cuối thực hiện Nghị quyết Đại hội Đảng bộ "
        "tỉnh nhiệm kỳ 2015 - 2020.",
        "Hội nghị thống nhất các chỉ tiêu chủ yếu của năm 2020 như sau:",
    ]
    closing = [
        "Hội nghị yêu cầu các cấp, các ngành cụ thể hóa chỉ tiêu thành chương trình, kế hoạch hành động, "
        "phân công rõ trách nhiệm và thường xuyên kiểm tra, đôn đốc việc thực hiện."
    ]
    if corrected:
        closing.append(
            "Bài viết đã được cập nhật ngày 16/12/2019: đính chính số liệu theo văn bản chính thức."
        )
    lead = "Ngày 10/12/2019, Ban Chấp hành Đảng bộ tỉnh khóa XVIII tổ chức hội nghị lần thứ 20."
    return _article(
        RESOLUTION_TITLE,
        "Thứ tư - 11/12/2019 15:40",
        lead,
        paragraphs,
        targets,
        "Ban Tuyên giáo Tỉnh ủy",
        tuple(closing),
    )


def pages(revised: bool = False) -> dict[str, bytes]:
    """Path -> body of every page; ``revised`` gives the resolution article after its correction."""
    listing = (
        '<div class="news_column">'
        + _entry(
            RESOLUTION,
            RESOLUTION_TITLE,
            "11/12/2019 15:40",
            "Hội nghị lần thứ 20 Ban Chấp hành Đảng bộ tỉnh thống nhất các chỉ tiêu chủ yếu năm 2020.",
        )
        + _entry(
            TOURISM,
            "Cao Bằng đón du khách dịp cuối năm",
            "05/12/2019 08:10",
            "Thác Bản Giốc và Công viên địa chất non nước Cao Bằng thu hút đông khách.",
        )
        + "</div>"
    )
    culture = (
        '<div class="news_column">'
        + _entry(
            FESTIVAL,
            "Ngày hội văn hóa các dân tộc vùng cao",
            "30/11/2019 07:30",
            "Nhiều hoạt động văn hóa, thể thao.",
        )
        + "</div>"
    )
    targets = targets_revised() if revised else TARGETS_V1
    return {
        "/robots.txt": b"User-agent: *\nDisallow: /admin/\n",
        "/": _page("Trang chủ", listing),
        LISTING: _page("Kinh tế", listing),
        "/news/van-hoa/": _page("Văn hóa - Xã hội", culture),
        RESOLUTION: resolution(targets, corrected=revised),
        TOURISM: _article(
            "Cao Bằng đón du khách dịp cuối năm",
            "Thứ năm - 05/12/2019 08:10",
            "Mùa nước đẹp, khu du lịch thác Bản Giốc đông khách trong và ngoài nước.",
            [
                "Các điểm du lịch trong tỉnh đã chuẩn bị chu đáo để phục vụ du khách dịp cuối năm.",
                "Ngành du lịch khuyến cáo du khách đặt phòng sớm và giữ gìn cảnh quan.",
            ],
            [],
            "Sở Văn hóa, Thể thao và Du lịch",
        ),
        FESTIVAL: _article(
            "Ngày hội văn hóa các dân tộc vùng cao",
            "Thứ bảy - 30/11/2019 07:30",
            "Ngày hội diễn ra sôi nổi với nhiều hoạt động văn hóa, thể thao truyền thống.",
            ["Đồng bào các dân tộc tham gia thi hát then, đàn tính, kéo co và đẩy gậy."],
            [],
            "Trung tâm Văn hóa tỉnh",
        ),
    }
