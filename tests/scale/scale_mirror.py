"""A generated NukeViet-style provincial portal for distributed-crawl tests (our own Vietnamese text).

Three news sections, ten articles per listing page with pagination, a PDF annex on every seventh article
(when a Unicode font is available to draw it). Figures depend on the section and the plan year only, so
documents that restate a year's plan agree with each other (no discrepancies to race on).
``SlowSite`` answers after a delay so that a crawl lasts long enough for two workers to share it.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "crawler"))  # the crawler tests' server kit

from crawlkit import docgen
from crawlkit.server import FixtureServer, Resource, Site

__all__ = ["FixtureServer", "SlowSite", "annex_path", "article_path", "build_mirror", "source_entry"]
PER_PAGE = 10
SECTIONS = {
    "kinh-te": "Kinh tế",
    "tai-chinh-ngan-sach": "Tài chính - Ngân sách",
    "van-hoa-xa-hoi": "Văn hóa - Xã hội",
}


class SlowSite(Site):
    """A site whose every answer takes ``delay`` seconds (the server is threaded: answers overlap)."""

    def __init__(self, delay: float = 0.0) -> None:
        super().__init__()
        self.delay = delay

    def lookup(self, path: str) -> Resource | None:
        if self.delay:
            time.sleep(self.delay)
        return super().lookup(path)


def _lines(section: str, year: int) -> list[str]:
    step = year - 2015
    if section == "kinh-te":
        return [
            f"Tốc độ tăng trưởng tổng sản phẩm trên địa bàn (GRDP) năm {year} đạt {6 + step // 10},{step % 10}%.",
            f"GRDP bình quân đầu người đạt {60 + 3 * step} triệu đồng.",
            f"Kim ngạch xuất khẩu đạt {400 + 25 * step} triệu USD.",
        ]
    if section == "tai-chinh-ngan-sach":
        return [
            f"Tổng thu ngân sách nhà nước trên địa bàn năm {year} đạt {2000 + 150 * step} tỷ đồng.",
            f"Tổng vốn đầu tư toàn xã hội đạt {15 + step}.{step * 37 % 1000:03d} tỷ đồng.",
        ]
    return [
        f"Phấn đấu đến hết năm {year} tỷ lệ hộ nghèo giảm {1 + step % 3},{step % 10}%.",
        f"Tỷ lệ dân số tham gia bảo hiểm y tế đạt {88 + step % 10}%.",
        f"Có thêm {5 + step} xã đạt chuẩn nông thôn mới.",
    ]


def article_path(section: str, i: int) -> str:
    return f"/news/{section}/ke-hoach-chi-tieu-nam-{2015 + i % 10}-so-{i}-{1000 + i}.html"


def annex_path(section: str, i: int) -> str:
    return article_path(section, i) + f"?download=1&id={i}"


def _article(section: str, i: int, annex: bool) -> bytes:
    year = 2015 + i % 10
    title = f"{SECTIONS[section]}: kế hoạch thực hiện các chỉ tiêu năm {year} (bản số {i})"
    body = "".join(f"<p>{line}</p>" for line in _lines(section, year))
    files = (
        '<div class="panel panel-default"><div class="panel-heading">File đính kèm</div>'
        f'<div class="news-download-file"><div class="list-group-item"><a href="{annex_path(section, i)}" '
        f"download>Tập tin 1: <strong>Phụ lục {SECTIONS[section].lower()} năm {year}</strong></a></div></div></div>"
        if annex
        else ""
    )
    return _page(
        f'<div class="news_column panel panel-default"><div class="panel-body">'
        f'<h1 class="title margin-bottom-lg">{title}</h1>'
        f'<div class="row margin-bottom-lg"><span class="h5">Thứ hai - 1{i % 10}/12/{year - 1} 08:30</span></div>'
        f'<div id="news-bodyhtml" class="bodytext">{body}</div>{files}'
        f'<p class="h5 text-right"><strong>Nguồn tin: </strong>Văn phòng UBND tỉnh</p></div></div>',
        title,
    )


def _page(main: str, title: str) -> bytes:
    return (
        '<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><meta name="generator" content="NukeViet v4.5">'
        f"<title>{title}</title></head><body><header>Cổng thông tin điện tử tỉnh</header>"
        f'<div class="container">{main}</div>'
        '<ul class="counter"><li>Đang truy cập: 37</li><li>Hôm nay: 1.204</li></ul>'
        "<footer>Cơ quan chủ quản: Văn phòng UBND tỉnh</footer></body></html>"
    ).encode()


def _listing(section: str, page: int, ids: range, last: bool) -> bytes:
    entries = "".join(
        f'<div class="panel-body"><h3><a href="{article_path(section, i)}">Kế hoạch chỉ tiêu năm '
        f"{2015 + i % 10} (bản số {i})</a></h3></div>"
        for i in ids
    )
    pager = (
        ""
        if last
        else f'<ul class="pagination"><li class="page-item"><a class="page-link" '
        f'href="/news/{section}/page-{page + 1}/">Trang sau</a></li></ul>'
    )
    return _page(f'<div class="news_column">{entries}</div>{pager}', SECTIONS[section])


def build_mirror(articles_per_section: int, delay: float = 0.0) -> SlowSite:
    """The mirror; ``site.resources`` lists every path a complete crawl must fetch (plus robots.txt)."""
    site = SlowSite(delay)
    site["/robots.txt"] = Resource(b"User-agent: *\nDisallow: /admin/\n", "text/plain")
    annexes = docgen.font_path() is not None
    for section in SECTIONS:
        pages = (articles_per_section + PER_PAGE - 1) // PER_PAGE
        for page in range(1, pages + 1):
            ids = range((page - 1) * PER_PAGE, min(page * PER_PAGE, articles_per_section))
            path = f"/news/{section}/" if page == 1 else f"/news/{section}/page-{page}/"
            site[path] = Resource(_listing(section, page, ids, page == pages))
            for i in ids:
                annex = annexes and i % 7 == 3
                site[article_path(section, i)] = Resource(_article(section, i, annex))
                if annex:
                    year = 2015 + i % 10
                    pdf = docgen.text_pdf([f"PHỤ LỤC CHỈ TIÊU NĂM {year}", *_lines(section, year)])
                    site[annex_path(section, i)] = Resource(pdf, "application/pdf")
    return site


def source_entry(base_url: str, key: str = "mirror-dong-nai") -> dict[str, object]:
    """A registry entry for the mirror served at ``base_url``."""
    return {
        "key": key,
        "province": "Đồng Nai",
        "base_url": base_url + "/",
        "platform": "nukeviet",
        "start_urls": [f"{base_url}/news/{section}/" for section in SECTIONS],
        "allow_local": True,
        "follow_all": True,
        "max_listing_pages": 50,
    }
