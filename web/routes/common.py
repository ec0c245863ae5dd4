"""What HTML routes share: rendering with the viewer's state, list parameters and export switching."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import HTTPException, Path, Query, Request
from fastapi.responses import Response
from fastapi.templating import Jinja2Templates

from storage.models import CHANGE_KINDS
from web.export import export_response
from web.feed import FeedFilter
from web.paging import DEFAULT_PER_PAGE, MAX_PER_PAGE, PageRequest
from web.security import auth_of

ExportFormat = Literal["html", "csv", "json"]
ChangeKind = Literal[CHANGE_KINDS]  # type: ignore[valid-type]
OPTIONAL_DAY = r"^(\d{4}-\d{2}-\d{2})?$"
MAX_ID = 2**31 - 1  # ids are 32-bit integers on PostgreSQL; larger ones are refused as invalid, not sent on
RowId = Annotated[int, Path(ge=1, le=MAX_ID, description="Numeric id")]
VersionNumber = Annotated[int, Path(ge=1, le=MAX_ID, description="Version number, from 1")]


def render(request: Request, template: str, context: dict[str, Any], status_code: int = 200) -> Response:
    auth = auth_of(request)
    is_admin = auth.is_admin(request)
    base = {
        "is_admin": is_admin,
        "admin_enabled": auth.enabled,
        "csrf": auth.csrf_value() if is_admin else None,
        "params": dict(request.query_params),
        "path": request.url.path,
    }
    templates: Jinja2Templates = request.app.state.templates
    return templates.TemplateResponse(request, template, base | context, status_code=status_code)


def page_request(
    page: Annotated[int, Query(ge=1, le=100_000, description="Page number, from 1")] = 1,
    per_page: Annotated[int, Query(ge=1, le=MAX_PER_PAGE, description="Rows per page")] = DEFAULT_PER_PAGE,
) -> PageRequest:
    return PageRequest(page, per_page)


def feed_filter(
    province: Annotated[str | None, Query(max_length=100, description="Province, old or new name")] = None,
    indicator: Annotated[
        str | None, Query(max_length=200, description="Indicator name, catalog id or key")
    ] = None,
    kind: Annotated[
        list[ChangeKind | Literal[""]] | None, Query(description="Change kinds (repeatable)")
    ] = None,
    since: Annotated[
        str | None, Query(pattern=OPTIONAL_DAY, description="First day (Vietnamese time)")
    ] = None,
    until: Annotated[
        str | None, Query(pattern=OPTIONAL_DAY, description="Last day (Vietnamese time)")
    ] = None,
) -> FeedFilter:
    """The feed's filters; empty form fields (a person left them blank) mean "no filter"."""
    kinds = [k for k in kind or [] if k]
    return FeedFilter(province or None, indicator or None, kinds, optional_day(since), optional_day(until))


def optional_day(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:  # the pattern lets 2024-02-31 through
        raise HTTPException(422, f"not a date: {value}") from exc


def export_or(
    fmt: str, rows: Callable[[], Iterable[dict[str, Any]]], name: str, page: Callable[[], Response]
) -> Response:
    """The export in ``fmt`` when asked for one, else the HTML page."""
    if fmt in ("csv", "json"):
        return export_response(rows(), fmt, name)
    return page()
