"""Parser throughput against the least honest work: one regex scan for Vietnamese numbers.

Corpus: the shared seed documents (when ``../shared`` exists) plus the text and HTML fixtures of
``tests/fixtures/extract``, replicated to about ``--size-mb`` MB. Each document is parsed on its own,
as ``chitieu extract`` does. The baseline finds every number token (``1.021.894``, ``7,5``) in the same
documents with one compiled regex and converts it to a ``Decimal`` ("." thousands, "," decimal).

    .venv/bin/python bench/parser.py [--size-mb 2] [--repeat 3]

Prints corpus size, best-of-N seconds for both, the ratio (goal <= 4x) and figures per second.
"""

from __future__ import annotations

import argparse
import gc
import re
import sys
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a script from anywhere, without installing

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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size-mb", type=float, default=2.0, help="corpus size in MB (default 2)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each, best kept (default 3)")
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
    return 0


if __name__ == "__main__":
    sys.exit(main())
