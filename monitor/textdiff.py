"""Unified text diff between any two versions of a document."""

from __future__ import annotations

import difflib

from sqlalchemy.orm import Session

from chitieu.clock import to_local
from storage.models import Document, DocumentVersion
from storage.repository import versions_of


def unified_diff(old: str, new: str, old_label: str = "a", new_label: str = "b", context: int = 3) -> str:
    """``diff -u`` style text; empty when the texts are equal."""
    lines = difflib.unified_diff(
        old.splitlines(keepends=True),
        new.splitlines(keepends=True),
        fromfile=old_label,
        tofile=new_label,
        n=context,
    )
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


def _label(version: DocumentVersion) -> str:
    return f"v{version.number} {to_local(version.fetched_at):%Y-%m-%d %H:%M} {version.url}"


def pick_versions(
    session: Session, document: Document, first: int | None = None, second: int | None = None
) -> tuple[DocumentVersion, DocumentVersion]:
    """Versions by number; by default the last two. Raises ``LookupError`` when they do not exist."""
    versions = versions_of(session, document)
    by_number = {v.number: v for v in versions}
    if first is None and second is None:
        if len(versions) < 2:
            raise LookupError(f"document {document.id} has {len(versions)} version(s); nothing to compare")
        return versions[-2], versions[-1]
    if first is None or second is None:
        raise LookupError("give both version numbers, or neither")
    missing = [n for n in (first, second) if n not in by_number]
    if missing:
        raise LookupError(f"document {document.id} has no version {missing[0]}")
    return by_number[first], by_number[second]


def diff_versions(old: DocumentVersion, new: DocumentVersion, context: int = 3) -> str:
    return unified_diff(old.text or "", new.text or "", _label(old), _label(new), context)
