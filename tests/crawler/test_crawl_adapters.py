"""Adapters on saved responses: each fixture page is handed to the adapter as Scrapy would (no server)."""

from __future__ import annotations

from datetime import date

import pytest
from crawlkit.portals import drupal, liferay, nukeviet, sharepoint, webcenter, wordpress
from scrapy.http import HtmlResponse, TextResponse

from chitieu.clock import to_local
from crawler.adapters import adapter_for
from crawler.adapters.detect import detect_platform
from crawler.adapters.rss import feed_links
from crawler.adapters.sitemap import sitemap_links
from crawler.sources import Source

BASE = "http://portal.test"


def response(site, path: str) -> TextResponse:
    resource = site.lookup(path)
    body = resource.body.replace(b"@@BASE@@", BASE.encode()).replace(b"@@HITS@@", b"1")
    cls = HtmlResponse if "html" in resource.content_type else TextResponse
    return cls(BASE + path, body=body, headers={"Content-Type": resource.content_type})


def adapter(platform: str, **extra):
    return adapter_for(Source(key="t", province="Tỉnh thử", base_url=BASE + "/", platform=platform, **extra))


def roles(links) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for link in links:
        out.setdefault(link.role, set()).add(link.url.removeprefix(BASE))
    return out


def test_nukeviet_listing_entries_and_pager() -> None:
    found = roles(adapter("nukeviet").links(response(nukeviet.build(), nukeviet.LISTING)))
    assert {nukeviet.ARTICLE, nukeviet.ACTION, nukeviet.FESTIVAL_PAGE} <= found["article"]
    assert "/news/kinh-te/page-2/" in found["next"]
    assert not any("javascript" in u for u in found["next"])  # the active page's void link


def test_nukeviet_article_fields_files_and_no_chrome() -> None:
    site = nukeviet.build()
    page = response(site, nukeviet.ARTICLE)
    a = adapter("nukeviet")
    assert a.is_article_page(page)
    art = a.article(page)
    assert art.title.startswith("HĐND tỉnh thông qua Nghị quyết")
    assert (
        to_local(art.published_at).strftime("%d/%m/%Y %H:%M") == "10/12/2024 16:20"
    )  # visible date, not itemprop
    assert art.doc_number == "45/NQ-HĐND"
    assert art.issuer == "Văn phòng HĐND tỉnh"
    assert "30.500 tỷ đồng" in art.text
    assert (
        "Đang truy cập" not in art.text and "Chia sẻ" not in art.text and "Những tin cũ hơn" not in art.text
    )
    assert {link.url.removeprefix(BASE) for link in art.attachments} == {nukeviet.PDF, nukeviet.SCAN}


def test_liferay_listing_detail_and_document_link() -> None:
    site = liferay.build()
    a = adapter("liferay")
    found = roles(a.links(response(site, liferay.LISTING)))
    assert liferay.ARTICLE in found["article"] and liferay.PAGE2 in found["next"]
    art = a.article(response(site, liferay.ARTICLE))
    assert to_local(art.published_at).strftime("%d/%m/%Y %H:%M") == "18/12/2024 16:01"  # 12-hour clock
    assert art.doc_number == "1185/QĐ-UBND"
    assert [link.url.removeprefix(BASE) for link in art.attachments] == [liferay.PDF]
    assert "Lượt truy cập" not in art.text


def test_webcenter_strips_adf_state_and_keys_on_ddocname() -> None:
    a = adapter("webcenter")
    found = roles(a.links(response(webcenter.build(), webcenter.LISTING)))
    assert webcenter.ARTICLE in found["article"]
    assert all("_afrLoop" not in u and "ctrl-state" not in u for urls in found.values() for u in urls)
    art = a.article(response(webcenter.build(), webcenter.ARTICLE))
    assert art.published_at is not None and [x.url.removeprefix(BASE) for x in art.attachments] == [
        webcenter.FILE
    ]


def test_sharepoint_properties_table_and_javascript_download() -> None:
    art = adapter("sharepoint").article(response(sharepoint.build(), sharepoint.RESOLUTION))
    assert art.doc_number == "15/NQ-HĐND"
    assert art.issued_on == date(2024, 12, 9)
    assert art.issuer == "Hội đồng nhân dân tỉnh Long An"
    assert [x.url.removeprefix(BASE) for x in art.attachments] == [sharepoint.FILE]


def test_wordpress_time_element_and_uploads() -> None:
    a = adapter("wordpress")
    found = roles(a.links(response(wordpress.build(), "/")))
    assert wordpress.POST in found["article"] and "/page/2/" in found["next"]
    art = a.article(response(wordpress.build(), wordpress.POST))
    assert to_local(art.published_at).strftime("%Y-%m-%d %H:%M") == "2024-12-20 09:30"
    assert [x.url.removeprefix(BASE) for x in art.attachments] == [wordpress.PDF]
    assert "Chia sẻ" not in art.text


def test_generic_adapter_takes_selectors_from_the_registry() -> None:
    site = drupal.build()
    default = roles(adapter("generic").links(response(site, drupal.LISTING)))
    assert drupal.NODE in default["article"] and "/tin-tuc?page=1" in default["next"]
    custom = adapter("generic", selectors={"article_links": "main .views-row a", "title": "h1.page-title"})
    assert drupal.NODE in roles(custom.links(response(site, drupal.LISTING)))["article"]
    art = custom.article(response(site, drupal.NODE))
    assert art.title == "Thông báo kết luận về chỉ tiêu năm 2025" and art.published_at is not None


def test_feeds_and_sitemaps() -> None:
    feed = list(feed_links(response(wordpress.build(), wordpress.FEED)))
    assert [link.url for link in feed] == [BASE + wordpress.POST, BASE + wordpress.OTHER]
    assert "Quán triệt chỉ tiêu" in feed[0].text
    urls = [link.url for link in sitemap_links(response(drupal.build(), drupal.SITEMAP))]
    assert BASE + drupal.ALIAS in urls


@pytest.mark.parametrize(
    ("module", "path", "expected"),
    [
        (nukeviet, nukeviet.LISTING, "nukeviet"),
        (liferay, liferay.LISTING, "liferay"),
        (webcenter, webcenter.LISTING, "webcenter"),
        (sharepoint, sharepoint.LISTING, "sharepoint"),
        (wordpress, "/", "wordpress"),
        (drupal, drupal.LISTING, "generic"),
        (wordpress, wordpress.FEED, "rss"),
        (drupal, drupal.SITEMAP, "sitemap"),
    ],
)
def test_platform_detection(module, path: str, expected: str) -> None:
    assert detect_platform(response(module.build(), path)) == expected
