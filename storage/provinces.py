"""Province reference data and name lookups that understand the 2025 merger.

Lookups fold accents and case and drop the ``tỉnh`` / ``thành phố`` / ``TP.`` prefix, and match the current
name, former names (Thừa Thiên Huế) and aliases. A query for a current province covers the units merged
into it (Tuyên Quang covers Hà Giang); a query for an absorbed unit covers that unit only.
"""

from __future__ import annotations

import logging
import re
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import Select, bindparam, or_, select
from sqlalchemy.orm import Session

from figures.text import fold
from storage.models import Province

log = logging.getLogger(__name__)
PROVINCES_YAML = Path(__file__).parent / "data" / "provinces.yaml"
_PREFIX = re.compile(r"^(tinh|thanh pho|tp)\s+")
_NON_WORD = re.compile(r"[^0-9a-z]+")


def fold_province(name: str) -> str:
    """``"Tỉnh Cao Bằng"`` -> ``"cao bang"``; ``"TP. Hồ Chí Minh"`` -> ``"ho chi minh"``."""
    folded = _NON_WORD.sub(" ", fold(name)).strip()
    return _PREFIX.sub("", folded).strip()


@lru_cache(maxsize=1)
def load_reference() -> dict[str, Any]:
    return yaml.safe_load(PROVINCES_YAML.read_text(encoding="utf-8"))


def _merger_date(reference: dict[str, Any]) -> date:
    value = reference["merger_effective"]
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def sync_provinces(session: Session) -> None:
    """Insert or update the 34 current units and the absorbed pre-2025 units (idempotent)."""
    reference = load_reference()
    existing = {p.name: p for p in session.scalars(select(Province))}
    for unit in reference["units"]:
        row = existing.get(unit["name"]) or Province(name=unit["name"])
        row.name_folded, row.type, row.is_current = fold_province(unit["name"]), unit["type"], True
        row.merged_into, row.merged_on = None, None
        existing[unit["name"]] = row
        session.add(row)
    merged_on = _merger_date(reference)
    for old in reference["old_units"]:
        row = existing.get(old["name"]) or Province(name=old["name"], name_folded=fold_province(old["name"]))
        if old["merged_into"] != old["name"]:
            row.is_current, row.merged_into, row.merged_on = False, existing[old["merged_into"]], merged_on
        row.former_names = list(old.get("former_names", []))
        row.aliases = list(old.get("aliases", []))
        row.domains = dict(old.get("domains", {}))
        existing[old["name"]] = row
        session.add(row)
    session.flush()


@lru_cache(maxsize=1)
def reference_names() -> dict[str, str]:
    """Folded name, former name or alias -> the name of the row it designates (from the shipped YAML)."""
    reference = load_reference()
    names: dict[str, str] = {}
    for old in reference["old_units"]:
        for alias in (*old.get("former_names", []), *old.get("aliases", []), old["name"]):
            names[fold_province(alias)] = old["name"]
    for unit in reference["units"]:
        names[fold_province(unit["name"])] = unit["name"]
    return names


def designation(name: str) -> tuple[str, str]:
    """How a query for ``name`` finds its row: ``("name", reference name)`` or ``("name_folded", folded)``.

    Names of the shipped reference (current, former names, aliases) resolve through
    :func:`reference_names`; any other name (a unit recorded as unknown) by its folded name.
    """
    folded = fold_province(name)
    canonical = reference_names().get(folded)
    return ("name", canonical) if canonical else ("name_folded", folded)


@lru_cache(maxsize=2)
def covering_select_by(column: str) -> Select[tuple[int]]:
    """The ids a query covers, as a SELECT (to embed in another query: no round trip), on ``column``.

    The name is the bound parameter ``province``, its value the second part of :func:`designation`:
    one statement per column, built once, so that SQLAlchemy computes its cache key once, not per query.
    """
    target = getattr(Province, column) == bindparam("province")
    unit_ids = select(Province.id).where(target).scalar_subquery()
    return select(Province.id).where(or_(Province.id == unit_ids, Province.merged_into_id == unit_ids))


def covering_ids(session: Session, name: str) -> list[int]:
    """Ids a query for ``name`` covers (the unit plus every unit merged into it), in one indexed query."""
    column, value = designation(name)
    return sorted(session.scalars(covering_select_by(column), {"province": value}))


def lookup_province(session: Session, name: str | None) -> Province | None:
    """The row ``name`` designates (current, former or alias name), in one indexed query.

    What :meth:`ProvinceDirectory.find` answers, without reading the whole table (see :func:`designation`).
    ``None`` when the name is unknown or the table has not been filled yet.
    """
    if not name or not name.strip():
        return None
    column, value = designation(name)
    query = select(Province).where(getattr(Province, column) == value).order_by(Province.id)
    return session.scalars(query).first()


def province_for(session: Session, name: str | None) -> Province | None:
    """:meth:`ProvinceDirectory.get_or_create` with the cheap lookup first (ingest calls this per document)."""
    found = lookup_province(session, name)
    if found is not None or not name or not name.strip():
        return found
    return ProvinceDirectory(session).get_or_create(name)


class ProvinceDirectory:
    """In-memory index of the (small) provinces table for one session."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._by_name: dict[str, Province] = {}
        self._reload()

    def _reload(self) -> None:
        rows = list(self.session.scalars(select(Province)))
        if not rows:
            sync_provinces(self.session)
            rows = list(self.session.scalars(select(Province)))
        self._by_name = {}
        for row in rows:
            for name in (*row.former_names, *row.aliases, row.name):
                self._by_name[fold_province(name)] = row

    def find(self, name: str | None) -> Province | None:
        if not name or not name.strip():
            return None
        return self._by_name.get(fold_province(name))

    def get_or_create(self, name: str | None) -> Province | None:
        """The province called ``name`` (old or new name); an unknown name gets its own row (warned)."""
        found = self.find(name)
        if found is not None or not name or not name.strip():
            return found
        log.warning("unknown province %r: recorded as a new, unmerged unit", name)
        row = Province(name=name.strip(), name_folded=fold_province(name), is_current=False)
        self.session.add(row)
        self.session.flush()
        self._by_name[row.name_folded] = row
        return row

    def covering_ids(self, name: str) -> list[int]:
        """Ids a query for ``name`` covers: the unit itself plus every unit merged into it."""
        return covering_ids(self.session, name)


def display_name(province: Province | None) -> str | None:
    """``"Hà Giang (nay Tuyên Quang)"`` for an absorbed unit, the plain name otherwise."""
    if province is None:
        return None
    if province.merged_into is not None:
        return f"{province.name} (nay {province.merged_into.name})"
    return province.name
