"""When to ask a portal again for a page we already hold: the revisit policy.

Listings, feeds and sitemaps are read on every crawl (that is how new articles are found). A known article
or attachment is requested again only when it is *due*: its revisit interval is proportional to how long its
content has stayed the same, between a floor and a ceiling. A page that changed yesterday is checked on the
next crawl; a resolution unchanged for a year, once a week. Politeness is the point: a daily crawl of a
provincial portal otherwise asks again for every article it ever kept, and each of those requests waits
its polite turn, so the crawl of a portal with nothing new would take as long as its first crawl.

A known page is also requested at once, whatever its interval, when:

* the portal says it changed: a sitemap ``<lastmod>`` or a feed's ``<updated>``/``<pubDate>`` later than
  what we hold (the stored version's ``Last-Modified``, else the time we fetched it);
* its last fetch failed (the stored version carries an error);
* the crawl asks for every page (``CHITIEU_REVISIT = "all"``, ``chitieu crawl --revisit all``).

Listings are read on every crawl, but not all of their pages: a listing's pagination stops at the first
page that shows nothing to fetch (no new article, no known one due), since portals list the newest first.
Once per ceiling (``sources.listings_walked_at``) a crawl walks every listing page, so that a known
article linked only from deep pages is still reached when it is due, and a listing ordered otherwise
(oldest first) gives up its new entries within that time.

The interval follows the usual adaptive-revisit rule of web crawlers (a page's change rate estimated from
the time it has gone unchanged): ``factor * (last check - last change)``, clamped to
[``CHITIEU_REVISIT_MIN_HOURS``, ``CHITIEU_REVISIT_MAX_DAYS``]. The time a page has gone unchanged starts at
its publication date when it has only ever had one version (an article from 2019 first seen today is not
new), else at the fetch of its latest version.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime

from chitieu.clock import as_utc

MODES = ("due", "all")


@dataclass(frozen=True, slots=True)
class KnownPage:
    """What storage holds about a URL's latest version, as far as revisiting goes."""

    changed_at: datetime  # fetch time of the latest version (the last change we saw)
    checked_at: datetime  # the last time we asked for it (a 304 or the same bytes count)
    first_version: bool  # only one version ever: unchanged since publication, as far as we know
    published_at: datetime | None = None
    last_modified: str | None = None  # the latest version's Last-Modified header, as the portal sent it
    failed: bool = False  # the latest version was stored with an error


@dataclass(frozen=True, slots=True)
class RevisitPolicy:
    mode: str = "due"
    min_interval: timedelta = timedelta(hours=12)
    max_interval: timedelta = timedelta(days=7)
    factor: float = 0.5

    def __post_init__(self) -> None:
        if self.mode not in MODES:
            raise ValueError(f"revisit mode must be one of {', '.join(MODES)}, not {self.mode!r}")
        if self.min_interval > self.max_interval:
            raise ValueError("the revisit floor is above its ceiling")
        if self.factor <= 0:
            raise ValueError("the revisit factor must be positive")

    @classmethod
    def from_settings(cls, settings: object) -> RevisitPolicy:
        """From Scrapy settings (``CHITIEU_REVISIT``, ``..._MIN_HOURS``, ``..._MAX_DAYS``, ``..._FACTOR``)."""
        get = settings.get  # type: ignore[attr-defined]
        return cls(
            mode=str(get("CHITIEU_REVISIT", "due")),
            min_interval=timedelta(hours=float(get("CHITIEU_REVISIT_MIN_HOURS", 12))),
            max_interval=timedelta(days=float(get("CHITIEU_REVISIT_MAX_DAYS", 7))),
            factor=float(get("CHITIEU_REVISIT_FACTOR", 0.5)),
        )

    def interval(self, page: KnownPage) -> timedelta:
        """How long after its last check a page is asked for again."""
        stable_since = page.changed_at
        if page.first_version and page.published_at is not None:
            stable_since = min(stable_since, as_utc(page.published_at))
        unchanged_for = max(page.checked_at - stable_since, timedelta(0))
        return min(max(unchanged_for * self.factor, self.min_interval), self.max_interval)

    def is_due(self, page: KnownPage | None, now: datetime, modified_hint: datetime | None = None) -> bool:
        """Whether to request the page in a crawl running at ``now``.

        A crawl that starts a little before the page's time still takes it (a tenth of the interval, at most
        two hours of slack), so a daily crawl does not skip, by minutes, a page due once a day.
        """
        if page is None or page.failed or self.mode == "all":
            return True
        if modified_hint is not None and changed_after(modified_hint, page):
            return True
        interval = self.interval(page)
        slack = min(interval / 10, timedelta(hours=2))
        return now + slack >= page.checked_at + interval

    def walk_due(self, walked_at: datetime, now: datetime) -> bool:
        """Whether a source last walked in full at ``walked_at`` is to be walked in full again: once per
        revisit ceiling, so that a known article linked only from deep listing pages is reached when due."""
        return now + timedelta(hours=2) >= as_utc(walked_at) + self.max_interval


def changed_after(modified: datetime, page: KnownPage) -> bool:
    """Whether a portal's "modified at" time is later than the version we hold.

    Compared with the version's own ``Last-Modified`` when the portal sent one (the portal's clock on both
    sides), else with the time we fetched it.
    """
    reference = parse_http_date(page.last_modified) or page.changed_at
    return as_utc(modified) > reference


def parse_http_date(value: str | None) -> datetime | None:
    """An HTTP date (``Wed, 11 Dec 2019 09:00:00 GMT``), UTC; None when absent or unreadable."""
    if not value:
        return None
    try:
        return as_utc(parsedate_to_datetime(value))
    except (TypeError, ValueError, IndexError):
        return None


def parse_hint_date(value: str | None) -> datetime | None:
    """A sitemap ``<lastmod>`` (W3C datetime: ``2019-12-16``, ``2019-12-16T10:00:00+07:00``) or a feed
    date (Atom's ISO 8601, RSS's RFC 822), UTC; None when absent or unreadable (a hint, never an error)."""
    text = (value or "").strip()
    if not text:
        return None
    try:
        return as_utc(datetime.fromisoformat(text.replace("Z", "+00:00")))
    except ValueError:
        return parse_http_date(text)
