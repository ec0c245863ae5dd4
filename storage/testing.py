"""Throw-away databases for tests (ours and other packages'): SQLite files, PostgreSQL schemas.

PostgreSQL runs when ``CHITIEU_TEST_PG_URL`` is set; each database is a fresh schema with a random name,
selected through the connection's ``search_path`` and dropped afterwards, so runs never collide. With
``CHITIEU_REQUIRE_SERVICES=1`` a missing PostgreSQL is a failure, not a skip.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

if TYPE_CHECKING:
    from figures.model import Figure
    from storage.archive import Archive
    from storage.incoming import IncomingVersion

PG_ENV = "CHITIEU_TEST_PG_URL"
REQUIRE_ENV = "CHITIEU_REQUIRE_SERVICES"
BACKENDS = ("sqlite", "postgresql")


def services_required() -> bool:
    return os.environ.get(REQUIRE_ENV, "") not in ("", "0", "false", "no")


def pg_base_url() -> str | None:
    return os.environ.get(PG_ENV) or None


def missing_backend_reason(backend: str) -> str | None:
    """Why ``backend`` cannot run here (None when it can)."""
    if backend == "postgresql" and pg_base_url() is None:
        return f"PostgreSQL tests need {PG_ENV} (e.g. postgresql+psycopg://postgres@127.0.0.1:5432/test)"
    return None


@contextmanager
def scratch_database(backend: str, tmp_dir: Path) -> Iterator[str]:
    """A URL to an empty database of ``backend``; removed afterwards."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_dir / 'chitieu-test.sqlite'}"
        return
    base = pg_base_url()
    if base is None:
        raise RuntimeError(missing_backend_reason(backend))
    schema = f"chitieu_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base)
    try:
        with admin.begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


# -- pytest fixtures (imported by tests/storage/conftest.py and tests/monitor/conftest.py) ---------------

import pytest  # noqa: E402  (only tests import this module)


def skip_or_fail(reason: str | None) -> None:
    """A test that needs a service named by ``reason`` (None: it is there) skips, or fails when
    ``CHITIEU_REQUIRE_SERVICES=1`` says the services must be there (as in ``.ci/run``)."""
    if reason is None:
        return
    if services_required():
        pytest.fail(f"{REQUIRE_ENV}=1 but {reason}")
    pytest.skip(reason)


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database URL, once for SQLite and once for PostgreSQL (when configured)."""
    skip_or_fail(missing_backend_reason(request.param))
    with scratch_database(request.param, tmp_path) as url:
        yield url


@pytest.fixture
def pg_engine(tmp_path: Path) -> Iterator[Engine]:
    """An engine on a scratch PostgreSQL schema upgraded to head, for tests of PostgreSQL-only behaviour
    (locks, concurrent connections)."""
    from storage.db import make_engine, upgrade

    skip_or_fail(missing_backend_reason("postgresql"))
    with scratch_database("postgresql", tmp_path) as url:
        eng = make_engine(url)
        upgrade(eng)
        yield eng
        eng.dispose()


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    """An engine on a database upgraded to head."""
    from storage.db import make_engine, upgrade

    eng = make_engine(db_url)
    upgrade(eng)
    yield eng
    eng.dispose()


@pytest.fixture
def archive(tmp_path: Path) -> Archive:
    from storage.archive import Archive

    return Archive(tmp_path / "archive")


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The default database and archive of code under test live in the test's own directory."""
    from chitieu.settings import get_settings

    monkeypatch.setenv("CHITIEU_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("CHITIEU_DB_URL", raising=False)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


# -- builders ------------------------------------------------------------------------------------------


def figure_in(text_: str, quote: str, value: str, unit: str, **fields: Any) -> Figure:
    """A parser Figure for ``quote`` as it occurs in ``text_`` (span computed, so it is always exact)."""
    from figures.model import Figure

    start = text_.index(quote)
    fields.setdefault("period", "2024")
    return Figure(
        indicator=fields.pop("indicator", quote),
        value=Decimal(value),
        unit=unit,
        span=(start, start + len(quote)),
        quote=quote,
        **fields,
    )


def incoming(url: str, body: str | bytes, **fields: Any) -> IncomingVersion:
    from storage.incoming import IncomingVersion

    fields.setdefault("fetched_at", datetime(2024, 3, 1, 2, 0, tzinfo=UTC))
    fields.setdefault("content_type", "text/plain; charset=utf-8")
    data = body.encode("utf-8") if isinstance(body, str) else body
    return IncomingVersion(url=url, body=data, **fields)
