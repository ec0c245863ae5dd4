"""What reading a PDF's ruled tables as rows costs, against pdfplumber's plain text of the same pages.

Two one-page PDFs made with our own text (``tests/crawler/crawlkit/docgen.py``): 40 lines of prose, and a
heading over a 31-row ruled table of targets. Each is read the crawler's way (``crawler.attachments._pdf``:
tables found, read as ``| a | b |`` rows, the text around them band by band) and the plain way (every page's
``extract_text()``), each from a fresh ``pdfplumber.open`` so no page cache is shared.

    .venv/bin/python bench/attachments.py [--repeat 7]

Prints the best time of each, in ms. Needs DejaVuSans.ttf (Debian fonts-dejavu-core).
"""

from __future__ import annotations

import argparse
import io
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "tests" / "crawler")]  # chitieu, and the test document generator

from crawlkit import docgen  # noqa: E402

from crawler import attachments  # noqa: E402


def plain_text(body: bytes) -> list[str]:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(body)) as pdf:
        return [page.extract_text() or "" for page in pdf.pages]


def best_ms(work: Callable[[bytes], object], body: bytes, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        work(body)
        best = min(best, time.perf_counter() - started)
    return best * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    if docgen.font_path() is None:
        print("DejaVuSans.ttf missing (Debian fonts-dejavu-core)", file=sys.stderr)
        return 1
    prose = [
        f"{i}. Tỷ lệ che phủ rừng đạt {i},5% trong năm 2025, tăng {i} điểm so với năm trước."
        for i in range(40)
    ]
    rows = [["STT", "Chỉ tiêu", "Đơn vị tính", "Kế hoạch 2026"]]
    rows += [[str(i), f"Chỉ tiêu số {i} của kế hoạch", "%", f"{i},5"] for i in range(1, 31)]
    documents = {
        "text page": docgen.text_pdf(prose),
        "table page (31 rows)": docgen.table_pdf(["PHỤ LỤC CÁC CHỈ TIÊU"], rows, []),
    }
    for name, body in documents.items():
        tables = best_ms(attachments._pdf, body, args.repeat)
        plain = best_ms(plain_text, body, args.repeat)
        print(
            f"{name:22} tables as rows {tables:6.1f} ms   plain text {plain:6.1f} ms   (best of {args.repeat})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
