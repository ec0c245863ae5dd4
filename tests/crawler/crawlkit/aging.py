"""Make time pass for a crawled archive: every time *we* recorded (fetches, checks, listing walks) moved
into the past.

The revisit policy (``crawler.revisit``) compares these times with the crawl's own clock, so an archive
aged by a week is what a crawl a week later would find.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from storage.models import DocumentCheck, DocumentVersion, Source


def age_archive(db_url: str, by: timedelta) -> None:
    engine = create_engine(db_url)
    with Session(engine) as session:
        for version in session.scalars(select(DocumentVersion)):
            version.fetched_at -= by
            version.last_seen_at -= by
        for check in session.scalars(select(DocumentCheck)):
            check.checked_at -= by
        for source in session.scalars(select(Source).where(Source.listings_walked_at.is_not(None))):
            source.listings_walked_at -= by
        session.commit()
    engine.dispose()
