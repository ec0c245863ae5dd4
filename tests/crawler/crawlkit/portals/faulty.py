"""A NukeViet-style portal whose article links misbehave: one fault per link, plus healthy pages."""

from __future__ import annotations

from crawlkit.portals.common import TARGETS_2025, page, paragraphs
from crawlkit.server import Resource, Site

PROVINCE = "Cao Bằng"
LISTING = "/news/kinh-te/"
GOOD = "/news/kinh-te/ke-hoach-phat-trien-kinh-te-xa-hoi-nam-2025-10.html"
WRONG_CHARSET = "/news/kinh-te/chi-tieu-ke-hoach-sai-bang-ma-15.html"
NO_CHARSET = "/news/kinh-te/chi-tieu-ke-hoach-thieu-bang-ma-16.html"
BROKEN_PDF = GOOD + "?download=1&id=9"
FAULTS = {
    "timeout": "/news/kinh-te/chi-tieu-ke-hoach-qua-thoi-gian-11.html",
    "http-500": "/news/kinh-te/chi-tieu-ke-hoach-loi-may-chu-12.html",
    "connection-reset": "/news/kinh-te/chi-tieu-ke-hoach-ngat-ket-noi-13.html",
    "redirect-loop": "/news/kinh-te/chi-tieu-ke-hoach-chuyen-huong-14.html",
    "truncated": "/news/kinh-te/chi-tieu-ke-hoach-bi-cat-17.html",
    "oversized": "/news/kinh-te/chi-tieu-ke-hoach-qua-lon-18.html",
}
LOOP_B = "/news/kinh-te/chi-tieu-ke-hoach-vong-lap-19.html"
OFF_DOMAIN = "http://example.org/news/chi-tieu-ke-hoach-2025-1.html"
PRIVATE = "http://10.0.0.5/uploads/ke-hoach-chi-tieu-2025.pdf"
LINK_LOCAL = "http://169.254.169.254/news/chi-tieu-ke-hoach-20.html"
OVERSIZE_BYTES = 400_000  # tests set DOWNLOAD_MAXSIZE below this


def _article(title: str, lines: list[str], extra: str = "") -> str:
    return (
        '<div class="news_column panel"><div class="panel-body">'
        f'<h1 class="title">{title}</h1><div class="row margin-bottom-lg"><span class="h5">Thứ hai - 16/12/2024 08:00</span></div>'
        f'<div id="news-bodyhtml" class="bodytext">{paragraphs(lines)}{extra}</div></div></div>'
    )


def build() -> Site:
    site = Site()
    site["/robots.txt"] = Resource(b"User-agent: *\nDisallow:\n", "text/plain")
    links = [GOOD, WRONG_CHARSET, NO_CHARSET, *FAULTS.values(), OFF_DOMAIN, LINK_LOCAL]
    entries = "".join(
        f'<div class="panel-body"><h3><a href="{u}">Chỉ tiêu kế hoạch năm 2025 (bài {i})</a></h3></div>'
        for i, u in enumerate(links, 1)
    )
    site[LISTING] = page(f'<div class="news_column">{entries}</div>', "Kinh tế")
    body = _article(
        "Kế hoạch phát triển kinh tế - xã hội năm 2025",
        ["Các chỉ tiêu chủ yếu:", *TARGETS_2025[:3]],
        f'<p><a href="{BROKEN_PDF}">Nghị quyết (PDF)</a> · <a href="{PRIVATE}">Bản lưu nội bộ</a> · '
        f'<a href="{OFF_DOMAIN}">Bài đăng lại</a></p>',
    )
    site[GOOD] = page(body, "Kế hoạch 2025")
    for path, title, ctype in (
        (WRONG_CHARSET, "Chỉ tiêu thu ngân sách năm 2025", "text/html; charset=iso-8859-1"),
        (NO_CHARSET, "Giao chỉ tiêu thu ngân sách cho các huyện", "text/html"),
    ):
        inner = _article(title, ["Các chỉ tiêu:", TARGETS_2025[2]])
        site[path] = Resource(
            f"<html><head><title>{title}</title></head><body>{inner}</body></html>".encode(), ctype
        )
    site[BROKEN_PDF] = Resource(
        b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Ty", "application/pdf"
    )
    site[FAULTS["timeout"]] = Resource(fault="timeout")
    site[FAULTS["http-500"]] = Resource(b"<h1>500 Internal Server Error</h1>", status=500)
    site[FAULTS["connection-reset"]] = Resource(fault="reset")
    site[FAULTS["redirect-loop"]] = Resource(status=302, location=LOOP_B)
    site[LOOP_B] = Resource(status=302, location=FAULTS["redirect-loop"])
    site[FAULTS["truncated"]] = Resource(page(body, "Cắt").body, fault="truncated")
    site[FAULTS["oversized"]] = Resource(
        b"<html><body>" + b"<p>chi tieu</p>" * (OVERSIZE_BYTES // 15) + b"</body></html>"
    )
    return site
