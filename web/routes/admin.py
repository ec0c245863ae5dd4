"""Authenticated actions from the HTML pages: log in/out, add a source, re-parse a version.

Forms are posted with the session cookie and a CSRF field (see ``web.security``); on success they
redirect back (post/redirect/get). Anonymous posts get 401 and change nothing.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy import select

from storage.db import session_scope
from storage.models import Document, DocumentVersion
from web.reparse import reparse_version
from web.routes.common import RowId, VersionNumber, render
from web.schemas import SourceIn
from web.security import SESSION_COOKIE, auth_of, require_form_admin
from web.sources import add_source

router = APIRouter(include_in_schema=False)


@router.get("/login")
def login_form(request: Request) -> Response:
    return render(request, "login.html", {"failed": False})


@router.post("/login")
def login(request: Request, token: Annotated[str, Form(max_length=500)] = "") -> Response:
    auth = auth_of(request)
    if not auth.token_matches(token):
        return render(request, "login.html", {"failed": True}, status_code=401)
    response = RedirectResponse("/sources", status_code=303)
    secure = request.url.scheme == "https"
    response.set_cookie(
        SESSION_COOKIE, auth.session_value(), httponly=True, samesite="strict", secure=secure, path="/"
    )
    return response


@router.post("/logout")
def logout(request: Request, csrf: Annotated[str | None, Form()] = None) -> Response:
    require_form_admin(request, csrf)
    response = RedirectResponse("/changes", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.post("/sources")
def add_source_form(
    request: Request,
    key: Annotated[str, Form()],
    base_url: Annotated[str, Form()],
    province: Annotated[str, Form()] = "",
    platform: Annotated[str, Form()] = "generic",
    schedule: Annotated[str, Form()] = "",
    csrf: Annotated[str | None, Form()] = None,
) -> Response:
    require_form_admin(request, csrf)
    try:
        wanted = SourceIn(
            key=key,
            base_url=base_url,
            province=province or None,
            platform=platform,
            schedule=schedule or None,
        )
    except ValidationError as exc:
        raise HTTPException(422, "; ".join(str(e["msg"]) for e in exc.errors())) from exc
    try:
        with session_scope(request.app.state.engine) as session:
            add_source(session, wanted)
    except ValueError as exc:
        raise HTTPException(422, f"Không thêm được nguồn: {exc}") from exc
    return RedirectResponse("/sources", status_code=303)


@router.post("/documents/{document_id}/versions/{number}/reparse")
def reparse(
    request: Request, document_id: RowId, number: VersionNumber, csrf: Annotated[str | None, Form()] = None
) -> Response:
    require_form_admin(request, csrf)
    with session_scope(request.app.state.engine) as session:
        version = session.scalar(
            select(DocumentVersion)
            .join(Document, Document.id == DocumentVersion.document_id)
            .where(Document.id == document_id, DocumentVersion.number == number)
        )
        if version is None:
            raise HTTPException(404, "Không có phiên bản này.")
        result = reparse_version(session, version)
    if result.error:
        raise HTTPException(409, result.error)
    return RedirectResponse(f"/documents/{document_id}?v={number}", status_code=303)
