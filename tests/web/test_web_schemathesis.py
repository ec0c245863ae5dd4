"""Schemathesis against the app's own OpenAPI description: no generated request makes the server fail.

Schemathesis' pytest fixture integration (``from_fixture``) does not work with the pytest pinned here
(it reads ``request.node._nodeid``, gone in pytest 9), so the schema's operations are driven through its
Python API, one hypothesis run per operation, inside one pytest test per role (anonymous, admin).
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from webhelpers import ADMIN_TOKEN

MAX_EXAMPLES = 10  # per operation: the whole file runs in about a minute or less


@pytest.fixture(scope="session")
def api_schema(sqlite_filled_url: str) -> Any:
    from web.app import create_app

    app = create_app(sqlite_filled_url, admin_token=ADMIN_TOKEN)
    return schemathesis.openapi.from_asgi("/api/openapi.json", app)


def operations(schema: Any) -> list[Any]:
    found = [result.ok() for result in schema.get_all_operations()]
    assert len(found) >= 15, "every API endpoint is in the OpenAPI description"
    return found


def run_operation(operation: Any, headers: dict[str, str], examples: int) -> None:
    @given(case=operation.as_strategy())
    @settings(max_examples=examples, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    def check(case: Any) -> None:
        response = case.call(headers=headers)
        case.validate_response(response, checks=[not_a_server_error])

    check()


def _failures(schema: Any, headers: dict[str, str], examples: int) -> list[str]:
    failures = []
    for operation in operations(schema):
        try:
            run_operation(operation, headers, examples)
        except Exception as exc:  # collect every operation's failure, then report them together
            failures.append(f"{operation.label}: {str(exc).strip()[:800]}")
    return failures


def test_api_never_fails_with_a_server_error(api_schema: Any) -> None:
    failures = _failures(api_schema, {}, MAX_EXAMPLES)
    assert not failures, "\n\n".join(failures)


def test_api_never_fails_for_the_admin_either(api_schema: Any) -> None:
    failures = _failures(api_schema, {"Authorization": f"Bearer {ADMIN_TOKEN}"}, 3)
    assert not failures, "\n\n".join(failures)
