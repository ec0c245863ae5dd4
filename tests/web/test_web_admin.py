"""State changes need the admin token; anonymous visitors can read but never write."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from webcorpus import HA_GIANG_URL
from webhelpers import ADMIN_TOKEN, document_id

from web.security import SESSION_COOKIE

NEW_SOURCE = {
    "key": "tuyenquang-hdnd",
    "province": "Tuyên Quang",
    "base_url": "https://hdnd.tuyenquang.gov.vn/",
    "platform": "wordpress",
}
BEARER = {"Authorization": f"Bearer {ADMIN_TOKEN}"}


@pytest.fixture
def client(fresh_app):
    with TestClient(fresh_app) as test_client:
        yield test_client


def source_keys(client: TestClient) -> set[str]:
    return {s["key"] for s in client.get("/api/sources").json()}


@pytest.mark.parametrize(
    "headers", [{}, {"Authorization": "Bearer wrong"}, {"Authorization": f"Basic {ADMIN_TOKEN}"}]
)
def test_adding_a_source_without_the_token_is_refused(client, headers) -> None:
    response = client.post("/api/sources", json=NEW_SOURCE, headers=headers)
    assert response.status_code == 401 and response.headers["www-authenticate"] == "Bearer"
    assert NEW_SOURCE["key"] not in source_keys(client)


def test_adding_a_source_with_the_token(client) -> None:
    response = client.post("/api/sources", json=NEW_SOURCE, headers=BEARER)
    assert response.status_code == 201, response.text
    assert response.json()["province"] == "Tuyên Quang" and response.json()["status"] == "never"
    assert NEW_SOURCE["key"] in source_keys(client)


def test_a_source_in_an_unknown_province_is_refused(client) -> None:
    response = client.post("/api/sources", json=NEW_SOURCE | {"province": "Tinh Khong Co"}, headers=BEARER)
    assert response.status_code == 422
    assert NEW_SOURCE["key"] not in source_keys(client)


def test_reparse_needs_the_token_and_keeps_a_stable_result(client) -> None:
    doc_id = document_id(client, HA_GIANG_URL)
    path = f"/api/documents/{doc_id}/versions/2/reparse"
    before = client.get(f"/api/documents/{doc_id}/versions/2").json()["figures"]
    assert client.post(path).status_code == 401
    response = client.post(path, headers=BEARER)
    assert response.status_code == 200, response.text
    result = response.json()
    assert (result["before"], result["after"], result["changed"], result["error"]) == (
        len(before),
        len(before),
        False,
        None,
    )
    after = client.get(f"/api/documents/{doc_id}/versions/2").json()["figures"]
    assert [(f["quote"], f["span"], f["value"]) for f in after] == [
        (f["quote"], f["span"], f["value"]) for f in before
    ]
    assert client.post(f"/api/documents/{doc_id}/versions/9/reparse", headers=BEARER).status_code == 404


def test_changes_are_disabled_when_no_token_is_configured(sqlite_filled_url, monkeypatch) -> None:
    from chitieu.settings import get_settings
    from web.app import create_app

    monkeypatch.delenv("CHITIEU_ADMIN_TOKEN", raising=False)
    get_settings.cache_clear()
    with TestClient(create_app(sqlite_filled_url)) as anonymous_only:
        assert anonymous_only.post("/api/sources", json=NEW_SOURCE, headers=BEARER).status_code == 403
        assert "Chưa cấu hình mã quản trị" in anonymous_only.get("/login").text


def test_the_token_can_come_from_the_environment(sqlite_filled_url, monkeypatch) -> None:
    from chitieu.settings import get_settings
    from web.app import create_app

    monkeypatch.setenv("CHITIEU_ADMIN_TOKEN", "from-the-environment")
    get_settings.cache_clear()
    with TestClient(create_app(sqlite_filled_url)) as configured:
        response = configured.post(
            "/api/sources", json=NEW_SOURCE, headers={"Authorization": "Bearer from-the-environment"}
        )
        assert response.status_code == 201


def _csrf(page: str) -> str:
    found = re.search(r'name="csrf" value="([0-9a-f]+)"', page)
    assert found, "a logged-in page carries the CSRF field"
    return found.group(1)


def test_people_log_in_with_a_form_and_post_with_a_csrf_field(client) -> None:
    form = {"key": "tuyenquang-ubnd", "base_url": "https://tuyenquang.gov.vn/", "province": "tuyen quang"}
    assert client.post("/sources", data=form, follow_redirects=False).status_code == 401
    assert client.post("/login", data={"token": "nope"}).status_code == 401
    login = client.post("/login", data={"token": ADMIN_TOKEN}, follow_redirects=False)
    assert login.status_code == 303
    cookie = client.cookies.get(SESSION_COOKIE)
    assert cookie and ADMIN_TOKEN not in cookie
    assert (
        "httponly" in login.headers["set-cookie"].lower()
        and "samesite=strict" in login.headers["set-cookie"].lower()
    )
    assert client.post("/sources", data=form, follow_redirects=False).status_code == 403  # no CSRF field
    csrf = _csrf(client.get("/sources").text)
    saved = client.post("/sources", data=form | {"csrf": csrf}, follow_redirects=False)
    assert saved.status_code == 303
    assert "tuyenquang-ubnd" in source_keys(client)


def test_anonymous_pages_offer_no_forms_that_change_state(client) -> None:
    doc_id = document_id(client, HA_GIANG_URL)
    for path in ["/sources", f"/documents/{doc_id}"]:
        assert 'method="post"' not in client.get(path).text
