"""The one clock. Code asks :func:`now` for the current time; everything is stored in UTC."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

VN_TZ = timezone(timedelta(hours=7), "Asia/Ho_Chi_Minh")


def now() -> datetime:
    """Current time, UTC, timezone-aware."""
    return datetime.now(UTC)


def to_local(moment: datetime) -> datetime:
    """A stored UTC time as Vietnamese local time, for display."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(VN_TZ)


def as_utc(moment: datetime) -> datetime:
    """Naive datetimes (as SQLite returns them) are UTC by convention."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)
