"""Crawler benchmark on a generated local mirror of provincial portals (NukeViet-style, 20 articles per
listing page).

Measures, each crawl in its own subprocess, with the same Scrapy settings for all three:
  1. a bare Scrapy fetch of the same pages (no adapters, no parse, no storage);
  2. the full ``chitieu crawl`` (adapters, relevance, figures.extract, storage, change detection) into SQLite;
  3. the same crawl again with nothing changed, right after, as production runs it: listings read again,
     known articles left until the revisit policy says they are due (``crawler.revisit``: none is due
     right after the first crawl);
  4. with ``--revisit-all``, also a re-crawl that asks for every known page again (``chitieu crawl
     --revisit all``: conditional requests, every one answered 304), the cost without the policy.
Prints full/bare (goal <= 1.3x), re-crawl/first (goal <= 10%), the crawl's peak RSS (goal <= 300 MB) and
pages per second. Wall time, CPU seconds and RSS are taken over the crawl's whole process tree (the crawl
process and its storage writer process, see ``storage.writer``), sampled from /proc; peak RSS is the peak
of their sum.

Two regimes:

* **realistic** (default): the mirror is spread over ``--hosts`` portals (10), one province each, served
  on 127.0.0.2, 127.0.0.3, ... (all reach loopback on Linux; Scrapy's per-domain limits go by host name,
  so each is a portal of its own), every answer held ``--latency-ms`` (250 ms) by a threaded server. We
  cannot measure the provincial portals from here (no network); they are slow government hosts whose
  article pages take a few hundred ms to answer, and 250 ms is a middle value. It matters little: with
  the production politeness below a portal is asked about once every 0.5-0.7 s (``DOWNLOAD_DELAY`` 0.5 s
  with +-50 % jitter; AutoThrottle only raises the delay towards the latency), so below ~0.5 s of latency
  the delay, not the latency, sets the pace. Both runs use chitieu's **production** politeness from
  ``crawler/settings.py`` (robots.txt, ``CONCURRENT_REQUESTS_PER_DOMAIN``, ``DOWNLOAD_DELAY`` with
  jitter, AutoThrottle, User-Agent; see ``POLITENESS``). What differs from a real crawl, because the
  portals are on loopback: the sources are ``allow_local`` (the network guard refuses loopback
  addresses otherwise), and since ``--allow-local`` makes a crawl apply ``LOCAL_OVERRIDES`` (no delays),
  the bench passes the production values back with ``--set``; hosts are IP literals (no DNS), plain HTTP
  (no TLS handshake) and bodies arrive at once after the latency (no bandwidth limit). Each portal is
  its own province, so cross-document change detection (per province) finds fewer discrepancies than
  on the one-portal mirror. A re-crawl that asks for every known page again (``--revisit-all``) waits
  its polite turn for each 304 like any other request, so its wall time is close to the first crawl's
  whatever it saves in CPU: that is why known pages are revisited by policy, not on every crawl.
* **local** (``--local``, with ``--latency-ms 0``: the earlier measurement): one portal, no latency, no
  politeness (``LOCAL``: no delay, no AutoThrottle, 8 requests per domain). It measures the CPU cost per
  page against a loopback fetch, not what a crawl of real portals takes.

``--mirror portal`` (default) looks like a real provincial portal: page chrome around every article and
mostly ordinary news, a few plan resolutions and monthly reports (see the mirror section below).
``--mirror dense`` is the first mirror: every page the same four-figure target list and no chrome, the
worst case for cross-document change detection (every figure restated by every other document).

    .venv/bin/python bench/crawl.py [--pages 2000] [--hosts 10] [--latency-ms 250] [--repeat 1]
    .venv/bin/python bench/crawl.py --pages 2000 --latency-ms 0 --local
    .venv/bin/python bench/crawl.py --pages 2000 --both     # both regimes, one README line each
    .venv/bin/python bench/crawl.py --pages 2000 --revisit-all   # and the ask-for-everything re-crawl
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "tests" / "crawler")]  # chitieu, and the fixture HTTP server

from crawlkit.server import FixtureServer, Resource, Site  # noqa: E402

PER_PAGE = 20
LOCAL = {
    "DOWNLOAD_DELAY": 0,
    "AUTOTHROTTLE_ENABLED": False,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 8,
    "CONCURRENT_REQUESTS": 16,
    "ROBOTSTXT_OBEY": True,
    "LOG_LEVEL": "ERROR",
    "DOWNLOADER": "crawler.downloader.PoliteDownloader",  # as crawler/settings.py: the per-domain cap holds
}
# The settings that decide how fast and how politely pages are fetched: taken from crawler/settings.py
# (build_settings) for the realistic regime and given to both the bare fetch and the full crawl.
POLITENESS = (
    "ROBOTSTXT_OBEY",
    "USER_AGENT",
    "CONCURRENT_REQUESTS",
    "CONCURRENT_REQUESTS_PER_DOMAIN",
    "DOWNLOAD_DELAY",
    "DOWNLOAD_DELAY_JITTER",
    "AUTOTHROTTLE_ENABLED",
    "AUTOTHROTTLE_START_DELAY",
    "AUTOTHROTTLE_MAX_DELAY",
    "AUTOTHROTTLE_TARGET_CONCURRENCY",
    "DOWNLOADER",
    "DOWNLOAD_TIMEOUT",
    "COOKIES_ENABLED",
)
PROVINCES = (
    "Đồng Nai",
    "Cao Bằng",
    "Tuyên Quang",
    "Lào Cai",
    "Thái Nguyên",
    "Phú Thọ",
    "Bắc Ninh",
    "Hưng Yên",
    "Hải Phòng",
    "Ninh Bình",
    "Quảng Trị",
    "Đà Nẵng",
)


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


def build_mirror(pages: int, kind: str = "portal", first: int = 0) -> Site:
    """``portal``: realistic pages (see above); ``dense``: the identical four-figure stress pages.
    Articles are numbered from ``first`` (each portal of a multi-portal mirror has its own range)."""
    article = _dense_article if kind == "dense" else _article
    site = Site({"/robots.txt": Resource(b"User-agent: *\nDisallow:\n", "text/plain")})
    listings = (pages + PER_PAGE - 1) // PER_PAGE
    for n in range(1, listings + 1):
        ids = range(first + (n - 1) * PER_PAGE, first + min(n * PER_PAGE, pages))
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
            _page(listing, _sidebar(first + n))
            if kind != "dense"
            else f"<html><body>{listing}</body></html>".encode()
        )
        site[path] = Resource(body)
        for i in ids:
            site[f"/news/kinh-te/chi-tieu-ke-hoach-{i}-{i}.html"] = Resource(article(i))
    return site


@dataclass
class Portal:
    """One portal of the mirror: its province, its site and the server that answers for it."""

    province: str
    site: Site
    server: FixtureServer
    listings: int

    @property
    def start_url(self) -> str:
        return self.server.base_url + "/news/kinh-te/"


def start_portals(pages: int, hosts: int, kind: str, latency: float) -> list[Portal]:
    """``pages`` articles spread evenly over ``hosts`` portals on 127.0.0.2, 127.0.0.3, ...
    (127.0.0.1 for a single portal, as the first bench had it)."""
    portals = []
    for k in range(hosts):
        first, count = k * pages // hosts, (k + 1) * pages // hosts - k * pages // hosts
        site = build_mirror(count, kind, first)
        address = "127.0.0.1" if hosts == 1 else f"127.0.0.{k + 2}"
        server = FixtureServer(site, address, latency).__enter__()
        province = PROVINCES[k % len(PROVINCES)]
        portals.append(Portal(province, site, server, (count + PER_PAGE - 1) // PER_PAGE))
    return portals


def requests_seen(portals: list[Portal]) -> int:
    return sum(len(p.site.hits) for p in portals)


# -- measuring ----------------------------------------------------------------------------------------


@dataclass
class Usage:
    """One crawl child: wall time, CPU seconds and peak RSS, summed over its process tree (the crawl and
    its storage writer process), sampled from /proc every 50 ms."""

    wall: float = 0.0
    cpu: dict[int, float] = field(default_factory=dict)  # pid -> utime + stime seconds, last seen
    peak_rss_mb: float = 0.0
    processes: int = 0
    rss: dict[int, float] = field(default_factory=dict)  # pid -> peak RSS MB
    requests: int = 0  # requests the portals answered during the run

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


def _sample(usage: Usage, pid: int, seen: set[int]) -> None:
    """One sample of the tree. A child is counted from its second sample on: one caught between vfork
    and exec (how multiprocessing and subprocess start a child) still shares its parent's memory, and
    /proc would show it as a second copy of the parent."""
    rss = 0.0
    tree = _tree(pid)
    pids = [p for p in tree if p == pid or p in seen]
    seen.update(tree)
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


def _run(cmd: list[str], env: dict[str, str], portals: list[Portal]) -> Usage:
    """Run one child to the end, sampling its process tree."""
    usage = Usage()
    before = requests_seen(portals)
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd,
        env=env,
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=None if os.environ.get("BENCH_STDERR") else subprocess.PIPE,
    )
    seen: set[int] = set()
    while proc.poll() is None:
        _sample(usage, proc.pid, seen)
        time.sleep(0.05)
    usage.wall = time.perf_counter() - start
    usage.requests = requests_seen(portals) - before
    _, err = proc.communicate()
    if proc.returncode != 0:
        raise SystemExit(f"command failed: {' '.join(cmd)}\n{(err or b'').decode()[-3000:]}")
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


# -- the runs -----------------------------------------------------------------------------------------


def production_politeness() -> dict[str, Any]:
    """The ``POLITENESS`` settings as a production crawl gets them (crawler.settings.build_settings)."""
    from crawler.settings import build_settings

    settings = build_settings("sqlite://")
    return {key: settings[key] for key in POLITENESS} | {"LOG_LEVEL": "ERROR"}


def bare_worker(start_urls: list[str], settings: dict[str, Any]) -> None:
    """The baseline: the same requests with a plain Scrapy spider that only follows links."""
    import scrapy
    from scrapy.crawler import CrawlerProcess

    class Bare(scrapy.Spider):
        name = "bare"

        async def start(self):
            for url in start_urls:
                yield scrapy.Request(url)

        def parse(self, response):
            if "/page-" in response.url or response.url in start_urls:
                for href in response.css(
                    ".news_column h3 a::attr(href), ul.pagination a::attr(href)"
                ).getall():
                    yield response.follow(href)

    process = CrawlerProcess(settings)
    process.crawl(Bare)
    process.start()


@dataclass
class Result:
    regime: str
    pages: int
    hosts: int
    latency_ms: float
    bare: Usage
    full: Usage
    again: Usage
    again_all: Usage | None
    not_modified: int
    not_modified_all: int
    stored_first: str
    stored_again: str
    walls: dict[str, list[float]]

    @property
    def ratio(self) -> float:
        return self.full.wall / self.bare.wall

    @property
    def recrawl_share(self) -> float:
        return self.again.wall / self.full.wall

    @property
    def peak_rss(self) -> float:
        runs = (self.full, self.again, self.again_all)
        return max(run.peak_rss_mb for run in runs if run is not None)


def measure(
    pages: int, hosts: int, latency_ms: float, local: bool, kind: str, repeat: int, revisit_all: bool
) -> Result:
    settings = dict(LOCAL) if local else production_politeness()
    portals = start_portals(pages, hosts, kind, latency_ms / 1000)
    walls: dict[str, list[float]] = {"bare": [], "full": [], "again": []} | (
        {"again_all": []} if revisit_all else {}
    )
    best: dict[str, Usage] = {}
    try:
        for _ in range(repeat):
            with tempfile.TemporaryDirectory(prefix="chitieu-bench-") as tmp:
                runs, not_modified, stored = _one_round(portals, settings, Path(tmp), revisit_all)
            for name, usage in runs.items():
                walls[name].append(usage.wall)
                if name not in best or usage.wall < best[name].wall:
                    best[name] = usage
    finally:
        for portal in portals:
            portal.server.__exit__(None, None, None)
    regime = "local" if local else "realistic"
    return Result(regime, pages, hosts, latency_ms, best["bare"], best["full"], best["again"],
                  best.get("again_all"), not_modified[0], not_modified[1], stored[0], stored[1],
                  walls)  # fmt: skip


def _one_round(
    portals: list[Portal], settings: dict[str, Any], tmp: Path, revisit_all: bool
) -> tuple[dict[str, Usage], tuple[int, int], tuple[str, str]]:
    registry = tmp / "sources.yaml"
    sources = [
        {
            "key": f"bench-{n}",
            "province": portal.province,
            "base_url": portal.server.base_url + "/",
            "platform": "nukeviet",
            "start_urls": [portal.start_url],
            "follow_all": True,
            "max_listing_pages": portal.listings + 1,
        }
        for n, portal in enumerate(portals)
    ]
    registry.write_text(yaml.safe_dump({"sources": sources}, allow_unicode=True), encoding="utf-8")
    env = {**os.environ, "CHITIEU_DATA_DIR": str(tmp), "PYTHONPATH": str(REPO)}
    sets = [a for k, v in settings.items() for a in ("--set", f"{k}={json.dumps(v)}")]
    db = tmp / "bench.sqlite"
    crawl = [sys.executable, "-m", "chitieu.cli.crawl", "--registry", str(registry), "--allow-local",
             "--db", f"sqlite:///{db}", "--no-progress", *sets]  # fmt: skip
    bare_cmd = [sys.executable, __file__, "--bare-worker", json.dumps([p.start_url for p in portals])]
    bare = _run([*bare_cmd, json.dumps(settings)], env, portals)
    full = _run(crawl, env, portals)
    stored_first = _stored(db)
    runs = {"bare": bare, "full": full}
    not_modified = []
    for name, extra in (("again", []), ("again_all", ["--revisit", "all"]))[: 2 if revisit_all else 1]:
        hits_before = [len(p.site.hits) for p in portals]
        runs[name] = _run([*crawl, *extra], env, portals)
        not_modified.append(
            sum(
                1
                for p, n in zip(portals, hits_before, strict=True)
                for h in p.site.hits[n:]
                if h.status == 304
            )
        )
    return runs, (not_modified[0], not_modified[-1] if revisit_all else 0), (stored_first, _stored(db))


# -- report -------------------------------------------------------------------------------------------


def _usage_line(name: str, usage: Usage) -> str:
    several = len(usage.cpu) > 1
    cpu = "; CPU " + " + ".join(f"{c:.1f}" for c in usage.cpu.values()) + " s" if several else ""
    rss = "; RSS " + " + ".join(f"{r:.0f}" for r in usage.rss.values()) + " MB" if several else ""
    return (
        f"{name + ':':27s} {usage.wall:7.2f} s   CPU {usage.cpu_s:6.2f} s   peak RSS {usage.peak_rss_mb:5.0f} MB"
        f"   {usage.requests / usage.wall:6.1f} req/s ({usage.processes} process"
        f"{'es' if usage.processes > 1 else ''}{cpu}{rss})"
    )


def report(result: Result) -> None:
    r = result
    print(
        f"== {r.regime}: {r.pages} articles over {r.hosts} portal(s), {r.latency_ms:g} ms per answer "
        f"(requests: bare {r.bare.requests}, full {r.full.requests}, re-crawl {r.again.requests})"
    )
    print(f"after the crawl     {r.stored_first}")
    print(f"after the re-crawl  {r.stored_again}")
    for name, usage in (("bare Scrapy fetch", r.bare), ("full crawl+extract+store", r.full),
                        ("no-change re-crawl", r.again), ("re-crawl --revisit all", r.again_all)):  # fmt: skip
        if usage is not None:
            print(_usage_line(name, usage))
    if len(r.walls["full"]) > 1:
        print("all runs (s):               " + "; ".join(
            f"{k} {', '.join(f'{w:.1f}' for w in v)}" for k, v in r.walls.items()))  # fmt: skip
    print(f"not modified on re-crawl:   {r.not_modified} x 304 ({r.again.requests} requests)")
    print(f"ratio full/bare:            {r.ratio:7.2f} x  (goal <= 1.3)")
    print(
        f"re-crawl share of first:    {100 * r.recrawl_share:7.1f} %  (goal <= 10; CPU "
        f"{100 * r.again.cpu_s / r.full.cpu_s:.0f} % of the first's)"
    )
    if r.again_all is not None:
        print(
            f"re-crawl --revisit all:     {100 * r.again_all.wall / r.full.wall:7.1f} % of the first "
            f"({r.not_modified_all} x 304, CPU {100 * r.again_all.cpu_s / r.full.cpu_s:.0f} %)"
        )
    print(f"peak RSS of a crawl:        {r.peak_rss:7.0f} MB (goal <= 300)")
    print(f"full crawl rate:            {r.pages / r.full.wall:7.1f} articles/s")


def readme_line(result: Result) -> str:
    r = result
    label = (
        f"{r.hosts} portals, {r.latency_ms:g} ms, production politeness"
        if r.regime == "realistic"
        else f"{r.hosts} portal{'s' if r.hosts > 1 else ''}, {r.latency_ms:g} ms, no politeness (CPU per page)"
    )
    return (
        f"{r.regime} ({label}): {r.full.wall:.0f} s vs {r.bare.wall:.0f} s bare = **{r.ratio:.2f}x**; "
        f"re-crawl {100 * r.recrawl_share:.0f}% of the first (CPU {100 * r.again.cpu_s / r.full.cpu_s:.0f}%"
        + (f"; --revisit all {100 * r.again_all.wall / r.full.wall:.0f}%" if r.again_all else "")
        + "); "
        f"peak RSS {r.peak_rss:.0f} MB; {r.pages / r.full.wall:.1f} articles/s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--hosts", type=int, help="portals (default: 10, or 1 with --local)")
    parser.add_argument("--latency-ms", type=float, default=250.0, help="server time per answer (ms)")
    parser.add_argument("--local", action="store_true", help="no politeness (LOCAL): CPU cost per page")
    parser.add_argument("--both", action="store_true", help="realistic, then --latency-ms 0 --local")
    parser.add_argument("--repeat", type=int, default=1, help="rounds; the best wall time of each run")
    parser.add_argument(
        "--mirror",
        choices=("portal", "dense"),
        default="portal",
        help="portal: realistic pages (default); dense: every page the same four-figure target list",
    )
    parser.add_argument(
        "--revisit-all", action="store_true", help="also re-crawl asking for every known page (--revisit all)"
    )
    parser.add_argument("--bare-worker", nargs=2, metavar=("URLS", "SETTINGS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.bare_worker:
        bare_worker(json.loads(args.bare_worker[0]), json.loads(args.bare_worker[1]))
        return
    plans = [(args.local, args.latency_ms)]
    if args.both:
        plans = [(False, args.latency_ms), (True, 0.0)]
    results = []
    for local, latency in plans:
        hosts = args.hosts or (1 if local else 10)
        result = measure(
            args.pages, hosts, latency, local, args.mirror, max(1, args.repeat), args.revisit_all
        )
        report(result)
        results.append(result)
    print(f"README ({args.mirror} mirror, best of {max(1, args.repeat)}):")
    for result in results:
        print("  " + readme_line(result))


if __name__ == "__main__":
    main()
