"""Which links to follow and which pages to keep: documents about targets and plans, not the whole portal.

Matching is accent- and case-insensitive and works on link text, URL slugs (``ke-hoach-phat-trien-...``)
and page text alike, because every input is reduced to plain lower-case ASCII words first.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from urllib.parse import unquote, urlsplit

# Phrases that mark a document about socio-economic targets or plans. Strong ones alone make a page relevant.
STRONG_KEYWORDS: tuple[str, ...] = (
    "chỉ tiêu",
    "kế hoạch phát triển kinh tế - xã hội",
    "phát triển kinh tế - xã hội",
    "nhiệm vụ phát triển kinh tế",
    "chương trình hành động",
    "mục tiêu tăng trưởng",
    "tăng trưởng kinh tế",
    "GRDP",
    "dự toán ngân sách",
    "thu ngân sách",
    "kế hoạch đầu tư công",
    "tình hình kinh tế - xã hội",
    "đại hội đại biểu đảng bộ",
    "kỳ họp hội đồng nhân dân",
)
# Weak ones need company (two of them, or one plus a strong one).
WEAK_KEYWORDS: tuple[str, ...] = (
    "nghị quyết",
    "kế hoạch",
    "mục tiêu",
    "phấn đấu",
    "kinh tế - xã hội",
    "quyết định",
    "báo cáo",
    "tăng trưởng",
    "ngân sách",
)


def fold(text: str) -> str:
    """Lower-case ASCII words: accents removed, đ -> d, punctuation and hyphens -> single spaces."""
    text = text.replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"[^0-9a-zA-Z]+", " ", text).lower()
    return f" {text.strip()} "


def _folded_phrases(phrases: Iterable[str]) -> tuple[str, ...]:
    return tuple(fold(p) for p in phrases if p.strip())


class Relevance:
    """Keyword rules; a source's registry entry may add its own keywords (treated as strong)."""

    def __init__(self, extra_keywords: Iterable[str] = ()) -> None:
        self.strong = _folded_phrases((*STRONG_KEYWORDS, *extra_keywords))
        self.weak = _folded_phrases(WEAK_KEYWORDS)

    def _score(self, folded: str) -> tuple[int, int]:
        strong = sum(1 for p in self.strong if p in folded)
        weak = sum(1 for p in self.weak if p in folded)
        return strong, weak

    def matches(self, *texts: str | None) -> bool:
        """True when the texts together name a target/plan subject."""
        folded = " ".join(fold(t) for t in texts if t)
        strong, weak = self._score(folded)
        return strong >= 1 or weak >= 2

    def link_is_relevant(self, text: str | None, url: str) -> bool:
        """A link worth following: its anchor text or its URL slug names a target/plan subject."""
        path = unquote(urlsplit(url).path)
        return self.matches(text, path)

    def document_is_relevant(self, title: str | None, text: str | None) -> bool:
        """A page worth keeping: the title says so, or the opening of the text does with company."""
        if title and self.matches(title):
            return True
        if not text:
            return False
        strong, weak = self._score(fold(text[:20000]))
        return strong >= 2 or (strong >= 1 and weak >= 2)
