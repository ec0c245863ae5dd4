"""Parser throughput against the least honest work: one regex scan for Vietnamese numbers.

Corpus: the shared seed documents (when ``../shared`` exists) plus the text and HTML fixtures of
``tests/fixtures/extract``, replicated to about ``--size-mb`` MB. Each document is parsed on its own,
as ``chitieu extract`` does. The baseline finds every number token (``1.021.894``, ``7,5``) in the same
documents with one compiled regex and converts it to a ``Decimal`` ("." thousands, "," decimal).

    .venv/bin/python bench/parser.py [--size-mb 2] [--repeat 3] [--profile]

Prints corpus size, best-of-N seconds for both, the ratio (goal <= 4x) and figures per second. With
``--profile`` it then parses the corpus N more times with the parser's phases timed (see ``PHASES``) and
prints where the time goes: each phase's least time over those runs, in ms and in µs per figure. These runs
are not the measured ones (the timing wrappers add a little), so their total is somewhat above the parser's
best time.
"""

from __future__ import annotations

import argparse
import functools
import gc
import re
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a script from anywhere, without installing

import figures.parse  # noqa: E402
from figures import extract  # noqa: E402
from figures.loader import load_text  # noqa: E402

SHARED_SEEDS = ROOT.parent / "shared" / "seeds"
FIXTURES = ROOT / "tests" / "fixtures" / "extract"
GOAL_RATIO = 4.0

NUMBER = re.compile(r"\d+(?:\.\d{3})*(?:,\d+)?")


def source_documents() -> list[tuple[str, str]]:
    """(name, text) of every seed and fixture, read as ``chitieu extract`` reads them."""
    paths = sorted(SHARED_SEEDS.glob("*.txt")) if SHARED_SEEDS.is_dir() else []
    paths += sorted(p for p in FIXTURES.iterdir() if p.suffix in {".txt", ".html", ".htm"})
    return [(path.name, load_text(path)) for path in paths]


def build_corpus(documents: list[tuple[str, str]], size_bytes: int) -> list[str]:
    """Whole documents, cycled until the corpus holds at least ``size_bytes`` of UTF-8."""
    corpus: list[str] = []
    total = 0
    while total < size_bytes:
        for _name, text in documents:
            corpus.append(text)
            total += len(text.encode("utf-8"))
            if total >= size_bytes:
                break
    return corpus


def run_parser(corpus: list[str]) -> int:
    return sum(len(extract(text)) for text in corpus)


def run_baseline(corpus: list[str]) -> int:
    count = 0
    for text in corpus:
        for match in NUMBER.finditer(text):
            Decimal(match.group().replace(".", "").replace(",", "."))
            count += 1
    return count


def best_time(work: Callable[[list[str]], int], corpus: list[str], repeat: int) -> tuple[float, int]:
    """Fastest of ``repeat`` runs (the least disturbed by the machine), and the work's count."""
    best = float("inf")
    count = 0
    for _ in range(repeat):
        gc.collect()
        started = time.perf_counter()
        count = work(corpus)
        best = min(best, time.perf_counter() - started)
    return best, count


# The phases of figures.extract, as the names it calls them by in figures.parse: each runs once per document
# or once per paragraph, clause or figure, and none calls another, so their times add up.
PHASES: tuple[tuple[str, str], ...] = (
    ("fold_keep_length", "accent folding"),
    ("document_period", "document period"),
    ("CueIndex", "target/result cue index"),
    ("split_paragraphs", "paragraphs, headings, clauses"),
    ("read_row", "table rows"),
    ("find_candidates", "candidate numbers and units"),
    ("_assemble", "figures: indicator, comparator, kind, period"),
    ("_link_parents", "trong đó parents"),
    ("_match_catalog", "catalog match"),
)


@contextmanager
def timed_phases(totals: dict[str, float]) -> Iterator[None]:
    """Wrap each phase of figures.parse in a timer adding to ``totals`` (seconds), for the time of the block."""
    originals = {name: getattr(figures.parse, name) for name, _ in PHASES}

    def timer(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(function)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                totals[name] = totals.get(name, 0.0) + time.perf_counter() - started

        return wrapper

    for name, function in originals.items():
        setattr(figures.parse, name, timer(name, function))
    try:
        yield
    finally:
        for name, function in originals.items():
            setattr(figures.parse, name, function)


def print_profile(corpus: list[str], repeat: int) -> None:
    """``repeat`` more parses of the corpus with the phases timed: the least ms per phase, µs per figure."""
    best: dict[str, float] = {}
    total = float("inf")
    figures_found = 0
    for _ in range(repeat):
        totals: dict[str, float] = {}
        gc.collect()
        with timed_phases(totals):
            started = time.perf_counter()
            figures_found = run_parser(corpus)
            total = min(total, time.perf_counter() - started)
        for name, spent in totals.items():
            best[name] = min(best.get(name, float("inf")), spent)
    per = 1e6 / max(figures_found, 1)
    print(
        f"profile     {total * 1000:.0f} ms for {figures_found} figures (phases timed, least of {repeat} runs)"
    )
    rows = [(label, best.get(name, 0.0)) for name, label in PHASES]
    rows.append(("the rest (lower-casing, loops, timers)", total - sum(spent for _, spent in rows)))
    for label, spent in rows:
        print(f"  {label:<46} {spent * 1000:7.1f} ms  {spent * per:6.1f} µs/figure  {spent / total:5.1%}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size-mb", type=float, default=2.0, help="corpus size in MB (default 2)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each, best kept (default 3)")
    parser.add_argument("--profile", action="store_true", help="then print the time of each parser phase")
    args = parser.parse_args(argv)

    documents = source_documents()
    corpus = build_corpus(documents, int(args.size_mb * 1024 * 1024))
    size = sum(len(text.encode("utf-8")) for text in corpus)
    run_parser(corpus[: len(documents)])  # warm up: catalog loading, regex compilation

    parser_s, figures = best_time(run_parser, corpus, args.repeat)
    baseline_s, numbers = best_time(run_baseline, corpus, args.repeat)
    ratio = parser_s / baseline_s if baseline_s else float("inf")

    seeds = "with" if SHARED_SEEDS.is_dir() else "without"
    print(
        f"corpus      {size / 1e6:.2f} MB, {len(corpus)} documents from {len(documents)} sources "
        f"({seeds} ../shared seeds)"
    )
    print(
        f"parser      {parser_s:.3f} s  ({figures} figures, {figures / parser_s:,.0f} figures/s, "
        f"{size / 1e6 / parser_s:.2f} MB/s)"
    )
    print(f"baseline    {baseline_s:.3f} s  ({numbers} number tokens, re.finditer + Decimal)")
    verdict = "met" if ratio <= GOAL_RATIO else "NOT met"
    print(f"ratio       {ratio:.2f}x  (goal <= {GOAL_RATIO:g}x: {verdict}; best of {args.repeat})")
    if args.profile:
        print_profile(corpus, args.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
