"""Who may change state, and the headers that keep hostile archived content inert.

Anonymous visitors read everything and change nothing. State changes need the admin token
(``CHITIEU_ADMIN_TOKEN``, or the app factory's ``admin_token``): API clients send it as
``Authorization: Bearer <token>``; people log in once through a form, which sets an HttpOnly,
SameSite=Strict session cookie holding an HMAC of the token (never the token itself), and their forms
carry a CSRF field derived the same way. Every comparison is constant-time (:func:`hmac.compare_digest`).
With no token configured, every state-changing request is refused.
"""

from __future__ import annotations

import hashlib
import hmac
import os

from fastapi import HTTPException, Request, status
from starlette.types import ASGIApp, Message, Receive, Scope, Send

SESSION_COOKIE = "chitieu_admin"
TOKEN_ENV = "CHITIEU_ADMIN_TOKEN"
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'none'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
    (b"cross-origin-opener-policy", b"same-origin"),
)


def configured_token() -> str | None:
    """The admin token from settings (``admin_token``) or the environment; blank means none."""
    from chitieu.settings import get_settings

    token = getattr(get_settings(), "admin_token", None)
    if token is not None and hasattr(token, "get_secret_value"):
        token = token.get_secret_value()
    token = token or os.environ.get(TOKEN_ENV)
    return token.strip() or None if token else None


class AdminAuth:
    def __init__(self, token: str | None) -> None:
        self._token = token.encode("utf-8") if token else None

    @property
    def enabled(self) -> bool:
        return self._token is not None

    def _derive(self, purpose: bytes) -> str:
        assert self._token is not None
        return hmac.new(self._token, purpose, hashlib.sha256).hexdigest()

    def token_matches(self, candidate: str | None) -> bool:
        if self._token is None or not candidate:
            return False
        return hmac.compare_digest(candidate.encode("utf-8"), self._token)

    def session_value(self) -> str:
        return self._derive(b"chitieu admin session v1")

    def csrf_value(self) -> str | None:
        return self._derive(b"chitieu csrf v1") if self._token is not None else None

    def bearer_ok(self, request: Request) -> bool:
        header = request.headers.get("authorization", "")
        scheme, _, credential = header.partition(" ")
        return scheme.lower() == "bearer" and self.token_matches(credential.strip())

    def cookie_ok(self, request: Request) -> bool:
        cookie = request.cookies.get(SESSION_COOKIE)
        if self._token is None or not cookie:
            return False
        return hmac.compare_digest(cookie.encode("utf-8"), self.session_value().encode("utf-8"))

    def csrf_ok(self, submitted: str | None) -> bool:
        expected = self.csrf_value()
        if expected is None or not submitted:
            return False
        return hmac.compare_digest(submitted.encode("utf-8"), expected.encode("utf-8"))

    def is_admin(self, request: Request) -> bool:
        return self.bearer_ok(request) or self.cookie_ok(request)


def auth_of(request: Request) -> AdminAuth:
    return request.app.state.auth


def require_bearer(request: Request) -> None:
    """API dependency: a valid ``Authorization: Bearer`` token, or 401/403."""
    auth = auth_of(request)
    if not auth.enabled:
        raise HTTPException(status.HTTP_403_FORBIDDEN, "changes are disabled: no admin token configured")
    if not auth.bearer_ok(request):
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED, "admin token required", headers={"WWW-Authenticate": "Bearer"}
        )


def require_form_admin(request: Request, csrf: str | None) -> None:
    """Form dependency: logged-in session cookie (or bearer) plus a matching CSRF field."""
    auth = auth_of(request)
    if not auth.enabled:
        raise HTTPException(status.HTTP_403_FORBIDDEN, "changes are disabled: no admin token configured")
    if auth.bearer_ok(request):
        return
    if not auth.cookie_ok(request):
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "log in first")
    if not auth.csrf_ok(csrf):
        raise HTTPException(status.HTTP_403_FORBIDDEN, "form expired or forged (CSRF check failed)")


class SecurityHeadersMiddleware:
    """Adds the security headers to every HTTP response (pages, API, static files, errors)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in SECURITY_HEADERS if k not in names]
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, receive, send_with_headers)
