"""record_version: documents, versions, unchanged checks, errors and transactions.

Figures are built from our own Vietnamese texts with exact spans (``figure_in``), so these tests exercise
storage and detection whatever the parser currently returns.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from monitor.record import record_version
from storage.db import session_scope
from storage.models import ChangeEvent, Document, DocumentCheck, DocumentURL, DocumentVersion, StoredFigure
from storage.testing import figure_in, incoming
from storage.textextract import extract_text

PLAN = (
    "KẾ HOẠCH phát triển kinh tế - xã hội tỉnh Cao Bằng năm 2024\n"
    "1. Tốc độ tăng trưởng kinh tế (GRDP) đạt 7%.\n"
    "2. Tỷ lệ che phủ rừng đạt 55,5%.\n"
)


def plan_figures(text: str, forest: str = "55,5%", forest_value: str = "55.5") -> list:
    return [
        figure_in(text, "Tốc độ tăng trưởng kinh tế (GRDP) đạt 7%", "7", "%", indicator="Tốc độ tăng trưởng"),
        figure_in(
            text, f"Tỷ lệ che phủ rừng đạt {forest}", forest_value, "%", indicator="Tỷ lệ che phủ rừng"
        ),
    ]


def given(figures):
    return lambda text, **_: figures


def counts(session) -> dict[str, int]:
    tables = {
        "documents": Document,
        "urls": DocumentURL,
        "versions": DocumentVersion,
        "checks": DocumentCheck,
        "figures": StoredFigure,
        "changes": ChangeEvent,
    }
    return {name: session.scalar(select(func.count()).select_from(model)) for name, model in tables.items()}


def ingest(engine, archive, version, figures=None):
    with session_scope(engine) as session:
        extract = given(figures) if figures is not None else None
        return record_version(session, version, archive=archive, extract=extract)


def test_new_document_is_stored_with_figures_body_and_event(engine, archive) -> None:
    version = incoming("https://caobang.gov.vn/kh-2024", PLAN, province="cao bang", title="Kế hoạch 2024")
    result = ingest(engine, archive, version, plan_figures(PLAN))
    assert (result.status, result.figures) == ("new_document", 2)
    assert [c.kind for c in result.changes] == ["document_new"]
    with session_scope(engine) as session:
        stored = session.get(DocumentVersion, result.version_id)
        assert stored.document.province.name == "Cao Bằng"
        assert extract_text(archive.get(stored.content_hash), stored.content_type) == stored.text
        figures = session.scalars(select(StoredFigure).order_by(StoredFigure.position)).all()
        assert [f.quote for f in figures] == [stored.text[f.span_start : f.span_end] for f in figures]
        assert str(figures[1].value) == "55.5"
        assert figures[1].identity_key.startswith(
            f"{stored.document.province_id}|name:ty le che phu rung|2024|"
        )


def test_ingesting_the_same_version_twice_is_a_no_op(engine, archive) -> None:
    version = incoming("https://caobang.gov.vn/kh-2024", PLAN, province="Cao Bằng")
    ingest(engine, archive, version, plan_figures(PLAN))
    with session_scope(engine) as session:
        before = counts(session)
    again = ingest(engine, archive, version, plan_figures(PLAN))
    assert again.status == "unchanged" and again.changes == []
    with session_scope(engine) as session:
        assert counts(session) == before


def test_same_content_later_is_a_seen_unchanged_check(engine, archive) -> None:
    first = incoming("https://caobang.gov.vn/kh-2024", PLAN, province="Cao Bằng")
    ingest(engine, archive, first, plan_figures(PLAN))
    later = incoming("https://caobang.gov.vn/kh-2024", PLAN, province="Cao Bằng")
    later.fetched_at = first.fetched_at + timedelta(days=1)
    result = ingest(engine, archive, later, [])  # the parser must not even run
    assert result.status == "unchanged" and result.figures == 2
    with session_scope(engine) as session:
        version = session.get(DocumentVersion, result.version_id)
        assert (version.seen_count, version.last_seen_at) == (2, later.fetched_at)
        assert counts(session)["versions"] == 1 and counts(session)["checks"] == 1


def test_html_whose_text_did_not_change_is_unchanged(engine, archive) -> None:
    page = (
        "<html><body><script>var t={t};</script><article><h1>Kế hoạch</h1><p>{p}</p></article></body></html>"
    )
    paragraph = "Năm 2024, tỉnh phấn đấu tỷ lệ che phủ rừng đạt 55,5% và thu ngân sách trên 2.100 tỷ đồng."
    first = incoming("https://x.gov.vn/a", page.format(t=1, p=paragraph), content_type="text/html")
    second = incoming("https://x.gov.vn/a", page.format(t=2, p=paragraph), content_type="text/html")
    second.fetched_at = first.fetched_at + timedelta(hours=6)
    ingest(engine, archive, first, [])
    assert ingest(engine, archive, second, []).status == "unchanged"


@pytest.mark.fault
def test_unparseable_body_is_stored_with_its_error_and_no_figures(engine, archive) -> None:
    broken = incoming(
        "https://caobang.gov.vn/scan.pdf", b"%PDF-1.4\n\x00\x01\x02", content_type="application/pdf"
    )
    result = ingest(engine, archive, broken)
    assert result.status == "error" and "PDF" in result.error
    with session_scope(engine) as session:
        version = session.get(DocumentVersion, result.version_id)
        assert version.error == result.error and version.figure_count == 0
        assert archive.get(version.content_hash).startswith(b"%PDF")
        assert counts(session)["figures"] == 0
        assert [c.kind for c in session.scalars(select(ChangeEvent))] == ["document_new"]


@pytest.mark.fault
def test_a_parser_crash_is_recorded_on_the_version(engine, archive) -> None:
    def crashing(text, **_):
        raise RuntimeError("regex exploded")

    with session_scope(engine) as session:
        version = incoming("https://caobang.gov.vn/b", PLAN)
        result = record_version(session, version, archive=archive, extract=crashing)
    assert result.status == "error" and "regex exploded" in result.error


@pytest.mark.fault
def test_one_ingest_is_one_transaction(engine, archive) -> None:
    bad = plan_figures(PLAN)
    bad[1].value = None  # violates NOT NULL: the flush of the figures fails half-way through the ingest
    with pytest.raises(IntegrityError), session_scope(engine) as session:
        record_version(
            session, incoming("https://caobang.gov.vn/kh", PLAN), archive=archive, extract=given(bad)
        )
    with session_scope(engine) as session:
        assert counts(session) == dict.fromkeys(counts(session), 0)


def test_a_moved_page_keeps_its_identity_by_document_number(engine, archive) -> None:
    old = incoming("https://old.gov.vn/vb/54", PLAN, doc_number="54/QĐ-UBND", issuer="UBND tỉnh Cao Bằng")
    new = incoming("https://new.gov.vn/van-ban/54-qd-ubnd", PLAN, doc_number="Số 54/QĐ-UBND")
    new.fetched_at = old.fetched_at + timedelta(days=30)
    first = ingest(engine, archive, old, plan_figures(PLAN))
    moved = ingest(engine, archive, new, plan_figures(PLAN))
    assert moved.document_id == first.document_id and moved.status == "unchanged"
    with session_scope(engine) as session:
        document = session.get(Document, first.document_id)
        assert document.canonical_url == new.url
        seen = {u.url: (u.first_seen_at, u.last_seen_at) for u in document.urls}
        assert seen == {old.url: (old.fetched_at, old.fetched_at), new.url: (new.fetched_at, new.fetched_at)}


def test_a_redirect_keeps_identity_and_records_both_urls(engine, archive) -> None:
    first = ingest(engine, archive, incoming("https://a.gov.vn/tin/1", PLAN), plan_figures(PLAN))
    moved = incoming("https://a.gov.vn/tin-tuc/ke-hoach-2024", PLAN + "Cập nhật.\n")
    moved.requested_url, moved.fetched_at = "https://a.gov.vn/tin/1", moved.fetched_at + timedelta(days=2)
    result = ingest(engine, archive, moved, plan_figures(moved.body.decode()))
    assert (result.document_id, result.status) == (first.document_id, "new_version")
    with session_scope(engine) as session:
        url = session.scalar(select(DocumentURL).where(DocumentURL.url == moved.url))
        assert url.via_redirect_from == "https://a.gov.vn/tin/1"


def test_a_moved_page_keeps_identity_by_title_and_province(engine, archive) -> None:
    title = "Kế hoạch phát triển kinh tế - xã hội năm 2024"
    first = ingest(
        engine, archive, incoming("https://a.gov.vn/1", PLAN, title=title, province="Cao Bằng"), []
    )
    other = incoming("https://b.gov.vn/2", PLAN, title=title.upper(), province="cao bang")
    assert ingest(engine, archive, other, []).document_id == first.document_id
    elsewhere = incoming("https://c.gov.vn/3", PLAN, title=title, province="Lạng Sơn")
    assert ingest(engine, archive, elsewhere, []).document_id != first.document_id


def test_same_number_in_another_province_is_another_document(engine, archive) -> None:
    a = ingest(
        engine, archive, incoming("https://a.gov.vn/54", PLAN, doc_number="54/QĐ-UBND", province="Kon Tum")
    )
    b = incoming("https://b.gov.vn/54", PLAN + ".", doc_number="54/QĐ-UBND", province="Hà Giang")
    assert ingest(engine, archive, b).document_id != a.document_id


def test_the_parser_learns_when_a_document_was_published(engine, archive) -> None:
    # A news article published in 2026 about the year before: its figure is a result, not a 2025 target.
    text = "Đến hết năm 2025, toàn tỉnh có 11 bác sĩ/vạn dân.\n"
    published = datetime(2026, 3, 17, 1, 0, tzinfo=UTC)
    news = incoming("https://baocaobang.vn/y-te", text, province="Cao Bằng", published_at=published)
    undated = incoming("https://baocaobang.vn/y-te-2", text, province="Cao Bằng")
    with session_scope(engine) as session:
        dated_id = record_version(session, news, archive=archive).version_id
        undated_id = record_version(session, undated, archive=archive).version_id
    with session_scope(engine) as session:
        kinds = {
            version_id: session.scalars(
                select(StoredFigure.kind).where(StoredFigure.document_version_id == version_id)
            ).all()
            for version_id in (dated_id, undated_id)
        }
    assert kinds == {dated_id: ["actual"], undated_id: ["target"]}
