"""Shared pieces of the fixture portals: target lists (our own wording), chrome, attachments."""

from __future__ import annotations

from crawlkit import docgen
from crawlkit.server import Resource

HTML = "text/html; charset=utf-8"


def html(body: str, title: str = "Cổng thông tin điện tử", head: str = "") -> bytes:
    return (
        '<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">'
        f"<title>{title}</title>{head}</head><body>{body}</body></html>"
    ).encode()


def page(body: str, title: str = "Cổng thông tin điện tử", head: str = "") -> Resource:
    return Resource(html(body, title, head), HTML)


def paragraphs(lines: list[str]) -> str:
    return "".join(f"<p>{line}</p>" for line in lines)


# Targets for 2025 as a resolution would list them (our own sentences).
TARGETS_2025 = [
    "Tốc độ tăng trưởng tổng sản phẩm trên địa bàn (GRDP) đạt từ 8% trở lên.",
    "GRDP bình quân đầu người đạt 142 triệu đồng.",
    "Tổng thu ngân sách nhà nước trên địa bàn đạt 30.500 tỷ đồng.",
    "Kim ngạch xuất khẩu tăng 7% so với năm 2024.",
    "Tỷ lệ hộ nghèo theo chuẩn đa chiều giảm 0,5%.",
    "Tỷ lệ che phủ rừng duy trì ở mức 29,2%.",
    "Số bác sĩ trên 1 vạn dân đạt 10 bác sĩ.",
]
ACTION_2025 = [
    "Phấn đấu tỷ lệ lao động qua đào tạo đạt 72%.",
    "Tỷ lệ dân số tham gia bảo hiểm y tế đạt 95,5%.",
    "Có thêm 12 xã đạt chuẩn nông thôn mới nâng cao.",
    "Tỷ lệ chất thải rắn sinh hoạt đô thị được thu gom đạt 99%.",
]
MIDYEAR_2024 = [
    "Tổng sản phẩm trên địa bàn 6 tháng đầu năm ước tăng 6,8% so với cùng kỳ.",
    "Thu ngân sách nhà nước ước đạt 14.200 tỷ đồng, bằng 52,3% dự toán.",
    "Kim ngạch xuất khẩu ước đạt 11,4 tỷ USD.",
]
FESTIVAL = [
    "Lễ hội đua ghe ngo năm nay thu hút đông đảo người dân và du khách.",
    "Ban tổ chức trao giải cho các đội đạt thành tích cao.",
]
ATTACHMENT_LINES = [
    "HỘI ĐỒNG NHÂN DÂN TỈNH",
    "NGHỊ QUYẾT về kế hoạch phát triển kinh tế - xã hội năm 2025",
    "1. Tốc độ tăng trưởng GRDP đạt 8% trở lên.",
    "2. Thu ngân sách nhà nước trên địa bàn 30.500 tỷ đồng.",
    "3. Tỷ lệ che phủ rừng đạt 29,2%.",
]
SCANNED_LINES = [
    "ỦY BAN NHÂN DÂN TỈNH",
    "KẾ HOẠCH thực hiện chỉ tiêu năm 2025",
    "1. Tỷ lệ trường học đạt chuẩn quốc gia đạt 75%.",
    "2. Số giường bệnh trên 1 vạn dân đạt 32 giường.",
]


def text_pdf() -> Resource:
    return Resource(docgen.text_pdf(ATTACHMENT_LINES), "application/pdf")


def scanned_pdf() -> Resource:
    return Resource(docgen.scanned_pdf(SCANNED_LINES), "application/pdf")


def docx() -> Resource:
    return Resource(
        docgen.docx_file(["CHƯƠNG TRÌNH HÀNH ĐỘNG năm 2025", *ACTION_2025]),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )


def counter(online: int = 37, today: int = 1204, total: int = 5201377) -> str:
    """A NukeViet-style visitor counter (changes on every fetch on real sites)."""
    return (
        '<ul class="counter">'
        f"<li><span>Đang truy cập</span><span>{online}</span></li>"
        "<li><span>Máy chủ tìm kiếm</span><span>5</span></li>"
        f"<li><span>Hôm nay</span><span>{today}</span></li>"
        f"<li><span>Tổng lượt truy cập</span><span>{total}</span></li></ul>"
    )


SHARE_BAR = (
    '<div class="socialicon share"><a href="https://www.facebook.com/sharer/sharer.php?u=x">Chia sẻ Facebook</a>'
    '<a href="https://twitter.com/intent/tweet?url=x">Twitter</a><a href="javascript:window.print()">In bài</a></div>'
)
