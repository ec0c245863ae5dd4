"""Helpers of the fault-matrix tests: a fixture server with more ways to misbehave, TLS, crawl runs.

Builds on the crawler tests' kit (``crawlkit``): the same in-memory sites, plus bodies that are huge or
never end (streamed lazily, never held in memory), a trickling body, and an HTTPS variant with a
self-signed certificate made at test time. Crawls run ``python -m chitieu.cli.crawl`` in a subprocess,
like the crawler tests, with optional extra environment (test-only instrumentation, see ``inject/``).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import ipaddress
import json
import os
import socket
import ssl
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any

import yaml
from crawlkit.server import FixtureServer, Resource, Site, _Handler

REPO = Path(__file__).resolve().parents[2]
INJECT = Path(__file__).resolve().parent / "inject"
GIB = 1 << 30
CHUNK = b"<p>Chi ti\xc3\xaau k\xe1\xba\xbf ho\xe1\xba\xa1ch 2025.</p>\n" * 2048  # ~70 KB of real-looking HTML
QUICK = {  # fast retries and timeouts; the size limit stays the shipped one unless a test says otherwise
    "DOWNLOAD_TIMEOUT": 3,
    "RETRY_TIMES": 1,
    "RETRY_BACKOFF_BASE": 0.05,
    "AUTOTHROTTLE_ENABLED": False,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 8,
}


class FaultHandler(_Handler):
    """crawlkit's handler plus ``gigabyte`` (1 GiB announced and streamed), ``endless`` (chunked, never
    ending) and ``drip`` (a few bytes per second). Bytes actually sent are counted per path."""

    server: FaultServer

    def _serve(self, resource: Resource | None) -> int:
        fault = resource.fault if resource is not None else None
        if fault == "gigabyte":
            return self._stream({"Content-Length": str(GIB)}, GIB, CHUNK, chunked=False)
        if fault == "endless":
            return self._stream({"Transfer-Encoding": "chunked"}, None, CHUNK, chunked=True)
        if fault == "drip":
            return self._stream(
                {"Content-Length": "100000"}, 100_000, b"<p>.</p>\n", chunked=False, pause=0.2
            )
        return super()._serve(resource)

    def _stream(
        self, headers: dict[str, str], size: int | None, chunk: bytes, chunked: bool, pause: float = 0.0
    ) -> int:
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        sent = 0
        try:
            while (size is None or sent < size) and not self.server.stopping.is_set():
                piece = chunk if size is None else chunk[: size - sent]
                self.wfile.write(f"{len(piece):x}\r\n".encode() + piece + b"\r\n" if chunked else piece)
                sent += len(piece)
                if pause:
                    self.wfile.flush()
                    time.sleep(pause)
        except OSError:
            pass  # the client hung up: what a size or time limit does
        finally:
            with self.server.site.lock:
                self.server.sent[self.path] = self.server.sent.get(self.path, 0) + sent
            self.close_connection = True
        return 200


class FaultServer(FixtureServer):
    """crawlkit's fixture server with :class:`FaultHandler`; HTTPS when given a server TLS context."""

    def __init__(self, site: Site, tls: ssl.SSLContext | None = None) -> None:
        ThreadingHTTPServer.__init__(self, ("127.0.0.1", 0), FaultHandler)
        self.site = site
        self.tls = tls
        self.sent: dict[str, int] = {}
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        site.base_url = self.base_url

    def get_request(self) -> tuple[Any, Any]:
        sock, address = self.socket.accept()
        if self.tls is not None:  # the handshake happens in the handler thread, not in accept
            sock = self.tls.wrap_socket(sock, server_side=True, do_handshake_on_connect=False)
        return sock, address

    @property
    def base_url(self) -> str:
        scheme = "https" if self.tls is not None else "http"
        return f"{scheme}://127.0.0.1:{self.server_address[1]}"


def self_signed_tls(directory: Path) -> ssl.SSLContext:
    """A server context with a fresh self-signed certificate for 127.0.0.1 (made with ``cryptography``)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "cong-thong-tin.test")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False
        )
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = directory / "cert.pem", directory / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_path, key_path)
    return context


@dataclass
class CrawlRun:
    returncode: int
    report: dict[str, Any]
    stdout: str
    stderr: str
    seconds: float
    db_url: str = ""
    faults: list[dict[str, Any]] = field(default_factory=list)

    def source(self, key: str) -> dict[str, Any]:
        return self.report["sources"][key]

    def fault_kinds(self, key: str) -> dict[str, str]:
        """URL -> fault kind of one source."""
        return {f["url"]: f["kind"] for f in self.source(key)["faults"]}


def run_crawl(
    tmp: Path,
    sources: list[dict[str, Any]],
    *extra: str,
    db_url: str | None = None,
    settings: dict[str, Any] | None = None,
    env: dict[str, str] | None = None,
    allow_local: bool = True,
    timeout: float = 120,
    name: str = "crawl",
) -> CrawlRun:
    """One ``chitieu crawl`` of ``sources`` (registry entries) in a subprocess; its JSON report."""
    registry = tmp / f"{name}-registry.yaml"
    registry.write_text(yaml.safe_dump({"sources": sources}, allow_unicode=True), encoding="utf-8")
    report = tmp / f"{name}-report.json"
    report.unlink(missing_ok=True)
    db_url = db_url or f"sqlite:///{tmp / 'chitieu.sqlite'}"
    sets = [a for k, v in {**QUICK, **(settings or {})}.items() for a in ("--set", f"{k}={json.dumps(v)}")]
    command = [
        sys.executable,
        "-m",
        "chitieu.cli.crawl",
        "--registry",
        str(registry),
        "--db",
        db_url,
        "--report",
        str(report),
        "--no-progress",
        *(["--allow-local"] if allow_local else []),
        *sets,
        *extra,
    ]
    started = time.monotonic()
    done = subprocess.run(
        command,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=child_env(tmp, env),
        cwd=REPO,
        check=False,
    )
    data = json.loads(report.read_text(encoding="utf-8")) if report.exists() else {}
    return CrawlRun(done.returncode, data, done.stdout, done.stderr, time.monotonic() - started, db_url)


def child_env(tmp: Path, extra: dict[str, str] | None = None) -> dict[str, str]:
    """Environment of a chitieu subprocess: the repo importable, data under ``tmp``, plus ``extra``.

    A ``PYTHONPATH`` in ``extra`` is put in front (that is how ``inject/sitecustomize.py`` is loaded).
    """
    extra = dict(extra or {})
    paths = [p for p in (extra.pop("PYTHONPATH", ""), str(REPO)) if p]
    return {
        **os.environ,
        "CHITIEU_DATA_DIR": str(tmp / "data"),
        **extra,
        "PYTHONPATH": os.pathsep.join(paths),
    }


class TcpProxy:
    """A TCP relay on 127.0.0.1 in front of a server (PostgreSQL here) that a test can pull the plug on.

    ``cut()`` drops every relayed connection at once and refuses new ones (they are accepted and closed)
    until ``restore()``; with ``cut_on`` it cuts itself the moment those bytes pass from client to server
    (before they are relayed), and comes back after ``down_for`` seconds. ``cuts`` counts the cuts.
    """

    def __init__(self, host: str, port: int, cut_on: bytes | None = None, down_for: float = 1.0) -> None:
        self.target = (host, port)
        self.cut_on = cut_on
        self.down_for = down_for
        self.cuts = 0
        self.down = threading.Event()
        self._lock = threading.Lock()
        self._sockets: set[Any] = set()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self._closing = threading.Event()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while not self._closing.is_set():
            try:
                client, _address = self._listener.accept()
            except OSError:
                return
            if self.down.is_set():
                client.close()
                continue
            try:
                server = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._sockets |= {client, server}
            threading.Thread(target=self._pump, args=(client, server, True), daemon=True).start()
            threading.Thread(target=self._pump, args=(server, client, False), daemon=True).start()

    def _pump(self, source: Any, sink: Any, upstream: bool) -> None:
        tail = b""
        try:
            while True:
                data = source.recv(65536)
                if not data:
                    break
                if upstream and self.cut_on and self.cut_on in tail + data and not self.down.is_set():
                    self.cut(self.down_for)
                    return
                tail = data[-len(self.cut_on or b"") :]
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                with contextlib.suppress(OSError):
                    sock.close()

    def cut(self, down_for: float | None = None) -> None:
        self.down.set()
        self.cuts += 1
        with self._lock:
            doomed, self._sockets = self._sockets, set()
        for sock in doomed:
            try:
                sock.shutdown(socket.SHUT_RDWR)
                sock.close()
            except OSError:
                pass
        if down_for:
            threading.Timer(down_for, self.restore).start()

    def restore(self) -> None:
        self.down.clear()

    def wait_restored(self, timeout: float = 10.0) -> bool:
        """Wait until a timed cut is over (the database is reachable again); False on timeout."""
        deadline = time.monotonic() + timeout
        while self.down.is_set():
            if time.monotonic() > deadline:
                return False
            time.sleep(0.05)
        return True

    def close(self) -> None:
        self._closing.set()
        self.cut()
        self._listener.close()
