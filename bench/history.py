"""History latency against the bare indexed SQL query, and the ingest rate, on SQLite and PostgreSQL.

    .venv/bin/python bench/history.py --figures 1000000          # SQLite file + local PostgreSQL if reachable
    .venv/bin/python bench/history.py --figures 20000 --no-pg    # a quick try

Synthetic but realistic data: the 34 current provinces x 60 indicators x 10 periods (2016-2025), each
province-period one plan document re-published in as many versions as it takes to reach ``--figures``.
The ``history`` path is :func:`storage.queries.history` (what ``chitieu history`` runs: indicator name
resolution, province lookup across the merger, the query, provenance rows); the bare query is the same
join, indexed, sent straight through the DB-API cursor. Ingest rate: :func:`monitor.record.record_version`
on generated documents (the real parser included), figures stored per second.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import Engine, insert, select, text

from figures.model import Figure
from monitor.record import record_version
from storage.archive import Archive
from storage.db import make_engine, session_scope, upgrade
from storage.identity import identity_key, indicator_key
from storage.incoming import IncomingVersion
from storage.models import Document, DocumentVersion, Province, StoredFigure
from storage.queries import history
from storage.testing import scratch_database

INDICATORS = [f"Chỉ tiêu tổng hợp số {i:02d} về phát triển kinh tế xã hội" for i in range(60)]
PERIODS = [str(y) for y in range(2016, 2026)]
START = datetime(2016, 1, 1, tzinfo=UTC)
BARE_SQL = """
SELECT p.name, f.indicator, f.indicator_id, f.period, f.kind, f.comparator, f.value, f.value_max, f.unit,
       f.unit_canonical, f.scale, f.direction, f.category, f.quote, f.span_start, f.span_end,
       d.canonical_url, d.title, d.doc_number, v.number, v.fetched_at, f.valid_to, f.identity_key, f.id
FROM figures f
JOIN documents d ON d.id = f.document_id
JOIN document_versions v ON v.id = f.document_version_id
LEFT JOIN provinces p ON p.id = f.province_id
WHERE f.indicator_key = {key} AND f.province_id = {province}
ORDER BY f.period, f.province_id, v.fetched_at, f.id
"""


def _figure(indicator: int, value: Decimal, period: str) -> Figure:
    quote = f"{INDICATORS[indicator]} đạt {value}%"
    return Figure(
        INDICATORS[indicator],
        value,
        "%",
        (0, len(quote)),
        quote,
        unit_canonical="percent",
        scale=1.0,
        period=period,
    )


def load(engine: Engine, total: int) -> int:
    """Bulk-insert about ``total`` figures; returns the number inserted."""
    with session_scope(engine) as session:
        provinces = list(
            session.scalars(select(Province).where(Province.is_current.is_(True)).order_by(Province.id))
        )
        documents = [
            Document(
                canonical_url=f"https://{p.id}.example/kh-{period}",
                title=f"Kế hoạch {period}",
                province_id=p.id,
                period=period,
            )
            for p in provinces
            for period in PERIODS
        ]
        session.add_all(documents)
        session.flush()
        doc_rows = [(d.id, d.province_id, d.period) for d in documents]
    versions = max(1, round(total / (len(doc_rows) * len(INDICATORS))))
    rng = random.Random(7)
    inserted = 0
    for number in range(1, versions + 1):
        fetched = START + timedelta(days=7 * number)
        following = START + timedelta(days=7 * (number + 1)) if number < versions else None
        with engine.begin() as connection:
            version_ids = _insert_versions(connection, doc_rows, number, fetched, following)
            rows = []
            for (doc_id, province_id, period), version_id in zip(doc_rows, version_ids, strict=True):
                for i in range(len(INDICATORS)):
                    fig = _figure(i, Decimal(rng.randint(1, 999)) / 10, period)
                    rows.append(_row(fig, i, doc_id, version_id, province_id, fetched, following))
            connection.execute(insert(StoredFigure), rows)
            inserted += len(rows)
        print(f"\r  loaded {inserted:,} figures", end="", flush=True)
    print()
    with engine.begin() as connection:
        connection.execute(text("ANALYZE"))
    return inserted


def _insert_versions(connection, doc_rows, number, fetched, following) -> list[int]:
    rows = [
        {
            "document_id": doc_id,
            "number": number,
            "url": f"https://{province}.example/kh-{period}",
            "fetched_at": fetched,
            "superseded_at": following,
            "content_hash": f"{doc_id:032x}{number:032x}",
            "body_path": "00/00",
            "body_size": 1,
            "last_seen_at": fetched,
            "seen_count": 1,
            "figure_count": len(INDICATORS),
            "extra": {},
            "created_at": fetched,
        }
        for doc_id, province, period in doc_rows
    ]
    result = connection.execute(
        insert(DocumentVersion).returning(DocumentVersion.id, sort_by_parameter_order=True), rows
    )
    return list(result.scalars())


def _row(fig: Figure, position, doc_id, version_id, province_id, fetched, following) -> dict:
    return {
        "document_version_id": version_id,
        "document_id": doc_id,
        "province_id": province_id,
        "position": position,
        "identity_key": identity_key(province_id, fig),
        "indicator_key": indicator_key(fig),
        "indicator": fig.indicator,
        "value": fig.value,
        "unit": fig.unit,
        "unit_canonical": fig.unit_canonical,
        "scale": fig.scale,
        "comparator": "=",
        "kind": "target",
        "period": fig.period,
        "span_start": 0,
        "span_end": len(fig.quote),
        "quote": fig.quote,
        "extra": {},
        "valid_from": fetched,
        "valid_to": following,
    }


def _median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def time_queries(engine: Engine, rounds: int) -> tuple[float, float, int]:
    """Median ms of ``history`` and of the bare SQL, and the rows per query.

    Each case runs both, in alternating order (history first on even cases, the bare SQL first on odd
    ones): whichever runs second finds the pages the first one read in the cache, and that advantage
    must not always go to the same side.
    """
    with session_scope(engine) as session:
        provinces = list(session.scalars(select(Province).where(Province.is_current.is_(True))))
    with session_scope(engine) as session:  # warm-up: the catalog loads once per process
        history(session, INDICATORS[0], province=provinces[0].name)
    rng = random.Random(11)
    cases = [(rng.randrange(len(INDICATORS)), rng.choice(provinces)) for _ in range(rounds)]
    api, bare, rows = [], [], 0
    raw = engine.raw_connection()

    def run_api(name: str, province: Province) -> int:
        started = time.perf_counter()
        with session_scope(engine) as session:
            found = len(history(session, name, province=province.name))
        api.append(time.perf_counter() - started)
        return found

    def run_bare(indicator: int, province: Province) -> int:
        sql = BARE_SQL.format(key=_literal(_stored_key(engine, indicator)), province=province.id)
        started = time.perf_counter()
        cursor = raw.cursor()
        cursor.execute(sql)
        found = len(cursor.fetchall())
        cursor.close()
        bare.append(time.perf_counter() - started)
        return found

    try:
        for n, (indicator, province) in enumerate(cases):
            if n % 2 == 0:
                rows, bare_rows = run_api(INDICATORS[indicator], province), run_bare(indicator, province)
            else:
                bare_rows, rows = run_bare(indicator, province), run_api(INDICATORS[indicator], province)
            assert bare_rows == rows, (bare_rows, rows)
    finally:
        raw.close()
    return _median_ms(api), _median_ms(bare), rows


_KEYS: dict[int, str] = {}


def _stored_key(engine: Engine, indicator: int) -> str:
    if indicator not in _KEYS:
        _KEYS[indicator] = indicator_key(_figure(indicator, Decimal(1), "2020"))
    return _KEYS[indicator]


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def ingest_rate(engine: Engine, documents: int, archive_dir: Path) -> float:
    """Figures per second through record_version on generated plan documents (real parser)."""
    archive = Archive(archive_dir)
    with session_scope(engine) as session:
        provinces = list(session.scalars(select(Province.name).where(Province.is_current.is_(True))))
    rng = random.Random(3)
    figures = 0
    started = time.perf_counter()
    for n in range(documents):
        lines = [f"KẾ HOẠCH năm 2024 số {n}", "I. CÁC CHỈ TIÊU CHỦ YẾU"]
        lines += [
            f"{i + 1}. Tỷ lệ chỉ tiêu {i} đạt {rng.randint(10, 99)},{rng.randint(0, 9)}%." for i in range(40)
        ]
        lines += [
            f"- Thu ngân sách khu vực {i} đạt {rng.randint(100, 9999):,} tỷ đồng.".replace(",", ".")
            for i in range(20)
        ]
        body = "\n".join(lines).encode("utf-8")
        version = IncomingVersion(
            url=f"https://bench.example/{n}",
            body=body,
            fetched_at=datetime.now(UTC),
            content_type="text/plain",
            province=provinces[n % len(provinces)],
            period=str(1990 + n // len(provinces)),
        )
        with session_scope(engine) as session:
            figures += record_version(session, version, archive=archive).figures
    elapsed = time.perf_counter() - started
    return figures / elapsed if elapsed else 0.0, figures


def run_backend(name: str, url: str, args: argparse.Namespace, tmp: Path) -> None:
    engine = make_engine(url)
    try:
        upgrade(engine)
        started = time.perf_counter()
        loaded = load(engine, args.figures)
        load_s = time.perf_counter() - started
        rounds = [time_queries(engine, args.queries) for _ in range(args.repeat)]
        rate, ingested = ingest_rate(engine, args.documents, tmp / f"archive-{name}")
    finally:
        engine.dispose()
    ratios = sorted(api / bare for api, bare, _ in rounds)
    api_ms, bare_ms, rows = min(rounds, key=lambda r: r[0] / r[1])  # the round least disturbed by other load
    print(
        f"{name:10s} figures={loaded:,} (bulk load {loaded / load_s:,.0f}/s)  rows/query={rows}  "
        f"history median={api_ms:.2f} ms  bare SQL median={bare_ms:.2f} ms  ratio={api_ms / bare_ms:.2f}x "
        f"(best of {len(rounds)} rounds of {args.queries} queries; median round "
        f"{statistics.median(ratios):.2f}x, worst {ratios[-1]:.2f}x)  "
        f"ingest={rate:,.0f} figures/s ({ingested} figures via record_version)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--figures", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=101, help="queries per round (each: history and bare)")
    parser.add_argument("--repeat", type=int, default=3, help="rounds of queries; the best one is reported")
    parser.add_argument("--documents", type=int, default=100, help="generated documents for the ingest rate")
    parser.add_argument(
        "--pg",
        default=os.environ.get("CHITIEU_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"),
    )
    parser.add_argument("--no-pg", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="chitieu-bench-") as tmp_name:
        tmp = Path(tmp_name)
        run_backend("sqlite", f"sqlite:///{tmp / 'bench.sqlite'}", args, tmp)
        if args.no_pg:
            return
        os.environ.setdefault("CHITIEU_TEST_PG_URL", args.pg)
        try:
            with scratch_database("postgresql", tmp) as url:
                run_backend("postgresql", url, args, tmp)
        except Exception as exc:  # unreachable server: say so, the SQLite numbers stand
            print(f"postgresql skipped: {type(exc).__name__}: {str(exc).splitlines()[0]}")


if __name__ == "__main__":
    main()
