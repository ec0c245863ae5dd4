"""Long-running parser fuzz job (outside the normal test run).

Feeds the parser N generated inputs (default 100,000): target-list prose assembled from a vocabulary of real
indicator phrases, comparators, units, list markers, dates, document numbers and chrome, cut, spliced and
mutated at random, plus raw random text. For every input it checks the invariants a caller relies on
(no exception; spans inside the text with ``text[start:end] == quote``; allowed comparators and kinds;
``value_max`` only with ``range``) and records the slowest input, so a pathological regex shows up as a
time outlier. Exits 1 on the first broken invariant, printing a reproducer.

    .venv/bin/python bench/fuzz_parser.py [--inputs 100000] [--seed 1] [--max-seconds 1.0]

The hypothesis properties of ``tests/test_parser_properties.py`` are the other half of the long job:
``CHITIEU_FUZZ_EXAMPLES=100000 .venv/bin/pytest tests/test_parser_properties.py -k any_text``.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from figures import extract
from figures.model import COMPARATORS, KINDS

INDICATORS = [
    "Tổng sản phẩm trên địa bàn (GRDP)", "tốc độ tăng trưởng kinh tế", "GRDP bình quân đầu người",
    "Thu ngân sách nhà nước trên địa bàn", "thu nội địa", "Tổng vốn đầu tư toàn xã hội", "kim ngạch xuất khẩu",
    "Tỷ lệ che phủ rừng", "tỷ lệ hộ nghèo", "Tỷ lệ lao động qua đào tạo", "số xã đạt chuẩn nông thôn mới",
    "tỷ lệ dân số tham gia bảo hiểm y tế", "trẻ em dưới 5 tuổi suy dinh dưỡng", "đón khách du lịch",
    "trường đạt chuẩn quốc gia", "kết nạp đảng viên mới", "doanh nghiệp thành lập mới", "Cơ cấu kinh tế: dịch vụ",
]  # fmt: skip
VERBS = [
    "",
    "đạt",
    "tăng",
    "giảm",
    "tăng thêm",
    "phấn đấu",
    "ước đạt",
    "còn",
    "có",
    "bằng",
    "chiếm",
    "duy trì",
]
COMPARATOR_WORDS = [
    "",
    "trên",
    "hơn",
    "vượt",
    "dưới",
    "còn dưới",
    "ít nhất",
    "tối thiểu",
    "không quá",
    "khoảng",
    "từ",
]
UNITS = [
    "%", "‰", "%o", "tỷ đồng", "nghìn tỷ đồng", "triệu đồng", "triệu USD", "ngàn tấn", "ha", "bác sĩ/vạn dân",
    "giường bệnh/1 vạn dân", "triệu lượt khách", "xã", "hộ", "doanh nghiệp", "người", "con", "tiêu chí", "lần", "",
]  # fmt: skip
TAILS = [
    "",
    " trở lên",
    " so với cùng kỳ",
    " kế hoạch",
    " mục tiêu nghị quyết",
    " (trong đó",
    ")",
    " năm 2025",
]
NOISE = [
    "Quyết định số 54/QĐ-UBND", "ngày 25/01/2021", "giai đoạn 2021 - 2025", "lần thứ 20", "khóa XIX", "(1)", "1.1.",
    "Một là,", "Đang truy cập : 15", "Hôm nay5,602", "Covid-19", "SỐ.....51.....", "**NGHỊ QUYẾT**", "### ", "| 1 |",
    "\t", "- ", "trong đó:", "Về kinh tế:", "…", "“", "”", "\u00a0", "\n", "\n\n",
]  # fmt: skip
SEPARATORS = ["; ", ". ", ", ", "\n", " ", ": ", " - ", "|"]
RAW_ALPHABET = (
    "0123456789.,;:()/%‰-–— \n\taăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọTĐỒ|*#"
)


def vn_number(rng: random.Random) -> str:
    whole = rng.choice([rng.randint(0, 9), rng.randint(10, 999), rng.randint(1000, 9_999_999)])
    text = f"{whole:,}".replace(",", ".") if rng.random() < 0.7 else str(whole)
    if rng.random() < 0.4:
        text += "," + str(rng.randint(0, 999))
    if rng.random() < 0.1:
        text += rng.choice(["-", " - ", " đến "]) + str(whole + rng.randint(1, 5))
    if rng.random() < 0.05:
        text += "/" + str(rng.randint(1, 9999))
    return text


def clause(rng: random.Random) -> str:
    parts = [
        rng.choice(INDICATORS),
        rng.choice(VERBS),
        rng.choice(COMPARATOR_WORDS),
        vn_number(rng),
        rng.choice(UNITS),
    ]
    text = " ".join(p for p in parts if p) + rng.choice(TAILS)
    if rng.random() < 0.2:
        text = rng.choice(NOISE) + " " + text
    return text


def document(rng: random.Random) -> str:
    pieces = []
    for _ in range(rng.randint(1, 30)):
        pieces.append(clause(rng) if rng.random() < 0.8 else rng.choice(NOISE))
        pieces.append(rng.choice(SEPARATORS))
    text = "".join(pieces)
    for _ in range(rng.randint(0, 4)):  # mutate: cut, duplicate or splice random spans
        if not text:
            break
        i, j = sorted(rng.randrange(len(text) + 1) for _ in range(2))
        op = rng.random()
        text = (
            text[:i] + text[j:]
            if op < 0.4
            else text[:j] + text[i:j] + text[j:]
            if op < 0.7
            else text[:i] + rng.choice(NOISE) + text[i:]
        )
    return text


def raw(rng: random.Random) -> str:
    return "".join(rng.choice(RAW_ALPHABET) for _ in range(rng.randint(0, 400)))


def check(text: str) -> None:
    for fig in extract(text):
        start, end = fig.span
        assert 0 <= start < end <= len(text), f"span {fig.span} outside text of length {len(text)}"
        assert text[start:end] == fig.quote, "quote differs from text[span]"
        assert fig.comparator in COMPARATORS, fig.comparator
        assert fig.kind in KINDS, fig.kind
        assert fig.value_max is None or fig.comparator == "range", "value_max without range"
        assert fig.parent is None or fig.parent >= 0, "negative parent"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--inputs", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--max-seconds", type=float, default=1.0, help="an input slower than this is a failure"
    )
    args = parser.parse_args()
    rng = random.Random(args.seed)
    extract("Tỷ lệ che phủ rừng đạt 55%.")  # warm up: the catalog and lazy regexes load on first use
    slowest, slowest_text, total_chars = 0.0, "", 0
    started = time.perf_counter()
    for i in range(args.inputs):
        text = document(rng) if rng.random() < 0.85 else raw(rng)
        total_chars += len(text)
        t0 = time.perf_counter()
        try:
            check(text)
        except Exception as exc:  # a broken invariant or a crash: print a reproducer and stop
            print(f"FAIL at input {i} (seed {args.seed}): {type(exc).__name__}: {exc}\n{text!r}")
            return 1
        elapsed = time.perf_counter() - t0
        if elapsed > slowest:
            slowest, slowest_text = elapsed, text
        if elapsed > args.max_seconds:
            print(f"SLOW input {i} (seed {args.seed}): {elapsed:.3f}s\n{text!r}")
            return 1
        if (i + 1) % 10_000 == 0:
            print(
                f"{i + 1} inputs, {time.perf_counter() - started:.1f}s, slowest {slowest * 1000:.1f} ms",
                flush=True,
            )
    total = time.perf_counter() - started
    print(
        f"OK: {args.inputs} inputs, {total_chars / 1e6:.1f} M chars in {total:.1f}s; "
        f"slowest input {slowest * 1000:.1f} ms ({len(slowest_text)} chars); no exception, all invariants held"
    )
    again = time.perf_counter()
    extract(slowest_text)
    print(f"slowest input re-run: {(time.perf_counter() - again) * 1000:.1f} ms: {slowest_text[:300]!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
