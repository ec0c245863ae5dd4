"""The outcome of one crawl, per source: pages, 304s, new versions, figures, faults.

Written as JSON at the end of a crawl (the scheduler reads it) and shown as the CLI's summary table.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from chitieu import clock

MAX_FAULTS_KEPT = 200  # per source; the count keeps going


@dataclass(slots=True)
class Fault:
    url: str
    kind: str  # timeout | http-500 | connection-reset | redirect-loop | charset | truncated | oversized | ...
    detail: str
    level: str = "error"  # error | warning


@dataclass(slots=True)
class SourceReport:
    key: str
    province: str
    platform: str
    pages: int = 0  # responses received (any status)
    not_modified: int = 0  # 304 answers
    skipped_unchanged: int = 0  # same bytes as the stored version: not parsed, not stored again
    not_due: int = 0  # known pages not asked for: not yet due for a revisit (crawler.revisit)
    full_walk: bool = True  # every listing page read (else pagination stops at a page with nothing new)
    listing_stops: int = 0  # listings whose next pages were not read: nothing new on the page before
    irrelevant: int = 0  # articles read and judged not about targets/plans
    documents_sent: int = 0
    new_documents: int = 0
    new_versions: int = 0
    unchanged: int = 0
    stored_errors: int = 0  # versions stored with an extraction error
    figures: int = 0
    changes: int = 0
    error_count: int = 0
    warning_count: int = 0
    faults: list[Fault] = field(default_factory=list)
    status: str = "ok"  # ok | failing | empty

    def add_fault(self, fault: Fault) -> None:
        if fault.level == "error":
            self.error_count += 1
        else:
            self.warning_count += 1
        if len(self.faults) < MAX_FAULTS_KEPT:
            self.faults.append(fault)

    def fault_kinds(self) -> set[str]:
        return {f.kind for f in self.faults}


@dataclass(slots=True)
class CrawlReport:
    started_at: datetime = field(default_factory=clock.now)
    finished_at: datetime | None = None
    sources: dict[str, SourceReport] = field(default_factory=dict)
    fatal: str | None = None  # a crawl-wide failure (database unreachable, ...)

    def source(self, key: str) -> SourceReport:
        return self.sources[key]

    def fault(self, key: str | None, url: str, kind: str, detail: str, level: str = "error") -> None:
        target = self.sources.get(key or "")
        if target is not None:
            target.add_fault(Fault(url=url, kind=kind, detail=detail[:500], level=level))

    def finish(self) -> None:
        self.finished_at = clock.now()
        for src in self.sources.values():
            stored = (
                src.new_documents
                + src.new_versions
                + src.unchanged
                + src.not_modified
                + src.skipped_unchanged
                + src.not_due
            )
            if (src.error_count and stored == 0) or (src.pages == 0 and src.faults):
                src.status = "failing"
            elif src.pages == 0 or (stored == 0 and src.irrelevant == 0 and src.stored_errors == 0):
                src.status = "empty"

    @property
    def totals(self) -> dict[str, int]:
        keys = (
            "pages",
            "not_modified",
            "not_due",
            "new_documents",
            "new_versions",
            "figures",
            "changes",
            "error_count",
        )
        return {k: sum(getattr(s, k) for s in self.sources.values()) for k in keys}

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["started_at"] = self.started_at.isoformat()
        data["finished_at"] = self.finished_at.isoformat() if self.finished_at else None
        data["totals"] = self.totals
        return data

    def write(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(path.suffix + ".tmp")
        tmp.write_text(json.dumps(self.to_dict(), ensure_ascii=False, indent=1), encoding="utf-8")
        tmp.replace(path)
