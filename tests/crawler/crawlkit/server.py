"""A real HTTP server on a loopback address serving a fixture site from memory, with validators and faults.

ETag / If-None-Match and Last-Modified / If-Modified-Since answer 304; fault resources misbehave on
purpose (timeout, connection reset, truncated body, ...). Every request is logged for assertions, with
the Host it named and when it arrived and was answered, so tests can count requests in flight per host
(:func:`peak_in_flight`).

Each server listens on one address: ``127.0.0.1`` by default, or any other of 127.0.0.0/8 (all reach
loopback on Linux), so several servers look like several portals to a crawler, whose per-domain limits
go by host name. ``latency`` makes every answer wait that long (a slow portal); connections are served
on threads of their own, so slow answers overlap instead of queueing behind each other.
"""

from __future__ import annotations

import hashlib
import socket
import struct
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Resource:
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    location: str | None = None  # for redirects
    fault: str | None = None  # timeout | reset | truncated
    validators: bool = True  # send ETag and Last-Modified
    modified: datetime = field(default_factory=lambda: datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC))

    @property
    def etag(self) -> str:
        return '"' + hashlib.sha1(self.body).hexdigest()[:16] + '"'


@dataclass
class Hit:
    path: str
    status: int
    conditional: bool
    host: str = ""  # the Host header, as the client sent it (name:port)
    arrived: float = 0.0  # time.monotonic() when the request was read
    answered: float = 0.0  # when the answer (or the fault) began: the request is in flight in between


def peak_in_flight(hits: Iterable[Hit]) -> int:
    """The most requests in flight at once among ``hits`` (an answer ends its request before the next
    request that arrives at the same instant starts, so back-to-back requests on one connection count 1)."""
    events = sorted([(h.arrived, 1) for h in hits] + [(h.answered, -1) for h in hits])
    peak = current = 0
    for _, step in events:
        current += step
        peak = max(peak, current)
    return peak


class Site:
    """Path (with query) -> Resource. Mutable while the server runs (tests change a page)."""

    def __init__(self, resources: dict[str, Resource] | None = None) -> None:
        self.resources: dict[str, Resource] = dict(resources or {})
        self.hits: list[Hit] = []
        self.lock = threading.Lock()
        self.base_url = ""

    def __setitem__(self, path: str, resource: Resource) -> None:
        self.resources[path] = resource

    def update(self, path: str, body: bytes) -> None:
        """Change a page: new body, Last-Modified a day later."""
        old = self.resources[path]
        old.body = body
        old.modified = old.modified + timedelta(days=1)

    def lookup(self, path: str) -> Resource | None:
        return self.resources.get(path) or self.resources.get(path.split("?", 1)[0])

    def hits_for(self, path: str) -> list[Hit]:
        return [h for h in self.hits if h.path == path]


class _Handler(BaseHTTPRequestHandler):
    server: FixtureServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass

    def do_GET(self) -> None:
        arrived = time.monotonic()
        self._answered = 0.0
        site = self.server.site
        if self.server.latency:
            self.server.stopping.wait(self.server.latency)
        resource = site.lookup(self.path)
        conditional = bool(self.headers.get("If-None-Match") or self.headers.get("If-Modified-Since"))
        status = self._serve(resource)
        hit = Hit(self.path, status, conditional, self.headers.get("Host", ""), arrived, self._answered)
        with site.lock:
            hit.answered = hit.answered or time.monotonic()
            site.hits.append(hit)

    def _serve(self, resource: Resource | None) -> int:
        if resource is None:
            return self._send(404, b"<html><body>Kh\xc3\xb4ng t\xc3\xacm th\xe1\xba\xa5y trang</body></html>")
        if resource.fault == "timeout":
            self.server.stopping.wait(30)
            return 0
        if resource.fault == "reset":
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.close_connection = True
            self.connection.close()
            return 0
        if resource.location:
            return self._send(resource.status, b"", {"Location": resource.location})
        if resource.validators and self._not_modified(resource):
            return self._send(304, b"", self._validator_headers(resource), body_allowed=False)
        headers = {"Content-Type": resource.content_type}
        if resource.validators:
            headers.update(self._validator_headers(resource))
        body = resource.body.replace(b"@@BASE@@", self.server.base_url.encode())
        body = body.replace(b"@@HITS@@", str(1000 + len(self.server.site.hits)).encode())  # a live counter
        if resource.fault == "truncated":
            headers["Content-Length"] = str(len(body) + 5000)
            self._send(resource.status, body, headers, set_length=False)
            self.close_connection = True
            return resource.status
        return self._send(resource.status, body, headers)

    def _not_modified(self, resource: Resource) -> bool:
        etag = self.headers.get("If-None-Match")
        if etag is not None:
            return resource.etag in [e.strip() for e in etag.split(",")]
        since = self.headers.get("If-Modified-Since")
        if since:
            try:
                return resource.modified <= parsedate_to_datetime(since)
            except (TypeError, ValueError):
                return False
        return False

    @staticmethod
    def _validator_headers(resource: Resource) -> dict[str, str]:
        return {"ETag": resource.etag, "Last-Modified": format_datetime(resource.modified, usegmt=True)}

    def _send(
        self,
        status: int,
        body: bytes,
        headers: dict[str, str] | None = None,
        body_allowed: bool = True,
        set_length: bool = True,
    ) -> int:
        self._answered = time.monotonic()
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if set_length:
            self.send_header("Content-Length", str(len(body) if body_allowed else 0))
        self.end_headers()
        if body_allowed and body:
            self.wfile.write(body)
        return status


class FixtureServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    # The default backlog (5) drops connections a crawler opens at once; the client retries them a second
    # later, which looks like a slow server.
    request_queue_size = 128
    host = "127.0.0.1"
    latency = 0.0  # seconds before every answer (class defaults: subclasses may skip __init__)

    def __init__(self, site: Site, host: str = "127.0.0.1", latency: float = 0.0) -> None:
        super().__init__((host, 0), _Handler)
        self.site = site
        self.host = host
        self.latency = latency
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        site.base_url = self.base_url

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # clients hanging up on fault routes (timeouts, size limits) are expected

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.server_address[1]}"

    def __enter__(self) -> FixtureServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stopping.set()
        self.shutdown()
        self.server_close()
