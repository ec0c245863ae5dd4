"""figures.loader: what text the parser gets from a file or a fetched body, and what is refused."""

from __future__ import annotations

import codecs
import unicodedata
from pathlib import Path

import pytest

from figures.loader import InputRejected, html_published_year, html_to_text, load_text, text_from_bytes

FIXTURES = Path(__file__).parent / "fixtures" / "extract"
SHARED = Path(__file__).resolve().parents[2] / "shared"

ARTICLE = "Tổng thu ngân sách nhà nước trên địa bàn đạt 4.250 tỷ đồng, tăng 8,2% so với năm trước."


def to_cp1258(text: str) -> bytes:
    """Encode Vietnamese as windows-1258 does: base letters from the code page, tone marks combining."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        decomposed = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", decomposed[:2])
        if len(base) == 1 and len(decomposed) > 2:  # "ế" = "ê" (in the code page) + combining acute
            out += base.encode("cp1258") + decomposed[2:].encode("cp1258")
        else:
            out += decomposed.encode("cp1258")
    return bytes(out)


def page(body: str, head: str = "") -> str:
    return f"<!DOCTYPE html><html><head>{head}<title>Tin bài</title></head><body>{body}</body></html>"


# --- plain text -------------------------------------------------------------------------------------------


def test_text_file_comes_back_nfc_with_lf_line_ends(tmp_path: Path) -> None:
    nfd = unicodedata.normalize("NFD", "Tỷ lệ che phủ rừng đạt 58,6%.\r\nTrồng rừng mới 3.200 ha.\rHết.")
    path = tmp_path / "nfd.txt"
    path.write_bytes(nfd.encode("utf-8"))

    text = load_text(path)

    assert text == "Tỷ lệ che phủ rừng đạt 58,6%.\nTrồng rừng mới 3.200 ha.\nHết."
    assert unicodedata.is_normalized("NFC", text)


@pytest.mark.parametrize(
    ("bom", "encoding"),
    [(codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")],
)
def test_byte_order_mark_decides_the_encoding_and_is_dropped(
    tmp_path: Path, bom: bytes, encoding: str
) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(bom + ARTICLE.encode(encoding))

    assert load_text(path) == ARTICLE


def test_text_fixture_is_read_unchanged() -> None:
    path = FIXTURES / "nghi_quyet_ke_hoach_2024.txt"
    assert load_text(path) == path.read_text(encoding="utf-8")


@pytest.mark.skipif(not (SHARED / "seeds").is_dir(), reason="../shared/seeds is not present")
def test_seed_texts_load_byte_for_byte_so_spans_match_the_scorer() -> None:
    for seed in sorted((SHARED / "seeds").glob("*.txt")):
        assert load_text(seed) == seed.read_text(encoding="utf-8"), seed.name


# --- refused input ----------------------------------------------------------------------------------------

BAD_BODIES = {
    "empty": (b"", "empty"),
    "whitespace-only": (b" \n\t\r\n  \n", "empty"),
    "nul-bytes": (b"GRDP t\x00ng 7,5%\x00\x00\x01\x02", "binary"),
    "control-characters": (b"abc" + bytes(range(1, 9)) * 20 + b"def", "binary"),
    "pdf": (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", "binary"),
    "docx": (b"PK\x03\x04\x14\x00\x06\x00\x08\x00word/document.xml", "binary"),
    "cp1258-text": (to_cp1258(ARTICLE), "not valid UTF-8"),
    "latin1-text": (b"Thu ng\xe2n s\xe1ch 4.250 t\xfd \xf0\xf4ng", "not valid UTF-8"),
}


@pytest.mark.parametrize("case", sorted(BAD_BODIES))
def test_bad_files_are_rejected_with_one_line_naming_the_file(tmp_path: Path, case: str) -> None:
    body, reason = BAD_BODIES[case]
    path = tmp_path / f"{case}.txt"
    path.write_bytes(body)

    with pytest.raises(InputRejected) as caught:
        load_text(path)

    message = str(caught.value)
    assert message.startswith(f"{path}: ")
    assert reason in message
    assert "\n" not in message
    assert isinstance(caught.value, ValueError)


def test_missing_file_is_rejected(tmp_path: Path) -> None:
    with pytest.raises(InputRejected, match=r"khong-co\.txt: no such file"):
        load_text(tmp_path / "khong-co.txt")


def test_directory_is_rejected(tmp_path: Path) -> None:
    with pytest.raises(InputRejected, match="directory"):
        load_text(tmp_path)


def test_file_over_the_size_limit_is_rejected_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "lon.txt"
    path.write_text(ARTICLE * 10, encoding="utf-8")

    with pytest.raises(InputRejected, match="too large"):
        load_text(path, max_bytes=100)
    assert load_text(path, max_bytes=10_000).startswith("Tổng thu")


def test_html_without_declared_charset_must_be_utf8(tmp_path: Path) -> None:
    path = tmp_path / "trang.html"
    path.write_bytes(to_cp1258(page(f"<article><p>{ARTICLE}</p></article>")))

    with pytest.raises(InputRejected, match="not valid UTF-8"):
        load_text(path)


def test_html_with_no_text_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "rong.html"
    path.write_text("<html><head><script>var a = 1;</script></head><body> </body></html>", encoding="utf-8")

    with pytest.raises(InputRejected, match="no readable text"):
        load_text(path)


# --- charsets ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "declaration",
    ['<meta charset="windows-1258">', '<meta http-equiv="Content-Type" content="text/html; charset=cp1258">'],
)
def test_html_declared_windows_1258_is_decoded_and_composed_to_nfc(tmp_path: Path, declaration: str) -> None:
    path = tmp_path / "cp1258.htm"
    path.write_bytes(
        to_cp1258(page(f"<article><h1>Kế hoạch năm 2024</h1><p>{ARTICLE}</p></article>", declaration))
    )

    text = load_text(path)

    assert ARTICLE in text
    assert unicodedata.is_normalized("NFC", text)


def test_html_declared_windows_1252_uses_that_code_page(tmp_path: Path) -> None:
    sentence = "Thông báo “Hà Nam” – giá bình quân 4.250 VND, quý I là 8,2% (chính xác)."
    body = page(f"<article><p>{sentence}</p></article>", '<meta charset="iso-8859-1">').encode("cp1252")
    assert b"\x93" in body  # the curly quote exists only in windows-1252, not in real latin-1

    assert sentence in text_from_bytes(body, content_type=None, name="x.html")


def test_html_that_declares_a_legacy_charset_but_is_utf8_is_read_as_utf8() -> None:
    body = page(f"<article><p>{ARTICLE}</p></article>", '<meta charset="windows-1252">').encode("utf-8")

    assert ARTICLE in text_from_bytes(body, content_type=None, name="sai-khai-bao.html")


def test_short_latin1_only_names_in_a_unicode_page_are_not_taken_for_vni() -> None:
    # "Hoàng" and "Quân" hold only Latin-1 letters, and "oà", "uâ" are VNI's base + mark pairs: read as VNI the
    # speaker of an interview became "Ơng Hồng Minh Quân"
    answers = "".join(
        f"<p><strong>Ông Hoàng Minh Quân:</strong> Năm {year}, tỷ lệ che phủ rừng đạt 6{n},8%.</p>"
        for n, year in enumerate((2024, 2025, 2026, 2027))
    )
    body = page(f"<article><p><strong>PV: Thưa ông, kết quả ra sao?</strong></p>{answers}</article>").encode()

    text = text_from_bytes(body, content_type=None, name="phong-van.html")

    assert text.count("Ông Hoàng Minh Quân:") == 4


def test_http_charset_wins_over_meta() -> None:
    body = to_cp1258(page(f"<article><p>{ARTICLE}</p></article>", '<meta charset="utf-8">'))

    text = text_from_bytes(body, content_type="text/html; charset=windows-1258", name="tu-may-chu")

    assert ARTICLE in text


def test_content_sniffed_as_html_without_a_suffix(tmp_path: Path) -> None:
    path = tmp_path / "trang-tin"
    path.write_text(page(f"<article><p>{ARTICLE}</p></article>"), encoding="utf-8")

    text = load_text(path)

    assert ARTICLE in text
    assert "<" not in text


def test_html_text_is_nfc() -> None:
    html = page(f"<article><p>{unicodedata.normalize('NFD', ARTICLE)}</p></article>")

    assert ARTICLE in html_to_text(html)


# --- main text of HTML pages ------------------------------------------------------------------------------

CHROME_WORDS = (
    "Đang truy cập",
    "Hôm nay",
    "Tháng hiện tại",
    "Tổng lượt truy cập",
    "Thống kê truy cập",
    "Chia sẻ",
    "Tweet",
    "Zalo",
    "Giới thiệu",
    "Văn bản chỉ đạo điều hành",
    "Trang nhất",
    "đánh giá",
    "Những tin mới hơn",
    "Hội nghị xúc tiến đầu tư",
    "Bản quyền",
    "JavaScript",
    "nv_base_siteurl",
    "5,602",
    "9,876,543",
)


@pytest.fixture(scope="module")
def nukeviet_text() -> str:
    return load_text(FIXTURES / "nukeviet_tin_bai.html")


@pytest.mark.parametrize("word", CHROME_WORDS)
def test_nukeviet_page_loses_menus_counters_share_bar_and_footer(nukeviet_text: str, word: str) -> None:
    assert word not in nukeviet_text


def test_nukeviet_page_keeps_title_lead_and_paragraphs(nukeviet_text: str) -> None:
    lines = nukeviet_text.split("\n")
    assert lines[0] == "Sơn Hà đặt mục tiêu tăng trưởng 7,5% năm 2024"
    assert any(line.startswith("Sáng 8/12, Hội đồng nhân dân tỉnh Sơn Hà") for line in lines)
    assert "tỷ lệ che phủ rừng đạt 58,6%; có thêm 12 xã đạt chuẩn nông thôn mới." in nukeviet_text
    assert any(line.startswith("Phát biểu bế mạc kỳ họp") for line in lines)


def test_nukeviet_list_items_stay_on_their_own_lines(nukeviet_text: str) -> None:
    items = (
        "Tốc độ tăng trưởng tổng sản phẩm trên địa bàn (GRDP) từ 7,0% đến 7,5%;",
        "GRDP bình quân đầu người đạt 62,4 triệu đồng;",
        "Tổng thu ngân sách nhà nước trên địa bàn trên 4.250 tỷ đồng;",
        "Kim ngạch xuất khẩu đạt 520 triệu USD;",
        "Thu hút khoảng 1,2 triệu lượt khách du lịch.",
    )
    lines = [line.removeprefix("- ") for line in nukeviet_text.split("\n")]
    for item in items:
        assert item in lines
    positions = [lines.index(item) for item in items]
    assert positions == sorted(positions)


def test_numbered_list_without_article_markup_keeps_one_item_per_line() -> None:
    html = page(
        '<div id="mainmenu"><a href="/">Trang chủ</a> <a href="/lien-he">Liên hệ</a></div>'
        "<div class='content'><p>Các chỉ tiêu chủ yếu năm 2024:</p>"
        "<p>1. Tốc độ tăng trưởng GRDP đạt 7%.<br>2. Tỷ lệ che phủ rừng đạt 58,6%.<br>"
        "3. Trồng rừng mới 3.200 ha.</p></div>"
        "<div class='block-counter'>Đang truy cập : 12<br>Tổng lượt truy cập : 1.234.567</div>"
    )

    lines = html_to_text(page_with_title_removed(html)).split("\n")

    assert "1. Tốc độ tăng trưởng GRDP đạt 7%." in lines
    assert "2. Tỷ lệ che phủ rừng đạt 58,6%." in lines
    assert "3. Trồng rừng mới 3.200 ha." in lines
    assert not any("Trang chủ" in line or "truy cập" in line for line in lines)


def test_page_wrapped_in_one_form_keeps_its_article() -> None:
    """ASP.NET portals put the whole page in a <form>; that form is not chrome."""
    html = page(
        '<form id="aspnetForm" method="post"><div class="ms-navigation">Trang chủ | Tin tức</div>'
        f"<div class='noidung'><p>{ARTICLE}</p><p>Tỷ lệ che phủ rừng đạt 58,6%.</p></div>"
        '<div class="footer">Bản quyền thuộc về Sở Kế hoạch và Đầu tư</div></form>'
    )

    text = html_to_text(html)

    assert ARTICLE in text
    assert "Tỷ lệ che phủ rừng đạt 58,6%." in text
    assert "Trang chủ" not in text
    assert "Bản quyền" not in text


def test_headlines_listed_under_a_related_news_heading_are_dropped_whatever_the_block_is_called() -> None:
    """Other articles' headlines carry figures of their own ("thu hút 236 triệu USD vốn FDI"), not this page's: a
    Liferay page whose "Tin liên quan" block has a class no chrome rule knows (trafilatura kept it)."""
    text = load_text(Path(__file__).parent / "fixtures" / "pages" / "liferay_tin_lien_quan.html")

    assert "Kim ngạch xuất khẩu ước đạt 2.145 triệu USD" in text
    assert "Minh Khang" in text  # the byline above the block stays
    for headline in ("tăng 8,1%, quy mô kinh tế", "236 triệu USD", "Hơn 1,5 triệu lượt", "Tin liên quan"):
        assert headline not in text


def test_table_rows_keep_their_cells_on_one_line() -> None:
    html = page(
        "<article><p>Phụ lục các chỉ tiêu kinh tế - xã hội chủ yếu của tỉnh trong năm kế hoạch 2024.</p>"
        "<table><tr><th>Chỉ tiêu</th><th>Đơn vị</th><th>Kế hoạch</th></tr>"
        "<tr><td>Tỷ lệ che phủ rừng</td><td>%</td><td>58,6</td></tr>"
        "<tr><td>Trồng rừng mới</td><td>ha</td><td>3.200</td></tr></table></article>"
    )

    lines = html_to_text(html).split("\n")

    row = next(line for line in lines if "Tỷ lệ che phủ rừng" in line)
    assert "58,6" in row and "%" in row
    assert "3.200" in next(line for line in lines if "Trồng rừng mới" in line)


def page_with_title_removed(html: str) -> str:
    return html.replace("<title>Tin bài</title>", "")


def test_a_lead_paragraph_kept_apart_from_the_body_is_read_first() -> None:
    # News portals put the sapo (the lead, with the key figures) outside the article body; trafilatura drops it.
    body = "".join(
        f"<p>Đoạn {i}: các khu công nghiệp tiếp tục thu hút dự án mới, mở rộng sản xuất và tạo việc làm.</p>"
        for i in range(12)
    )
    html = (
        "<html><head><title>Thu hút FDI 10 tháng</title></head><body>"
        "<div class='menu'>Trang chủ | Tin tức</div>"
        "<div class='sapo'><p>Mười tháng năm 2026, tỉnh thu hút 4,2 tỷ USD vốn đầu tư trực tiếp nước ngoài.</p></div>"
        f"<article>{body}</article></body></html>"
    )
    text = html_to_text(html)
    assert "thu hút 4,2 tỷ USD vốn đầu tư trực tiếp nước ngoài" in text
    assert text.index("4,2 tỷ USD") < text.index("Đoạn 0")
    assert "Trang chủ" not in text


@pytest.mark.parametrize(
    ("markup", "year"),
    [
        ('<meta property="article:published_time" content="2023-07-06+0722:37:00">', "2023"),  # NukeViet 4
        ('<time datetime="2026-12-22T09:30:00+07:00">22/12</time>', "2026"),
        ('<div class="assetPublishDate block_timer">21/12/2012 | 12:00 AM</div>', "2012"),  # Liferay
        ('<span class="time">Thứ năm, 06/07/2023  22:37</span>', "2023"),  # NukeViet 3
        # NukeViet 4's visible date, with no meta (a theme that drops it)
        ('<div class="row margin-bottom-lg"><span class="h5">Thứ tư - 24/12/2025 16:05</span></div>', "2025"),
        (
            '<p class="h5 text-right"><strong>Nguồn tin:</strong> Báo tỉnh, 02/01/2024</p>',
            None,
        ),  # not a date line
        ('<div class="footer">© 2019 Cổng thông tin; cập nhật 01/02/2024</div>', None),  # no date markup
        # Drupal 7: a header's clock shows the day the page is read; RDFa on a span gives the publication
        (
            '<div class="current-date">Thứ Ba, 24/11/2026</div>'
            '<span class="date-display-single" property="dc:date" content="2019-12-11T16:35:00+07:00">'
            "Thứ tư, 11/12/2019 - 16:35</span>",
            "2019",
        ),
        ('<div id="today">Hôm nay: 24/11/2026</div><div class="post-date">05/01/2025</div>', "2025"),
        ('<div class="current-date">Thứ Ba, 24/11/2026</div>', None),
    ],
)
def test_an_html_page_states_its_publication_year_in_its_markup(markup: str, year: str | None) -> None:
    page = (
        f"<html><head>{markup if 'meta' in markup else ''}</head><body>{'' if 'meta' in markup else markup}"
    )
    page += "<p>Tổng thu ngân sách đạt 612 tỷ đồng.</p></body></html>"
    assert html_published_year(page) == year
