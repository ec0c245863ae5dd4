"""What the crawler's revisit policy (``crawler.revisit``) reads and writes besides document versions.

* "Seen unchanged" checks in bulk: a crawl's 304 answers and re-sent bytes, written at its end. Each check
  becomes a ``document_checks`` row, and its version's ``last_seen_at`` / ``seen_count`` move on, as
  ``storage.repository.record_check`` does for one ingest; the policy reads ``last_seen_at`` as the last
  time the crawler asked for the page.
* When a source's listings were last walked in full (``sources.listings_walked_at``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, bindparam, case, insert, select, update

from storage.models import DocumentCheck, DocumentVersion, Source


@dataclass(frozen=True, slots=True)
class Check:
    version_id: int
    url: str
    checked_at: datetime
    http_status: int | None
    content_hash: str


def record_checks(engine: Engine, checks: Sequence[Check]) -> int:
    """Record ``checks`` in one transaction; the number recorded.

    A check already recorded, or of a version no longer stored, is skipped, so saving twice is harmless.
    """
    if not checks:
        return 0
    ids = sorted({c.version_id for c in checks})
    since = min(c.checked_at for c in checks)
    with engine.begin() as connection:
        alive: set[int] = set()
        recorded: set[tuple[int, datetime]] = set()
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            alive.update(connection.scalars(select(DocumentVersion.id).where(DocumentVersion.id.in_(chunk))))
            recorded.update(
                (version_id, checked_at)
                for version_id, checked_at in connection.execute(
                    select(DocumentCheck.version_id, DocumentCheck.checked_at).where(
                        DocumentCheck.version_id.in_(chunk), DocumentCheck.checked_at >= since
                    )
                ).all()
            )
        fresh = [c for c in checks if c.version_id in alive and (c.version_id, c.checked_at) not in recorded]
        if not fresh:
            return 0
        connection.execute(
            insert(DocumentCheck),
            [
                {
                    "version_id": c.version_id,
                    "checked_at": c.checked_at,
                    "url": c.url,
                    "http_status": c.http_status,
                    "content_hash": c.content_hash,
                }
                for c in fresh
            ],
        )
        seen = bindparam("seen", type_=DocumentVersion.last_seen_at.type)
        later = case(
            (DocumentVersion.last_seen_at < seen, seen),
            else_=DocumentVersion.last_seen_at,
        )
        connection.execute(
            update(DocumentVersion)
            .where(DocumentVersion.id == bindparam("vid"))
            .values(last_seen_at=later, seen_count=DocumentVersion.seen_count + 1),
            [{"vid": c.version_id, "seen": c.checked_at} for c in fresh],
        )
    return len(fresh)


def listing_walks(engine: Engine, keys: Sequence[str]) -> dict[str, datetime | None]:
    """When each source's listings were last walked in full (None: never, or not a stored source)."""
    with engine.connect() as connection:
        rows = connection.execute(select(Source.key, Source.listings_walked_at).where(Source.key.in_(keys)))
        found = dict(rows.all())
    return {key: found.get(key) for key in keys}


def record_listing_walks(engine: Engine, keys: Sequence[str], when: datetime) -> None:
    """Note that a crawl started at ``when`` walked every listing page of the ``keys`` sources."""
    if keys:
        with engine.begin() as connection:
            connection.execute(update(Source).where(Source.key.in_(keys)).values(listings_walked_at=when))
