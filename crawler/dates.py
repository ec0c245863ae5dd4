"""Vietnamese date formats seen on provincial portals (PLATFORMS.md section 6), with our own regexes.

Portals print local time (UTC+7) without a zone marker; every parsed moment is returned UTC-aware.
dateparser is deliberately not used: it mis-reads zero-padded month words (``21 tháng 09 năm 2025``).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone

from chitieu.clock import VN_TZ

_SEP = r"[/.\-]"
# 06/07/2023 22:37[:05] [AM|PM], 9/12/2022, 18-03-2019
_NUMERIC = re.compile(
    rf"(?<!\d)(?P<d>\d{{1,2}}){_SEP}(?P<m>\d{{1,2}}){_SEP}(?P<y>\d{{4}})(?!\d)"
    r"(?:\s*(?:\||-|,|lúc)?\s*(?P<H>\d{1,2})[:h](?P<M>\d{2})(?::(?P<S>\d{2}))?\s*(?P<ampm>[AaPp][Mm])?)?"
)
# ngày 06 tháng 4 năm 2015, 21 tháng 09 năm 2025
_WORDS = re.compile(
    r"(?:ngày\s+)?(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})\s*(?:,\s*)?năm\s+(?P<y>\d{4})",
    re.IGNORECASE,
)
# ISO 8601 (meta tags, sitemaps, RSS converted by feed parsers): 2023-07-06T22:37:00+07:00
_ISO = re.compile(
    r"(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})"
    r"(?:[T ](?P<H>\d{2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:\.\d+)?)?(?P<tz>Z|[+-]\d{2}:?\d{2})?)?"
)
_RFC822_MONTHS = {
    m: i + 1
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    )
}
# RSS pubDate: Thu, 06 Jul 2023 22:37:00 +0700
_RFC822 = re.compile(
    r"(?P<d>\d{1,2})\s+(?P<mon>[A-Za-z]{3})[a-z]*\s+(?P<y>\d{4})"
    r"(?:\s+(?P<H>\d{2}):(?P<M>\d{2})(?::(?P<S>\d{2}))?(?:\s*(?P<tz>[+-]\d{4}|GMT|UTC|Z))?)?"
)


def _valid(y: int, m: int, d: int) -> date | None:
    if not 1900 <= y <= 2100:
        return None
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _hour24(hour: int, ampm: str | None) -> int:
    if not ampm:
        return hour
    ampm = ampm.upper()
    if ampm == "PM" and hour < 12:
        return hour + 12
    if ampm == "AM" and hour == 12:
        return 0
    return hour


def _local(day: date, hour: int = 0, minute: int = 0, second: int = 0) -> datetime | None:
    if not (0 <= hour < 24 and 0 <= minute < 60 and 0 <= second < 60):
        return None
    return datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=VN_TZ).astimezone(UTC)


def _parse_iso(text: str) -> datetime | None:
    m = _ISO.search(text)
    if not m:
        return None
    day = _valid(int(m["y"]), int(m["m"]), int(m["d"]))
    if day is None:
        return None
    if m["H"] is None:
        return _local(day)
    if m["tz"]:
        stamp = m.group(0).replace(" ", "T").replace("Z", "+00:00")
        try:
            return datetime.fromisoformat(stamp).astimezone(UTC)
        except ValueError:
            return None
    return _local(day, int(m["H"]), int(m["M"]), int(m["S"] or 0))


def _parse_rfc822(text: str) -> datetime | None:
    m = _RFC822.search(text)
    if not m or m["mon"].lower() not in _RFC822_MONTHS:
        return None
    day = _valid(int(m["y"]), _RFC822_MONTHS[m["mon"].lower()], int(m["d"]))
    if day is None:
        return None
    hour, minute, second = int(m["H"] or 0), int(m["M"] or 0), int(m["S"] or 0)
    tz = m["tz"]
    if tz and tz[0] in "+-":
        sign = 1 if tz[0] == "+" else -1
        offset_min = sign * (int(tz[1:3]) * 60 + int(tz[3:5]))
        naive = datetime(day.year, day.month, day.day, hour, minute, second)
        return naive.replace(tzinfo=timezone(timedelta(minutes=offset_min))).astimezone(UTC)
    if tz in ("GMT", "UTC", "Z"):
        return datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=UTC)
    return _local(day, hour, minute, second)


def parse_datetime(text: str | None) -> datetime | None:
    """The first date (with its time when printed) in ``text``, as a UTC-aware datetime.

    Understands ``Thứ năm - 06/07/2023 22:37``, ``18/03/2019 | 04:01 PM``, ``06/07/2023 22:37:05``,
    ``(06/07/2023)``, ``ngày 06 tháng 4 năm 2015``, ``ngày 9/12/2022``, ISO 8601 and RFC 822.
    Local times are taken as Asia/Ho_Chi_Minh. Returns None when no valid date is found.
    """
    if not text:
        return None
    m = _NUMERIC.search(text)
    if m:
        day = _valid(int(m["y"]), int(m["m"]), int(m["d"]))
        if day is not None:
            if m["H"] is None:
                return _local(day)
            hour = _hour24(int(m["H"]), m["ampm"])
            parsed = _local(day, hour, int(m["M"]), int(m["S"] or 0))
            if parsed is not None:
                return parsed
            return _local(day)
    m = _WORDS.search(text)
    if m:
        day = _valid(int(m["y"]), int(m["m"]), int(m["d"]))
        if day is not None:
            return _local(day)
    return _parse_iso(text) or _parse_rfc822(text)


def parse_date(text: str | None) -> date | None:
    """The first date in ``text`` as a local (Vietnamese) calendar date."""
    moment = parse_datetime(text)
    if moment is None:
        return None
    return moment.astimezone(VN_TZ).date()


def issue_date_in_text(text: str) -> date | None:
    """The issue date of a document as its heading states it: ``..., ngày 06 tháng 4 năm 2015``."""
    m = _WORDS.search(text[:3000])
    if not m:
        return None
    return _valid(int(m["y"]), int(m["m"]), int(m["d"]))
