"""Crawler benchmark on a generated local mirror (NukeViet-style, N article pages, 20 per listing page).

Measures, each crawl in its own subprocess:
  1. a bare Scrapy fetch of the same pages (same politeness settings, no parse, no storage);
  2. the full ``chitieu crawl`` (adapters, relevance, figures.extract, storage, change detection) into SQLite;
  3. the same crawl again with nothing changed (conditional requests: 304s).
Prints full/bare (goal <= 1.3x), re-crawl/first (goal <= 10%) and the crawl's peak RSS (goal <= 300 MB).
Wall time, CPU seconds and RSS are taken over the crawl's whole process tree (the crawl process and its
storage writer process, see ``storage.writer``), sampled from /proc; peak RSS is the peak of their sum.

``--mirror portal`` (default) looks like a real provincial portal: page chrome around every article and
mostly ordinary news, a few plan resolutions and monthly reports (see the mirror section below).
``--mirror dense`` is the first mirror: every page the same four-figure target list and no chrome, the
worst case for cross-document change detection (every figure restated by every other document).

    .venv/bin/python bench/crawl.py [--pages 2000] [--mirror portal|dense]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "crawler"))  # the fixture HTTP server

from crawlkit.server import FixtureServer, Resource, Site  # noqa: E402

PER_PAGE = 20
LOCAL = {
    "DOWNLOAD_DELAY": 0,
    "AUTOTHROTTLE_ENABLED": False,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 8,
    "CONCURRENT_REQUESTS": 16,
    "ROBOTSTXT_OBEY": True,
    "LOG_LEVEL": "ERROR",
}


# -- the mirror -------------------------------------------------------------------------------------
# A provincial NukeViet portal as it looks: full page chrome (menus, sidebar, footer, scripts, a visit
# counter) around every article, and articles that are mostly ordinary news. Of every 100 articles, about
# 4 are plan resolutions and action programmes with a full target list, 4 are monthly socio-economic
# reports (actual figures), 14 are news items that mention a target or two in passing and the rest
# (about 78) meetings, visits, culture, sport, traffic and administration with incidental numbers
# (people, gifts, accidents). Plans of one year are restated by several documents with the same values,
# and now and then one of them states a figure differently, as happens on real portals.
MENU = [
    ("Giới thiệu", ["Tổng quan", "Lịch sử", "Điều kiện tự nhiên", "Bản đồ hành chính", "Danh bạ"]),
    ("Tin tức", ["Thời sự", "Kinh tế", "Văn hóa - xã hội", "Quốc phòng - an ninh", "Thông báo"]),
    ("Chính quyền", ["Hội đồng nhân dân", "Ủy ban nhân dân", "Sở, ban, ngành", "Huyện, thành phố"]),
    ("Văn bản", ["Văn bản chỉ đạo điều hành", "Văn bản quy phạm pháp luật", "Lấy ý kiến dự thảo"]),
    ("Công dân", ["Dịch vụ công trực tuyến", "Hỏi đáp", "Phản ánh kiến nghị", "Tra cứu hồ sơ"]),
    ("Doanh nghiệp", ["Thu hút đầu tư", "Khu công nghiệp", "Thủ tục hành chính", "Hỗ trợ doanh nghiệp"]),
    ("Du khách", ["Điểm đến", "Lễ hội", "Ẩm thực", "Lưu trú"]),
    ("Chuyên đề", ["Chuyển đổi số", "Cải cách hành chính", "Nông thôn mới", "Học tập và làm theo Bác"]),
]
PLACES = ["Long Khánh", "Biên Hòa", "Trảng Bom", "Định Quán", "Tân Phú", "Xuân Lộc", "Nhơn Trạch", "Cẩm Mỹ"]
OFFICIALS = ["Chủ tịch UBND tỉnh", "Phó Chủ tịch UBND tỉnh", "Bí thư Tỉnh ủy", "Chủ tịch HĐND tỉnh"]
NAMES = [
    "Nguyễn Văn An",
    "Trần Thị Bình",
    "Lê Hoàng Cường",
    "Phạm Minh Dũng",
    "Võ Thị Hạnh",
    "Đặng Quốc Khải",
]
TARGETS = [  # (indicator as written, unit, low, high, decimals)
    ("Tốc độ tăng trưởng kinh tế (GRDP) đạt", "%", 6.5, 9.5, 1),
    ("GRDP bình quân đầu người đạt", "triệu đồng", 85, 160, 1),
    ("Tổng thu ngân sách nhà nước trên địa bàn đạt", "tỷ đồng", 40000, 65000, 0),
    ("Tổng vốn đầu tư toàn xã hội đạt", "nghìn tỷ đồng", 90, 160, 0),
    ("Kim ngạch xuất khẩu đạt", "tỷ USD", 18, 26, 1),
    ("Tỷ lệ che phủ rừng duy trì ở mức", "%", 29, 31, 1),
    ("Tỷ lệ hộ nghèo giảm còn dưới", "%", 0.3, 1.5, 2),
    ("Tỷ lệ lao động qua đào tạo đạt", "%", 68, 85, 0),
    ("Số bác sĩ đạt", "bác sĩ/vạn dân", 8, 13, 1),
    ("Số giường bệnh đạt", "giường bệnh/vạn dân", 25, 32, 1),
    ("Tỷ lệ dân số tham gia bảo hiểm y tế đạt", "%", 88, 95, 1),
    ("Có thêm", "xã đạt chuẩn nông thôn mới nâng cao", 5, 25, 0),
    ("Tỷ lệ đô thị hóa đạt", "%", 40, 50, 0),
    ("Tỷ lệ chất thải rắn sinh hoạt được thu gom, xử lý đạt", "%", 95, 100, 0),
    ("Số doanh nghiệp thành lập mới", "doanh nghiệp", 2500, 4000, 0),
    ("Tỷ lệ dân số nông thôn sử dụng nước hợp vệ sinh đạt", "%", 98, 100, 1),
]
REPORT_LINES = [  # monthly report lines: actual figures, cumulative for the year
    ("Chỉ số sản xuất công nghiệp ước tăng", "% so với cùng kỳ", 5, 11, 1),
    ("Tổng mức bán lẻ hàng hóa và doanh thu dịch vụ tiêu dùng ước đạt", "tỷ đồng", 15000, 180000, 0),
    ("Kim ngạch xuất khẩu ước đạt", "triệu USD", 1500, 22000, 1),
    ("Thu ngân sách nhà nước ước đạt", "tỷ đồng", 4000, 60000, 0),
    ("Vốn đầu tư trực tiếp nước ngoài thu hút mới và tăng thêm đạt", "triệu USD", 80, 1800, 1),
    ("Số doanh nghiệp thành lập mới là", "doanh nghiệp", 200, 3800, 0),
]


def _vn(value: float, decimals: int) -> str:
    """Vietnamese notation: 1.800 and 7,5."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def _year_targets(year: int) -> list[str]:
    rng = random.Random(year)
    return [_vn(low + (high - low) * rng.random(), dec) for _, _, low, high, dec in TARGETS]


def _target_list(year: int, rng: random.Random, restated: bool) -> list[str]:
    values = _year_targets(year)
    if restated and rng.random() < 0.15:  # a news item states one figure differently
        k = rng.randrange(len(values))
        _, _, low, high, dec = TARGETS[k]
        values[k] = _vn(low + (high - low) * rng.random(), dec)
    lines = []
    for n, ((text, unit, *_), value) in enumerate(zip(TARGETS, values, strict=True), start=1):
        gap = "" if unit == "%" else " "
        lines.append(f"{n}. {text} {value}{gap}{unit}." if not restated else f"- {text} {value}{gap}{unit};")
    return lines


def _plan(i: int, rng: random.Random) -> tuple[str, list[str]]:
    year = 2016 + rng.randrange(10)
    kind = rng.choice(["resolution", "programme", "news"])
    if kind == "resolution":
        title = f"Nghị quyết số {100 + i}/NQ-HĐND về kế hoạch phát triển kinh tế - xã hội năm {year}"
        head = [
            f"Nghị quyết số {100 + i}/NQ-HĐND ngày {rng.randint(1, 20)} tháng 12 năm {year - 1} của Hội đồng "
            f"nhân dân tỉnh về kế hoạch phát triển kinh tế - xã hội năm {year}.",
            "Điều 1. Thông qua các chỉ tiêu chủ yếu như sau:",
        ]
        return title, head + _target_list(year, rng, False) + ["Điều 2. Tổ chức thực hiện."]
    if kind == "programme":
        title = f"Chương trình hành động thực hiện nhiệm vụ năm {year} (bài {i})"
        head = [
            f"Để thực hiện thắng lợi kế hoạch năm {year}, Ủy ban nhân dân tỉnh ban hành chương trình hành "
            "động với các mục tiêu chủ yếu sau:"
        ]
        return title, head + _target_list(year, rng, True) + _prose(rng, 4, i)
    title = f"Tỉnh đề ra các chỉ tiêu phát triển kinh tế - xã hội năm {year} (bài {i})"
    head = [
        f"Tại kỳ họp cuối năm {year - 1}, Hội đồng nhân dân tỉnh đã thống nhất các chỉ tiêu chủ yếu cho năm "
        f"{year}, trong đó:"
    ]
    return title, _prose(rng, 2, i) + head + _target_list(year, rng, True) + _prose(rng, 3, i)


def _report(i: int, rng: random.Random) -> tuple[str, list[str]]:
    year, month = 2016 + rng.randrange(10), rng.randint(1, 12)
    share = month / 12
    lines = [f"Tình hình kinh tế - xã hội {month} tháng năm {year} tiếp tục chuyển biến tích cực."]
    for text, unit, low, high, dec in REPORT_LINES:
        value = low + (high - low) * share * (0.9 + 0.2 * rng.random())
        gap = "" if unit.startswith("%") else " "
        lines.append(f"{text} {_vn(value, dec)}{gap}{unit}.")
    return f"Tình hình kinh tế - xã hội tháng {month} năm {year} (bài {i})", lines + _prose(rng, 3, i)


def _mention(i: int, rng: random.Random) -> tuple[str, list[str]]:
    year = 2016 + rng.randrange(10)
    k = rng.randrange(len(TARGETS))
    text, unit, *_ = TARGETS[k]
    value = _year_targets(year)[k]
    gap = "" if unit == "%" else " "
    line = (
        f"Phát biểu tại buổi làm việc, đồng chí {rng.choice(NAMES)}, {rng.choice(OFFICIALS)} nhấn mạnh năm "
        f"{year} tỉnh phấn đấu {text[0].lower()}{text[1:]} {value}{gap}{unit}."
    )
    place = rng.choice(PLACES)
    return f"Làm việc với {place} về nhiệm vụ năm {year} (bài {i})", [
        *_prose(rng, 3, i),
        line,
        *_prose(rng, 3, i),
    ]


def _prose(rng: random.Random, count: int, i: int) -> list[str]:
    """Ordinary news sentences. Their incidental numbers are about things named once (this project, this
    race, this visit), as in real news, so they do not pile up as one recurring "figure"."""
    place, other = rng.choice(PLACES), rng.choice(PLACES)
    day, month, year = rng.randint(1, 28), rng.randint(1, 12), 2016 + rng.randrange(10)
    sentences = [
        f"Sáng {day}/{month}, tại {place}, Ủy ban nhân dân tỉnh tổ chức hội nghị sơ kết công tác quý. Dự hội "
        f"nghị có đồng chí {rng.choice(NAMES)}, {rng.choice(OFFICIALS)}, cùng lãnh đạo các sở, ngành.",
        f"Nhân dịp Tết Nguyên đán, đoàn công tác của tỉnh đã đến thăm và tặng quà các gia đình chính sách tại "
        f"khu phố {i % 17 + 1}, {other}; mỗi suất quà trị giá {rng.randint(5, 20) * 100}.000 đồng.",
        f"Giải việt dã {place} mở rộng lần thứ {i % 30 + 1} thu hút {rng.randint(300, 1500)} vận động viên "
        f"của {rng.randint(10, 40)} đơn vị, trường học tham gia tranh tài.",
        "Lực lượng chức năng tiếp tục ra quân kiểm tra, xử lý vi phạm về nồng độ cồn, tốc độ và chở hàng "
        "quá tải trọng trên các tuyến quốc lộ qua địa bàn.",
        "Các đại biểu tập trung thảo luận những khó khăn, vướng mắc trong công tác giải phóng mặt bằng, đề "
        "xuất nhiều giải pháp để đẩy nhanh tiến độ các công trình trọng điểm.",
        f"Ủy ban nhân dân tỉnh vừa ban hành Quyết định số {4000 + i}/QĐ-UBND về việc công bố danh "
        "mục thủ tục hành chính mới ban hành trong lĩnh vực đất đai.",
        f"Chương trình văn nghệ chào mừng có sự tham gia của các đội văn nghệ quần chúng, thu hút đông đảo "
        f"người dân {place} đến xem và cổ vũ.",
        "Kết luận buổi làm việc, lãnh đạo tỉnh đề nghị địa phương tiếp tục rà soát, tháo gỡ khó khăn cho doanh "
        "nghiệp, chú trọng công tác cải cách hành chính và chuyển đổi số.",
        f"Theo kế hoạch, dự án nâng cấp đường ĐT.{700 + i} có tổng mức đầu tư khoảng {rng.randint(50, 900)} "
        f"tỷ đồng, dự kiến hoàn thành trong quý {rng.randint(1, 4)} năm {year + 1}.",
        "Dịp này, ban tổ chức trao giấy khen cho các tập thể, cá nhân có thành tích xuất sắc trong phong trào "
        "thi đua yêu nước.",
    ]
    return rng.sample(sentences, count)


def _news(i: int, rng: random.Random) -> tuple[str, list[str]]:
    place, day, month = rng.choice(PLACES), rng.randint(1, 28), rng.randint(1, 12)
    titles = [
        f"Hội nghị sơ kết công tác quý tại {place} ngày {day}/{month} (bài {i})",
        f"Thăm, tặng quà gia đình chính sách tại {place} (bài {i})",
        f"Sôi nổi giải việt dã {place} (bài {i})",
        f"{place}: tăng cường bảo đảm trật tự an toàn giao thông tháng {month} (bài {i})",
        f"Công bố danh mục thủ tục hành chính mới, đợt {i}",
        f"Khánh thành công trình dân sinh tại {place} ngày {day}/{month} (bài {i})",
    ]
    return rng.choice(titles), _prose(rng, rng.randint(4, 8), i)


def _chrome_links() -> str:
    items = []
    for n, (head, subs) in enumerate(MENU):
        sub = "".join(
            f'<li><a href="/chuyen-muc/muc_{n}_{k}.html" title="{s}">{s}</a></li>' for k, s in enumerate(subs)
        )
        items.append(f'<li class="dropdown"><a href="/chuyen-muc/muc_{n}.html">{head}</a><ul>{sub}</ul></li>')
    return '<nav class="header-nav"><ul class="nav navbar-nav">' + "".join(items) + "</ul></nav>"


_SCRIPT = (
    "<script>var nv_base_siteurl='/',nv_lang_data='vi',nv_lang_interface='vi',nv_name_variable='nv',"
    "nv_fc_variable='op',nv_lang_variable='language',nv_module_name='news',nv_func_name='detail',"
    "nv_is_user=0,nv_my_ofs=7,nv_my_abbr='ICT',nv_cookie_prefix='nv4',nv_check_pass_mstime=1738000,"
    "nv_area_admin=0,nv_safemode=0,theme_responsive=1;</script>"
    + "".join(f'<script src="/assets/js/module{k}.js?t=1700000000"></script>' for k in range(12))
    + "<script>$(function(){$('.dropdown').hover(function(){$(this).addClass('open')},function(){"
    + "$(this).removeClass('open')});});" * 60
    + "</script>"
)


def _page(content: str, sidebar: str) -> bytes:
    footer = (
        '<footer><div class="footer">Cổng thông tin điện tử tỉnh. Cơ quan chủ quản: Ủy ban nhân dân tỉnh. '
        "Địa chỉ: số 2 đường Nguyễn Văn Trị, phường Thanh Bình. Điện thoại: 0251 3822 xxx. Ghi rõ nguồn khi "
        'phát hành lại thông tin từ website này.</div><ul class="counter"><li>Đang truy cập @@HITS@@</li>'
        "<li>Hôm nay 3.412</li><li>Tổng lượt truy cập 12.345.678</li></ul></footer>"
    )
    return (
        '<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>Cổng thông tin điện tử tỉnh</title>'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        + "".join(f'<link rel="stylesheet" href="/assets/css/style{k}.css">' for k in range(8))
        + _SCRIPT
        + '</head><body><div class="wraper"><header><div class="logo"><a href="/"><img src="/logo.png" '
        'alt="Cổng thông tin điện tử"></a></div>'
        + _chrome_links()
        + '</header><div class="row"><div class="col-md-16">'
        + content
        + '</div><div class="col-md-8"><div class="panel"><h3>Tin mới</h3><ul class="sidebar-news">'
        + sidebar
        + "</ul></div></div></div>"
        + footer
        + "</div></body></html>"
    ).encode()


def _article(i: int) -> bytes:
    rng = random.Random(i)
    roll = rng.random()
    if roll < 0.04:
        title, lines = _plan(i, rng)
    elif roll < 0.08:
        title, lines = _report(i, rng)
    elif roll < 0.22:
        title, lines = _mention(i, rng)
    else:
        title, lines = _news(i, rng)
    body = "".join(f"<p>{line}</p>" for line in lines)
    day, month = rng.randint(1, 28), rng.randint(1, 12)
    content = (
        f'<div class="news_column panel"><div class="panel-body"><h1 class="title">{title}</h1>'
        f'<div class="row margin-bottom-lg"><span class="h5">Thứ hai - {day:02d}/{month:02d}/2024 08:00</span>'
        f'</div><div class="hometext">{lines[0][:160]}</div>'
        f'<div id="news-bodyhtml" class="bodytext">{body}</div>'
        '<div class="socialicon"><a href="#">Chia sẻ</a> <a href="#">In bài</a></div>'
        '<div class="detail-related"><ul>'
        + "".join(
            f'<li><a href="/news/kinh-te/chi-tieu-ke-hoach-{j}-{j}.html">Tin liên quan {j}</a></li>'
            for j in range(max(0, i - 5), i)
        )
        + "</ul></div></div></div>"
    )
    return _page(content, _sidebar(i))


def _sidebar(i: int) -> str:
    news = "".join(
        f'<li><a href="/news/thoi-su/tin-{j}-{j}.html" title="Tin thời sự số {j}"><img src="/thumb/{j}.jpg" '
        f'alt="">Tin thời sự số {j} trên địa bàn tỉnh</a><span class="time">08:{j % 60:02d}</span></li>'
        for j in range(i, i + 20)
    )
    laws = "".join(
        f'<li><a href="/van-ban/vb-{j}.html">Văn bản số {j}/UBND-KT về việc triển khai nhiệm vụ</a></li>'
        for j in range(i, i + 15)
    )
    links = "".join(
        f'<option value="/lien-ket/{j}.html">Cổng thông tin sở, ngành {j}</option>' for j in range(40)
    )
    return f'{news}</ul><h3>Văn bản mới</h3><ul class="laws">{laws}</ul><select>{links}</select><ul>'


def _dense_article(i: int) -> bytes:
    """The first mirror: every page a four-figure target list with the same values, no chrome (a stress case)."""
    lines = [
        f"Bài {i}: Nghị quyết số {i}/NQ-HĐND đề ra các chỉ tiêu chủ yếu năm 2025:",
        "Tốc độ tăng trưởng GRDP đạt 7,5%.",
        "Tổng thu ngân sách nhà nước trên địa bàn đạt 1.800 tỷ đồng.",
        "Tỷ lệ che phủ rừng đạt 55,2%.",
        "Tỷ lệ hộ nghèo giảm 1,2%.",
    ]
    body = "".join(f"<p>{line}</p>" for line in lines)
    return (
        '<html><head><meta charset="utf-8"><title>Chỉ tiêu</title></head><body>'
        '<ul class="counter"><li>Đang truy cập 12</li></ul><div class="news_column panel"><div class="panel-body">'
        f'<h1 class="title">Kế hoạch phát triển kinh tế - xã hội số {i}</h1>'
        '<div class="row margin-bottom-lg"><span class="h5">Thứ hai - 16/12/2024 08:00</span></div>'
        f'<div id="news-bodyhtml" class="bodytext">{body}</div></div></div></body></html>'
    ).encode()


def build_mirror(pages: int, kind: str = "portal") -> Site:
    """``portal``: realistic pages (see above); ``dense``: the identical four-figure stress pages."""
    article = _dense_article if kind == "dense" else _article
    site = Site({"/robots.txt": Resource(b"User-agent: *\nDisallow:\n", "text/plain")})
    listings = (pages + PER_PAGE - 1) // PER_PAGE
    for n in range(1, listings + 1):
        ids = range((n - 1) * PER_PAGE, min(n * PER_PAGE, pages))
        entries = "".join(
            f'<div class="panel-body"><h3><a href="/news/kinh-te/chi-tieu-ke-hoach-{i}-{i}.html">Chỉ tiêu {i}</a></h3></div>'
            for i in ids
        )
        pager = (
            f'<ul class="pagination"><li class="page-item"><a class="page-link" href="/news/kinh-te/page-{n + 1}/">Sau</a></li></ul>'
            if n < listings
            else ""
        )
        path = "/news/kinh-te/" if n == 1 else f"/news/kinh-te/page-{n}/"
        listing = f'<div class="news_column">{entries}</div>{pager}'
        body = (
            _page(listing, _sidebar(n))
            if kind != "dense"
            else f"<html><body>{listing}</body></html>".encode()
        )
        site[path] = Resource(body)
        for i in ids:
            site[f"/news/kinh-te/chi-tieu-ke-hoach-{i}-{i}.html"] = Resource(article(i))
    return site


@dataclass
class Usage:
    """One crawl child: wall time, CPU seconds and peak RSS, summed over its process tree (the crawl and
    its storage writer process), sampled from /proc every 50 ms."""

    wall: float = 0.0
    cpu: dict[int, float] = field(default_factory=dict)  # pid -> utime + stime seconds, last seen
    peak_rss_mb: float = 0.0
    processes: int = 0
    rss: dict[int, float] = field(default_factory=dict)  # pid -> peak RSS MB

    @property
    def cpu_s(self) -> float:
        return sum(self.cpu.values())


_TICK = os.sysconf("SC_CLK_TCK")
_PAGE_MB = os.sysconf("SC_PAGE_SIZE") / 2**20


def _tree(pid: int) -> list[int]:
    pids, todo = [], [pid]
    while todo:
        current = todo.pop()
        pids.append(current)
        for task in Path(f"/proc/{current}/task").glob("*"):
            with contextlib.suppress(OSError):
                todo += [int(c) for c in (task / "children").read_text().split()]
    return pids


def _sample(usage: Usage, pid: int) -> None:
    rss = 0.0
    pids = _tree(pid)
    usage.processes = max(usage.processes, len(pids))
    for current in pids:
        try:
            stat = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
            statm = Path(f"/proc/{current}/statm").read_text().split()
        except OSError:
            continue
        usage.cpu[current] = (int(stat[11]) + int(stat[12])) / _TICK
        mine = int(statm[1]) * _PAGE_MB
        usage.rss[current] = max(usage.rss.get(current, 0.0), mine)
        rss += mine
    usage.peak_rss_mb = max(usage.peak_rss_mb, rss)


def _run(cmd: list[str], env: dict[str, str]) -> Usage:
    """Run one child to the end, sampling its process tree."""
    usage = Usage()
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd,
        env=env,
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=None if os.environ.get("BENCH_STDERR") else subprocess.PIPE,
    )
    while proc.poll() is None:
        _sample(usage, proc.pid)
        time.sleep(0.05)
    usage.wall = time.perf_counter() - start
    _, err = proc.communicate()
    if proc.returncode != 0:
        raise SystemExit(f"command failed: {' '.join(cmd)}\n{err.decode()[-3000:]}")
    return usage


def _stored(db: Path) -> str:
    import sqlite3

    with sqlite3.connect(db) as connection:
        count = {
            table: connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("documents", "document_versions", "figures", "change_events", "document_checks")
        }
        discrepancies = connection.execute(
            "SELECT count(*) FROM change_events WHERE kind = 'discrepancy'"
        ).fetchone()[0]
    return (
        f"stored: {count['documents']} documents, {count['document_versions']} versions, {count['figures']} "
        f"figures, {count['change_events']} change events ({discrepancies} discrepancies), "
        f"{count['document_checks']} unchanged checks"
    )


def bare_worker(start_url: str, max_pages: int) -> None:
    """The baseline: the same requests with a plain Scrapy spider that only follows links."""
    import scrapy
    from scrapy.crawler import CrawlerProcess

    class Bare(scrapy.Spider):
        name = "bare"
        start_urls = (start_url,)

        def parse(self, response):
            if "/page-" in response.url or response.url == start_url:
                for href in response.css(
                    ".news_column h3 a::attr(href), ul.pagination a::attr(href)"
                ).getall():
                    yield response.follow(href)

    process = CrawlerProcess({**LOCAL, "DEPTH_LIMIT": max_pages + 2})
    process.crawl(Bare)
    process.start()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument(
        "--mirror",
        choices=("portal", "dense"),
        default="portal",
        help="portal: realistic pages (default); dense: every page the same four-figure target list",
    )
    parser.add_argument("--bare-worker", nargs=2, metavar=("URL", "PAGES"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.bare_worker:
        bare_worker(args.bare_worker[0], int(args.bare_worker[1]))
        return
    listings = (args.pages + PER_PAGE - 1) // PER_PAGE
    site = build_mirror(args.pages, args.mirror)
    with FixtureServer(site) as server, tempfile.TemporaryDirectory(prefix="chitieu-bench-") as tmp:
        start = server.base_url + "/news/kinh-te/"
        env = {**os.environ, "CHITIEU_DATA_DIR": tmp, "PYTHONPATH": str(REPO)}
        sets = [a for k, v in LOCAL.items() for a in ("--set", f"{k}={v}")]
        crawl = [
            sys.executable,
            "-m",
            "chitieu.cli.crawl",
            "--start-url",
            start,
            "--province",
            "Đồng Nai",
            "--platform",
            "nukeviet",
            "--allow-local",
            "--follow-all",
            "--max-pages",
            str(listings + 1),
            "--db",
            f"sqlite:///{tmp}/bench.sqlite",
            "--no-progress",
            *sets,
        ]
        bare = _run([sys.executable, __file__, "--bare-worker", start, str(listings)], env)
        bare_hits = len(site.hits)
        full = _run(crawl, env)
        full_hits = len(site.hits) - bare_hits
        stored_first = _stored(Path(tmp) / "bench.sqlite")
        again = _run(crawl, env)
        not_modified = sum(1 for h in site.hits[bare_hits + full_hits :] if h.status == 304)
        stored_again = _stored(Path(tmp) / "bench.sqlite")
    print(
        f"mirror: {args.mirror}, {args.pages} articles + {listings} listings "
        f"(requests: bare {bare_hits}, full {full_hits})"
    )
    print(f"after the crawl     {stored_first}")
    print(f"after the re-crawl  {stored_again}")
    for name, usage in (
        ("bare Scrapy fetch", bare),
        ("full crawl+extract+store", full),
        ("no-change re-crawl", again),
    ):
        print(
            f"{name + ':':27s} {usage.wall:7.2f} s   CPU {usage.cpu_s:6.2f} s   "
            f"peak RSS {usage.peak_rss_mb:5.0f} MB ({usage.processes} process{'es' if usage.processes > 1 else ''}"
            f"{'; CPU ' + ' + '.join(f'{c:.1f}' for c in usage.cpu.values()) + ' s' if len(usage.cpu) > 1 else ''}"
            f"{'; RSS ' + ' + '.join(f'{r:.0f}' for r in usage.rss.values()) + ' MB' if len(usage.rss) > 1 else ''})"
        )
    print(f"not modified on re-crawl:   {not_modified} x 304")
    print(f"ratio full/bare:            {full.wall / bare.wall:7.2f} x  (goal <= 1.3)")
    print(f"re-crawl share of first:    {100 * again.wall / full.wall:7.1f} %  (goal <= 10)")
    print(f"peak RSS of a crawl:        {max(full.peak_rss_mb, again.peak_rss_mb):7.0f} MB (goal <= 300)")


if __name__ == "__main__":
    main()
