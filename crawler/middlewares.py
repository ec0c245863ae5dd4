"""Downloader middlewares: the network guard, conditional requests, charset repair, retry backoff.

Order (see settings.DOWNLOADER_MIDDLEWARES): the guard runs first on every request, including redirects
and robots.txt, so nothing connects outside a source's domains or to a private address.
"""

from __future__ import annotations

import asyncio
import logging

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import HtmlResponse, Response, TextResponse
from w3lib.encoding import html_body_declared_encoding

from crawler import netguard
from figures import legacy

log = logging.getLogger(__name__)


class RefusedRequest(IgnoreRequest):
    """A request the guard refused; ``kind`` is off-domain, private-address or redirect-loop."""

    def __init__(self, kind: str, detail: str) -> None:
        super().__init__(f"{kind}: {detail}")
        self.kind = kind
        self.detail = detail


class NetworkGuardMiddleware:
    """Refuse off-domain hosts, private/loopback/link-local addresses (unless the source is local),
    and redirect loops (a URL met twice in one redirect chain)."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> NetworkGuardMiddleware:
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        spider = self.crawler.spider
        source = spider.source_for_request(request) if spider is not None else None
        host = netguard.host_of(request.url)
        if source is None:  # robots.txt and the like: allowed when it is a host of some source
            sources = list(getattr(spider, "sources", {}).values())
            source = next((s for s in sources if netguard.in_domains(host, s.domains)), None)
            if source is None:
                raise RefusedRequest("off-domain", f"{host} belongs to no source")
        chain = request.meta.get("redirect_urls") or []
        if request.url in chain:
            raise RefusedRequest("redirect-loop", " -> ".join([*chain, request.url])[-400:])
        literal = netguard.ip_literal(host)
        if not netguard.in_domains(host, source.domains):
            if literal and netguard.is_forbidden_ip(literal):
                raise RefusedRequest("private-address", f"{host} is a private or reserved address")
            raise RefusedRequest("off-domain", f"{host} is outside {', '.join(source.domains)}")
        if not source.allow_local:
            reason = netguard.private_address_reason(host)
            if reason:
                raise RefusedRequest("private-address", reason)
        return None


class ConditionalRequestMiddleware:
    """Send If-None-Match / If-Modified-Since from the stored validators of a document URL.

    Only requests marked ``meta['conditional']`` (articles and attachments) get them: listings are always
    fetched in full, since their links are needed. 304 answers reach the spider (not an HTTP error).
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ConditionalRequestMiddleware:
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        if not request.meta.get("conditional"):
            return None
        state = getattr(self.crawler.spider, "http_state", None)
        validators = state.get(request.url) if state is not None else None
        if validators is None:
            return None
        if validators.etag:
            request.headers.setdefault(b"If-None-Match", validators.etag.encode("latin-1", "replace"))
        if validators.last_modified:
            request.headers.setdefault(
                b"If-Modified-Since", validators.last_modified.encode("latin-1", "replace")
            )
        return None


_MOJIBAKE = ("Ã", "Æ°", "á»", "áº", "Ä\x91", "Ä‘")


class CharsetMiddleware:
    """Repair a wrong or missing charset before adapters read the text, and note it on the response.

    A page that declares Latin-1 but carries UTF-8 (or declares nothing) is re-decoded as UTF-8; a page
    that is not valid UTF-8 despite saying so is read as Windows-1258. Bytes typed in the legacy TCVN3 or
    VNI fonts are read as Latin-1 (the one reading that converts losslessly; the spider converts them to
    Unicode). The note becomes a warning fault.
    """

    def process_response(self, request: Request, response: Response) -> Response:
        if not isinstance(response, HtmlResponse) or response.status != 200:
            return response
        declared = _declared_charset(response)
        encoding, note = _repair(response, declared)
        if note:
            request.meta["charset_note"] = note
        return response.replace(encoding=encoding, request=request) if encoding else response


def _declared_charset(response: TextResponse) -> str | None:
    header = response.headers.get(b"Content-Type", b"").decode("latin-1").lower()
    if "charset=" in header:
        return header.split("charset=", 1)[1].split(";")[0].strip().strip("\"'")
    meta = html_body_declared_encoding(response.body)  # <meta charset> / http-equiv
    return meta.lower() if meta else None


def _repair(response: TextResponse, declared: str | None) -> tuple[str | None, str | None]:
    """(encoding to use instead of the response's, note) or (None, None) when the declared one is right."""
    try:
        response.body.decode("utf-8")
        is_utf8 = True
    except UnicodeDecodeError:
        is_utf8 = False
    if not is_utf8:
        found = legacy.decode(response.body, legacy.font_hint(response.body[:65536].decode("latin-1")))[1]
        if found:
            return (
                "latin-1",
                f"legacy {found.upper()} text (declared {declared or 'no charset'}); read as Latin-1",
            )
    if declared is None:
        encoding = "utf-8" if is_utf8 else "cp1258"
        return encoding, f"no charset declared; read as {encoding}"
    if declared.replace("_", "-") in ("utf-8", "utf8"):
        if is_utf8:
            return None, None
        return "cp1258", "declared utf-8 but body is not valid UTF-8; read as cp1258"
    if is_utf8 and any(marker in response.text for marker in _MOJIBAKE):
        return "utf-8", f"declared {declared} but body is UTF-8; read as utf-8"
    return None, None


class BackoffRetryMiddleware(RetryMiddleware):
    """Scrapy's retry, with an exponential pause before each retry (RETRY_BACKOFF_BASE * 2**n seconds)."""

    def __init__(self, settings) -> None:
        super().__init__(settings)
        self.backoff_base = settings.getfloat("RETRY_BACKOFF_BASE", 1.0)
        self.backoff_max = settings.getfloat("RETRY_BACKOFF_MAX", 30.0)

    async def _pause(self, request: Request) -> None:
        attempt = request.meta.get("retry_times", 0)
        delay = min(self.backoff_max, self.backoff_base * (2 ** max(attempt - 1, 0)))
        if delay > 0:
            await asyncio.sleep(delay)

    async def process_response(self, request: Request, response: Response) -> Request | Response:
        result = super().process_response(request, response)
        if isinstance(result, Request):
            await self._pause(result)
        return result

    async def process_exception(self, request: Request, exception: Exception) -> Request | Response | None:
        result = super().process_exception(request, exception)
        if isinstance(result, Request):
            await self._pause(result)
        return result
