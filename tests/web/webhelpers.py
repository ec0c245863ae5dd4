"""Small helpers shared by the web tests (looking things up through the API, as a client would)."""

from __future__ import annotations

from typing import Any


def document_id(client: Any, url: str) -> int:
    listing = client.get("/api/documents", params={"per_page": 500}).json()
    return next(item["id"] for item in listing["items"] if item["canonical_url"] == url)


def all_changes(client: Any, **params: Any) -> list[dict[str, Any]]:
    response = client.get("/api/changes", params={"per_page": 500, **params})
    assert response.status_code == 200, response.text
    return response.json()["items"]


ADMIN_TOKEN = "test-admin-token-5f2c"  # a test credential, passed to create_app
