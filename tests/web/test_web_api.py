"""The JSON API on a database filled by ingesting our Vietnamese fixtures through record_version."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest
from webcorpus import HA_GIANG_URL, HOSTILE_URL, SEEDS_DIR, SOURCE_KEY
from webhelpers import all_changes, document_id

from chitieu.clock import now, to_local


def test_change_feed_lists_the_revision_with_both_values_and_quotes(client) -> None:
    revised = all_changes(client, kind="figure_revised", indicator="grdp_growth")
    assert len(revised) == 1
    change = revised[0]
    assert (change["old_value"], change["new_value"], change["unit"]) == (6.5, 7, "%")
    assert "6,5%" in change["old_quote"] and "7%" in change["new_quote"]
    assert change["province"] == "Hà Giang (nay Tuyên Quang)"
    assert change["old_version"] == 1 and change["version"] == 2


def test_feed_filters_by_new_province_name_cover_the_old_unit(client) -> None:
    new_name = {c["id"] for c in all_changes(client, province="Tuyên Quang")}
    old_name = {c["id"] for c in all_changes(client, province="ha giang")}
    assert old_name and old_name < new_name  # Tuyên Quang also has its own document
    assert all(c["province"] != "Cao Bằng" for c in all_changes(client, province="tuyen quang"))


def test_feed_filters_by_indicator_typed_without_accents(client) -> None:
    found = all_changes(client, indicator="ty le ho ngheo")
    assert [c["kind"] for c in found] == ["figure_withdrawn"]
    assert found[0]["old_value"] == 3


def test_feed_filters_by_kind_and_date(client) -> None:
    kinds = ["figure_new", "figure_withdrawn"]
    found = all_changes(client, kind=kinds)
    assert found and {c["kind"] for c in found} <= set(kinds)
    today = to_local(now()).date()
    assert all_changes(client, since=(today + timedelta(days=1)).isoformat()) == []
    assert all_changes(client, until=(today - timedelta(days=1)).isoformat()) == []
    assert len(all_changes(client, since=today.isoformat(), until=today.isoformat())) == len(
        all_changes(client)
    )


def test_feed_is_paginated_newest_first(client) -> None:
    everything = all_changes(client)
    first = client.get("/api/changes", params={"per_page": 3, "page": 1}).json()
    second = client.get("/api/changes", params={"per_page": 3, "page": 2}).json()
    assert first["total"] == len(everything) and first["pages"] == -(-len(everything) // 3)
    assert [c["id"] for c in first["items"] + second["items"]] == [c["id"] for c in everything[:6]]
    stamps = [c["detected_at"] for c in everything]
    assert stamps == sorted(stamps, reverse=True)


def test_csv_export_has_every_filtered_change(client) -> None:
    response = client.get("/api/changes", params={"province": "Hà Giang", "format": "csv"})
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert len(rows) == len(all_changes(client, province="Hà Giang"))
    assert {"kind", "province", "indicator", "old_value", "new_value", "old_quote", "new_url"} <= set(rows[0])


def test_document_versions_and_figures_point_into_the_archived_text(client) -> None:
    doc_id = document_id(client, HA_GIANG_URL)
    document = client.get(f"/api/documents/{doc_id}").json()
    assert [v["number"] for v in document["versions"]] == [1, 2]
    assert document["doc_number"] == "45/NQ-HĐND"
    version = client.get(f"/api/documents/{doc_id}/versions/2").json()
    assert version["figures"], "the parser found figures in our resolution"
    for figure in version["figures"]:
        start, end = figure["span"]
        assert version["text"][start:end] == figure["quote"]
    assert client.get(f"/api/documents/{doc_id}/versions/9").status_code == 404


def test_diff_between_two_versions(client) -> None:
    doc_id = document_id(client, HA_GIANG_URL)
    diff = client.get(f"/api/documents/{doc_id}/diff", params={"a": 1, "b": 2}).json()
    assert (diff["changed_lines"], diff["removed_lines"], diff["added_lines"]) == (1, 1, 1)
    assert "-1. Tốc độ tăng trưởng kinh tế (GRDP) đạt 6,5%." in diff["unified"]
    assert "+1. Tốc độ tăng trưởng kinh tế (GRDP) đạt 7%." in diff["unified"]


@pytest.mark.parametrize("query", ["ngan sach", "NGÂN SÁCH", "Ngân  sach"])
def test_search_is_accent_and_case_insensitive(client, query: str) -> None:
    hits = client.get("/api/search", params={"q": query, "per_page": 100}).json()
    urls = {h["url"] for h in hits["items"]}
    assert {HA_GIANG_URL, HOSTILE_URL} <= urls
    assert all("ngân sách" in h["snippet"].lower() for h in hits["items"] if "caobang" not in h["url"])


def test_search_needs_every_word_and_can_filter_by_province(client) -> None:
    assert client.get("/api/search", params={"q": "ngan sach khongcotu"}).json()["total"] == 0
    hits = client.get("/api/search", params={"q": "che phu rung", "province": "Tuyên Quang"}).json()
    assert hits["total"] >= 3 and all("caobang" not in h["url"] for h in hits["items"])
    literal = client.get("/api/search", params={"q": "100%_"}).json()  # LIKE wildcards are literal
    assert literal["total"] == 0


def test_indicator_history_has_targets_and_actuals_per_province(client) -> None:
    history = client.get("/api/indicators/grdp_growth", params={"province": "Tuyên Quang"}).json()
    assert history["name"].startswith("Tốc độ tăng trưởng")
    rows = history["rows"]
    assert {r["province"] for r in rows} == {"Hà Giang", "Tuyên Quang"}
    assert {r["province_now"] for r in rows} == {"Tuyên Quang"}
    ha_giang = [(r["kind"], r["value"]) for r in rows if r["province"] == "Hà Giang"]
    assert ("target", 6.5) in ha_giang and ("target", 7) in ha_giang and ("actual", 6.8) in ha_giang


def test_indicator_history_as_of_a_date(client) -> None:
    before_revision = client.get(
        "/api/indicators/id:grdp_growth", params={"province": "Hà Giang", "as_of": "2024-01-31"}
    ).json()
    assert [(r["kind"], r["value"]) for r in before_revision["rows"]] == [("target", 6.5)]


def test_indicator_list_matches_accentless_names(client) -> None:
    found = client.get("/api/indicators", params={"q": "ty le che phu rung"}).json()
    assert "id:forest_cover" in {i["key"] for i in found["items"]}


def test_provinces_know_the_2025_merger(client) -> None:
    ha_giang = client.get("/api/provinces/ha-giang").json()
    assert (ha_giang["merged_into"], ha_giang["merged_on"], ha_giang["is_current"]) == (
        "Tuyên Quang",
        date(2025, 7, 1).isoformat(),
        False,
    )
    tuyen_quang = client.get("/api/provinces/Tuyên Quang").json()
    assert "Hà Giang" in tuyen_quang["absorbed"] and tuyen_quang["is_current"]
    filed = client.get("/api/provinces/tuyen-quang/figures", params={"per_page": 500}).json()["items"]
    assert {"Hà Giang", "Tuyên Quang"} <= {f["filed_under"] for f in filed}
    own = client.get("/api/provinces/ha-giang/figures", params={"per_page": 500}).json()["items"]
    assert own and {f["filed_under"] for f in own} == {"Hà Giang"}
    assert len(client.get("/api/provinces").json()) >= 63
    assert client.get("/api/provinces/khong-co-tinh-nay").status_code == 404


def test_sources_show_health_and_recorded_errors(client) -> None:
    sources = {s["key"]: s for s in client.get("/api/sources").json()}
    mine = sources[SOURCE_KEY]
    assert mine["errors"] == 1 and "HTTP 500" in mine["last_error"]
    assert mine["documents"] >= 4 and mine["last_fetch"] is not None
    assert mine["status"] == "stale"  # our fixtures were fetched long ago


def test_times_are_shown_in_vietnamese_time(client) -> None:
    doc_id = document_id(client, HA_GIANG_URL)
    first = client.get(f"/api/documents/{doc_id}").json()["versions"][0]
    assert first["fetched_at"] == "2024-01-10T09:00:00+07:00"


@pytest.mark.skipif(not SEEDS_DIR.is_dir(), reason="../shared/seeds is absent")
def test_seed_discrepancies_are_browsable_with_their_notes(client) -> None:
    found = all_changes(client, kind="discrepancy", province="Cao Bằng")
    per_capita = [c for c in found if c["indicator_id"] == "grdp_per_capita"]
    assert per_capita and per_capita[0]["plausibility"] == "decimal_slip"
    assert {per_capita[0]["old_value"], per_capita[0]["new_value"]} == {3.33, 33.3}
    assert any(c["plausibility"] == "swap" for c in found)
