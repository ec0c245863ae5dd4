"""End to end: every fixture portal crawled into SQLite, then re-crawled unchanged, then after one edit."""

from __future__ import annotations

from pathlib import Path

import pytest
from crawlkit.portals import drupal, liferay, nukeviet, sharepoint, webcenter, wordpress
from sqlalchemy import create_engine, func, select
from sqlalchemy.orm import Session

pytest.importorskip("monitor.record", reason="storage/monitor not available")
from storage.models import Document, DocumentVersion, StoredFigure

PORTALS = {
    "nukeviet": (nukeviet, nukeviet.LISTING),
    "liferay": (liferay, liferay.LISTING),
    "webcenter": (webcenter, webcenter.LISTING),
    "sharepoint": (sharepoint, sharepoint.LISTING),
    "wordpress": (wordpress, "/"),
    "generic": (drupal, drupal.LISTING),
}


def _sources(bases: dict[str, str]) -> list[dict]:
    return [
        {
            "key": f"fx-{name}",
            "province": module.PROVINCE,
            "base_url": bases[name] + "/",
            "platform": name,
            "start_urls": [bases[name] + start],
        }
        for name, (module, start) in PORTALS.items()
    ]


def _db_counts(db_url: str) -> dict[str, dict[str, int]]:
    engine = create_engine(db_url)
    with Session(engine) as session:
        docs = dict(session.execute(select(Document.canonical_url, Document.id)).all())
        versions = dict(
            session.execute(
                select(DocumentVersion.document_id, func.count()).group_by(DocumentVersion.document_id)
            ).all()
        )
        figures = session.scalar(select(func.count()).select_from(StoredFigure))
    engine.dispose()
    return {"docs": docs, "versions": versions, "figures": {"total": figures}}


@pytest.mark.slow
def test_crawl_all_platforms_then_nothing_changed_then_one_edit(serve, crawler, tmp_path: Path) -> None:
    sites = {name: module.build() for name, (module, _) in PORTALS.items()}
    bases = {name: serve(site) for name, site in sites.items()}
    sources = _sources(bases)

    first = crawler.run(sources)
    assert first.returncode == 0, first.stderr[-3000:]
    for name in PORTALS:
        src = first.source(f"fx-{name}")
        assert src["new_documents"] >= 2, (name, src)
        assert src["figures"] > 0, (name, src)
        assert src["error_count"] == 0, (name, src["faults"])
    counts = _db_counts(crawler.db_url)
    urls = set(counts["docs"])
    nv = bases["nukeviet"]
    # articles, the text PDF, the scanned PDF (OCR) and the DOCX are all documents
    for path in (
        nukeviet.ARTICLE,
        nukeviet.ACTION,
        nukeviet.MIDYEAR,
        nukeviet.PDF,
        nukeviet.SCAN,
        nukeviet.DOCX,
    ):
        assert nv + path in urls
    assert nv + nukeviet.FESTIVAL_PAGE not in urls  # not about targets: not archived
    assert bases["webcenter"] + webcenter.ARTICLE in urls  # ADF noise stripped from the URL
    assert bases["sharepoint"] + sharepoint.FILE in urls  # javascript:downloadfile(...) attachment
    assert all(n == 1 for n in counts["versions"].values())
    assert counts["figures"]["total"] >= 40

    second = crawler.run(sources)
    assert second.returncode == 0, second.stderr[-3000:]
    assert sum(s["new_documents"] + s["new_versions"] for s in second.report["sources"].values()) == 0
    not_modified = sum(s["not_modified"] for s in second.report["sources"].values())
    assert (
        not_modified >= len(urls) - 1
    )  # the Liferay report page sends no validators: fetched, text unchanged
    assert second.source("fx-liferay")["unchanged"] + second.source("fx-liferay")["skipped_unchanged"] >= 1
    conditional_hits = [h for h in sites["nukeviet"].hits_for(nukeviet.ARTICLE) if h.conditional]
    assert conditional_hits and conditional_hits[-1].status == 304

    sites["nukeviet"].update(nukeviet.ARTICLE, nukeviet.changed_article())
    third = crawler.run(sources)
    assert third.returncode == 0, third.stderr[-3000:]
    assert sum(s["new_versions"] for s in third.report["sources"].values()) == 1
    assert sum(s["new_documents"] for s in third.report["sources"].values()) == 0
    assert third.source("fx-nukeviet")["changes"] >= 2  # document revised + the GRDP figure revised
    after = _db_counts(crawler.db_url)
    article_id = after["docs"][nv + nukeviet.ARTICLE]
    assert after["versions"][article_id] == 2
    assert {d for d, n in after["versions"].items() if n > 1} == {article_id}
