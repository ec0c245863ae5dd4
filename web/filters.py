"""Turning what a person typed (province, indicator, dates) into query conditions."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import ColumnElement, false, or_
from sqlalchemy.orm import Session

from storage.models import ChangeEvent
from storage.provinces import ProvinceDirectory
from storage.queries import as_of_moment, indicator_keys


def like_escape(text: str) -> str:
    """``text`` for use inside a LIKE pattern with ``escape='\\'``."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def province_ids(session: Session, name: str | None) -> list[int] | None:
    """Units a province filter covers (a current province covers its absorbed units); None: no filter."""
    if not name or not name.strip():
        return None
    return ProvinceDirectory(session).covering_ids(name)


def resolve_indicator(session: Session, text: str | None) -> list[str] | None:
    """Stored indicator keys (``id:...`` / ``name:...``) a typed indicator means; None: no filter."""
    if not text or not text.strip():
        return None
    return indicator_keys(session, text.strip())


def day_start(day: date) -> datetime:
    """The start of ``day`` in Vietnamese time, as UTC."""
    moment = as_of_moment(day)
    assert moment is not None
    return moment - timedelta(days=1)


def day_end(day: date) -> datetime:
    """The end of ``day`` in Vietnamese time, as UTC."""
    moment = as_of_moment(day)
    assert moment is not None
    return moment


def change_indicator_condition(keys: list[str]) -> ColumnElement[bool]:
    """Change events about any of the indicator keys (catalog ids or normalised names)."""
    conditions: list[ColumnElement[bool]] = []
    ids = [k.removeprefix("id:") for k in keys if k.startswith("id:")]
    if ids:
        conditions.append(ChangeEvent.indicator_id.in_(ids))
    for key in (k for k in keys if k.startswith("name:")):
        conditions.append(ChangeEvent.identity_key.like(f"%|{like_escape(key)}|%", escape="\\"))
    return or_(*conditions) if conditions else false()
