"""End to end: every fixture portal crawled into SQLite, then re-crawled unchanged (known pages not yet
due; then every page asked for again), then after one edit (right away, and once the page is due)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from crawlkit.aging import age_archive
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

    # The next crawl, right away: listings are read again, known pages are not due (crawler.revisit).
    hits_before = {name: len(site.hits) for name, site in sites.items()}
    second = crawler.run(sources)
    assert second.returncode == 0, second.stderr[-3000:]
    assert _total(second, "new_documents") + _total(second, "new_versions") == 0
    asked = {bases[name] + h.path for name, site in sites.items() for h in site.hits[hits_before[name] :]}
    assert bases["nukeviet"] + nukeviet.LISTING in asked
    assert asked & urls == set(), "a known document was asked for before it was due"
    for name in PORTALS:
        assert second.source(f"fx-{name}")["not_due"] >= 1, (name, second.source(f"fx-{name}"))

    # Asked for every known page: each answers 304 (or sends the same bytes), nothing is stored again.
    third = crawler.run(sources, "--revisit", "all")
    assert third.returncode == 0, third.stderr[-3000:]
    assert _total(third, "new_documents") + _total(third, "new_versions") == 0
    assert _total(third, "not_due") == 0
    not_modified = _total(third, "not_modified")
    assert (
        not_modified >= len(urls) - 1
    )  # the Liferay report page sends no validators: fetched, text unchanged
    assert third.source("fx-liferay")["unchanged"] + third.source("fx-liferay")["skipped_unchanged"] >= 1
    conditional_hits = [h for h in sites["nukeviet"].hits_for(nukeviet.ARTICLE) if h.conditional]
    assert conditional_hits and conditional_hits[-1].status == 304

    # One page edited. A crawl right after still leaves it for later; a week on, it is due and its new
    # version (and only it) is stored.
    sites["nukeviet"].update(nukeviet.ARTICLE, nukeviet.changed_article())
    fourth = crawler.run(sources)
    assert fourth.returncode == 0, fourth.stderr[-3000:]
    assert _total(fourth, "new_versions") == 0
    age_archive(crawler.db_url, timedelta(days=8))
    fifth = crawler.run(sources)
    assert fifth.returncode == 0, fifth.stderr[-3000:]
    assert _total(fifth, "new_versions") == 1
    assert _total(fifth, "new_documents") == 0
    assert fifth.source("fx-nukeviet")["changes"] >= 2  # document revised + the GRDP figure revised
    assert _total(fifth, "not_modified") >= len(urls) - 2
    after = _db_counts(crawler.db_url)
    article_id = after["docs"][nv + nukeviet.ARTICLE]
    assert after["versions"][article_id] == 2
    assert {d for d, n in after["versions"].items() if n > 1} == {article_id}


def _total(run, key: str) -> int:
    return sum(s[key] for s in run.report["sources"].values())
