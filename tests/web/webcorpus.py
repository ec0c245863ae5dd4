"""Our own Vietnamese fixture documents for the web tests (figures and facts are illustrative).

Each entry is what a crawler would hand to storage; ``ingest_corpus`` feeds them through
``monitor.record.record_version`` with the real parser, so the UI is tested on what chitieu stores.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine

HA_GIANG_URL = "https://hagiang.gov.vn/nghi-quyet/ke-hoach-ktxh-2024"
TUYEN_QUANG_URL = "https://tuyenquang.gov.vn/tin-tuc/muc-tieu-phat-trien-2026"
HA_GIANG_RESULT_URL = "https://hagiang.gov.vn/tin-tuc/ket-qua-2024"
HOSTILE_URL = "https://hagiang.gov.vn/tin-tuc/bai-bi-chen-ma"
SOURCE_KEY = "hagiang-ubnd"

HA_GIANG_V1 = """NGHỊ QUYẾT
Về kế hoạch phát triển kinh tế - xã hội tỉnh Hà Giang năm 2024

Điều 1. Các chỉ tiêu chủ yếu năm 2024
1. Tốc độ tăng trưởng kinh tế (GRDP) đạt 6,5%.
2. Thu ngân sách nhà nước trên địa bàn đạt 2.300 tỷ đồng.
3. Tỷ lệ che phủ rừng đạt 58,5%.
4. Tỷ lệ hộ nghèo giảm 3%.
5. Số bác sĩ/vạn dân đạt 11 bác sĩ.
"""

HA_GIANG_V2 = """NGHỊ QUYẾT
Về kế hoạch phát triển kinh tế - xã hội tỉnh Hà Giang năm 2024

Điều 1. Các chỉ tiêu chủ yếu năm 2024
1. Tốc độ tăng trưởng kinh tế (GRDP) đạt 7%.
2. Thu ngân sách nhà nước trên địa bàn đạt 2.300 tỷ đồng.
3. Tỷ lệ che phủ rừng đạt 58,5%.
5. Số bác sĩ/vạn dân đạt 11 bác sĩ.
6. Tỷ lệ dân số tham gia bảo hiểm y tế đạt 96%.
"""

HA_GIANG_RESULT = """Kết quả thực hiện kế hoạch năm 2024 của tỉnh Hà Giang

Năm 2024, tốc độ tăng trưởng kinh tế (GRDP) ước đạt 6,8%. Thu ngân sách nhà nước trên địa bàn ước đạt 2.450 tỷ đồng.
Tỷ lệ che phủ rừng đạt 59%.
"""

TUYEN_QUANG_2026 = """Mục tiêu phát triển kinh tế - xã hội tỉnh Tuyên Quang năm 2026

Sau hợp nhất, tỉnh Tuyên Quang phấn đấu năm 2026 tốc độ tăng trưởng kinh tế (GRDP) đạt 8%.
Thu ngân sách nhà nước trên địa bàn đạt 6.000 tỷ đồng.
Tỷ lệ che phủ rừng đạt 60%.
"""

# A crawled page whose text carries markup payloads (escaped in the HTML, so they survive extraction as
# text), and whose title and issuer carry raw ones: the UI must show all of it as text.
HOSTILE_TITLE = "Tin nóng <script>window.__pwned = 1; alert('xss')</script><img src=x onerror=alert(1)>"
HOSTILE_TEXT = (
    "Bài viết bị chèn mã độc\n\n"
    "Năm 2024, thu ngân sách nhà nước trên địa bàn đạt 1.500 tỷ đồng "
    '<img src=x onerror="window.__pwned=2;alert(document.domain)"> theo báo cáo.\n'
    "<script>window.__pwned = 3; alert('script trong văn bản')</script>\n"
    "Tỷ lệ che phủ rừng đạt 57% <svg onload=alert(4)>.\n"
)


@dataclass(frozen=True, slots=True)
class Fetch:
    url: str
    text: str
    fetched_at: datetime
    title: str
    province: str
    period: str = "2024"
    issuer: str | None = None
    doc_number: str | None = None


def at(year: int, month: int, day: int, hour: int = 2) -> datetime:
    return datetime(year, month, day, hour, 0, tzinfo=UTC)


CORPUS: tuple[Fetch, ...] = (
    Fetch(HA_GIANG_URL, HA_GIANG_V1, at(2024, 1, 10), "Nghị quyết kế hoạch phát triển KT-XH năm 2024", "Hà Giang",
          issuer="HĐND tỉnh Hà Giang", doc_number="45/NQ-HĐND"),
    Fetch(HA_GIANG_URL, HA_GIANG_V2, at(2024, 2, 15), "Nghị quyết kế hoạch phát triển KT-XH năm 2024", "Hà Giang",
          issuer="HĐND tỉnh Hà Giang", doc_number="45/NQ-HĐND"),
    Fetch(HA_GIANG_RESULT_URL, HA_GIANG_RESULT, at(2024, 12, 20), "Kết quả thực hiện kế hoạch năm 2024", "Hà Giang"),
    Fetch(TUYEN_QUANG_URL, TUYEN_QUANG_2026, at(2025, 12, 5), "Mục tiêu phát triển năm 2026", "Tuyên Quang",
          period="2026"),
    Fetch(HOSTILE_URL, HOSTILE_TEXT, at(2024, 6, 1), HOSTILE_TITLE, "Hà Giang", issuer="<b onmouseover=alert(5)>x</b>"),
)  # fmt: skip


def _incoming(fetch: Fetch, source_key: str | None):
    from storage.incoming import IncomingVersion

    return IncomingVersion(
        url=fetch.url,
        body=fetch.text.encode("utf-8"),
        fetched_at=fetch.fetched_at,
        content_type="text/plain; charset=utf-8",
        title=fetch.title,
        issuer=fetch.issuer,
        doc_number=fetch.doc_number,
        province=fetch.province,
        period=fetch.period,
        source_key=source_key,
    )


def ingest_corpus(engine: Engine, archive_dir: Path) -> None:
    """Our documents, a registered source, and a failed fetch recorded against it."""
    from monitor.record import record_version
    from storage.archive import Archive
    from storage.db import session_scope
    from storage.incoming import IncomingVersion
    from storage.repository import upsert_source

    archive = Archive(archive_dir)
    with session_scope(engine) as session:
        upsert_source(
            session,
            key=SOURCE_KEY,
            province="Hà Giang",
            base_url="https://hagiang.gov.vn/",
            platform="liferay",
        )
    for fetch in CORPUS:
        with session_scope(engine) as session:
            record_version(session, _incoming(fetch, SOURCE_KEY), archive=archive)
    broken = IncomingVersion(
        url="https://hagiang.gov.vn/tin-tuc/trang-loi",
        body=b"",
        fetched_at=at(2024, 12, 21),
        http_status=500,
        province="Hà Giang",
        source_key=SOURCE_KEY,
        error="HTTP 500 from server",
    )
    with session_scope(engine) as session:
        record_version(session, broken, archive=archive)


SEEDS_DIR = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"
SEED_FETCHES = (
    ("000_", "https://caobang.gov.vn/tin-tuc/nam-2020-cao-bang-quyet-tam", at(2020, 2, 1)),
    ("003_", "https://caobang.gov.vn/nghi-quyet/ke-hoach-2020", at(2020, 2, 2)),
)


def ingest_seeds(engine: Engine, archive_dir: Path) -> int:
    """The Cao Bằng seeds 000 and 003 when ../shared is present (they disagree on several figures)."""
    from monitor.record import record_version
    from storage.archive import Archive
    from storage.db import session_scope
    from storage.incoming import IncomingVersion

    if not SEEDS_DIR.is_dir():
        return 0
    archive = Archive(archive_dir)
    count = 0
    for prefix, url, fetched_at in SEED_FETCHES:
        path = next(iter(sorted(SEEDS_DIR.glob(f"{prefix}*.txt"))), None)
        if path is None:
            continue
        incoming = IncomingVersion(
            url=url,
            body=path.read_bytes(),
            fetched_at=fetched_at,
            content_type="text/plain; charset=utf-8",
            province="Cao Bằng",
            period="2020",
            title=f"Cao Bằng: kế hoạch năm 2020 ({prefix.rstrip('_')})",
        )
        with session_scope(engine) as session:
            record_version(session, incoming, archive=archive)
        count += 1
    return count
