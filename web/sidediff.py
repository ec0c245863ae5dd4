"""A side-by-side diff of two texts, as rows a template renders (every piece escaped here).

Lines are aligned with :class:`difflib.SequenceMatcher`; a replaced line pair also gets a word-level
diff, so a changed number stands out inside its sentence. Long runs of equal lines are folded into one
"n unchanged lines" row, keeping ``context`` lines around each change.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from markupsafe import Markup, escape

_WORDS = re.compile(r"\s+|[^\s]+")
_EMPTY = Markup("")


@dataclass(frozen=True, slots=True)
class DiffRow:
    kind: str  # "equal" | "replace" | "delete" | "insert" | "skip"
    old_no: int | None = None
    new_no: int | None = None
    old_html: Markup = _EMPTY
    new_html: Markup = _EMPTY
    skipped: int = 0


@dataclass(frozen=True, slots=True)
class DiffStats:
    added: int
    removed: int
    changed: int


def _words_diff(old: str, new: str) -> tuple[Markup, Markup]:
    a, b = _WORDS.findall(old), _WORDS.findall(new)
    left: list[str] = []
    right: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        old_part, new_part = escape("".join(a[i1:i2])), escape("".join(b[j1:j2]))
        if op == "equal":
            left.append(str(old_part))
            right.append(str(new_part))
            continue
        if i2 > i1:
            left.append(f"<del>{old_part}</del>")
        if j2 > j1:
            right.append(f"<ins>{new_part}</ins>")
    return Markup("".join(left)), Markup("".join(right))


def _replace_rows(old: list[str], new: list[str], i1: int, j1: int) -> list[DiffRow]:
    rows = []
    for k in range(max(len(old), len(new))):
        a = old[k] if k < len(old) else None
        b = new[k] if k < len(new) else None
        if a is not None and b is not None:
            left, right = _words_diff(a, b)
            rows.append(DiffRow("replace", i1 + k + 1, j1 + k + 1, left, right))
        elif a is not None:
            rows.append(DiffRow("delete", i1 + k + 1, None, Markup(f"<del>{escape(a)}</del>")))
        else:
            rows.append(DiffRow("insert", None, j1 + k + 1, new_html=Markup(f"<ins>{escape(b)}</ins>")))
    return rows


def _equal_rows(lines: list[str], i1: int, j1: int, context: int, first: bool, last: bool) -> list[DiffRow]:
    def row(k: int) -> DiffRow:
        html = escape(lines[k])
        return DiffRow("equal", i1 + k + 1, j1 + k + 1, Markup(html), Markup(html))

    keep_head = 0 if first else context
    keep_tail = 0 if last else context
    if len(lines) <= keep_head + keep_tail + 1:
        return [row(k) for k in range(len(lines))]
    head = [row(k) for k in range(keep_head)]
    tail = [row(k) for k in range(len(lines) - keep_tail, len(lines))]
    return [*head, DiffRow("skip", skipped=len(lines) - keep_head - keep_tail), *tail]


def side_by_side(old_text: str, new_text: str, context: int = 3) -> tuple[list[DiffRow], DiffStats]:
    old, new = old_text.splitlines(), new_text.splitlines()
    opcodes = difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes()
    rows: list[DiffRow] = []
    added = removed = changed = 0
    for n, (op, i1, i2, j1, j2) in enumerate(opcodes):
        if op == "equal":
            rows += _equal_rows(old[i1:i2], i1, j1, context, n == 0, n == len(opcodes) - 1)
            continue
        rows += _replace_rows(old[i1:i2], new[j1:j2], i1, j1)
        common = min(i2 - i1, j2 - j1)
        changed += common
        removed += (i2 - i1) - common
        added += (j2 - j1) - common
    return rows, DiffStats(added, removed, changed)
