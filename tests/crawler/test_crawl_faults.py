"""Faults against the local server, each recorded against its source while the rest of the crawl completes."""

from __future__ import annotations

import pytest
from crawlkit.portals import faulty, nukeviet
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

pytest.importorskip("monitor.record", reason="storage/monitor not available")
from storage.models import Document, DocumentVersion


@pytest.mark.fault
@pytest.mark.slow
def test_faults_are_recorded_per_source_and_the_crawl_goes_on(serve, crawler) -> None:
    bad_site, good_site = faulty.build(), nukeviet.build()
    bad, good = serve(bad_site), serve(good_site)
    sources = [
        {
            "key": "fx-faulty",
            "province": faulty.PROVINCE,
            "base_url": bad + "/",
            "platform": "nukeviet",
            "start_urls": [bad + faulty.LISTING],
        },
        {
            "key": "fx-healthy",
            "province": nukeviet.PROVINCE,
            "base_url": good + "/",
            "platform": "nukeviet",
            "start_urls": [good + nukeviet.LISTING],
        },
    ]
    run = crawler.run(sources)
    assert run.returncode == 0, run.stderr[-3000:]

    faults = run.source("fx-faulty")["faults"]
    by_url = {f["url"]: f for f in faults}
    for kind, path in faulty.FAULTS.items():
        assert by_url[bad + path]["kind"] == kind, (kind, by_url.get(bad + path))
    assert by_url[bad + faulty.BROKEN_PDF]["kind"] == "broken-pdf"
    assert by_url[faulty.OFF_DOMAIN]["kind"] == "off-domain"
    assert by_url[faulty.PRIVATE]["kind"] == "private-address"
    assert by_url[faulty.LINK_LOCAL]["kind"] == "private-address"
    assert by_url[bad + faulty.WRONG_CHARSET]["kind"] == "charset"
    assert by_url[bad + faulty.NO_CHARSET]["kind"] == "charset"
    hit_paths = {h.path for h in bad_site.hits}
    assert faulty.LOOP_B in hit_paths  # the loop was followed once, then refused

    engine = create_engine(crawler.db_url)
    with Session(engine) as session:
        rows = session.execute(
            select(
                Document.canonical_url,
                DocumentVersion.error,
                DocumentVersion.text,
                DocumentVersion.figure_count,
            ).join(DocumentVersion, DocumentVersion.document_id == Document.id)
        ).all()
    engine.dispose()
    stored = {url: (error, text, figures) for url, error, text, figures in rows}
    assert stored[bad + faulty.GOOD][2] > 0
    # wrong and missing charsets are repaired: the Vietnamese text reads right and gives figures
    for path in (faulty.WRONG_CHARSET, faulty.NO_CHARSET):
        error, text, figures = stored[bad + path]
        assert error is None and "ngân sách" in text and figures > 0
    # the broken PDF is kept with its error and no figures
    error, _, figures = stored[bad + faulty.BROKEN_PDF]
    assert error and "PDF" in error and figures == 0
    for path in faulty.FAULTS.values():
        assert bad + path not in stored
    assert not any(u.startswith(("http://example.org", "http://10.", "http://169.254")) for u in stored)

    healthy = run.source("fx-healthy")
    assert healthy["error_count"] == 0 and healthy["new_documents"] >= 6 and healthy["status"] == "ok"
