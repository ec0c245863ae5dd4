"""Gold test: ``figures.extract`` on the shared seed documents, scored by the rules of ``score.py``.

The matching rules (``fold``, ``unit_eq``, ``val_eq``, ``gold_spans``) are imported from
``../shared/gold/score.py`` itself, and the overall F1 is cross-checked against that script's own ``main``,
so this test and the scorer cannot drift apart. Skipped when ``../shared`` is absent.

Also a script: ``.venv/bin/python -m tests.test_gold [-v]`` prints the per-seed report (``-v``: every miss
and every extra).
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import json
import sys
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from figures import extract

SHARED = Path(__file__).resolve().parents[2] / "shared"
GOLD = SHARED / "gold" / "seeds.jsonl"
SEEDS = SHARED / "seeds"
SCORE_PY = SHARED / "gold" / "score.py"

F1_OVERALL_MIN = 0.95
F1_SEED_MIN = 0.90
ATTRIBUTE_MIN = 0.90
ATTRIBUTES = ("comparator", "direction", "kind")

pytestmark = pytest.mark.skipif(
    not (GOLD.is_file() and SCORE_PY.is_file()), reason="../shared is not present"
)


@dataclass
class SeedScore:
    """Counts for one document, as score.py computes them."""

    doc: str
    gold: int = 0
    predicted: int = 0
    tp: int = 0
    agree: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ATTRIBUTES, 0))
    misses: list[dict[str, Any]] = field(default_factory=list)
    extras: list[dict[str, Any]] = field(default_factory=list)
    disagreements: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@cache
def scorer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("shared_gold_score", SCORE_PY)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def gold_documents() -> list[dict[str, Any]]:
    if not GOLD.is_file():
        return []
    with GOLD.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def seed_path(doc: str) -> Path:
    """The scorer's rule: DOCS_DIR/NAME, else DOCS_DIR/NAME.txt."""
    path = SEEDS / doc
    return path if path.exists() else SEEDS / f"{doc}.txt"


def read_seed(path: Path) -> str:
    with open(path, encoding="utf-8") as handle:  # exactly as score.py reads it: no normalisation
        return handle.read()


def predict(text: str) -> list[dict[str, Any]]:
    """What ``chitieu extract --format jsonl`` would print for this text (minus ``file``)."""
    return [figure.to_dict() for figure in extract(text)]


def score_seed(
    doc: str, gold_figures: list[dict[str, Any]], text: str, predicted: list[dict[str, Any]]
) -> SeedScore:
    """score.py's matching, figure for figure: gold in order, first untaken prediction that overlaps the gold
    quote with an equal value and an equivalent unit."""
    rules = scorer()
    spans = rules.gold_spans(text, gold_figures)
    result = SeedScore(doc, gold=len(gold_figures), predicted=len(predicted))
    taken: set[int] = set()
    for gold, (gold_start, gold_end) in zip(gold_figures, spans, strict=True):
        match = _first_match(rules, gold, gold_start, gold_end, predicted, taken)
        if match is None:
            result.misses.append(gold)
            continue
        taken.add(match)
        result.tp += 1
        _compare_attributes(result, gold, predicted[match])
    result.extras = [p for index, p in enumerate(predicted) if index not in taken]
    return result


def _first_match(
    rules: ModuleType,
    gold: dict[str, Any],
    gold_start: int,
    gold_end: int,
    predicted: list[dict[str, Any]],
    taken: set[int],
) -> int | None:
    for index, candidate in enumerate(predicted):
        if index in taken:
            continue
        try:
            start, end = (int(x) for x in (candidate.get("span") or [None, None])[:2])
        except (TypeError, ValueError):
            continue
        if end <= gold_start or start >= gold_end:
            continue
        if rules.val_eq(candidate.get("value"), gold["value"]) and rules.unit_eq(
            candidate.get("unit", ""), gold.get("unit", "")
        ):
            return index
    return None


def _compare_attributes(result: SeedScore, gold: dict[str, Any], predicted: dict[str, Any]) -> None:
    defaults = {"comparator": "="}
    for attribute in ATTRIBUTES:
        want = gold.get(attribute) or defaults.get(attribute)
        got = predicted.get(attribute) or defaults.get(attribute)
        if want == got:
            result.agree[attribute] += 1
        else:
            result.disagreements.append(f"{attribute}: want {want!r} got {got!r} | {gold['quote'][:80]}")


@cache
def all_scores() -> tuple[SeedScore, ...]:
    scores = []
    for document in gold_documents():
        text = read_seed(seed_path(document["doc"]))
        scores.append(score_seed(document["doc"], document["figures"], text, predict(text)))
    return tuple(scores)


def totals(scores: tuple[SeedScore, ...]) -> SeedScore:
    total = SeedScore("TOTAL")
    for score in scores:
        total.gold += score.gold
        total.predicted += score.predicted
        total.tp += score.tp
        for attribute in ATTRIBUTES:
            total.agree[attribute] += score.agree[attribute]
    return total


def accuracy(score: SeedScore, attribute: str) -> float:
    return score.agree[attribute] / score.tp if score.tp else 0.0


def report(scores: tuple[SeedScore, ...], *, verbose: bool = False) -> str:
    lines = []
    for score in (*scores, totals(scores)):
        attributes = " ".join(f"{a}={accuracy(score, a):.2f}" for a in ATTRIBUTES)
        lines.append(
            f"{score.doc}: gold={score.gold} pred={score.predicted} tp={score.tp} P={score.precision:.2f} "
            f"R={score.recall:.2f} F1={score.f1:.3f} {attributes}"
        )
        if verbose:
            lines += [f"   MISS {m['value']} {m.get('unit')!r} | {m['quote'][:90]}" for m in score.misses]
            lines += [
                f"   EXTRA {e.get('value')} {e.get('unit')!r} | {str(e.get('quote'))[:90]}"
                for e in score.extras
            ]
            lines += [f"   WRONG {d}" for d in score.disagreements]
    return "\n".join(lines)


@pytest.fixture(scope="module")
def scores() -> tuple[SeedScore, ...]:
    result = all_scores()
    print("\n" + report(result))  # shown with -s, and in the captured output of any failure
    return result


def test_overall_f1(scores: tuple[SeedScore, ...]) -> None:
    total = totals(scores)
    assert total.f1 >= F1_OVERALL_MIN, f"overall F1 {total.f1:.3f} < {F1_OVERALL_MIN}\n{report(scores)}"


@pytest.mark.parametrize("doc", [document["doc"] for document in gold_documents()])
def test_f1_per_seed(scores: tuple[SeedScore, ...], doc: str) -> None:
    score = next(s for s in scores if s.doc == doc)
    assert score.f1 >= F1_SEED_MIN, (
        f"{doc}: F1 {score.f1:.3f} < {F1_SEED_MIN}\n{report((score,), verbose=True)}"
    )


@pytest.mark.parametrize("attribute", ATTRIBUTES)
def test_attribute_accuracy_among_matches(scores: tuple[SeedScore, ...], attribute: str) -> None:
    total = totals(scores)
    value = accuracy(total, attribute)
    wrong = [d for s in scores for d in s.disagreements if d.startswith(f"{attribute}:")]
    assert value >= ATTRIBUTE_MIN, (
        f"{attribute} accuracy {value:.2f} < {ATTRIBUTE_MIN} over {total.tp} matches\n" + "\n".join(wrong)
    )


def test_same_f1_as_the_shared_scorer(scores: tuple[SeedScore, ...], tmp_path: Path) -> None:
    """Run score.py's own main on the same predictions: our overall F1 must equal its TOTAL F1."""
    predictions = tmp_path / "predicted.jsonl"
    with predictions.open("w", encoding="utf-8") as handle:
        for document in gold_documents():
            path = seed_path(document["doc"])
            for record in predict(read_seed(path)):
                handle.write(json.dumps({"file": str(path), **record}, ensure_ascii=False) + "\n")
    with contextlib.redirect_stdout(io.StringIO()):
        their_f1, _strict, _accuracy = scorer().main(str(GOLD), str(SEEDS), str(predictions))
    assert their_f1 == pytest.approx(totals(scores).f1, abs=1e-9)


def main(argv: list[str]) -> int:
    if not GOLD.is_file():
        print(f"{GOLD} not found", file=sys.stderr)
        return 2
    scores = all_scores()
    print(report(scores, verbose="-v" in argv))
    total = totals(scores)
    passed = (
        total.f1 >= F1_OVERALL_MIN
        and all(s.f1 >= F1_SEED_MIN for s in scores)
        and all(accuracy(total, a) >= ATTRIBUTE_MIN for a in ATTRIBUTES)
    )
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
