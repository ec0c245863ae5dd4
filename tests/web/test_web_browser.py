"""Headless Chromium (Debian's) opens the pages as a person would and checks what is on screen.

The browser is never downloaded: ``install_browser.sh`` installs Debian's ``chromium`` when missing and
the tests skip with the reason when it cannot be had. Screenshots land in the test's tmp directory.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from webcorpus import HA_GIANG_URL, HOSTILE_URL


def _document_id(page, base: str, url: str) -> int:
    listing = page.request.get(f"{base}/api/documents?per_page=500").json()
    return next(item["id"] for item in listing["items"] if item["canonical_url"] == url)


def _watch_for_script(page) -> list[str]:
    """Every dialog (alert/confirm) the page tries to open; there must be none."""
    opened: list[str] = []

    def on_dialog(dialog) -> None:
        opened.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    return opened


def test_change_feed_filters_and_leads_to_the_diff(page, live_server: str, tmp_path: Path) -> None:
    dialogs = _watch_for_script(page)
    page.goto(f"{live_server}/changes")
    revised = page.locator("li.change.k-figure_revised", has_text="Tốc độ tăng trưởng kinh tế")
    assert "6,5% → 7%" in revised.inner_text()
    page.fill("input[name=province]", "Tuyên Quang")
    page.select_option("select[name=kind]", "figure_revised")
    page.click("form.filters button")
    page.wait_for_url(re.compile(r"kind=figure_revised"))
    items = page.locator("li.change")
    assert items.count() >= 1
    assert set(items.locator(".badge").all_inner_texts()) == {"Chỉ tiêu thay đổi"}
    page.screenshot(path=str(tmp_path / "feed.png"), full_page=True)
    page.locator("li.change", has_text="Tốc độ tăng trưởng").get_by_role(
        "link", name=re.compile("so sánh")
    ).click()
    page.wait_for_url(re.compile(r"/diff\?a=1&b=2"))
    assert page.locator("tr.d-replace td.old del", has_text="6,5%").is_visible()
    assert page.locator("tr.d-replace td.new ins", has_text="7%").is_visible()
    assert page.locator("tr.d-delete td.old", has_text="Tỷ lệ hộ nghèo giảm 3%").is_visible()
    page.screenshot(path=str(tmp_path / "diff.png"), full_page=True)
    assert dialogs == []


def test_indicator_chart_points_link_to_their_quotes(page, live_server: str, tmp_path: Path) -> None:
    page.goto(f"{live_server}/indicators/grdp_growth")
    chart = page.locator("figure.chart svg").first
    assert chart.is_visible()
    box = chart.bounding_box()
    assert box and box["width"] > 400 and box["height"] > 150
    rows = page.locator("table.grid tbody tr").count()
    assert page.locator("figure.chart a.point").count() == rows
    legend = page.locator("figure.chart figcaption").first.inner_text()
    assert (
        "Hà Giang (nay Tuyên Quang)" in legend and "chỉ tiêu (kế hoạch)" in legend and "thực hiện" in legend
    )
    page.screenshot(path=str(tmp_path / "chart.png"), full_page=True)
    actual = page.locator("figure.chart a.point:has(rect)").first
    tooltip = actual.locator("title").text_content() or ""
    assert "Thực hiện" in tooltip and "6,8" in tooltip
    actual.click()
    page.wait_for_url(re.compile(r"/documents/\d+\?v=\d+#fig-\d+"))
    figure_id = page.url.rsplit("#fig-", 1)[1]
    mark = page.locator(f'mark[data-figures~="{figure_id}"]').first
    assert mark.is_visible() and "6,8%" in mark.inner_text()


def test_crawled_page_with_payloads_shows_them_as_text(page, live_server: str, tmp_path: Path) -> None:
    dialogs = _watch_for_script(page)
    doc_id = _document_id(page, live_server, HOSTILE_URL)
    page.goto(f"{live_server}/documents/{doc_id}")
    assert "<script>window.__pwned = 1;" in page.locator("h1").inner_text()
    text = page.locator(".archived .text").inner_text()
    assert (
        "<script>window.__pwned = 3;" in text
        and 'onerror="window.__pwned=2' in text
        and "<svg onload=alert(4)>" in text
    )
    assert (
        page.locator(".archived .text img, .archived .text svg, .archived .text script, h1 img").count() == 0
    )
    assert page.evaluate("() => window.__pwned === undefined")
    for path in ["/changes", "/search?q=chen+ma", "/provinces/ha-giang"]:
        page.goto(f"{live_server}{path}")
        assert page.evaluate("() => window.__pwned === undefined"), path
    page.screenshot(path=str(tmp_path / "hostile.png"), full_page=True)
    assert dialogs == []


def test_document_page_highlights_figures_in_the_archived_text(page, live_server: str) -> None:
    doc_id = _document_id(page, live_server, HA_GIANG_URL)
    page.goto(f"{live_server}/documents/{doc_id}")
    marks = page.locator(".archived .text mark.fig")
    assert marks.count() == page.locator(".figs tbody tr").count() >= 4
    assert "Tốc độ tăng trưởng kinh tế (GRDP) đạt 7%" in marks.all_inner_texts()
    background = marks.first.evaluate("el => getComputedStyle(el).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")


@pytest.mark.parametrize("path", ["/changes", "/sources", "/provinces", "/search?q=ngan+sach"])
def test_pages_render_with_the_stylesheet_under_the_csp(page, live_server: str, path: str) -> None:
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.goto(f"{live_server}{path}")
    header_color = page.locator("header.top").evaluate("el => getComputedStyle(el).backgroundColor")
    assert header_color == "rgb(18, 53, 91)"  # style.css loaded and applied
    assert violations == []
