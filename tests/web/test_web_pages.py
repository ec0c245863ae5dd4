"""HTML pages: what a person reads, escaped; security headers; exports from any list."""

from __future__ import annotations

import csv
import html
import io
import json
import re

import pytest
from webcorpus import HA_GIANG_URL, HOSTILE_TITLE, HOSTILE_URL
from webhelpers import document_id

from web.security import CONTENT_SECURITY_POLICY

MARK = re.compile(r'<mark class="fig[^"]*" data-figures="([\d ]+)">(.*?)</mark>', re.S)


@pytest.mark.parametrize(
    "path", ["/changes", "/api/changes", "/static/style.css", "/documents/999999", "/api/openapi.json"]
)
def test_every_response_carries_the_security_headers(client, path: str) -> None:
    response = client.get(path)
    assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    assert "script-src 'none'" in CONTENT_SECURITY_POLICY and "unsafe-inline" not in CONTENT_SECURITY_POLICY
    assert response.headers["x-content-type-options"] == "nosniff"


def test_no_page_carries_script(client) -> None:
    doc_id = document_id(client, HA_GIANG_URL)
    for path in [
        "/changes",
        f"/documents/{doc_id}",
        f"/documents/{doc_id}/diff",
        "/indicators/grdp_growth",
        "/search?q=ngan+sach",
        "/provinces/tuyen-quang",
        "/sources",
        "/api",
    ]:
        body = client.get(path).text
        assert "<script" not in body.lower(), path


def test_hostile_document_is_shown_as_text(client) -> None:
    doc_id = document_id(client, HOSTILE_URL)
    for path in [f"/documents/{doc_id}", "/changes", "/search?q=chen+ma", "/provinces/ha-giang"]:
        body = client.get(path).text
        assert "<script" not in body and "<img" not in body and "<svg onload" not in body, path
        assert "<b onmouseover" not in body
    page = client.get(f"/documents/{doc_id}").text
    heading = re.search(r"<h1>(.*?)</h1>", page, re.S)
    assert heading and html.unescape(heading.group(1)) == HOSTILE_TITLE
    assert "&lt;script&gt;window.__pwned = 3;" in page
    assert "onerror=&#34;window.__pwned=2" in page or "onerror=&quot;window.__pwned=2" in page
    assert "&lt;script&gt;window.__pwned = 1; alert(&#39;xss&#39;)&lt;/script&gt;" in page


def test_document_page_marks_each_figure_at_its_span(client) -> None:
    doc_id = document_id(client, HA_GIANG_URL)
    version = client.get(f"/api/documents/{doc_id}/versions/2").json()
    page = client.get(f"/documents/{doc_id}", params={"v": 2}).text
    marks = {int(ids): html.unescape(text) for ids, text in MARK.findall(page)}
    assert marks == {f["id"]: f["quote"] for f in version["figures"]}
    for figure in version["figures"]:
        assert f'id="fig-{figure["id"]}"' in page


def test_document_page_defaults_to_the_newest_version(client) -> None:
    doc_id = document_id(client, HA_GIANG_URL)
    page = client.get(f"/documents/{doc_id}").text
    assert "Phiên bản v2" in page and "bảo hiểm y tế đạt 96%" in page


def test_side_by_side_diff_marks_the_changed_number(client) -> None:
    doc_id = document_id(client, HA_GIANG_URL)
    page = client.get(f"/documents/{doc_id}/diff", params={"a": 1, "b": 2}).text
    assert re.search(r"<del>[^<]*6,5%[^<]*</del>", page)
    assert re.search(r"<ins>[^<]*7%[^<]*</ins>", page)
    assert "<del>4. Tỷ lệ hộ nghèo giảm 3%.</del>" in page
    assert client.get(f"/documents/{doc_id}/diff", params={"a": 1, "b": 7}).status_code == 404


def test_figure_link_leads_to_its_quote_in_the_archived_text(client) -> None:
    figure = client.get("/api/indicators/grdp_growth", params={"province": "Hà Giang"}).json()["rows"][0]
    response = client.get(f"/figures/{figure['figure_id']}", follow_redirects=False)
    assert response.status_code == 302
    assert response.headers["location"].endswith(f"#fig-{figure['figure_id']}")


def test_indicator_page_draws_a_chart_with_a_link_per_statement(client) -> None:
    rows = client.get("/api/indicators/grdp_growth").json()["rows"]
    page = client.get("/indicators/grdp_growth").text
    assert "<svg" in page
    linked = set(map(int, re.findall(r'<a href="/figures/(\d+)" class="point', page)))
    assert linked == {r["figure_id"] for r in rows}
    assert page.count("<rect x=") >= sum(1 for r in rows if r["kind"] == "actual")


def test_province_pages_follow_the_merger(client) -> None:
    old = client.get("/provinces/Hà Giang", follow_redirects=False)
    assert old.status_code == 302 and old.headers["location"] == "/provinces/ha-giang"
    page = client.get("/provinces/ha-giang").text
    assert "đã sáp nhập vào" in page and 'href="/provinces/tuyen-quang"' in page
    new = client.get("/provinces/tuyen-quang").text
    assert "gồm cả" in new and "<td>Hà Giang</td>" in new and "<td>Tuyên Quang</td>" in new


@pytest.mark.parametrize(
    "path",
    [
        "/changes",
        "/sources",
        "/documents",
        "/indicators",
        "/indicators/grdp_growth",
        "/search?q=ngan+sach",
        "/provinces",
        "/provinces/tuyen-quang",
    ],
)
def test_every_list_exports_csv_and_json(client, path: str) -> None:
    joiner = "&" if "?" in path else "?"
    as_csv = client.get(f"{path}{joiner}format=csv")
    as_json = client.get(f"{path}{joiner}format=json")
    assert as_csv.status_code == as_json.status_code == 200
    assert as_csv.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(as_csv.text)))
    records = json.loads(as_json.text)
    assert rows and len(rows) == len(records)
    assert list(rows[0]) == list(records[0])


def test_filtered_feed_page_shows_only_the_asked_kind(client) -> None:
    page = client.get("/changes", params={"kind": "figure_withdrawn", "province": "tuyen quang"}).text
    assert page.count('class="change k-') == page.count('class="change k-figure_withdrawn"') == 1
    assert "Tỷ lệ hộ nghèo" in page


def test_bad_parameters_get_a_clear_page_not_a_crash(client) -> None:
    response = client.get("/changes", params={"since": "hôm qua"})
    assert response.status_code == 422 and "Tham số không hợp lệ" in response.text
    assert client.get("/documents/abc").status_code == 422
    assert client.get("/provinces/atlantis").status_code == 404
