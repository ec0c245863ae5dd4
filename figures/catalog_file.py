"""The indicator catalog's data files: reading, validating and merging them into :class:`Indicator` entries.

The bundled file is ``figures/data/indicators.yaml`` (its header documents the format); archivists add
files through ``CHITIEU_CATALOG``. An extension file may add indicators or aliases to existing ones, never
change what an existing indicator is. Every error names the file and the indicator.
"""

from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from figures.catalog_text import normalise
from figures.text import fold

log = logging.getLogger(__name__)

BUNDLED_PATH = Path(__file__).with_name("data") / "indicators.yaml"
ENV_VAR = "CHITIEU_CATALOG"
CATEGORIES = ("kinh tế", "văn hóa - xã hội", "môi trường", "xây dựng Đảng", "quốc phòng - an ninh")
UNITS = frozenset(
    "percent per_mille vnd usd tonne ha person household commune district school enterprise cooperative "
    "doctor_per_10k bed_per_10k pharmacist_per_10k nurse_per_10k child_per_woman visit product criterion "
    "party_member head km m2 point rank year day tonne_per_ha".split()
)
_ALIAS_KEYS = ("aliases", "weak_aliases", "sub_aliases")
_KEYS = frozenset({"id", "name_vi", "name_en", "category", "unit", "parent", *_ALIAS_KEYS})
_ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True, slots=True)
class Indicator:
    """A canonical indicator. ``aliases`` are as written in the data file (with accents)."""

    id: str
    name_vi: str
    name_en: str
    category: str | None
    unit: str | None
    parent: str | None
    aliases: tuple[str, ...]
    weak_aliases: tuple[str, ...] = ()
    sub_aliases: tuple[str, ...] = ()


def _read_entries(path: Path) -> list[Any]:
    try:
        # The C-accelerated safe loader when libyaml is there: same safety as yaml.safe_load, 10x faster.
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_SAFE_LOADER)
    except OSError as exc:
        raise ValueError(f"{path}: cannot read indicator catalog: {exc}") from exc
    except yaml.YAMLError as exc:
        raise ValueError(f"{path}: not valid YAML: {exc}") from exc
    if isinstance(data, dict):
        if "indicators" not in data:
            raise ValueError(f"{path}: expected a top-level 'indicators:' list")
        data = data["indicators"]
    if data is None:
        return []
    if not isinstance(data, list):
        raise ValueError(f"{path}: 'indicators' must be a list of entries")
    return data


def _alias_list(path: Path, ident: str, key: str, value: Any) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(a, str | int | float) for a in value):
        raise ValueError(f"{path}: indicator {ident!r}: {key!r} must be a list of strings")
    out = [str(a) for a in value]
    if empty := [a for a in out if not normalise(a)]:
        raise ValueError(f"{path}: indicator {ident!r}: empty alias in {key!r}: {empty[0]!r}")
    return out


def _category(path: Path, ident: str, value: Any) -> str | None:
    if value is None:
        return None
    by_fold = {fold(c): c for c in CATEGORIES}
    if not isinstance(value, str) or fold(value) not in by_fold:
        raise ValueError(
            f"{path}: indicator {ident!r}: unknown category {value!r} (expected one of {', '.join(CATEGORIES)})"
        )
    return by_fold[fold(value)]


def _new_entry(path: Path, ident: str, entry: dict[str, Any]) -> dict[str, Any]:
    name_vi = entry.get("name_vi")
    if not isinstance(name_vi, str) or not name_vi.strip():
        raise ValueError(f"{path}: indicator {ident!r}: 'name_vi' is required")
    unit = entry.get("unit")
    if unit is not None and unit not in UNITS:
        log.warning("%s: indicator %r: unit %r is not a known unit type", path, ident, unit)
    parent = entry.get("parent")
    if parent is not None and not isinstance(parent, str):
        raise ValueError(f"{path}: indicator {ident!r}: 'parent' must be an id")
    draft: dict[str, Any] = {
        "id": ident,
        "name_vi": name_vi.strip(),
        "name_en": str(entry.get("name_en") or ""),
        "category": _category(path, ident, entry.get("category")),
        "unit": unit,
        "parent": parent,
        "source": path,
    }
    for key in _ALIAS_KEYS:
        draft[key] = _alias_list(path, ident, key, entry.get(key))
    if not draft["aliases"]:
        raise ValueError(f"{path}: indicator {ident!r}: 'aliases' must be a non-empty list")
    return draft


def _merge_file(path: Path, drafts: dict[str, dict[str, Any]]) -> None:
    """Add the entries of one file to ``drafts``; an existing id (from an earlier file) only gains aliases."""
    seen_here: set[str] = set()
    for number, entry in enumerate(_read_entries(path), 1):
        if not isinstance(entry, dict):
            raise ValueError(f"{path}: entry #{number} is not a mapping")
        ident = entry.get("id")
        if not isinstance(ident, str) or not _ID_RE.match(ident):
            raise ValueError(f"{path}: entry #{number}: 'id' must be a snake_case identifier, got {ident!r}")
        if unknown := sorted(set(entry) - _KEYS):
            raise ValueError(f"{path}: indicator {ident!r}: unknown key(s) {', '.join(unknown)}")
        if ident in seen_here:
            raise ValueError(f"{path}: duplicate indicator id {ident!r}")
        seen_here.add(ident)
        if ident not in drafts:
            drafts[ident] = _new_entry(path, ident, entry)
            continue
        if changed := sorted(set(entry) - {"id", *_ALIAS_KEYS}):
            raise ValueError(
                f"{path}: indicator {ident!r} is already defined in {drafts[ident]['source']}; an extension "
                f"may only add aliases, not set {', '.join(changed)}"
            )
        for key in _ALIAS_KEYS:
            drafts[ident][key] += _alias_list(path, ident, key, entry.get(key))


def _check_parents(drafts: dict[str, dict[str, Any]]) -> None:
    for ident, draft in drafts.items():
        parent = draft["parent"]
        if parent is not None and parent not in drafts:
            raise ValueError(f"{draft['source']}: indicator {ident!r}: parent {parent!r} is not a known id")
        lineage = [ident]
        while parent is not None:
            if parent in lineage:
                cycle = " -> ".join([*lineage, parent])
                raise ValueError(f"{draft['source']}: indicator {ident!r}: parent cycle {cycle}")
            lineage.append(parent)
            parent = drafts[parent]["parent"]


def _freeze(draft: dict[str, Any]) -> Indicator:
    unique = {key: tuple(dict.fromkeys(draft[key])) for key in _ALIAS_KEYS}
    fields = {k: v for k, v in draft.items() if k not in _ALIAS_KEYS and k != "source"}
    return Indicator(**fields, **unique)


def env_paths() -> list[Path]:
    """The extension files named in ``CHITIEU_CATALOG`` (``os.pathsep``-separated)."""
    return [Path(p) for p in os.environ.get(ENV_VAR, "").split(os.pathsep) if p.strip()]


def load_indicators(paths: list[Path]) -> list[Indicator]:
    """The indicators of ``paths`` merged in order (later files extend earlier ones), parents checked."""
    drafts: dict[str, dict[str, Any]] = {}
    for path in paths:
        _merge_file(path, drafts)
    _check_parents(drafts)
    return [_freeze(d) for d in drafts.values()]
