"""Test-only instrumentation, loaded by every Python process whose PYTHONPATH starts with this directory
(the fault tests put it there for the crawls and services they start). Does nothing unless asked:

* ``CHITIEU_TEST_DNS="host=ip,..."``: these names resolve to these addresses (a local DNS override).
* ``CHITIEU_TEST_GUARD_DNS="host=ip,..."``: what the crawler's network guard is told these names resolve
  to (a public-looking address for a name that really points at 127.0.0.1).
* ``CHITIEU_TEST_NAT="ip=ip,..."``: connections meant for these addresses reach those instead (a network in
  which a public address is served by a local test server); applied after the guard's checks.
* ``CHITIEU_TEST_PAUSE_AT=parse|store|enqueue`` with ``CHITIEU_TEST_PAUSE_FILE=path``: at that stage of
  an ingest, create the file and sleep (the test kills the process there with SIGKILL).
"""

from __future__ import annotations

import os
import socket
import time
from pathlib import Path


def _mapping(name: str) -> dict[str, str]:
    pairs = (item.split("=", 1) for item in os.environ.get(name, "").split(",") if "=" in item)
    return {host.strip().lower(): address.strip() for host, address in pairs}


def _override_dns(table: dict[str, str]) -> None:
    real_getaddrinfo, real_gethostbyname = socket.getaddrinfo, socket.gethostbyname

    def getaddrinfo(host, *args, **kwargs):  # type: ignore[no-untyped-def]
        name = host.decode() if isinstance(host, bytes) else host
        mapped = table.get(str(name).lower().rstrip(".")) if name else None
        return real_getaddrinfo(mapped or host, *args, **kwargs)

    def gethostbyname(host: str) -> str:
        return table.get(host.lower().rstrip(".")) or real_gethostbyname(host)

    socket.getaddrinfo = getaddrinfo
    socket.gethostbyname = gethostbyname


def _override_guard_dns(table: dict[str, str]) -> None:
    from crawler import netguard

    real = netguard.resolve

    def resolve(host: str) -> tuple[str, ...]:
        return (table[host],) if host in table else real(host)

    netguard.resolve = resolve


def _override_nat(table: dict[str, str]) -> None:
    from crawler import resolver

    real = resolver.connect_address

    def connect_address(host: str) -> str:
        address = real(host)
        return table.get(address, address)

    resolver.connect_address = connect_address


def _pause(stage: str, flag: Path) -> None:
    flag.write_text(f"{os.getpid()}\n")
    time.sleep(600)


def _install_pause(stage: str, flag: Path) -> None:
    if stage == "parse":
        import figures

        real_extract = figures.extract

        def extract(text, *args, **kwargs):  # type: ignore[no-untyped-def]
            found = real_extract(text, *args, **kwargs)
            _pause(stage, flag)
            return found

        figures.extract = extract
    elif stage == "store":
        from monitor import record

        real_store = record.store_figures

        def store_figures(*args, **kwargs):  # type: ignore[no-untyped-def]
            rows = real_store(*args, **kwargs)
            _pause(stage, flag)
            return rows

        record.store_figures = store_figures
    elif stage == "enqueue":
        from monitor import outbox

        real_enqueue = outbox.enqueue_change

        def enqueue_change(session, event):  # type: ignore[no-untyped-def]
            real_enqueue(session, event)
            session.flush()  # the alert row is written in the transaction, not yet committed
            _pause(stage, flag)

        outbox.enqueue_change = enqueue_change


if os.environ.get("CHITIEU_TEST_DNS"):
    _override_dns(_mapping("CHITIEU_TEST_DNS"))
if os.environ.get("CHITIEU_TEST_GUARD_DNS"):
    _override_guard_dns(_mapping("CHITIEU_TEST_GUARD_DNS"))
if os.environ.get("CHITIEU_TEST_NAT"):
    _override_nat(_mapping("CHITIEU_TEST_NAT"))
if os.environ.get("CHITIEU_TEST_PAUSE_AT") and os.environ.get("CHITIEU_TEST_PAUSE_FILE"):
    _install_pause(os.environ["CHITIEU_TEST_PAUSE_AT"], Path(os.environ["CHITIEU_TEST_PAUSE_FILE"]))
