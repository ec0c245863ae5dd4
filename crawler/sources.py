"""The source registry: which portals to crawl, with which adapter, from which section URLs.

The registry is a YAML file (``crawler/sources.yaml`` ships with the provincial portals we could name).
Each entry becomes a :class:`Source`. Ad-hoc sources (``chitieu crawl --start-url``) are built with
:func:`adhoc_source`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from chitieu.errors import InputError
from crawler.relevance import fold

REGISTRY_PATH = Path(__file__).with_name("sources.yaml")
# The platforms a source may name: every adapter of ``crawler.adapters.ADAPTERS`` (a test keeps the two in
# step; the adapters are not imported here, they pull in Scrapy) and ``auto`` (detected from the page).
PLATFORMS: tuple[str, ...] = (
    "auto",
    "nukeviet",
    "liferay",
    "webcenter",
    "sharepoint",
    "wordpress",
    "drupal",
    "generic",
    "rss",
    "sitemap",
)


@dataclass(frozen=True, slots=True)
class Source:
    """One portal or section to crawl."""

    key: str
    province: str  # the unit the source speaks for (old or current name)
    base_url: str
    platform: str = "auto"
    current_province: str | None = None  # the unit after the 2025 merger, when different
    start_urls: tuple[str, ...] = ()
    feeds: tuple[str, ...] = ()  # RSS/Atom feed URLs
    sitemaps: tuple[str, ...] = ()
    allowed_domains: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    selectors: dict[str, str] = field(default_factory=dict)  # generic adapter: CSS or xpath: prefixed
    schedule: str | None = None
    kind: str = "portal"  # portal | hdnd | skhdt | department | other
    verified: bool = False
    enabled: bool = True
    allow_local: bool = False
    follow_all: bool = False  # keep every article, not only relevant ones (demo and bench mirrors)
    # False: the portal's TLS certificate is not checked when it is crawled on its own (see
    # crawler.settings.build_settings); for a portal known to serve a broken chain. Checked by default.
    tls_verify: bool = True
    max_listing_pages: int = 5
    max_section_depth: int = 1
    notes: str | None = None

    @property
    def domains(self) -> tuple[str, ...]:
        """Hosts this source may fetch from (subdomains included)."""
        host = urlsplit(self.base_url).hostname or ""
        return tuple(dict.fromkeys([host, *self.allowed_domains]))

    @property
    def entry_urls(self) -> tuple[str, ...]:
        return self.start_urls or (self.base_url,)

    def matches_province(self, name: str) -> bool:
        wanted = fold(name).strip()
        names = [self.province, self.current_province or ""]
        return any(fold(n).strip() == wanted for n in names if n)

    def config(self) -> dict[str, Any]:
        """What storage keeps as the source's config (JSON-ready)."""
        return {
            "start_urls": list(self.start_urls),
            "feeds": list(self.feeds),
            "sitemaps": list(self.sitemaps),
            "allowed_domains": list(self.allowed_domains),
            "keywords": list(self.keywords),
            "selectors": dict(self.selectors),
            "kind": self.kind,
            "verified": self.verified,
            "current_province": self.current_province,
        }


def _tuple(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(str(v) for v in value)


_FIELDS = set(Source.__dataclass_fields__)
_TUPLE_FIELDS = {"start_urls", "feeds", "sitemaps", "allowed_domains", "keywords"}


def source_from_dict(data: dict[str, Any]) -> Source:
    """Validate one registry entry; unknown keys or a bad platform are an :class:`InputError`."""
    unknown = set(data) - _FIELDS
    if unknown:
        raise InputError(f"source {data.get('key')!r}: unknown keys {sorted(unknown)}")
    for required in ("key", "province", "base_url"):
        if not data.get(required):
            raise InputError(f"source {data.get('key')!r}: missing {required}")
    values = {k: (_tuple(v) if k in _TUPLE_FIELDS else v) for k, v in data.items()}
    source = Source(**values)
    if source.platform not in PLATFORMS:
        raise InputError(f"source {source.key!r}: unknown platform {source.platform!r}")
    if urlsplit(source.base_url).scheme not in ("http", "https"):
        raise InputError(f"source {source.key!r}: base_url must be http(s)")
    return source


def load_registry(path: Path | None = None) -> list[Source]:
    """All sources of a registry file (the shipped one by default)."""
    path = path or REGISTRY_PATH
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise InputError(f"{path}: cannot read source registry: {exc}") from exc
    entries = raw.get("sources", []) if isinstance(raw, dict) else []
    sources = [source_from_dict(e) for e in entries]
    keys = [s.key for s in sources]
    dupes = {k for k in keys if keys.count(k) > 1}
    if dupes:
        raise InputError(f"{path}: duplicate source keys {sorted(dupes)}")
    return sources


def select_sources(
    sources: Iterable[Source],
    keys: Iterable[str] = (),
    provinces: Iterable[str] = (),
    include_disabled: bool = False,
) -> list[Source]:
    """Filter by key and/or province (old or current name, accent-insensitive)."""
    keys, provinces = list(keys), list(provinces)
    chosen = []
    for source in sources:
        if keys and source.key not in keys:
            continue
        if provinces and not any(source.matches_province(p) for p in provinces):
            continue
        if not (source.enabled or include_disabled or keys):
            continue
        chosen.append(source)
    return chosen


def slug(text: str) -> str:
    return re.sub(r"\s+", "-", fold(text).strip())


def adhoc_source(
    start_url: str,
    province: str,
    platform: str = "auto",
    allow_local: bool = False,
    follow_all: bool = False,
    max_listing_pages: int = 5,
) -> Source:
    """A source with no registry entry, for ``chitieu crawl --start-url``."""
    parts = urlsplit(start_url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InputError(f"--start-url must be an http(s) URL, got {start_url!r}")
    host = parts.hostname + (f"-{parts.port}" if parts.port else "")
    return source_from_dict(
        {
            "key": f"adhoc-{slug(province)}-{host}",
            "province": province,
            "base_url": f"{parts.scheme}://{parts.netloc}/",
            "start_urls": [start_url],
            "platform": platform,
            "allow_local": allow_local,
            "follow_all": follow_all,
            "max_listing_pages": max_listing_pages,
            "verified": False,
            "kind": "adhoc",
        }
    )
