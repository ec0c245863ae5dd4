"""Subscriptions: who is told about which changes, through which apprise URL, and when.

A subscription filters by province (old or current name: a subscriber to Tuyên Quang also hears about
the former Hà Giang), by indicator (catalog id such as ``grdp_growth``, or a name, accent-insensitive)
and by kind (change kinds, plus ``health`` for source-health alerts). Empty filters match everything.
Subscriptions usually come from a YAML file outside the repository (secrets stay in the environment:
``url: mailtos://bot:${SMTP_PASSWORD}@mail.example.org``); :func:`sync_subscriptions` loads it.
"""

from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from chitieu.clock import VN_TZ, as_utc
from chitieu.errors import InputError
from figures.text import fold
from storage.models import CHANGE_KINDS, Province
from storage.models.monitoring import HEALTH_KINDS, Subscription
from storage.provinces import fold_province

log = logging.getLogger(__name__)
MODES = ("immediate", "digest")
LANGUAGES = ("vi", "en")
KINDS = (*CHANGE_KINDS, "health")
_ENV_REF = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")
_HHMM = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")
_FIELDS = {"name", "url", "mode", "digest_at", "language", "provinces", "indicators", "kinds", "active"}


@dataclass(frozen=True, slots=True)
class Subject:
    """What an alert is about, as far as filtering goes."""

    kind: str  # a change kind or a health kind
    province_names: frozenset[str]  # folded names: the unit, its former names, what it was merged into
    indicator_id: str | None = None
    indicator: str | None = None


def province_names(province: Province | None) -> frozenset[str]:
    """Every folded name a subscriber might use for ``province``."""
    if province is None:
        return frozenset()
    names = {province.name, *province.former_names, *province.aliases}
    if province.merged_into is not None:
        names.add(province.merged_into.name)
    return frozenset(fold_province(n) for n in names if n)


def _indicator_matches(wanted: list[str], subject: Subject) -> bool:
    if not wanted:
        return True
    folded_name = fold(subject.indicator or "")
    for entry in wanted:
        if subject.indicator_id and entry == subject.indicator_id:
            return True
        folded = fold(entry)
        if folded and folded_name and folded in folded_name:
            return True
        if subject.indicator_id and _catalog_id(entry) == subject.indicator_id:
            return True
    return False


def _catalog_id(name: str) -> str | None:
    try:
        from figures.catalog import default_catalog

        found = default_catalog().match(name)
    except Exception:  # a broken catalog must not stop alerts: fall back to name matching
        return None
    return found.id if found is not None else None


def matches(subscription: Subscription, subject: Subject) -> bool:
    """True when ``subject`` passes every filter of ``subscription``."""
    if not subscription.active:
        return False
    kinds = set(subscription.kinds or [])
    is_health = subject.kind in HEALTH_KINDS
    if kinds and not (subject.kind in kinds or (is_health and "health" in kinds)):
        return False
    if subscription.provinces:
        wanted = {fold_province(p) for p in subscription.provinces}
        if not wanted & subject.province_names:
            return False
    if is_health:
        return True
    return _indicator_matches(list(subscription.indicators or []), subject)


def active_subscriptions(session: Session) -> list[Subscription]:
    return list(session.scalars(select(Subscription).where(Subscription.active).order_by(Subscription.id)))


def next_digest_time(subscription: Subscription, after: datetime) -> datetime:
    """The next ``digest_at`` local time strictly after ``after``, in UTC."""
    hour, minute = _parse_hhmm(subscription.digest_at or "07:00")
    local = as_utc(after).astimezone(VN_TZ)
    candidate = datetime.combine(local.date(), time(hour, minute), tzinfo=VN_TZ)
    if candidate <= local:
        candidate += timedelta(days=1)
    return as_utc(candidate)


def _parse_hhmm(value: str) -> tuple[int, int]:
    found = _HHMM.match(value.strip())
    if found is None:
        raise InputError(f"digest_at must be HH:MM, got {value!r}")
    return int(found.group(1)), int(found.group(2))


def expand_url(url: str) -> str:
    """``${NAME}`` references replaced from the environment (a missing variable is an error)."""

    def lookup(found: re.Match[str]) -> str:
        name = found.group(1)
        if name not in os.environ:
            raise InputError(f"environment variable {name} (used in a subscription URL) is not set")
        return os.environ[name]

    return _ENV_REF.sub(lookup, url)


def validate(entry: dict[str, Any]) -> dict[str, Any]:
    """One subscription entry, checked and with defaults filled in."""
    unknown = set(entry) - _FIELDS
    name = entry.get("name")
    if unknown:
        raise InputError(f"subscription {name!r}: unknown keys {sorted(unknown)}")
    if not name or not entry.get("url"):
        raise InputError(f"subscription {name!r}: name and url are required")
    data = {
        "name": str(name),
        "url": str(entry["url"]),
        "mode": str(entry.get("mode", "immediate")),
        "digest_at": str(entry.get("digest_at", "07:00")),
        "language": str(entry.get("language", "vi")),
        "provinces": [str(p) for p in entry.get("provinces") or []],
        "indicators": [str(i) for i in entry.get("indicators") or []],
        "kinds": [str(k) for k in entry.get("kinds") or []],
        "active": bool(entry.get("active", True)),
    }
    if data["mode"] not in MODES:
        raise InputError(f"subscription {name!r}: mode must be one of {MODES}")
    if data["language"] not in LANGUAGES:
        raise InputError(f"subscription {name!r}: language must be one of {LANGUAGES}")
    bad_kinds = set(data["kinds"]) - set(KINDS) - set(HEALTH_KINDS)
    if bad_kinds:
        raise InputError(f"subscription {name!r}: unknown kinds {sorted(bad_kinds)}")
    _parse_hhmm(data["digest_at"])
    return data


def upsert_subscription(session: Session, **fields: Any) -> Subscription:
    """Create or update the subscription called ``fields['name']``. Flushes; the caller commits."""
    data = validate(fields)
    row = session.scalar(select(Subscription).where(Subscription.name == data["name"]))
    row = row or Subscription(name=data["name"])
    for key, value in data.items():
        setattr(row, key, value)
    session.add(row)
    session.flush()
    return row


def load_file(path: Path) -> list[dict[str, Any]]:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise InputError(f"{path}: cannot read subscriptions: {exc}") from exc
    entries = raw.get("subscriptions", []) if isinstance(raw, dict) else raw
    if not isinstance(entries, list):
        raise InputError(f"{path}: expected a list under 'subscriptions'")
    return [validate(e) for e in entries]


def sync_subscriptions(session: Session, entries: list[dict[str, Any]]) -> list[Subscription]:
    """Make the table match ``entries``: upsert each, deactivate (never delete) the ones not listed.

    Deactivated rows keep their outbox history; their pending alerts stay in the outbox, unsent.
    """
    rows = [upsert_subscription(session, **entry) for entry in entries]
    listed = {row.name for row in rows}
    for row in session.scalars(select(Subscription)):
        if row.name not in listed and row.active:
            log.info("subscription %s is no longer configured: deactivated", row.name)
            row.active = False
    session.flush()
    return rows
