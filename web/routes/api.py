"""The JSON API under ``/api/``: the same data as the pages, with an OpenAPI description.

Lists are paginated (``page``, ``per_page``) and take ``format=csv`` for a CSV export of the whole
filtered list. Reads are open; ``POST`` endpoints need ``Authorization: Bearer <admin token>``.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from sqlalchemy import select
from sqlalchemy.orm import Session

from monitor.textdiff import diff_versions
from storage.db import session_scope
from storage.models import Document, DocumentVersion
from web import documents as docs
from web.app import get_session
from web.export import export_response, jsonable
from web.feed import FeedFilter, all_changes, change_by_id, change_feed
from web.indicators import indicator_history, list_indicators
from web.paging import Page, PageRequest
from web.provinces import all_province_figures, find_province, province_directory, province_figures
from web.reparse import reparse_version
from web.routes.common import (
    MAX_ID,
    OPTIONAL_DAY,
    RowId,
    VersionNumber,
    feed_filter,
    optional_day,
    page_request,
)
from web.schemas import (
    ChangeOut,
    DiffOut,
    DocumentDetailOut,
    DocumentOut,
    FigureOut,
    FiledFigureOut,
    IndicatorHistoryOut,
    IndicatorOut,
    PageOut,
    ProvinceOut,
    ReparseOut,
    SearchHitOut,
    SourceIn,
    SourceOut,
    VersionDetailOut,
)
from web.search import hit_dict, search_documents
from web.security import require_bearer
from web.sidediff import side_by_side
from web.sources import add_source, source_health

router = APIRouter(prefix="/api", tags=["api"])
SessionDep = Annotated[Session, Depends(get_session)]
PageDep = Annotated[PageRequest, Depends(page_request)]
ListFormat = Annotated[
    Literal["json", "csv"], Query(alias="format", description="json (a page) or csv (all)")
]
CSV = {200: {"content": {"text/csv": {}}, "description": "The page as JSON, or the whole list as CSV"}}
NOT_FOUND = {404: {"description": "Not found"}}


def page_out(page: Page[Any], convert: Any) -> dict[str, Any]:
    items = [jsonable(convert(item)) for item in page.items]
    return {
        "items": items,
        "total": page.total,
        "page": page.page,
        "per_page": page.per_page,
        "pages": page.pages,
    }


@router.get("/sources", response_model=list[SourceOut], responses=CSV, summary="Sources and their health")
def api_sources(session: SessionDep, fmt: ListFormat = "json") -> Any:
    rows = [r.as_dict() for r in source_health(session)]
    return export_response(rows, "csv", "sources") if fmt == "csv" else [jsonable(r) for r in rows]


@router.get("/changes", response_model=PageOut[ChangeOut], responses=CSV, summary="The change feed")
def api_changes(
    session: SessionDep,
    paging: PageDep,
    wanted: Annotated[FeedFilter, Depends(feed_filter)],
    fmt: ListFormat = "json",
) -> Any:
    if fmt == "csv":
        return export_response(all_changes(session, wanted), "csv", "changes")
    return page_out(change_feed(session, wanted, paging), lambda item: item.as_dict())


@router.get("/changes/{change_id}", response_model=ChangeOut, responses=NOT_FOUND, summary="One change")
def api_change(session: SessionDep, change_id: RowId) -> Any:
    item = change_by_id(session, change_id)
    if item is None:
        raise HTTPException(404, "no such change")
    return jsonable(item.as_dict())


@router.get("/documents", response_model=PageOut[DocumentOut], responses=CSV, summary="Archived documents")
def api_documents(
    session: SessionDep,
    paging: PageDep,
    province: Annotated[str | None, Query(max_length=100)] = None,
    source: Annotated[str | None, Query(max_length=200)] = None,
    fmt: ListFormat = "json",
) -> Any:
    if fmt == "csv":
        return export_response(docs.all_documents(session, province, source), "csv", "documents")
    page = docs.list_documents(session, paging, province, source)
    return page_out(page, lambda row: docs.document_dict(row[0]) | {"last_fetch": row[1]})


def _document(session: Session, document_id: RowId) -> Document:
    doc = docs.get_document(session, document_id)
    if doc is None:
        raise HTTPException(404, "no such document")
    return doc


@router.get("/documents/{document_id}", response_model=DocumentDetailOut, responses=NOT_FOUND)
def api_document(session: SessionDep, document_id: RowId) -> Any:
    """A document with every URL it was seen under and every version."""
    doc = _document(session, document_id)
    urls = [
        {
            "url": u.url,
            "first_seen_at": u.first_seen_at,
            "last_seen_at": u.last_seen_at,
            "via_redirect_from": u.via_redirect_from,
        }
        for u in doc.urls
    ]
    versions = [jsonable(docs.version_dict(v)) for v in docs.document_versions(session, doc)]
    return jsonable(docs.document_dict(doc)) | {"urls": [jsonable(u) for u in urls], "versions": versions}


@router.get(
    "/documents/{document_id}/versions/{number}", response_model=VersionDetailOut, responses=NOT_FOUND
)
def api_version(session: SessionDep, document_id: RowId, number: VersionNumber) -> Any:
    """One version: its archived text and its figures (spans are offsets into that text)."""
    view = docs.version_view(session, _document(session, document_id), number)
    if view is None:
        raise HTTPException(404, "no such version")
    figures = [jsonable(docs.figure_dict(f)) for f in view.figures]
    out = jsonable(docs.version_dict(view.version))
    return out | {"document_id": document_id, "text": view.version.text, "figures": figures}


@router.get("/documents/{document_id}/diff", response_model=DiffOut, responses=NOT_FOUND)
def api_diff(
    session: SessionDep,
    document_id: RowId,
    a: Annotated[int, Query(ge=1, le=MAX_ID, description="Older version number")],
    b: Annotated[int, Query(ge=1, le=MAX_ID, description="Newer version number")],
) -> Any:
    """Text diff between two versions of a document."""
    doc = _document(session, document_id)
    by_number = {v.number: v for v in docs.document_versions(session, doc)}
    if a not in by_number or b not in by_number:
        raise HTTPException(404, "no such version")
    old, new = by_number[a], by_number[b]
    _, stats = side_by_side(old.text or "", new.text or "")
    return {
        "document_id": doc.id,
        "old_version": a,
        "new_version": b,
        "added_lines": stats.added,
        "removed_lines": stats.removed,
        "changed_lines": stats.changed,
        "unified": diff_versions(old, new),
    }


@router.get(
    "/figures/{figure_id}", response_model=FigureOut, responses=NOT_FOUND, summary="One stored figure"
)
def api_figure(session: SessionDep, figure_id: RowId) -> Any:
    from storage.models import StoredFigure

    fig = session.get(StoredFigure, figure_id)
    if fig is None:
        raise HTTPException(404, "no such figure")
    return jsonable(docs.figure_dict(fig))


@router.get(
    "/indicators", response_model=PageOut[IndicatorOut], responses=CSV, summary="Indicators with figures"
)
def api_indicators(
    session: SessionDep,
    paging: PageDep,
    q: Annotated[str | None, Query(max_length=200, description="Name, accents optional")] = None,
    fmt: ListFormat = "json",
) -> Any:
    if fmt == "csv":
        every = list_indicators(session, q, PageRequest(1, 500)).items
        return export_response((i.as_dict() for i in every), "csv", "indicators")
    return page_out(list_indicators(session, q, paging), lambda i: i.as_dict())


@router.get(
    "/indicators/{key}", response_model=IndicatorHistoryOut, responses=CSV, summary="An indicator's history"
)
def api_indicator(
    session: SessionDep,
    key: str,
    province: Annotated[str | None, Query(max_length=100)] = None,
    period: Annotated[str | None, Query(max_length=20)] = None,
    as_of: Annotated[
        str | None, Query(pattern=OPTIONAL_DAY, description="What sources said on that day")
    ] = None,
    fmt: ListFormat = "json",
) -> Any:
    """Every statement of an indicator (catalog id, ``id:...`` or ``name:...`` key), oldest first."""
    found = indicator_history(session, key, province=province, period=period, as_of=optional_day(as_of))
    if fmt == "csv":
        return export_response((dict(r) for r in found.rows), "csv", "history")
    return {"key": found.key, "name": found.name, "rows": [jsonable(dict(r)) for r in found.rows]}


@router.get("/search", response_model=PageOut[SearchHitOut], responses=CSV, summary="Full-text search")
def api_search(
    session: SessionDep,
    paging: PageDep,
    q: Annotated[str, Query(max_length=200, description="Words, accents optional: 'ngan sach'")],
    province: Annotated[str | None, Query(max_length=100)] = None,
    fmt: ListFormat = "json",
) -> Any:
    if fmt == "csv":
        every = search_documents(session, q, PageRequest(1, 500), province).items
        return export_response((hit_dict(h) for h in every), "csv", "search")
    return page_out(search_documents(session, q, paging, province), hit_dict)


@router.get(
    "/provinces",
    response_model=list[ProvinceOut],
    responses=CSV,
    summary="Provinces: the 34 current units, the absorbed pre-2025 units, others",
)
def api_provinces(session: SessionDep, fmt: ListFormat = "json") -> Any:
    current, merged, others = province_directory(session)
    rows = [e.as_dict() for e in [*current, *merged, *others]]
    return export_response(rows, "csv", "provinces") if fmt == "csv" else [jsonable(r) for r in rows]


def _province(session: Session, name: str) -> Any:
    entry = find_province(session, name)
    if entry is None:
        raise HTTPException(404, "no such province")
    return entry


@router.get("/provinces/{name}", response_model=ProvinceOut, responses=NOT_FOUND)
def api_province(session: SessionDep, name: str) -> Any:
    """A province by old or new name: where it went, or what it absorbed."""
    return jsonable(_province(session, name).as_dict())


@router.get(
    "/provinces/{name}/figures", response_model=PageOut[FiledFigureOut], responses={**CSV, **NOT_FOUND}
)
def api_province_figures(
    session: SessionDep,
    paging: PageDep,
    name: str,
    all_versions: Annotated[bool, Query(alias="all", description="Include superseded statements")] = False,
    fmt: ListFormat = "json",
) -> Any:
    """Figures filed under the province and every unit merged into it."""
    entry = _province(session, name)
    if fmt == "csv":
        return export_response(all_province_figures(session, entry, not all_versions), "csv", "province")
    return page_out(province_figures(session, entry, paging, not all_versions), lambda f: f.as_dict())


@router.post("/sources", response_model=SourceOut, status_code=201, dependencies=[Depends(require_bearer)])
def api_add_source(request: Request, wanted: SourceIn) -> Any:
    """Register or update a source (admin token required)."""
    try:
        with session_scope(request.app.state.engine) as session:
            add_source(session, wanted)
    except ValueError as exc:
        raise HTTPException(422, str(exc)) from exc
    with Session(request.app.state.engine) as session:
        row = next(r for r in source_health(session) if r.source and r.source.key == wanted.key)
        return jsonable(row.as_dict())


@router.post(
    "/documents/{document_id}/versions/{number}/reparse",
    response_model=ReparseOut,
    responses=NOT_FOUND,
    dependencies=[Depends(require_bearer)],
)
def api_reparse(request: Request, document_id: RowId, number: VersionNumber) -> Any:
    """Run the current parser again on a stored version (admin token required)."""
    with session_scope(request.app.state.engine) as session:
        version = session.scalar(
            select(DocumentVersion).where(
                DocumentVersion.document_id == document_id, DocumentVersion.number == number
            )
        )
        if version is None:
            raise HTTPException(404, "no such version")
        result = reparse_version(session, version)
    return {
        "version_id": result.version_id,
        "before": result.before,
        "after": result.after,
        "changed": result.changed,
        "error": result.error,
    }
