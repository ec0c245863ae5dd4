"""The real case: seed 000 (news article) and seed 003 (the resolution) state Cao Bằng's 2020 targets.

Ingesting both must give exactly the discrepancies of ``gold/revisions.json`` (two of them a swap, one a
factor of ten) and nothing else. This runs the real parser end to end, so it passes only when the parser
and the catalog find these figures with consistent indicators.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from monitor.record import record_version
from storage.db import session_scope
from storage.models import ChangeEvent, DocumentVersion, StoredFigure
from storage.testing import incoming

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
pytestmark = pytest.mark.skipif(
    not (SHARED / "gold" / "revisions.json").exists(), reason="../shared is absent"
)


def _span_of(text: str, quote: str) -> tuple[int, int] | None:
    flat = " ".join(quote.split())
    normalised = text.replace("\u00a0", " ")
    start = normalised.find(flat)
    return None if start < 0 else (start, start + len(flat))


def _overlaps(fig: StoredFigure, text: str, quote: str) -> bool:
    span = _span_of(text, quote)
    return span is not None and fig.span_start < span[1] and span[0] < fig.span_end


def _ingest_seeds(engine, archive) -> None:
    gold = json.loads((SHARED / "gold" / "revisions.json").read_text(encoding="utf-8"))
    for day, name in enumerate((gold["doc_a"], gold["doc_b"]), start=1):
        version = incoming(
            f"https://caobang.example/{name}",
            (SHARED / "seeds" / name).read_bytes(),
            province="Cao Bằng",
            period="2020",
            fetched_at=datetime(2020, 2, day, tzinfo=UTC),
        )
        with session_scope(engine) as session:
            record_version(session, version, archive=archive)


def test_000_and_003_give_exactly_the_gold_discrepancies(engine, archive) -> None:
    gold = json.loads((SHARED / "gold" / "revisions.json").read_text(encoding="utf-8"))
    _ingest_seeds(engine, archive)
    with session_scope(engine) as session:
        events = session.scalars(select(ChangeEvent).order_by(ChangeEvent.id)).all()
        assert [e.kind for e in events if e.kind != "discrepancy"] == ["document_new", "document_new"]
        found = [e for e in events if e.kind == "discrepancy"]
        texts = {v.id: v.text for v in session.scalars(select(DocumentVersion))}
        unmatched = list(found)
        for revision in gold["revisions"]:
            a, b = revision["in_000"], revision["in_003"]
            match = next(
                (
                    e
                    for e in unmatched
                    if e.old_value == Decimal(str(a["value"]))
                    and e.new_value == Decimal(str(b["value"]))
                    and (e.old_comparator, e.new_comparator) == (a["comparator"], b["comparator"])
                    and _overlaps(
                        session.get(StoredFigure, e.old_figure_id), texts[e.old_version_id], a["quote"]
                    )
                    and _overlaps(session.get(StoredFigure, e.new_figure_id), texts[e.version_id], b["quote"])
                ),
                None,
            )
            assert match is not None, (
                f"missing discrepancy: {revision['indicator']} {a['quote']!r} vs {b['quote']!r}"
            )
            unmatched.remove(match)
            if revision["type"] == "swap":
                assert match.plausibility == "swap"
            if revision["type"] == "comparator":
                assert match.plausibility == "comparator_only"
        spurious = [(e.indicator, e.old_value, e.new_value) for e in unmatched]
        assert spurious == [], f"spurious discrepancies: {spurious}"
        slips = [e for e in found if e.plausibility == "decimal_slip"]
        assert [(e.old_value, e.new_value) for e in slips] == [(Decimal("3.33"), Decimal("33.3"))]
        assert len(found) == len(gold["revisions"]) == 7
