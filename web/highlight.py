"""Figures highlighted in archived text: escaped text segments, ``<mark>`` around each figure's span.

Spans come from storage (character offsets into the version's text). Boundaries from every span cut the
text into segments; a segment covered by one or more figures is wrapped in one ``<mark>`` naming them, so
overlapping spans (a figure and its ``trong đó`` part) never produce broken nesting. Every piece of text
goes through :func:`markupsafe.escape`: the archived page may carry ``<script>``, and it stays text.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise

from markupsafe import Markup, escape


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    figure_id: int
    kind: str = "target"


def _valid(spans: Iterable[Span], length: int) -> list[Span]:
    return [s for s in spans if 0 <= s.start < s.end <= length]


def _boundaries(spans: Sequence[Span], length: int) -> list[int]:
    points = {0, length}
    for span in spans:
        points.update((span.start, span.end))
    return sorted(points)


def _mark(segment: str, covering: list[Span], anchors: list[Span]) -> str:
    ids = " ".join(str(s.figure_id) for s in covering)
    kinds = sorted({s.kind for s in covering})
    classes = " ".join(["fig", *(f"fig-{k}" for k in kinds)])
    anchor = "".join(f'<span class="anchor" id="fig-{s.figure_id}"></span>' for s in anchors)
    return f'{anchor}<mark class="{escape(classes)}" data-figures="{escape(ids)}">{escape(segment)}</mark>'


def highlight(text: str, spans: Iterable[Span]) -> Markup:
    """``text`` as HTML with every valid span marked (invalid spans are ignored, never trusted)."""
    valid = _valid(spans, len(text))
    if not valid:
        return Markup(escape(text))
    points = _boundaries(valid, len(text))
    started: set[int] = set()
    out: list[str] = []
    for start, end in pairwise(points):
        covering = [s for s in valid if s.start <= start and end <= s.end]
        segment = text[start:end]
        if not covering:
            out.append(str(escape(segment)))
            continue
        anchors = [s for s in covering if s.start == start and s.figure_id not in started]
        started.update(s.figure_id for s in anchors)
        out.append(_mark(segment, covering, anchors))
    return Markup("".join(out))
