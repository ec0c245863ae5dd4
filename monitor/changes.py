"""Change detection by figure identity, and the one place where change events are created.

After each ingest a version's figures are compared with the previous good version of the same document
(figure_new / figure_revised / figure_withdrawn) and with the current versions of other documents about the
same province and period (discrepancy). Two statements are the same when their comparators match and their
values (and range tops) are equal after scaling; the unit dimension is part of the identity already, so
notation (``%o`` vs ``‰``) and wording never count as a change.
"""

from __future__ import annotations

import hashlib
import logging
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from storage.identity import without_kind
from storage.models import ChangeEvent, Document, DocumentVersion, StoredFigure
from storage.statements import (
    DocumentStatement,
    Statement,
    current_figures,
    distinct_statements,
    statements_by_document,
)

log = logging.getLogger(__name__)
ChangeHook = Callable[[Session, ChangeEvent], None]
_HOOKS: list[ChangeHook] = []
_SLIP_FACTORS = (Decimal(10), Decimal(100), Decimal(1000))
_CHUNK = 500


def register_change_hook(hook: ChangeHook) -> None:
    """Call ``hook(session, event)`` for every new change, in the same transaction (e.g. an alert outbox)."""
    if hook not in _HOOKS:
        _HOOKS.append(hook)


def unregister_change_hook(hook: ChangeHook) -> None:
    if hook in _HOOKS:
        _HOOKS.remove(hook)


def registered_change_hooks() -> list[ChangeHook]:
    """The hooks registered in this process (a writer process registers the same ones)."""
    return list(_HOOKS)


def emit_change(session: Session, kind: str, detected_at: datetime, **fields: Any) -> ChangeEvent:
    """Create, flush and announce one change event. Every change in chitieu goes through here (or through
    :func:`emit_changes`, for several)."""
    return emit_changes(session, [ChangeEvent(kind=kind, detected_at=detected_at, **fields)])[0]


def emit_changes(session: Session, events: Sequence[ChangeEvent]) -> list[ChangeEvent]:
    """Store new change events in one flush, then announce each, in order, to the hooks.

    The same as :func:`emit_change` for each in turn (same rows, same ids, hooks called in the same order,
    every event already flushed when its hook runs), at the cost of one flush instead of one per event.
    """
    events = list(events)
    if not events:
        return events
    session.add_all(events)
    session.flush()
    for event in events:
        for hook in _HOOKS:
            hook(session, event)
    return events


# -- comparing statements ------------------------------------------------------------------------------


def scaled(value: Decimal | None, scale: float | None) -> Decimal | None:
    if value is None:
        return None
    return value if not scale else value * Decimal(repr(scale))


Signature = tuple[str, Decimal | None, Decimal | None]


def _signature_of(
    comparator: str | None, value: Decimal | None, value_max: Decimal | None, scale: float | None
) -> Signature:
    value, top = scaled(value, scale), scaled(value_max, scale)
    return (comparator or "=", value.normalize() if value is not None else None, top and top.normalize())


def _signature(fig: StoredFigure) -> Signature:
    return _signature_of(fig.comparator, fig.value, fig.value_max, fig.scale)


def _statement_signature(statement: Statement) -> Signature:
    return _signature_of(statement.comparator, statement.value, statement.value_max, statement.scale)


def same_statement(a: StoredFigure, b: StoredFigure) -> bool:
    """Equal values after scaling, equal range tops, same comparator."""
    return _signature(a) == _signature(b)


def format_vn(value: Decimal | None) -> str:
    """``Decimal("2370.5")`` -> ``"2.370,5"`` (Vietnamese notation)."""
    if value is None:
        return ""
    text = format(value.normalize(), "f")
    whole, _, frac = text.partition(".")
    sign, whole = ("-", whole[1:]) if whole.startswith("-") else ("", whole)
    groups = f"{int(whole):,}".replace(",", ".")
    return f"{sign}{groups},{frac}" if frac else f"{sign}{groups}"


def _stated(fig: StoredFigure) -> str:
    words = {"=": "", ">": "trên ", ">=": "từ ", "<": "dưới ", "<=": "không quá ", "~": "khoảng "}
    number = format_vn(fig.value)
    if fig.comparator == "range" and fig.value_max is not None:
        number = f"{number}-{format_vn(fig.value_max)}"
    gap = "" if fig.unit in ("%", "‰", "%o") else " "
    return f"{words.get(fig.comparator, '')}{number}{gap}{fig.unit}".strip()


def plausibility(old: StoredFigure, new: StoredFigure) -> tuple[str | None, str | None]:
    """A short code and a note saying what kind of difference this likely is."""
    a, b = scaled(old.value, old.scale), scaled(new.value, new.scale)
    if old.kind != new.kind:
        return (
            "target_as_actual",
            f"the {old.kind} {_stated(old)} is restated as the {new.kind} {_stated(new)}",
        )
    if a == b and scaled(old.value_max, old.scale) == scaled(new.value_max, new.scale):
        return "comparator_only", f"same value, only the comparator differs: {_stated(old)} vs {_stated(new)}"
    if a and b:
        ratio = max(abs(a), abs(b)) / min(abs(a), abs(b))
        if ratio in _SLIP_FACTORS:
            between = f"{_stated(old)} and {_stated(new)}"
            return "decimal_slip", f"factor {ratio:f} between {between}: likely slip of the decimal comma"
    return None, None


# -- pairing figures of one identity -------------------------------------------------------------------


def pair_by_value(
    old: Sequence[StoredFigure], new: Sequence[StoredFigure]
) -> tuple[list[tuple[StoredFigure, StoredFigure]], list[StoredFigure], list[StoredFigure]]:
    """Match equal statements first, then pair the rest in document order.

    Returns (differing pairs, left only in ``old``, left only in ``new``).
    """
    remaining = list(old)
    unmatched: list[StoredFigure] = []
    for fig in new:
        match = next((o for o in remaining if same_statement(o, fig)), None)
        if match is None:
            unmatched.append(fig)
        else:
            remaining.remove(match)
    pairs = list(zip(remaining, unmatched, strict=False))
    return pairs, remaining[len(pairs) :], unmatched[len(pairs) :]


def _grouped(
    figs: Iterable[StoredFigure], key: Callable[[StoredFigure], str]
) -> dict[str, list[StoredFigure]]:
    groups: dict[str, list[StoredFigure]] = defaultdict(list)
    for fig in sorted(figs, key=lambda f: f.position):
        groups[key(fig)].append(fig)
    return groups


def _unit_of(key: str) -> str:
    return key.split("|")[4].split(";")[0] if key.count("|") >= 4 else ""


def swapped_pairs(pairs: Sequence[tuple[StoredFigure, StoredFigure]]) -> dict[int, StoredFigure]:
    """Pairs whose values are crossed with a sibling pair (export 120/import 600 vs 600/120).

    Returns, for the index of each such pair, the new-side figure of its counterpart.
    """
    found: dict[int, StoredFigure] = {}
    for i, (old_a, new_a) in enumerate(pairs):
        for j in range(i + 1, len(pairs)):
            old_b, new_b = pairs[j]
            if old_a.document_id != old_b.document_id or old_a.identity_key == old_b.identity_key:
                continue
            if _unit_of(old_a.identity_key) != _unit_of(old_b.identity_key):
                continue
            if same_statement(old_a, new_b) and same_statement(old_b, new_a):
                found[i], found[j] = new_b, new_a
    return found


# -- detection -----------------------------------------------------------------------------------------


@dataclass(slots=True)
class Detection:
    """What one ingest compares: the new version, and the previous good version of the same document.

    The change events of the ingest (:func:`document_event`, :func:`compare_versions`,
    :func:`find_discrepancies`) wait in ``pending`` until :meth:`emit` stores and announces them all at once:
    one flush per ingest instead of one per event. None of the detection reads depend on them.
    """

    session: Session
    document: Document
    version: DocumentVersion
    previous: DocumentVersion | None
    detected_at: datetime
    pending: list[ChangeEvent] = field(default_factory=list)

    def change(self, kind: str, **fields: Any) -> ChangeEvent:
        """A new change event of this ingest, stored by :meth:`emit`."""
        event = ChangeEvent(kind=kind, detected_at=self.detected_at, **fields)
        self.pending.append(event)
        return event

    def emit(self) -> list[ChangeEvent]:
        """Store the pending events (in the order they were made) and run the change hooks on each."""
        events, self.pending = self.pending, []
        return emit_changes(self.session, events)

    def emit_pair(
        self, kind: str, old: StoredFigure | None, new: StoredFigure | None, **extra: Any
    ) -> ChangeEvent:
        ref = new or old
        assert ref is not None
        fields: dict[str, Any] = {
            "province_id": ref.province_id,
            "identity_key": ref.identity_key,
            "indicator": ref.indicator,
            "indicator_id": ref.indicator_id,
            "period": ref.period,
            "document_id": self.document.id,
            "version_id": self.version.id,
        }
        if old is not None:
            fields |= {
                "old_document_id": old.document_id,
                "old_version_id": old.document_version_id,
                "old_figure_id": old.id,
                "old_value": old.value,
                "old_value_max": old.value_max,
                "old_comparator": old.comparator,
                "old_unit": old.unit,
            }
        if new is not None:
            fields |= {
                "new_figure_id": new.id,
                "new_value": new.value,
                "new_value_max": new.value_max,
                "new_comparator": new.comparator,
                "new_unit": new.unit,
            }
        return self.change(kind, **(fields | extra))


def document_event(detection: Detection, kind: str, note: str | None = None) -> ChangeEvent:
    """A document_new / document_revised event, pending on ``detection``."""
    doc, version = detection.document, detection.version
    previous = detection.previous
    return detection.change(
        kind,
        province_id=doc.province_id,
        document_id=doc.id,
        version_id=version.id,
        old_document_id=doc.id if previous else None,
        old_version_id=previous.id if previous else None,
        note=note,
    )


def _annotated(
    pairs: list[tuple[StoredFigure, StoredFigure]],
) -> list[tuple[StoredFigure, StoredFigure, dict]]:
    swaps = swapped_pairs(pairs)
    out = []
    for i, (old, new) in enumerate(pairs):
        if i in swaps:
            other = swaps[i]
            note = f"values swapped with sibling figure {other.indicator!r}: {_stated(old)} vs {_stated(new)}"
            out.append((old, new, {"plausibility": "swap", "note": note}))
            continue
        code, note = plausibility(old, new)
        out.append((old, new, {"plausibility": code, "note": note}))
    return out


def compare_versions(
    detection: Detection, old_figs: Sequence[StoredFigure], new_figs: Sequence[StoredFigure]
) -> list[ChangeEvent]:
    """figure_revised / figure_new / figure_withdrawn between two versions of one document (pending on
    ``detection``)."""
    old_by, new_by = _grouped(old_figs, _key), _grouped(new_figs, _key)
    revised: list[tuple[StoredFigure, StoredFigure]] = []
    gone: list[StoredFigure] = []
    added: list[StoredFigure] = []
    for key in dict.fromkeys([*old_by, *new_by]):
        pairs, only_old, only_new = pair_by_value(old_by.get(key, []), new_by.get(key, []))
        revised += pairs
        gone += only_old
        added += only_new
    restated, gone, added = _restated_kinds(gone, added)
    events = [detection.emit_pair("figure_revised", o, n, **extra) for o, n, extra in _annotated(revised)]
    events += [detection.emit_pair("figure_revised", o, n, **extra) for o, n, extra in _annotated(restated)]
    events += [detection.emit_pair("figure_withdrawn", o, None) for o in gone]
    events += [detection.emit_pair("figure_new", None, n) for n in added]
    return events


def _key(fig: StoredFigure) -> str:
    return fig.identity_key


def _restated_kinds(
    gone: list[StoredFigure], added: list[StoredFigure]
) -> tuple[list[tuple[StoredFigure, StoredFigure]], list[StoredFigure], list[StoredFigure]]:
    """A withdrawn target and a new actual for the same indicator and period are one restatement."""
    pairs: list[tuple[StoredFigure, StoredFigure]] = []
    left = list(added)
    still_gone = []
    for old in gone:
        match = next(
            (n for n in left if without_kind(n.identity_key) == without_kind(old.identity_key)), None
        )
        if match is None:
            still_gone.append(old)
        else:
            left.remove(match)
            pairs.append((old, match))
    return pairs, still_gone, left


def comparable_across_documents(fig: StoredFigure) -> bool:
    """Only figures whose province and period are known are compared with other documents."""
    province, _indicator, period, *_rest = fig.identity_key.split("|")
    return province != "-" and period != "-"


def discrepancy_fingerprint(old: StoredFigure, new: StoredFigure) -> str:
    sides = sorted(
        [(old.document_id, _signature(old)), (new.document_id, _signature(new))], key=lambda s: s[0]
    )
    raw = f"discrepancy|{new.identity_key}|{sides!r}"
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def _keys_others_may_dispute(
    mine: dict[str, list[StoredFigure]], statements: Iterable[Statement]
) -> list[str]:
    """Keys under which some other document may state something this version does not.

    Pairing by value only yields a pair when the other document has a statement left over, i.e. states
    something more often than this version does. ``statements`` give, per distinct raw statement, a bound
    on how often one document makes it; summed per signature that bounds every document's count from
    above, so a key whose bounds never exceed this version's counts cannot produce a discrepancy.
    """
    bounds: dict[str, Counter[Signature]] = defaultdict(Counter)
    for statement in statements:
        bounds[statement.identity_key][_statement_signature(statement)] += statement.count
    disputed = []
    for key, counts in bounds.items():
        ours = Counter(map(_signature, mine[key]))
        if any(n > ours[signature] for signature, n in counts.items()):
            disputed.append(key)
    return disputed


def _disputing_documents(
    mine: dict[str, list[StoredFigure]], statements: Iterable[DocumentStatement]
) -> list[tuple[int, str]]:
    """(document, key) pairs for which pairing by value leaves statements over on both sides (exact)."""
    theirs: dict[tuple[int, str], Counter[Signature]] = defaultdict(Counter)
    for document_id, statement in statements:
        theirs[(document_id, statement.identity_key)][_statement_signature(statement)] += statement.count
    found = []
    for (document_id, key), counts in theirs.items():
        ours = Counter(map(_signature, mine[key]))
        if counts - ours and ours - counts:
            found.append((document_id, key))
    return found


def _figures_that_may_disagree(
    session: Session, document_id: int, mine: dict[str, list[StoredFigure]]
) -> list[StoredFigure]:
    """Current figures of other documents that pairing by value can turn into discrepancies.

    Equivalent to loading every current figure of another document under the same keys, but the
    agreeing majority is settled in SQL (distinct statements, then per-document counts for the disputed
    keys only) and never becomes ORM objects.
    """
    disputed = _keys_others_may_dispute(mine, distinct_statements(session, document_id, list(mine)))
    if not disputed:
        return []
    pairs = _disputing_documents(mine, statements_by_document(session, document_id, disputed))
    return current_figures(session, pairs, document_id)


_FINGERPRINTS_KNOWN = select(ChangeEvent.fingerprint).where(
    ChangeEvent.fingerprint.in_(bindparam("fingerprints", expanding=True))
)  # built once: the same SQL as with the list inline


def _known_fingerprints(session: Session, fingerprints: Sequence[str]) -> set[str]:
    known: set[str] = set()
    unique = sorted(set(fingerprints))
    for start in range(0, len(unique), _CHUNK):
        chunk = unique[start : start + _CHUNK]
        known.update(session.scalars(_FINGERPRINTS_KNOWN, {"fingerprints": chunk}))
    return known


def find_discrepancies(detection: Detection, new_figs: Sequence[StoredFigure]) -> list[ChangeEvent]:
    """Disagreements between this version and the current versions of other documents (pending on
    ``detection``)."""
    mine = _grouped((f for f in new_figs if comparable_across_documents(f)), _key)
    theirs = _figures_that_may_disagree(detection.session, detection.document.id, mine)
    candidates: list[tuple[StoredFigure, StoredFigure]] = []
    by_doc_key = _grouped(theirs, lambda f: f"{f.document_id}#{f.identity_key}")
    for doc_key, other_figs in sorted(by_doc_key.items()):
        pairs, _, _ = pair_by_value(other_figs, mine[doc_key.split("#", 1)[1]])
        candidates += pairs
    annotated = _annotated(candidates)
    fingerprints = [discrepancy_fingerprint(old, new) for old, new, _ in annotated]
    known = _known_fingerprints(detection.session, fingerprints)
    events = []
    for (old, new, extra), fingerprint in zip(annotated, fingerprints, strict=True):
        if fingerprint in known:  # reported while it lasts (also twice in one version: once)
            continue
        known.add(fingerprint)
        events.append(detection.emit_pair("discrepancy", old, new, fingerprint=fingerprint, **extra))
    return events
