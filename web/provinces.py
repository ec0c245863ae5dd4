"""Province pages that understand the 2025 merger (63 units into 34).

A current province covers the units merged into it: its page lists figures filed under its old units,
each marked with the unit it was filed under. An absorbed unit's page says where it went and lists only
its own figures. Names are matched accent- and case-insensitively, old or new (``storage.provinces``).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from storage.models import Document, DocumentVersion, Province, StoredFigure
from storage.provinces import ProvinceDirectory, fold_province
from web.paging import Page, PageRequest, paged


def slug(province: Province | str) -> str:
    """``"Hà Giang"`` -> ``"ha-giang"`` (any accent-insensitive spelling finds the province again)."""
    name = province if isinstance(province, str) else province.name
    return fold_province(name).replace(" ", "-")


@dataclass(slots=True)
class ProvinceEntry:
    province: Province
    absorbed: list[Province]
    figures: int

    def as_dict(self) -> dict[str, Any]:
        p = self.province
        return {
            "name": p.name,
            "slug": slug(p),
            "type": p.type,
            "is_current": p.is_current,
            "merged_into": p.merged_into.name if p.merged_into else None,
            "merged_on": p.merged_on,
            "former_names": list(p.former_names or []),
            "absorbed": [a.name for a in self.absorbed],
            "figures": self.figures,
        }


def _figure_counts(session: Session) -> Counter[int]:
    query = select(StoredFigure.province_id, func.count()).group_by(StoredFigure.province_id)
    return Counter({pid: n for pid, n in session.execute(query) if pid is not None})


def province_directory(
    session: Session,
) -> tuple[list[ProvinceEntry], list[ProvinceEntry], list[ProvinceEntry]]:
    """(current provinces with what they absorbed, the absorbed pre-2025 units, other units)."""
    ProvinceDirectory(session)  # syncs the reference data on a fresh database
    provinces = list(session.scalars(select(Province).order_by(Province.name_folded)))
    counts = _figure_counts(session)
    absorbed: dict[int, list[Province]] = {}
    for p in provinces:
        if p.merged_into_id is not None:
            absorbed.setdefault(p.merged_into_id, []).append(p)

    def entry(p: Province) -> ProvinceEntry:
        units = absorbed.get(p.id, [])
        return ProvinceEntry(p, units, counts[p.id] + sum(counts[u.id] for u in units))

    current = [entry(p) for p in provinces if p.is_current]
    merged = [entry(p) for p in provinces if p.merged_into_id is not None]
    others = [entry(p) for p in provinces if not p.is_current and p.merged_into_id is None]
    return current, merged, others


def find_province(session: Session, name: str) -> ProvinceEntry | None:
    found = ProvinceDirectory(session).find(name.replace("-", " "))
    if found is None:
        return None
    absorbed = list(session.scalars(select(Province).where(Province.merged_into_id == found.id)))
    ids = [found.id, *(a.id for a in absorbed)]
    total = session.scalar(select(func.count()).where(StoredFigure.province_id.in_(ids))) or 0
    return ProvinceEntry(found, sorted(absorbed, key=lambda p: p.name_folded), int(total))


def _figures_query(ids: list[int], current_only: bool) -> Select[Any]:
    query = (
        select(StoredFigure, Province, Document, DocumentVersion)
        .join(Province, Province.id == StoredFigure.province_id)
        .join(Document, Document.id == StoredFigure.document_id)
        .join(DocumentVersion, DocumentVersion.id == StoredFigure.document_version_id)
        .where(StoredFigure.province_id.in_(ids))
    )
    if current_only:
        query = query.where(StoredFigure.valid_to.is_(None))
    return query.order_by(
        StoredFigure.period.desc(), StoredFigure.indicator_key, Province.name_folded, StoredFigure.id
    )


@dataclass(slots=True)
class FiledFigure:
    figure: StoredFigure
    filed_under: Province
    document: Document
    version: DocumentVersion

    def as_dict(self) -> dict[str, Any]:
        f = self.figure
        return {
            "figure_id": f.id,
            "filed_under": self.filed_under.name,
            "indicator": f.indicator,
            "indicator_id": f.indicator_id,
            "period": f.period,
            "kind": f.kind,
            "comparator": f.comparator,
            "value": f.value,
            "value_max": f.value_max,
            "unit": f.unit,
            "quote": f.quote,
            "document_id": self.document.id,
            "document_title": self.document.title,
            "url": self.document.canonical_url,
            "version": self.version.number,
            "fetched_at": self.version.fetched_at,
            "current": f.valid_to is None,
        }


def province_figures(
    session: Session, entry: ProvinceEntry, request: PageRequest, current_only: bool = True
) -> Page[FiledFigure]:
    ids = [entry.province.id, *(a.id for a in entry.absorbed)]
    rows, total = paged(session, _figures_query(ids, current_only), request)
    return Page([FiledFigure(*row) for row in rows], total, request)


def all_province_figures(session: Session, entry: ProvinceEntry, current_only: bool = True) -> Any:
    ids = [entry.province.id, *(a.id for a in entry.absorbed)]
    query = _figures_query(ids, current_only).execution_options(yield_per=1000)
    for row in session.execute(query):
        yield FiledFigure(*row).as_dict()
