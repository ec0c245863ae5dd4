"""The application factory: ``create_app(db_url, admin_token=...)`` for ``chitieu serve`` and tests."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from chitieu import __version__
from chitieu.errors import StorageError
from storage.db import ensure_schema, make_engine
from web.formatting import FILTERS, query_string, stated
from web.provinces import slug
from web.search import install_fold_function
from web.security import AdminAuth, SecurityHeadersMiddleware, configured_token

log = logging.getLogger(__name__)
HERE = Path(__file__).parent


def _templates() -> Jinja2Templates:
    env = Environment(
        loader=FileSystemLoader(HERE / "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(FILTERS, slug=slug)
    env.globals.update(stated=stated, query_string=query_string, version=__version__)
    return Jinja2Templates(env=env)


def create_app(db_url: str | None = None, *, admin_token: str | None = None) -> FastAPI:
    """The web UI and API on ``db_url`` (default: the configured database), schema brought up to date."""
    engine = make_engine(db_url)
    if engine.dialect.name == "sqlite":
        install_fold_function(engine)  # a connect hook: before the first connection
    ensure_schema(engine)
    if engine.dialect.name != "sqlite":
        install_fold_function(engine)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        engine.dispose()

    app = FastAPI(
        title="chitieu",
        version=__version__,
        description="Socio-economic target figures of Vietnamese provinces: every version, every change.",
        docs_url=None,  # Swagger UI needs inline script; the CSP forbids it. /api shows the endpoints.
        redoc_url=None,
        openapi_url="/api/openapi.json",
        lifespan=lifespan,
    )
    app.state.engine = engine
    app.state.auth = AdminAuth(admin_token or configured_token())
    app.state.templates = _templates()
    app.add_middleware(SecurityHeadersMiddleware)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    _install_error_handlers(app)

    from web.routes import admin, api, pages

    app.include_router(api.router)
    app.include_router(admin.router)
    app.include_router(pages.router)
    return app


def get_session(request: Request) -> Iterator[Session]:
    """A read session per request (writes open their own transaction with ``session_scope``)."""
    with Session(request.app.state.engine) as session:
        yield session


def wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        if wants_json(request):
            return JSONResponse({"detail": exc.detail}, exc.status_code, headers=exc.headers)
        return error_page(request, exc.status_code, str(exc.detail), exc.headers)

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError) -> Response:
        if wants_json(request):
            return JSONResponse({"detail": _jsonable_errors(exc)}, 422)
        return error_page(request, 422, "Tham số không hợp lệ: " + _short_errors(exc))

    @app.exception_handler(SQLAlchemyError)
    @app.exception_handler(StorageError)
    async def database_down(request: Request, exc: Exception) -> Response:
        log.error("database error on %s: %s", request.url.path, exc)
        message = "Cơ sở dữ liệu tạm thời không truy cập được."
        if wants_json(request):
            return JSONResponse({"detail": "database unavailable"}, 503)
        return error_page(request, 503, message)


def _jsonable_errors(exc: RequestValidationError) -> list[dict]:
    return [
        {"loc": list(e.get("loc", ())), "msg": str(e.get("msg", "")), "type": e.get("type")}
        for e in exc.errors()
    ]


def _short_errors(exc: RequestValidationError) -> str:
    return "; ".join(f"{'.'.join(map(str, e.get('loc', ())[1:]))}: {e.get('msg')}" for e in exc.errors())[
        :300
    ]


def error_page(request: Request, status_code: int, message: str, headers: dict | None = None) -> Response:
    from web.routes.common import render

    response = render(request, "error.html", {"status_code": status_code, "message": message}, status_code)
    response.headers.update(headers or {})
    return response
