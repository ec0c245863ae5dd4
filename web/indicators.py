"""Indicators that have stored figures, and one indicator's history (rows and charts)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from figures.catalog import default_catalog
from storage.identity import normalise_name
from storage.models import StoredFigure
from storage.queries import FigureRow, history
from web.chart import Chart, charts_for
from web.filters import like_escape
from web.paging import Page, PageRequest, paged

log = logging.getLogger(__name__)


@dataclass(slots=True)
class IndicatorSummary:
    key: str
    indicator_id: str | None
    name: str
    figures: int
    provinces: int
    first_period: str | None
    last_period: str | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "indicator_id": self.indicator_id,
            "name": self.name,
            "figures": self.figures,
            "provinces": self.provinces,
            "first_period": self.first_period,
            "last_period": self.last_period,
        }


def display_name(key: str, sample: str | None = None) -> str:
    """The catalog's Vietnamese name for ``id:...`` keys, else the indicator as written."""
    if key.startswith("id:"):
        found = default_catalog().get(key[3:])
        if found is not None:
            return found.name_vi
    return sample or key.removeprefix("name:")


def _catalog_ids(query: str) -> list[str]:
    try:
        return [hit.id for hit in default_catalog().search(query, limit=5) if hit.score >= 80]
    except Exception as exc:  # a broken extra catalog file must not break the page
        log.warning("catalog search failed: %s", exc)
        return []


def list_indicators(session: Session, query: str | None, request: PageRequest) -> Page[IndicatorSummary]:
    select_ = select(
        StoredFigure.indicator_key,
        func.max(StoredFigure.indicator_id),
        func.min(StoredFigure.indicator),
        func.count(StoredFigure.id),
        func.count(func.distinct(StoredFigure.province_id)),
        func.min(StoredFigure.period),
        func.max(StoredFigure.period),
    ).group_by(StoredFigure.indicator_key)
    if query and query.strip():
        ids = [f"id:{i}" for i in _catalog_ids(query)]
        needle = like_escape(normalise_name(query))
        select_ = select_.where(
            or_(
                StoredFigure.indicator_key.in_(ids),
                StoredFigure.indicator_key.like(f"%{needle}%", escape="\\"),
            )
        )
    select_ = select_.order_by(func.count(StoredFigure.id).desc(), StoredFigure.indicator_key)
    rows, total = paged(session, select_, request)
    items = [
        IndicatorSummary(key, ident, display_name(key, sample), n, provinces, first, last)
        for key, ident, sample, n, provinces, first, last in rows
    ]
    return Page(items, total, request)


@dataclass(slots=True)
class IndicatorHistory:
    key: str
    name: str
    rows: list[FigureRow]
    charts: list[Chart]

    @property
    def provinces(self) -> list[str]:
        return sorted({r.get("province_now") or r.get("province") or "?" for r in self.rows})


def indicator_history(
    session: Session,
    key: str,
    *,
    province: str | None = None,
    period: str | None = None,
    as_of: date | None = None,
) -> IndicatorHistory:
    """Every statement of the indicator (filtered), oldest first, and its charts."""
    wanted = key if key.startswith(("id:", "name:")) else f"id:{key}"
    rows = history(session, wanted, province=province, period=period, as_of=as_of)
    if not rows and not key.startswith(("id:", "name:")):
        rows = history(session, key, province=province, period=period, as_of=as_of)
    sample = rows[0]["indicator"] if rows else None
    return IndicatorHistory(wanted, display_name(wanted, sample), rows, charts_for(rows))
