"""Alert layout: statements as people write them, both languages, hostile text kept inert."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from monitor.alerts import AlertItem, Side, health_item, render

FETCHED = datetime(2019, 12, 11, 3, 0, tzinfo=UTC)


def _revised(**new: object) -> AlertItem:
    old = Side(
        Decimal("21"), Decimal("22"), "range", "%", "tăng 21-22%", "Kế hoạch", "https://a.gov.vn/x", FETCHED
    )
    fields = {
        "value": Decimal("1800"),
        "comparator": ">",
        "unit": "tỷ đồng",
        "quote": "trên 1.800 tỷ đồng",
        "title": "Kế hoạch",
        "url": "https://a.gov.vn/x",
        "fetched_at": FETCHED,
    } | new
    return AlertItem(
        "figure_revised", "Cao Bằng", "Thu ngân sách", "budget_revenue", "2020", old, Side(**fields)
    )


def test_statements_read_as_written_in_each_language() -> None:
    vi = render([_revised()], "vi").text
    en = render([_revised()], "en").text
    assert "Chỉ tiêu thay đổi: Thu ngân sách (năm 2020): 21-22% → trên 1.800 tỷ đồng" in vi
    assert "Figure revised: " in en and "(period 2020): 21-22% → over 1,800 tỷ đồng" in en
    assert "11/12/2019 10:00" in vi and "2019-12-11 10:00 ICT" in en


def test_hostile_text_is_escaped_and_only_http_links_are_links() -> None:
    item = _revised(
        title='<img src=x onerror="alert(1)">', url="javascript:alert(2)", quote="</td><script>x</script>"
    )
    html = render([item], "vi").html
    assert "<img" not in html and "<script>" not in html and 'href="javascript' not in html
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html
    assert "javascript:alert(2)" in html, "shown as text, so a reader sees where it points"


def test_health_alerts_render_a_sentence_a_person_can_act_on() -> None:
    item = health_item({"kind": "plan_overdue", "province": "Tuyên Quang", "year": 2026})
    message = render([item], "vi")
    assert message.title == "[chitieu] Cảnh báo nguồn dữ liệu: Tuyên Quang"
    assert (
        "Chưa thấy nghị quyết/kế hoạch phát triển kinh tế - xã hội năm 2026 của Tuyên Quang" in message.text
    )
