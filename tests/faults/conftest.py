"""Fixtures of the fault-matrix tests (``pytest -m fault``); the matrix itself is ``README.md`` here.

The kits of the crawler tests (``crawlkit``: fixture portals and server) and of the monitor tests
(``alertkit``: webhook receiver, services in subprocesses) are reused, so their directories are put on
the import path. Databases come from ``storage.testing``: SQLite always, PostgreSQL when
``CHITIEU_TEST_PG_URL`` is set (and required with ``CHITIEU_REQUIRE_SERVICES=1``).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

TESTS = Path(__file__).resolve().parents[1]
for kit in (TESTS / "crawler", TESTS / "monitor", Path(__file__).resolve().parent):
    if str(kit) not in sys.path:
        sys.path.insert(0, str(kit))

from faultkit import FaultServer  # noqa: E402

from storage.testing import _isolated_data_dir, archive, db_url, engine  # noqa: E402, F401


@pytest.fixture
def serve() -> Iterator[Any]:
    """``serve(site, tls=None) -> base_url``; every server is stopped at the end of the test."""
    servers: list[FaultServer] = []

    def start(site: Any, tls: Any = None) -> str:
        server = FaultServer(site, tls).__enter__()
        servers.append(server)
        return server.base_url

    start.servers = servers  # type: ignore[attr-defined]
    yield start
    for server in servers:
        server.__exit__(None, None, None)
