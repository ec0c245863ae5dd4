"""Indicator catalog: canonical ids for the indicators named in Vietnamese target lists.

The data lives in ``figures/data/indicators.yaml`` (its header documents the format; read by
``figures.catalog_file``); archivists add files through the ``CHITIEU_CATALOG`` environment variable. :meth:`Catalog.match` is on the parser's hot path
(called for every figure), so it first looks for a known alias inside the text with one precompiled regex
(a trie of all aliases, so the longest alias at each word wins: ``figures.catalog_text``) and only then tries a typo-tolerant
comparison; both are memoised. The fuzzy step is deliberately conservative: no id beats a wrong id.
"""

from __future__ import annotations

import functools
import logging
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from figures.catalog_file import (
    BUNDLED_PATH,
    CATEGORIES,
    ENV_VAR,
    UNITS,
    Indicator,
    env_paths,
    load_indicators,
)
from figures.catalog_text import best_hit, compile_aliases, normalise, unit_kind

__all__ = [
    "BUNDLED_PATH",
    "CATEGORIES",
    "ENV_VAR",
    "UNITS",
    "Catalog",
    "Indicator",
    "Match",
    "default_catalog",
    "normalise",
    "unit_kind",
]

log = logging.getLogger(__name__)

FUZZY_CUTOFF = 86.0
_AliasTable = dict[str, tuple[str, ...]]  # normalised alias -> ids, in catalog order
_Pattern = re.Pattern[str] | None


_NEGATED_RE = re.compile(r"\b(?:khong|chua) hoan thanh nhiem vu\b")


@dataclass(frozen=True, slots=True)
class Match:
    """``score`` is 0..100: 100 when the text is an alias, 95-100 when it contains one, lower when weak or fuzzy."""

    indicator: Indicator
    score: float
    alias: str  # the normalised (folded) alias or key that matched

    @property
    def id(self) -> str:
        return self.indicator.id


# ───────────────────────────── the catalog ─────────────────────────────

# Words that carry no identity: a fuzzy candidate may lack them, and text may hold extra ones.
_GENERIC = frozenset(
    "ti le so tong cua tren dia ban tinh toan duoc co dat muc voi do theo ve la 1 nam hang tai o cho "
    "dau phan ke hoach".split()
)
# Alias words a fuzzy match may do without. Not "có", "đạt"/"đất", "ở": in "hộ ... có đất ở" they are the identity.
_SKIPPABLE = _GENERIC - {"co", "dat", "o"}


class Catalog:
    """The indicators, with alias matching (:meth:`match`) and lookup for people (:meth:`search`)."""

    def __init__(self, indicators: Iterable[Indicator]) -> None:
        self._by_id: dict[str, Indicator] = {ind.id: ind for ind in indicators}
        self._families = frozenset(ind.parent for ind in self._by_id.values() if ind.parent)
        self._order = {ident: n for n, ident in enumerate(self._by_id)}
        self._strong = self._alias_table(lambda ind: ind.aliases)
        self._weak = self._alias_table(lambda ind: ind.weak_aliases)
        self._strong_re = compile_aliases(self._strong)
        self._weak_re = compile_aliases(self._weak)
        self._sub_cache: dict[str, tuple[_AliasTable, _Pattern]] = {}
        self._fuzzy_keys = list(self._strong)
        self._fuzzy_index = {key: n for n, key in enumerate(self._fuzzy_keys)}
        self._fuzzy_content = [frozenset(k.split()) - _GENERIC for k in self._fuzzy_keys]
        self._fuzzy_words = [tuple(t for t in k.split() if t not in _SKIPPABLE) for k in self._fuzzy_keys]
        self._fuzzy_sizes = [len(c) for c in self._fuzzy_content]
        self._rival_words: dict[int, frozenset[str]] = {}
        self._extension_cache: dict[str, tuple[frozenset[str], tuple[frozenset[str], ...]]] = {}
        self._vocabulary = _GENERIC | {tok for key in self._fuzzy_keys for tok in key.split()}
        self._token_index: dict[str, set[int]] = {}
        self._words_of: dict[str, set[str]] = {ident: set() for ident in self._by_id}
        for n, content in enumerate(self._fuzzy_content):
            for tok in content:
                self._token_index.setdefault(tok, set()).add(n)
            for ident in self._strong[self._fuzzy_keys[n]]:
                self._words_of[ident] |= content
        self._search_keys, self._search_ids = self._search_table()
        self._match_raw = functools.lru_cache(maxsize=65536)(self._match_raw_uncached)
        self._match_norm = functools.lru_cache(maxsize=65536)(self._match_normalised)

    @classmethod
    def load(cls, *paths: Path | str, env: bool = True) -> Catalog:
        """Read ``paths`` (the bundled file when none) then, if ``env``, the files named in ``CHITIEU_CATALOG``."""
        files = [Path(p) for p in paths] or [BUNDLED_PATH]
        if env:
            files += env_paths()
        catalog = cls(load_indicators(files))
        log.debug("indicator catalog: %d indicators from %s", len(catalog), ", ".join(map(str, files)))
        return catalog

    def __len__(self) -> int:
        return len(self._by_id)

    def __iter__(self) -> Iterator[Indicator]:
        return iter(self._by_id.values())

    def __contains__(self, ident: object) -> bool:
        return ident in self._by_id

    def get(self, ident: str) -> Indicator | None:
        return self._by_id.get(ident)

    def children(self, ident: str) -> list[Indicator]:
        return [ind for ind in self._by_id.values() if ind.parent == ident]

    def is_family(self, ident: str) -> bool:
        """Whether the indicator has members (GRDP growth: by sector; schools: by level)."""
        return ident in self._families

    # ── matching ──

    def match(
        self, indicator_text: str, *, unit: str | None = None, parent: str | None = None
    ) -> Match | None:
        """The indicator named by ``indicator_text`` (a figure's indicator as written), or None.

        ``unit`` (as written: ``"%"``, ``"tỷ đồng"``, ``"hộ"``) only chooses between indicators that match
        equally well. ``parent`` is the id of the figure this one breaks down (after ``trong đó``): it
        enables the parent's children's short names ("dịch vụ" under GRDP growth).
        """
        return self._match_raw(indicator_text, unit, parent)

    def _match_raw_uncached(self, text: str, unit: str | None, parent: str | None) -> Match | None:
        if not isinstance(text, str):
            return None
        norm = normalise(text)
        hit = self._match_norm(norm, unit_kind(unit), parent)
        if hit is not None and (neg := _NEGATED_RE.search(norm)) and neg.group() not in normalise(hit.alias):
            return (
                None  # "1,3% tổ chức cơ sở đảng không hoàn thành nhiệm vụ" is not the share that completes it
            )
        return hit

    def _match_normalised(self, text: str, kind: str | None, parent: str | None) -> Match | None:
        if not text:
            return None
        if parent in self._by_id:
            table, pattern = self._children_aliases(parent)
            if hit := self._contained(text, table, pattern, kind, floor=95.0):
                return hit
        hit = self._contained(text, self._strong, self._strong_re, kind, 95.0)
        tokens = text.split()
        if hit is not None and self._half_named(hit, tokens):
            hit = None
        if hit is not None and not self._worth_fuzzy(hit, tokens):
            return hit
        # A typo-tolerant match of a longer alias beats a short one found inside ("dân số" in a misspelt
        # "dân số tham gia bảo hiểm y tế").
        fuzzy = self._fuzzy(text, kind, within=hit.alias if hit else None)
        if fuzzy is not None and (hit is None or len(fuzzy.alias) > len(hit.alias)):
            return fuzzy
        if hit is not None:
            return hit
        hit = self._contained(text, self._weak, self._weak_re, kind, 90.0)
        # a phrasing that names a count only in the count's own unit: "kết nạp 6.120 đoàn viên" admits no party
        # members (a rate's phrasing may state its amount: "giải ngân 2.100 tỷ đồng")
        if (
            hit is not None
            and kind is not None
            and hit.indicator.unit not in (None, "", "percent", "per_mille", kind)
        ):
            return None
        return hit

    def _contained(
        self, text: str, table: _AliasTable, pattern: _Pattern, kind: str | None, floor: float
    ) -> Match | None:
        alias = best_hit(pattern, text)
        if alias is None:
            return None
        score = 100.0 if alias == text else floor + (99.0 - floor) * len(alias) / len(text)
        return Match(self._by_id[self._prefer_unit(table[alias], kind)], round(score, 1), alias)

    def _unknown_words(self, tokens: list[str]) -> list[str]:
        return [t for t in tokens if t not in self._vocabulary and not t.isdigit()]

    def _worth_fuzzy(self, hit: Match, tokens: list[str]) -> bool:
        """Whether a found alias may hide a better one: the text has a misspelt word or is mostly unexplained."""
        if hit.alias == " ".join(tokens):
            return False
        content = set(tokens) - _GENERIC
        explained = content & set(hit.alias.split())
        return bool(self._unknown_words(tokens)) or 5 * len(explained) < 3 * len(content)

    def _half_named(self, hit: Match, tokens: list[str]) -> bool:
        """True when the text holds a word that turns the alias found into a longer alias of another indicator.

        "kim ngạch xuất khẩu đăng kí..." misspelt still holds "đăng", which makes export turnover registered
        export turnover: then the shorter alias is not trusted.
        """
        own_words, rival_words = self._extensions(hit.alias)
        extra = set(tokens) - own_words - _GENERIC
        return bool(extra) and any(words & extra for words in rival_words)

    def _extensions(self, alias: str) -> tuple[frozenset[str], tuple[frozenset[str], ...]]:
        """Words of the alias's own indicators, and the extra words of other indicators' aliases containing it."""
        if alias not in self._extension_cache:
            self._extension_cache[alias] = self._compute_extensions(alias)
        return self._extension_cache[alias]

    def _compute_extensions(self, alias: str) -> tuple[frozenset[str], tuple[frozenset[str], ...]]:
        my_ids = set(self._strong[alias])
        own = frozenset(alias.split()).union(*(self._words_of[i] for i in my_ids))
        content = frozenset(alias.split()) - _GENERIC
        if not content:
            return own, ()
        padded = f" {alias} "
        rivals = []
        for n in set.intersection(*(self._token_index.get(t, set()) for t in content)):
            key = self._fuzzy_keys[n]
            if my_ids.isdisjoint(self._strong[key]) and padded in f" {key} ":
                rivals.append(self._fuzzy_content[n] - content)
        return own, tuple(rivals)

    def _prefer_unit(self, ids: Iterable[str], kind: str | None) -> str:
        ids = list(ids)
        if kind is not None:
            for ident in ids:
                if self._by_id[ident].unit == kind:
                    return ident
        return ids[0]

    def _fuzzy(self, text: str, kind: str | None, within: str | None = None) -> Match | None:
        """Typo-tolerant fallback; refuses candidates that lack a distinctive word or ignore one of the text's."""
        tokens = text.split()
        if len(tokens) > 30:
            return None
        content = [t for t in tokens if t not in _GENERIC]
        ranked = sorted(self._fuzzy_candidates(text, tokens, content, within), reverse=True)
        accepted = []  # (aligned, score, length, key), best first, without conflicts
        for entry in ranked:
            if accepted and (entry[0] < accepted[0][0] or accepted[0][1] - entry[1] >= 3.0):
                break
            if not self._conflicts(self._fuzzy_index[entry[3]], content):
                accepted.append(entry)
        if not accepted:
            return None
        ids = list(dict.fromkeys(i for entry in accepted for i in self._strong[entry[3]]))
        if len(ids) > 1:  # an index's rank shares its aliases: it is meant only when a rank is matched
            ids = [i for i in ids if (self._by_id[i].unit == "rank") == (kind == "rank")] or ids
        if len(ids) > 1:
            unit_ids = [i for i in ids if kind is not None and self._by_id[i].unit == kind]
            if len(unit_ids) != 1:
                return None  # two different indicators fit about equally: better no id than a wrong one
            ids = unit_ids
        best = accepted[0]
        return Match(self._by_id[ids[0]], round(min(best[1], 94.0), 1), best[3])

    def _fuzzy_candidates(
        self, text: str, tokens: list[str], content: list[str], within: str | None
    ) -> list[tuple]:
        """Aliases whose every distinctive word is in the text (allowing typos), scored by rapidfuzz.

        ``within``: an alias already found in the text; then only aliases holding all its words compete.
        """
        unknown = len(self._unknown_words(tokens))  # each may be a misspelt alias word
        if within is not None and (required := frozenset(within.split()) - _GENERIC):
            words = set(content)
            pool = set.intersection(*(self._token_index[t] for t in required))
            shared = Counter({n: len(self._fuzzy_content[n] & words) for n in pool})
        else:
            shared = Counter(chain.from_iterable(self._token_index.get(tok, ()) for tok in set(content)))
        sizes = self._fuzzy_sizes
        choices = {n: self._fuzzy_keys[n] for n, k in shared.items() if k + unknown >= sizes[n]}
        if not choices:
            return []
        found = process.extract(
            text, choices, scorer=fuzz.token_set_ratio, score_cutoff=FUZZY_CUTOFF, limit=None
        )
        out = []
        for key, score, n in found:
            if (aligned := self._aligned_count(self._fuzzy_words[n], tokens)) is None:
                continue
            if aligned < 2 and self._aligned_count(tuple(key.split()), tokens) is None:
                continue  # one distinctive word: the alias's other words too, in order ("dược liệu", not "được ... liệu")
            out.append((aligned, score, len(key), key))
        return out

    def _aligned_count(self, alias_words: tuple[str, ...], tokens: list[str]) -> int | None:
        """How many distinctive alias words the text has, in the alias's order (a typo counts); None if any lacks.

        Order matters: "chỉ tiêu" (a target) and "tiêu chí" (a criterion) share their words.
        """
        pos = 0
        for word in alias_words:
            # One slip of a letter (two in long words); a swap of two letters counts as one.
            budget = 1 if len(word) <= 5 else 2
            for i in range(pos, len(tokens)):
                tok = tokens[i]
                if tok == word or (
                    tok not in self._vocabulary
                    # a word of four letters or fewer may gain or lose a letter ("tếe"), but one of the same
                    # length is another word when folded ("lau" of "cây lâu năm" is no slip of "lua")
                    and (len(word) > 4 or len(tok) != len(word))
                    and OSA.distance(word, tok, score_cutoff=budget) <= budget
                ):
                    pos = i + 1
                    break
            else:
                return None
        return len(alias_words)

    def _conflicts(self, n: int, content: list[str]) -> bool:
        """True when the text has a word the candidate lacks that a close rival alias has (nhập vs xuất)."""
        rival_words = self._rival_words.get(n)
        if rival_words is None:
            rival_words = self._rival_words[n] = self._compute_rival_words(n)
        mine = self._fuzzy_content[n]
        return any(tok in rival_words and tok not in mine for tok in content)

    def _compute_rival_words(self, n: int) -> frozenset[str]:
        """Words of aliases of other indicators that share at least half of alias ``n``'s distinctive words."""
        mine = self._fuzzy_content[n]
        my_ids = set(self._strong[self._fuzzy_keys[n]])
        words: set[str] = set()
        for other in set(chain.from_iterable(self._token_index[t] for t in mine)):
            theirs = self._fuzzy_content[other]
            if 2 * len(mine & theirs) >= len(mine) and my_ids.isdisjoint(
                self._strong[self._fuzzy_keys[other]]
            ):
                words |= theirs - mine
        return frozenset(words)

    def _alias_table(self, pick: Any) -> _AliasTable:
        table: dict[str, list[str]] = {}
        for ind in self._by_id.values():
            for alias in pick(ind):
                ids = table.setdefault(normalise(alias), [])
                if ind.id not in ids:
                    ids.append(ind.id)
        return {alias: tuple(ids) for alias, ids in table.items()}

    def _children_aliases(self, parent: str) -> tuple[_AliasTable, _Pattern]:
        if parent not in self._sub_cache:
            kids = {ind.id for ind in self.children(parent)}
            table = self._alias_table(lambda ind: (*ind.aliases, *ind.sub_aliases) if ind.id in kids else ())
            self._sub_cache[parent] = (table, compile_aliases(table))
        return self._sub_cache[parent]

    # ── search, for people ──

    def _search_table(self) -> tuple[list[str], list[str]]:
        keys: list[str] = []
        ids: list[str] = []
        for ind in self._by_id.values():
            names = (ind.id.replace("_", " "), ind.name_vi, ind.name_en, *ind.aliases, *ind.weak_aliases)
            for key in dict.fromkeys(normalise(n) for n in names + ind.sub_aliases):
                if key:
                    keys.append(key)
                    ids.append(ind.id)
        return keys, ids

    def search(self, query: str, limit: int = 10) -> list[Match]:
        """Indicators for a query by id, name or alias (``"grdp binh quan dau nguoi"``), best first."""
        wanted = normalise(query.replace("_", " "))
        if not wanted or limit <= 0:
            return []
        best: dict[str, tuple[float, str]] = {}

        def offer(ident: str, score: float, key: str) -> None:
            if ident not in best or score > best[ident][0]:
                best[ident] = (score, key)

        if query.strip() in self._by_id:
            offer(query.strip(), 102.0, query.strip())
        if (found := self.match(query)) is not None:
            offer(found.id, 101.0, found.alias)
        for key, score, n in process.extract(
            wanted, self._search_keys, scorer=fuzz.WRatio, score_cutoff=50, limit=limit * 8
        ):
            offer(self._search_ids[n], score, key)
        ranked = sorted(best.items(), key=lambda kv: (-kv[1][0], self._order[kv[0]]))[:limit]
        return [Match(self._by_id[i], min(score, 100.0), key) for i, (score, key) in ranked]


@functools.cache
def default_catalog() -> Catalog:
    """The bundled catalog plus the ``CHITIEU_CATALOG`` extensions, loaded once per process."""
    return Catalog.load()
