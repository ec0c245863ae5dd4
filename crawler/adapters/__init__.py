"""Platform adapters, one module per platform family, looked up by the registry's ``platform`` name."""

from __future__ import annotations

from crawler.adapters.base import Adapter, Article, Link
from crawler.adapters.generic import GenericAdapter
from crawler.adapters.liferay import LiferayAdapter
from crawler.adapters.nukeviet import NukeVietAdapter
from crawler.adapters.rss import RssAdapter
from crawler.adapters.sharepoint import SharePointAdapter
from crawler.adapters.sitemap import SitemapAdapter
from crawler.adapters.webcenter import WebCenterAdapter
from crawler.adapters.wordpress import WordPressAdapter
from crawler.sources import Source

ADAPTERS: dict[str, type[Adapter]] = {
    cls.name: cls
    for cls in (
        NukeVietAdapter,
        LiferayAdapter,
        WebCenterAdapter,
        SharePointAdapter,
        WordPressAdapter,
        GenericAdapter,
        RssAdapter,
        SitemapAdapter,
    )
}
ADAPTERS["drupal"] = GenericAdapter


def adapter_for(source: Source, platform: str | None = None) -> Adapter:
    """The adapter for a source (``platform`` overrides the registry, e.g. after auto-detection)."""
    name = platform or source.platform
    if name == "auto":
        name = "generic"
    return ADAPTERS[name](source)


__all__ = ["ADAPTERS", "Adapter", "Article", "Link", "adapter_for"]
