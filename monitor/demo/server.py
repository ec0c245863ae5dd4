"""A tiny threaded HTTP server on 127.0.0.1 (a free port) serving pages from memory.

Pages can be replaced while it runs (the demo's revision). Each page has an ETag and a Last-Modified
date, and conditional requests get 304, as on a real portal, so an unchanged page costs nothing. Like a
NukeViet portal, it serves ``/sitemap.xml`` listing its articles with their ``<lastmod>``: the crawler
asks again at once for a known article the sitemap says changed (``crawler.revisit``).
"""

from __future__ import annotations

import hashlib
import threading
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from xml.sax.saxutils import escape

SITEMAP = "/sitemap.xml"


class Pages:
    """Path -> (body, last-modified); thread-safe."""

    def __init__(
        self,
        pages: dict[str, bytes],
        modified: datetime | None = None,
        delays: dict[str, float] | None = None,
    ) -> None:
        self.delays = dict(delays or {})  # path prefix -> seconds to wait before answering (slow portals)
        self._lock = threading.Lock()
        self._pages: dict[str, tuple[bytes, datetime]] = {}
        self.requests: list[str] = []
        self.replace(pages, modified or datetime(2019, 12, 11, 9, 0, tzinfo=UTC))

    def replace(self, pages: dict[str, bytes], modified: datetime) -> None:
        """Swap in new bodies; only pages whose bytes changed get the new Last-Modified date."""
        with self._lock:
            for path, body in pages.items():
                old = self._pages.get(path)
                self._pages[path] = (body, old[1] if old and old[0] == body else modified)

    def sitemap(self, base_url: str) -> bytes:
        """Every article (``.html``) with its last change, as a sitemap ``<urlset>``."""
        with self._lock:
            entries = sorted((p, m) for p, (_b, m) in self._pages.items() if p.endswith(".html"))
        urls = "".join(
            f"<url><loc>{escape(base_url + path)}</loc><lastmod>{modified.isoformat()}</lastmod></url>"
            for path, modified in entries
        )
        return (
            '<?xml version="1.0" encoding="UTF-8"?>'
            f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'
        ).encode()

    def get(self, path: str) -> tuple[bytes, datetime] | None:
        with self._lock:
            self.requests.append(path)
            found = self._pages.get(path.split("#", 1)[0])
            delay = max((d for prefix, d in self.delays.items() if path.startswith(prefix)), default=0.0)
        if delay:
            time.sleep(delay)
        return found


class _Handler(BaseHTTPRequestHandler):
    server: PortalServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # quiet: the demo prints its own report
        pass

    def do_GET(self) -> None:
        found = self.server.pages.get(self.path)
        if found is None and self.path == SITEMAP:
            self._reply(
                200, self.server.pages.sitemap(self.server.base_url), "application/xml; charset=utf-8"
            )
            return
        if found is None:
            self._reply(404, b"Not found", "text/plain; charset=utf-8")
            return
        body, modified = found
        etag = '"' + hashlib.sha256(body).hexdigest()[:20] + '"'
        headers = {"ETag": etag, "Last-Modified": format_datetime(modified, usegmt=True)}
        if self._not_modified(etag, modified):
            self._reply(304, b"", None, headers)
            return
        kind = "text/plain; charset=utf-8" if self.path.endswith(".txt") else "text/html; charset=utf-8"
        self._reply(200, body, kind, headers)

    def _not_modified(self, etag: str, modified: datetime) -> bool:
        if self.headers.get("If-None-Match"):
            return self.headers["If-None-Match"] == etag
        since = self.headers.get("If-Modified-Since")
        if not since:
            return False
        try:
            return modified <= parsedate_to_datetime(since) + timedelta(seconds=0)
        except (TypeError, ValueError):
            return False

    def _reply(
        self, status: int, body: bytes, kind: str | None, headers: dict[str, str] | None = None
    ) -> None:
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if kind:
            self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body:
            self.wfile.write(body)


class PortalServer(ThreadingHTTPServer):
    """``with PortalServer(pages) as server: server.base_url``; binds 127.0.0.1 on a free port."""

    daemon_threads = True

    def __init__(self, pages: Pages) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.pages = pages
        self._thread = threading.Thread(target=self.serve_forever, name="demo-portal", daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self) -> PortalServer:
        self._thread.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.shutdown()
        self.server_close()
        self._thread.join(timeout=5)
