"""Source schedules: crontab lines (Vietnam time, weekday 0 = Sunday) or ``every N[smhd]``, with jitter.

:func:`due_slot` answers "is this source due now, and for which due time?" for ``chitieu run --once``
and for a service catching up after downtime.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from chitieu.clock import as_utc
from chitieu.errors import InputError

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
_INTERVAL = re.compile(r"^(?:every\s+)?(\d+(?:\.\d+)?)\s*([smhd])$", re.IGNORECASE)
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_CRON_DAYS = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")


def parse_schedule(text: str, jitter: float | None = None) -> CronTrigger | IntervalTrigger:
    """``"30 5 * * *"`` (crontab, weekday 0 = Sunday, Vietnam time) or ``"every 6h"`` / ``"90s"``."""
    spec = text.strip()
    found = _INTERVAL.match(spec)
    if found:
        seconds = float(found.group(1)) * _UNIT_SECONDS[found.group(2).lower()]
        if seconds <= 0:
            raise InputError(f"schedule {text!r}: interval must be positive")
        auto = min(seconds * 0.1, 600)
        return IntervalTrigger(seconds=seconds, timezone=TZ, jitter=_jitter(jitter, auto))
    fields = spec.split()
    if len(fields) != 5:
        raise InputError(f"schedule {text!r}: expected a crontab line (5 fields) or 'every N[smhd]'")
    minute, hour, day, month, weekday = fields
    weekday = re.sub(r"\d+", lambda m: _CRON_DAYS[int(m.group()) % 7], weekday)
    try:
        return CronTrigger(
            minute=minute,
            hour=hour,
            day=day,
            month=month,
            day_of_week=weekday,
            timezone=TZ,
            jitter=_jitter(jitter, 600),
        )
    except ValueError as exc:
        raise InputError(f"schedule {text!r}: {exc}") from exc


def _jitter(requested: float | None, auto: float) -> int | None:
    value = auto if requested is None else requested
    return int(value) if value and value >= 1 else None


def _without_jitter(trigger: CronTrigger | IntervalTrigger) -> CronTrigger | IntervalTrigger:
    state = trigger.__getstate__()
    state["jitter"] = None
    clone = trigger.__class__.__new__(trigger.__class__)
    clone.__setstate__(state)
    return clone


def due_slot(
    trigger: CronTrigger | IntervalTrigger, completed: datetime | None, at: datetime
) -> datetime | None:
    """The due time a --once pass should crawl at ``at``, or None when the source is not due."""
    if isinstance(trigger, IntervalTrigger):
        interval = trigger.interval
        if completed is None or as_utc(completed) + interval <= at:
            return at.replace(microsecond=0)
        return None
    plain = _without_jitter(trigger)
    previous = _previous_fire(plain, at)
    if previous is None:
        return None
    if completed is None or as_utc(completed) < previous:
        return previous
    return None


def _previous_fire(trigger: CronTrigger | IntervalTrigger, at: datetime) -> datetime | None:
    for days in (1, 8, 32, 367):
        moment = trigger.get_next_fire_time(None, at - timedelta(days=days))
        previous = None
        while moment is not None and moment <= at:
            previous = moment
            moment = trigger.get_next_fire_time(moment, moment + timedelta(seconds=1))
        if previous is not None:
            return as_utc(previous)
    return None
