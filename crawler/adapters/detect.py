"""``--platform auto``: recognise the platform family from the first page of a source.

Signals, strongest first: a generator meta tag, platform asset paths and script globals, URL shapes.
"""

from __future__ import annotations

import re

from scrapy.http import Response

from crawler.adapters.rss import looks_like_feed
from crawler.adapters.sitemap import looks_like_sitemap

_SIGNALS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "nukeviet",
        (
            r"<meta[^>]+generator[^>]+nukeviet",
            r"/themes/default/(images|js)/",
            r"nv_base_siteurl",
            r"index\.php\?(language=vi&(amp;)?)?nv=",
            r"class=\"news_column",
        ),
    ),
    (
        "liferay",
        (
            r"Liferay\.(ThemeDisplay|Portlet|authToken)",
            r"/o/frontend-js",
            r"p_p_id[=_]",
            r"/-/asset_publisher/",
            r"/html/js/liferay/",
            r"class=\"portlet-boundary",
        ),
    ),
    ("webcenter", (r"/webcenter/portal/", r"_adf\.ctrl-state", r"/afr/", r"oracle\.adf")),
    (
        "sharepoint",
        (
            r"_layouts/(15/)?",
            r"Skip Ribbon Commands",
            r"ctl00_PlaceHolderMain",
            r"/_catalogs/",
            r"<meta[^>]+generator[^>]+SharePoint",
        ),
    ),
    ("wordpress", (r"<meta[^>]+generator[^>]+WordPress", r"/wp-content/", r"/wp-includes/", r"wp-json")),
    (
        "generic",
        (r"<meta[^>]+generator[^>]+Drupal", r"Drupal\.settings", r"/sites/default/files/", r"data-drupal-"),
    ),
)
_COMPILED = [(name, [re.compile(p, re.IGNORECASE) for p in pats]) for name, pats in _SIGNALS]


def detect_platform(response: Response) -> str:
    """The adapter name that fits the response; ``generic`` when nothing matches."""
    body = response.body
    if looks_like_sitemap(body):
        return "sitemap"
    if looks_like_feed(body):
        return "rss"
    head = body[:200_000].decode("utf-8", errors="replace")
    scores = {name: sum(1 for r in regexes if r.search(head)) for name, regexes in _COMPILED}
    best = max(scores, key=lambda name: scores[name])
    return best if scores[best] > 0 else "generic"
