"""Drupal-style sites and anything else: selectors come from the registry entry (``selectors:``).

Keys: ``article_links``, ``next_page``, ``section_links``, ``title``, ``date``, ``lead``, ``body``,
``attachments``, ``issuer``, ``article_markers`` (CSS; several separated by ``||``). Defaults fit Drupal
(``/node/N`` paths, views rows, ``pager__item--next``) and fall back to trafilatura for the main text.
"""

from __future__ import annotations

from crawler.adapters.base import Adapter
from crawler.sources import Source

_KEYS = (
    "article_links",
    "next_page",
    "section_links",
    "title",
    "date",
    "lead",
    "body",
    "attachments",
    "issuer",
    "article_markers",
    "chrome",
)


class GenericAdapter(Adapter):
    name = "generic"
    article_url = (r"/node/\d+/?$", r"/[^/]+-\d{3,}\.(html?|aspx)$", r"/(tin-tuc|van-ban|news)/[^/]+\.html?$")
    listing_url = (r"[?&]page=\d+", r"/page/\d+/?$", r"/taxonomy/term/\d+")
    article_markers = ("article.node--type-article", "div.node-article", "body.page-node-type-article")
    article_links = (".views-row .views-field-title a", "h2.node__title a", ".view-content .views-row h3 a")
    next_page = ("li.pager__item--next a", "li.pager-next a", "ul.pagination a", ".paging a")
    title = ("h1.page-title", "h1.node__title", "h1")
    date = (".node__submitted", ".field--name-created", "time[datetime]", ".submitted", ".date")
    body = (".field--name-body", ".node__content .field-name-body", "div.field-name-body")

    def __init__(self, source: Source) -> None:
        overrides = {
            k: tuple(s.strip() for s in v.split("||") if s.strip()) for k, v in source.selectors.items()
        }
        unknown = set(overrides) - set(_KEYS) - {"article_url", "listing_url"}
        if unknown:
            from chitieu.errors import InputError

            raise InputError(f"source {source.key!r}: unknown selector keys {sorted(unknown)}")
        for key, value in overrides.items():
            setattr(self, key, value)  # instance attribute shadows the class default
        super().__init__(source)
