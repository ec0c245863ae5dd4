"""Where the crawler may connect: inside each source's domains, never to private addresses.

Loopback, private (RFC 1918), shared (RFC 6598), link-local, multicast, reserved, unspecified and every
other non-global address are refused unless the source is explicitly local (``allow_local``, used by
tests and the offline demo). Host names are resolved before the request is sent so a public-looking name
that points inside is refused as well; so are numeric spellings (``2130706433``, ``0x7f000001``,
``127.1``), which resolve to the address they spell.
"""

from __future__ import annotations

import ipaddress
import socket
from functools import lru_cache
from urllib.parse import urlsplit


def host_of(url: str) -> str:
    return (urlsplit(url).hostname or "").lower().rstrip(".")


def in_domains(host: str, domains: tuple[str, ...]) -> bool:
    """``host`` is one of ``domains`` or a subdomain of one."""
    host = host.lower().rstrip(".")
    return any(host == d or host.endswith("." + d) for d in (d.lower().rstrip(".") for d in domains) if d)


def is_forbidden_ip(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return bool(
        not ip.is_global  # also shared (100.64/10 carrier NAT), documentation and benchmarking ranges
        or ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
    )


def ip_literal(host: str) -> str | None:
    try:
        return str(ipaddress.ip_address(host.strip("[]")))
    except ValueError:
        return None


@lru_cache(maxsize=1024)
def resolve(host: str) -> tuple[str, ...]:
    """Addresses of a host name (cached for the crawl; an unresolvable host gives an empty tuple)."""
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError):
        return ()
    return tuple(dict.fromkeys(info[4][0] for info in infos))


def private_address_reason(host: str) -> str | None:
    """Why connecting to ``host`` is refused for a non-local source, or None when it is allowed."""
    literal = ip_literal(host)
    if literal is not None:
        return f"private or reserved address {literal}" if is_forbidden_ip(literal) else None
    if host == "localhost" or host.endswith(".localhost"):
        return "loopback host name"
    for address in resolve(host):
        if is_forbidden_ip(address):
            return f"{host} resolves to private or reserved address {address}"
    return None
