"""Name what went wrong with a request, so faults are recorded per source with a stable ``kind``."""

from __future__ import annotations

import ssl

from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet import error as tx_error
from twisted.python.failure import Failure
from twisted.web._newclient import ResponseFailed

from crawler.middlewares import RefusedRequest

WARNING_KINDS = frozenset({"off-domain", "private-address", "robots", "charset", "legacy-encoding"})


def classify_failure(failure: Failure) -> tuple[str, str]:
    """(kind, detail) for a failed request."""
    exc = failure.value
    detail = f"{type(exc).__name__}: {exc}"[:500]
    if isinstance(exc, RefusedRequest):
        return exc.kind, exc.detail
    if isinstance(exc, HttpError):
        return f"http-{exc.response.status}", f"HTTP {exc.response.status} after retries"
    if isinstance(exc, IgnoreRequest):
        text = str(exc).lower()
        if "redirect" in text:
            return "redirect-loop", detail
        if "robots" in text:
            return "robots", detail
        return "ignored", detail
    if _is_tls_failure(exc):
        return "tls", detail
    for kind, types in _BY_TYPE:
        if isinstance(exc, types):
            if kind == "connection-reset" and "dataloss" in repr(getattr(exc, "reasons", "")).lower():
                return "truncated", detail
            return kind, detail
    return "fetch-error", detail


_BY_TYPE: tuple[tuple[str, tuple[type[BaseException], ...]], ...] = (
    ("timeout", (DownloadTimeoutError, tx_error.TimeoutError, tx_error.TCPTimedOutError)),
    ("oversized", (DownloadCancelledError,)),
    ("truncated", (ResponseDataLossError,)),
    ("dns", (CannotResolveHostError, tx_error.DNSLookupError)),
    ("connection-refused", (DownloadConnectionRefusedError, tx_error.ConnectionRefusedError)),
    (
        "connection-reset",
        (DownloadFailedError, ResponseFailed, tx_error.ConnectionLost, tx_error.ConnectionDone),
    ),
)


def _is_tls_failure(exc: BaseException) -> bool:
    """A TLS handshake that failed (certificate that does not verify, no common protocol), however wrapped:
    Twisted and Scrapy put the OpenSSL error inside lists of Failures (``reasons``, ``args``)."""
    from OpenSSL import SSL

    todo: list[object] = [exc]
    seen = 0
    while todo and seen < 50:
        seen += 1
        item = todo.pop()
        if isinstance(item, Failure):
            item = item.value
        if isinstance(item, SSL.Error | ssl.SSLError):
            return True
        if isinstance(item, BaseException):
            todo += [*item.args, *(getattr(item, "reasons", None) or []), item.__cause__]
        elif isinstance(item, list | tuple):
            todo += list(item)
    return False
