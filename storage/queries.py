"""The read side archivists use: figure history (two time axes), change listings, versions and exports.

``history`` is what ``chitieu history`` and ``bench/history.py`` call. "As of D" means what the sources said
at the end of day D (Vietnamese time): figures of versions fetched by then and not yet superseded.
"""

from __future__ import annotations

import functools
import itertools
import logging
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import BindParameter, Select, and_, bindparam, func, or_, select, type_coerce
from sqlalchemy.orm import Session, aliased
from sqlalchemy.types import NullType

from chitieu.clock import VN_TZ, as_utc
from storage.identity import normalise_name
from storage.models import ChangeEvent, Document, DocumentURL, DocumentVersion, Province, StoredFigure
from storage.provinces import covering_ids, covering_select_by, designation

log = logging.getLogger(__name__)
SEARCH_MIN_SCORE = 95.0
_IDENTIFIER = re.compile(r"[a-z0-9_]+")  # what catalog ids look like


def as_of_moment(value: date | datetime | str | None) -> datetime | None:
    """``2024-05-01`` -> the end of that day in Asia/Ho_Chi_Minh, as UTC; datetimes pass through (UTC)."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value) if "T" in value or " " in value else date.fromisoformat(value)
    if isinstance(value, datetime):
        return as_utc(value if value.tzinfo else value.replace(tzinfo=VN_TZ))  # naive input is local time
    return as_utc(datetime.combine(value + timedelta(days=1), time(0), tzinfo=VN_TZ))


def _catalog():
    try:
        from figures.catalog import default_catalog

        return default_catalog()
    except Exception as exc:  # no catalog, or a broken one: names still work
        log.debug("catalog unavailable: %s", exc)
        return None


def _catalog_match(query: str) -> list[str]:
    """The catalog id a name matches exactly (an alias, accents optional): cheap and precise."""
    catalog = _catalog()
    found = catalog.match(query) if catalog is not None else None
    return [found.id] if found is not None else []


def _catalog_search(query: str) -> list[str]:
    """The best fuzzy hit, only when it is close: a weak hit would mix indicators."""
    catalog = _catalog()
    hits = catalog.search(query, limit=1) if catalog is not None else []
    return [hit.id for hit in hits if hit.score >= SEARCH_MIN_SCORE]


def _present(session: Session, keys: list[str]) -> list[str]:
    query = select(StoredFigure.indicator_key).where(StoredFigure.indicator_key.in_(keys)).distinct()
    return list(session.scalars(query))


def exact_indicator_keys(query: str, *, aliases: bool = True) -> list[str]:
    """Keys a query names exactly: an id, a catalog alias (accents optional) or the normalised name.

    ``aliases=False`` leaves the catalog out (see :func:`_history_keys`).
    """
    query = query.strip()
    keys = [query] if query.startswith(("id:", "name:")) else []
    aliased_ids = _catalog_match(query) if aliases else []
    keys += [f"id:{query}", *(f"id:{i}" for i in aliased_ids), f"name:{normalise_name(query)}"]
    return list(dict.fromkeys(keys))


def _history_keys(session: Session, query: str) -> list[str]:
    """:func:`exact_indicator_keys`, loading the catalog only when the query needs an alias resolved.

    A query that is, as typed, a stored key (``id:grdp_growth``, ``name:...``) or a stored indicator id
    (``grdp_growth``) names that indicator; one indexed look-up says so, and the catalog (0.15-0.2 s to
    load, once per process) stays unloaded. Any other query is a name, resolved through the catalog.
    """
    stripped = query.strip()
    if stripped.startswith(("id:", "name:")):
        direct = stripped
    elif _IDENTIFIER.fullmatch(stripped):
        direct = f"id:{stripped}"
    else:  # words: a name for the catalog (no look-up spent on it)
        return exact_indicator_keys(query)
    return exact_indicator_keys(query, aliases=not _present(session, [direct]))


def indicator_keys(session: Session, query: str) -> list[str]:
    """The stored indicator keys a query names: exact keys, else a close catalog hit, else a substring."""
    found = _present(session, exact_indicator_keys(query))
    if not found:
        found = _present(session, [f"id:{i}" for i in _catalog_search(query)])
    needle = normalise_name(query)
    if found or not needle:
        return found
    like = select(StoredFigure.indicator_key).where(StoredFigure.indicator_key.like(f"name:%{needle}%"))
    return list(session.scalars(like.distinct().limit(50)))


_Successor = aliased(Province)
_ROW_COLUMNS = (
    Province.name.label("province"),
    func.coalesce(_Successor.name, Province.name).label("province_now"),
    StoredFigure.indicator,
    StoredFigure.indicator_id,
    StoredFigure.period,
    StoredFigure.kind,
    StoredFigure.comparator,
    StoredFigure.value,
    StoredFigure.value_max,
    StoredFigure.unit,
    StoredFigure.unit_canonical,
    StoredFigure.scale,
    StoredFigure.direction,
    StoredFigure.category,
    StoredFigure.quote,
    StoredFigure.span_start,
    StoredFigure.span_end,
    Document.canonical_url.label("url"),
    Document.title,
    Document.doc_number,
    DocumentVersion.number.label("version"),
    DocumentVersion.fetched_at,
    StoredFigure.valid_to,
    StoredFigure.identity_key,
    StoredFigure.id.label("figure_id"),
)


class FigureRow(dict[str, Any]):
    """One stated figure with where it came from (document URL and title, version and date, quote).

    Built from plain column rows (no ORM objects), which keeps history as fast as the bare SQL.
    """

    def as_dict(self) -> dict[str, Any]:
        return dict(self)


def _figure_row(row: Any) -> FigureRow:
    out = FigureRow(row._mapping)
    out["span"] = [out.pop("span_start"), out.pop("span_end")]
    return out


def _utc_from_text(value: str) -> datetime:
    moment = datetime.fromisoformat(value)  # SQLite keeps UTC as naive text (storage.models.types)
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _decimal(value: Any) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(value if isinstance(value, str) else str(value))


# The columns whose conversion dominates history's cost, and a direct conversion per backend: the same
# values as the column types give (storage.models.types), without their per-value wrapper layers. Only
# raw text is memoised by value: equal Decimals may differ in exponent (7.5 vs 7.50), equal texts do not.
_CONVERTED = {"value": "decimal", "value_max": "decimal", "fetched_at": "utc", "valid_to": "utc"}
_FAST: dict[str, dict[str, Callable[[Any], Any]]] = {
    "sqlite": {"decimal": _decimal, "utc": _utc_from_text},
    "postgresql": {"utc": lambda value: value.astimezone(UTC)},  # NUMERIC arrives as Decimal
}


@functools.cache
def _raw_figure_select() -> Select[Any]:
    """:func:`_figure_select` with the converted columns left as the driver gives them."""
    columns = [type_coerce(c, NullType()).label(c.key) if c.key in _CONVERTED else c for c in _ROW_COLUMNS]
    return _figure_select().with_only_columns(*columns, maintain_column_froms=True)


def _figure_rows(session: Session, query: Select[Any], raw: bool, **params: Any) -> list[FigureRow]:
    """Rows of a figure select as FigureRows, from one Core fetch (no ORM loading step).

    ``raw``: the query is built on :func:`_raw_figure_select`; convert its raw columns here, and take
    the rows straight from the DB-API cursor: no other column of that select has a result processor on
    SQLite or psycopg (texts, integers and floats arrive as they are), so Core's Row objects would only
    wrap the same tuples. ``params`` are the values of the query's bound parameters.

    The work is done a column at a time: the rows are transposed, each converted column is mapped
    through a table of its distinct values (rows repeat them: one fetch time per version, the same
    targets), and the FigureRows are zipped back together, so no Python code runs per row, only per
    distinct converted value. Both kinds of converted value are immutable, so rows may share them.
    """
    result = session.connection().execute(query, params)
    keys = list(result.keys())
    if raw:
        rows: Sequence[Any] = result.cursor.fetchall()
        result.close()
    else:
        rows = result.all()
    if not rows:
        return []
    columns: list[Sequence[Any]] = list(zip(*rows, strict=True))
    fast = _FAST[session.get_bind().dialect.name] if raw else {}
    done: dict[str, dict[Any, Any]] = {}  # per kind of conversion: raw value -> converted value
    for key, kind in _CONVERTED.items():
        if kind in fast:
            index = keys.index(key)
            table = done.setdefault(kind, {None: None})
            convert = fast[kind]
            for value in set(columns[index]).difference(table):
                table[value] = convert(value)
            columns[index] = list(map(table.__getitem__, columns[index]))
    start, end = keys.index("span_start"), keys.index("span_end")
    spans = list(map(list, zip(columns[start], columns[end], strict=True)))
    kept = [i for i in range(len(keys)) if i not in (start, end)]
    names = [keys[i] for i in kept] + ["span"]
    values = [columns[i] for i in kept] + [spans]
    return list(map(FigureRow, map(zip, itertools.repeat(names), zip(*values, strict=True))))


@functools.cache
def _figure_select() -> Select[Any]:
    return (
        select(*_ROW_COLUMNS)
        .select_from(StoredFigure)
        .join(Document, Document.id == StoredFigure.document_id)
        .join(DocumentVersion, DocumentVersion.id == StoredFigure.document_version_id)
        .outerjoin(Province, Province.id == StoredFigure.province_id)
        .outerjoin(_Successor, _Successor.id == Province.merged_into_id)
    )


def _at(query: Select[Any], moment: datetime | BindParameter[datetime] | None) -> Select[Any]:
    if moment is None:
        return query
    alive = or_(StoredFigure.valid_to.is_(None), StoredFigure.valid_to > moment)
    return query.where(and_(StoredFigure.valid_from <= moment, alive))


def _province_ids(session: Session, province: str | None) -> list[int] | None:
    if not province:
        return None
    return covering_ids(session, province)


def history(
    session: Session,
    indicator: str,
    *,
    province: str | None = None,
    period: str | None = None,
    as_of: date | datetime | str | None = None,
) -> list[FigureRow]:
    """Every statement of an indicator, oldest first per province and period (or only those as of a date)."""
    # The province filter is a subquery of the figure query: one round trip less than resolving it first.
    where = _HistoryFilter(designation(province) if province else None, period or None, as_of_moment(as_of))
    rows = _history_rows(session, _history_keys(session, indicator), where)
    if not rows and province and not _province_ids(session, province):
        return []  # an unknown province: nothing to fall back to
    if not rows:  # nothing under the exact keys: try a close catalog hit, then a name substring
        fallback = [k for k in indicator_keys(session, indicator) if k not in exact_indicator_keys(indicator)]
        rows = _history_rows(session, fallback, where) if fallback else []
    return rows


@dataclass(frozen=True, slots=True)
class _HistoryFilter:
    province: tuple[str, str] | None  # storage.provinces.designation of the province asked for
    period: str | None
    moment: datetime | None


@functools.cache
def _history_select(raw: bool, province_by: str | None, period: bool, as_of: bool) -> Select[Any]:
    """The history query for one combination of filters, their values left as bound parameters.

    Built once per combination: SQLAlchemy computes a statement's cache key (a walk of all of it) once
    per statement object, so a reused statement skips that walk and goes straight to its compiled form.
    """
    query = _raw_figure_select() if raw else _figure_select()
    query = query.where(StoredFigure.indicator_key.in_(bindparam("keys", expanding=True)))
    if province_by is not None:
        query = query.where(StoredFigure.province_id.in_(covering_select_by(province_by)))
    if period:
        query = query.where(StoredFigure.period == bindparam("period"))
    query = _at(query, bindparam("moment") if as_of else None)
    return query.order_by(
        StoredFigure.period, StoredFigure.province_id, DocumentVersion.fetched_at, StoredFigure.id
    )


def _history_rows(session: Session, keys: list[str], where: _HistoryFilter) -> list[FigureRow]:
    raw = session.get_bind().dialect.name in _FAST
    by, params = None, {"keys": keys}
    if where.province is not None:
        by, params["province"] = where.province
    if where.period is not None:
        params["period"] = where.period
    if where.moment is not None:
        params["moment"] = where.moment
    query = _history_select(raw, by, where.period is not None, where.moment is not None)
    return _figure_rows(session, query, raw, **params)


def export_rows(
    session: Session,
    *,
    as_of: date | datetime | str | None = None,
    province: str | None = None,
    batch: int = 5000,
) -> Iterator[FigureRow]:
    """All figures (or those as of a date), streamed in batches."""
    query = _at(_figure_select(), as_of_moment(as_of))
    ids = _province_ids(session, province)
    if ids is not None:
        query = query.where(StoredFigure.province_id.in_(ids))
    query = query.order_by(StoredFigure.id).execution_options(yield_per=batch)
    for row in session.execute(query):
        yield _figure_row(row)


@dataclass(slots=True)
class ChangeRow:
    event: ChangeEvent
    old_figure: StoredFigure | None
    new_figure: StoredFigure | None
    old_document: Document | None
    new_document: Document | None
    province: Province | None

    def as_dict(self) -> dict[str, Any]:
        e = self.event
        return {
            "id": e.id,
            "kind": e.kind,
            "detected_at": e.detected_at,
            "province": self.province.name if self.province else None,
            "indicator": e.indicator,
            "indicator_id": e.indicator_id,
            "period": e.period,
            "old_value": e.old_value,
            "new_value": e.new_value,
            "old_value_max": e.old_value_max,
            "new_value_max": e.new_value_max,
            "old_comparator": e.old_comparator,
            "new_comparator": e.new_comparator,
            "unit": e.new_unit or e.old_unit,
            "old_unit": e.old_unit,
            "new_unit": e.new_unit,
            "old_quote": self.old_figure.quote if self.old_figure else None,
            "new_quote": self.new_figure.quote if self.new_figure else None,
            "old_url": self.old_document.canonical_url if self.old_document else None,
            "new_url": self.new_document.canonical_url if self.new_document else None,
            "plausibility": e.plausibility,
            "note": e.note,
        }


def change_event_select() -> Select[Any]:
    """Change events with what is shown of them, one row each: ``(event, old figure, new figure, old
    document, new document, province, version, old version)``; what a change has no side for is None.

    The one definition of this join, for ``chitieu changes``, alert messages and the web feed."""
    old_fig, new_fig = aliased(StoredFigure), aliased(StoredFigure)
    old_doc, new_doc = aliased(Document), aliased(Document)
    new_ver, old_ver = aliased(DocumentVersion), aliased(DocumentVersion)
    return (
        select(ChangeEvent, old_fig, new_fig, old_doc, new_doc, Province, new_ver, old_ver)
        .outerjoin(old_fig, old_fig.id == ChangeEvent.old_figure_id)
        .outerjoin(new_fig, new_fig.id == ChangeEvent.new_figure_id)
        .outerjoin(old_doc, old_doc.id == ChangeEvent.old_document_id)
        .outerjoin(new_doc, new_doc.id == ChangeEvent.document_id)
        .outerjoin(Province, Province.id == ChangeEvent.province_id)
        .outerjoin(new_ver, new_ver.id == ChangeEvent.version_id)
        .outerjoin(old_ver, old_ver.id == ChangeEvent.old_version_id)
    )


def list_changes(
    session: Session,
    *,
    since: date | datetime | str | None = None,
    kinds: Sequence[str] = (),
    province: str | None = None,
) -> list[ChangeRow]:
    query = change_event_select()
    if since:
        start = as_of_moment(since) - timedelta(days=1) if isinstance(since, date | str) else as_utc(since)
        query = query.where(ChangeEvent.detected_at >= start)
    if kinds:
        query = query.where(ChangeEvent.kind.in_(list(kinds)))
    ids = _province_ids(session, province)
    if ids is not None:
        query = query.where(ChangeEvent.province_id.in_(ids))
    return [ChangeRow(*row[:6]) for row in session.execute(query.order_by(ChangeEvent.id))]


def document_for(session: Session, url_or_id: str) -> Document | None:
    """A document by any URL it was seen under, or by its numeric id."""
    if url_or_id.isdigit():
        return session.get(Document, int(url_or_id))
    row = session.scalar(select(DocumentURL).where(DocumentURL.url == url_or_id))
    if row is not None:
        return row.document
    return session.scalar(select(Document).where(Document.canonical_url == url_or_id))
