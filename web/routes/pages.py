"""HTML pages. Every list takes ``?format=csv`` or ``?format=json`` for an export of the whole list."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from monitor.changes import format_vn
from storage.models import CHANGE_KINDS
from web import documents as docs
from web.app import get_session
from web.feed import KIND_LABELS, FeedFilter, all_changes, change_feed
from web.indicators import indicator_history, list_indicators
from web.paging import PageRequest
from web.provinces import all_province_figures, find_province, province_directory, province_figures, slug
from web.routes.common import (
    MAX_ID,
    OPTIONAL_DAY,
    ExportFormat,
    RowId,
    export_or,
    feed_filter,
    optional_day,
    page_request,
    render,
)
from web.search import hit_dict, search_documents
from web.sidediff import side_by_side
from web.sources import source_health

router = APIRouter(include_in_schema=False)
SessionDep = Annotated[Session, Depends(get_session)]
PageDep = Annotated[PageRequest, Depends(page_request)]
Fmt = Annotated[ExportFormat, Query(alias="format")]


@router.get("/")
def home() -> Response:
    return RedirectResponse("/changes", status_code=302)


@router.get("/favicon.ico")
def favicon() -> Response:
    return RedirectResponse("/static/favicon.svg", status_code=301)


@router.get("/changes")
def changes_page(
    request: Request,
    session: SessionDep,
    paging: PageDep,
    wanted: Annotated[FeedFilter, Depends(feed_filter)],
    fmt: Fmt = "html",
) -> Response:
    return export_or(
        fmt,
        lambda: all_changes(session, wanted),
        "changes",
        lambda: render(
            request,
            "changes.html",
            {
                "feed": change_feed(session, wanted, paging),
                "wanted": wanted,
                "kinds": [(k, KIND_LABELS.get(k, k)) for k in CHANGE_KINDS],
                "format_vn": format_vn,
            },
        ),
    )


@router.get("/sources")
def sources_page(request: Request, session: SessionDep, fmt: Fmt = "html") -> Response:
    rows = source_health(session)
    return export_or(
        fmt,
        lambda: (r.as_dict() for r in rows),
        "sources",
        lambda: render(request, "sources.html", {"rows": rows}),
    )


@router.get("/documents")
def documents_page(
    request: Request,
    session: SessionDep,
    paging: PageDep,
    province: Annotated[str | None, Query(max_length=100)] = None,
    source: Annotated[str | None, Query(max_length=200)] = None,
    fmt: Fmt = "html",
) -> Response:
    return export_or(
        fmt,
        lambda: docs.all_documents(session, province, source),
        "documents",
        lambda: render(
            request,
            "documents.html",
            {
                "page": docs.list_documents(session, paging, province, source),
                "province": province,
                "source": source,
            },
        ),
    )


@router.get("/documents/{document_id}")
def document_page(
    request: Request,
    session: SessionDep,
    document_id: RowId,
    v: Annotated[int | None, Query(ge=1, le=MAX_ID, description="Version number")] = None,
) -> Response:
    doc = docs.get_document(session, document_id)
    if doc is None:
        raise HTTPException(404, "Không có văn bản này.")
    view = docs.version_view(session, doc, v)
    if v is not None and view is None:
        raise HTTPException(404, f"Văn bản không có phiên bản {v}.")
    versions = docs.document_versions(session, doc)
    return render(request, "document.html", {"doc": doc, "view": view, "versions": versions})


@router.get("/documents/{document_id}/diff")
def diff_page(
    request: Request,
    session: SessionDep,
    document_id: RowId,
    a: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
    b: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
) -> Response:
    doc = docs.get_document(session, document_id)
    if doc is None:
        raise HTTPException(404, "Không có văn bản này.")
    versions = docs.document_versions(session, doc)
    old, new = _pick_pair(versions, a, b)
    rows, stats = side_by_side(old.text or "", new.text or "")
    context = {"doc": doc, "old": old, "new": new, "rows": rows, "stats": stats, "versions": versions}
    return render(request, "diff.html", context)


def _pick_pair(versions: list, a: int | None, b: int | None) -> tuple:
    by_number = {v.number: v for v in versions}
    if a is None and b is None:
        if len(versions) < 2:
            raise HTTPException(404, "Văn bản mới có một phiên bản: chưa có gì để so sánh.")
        return versions[-2], versions[-1]
    old = by_number.get(a if a is not None else (b or 1) - 1)
    new = by_number.get(b if b is not None else (a or 0) + 1)
    if old is None or new is None:
        raise HTTPException(404, "Không có phiên bản này.")
    return old, new


@router.get("/figures/{figure_id}")
def figure_redirect(session: SessionDep, figure_id: RowId) -> Response:
    """A figure's place in its archived text (chart points link here)."""
    where = docs.figure_location(session, figure_id)
    if where is None:
        raise HTTPException(404, "Không có số liệu này.")
    document_id, number = where
    return RedirectResponse(f"/documents/{document_id}?v={number}#fig-{figure_id}", status_code=302)


@router.get("/indicators")
def indicators_page(
    request: Request,
    session: SessionDep,
    paging: PageDep,
    q: Annotated[str | None, Query(max_length=200)] = None,
    fmt: Fmt = "html",
) -> Response:
    found = list_indicators(session, q, paging)
    return export_or(
        fmt,
        lambda: (i.as_dict() for i in list_indicators(session, q, PageRequest(1, 500)).items),
        "indicators",
        lambda: render(request, "indicators.html", {"page": found, "q": q}),
    )


@router.get("/indicators/{key}")
def indicator_page(
    request: Request,
    session: SessionDep,
    key: str,
    province: Annotated[str | None, Query(max_length=100)] = None,
    period: Annotated[str | None, Query(max_length=20)] = None,
    as_of: Annotated[str | None, Query(max_length=30, pattern=OPTIONAL_DAY)] = None,
    fmt: Fmt = "html",
) -> Response:
    found = indicator_history(session, key, province=province, period=period, as_of=optional_day(as_of))
    return export_or(
        fmt,
        lambda: (dict(r) for r in found.rows),
        "history",
        lambda: render(
            request, "indicator.html", {"ind": found, "province": province, "period": period, "as_of": as_of}
        ),
    )


@router.get("/search")
def search_page(
    request: Request,
    session: SessionDep,
    paging: PageDep,
    q: Annotated[str, Query(max_length=200)] = "",
    province: Annotated[str | None, Query(max_length=100)] = None,
    fmt: Fmt = "html",
) -> Response:
    found = search_documents(session, q, paging, province)
    return export_or(
        fmt,
        lambda: (hit_dict(h) for h in search_documents(session, q, PageRequest(1, 500), province).items),
        "search",
        lambda: render(request, "search.html", {"page": found, "q": q, "province": province}),
    )


@router.get("/provinces")
def provinces_page(request: Request, session: SessionDep, fmt: Fmt = "html") -> Response:
    current, merged, others = province_directory(session)
    return export_or(
        fmt,
        lambda: (e.as_dict() for e in [*current, *merged, *others]),
        "provinces",
        lambda: render(request, "provinces.html", {"current": current, "others": others}),
    )


@router.get("/provinces/{name}")
def province_page(
    request: Request,
    session: SessionDep,
    paging: PageDep,
    name: str,
    all_versions: Annotated[bool, Query(alias="all")] = False,
    fmt: Fmt = "html",
) -> Response:
    entry = find_province(session, name)
    if entry is None:
        raise HTTPException(404, "Không tìm thấy tỉnh/thành phố này.")
    if slug(entry.province) != name and fmt == "html":
        return RedirectResponse(f"/provinces/{slug(entry.province)}", status_code=302)
    return export_or(
        fmt,
        lambda: all_province_figures(session, entry, not all_versions),
        f"province-{slug(entry.province)}",
        lambda: render(
            request,
            "province.html",
            {
                "entry": entry,
                "page": province_figures(session, entry, paging, not all_versions),
                "all": all_versions,
            },
        ),
    )


@router.get("/api")
def api_index(request: Request) -> Response:
    """A readable list of the JSON API (FastAPI's Swagger UI needs inline script, which the CSP forbids)."""
    schema = request.app.openapi()
    endpoints = [
        (method.upper(), path, op.get("summary") or "", op.get("description") or "")
        for path, methods in schema.get("paths", {}).items()
        for method, op in methods.items()
    ]
    return render(request, "api.html", {"endpoints": endpoints})
