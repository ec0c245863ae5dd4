"""DNS for connections, pinned to what the network guard checked (setting ``TWISTED_DNS_RESOLVER``).

The guard (``crawler.netguard``, run on every request) resolves a host name and refuses loopback, private
and link-local addresses. The HTTP client then resolves the name again to connect. A DNS server that
answers differently the second time (DNS rebinding: a public address for the check, 127.0.0.1 for the
connection) would take the crawler inside. This resolver answers from the guard's own per-crawl cache
(``netguard.resolve``), so a connection goes to an address the guard saw: for a source that is not
local, one it checked.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence
from typing import Any

from scrapy.resolver import CachingThreadedResolver
from twisted.internet import defer, threads
from twisted.internet.error import DNSLookupError

from crawler import netguard


def connect_address(host: str) -> str:
    """The address to connect to for ``host``: the first IPv4 address the guard resolved it to (Scrapy's
    HTTP client connects over IPv4); :class:`DNSLookupError` when there is none."""
    for address in netguard.resolve(host.lower().rstrip(".")):
        if isinstance(ipaddress.ip_address(address.split("%", 1)[0]), ipaddress.IPv4Address):
            return address
    raise DNSLookupError(f"{host}: no IPv4 address")


class PinnedResolver(CachingThreadedResolver):
    """Scrapy's resolver, with lookups answered by :func:`connect_address` (in a thread: may block)."""

    def getHostByName(self, name: str, timeout: Sequence[int] = ()) -> defer.Deferred[str]:
        literal = netguard.ip_literal(name)
        if literal is not None:
            return defer.succeed(literal)
        return threads.deferToThreadPool(self.reactor, self.reactor.getThreadPool(), _lookup, name)


def _lookup(name: str) -> Any:
    return connect_address(name)  # looked up by name at call time: tests instrument connect_address
